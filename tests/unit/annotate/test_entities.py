"""Entity annotation traps, each on an invented sentence."""

from __future__ import annotations

import pytest

from dipcorpus.annotate import find_entities, find_people
from dipcorpus.kb import KnowledgeBase, load_kb
from dipcorpus.model import Document


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _doc(text: str, date: str | None = None) -> Document:
    return Document(id="invented", source="invented.txt", format="txt", text=text, date=date)


def _ids(text: str, kb: KnowledgeBase, type_: str | None = None, date: str | None = None) -> set[str]:
    doc = find_entities(_doc(text, date), kb=kb)
    return {e.id for e in doc.entities if type_ is None or e.type == type_}


def test_entities_money_is_not_the_united_states(kb: KnowledgeBase) -> None:
    assert "USA" not in _ids("Trade between the two sides reached US$150 billion last year.", kb)
    assert "USA" not in _ids("The loan of 3 billion US dollars was repaid.", kb)
    assert "USA" in _ids("The US and Canada signed the invented accord.", kb)


def test_entities_us_is_case_sensitive(kb: KnowledgeBase) -> None:
    assert "USA" not in _ids("Let us work together for peace.", kb)
    assert "org:who" not in _ids("Those who came were welcome.", kb)
    assert "org:who" in _ids("The WHO issued guidance.", kb)


def test_entities_longest_match_outlet_not_country(kb: KnowledgeBase) -> None:
    doc = find_entities(_doc("A reporter from China Daily asked the question."), kb=kb)
    assert [(e.type, e.id) for e in doc.entities] == [("media", "media:china-daily")]


def test_entities_longest_match_org_over_region(kb: KnowledgeBase) -> None:
    ids = _ids("Members of the Eurasian Economic Union met in an invented city.", kb)
    assert ids == {"org:eaeu"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The President of Chad attended the invented summit.", True),
        ("Troops from Niger, Mali and Burkina Faso joined the exercise.", True),
        ("The Republic of Guinea opened an embassy.", True),
        ("Chad Smith bought a guitar for the band.", False),
        ("Voters in Georgia queued for the county election.", False),
        ("Michael Jordan played basketball.", False),
    ],
)
def test_entities_ambiguous_country_needs_context(kb: KnowledgeBase, text: str, expected: bool) -> None:
    countries = _ids(text, kb, "country")
    assert bool(countries & {"TCD", "NER", "GIN", "GEO", "JOR"}) is expected


def test_entities_acronym_defined_in_text(kb: KnowledgeBase) -> None:
    text = "The Invented Ocean Alliance joined the Organization of American States (OAS). Later the OAS voted."
    doc = find_entities(_doc(text), kb=kb)
    assert [e.text_in(text) for e in doc.entities if e.id == "org:oas"] == [
        "Organization of American States",
        "OAS",
        "OAS",
    ]


def test_entities_acronym_defined_for_unknown_name_hides_kb_meaning(kb: KnowledgeBase) -> None:
    text = "Hackers of an Advanced Persistent Threat (APT) group attacked. The APT also phished."
    assert "org:asean-plus-three" not in _ids(text, kb)
    assert "org:asean-plus-three" in _ids("Ministers of the 10+3 met in an invented town.", kb)


def test_entities_unknown_foreign_minister_gets_name_role_country(kb: KnowledgeBase) -> None:
    doc = _doc("Foreign Minister Invento Quarlby of Paraguay met the press.")
    people = find_people(doc, kb=kb)
    assert [(p.id, p.name, p.role, p.country, p.known) for p in people] == [
        ("person:invento-quarlby", "Invento Quarlby", "Foreign Minister", "PRY", False)
    ]
    assert "PRY" in {e.id for e in find_entities(doc, kb=kb).entities}


def test_entities_unknown_person_then_surname(kb: KnowledgeBase) -> None:
    text = "Prime Minister Olvar Brenstad spoke first. Brenstad then left."
    doc = find_entities(_doc(text), kb=kb)
    assert [e.text_in(text) for e in doc.entities if e.id == "person:olvar-brenstad"] == ["Olvar Brenstad", "Brenstad"]


def test_entities_title_and_surname_resolved_for_date(kb: KnowledgeBase) -> None:
    assert "person:xi-jinping" in _ids("President Xi received the invented delegation.", kb, date="2020-05-01")
    assert "person:zhao-lijian" in _ids("Spokesperson Zhao answered.", kb, date="2021-03-01")
    people = find_people(_doc("Wang Yi spoke to the press.", "2020-09-16"), kb=kb)
    assert people[0].role == "Foreign Minister"


def test_entities_adjectives_count_as_countries(kb: KnowledgeBase) -> None:
    assert _ids("Chinese and Russian diplomats discussed Sino-Indian ties.", kb, "country") == {"CHN", "RUS", "IND"}


def test_entities_central_asian_countries_is_a_region(kb: KnowledgeBase) -> None:
    doc = find_entities(_doc("Central Asian countries welcomed the invented plan."), kb=kb)
    assert [(e.type, e.name) for e in doc.entities] == [("region", "Central Asia")]


def test_entities_capital_metonym_only_as_government(kb: KnowledgeBase) -> None:
    assert "USA" in _ids("Washington has imposed new tariffs.", kb)
    assert "CHN" not in _ids("The delegation arrived in Beijing on Monday.", kb)
    assert "BLR" not in _ids("The parties should respect the Minsk Agreements.", kb)


def test_entities_line_breaks_and_hyphenation(kb: KnowledgeBase) -> None:
    text = "President Xi\nJinping met the Chinese People's Political Consultative Confer-\nence delegates."
    doc = find_entities(_doc(text), kb=kb)
    assert {e.id for e in doc.entities} == {"person:xi-jinping", "org:cppcc"}
    person = next(e for e in doc.entities if e.type == "person")
    assert person.text_in(text) == "Xi\nJinping"


def test_entities_spans_inside_text(kb: KnowledgeBase) -> None:
    text = "The  UN Security\n\nCouncil and the U.N. met; NATO’s chief spoke."
    doc = find_entities(_doc(text), kb=kb)
    # token-boundary matching leaves a final period outside the span: it may end the sentence
    assert [e.text_in(text) for e in doc.entities] == ["UN Security\n\nCouncil", "U.N", "NATO"]
