"""Reported speech on invented readouts (all sentences invented for the tests)."""

from __future__ import annotations

import pytest

from dipcorpus.model import Document
from dipcorpus.parse.statements import find_statements
from dipcorpus.parse.turns import find_turns


def parse(text: str, title: str = "Invented Readout") -> Document:
    doc = Document(id="x", source="x", format="txt", text=f"{title}\n\n{text}", title=title)
    return find_statements(find_turns(doc))


@pytest.mark.parametrize(
    ("paragraph", "speaker", "verb", "starts"),
    [
        ("Li Ming noted, the river is long.", "Li Ming", "noted", "the river is long"),
        ("Li Ming said that the river is long.", "Li Ming", "said", "the river is long"),
        ("Li Ming stressed: rivers matter.", "Li Ming", "stressed", "rivers matter"),
        ("Li Ming expressed the hope that rivers stay clean.", "Li Ming", "expressed", "the hope that"),
        ("Li Ming also elaborated on the invented policy.", "Li Ming", "elaborated", "on the invented"),
        ("Li Ming said at the meeting that rivers matter.", "Li Ming", "said", "rivers matter"),
        ("The two sides agreed that rivers matter.", "The two sides", "agreed", "rivers matter"),
        ("Both sides agreed to protect rivers.", "Both sides", "agreed", "to protect rivers"),
        (
            "On May 1, while attending an invented forum, State Councilor and Foreign Minister "
            "Li Ming noted, rivers are long.",
            "Li Ming",
            "noted",
            "rivers are long",
        ),
    ],
)
def test_statements_patterns(paragraph: str, speaker: str, verb: str, starts: str) -> None:
    doc = parse(paragraph)
    assert len(doc.statements) == 1
    st = doc.statements[0]
    assert (st.speaker, st.verb) == (speaker, verb)
    assert doc.text[st.start : st.end].startswith(starts)


def test_statements_surname_resolves_to_full_name() -> None:
    doc = parse(
        "Li Ming met with Invented Secretary General Jon Smithson.\n\nSmithson said that ties are good.",
        title="Li Ming Meets Invented Secretary General Jon Smithson",
    )
    assert [s.speaker for s in doc.statements] == ["Jon Smithson"]


def test_statements_pronoun_takes_the_last_speaker() -> None:
    doc = parse("Li Ming said, ties are good. He stressed that talks help.")
    assert [(s.speaker, s.verb) for s in doc.statements] == [("Li Ming", "said"), ("Li Ming", "stressed")]
    first = doc.statements[0]
    assert doc.text[first.start : first.end] == "ties are good."


@pytest.mark.parametrize(
    "paragraph",
    [
        "As President Li said, rivers matter.",
        "The statement said rivers matter.",
        "It is said that rivers matter.",
    ],
)
def test_statements_not_reported_speech(paragraph: str) -> None:
    assert parse(paragraph).statements == ()


def test_statements_skip_text_inside_turns() -> None:
    text = "Reporter: A question?\n\nLi Ming: Our side said that rivers matter. Li Ming said, fine."
    doc = parse(text, title="Invented Interview with Li Ming")
    assert doc.turns and doc.statements == ()
