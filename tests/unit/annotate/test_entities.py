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
    # an abbreviation keeps its final period, as a tokenizer keeps it on "U.N."
    assert [e.text_in(text) for e in doc.entities] == ["UN Security\n\nCouncil", "U.N.", "NATO"]


# Issue #4, precision on unseen documents: one regression test per fix, on invented sentences.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Marches filled Tehran, Varnok and Zelbrisk overnight.", set()),  # a city among cities
        ("Marches filled Varnok, Zelbrisk and Tehran overnight.", set()),
        ("Tehran and Varnok were calm on the invented day.", set()),
        ("Washington, Beijing and Moscow should keep talking.", {"USA", "CHN", "RUS"}),  # governments
        ("Tehran said the invented talks would continue.", {"IRN"}),
    ],
)
def test_entities_issue4_capital_listed_with_places_is_a_place(
    kb: KnowledgeBase, text: str, expected: set[str]
) -> None:
    assert _ids(text, kb, "country") == expected


def test_entities_issue4_capital_in_named_agreement_is_not_the_government(kb: KnowledgeBase) -> None:
    assert "FRA" not in _ids("The country rejoined the Paris climate agreement last spring.", kb, "country")


def test_entities_issue4_surname_alias_inside_a_longer_name(kb: KnowledgeBase) -> None:
    text = "The reporter waited outside Trump Tower. Later Trump spoke to the invented press pool."
    doc = find_entities(_doc(text), kb=kb)
    assert [e.text_in(text) for e in doc.entities if e.id == "person:donald-trump"] == ["Trump"]
    assert doc.entities[0].start == text.index("Later Trump") + len("Later ")


def test_entities_issue4_abbreviation_keeps_its_period_at_sentence_end(kb: KnowledgeBase) -> None:
    text = "The invented resolution was adopted by the U.N. Nobody objected."
    doc = find_entities(_doc(text), kb=kb)
    assert [(e.id, e.text_in(text)) for e in doc.entities] == [("org:un", "U.N.")]


def test_entities_issue4_title_and_surname_resolve_through_the_full_name(kb: KnowledgeBase) -> None:
    text = "President Olvanna Krestbury-Tall arrived. Later President Krestbury-Tall met the press."
    doc = find_entities(_doc(text), kb=kb)
    assert [e.id for e in doc.entities if e.type == "person"] == ["person:olvanna-krestbury-tall"] * 2
    assert {e.name for e in doc.entities} == {"Olvanna Krestbury-Tall"}


def test_entities_issue4_title_and_unresolved_surname_names_nobody(kb: KnowledgeBase) -> None:
    text = "Chairman Vostrikov met the press, and Governor Quellan spoke later."
    assert _ids(text, kb, "person") == set()


def test_entities_issue4_given_name_he_is_a_name_part(kb: KnowledgeBase) -> None:
    text = "Vice Premier Tan He has just visited the invented port. He left on Monday."
    doc = find_entities(_doc(text), kb=kb)
    assert [(e.id, e.text_in(text)) for e in doc.entities if e.type == "person"] == [("person:tan-he", "Tan He")]


def test_entities_issue4_office_words_are_not_names(kb: KnowledgeBase) -> None:
    text = "Office of the Spokesperson Bureau of Invented Affairs announced the trip."
    assert _ids(text, kb, "person") == set()


def test_entities_issue4_acronym_before_a_long_number_is_a_code(kb: KnowledgeBase) -> None:
    assert "org:imo" not in _ids("VESSEL NAME: Invented Star IDENTIFICATION: IMO 9999001 TYPE: cargo", kb)
    assert "org:imo" in _ids("The IMO adopted new invented rules in 2021.", kb)


def test_entities_issue4_organs_in_a_member_designation_are_a_title(kb: KnowledgeBase) -> None:
    text = (
        "Member of the Political Bureau of the CPC Central Committee and Foreign Minister Wang Yi spoke. "
        "The Political Bureau of the CPC Central Committee held a meeting in China."
    )
    doc = find_entities(_doc(text), kb=kb)
    spans = [(e.id, e.start) for e in doc.entities if e.type == "organization"]
    assert spans == [("org:cpc-politburo", text.index("The Political") + 4)]
    text = "Members of the Eurasian Economic Union met."  # plural: the members states, not a designation
    assert _ids(text, kb) == {"org:eaeu"}


