"""Cleaning properties over generated documents (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from dipcorpus.ingest.clean import clean_document
from dipcorpus.ingest.textmap import identity_map
from dipcorpus.model import Document

WORDS = [
    "the",
    "minister",
    "said",
    "China",
    "Russia",
    "cooperation",
    "security",
    "and",
    "of",
    "development",
    "partnership",
    "regional",
    "stability",
    "press",
    "conference",
    "peace",
    "trade",
    "Asia",
    "people",
    "world",
]
BOILERPLATE = ["Home > News", "Share now", "Suggest to a friend:", "Print | Close", "2021-05-06 10:00"]

word = st.sampled_from(WORDS)
punct = st.sampled_from(["", "", "", ",", ".", "?", ";"])
line = st.builds(
    lambda indent, words, p, hyphen: " " * indent + " ".join(words) + p + ("-" if hyphen else ""),
    st.integers(0, 3),
    st.lists(word, min_size=1, max_size=14),
    punct,
    st.booleans(),
)
document_lines = st.lists(
    st.one_of(line, line, line, st.just(""), st.sampled_from(BOILERPLATE)), min_size=1, max_size=40
)


def _doc(text: str, fmt: str = "txt") -> Document:
    return Document(id="p", source="p.txt", format=fmt, raw=text, text=text, offsets=identity_map(text))


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text)


@given(document_lines, st.sampled_from(["txt", "pdf"]))
def test_clean_never_drops_a_content_word(lines: list[str], fmt: str) -> None:
    text = "\n".join(lines)
    doc = clean_document(_doc(text, fmt))
    kept = "\n".join(ln for ln in lines if ln.strip() not in BOILERPLATE)
    assert _alnum(doc.text) == _alnum(kept)


@given(document_lines, st.sampled_from(["txt", "pdf"]))
def test_clean_offsets_map_into_raw(lines: list[str], fmt: str) -> None:
    text = "\n".join(lines)
    doc = clean_document(_doc(text, fmt))
    for pos in range(len(doc.text) + 1):
        assert 0 <= doc.raw_offset(pos) <= len(doc.raw)
    for seg in doc.offsets:
        if seg.clean_len == seg.raw_len:
            for k in range(seg.clean_len):
                clean_char, raw_char = doc.text[seg.clean_start + k], doc.raw[seg.raw_start + k]
                assert clean_char == raw_char or (clean_char == " " and raw_char.isspace())


@given(document_lines, st.sampled_from(["txt", "pdf"]))
def test_clean_is_idempotent(lines: list[str], fmt: str) -> None:
    once = clean_document(_doc("\n".join(lines), fmt))
    twice = clean_document(_doc(once.text))
    assert twice.text == once.text


@given(document_lines)
def test_document_roundtrips_through_dict(lines: list[str]) -> None:
    doc = clean_document(_doc("\n".join(lines)))
    assert Document.from_dict(doc.to_dict()) == doc
