"""Formulation annotation, on invented sentences."""

from __future__ import annotations

import pytest

from dipcorpus.annotate import find_formulations
from dipcorpus.kb import KnowledgeBase, load_kb
from dipcorpus.model import Document


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _names(text: str, kb: KnowledgeBase) -> list[str]:
    doc = Document(id="invented", source="invented.txt", format="txt", text=text)
    return [f.name for f in find_formulations(doc, kb=kb).formulations]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("They fight the “three forces” together.", "three evil forces"),
        ("They fight the three (evil) forces together.", "three evil forces"),
        ("Build a community of common destiny.", "community with a shared future for mankind"),
        ("The Global Initiative on Data Security was welcomed.", "Global Data Security Initiative"),
        ("We oppose hegemony in all forms.", "hegemonism"),
        ("Cooperation is not directed at any third party.", "not targeted at any third party"),
        ("They support One Belt One Road projects.", "Belt and Road Initiative"),
        ("Partners joined the BRI last year.", "Belt and Road Initiative"),
        ("The Health Silk Road was proposed.", "Silk Road of health"),
    ],
)
def test_formulations_variants(kb: KnowledgeBase, text: str, name: str) -> None:
    assert _names(text, kb) == [name]


def test_formulations_gap_variant(kb: KnowledgeBase) -> None:
    text = "No one should interfere in other countries' internal affairs."
    assert _names(text, kb) == ["non-interference in internal affairs"]
    assert _names("They interfere in the affairs of sport.", kb) == []


def test_formulations_longest_match(kb: KnowledgeBase) -> None:
    assert _names("We practice true multilateralism.", kb) == ["true multilateralism"]


def test_formulations_distinct_one_china_ids(kb: KnowledgeBase) -> None:
    assert _names("The one-China principle and the one China policy differ.", kb) == [
        "one-China principle",
        "one-China policy",
    ]


def test_formulations_case_rules(kb: KnowledgeBase) -> None:
    assert _names("A NEW COLD WAR must be avoided.", kb) == ["new Cold War"]
    assert _names("The bri of the cheese was soft.", kb) == []


def test_formulations_line_break_hyphenation(kb: KnowledgeBase) -> None:
    text = "the major-\ncountry diplomacy with Chinese char-\nacteristics"
    doc = Document(id="invented", source="invented.txt", format="txt", text=text)
    forms = find_formulations(doc, kb=kb).formulations
    assert [f.name for f in forms] == ["major-country diplomacy with Chinese characteristics"]
    assert forms[0].text_in(text) == text[4:]
