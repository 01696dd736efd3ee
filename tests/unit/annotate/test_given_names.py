"""The long list of given names (Faker's per-locale first names) and the media and honorifics added
with it. Every sentence here is invented."""

from __future__ import annotations

import pytest

from dipcorpus.annotate import find_entities
from dipcorpus.annotate.given_names import GIVEN, east_asian_surnames, is_long_list_given, more_given_names
from dipcorpus.kb import KnowledgeBase, load_kb
from dipcorpus.model import Document


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _ents(text: str, kb: KnowledgeBase) -> dict[str, tuple[str, str]]:
    doc = Document(id="invented", source="invented.txt", format="txt", text=text)
    return {text[e.start : e.end]: (e.type, e.id) for e in find_entities(doc, kb=kb).entities}


def test_long_list_keeps_names_and_drops_english_words() -> None:
    names = more_given_names()
    assert len(names) > 5000
    assert {"Katrin", "Declan", "Kadri", "Rohan", "Kenji"} <= names
    assert not {"Mark", "Will", "May", "Hope", "Summer", "Grant", "China", "General"} & names
    assert not names & GIVEN  # the hand list stays the strong cue
    assert {"Park", "Lim", "Tanaka", "Chen", "Nguyen"} <= east_asian_surnames()


def test_long_list_look_up_is_the_list() -> None:
    """`is_long_list_given` asks the word-frequency list about one word at a time: the same answers."""
    names = more_given_names()
    for word in ("Katrin", "Declan", "Kenji", "Mark", "Hope", "China", "Andrew", "Easter", "Zemblavia", "Al", ""):
        assert is_long_list_given(word) == (word in names)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Yesterday Declan Moriarty wrote to the committee.", "Declan Moriarty"),
        ("The report was written by Kadri Saarepuu and others.", "Kadri Saarepuu"),
        ("A speech by Amadou Keita opened the forum.", "Amadou Keita"),
    ],
)
def test_long_list_names_are_people(kb: KnowledgeBase, text: str, name: str) -> None:
    assert _ents(text, kb)[name][0] == "person"


@pytest.mark.parametrize(
    "text",
    [
        "Will Zembla sign the treaty?",  # an English word first, not a name
        "Hope Street was closed.",
        "The Sunny Hill Declaration was adopted.",
    ],
)
def test_english_words_are_not_given_names(kb: KnowledgeBase, text: str) -> None:
    assert not any(t == "person" for t, _ in _ents(text, kb).values())


def test_long_list_name_written_in_lower_case_is_a_word(kb: KnowledgeBase) -> None:
    text = "Kerrie Dalton spoke. Then kerrie fields were planted."  # invented: the name is also a word here
    assert "Kerrie Dalton" not in _ents(text, kb)


@pytest.mark.parametrize(
    ("text", "name", "ent_id"),
    [
        ("She told WION on Monday that talks went well.", "WION", "media:wion"),
        ("In an interview with CNA, the minister was cautious.", "CNA", "media:cna"),
        ("He wrote in The Irish Times last week.", "The Irish Times", "media:irish-times"),
        ("Ukrinform reported the visit.", "Ukrinform", "media:ukrinform"),
    ],
)
def test_more_media(kb: KnowledgeBase, text: str, name: str, ent_id: str) -> None:
    assert _ents(text, kb)[name] == ("media", ent_id)


def test_honorific_is_not_part_of_the_name(kb: KnowledgeBase) -> None:
    ents = _ents("The spokesperson, Shri Rakesh Varmani, opened the briefing.", kb)
    assert ents.get("Rakesh Varmani", ("", ""))[0] == "person"
    assert not any("Shri" in name for name in ents)


def _people(text: str, kb: KnowledgeBase, title: str | None = None) -> dict[str, tuple[str, str]]:
    doc = Document(id="invented", source="invented.txt", format="txt", text=text, title=title)
    return {text[e.start : e.end]: (e.id, e.name) for e in find_entities(doc, kb=kb).entities if e.type == "person"}


def test_family_name_in_capitals_first(kb: KnowledgeBase) -> None:
    ents = _people("Yesterday Foreign Minister OKAMURA Haruto met the envoy.", kb)
    assert ents["OKAMURA Haruto"] == ("person:haruto-okamura", "Haruto Okamura")


