"""Organisations and people the knowledge base does not list, found by the shape of their names.
Every sentence here is invented."""

from __future__ import annotations

import re

import pytest

from dipcorpus.annotate import find_entities
from dipcorpus.annotate.orgs import find_org_names
from dipcorpus.kb import KnowledgeBase, load_kb
from dipcorpus.kb.matcher import Hit, Pattern
from dipcorpus.model import Document, Turn


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _ents(text: str, kb: KnowledgeBase, turns: tuple[Turn, ...] = ()) -> dict[str, tuple[str, str]]:
    doc = Document(id="invented", source="invented.txt", format="txt", text=text, turns=turns)
    return {text[e.start : e.end]: (e.type, e.id) for e in find_entities(doc, kb=kb).entities}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Officials of the Zembla Economic Commission met on Monday.", "Zembla Economic Commission"),
        ("A letter reached the Ministry of Water and Forests yesterday.", "Ministry of Water and Forests"),
        ("She thanked the Borovian Ministry of Health for its help.", "Borovian Ministry of Health"),
        ("The Department of Rural Roads replied.", "Department of Rural Roads"),
        ("Shares of Kalvex Holding rose.", "Kalvex Holding"),
        ("He joined Marrow & Company in May.", "Marrow & Company"),
        ("The Ostrava Intermediate People's Court ruled.", "Ostrava Intermediate People's Court"),
        ("Staff of the Embassy of Ruritania in Zembla left.", "Embassy of Ruritania in Zembla"),
    ],
)
def test_orgs_named_by_shape(kb: KnowledgeBase, text: str, name: str) -> None:
    ents = _ents(text, kb)
    assert ents[name][0] == "organization"
    assert ents[name][1].startswith("org:")


@pytest.mark.parametrize(
    "text",
    [
        "The Commission met on Monday.",  # a bare head noun
        "Reporters gathered at the Media Center.",  # a common word and a head noun
        "Members of the Office of the Spokesperson spoke.",  # a title after 'of'
        "The Security Council Resolution was adopted.",  # the head noun modifies something longer
    ],
)
def test_orgs_not_named(kb: KnowledgeBase, text: str) -> None:
    assert not any(
        i.startswith("org:") and i.count("-") > 0 for _, i in _ents(text, kb).values() if _ == "organization"
    )


def test_orgs_kb_wins_ties_and_own_country(kb: KnowledgeBase) -> None:
    ents = _ents("The U.S. Department of State and the World Health Organization spoke.", kb)
    assert ents["U.S. Department of State"] == ("organization", "org:state-department")
    assert ents["World Health Organization"] == ("organization", "org:who")


def test_orgs_foreign_court_is_not_the_kb_court(kb: KnowledgeBase) -> None:
    ents = _ents("The Borovian Supreme Court upheld the ruling.", kb)
    assert ents["Borovian Supreme Court"] == ("organization", "org:borovian-supreme-court")


def test_orgs_country_inside_name_stays(kb: KnowledgeBase) -> None:
    ents = _ents("The Armed Forces of the Philippines held drills.", kb)
    assert ents["Armed Forces of the Philippines"][0] == "organization"
    assert ents["Philippines"] == ("country", "PHL")


def test_orgs_organ_of_kb_org_left_to_it(kb: KnowledgeBase) -> None:
    ents = _ents("The meeting of the Shanghai Cooperation Organization (SCO) Council of Ministers ended.", kb)
    assert "Council of Ministers" not in ents


def test_orgs_widen_each_head_noun() -> None:
    norm = "the Zembla Water Agency and the Agency"
    heads = [Hit(m.start(), m.end(), Pattern("head", "", "Agency")) for m in re.finditer("Agency", norm)]
    assert [h.pattern.alias for h in find_org_names(norm, heads)] == ["Zembla Water Agency"]


def test_people_given_name_and_surname_then_surname(kb: KnowledgeBase) -> None:
    ents = _ents("Andrew Quillfeather arrived. Later Quillfeather spoke.", kb)
    assert ents["Andrew Quillfeather"] == ("person", "person:andrew-quillfeather")
    assert ents["Quillfeather"] == ("person", "person:andrew-quillfeather")


def test_people_given_name_before_an_org_is_not_a_person(kb: KnowledgeBase) -> None:
    ents = _ents("She studied at George Quillfeather University.", kb)
    assert all(t != "person" for t, _ in ents.values())


def test_people_honorific_with_full_name(kb: KnowledgeBase) -> None:
    ents = _ents("We thank Mr. Odran Velk for his work.", kb)
    assert ents["Odran Velk"] == ("person", "person:odran-velk")


def test_people_title_stops_at_month(kb: KnowledgeBase) -> None:
    ents = _ents("President Odran Velk August 2015 visit.", kb)
    assert "Odran Velk" in ents


def test_people_speaker_label_is_a_person(kb: KnowledgeBase) -> None:
    text = "Odran Velk: Good morning.\n\nHost: Welcome. Odran Velk said more."
    turns = (
        Turn(start=11, end=25, n=1, speaker="Odran Velk", role="answer", label_start=0),
        Turn(start=33, end=len(text), n=2, speaker="Host", role="answer", label_start=27),
    )
    ents = _ents(text, kb, turns)
    assert ents["Odran Velk"] == ("person", "person:odran-velk")
    assert "Host" not in ents


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Later we met Odran Velk, the former Acting President of Zembla.", "Odran Velk"),
        ("Last week the Zembla Administrator, Odran Velk, was in Paris.", "Odran Velk"),
    ],
)
def test_people_named_next_to_a_title(kb: KnowledgeBase, text: str, name: str) -> None:
    assert _ents(text, kb)[name] == ("person", "person:odran-velk")


def test_people_name_after_a_title_stays_on_its_line(kb: KnowledgeBase) -> None:
    ents = _ents("Remarks by the Secretary of State\n\nZembla Media Hub\n\nThank you.", kb)
    assert all(t != "person" for t, _ in ents.values())


def test_people_title_does_not_skip_a_full_stop(kb: KnowledgeBase) -> None:
    ents = _ents("He spoke to the President. So Odran asked again.", kb)
    assert all(t != "person" for t, _ in ents.values())


def test_people_new_name_with_a_kb_persons_first_and_last_word_is_that_person(kb: KnowledgeBase) -> None:
    ents = _ents("Our guest, Mr. Jens Q. Stoltenberg, spoke first.", kb)
    assert ents["Jens Q. Stoltenberg"] == ("person", "person:jens-stoltenberg")