def test_entities_issue4_unknown_ids_fold_accents(kb: KnowledgeBase) -> None:
    text = "Interim President Jovan Quidó spoke, and Ambassador Élodie Marçeau-Brin replied."
    assert _ids(text, kb, "person") == {"person:jovan-quido", "person:elodie-marceau-brin"}


def test_entities_issue4_title_after_title_starts_the_name(kb: KnowledgeBase) -> None:
    text = "Office of the Spokesperson Counselor Ardent Vellacourt will travel. Counselor Vellacourt will meet them."
    assert _ids(text, kb, "person") == {"person:ardent-vellacourt"}
    text = "Secretary of State Invented Island, Fiji resort"  # a dateline place, not a person
    assert _ids(text, kb, "person") == set()


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The invented text was adopted by a majority of Member States.", "USA"),  # 'the States' keeps its article
        ("Funding for the invented Mexico City Policy was cut.", "MEX"),  # a city named before a noun
        ("She served on the Indian Health Service advisory board.", "IND"),  # a US agency
        ("A delegation from British Columbia visited the invented fair.", "GBR"),  # a Canadian province
    ],
)
def test_entities_issue4_common_phrases_are_not_countries(kb: KnowledgeBase, text: str, absent: str) -> None:
    assert absent not in _ids(text, kb, "country")


def test_entities_issue4_adjective_after_a_given_name_is_a_surname(kb: KnowledgeBase) -> None:
    assert "CUB" not in _ids("The panel included Mark Cuban and two invented actors.", kb, "country")
    assert "CUB" in _ids("The Cuban delegation arrived. Cuban officials spoke.", kb, "country")


def test_entities_issue4_lower_case_phrase_is_not_a_name(kb: KnowledgeBase) -> None:
    assert "USA" not in _ids("We will let the states lead on the invented rule.", kb, "country")
    assert "USA" in _ids("Prices in the States rose last year.", kb, "country")
    assert "USA" not in _ids("The country joined inter-American human rights forums.", kb, "country")


# Issue #10: a larger KB of dated roles. Invented sentences; the people are the KB's.
def test_entities_issue10_title_and_surname_resolve_through_dated_roles(kb: KnowledgeBase) -> None:
    text = "Prime Minister Brown arrived for the invented summit."
    assert _ids(text, kb, "person", date="2009-04-02") == {"person:gordon-brown"}
    assert "person:gordon-brown" not in _ids(text, kb, "person", date="2019-04-02")
    assert _ids("President Humala of Peru spoke first.", kb, "person", date="2013-05-01") == {"person:ollanta-humala"}


def test_entities_issue10_capitals_label_goes_to_the_one_in_office(kb: KnowledgeBase) -> None:
    text = "MR. MILLER: Good afternoon. We have one invented announcement today."
    assert _ids(text, kb, "person", date="2024-01-10") == {"person:matthew-miller"}
    assert _ids(text, kb, "person", date="2020-12-01") == {"person:christopher-miller"}


def test_entities_issue10_honorific_prefers_the_name_the_text_prints(kb: KnowledgeBase) -> None:
    text = "We will go to the line of Andrea Mitchell, please. Ms. Mitchell, your line is open."
    people = _ids(text, kb, "person", date="2021-07-21")
    assert "person:george-mitchell" not in people
    assert _ids("Mr. Mitchell arrived in the region.", kb, "person", date="2010-03-01") == {"person:george-mitchell"}


def test_entities_issue10_full_name_means_printed_in_full(kb: KnowledgeBase) -> None:
    """'Secretary Johnson' resolves through the roles; it does not make 'President Johnson' the same man."""
    text = "Secretary Johnson briefed the press. He cited President Johnson and his invented reforms."
    doc = find_entities(_doc(text, "2014-11-19"), kb=kb)
    jeh = [e.start for e in doc.entities if e.id == "person:jeh-johnson"]
    assert jeh == [text.index("Johnson")]


def test_entities_issue10_country_in_a_mission_name_stays_a_mention(kb: KnowledgeBase) -> None:
    text = "The United Nations Mission in Liberia closed its invented field office."
    assert _ids(text, kb) == {"org:unmil", "LBR"}
    assert _ids("The Workers' Party of Korea held an invented plenum.", kb) == {"org:wpk"}