def test_surname_first_appositive_after_a_long_title(kb: KnowledgeBase) -> None:
    text = "The Minister of Foreign Affairs of the Republic of Korea, Choi Min-seo, met the Prime Minister."
    assert _people(text, kb)["Choi Min-seo"] == ("person:choi-min-seo", "Choi Min-seo")


def test_title_and_surname_resolved_through_the_documents_title(kb: KnowledgeBase) -> None:
    text = "Minister Okamura: I will begin with one announcement.\nQ: Thank you.\nMinister Okamura: Yes."
    ents = _people(text, kb, title="Press Conference by Foreign Minister OKAMURA Haruto")
    assert ents["Okamura"] == ("person:haruto-okamura", "Haruto Okamura")
    text = "Minister Goh: The talks were candid."
    ents = _people(text, kb, title="Doorstop Interview of Minister for Foreign Affairs Dr Goh Wen Jie in Hanoi")
    assert ents["Goh"] == ("person:goh-wen-jie", "Goh Wen Jie")


def test_surname_alone_creates_nobody(kb: KnowledgeBase) -> None:
    assert not _people("Minister Okamura: I will begin.", kb)
    assert not _people("MR. ZEMBLOWSKI: Thank you all.", kb)


def test_capitals_label_after_the_full_name(kb: KnowledgeBase) -> None:
    ents = _people("Joanna Zemblowski opened the briefing.\nMS. ZEMBLOWSKI: Thank you all.", kb)
    assert ents["ZEMBLOWSKI"] == ("person:joanna-zemblowski", "Joanna Zemblowski")


@pytest.mark.parametrize(
    "text",
    [
        "Crowds came to the Easter Egg Roll on the lawn.",  # a feast, not a name
        "The ship left Floyd Bennett Field at dawn.",  # a place after a given name
        "Flights to Harper Lake were cancelled.",
        "Members of the Netzah Yehuda Battalion left.",  # a military unit
    ],
)
def test_places_and_units_after_given_names_are_not_people(kb: KnowledgeBase, text: str) -> None:
    assert not _people(text, kb)


def test_bare_company_names(kb: KnowledgeBase) -> None:
    ents = _ents("Gazprom and Rosneft signed; Twitter and ZTE did not. The Senate intel committee met.", kb)
    assert ents["Gazprom"] == ("organization", "org:gazprom")
    assert ents["Twitter"] == ("organization", "org:twitter")
    assert "intel" not in ents


def test_award_named_after_someone_is_not_a_person(kb: KnowledgeBase) -> None:
    assert not _people("She was given the Order of Jonas Vilkaitis for her work.", kb)


def test_korean_names_with_a_hyphenated_given_name(kb: KnowledgeBase) -> None:
    ents = _people("Foreign Minister Choi Min-seo met him. Later Choi said so.", kb)
    assert ents["Choi Min-seo"] == ("person:choi-min-seo", "Choi Min-seo")
    assert ents["Choi"] == ("person:choi-min-seo", "Choi Min-seo")
    assert not _people("Crowds filled the Kang Dong-il Square.", kb)  # a place named after someone


def test_title_of_country_then_name(kb: KnowledgeBase) -> None:
    text = "At the invitation of the minister, Minister for Foreign Affairs of Greece Eleni Vrettou will visit."
    assert _people(text, kb)["Eleni Vrettou"] == ("person:eleni-vrettou", "Eleni Vrettou")
    assert not _people("The Foreign Minister of Greece will visit.", kb)


def test_place_named_after_a_given_name_and_headline_words(kb: KnowledgeBase) -> None:
    assert not _people("They met in the Roosevelt Room today.", kb)
    ents = _people("Press Gaggle by Administrator Jane Roeberg En Route Zembla City", kb)
    assert set(ents.values()) == {("person:jane-roeberg", "Jane Roeberg")}


def test_long_list_name_before_a_particle(kb: KnowledgeBase) -> None:
    ents = _people("Yesterday Rashad bin Talal spoke.", kb)
    assert ents["Rashad bin Talal"][0] == "person:rashad-bin-talal"
