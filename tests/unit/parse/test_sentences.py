"""Sentence spans on invented text."""

from __future__ import annotations

import pytest

from dipcorpus.model import Document
from dipcorpus.parse.sentences import find_sentences, sentence_spans


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. side agreed. Then it left.", ["The U.S. side agreed.", "Then it left."]),
        ("Mr. Li met Ms. Wang. They talked.", ["Mr. Li met Ms. Wang.", "They talked."]),
        ("See Resolution No. 5 again. Done.", ["See Resolution No. 5 again.", "Done."]),
        ("It was on Jan. 5 this year. Yes.", ["It was on Jan. 5 this year.", "Yes."]),
        ("Antony J. Blinken spoke. Why? Because.", ["Antony J. Blinken spoke.", "Why?", "Because."]),
        ("He said “yes.” Then left.", ["He said “yes.”", "Then left."]),
        ("我们同意。你呢？好！", ["我们同意。", "你呢？", "好！"]),
        ("One paragraph\n\nAnother one", ["One paragraph", "Another one"]),
        ("1. Xinhua: What now?", ["1. Xinhua: What now?"]),
        ("Prices rose 2.5 percent. Fine.", ["Prices rose 2.5 percent.", "Fine."]),
    ],
)
def test_sentences_split(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_sentences_stage_sets_spans_inside_the_text() -> None:
    doc = Document(id="x", source="x", format="txt", text="  A b. C d.  \n\nE.")
    out = find_sentences(doc)
    assert [out.text[s.start : s.end] for s in out.sentences] == ["A b.", "C d.", "E."]
