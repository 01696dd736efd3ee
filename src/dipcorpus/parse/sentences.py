"""Sentence spans, by regex.

A sentence ends at `.`, `!`, `?` (with any closing quotes or brackets) followed by a space and a
capital, digit or opening quote, or at the end of a paragraph; Chinese `。！？` always end one.
A period after a known abbreviation ('Mr.', 'No. 5', 'Jan.', 'U.S.', 'e.g.') or a single
initial ('Antony J. Blinken') does not. Paragraph breaks always end a sentence.
"""

from __future__ import annotations

import dataclasses
import re

from dipcorpus.model import Document, Sentence

__all__ = ["find_sentences", "sentence_spans"]

_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "st", "no", "nos", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k", "e.u", "p.r.c", "d.c", "e.g", "i.e",
        "etc", "vs", "gen", "sen", "rep", "gov", "prof", "jr", "sr", "co", "inc", "ltd", "corp",
        "art", "vol", "pp", "para", "fig", "lt", "col", "capt", "maj", "sgt", "adm", "amb", "hon",
        "rev", "est", "approx", "dept", "univ", "op", "cf", "al", "a.m", "p.m", "mt", "ft",
    }
)  # fmt: skip
# One character class first, then the branch for the mark it read: a pattern that opens with a
# class is scanned for that class in C (an alternation of two classes is tried at every position).
_END = re.compile(
    r"[。！？.!?…](?:(?<=[。！？])[。！？]*[”’」』）)]*"
    r"|(?<=[.!?…])[.!?…]*[\"”’')\]]*(?=\s+[\"“‘'(\[A-Z0-9\u3400-\u9fff]|\s*$))"
)
_PARA = re.compile(r"[^\n]+")
_LAST_WORD = re.compile(r"([\w.]+)\.$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at `dot` closes an abbreviation or an initial."""
    m = _LAST_WORD.search(text, max(0, dot - 12), dot + 1)
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial
    return word.casefold() in _ABBREVIATIONS


def _no_boundary(text: str, start: int, dot: int, end: int) -> bool:
    """An abbreviation's period, or a list number ('1.') opening the paragraph."""
    if text[dot] != "." or end - dot != 1:
        return False
    return _is_abbreviation(text, dot) or text[start:dot].strip().isdigit()


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of text[start:end], whitespace excluded."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for para in _PARA.finditer(text, start, end):
        s, e = para.start(), para.end()
        for m in _END.finditer(text, s, e):
            if m.end() < e and _no_boundary(text, s, m.start(), m.end()):
                continue
            _add(text, spans, s, m.end())
            s = m.end()
        _add(text, spans, s, e)
    return spans


def _add(text: str, spans: list[tuple[int, int]], s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


def find_sentences(doc: Document) -> Document:
    """Split `doc.text` into sentences."""
    sentences = tuple(Sentence(start=s, end=e) for s, e in sentence_spans(doc.text))
    return dataclasses.replace(doc, sentences=sentences)
