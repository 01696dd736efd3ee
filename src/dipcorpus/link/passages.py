"""Passages: the units we compare. Paragraphs inside speaker turns where a document has turns (so a
passage never straddles two speakers and knows its turn), else paragraphs of the body text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dipcorpus.model import Document

__all__ = ["Passage", "passages", "source_group"]

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=\s)")
_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile("[\u4e00-\u9fff]")
_DATED = re.compile(r"^[\d_.-]+$")  # a folder named by a date or a number: 2021-05, 2021, 07
_PART = re.compile(r"[#?].*$")  # a row or fragment of a container: export.jsonl#12


@dataclass(frozen=True, slots=True, kw_only=True)
class Passage:
    """Characters `start`..`end` of document `doc_id`; `n` counts passages from 1 in text order;
    `turn` is the number of the turn holding it (None without turns); `words` its word count."""

    doc_id: str
    n: int
    start: int
    end: int
    turn: int | None
    words: int
    date: str | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.doc_id, self.n)


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    for brk in _PARAGRAPH_BREAK.finditer(text, start, end):
        spans.append((pos, brk.start()))
        pos = brk.end()
    spans.append((pos, end))
    out = []
    for a, b in spans:
        chunk = text[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if b - trail > a + lead:
            out.append((a + lead, b - trail))
    return out


def _word_count(text: str) -> int:
    words = len(_WORD.findall(text))
    cjk = len(_CJK.findall(text))
    return words + cjk // 2  # two CJK characters read about like one English word


def passages(doc: Document, *, min_words: int = 12) -> list[Passage]:
    """The document's passages, skipping tiny ones (fewer than `min_words` words)."""
    regions: list[tuple[int, int, int | None]]
    if doc.turns:
        regions = [(t.start, t.end, t.n) for t in doc.turns]
    else:
        regions = [(0, len(doc.text), None)]
    out: list[Passage] = []
    for start, end, turn in regions:
        for a, b in _paragraphs(doc.text, start, end):
            words = _word_count(doc.text[a:b])
            if words < min_words:
                continue
            out.append(Passage(doc_id=doc.id, n=len(out) + 1, start=a, end=b, turn=turn, words=words, date=doc.date))
    return out


def source_group(source: str) -> str:
    """The collection a document comes from, for counting furniture: the folder of its file (or the
    file itself for the rows of an export), leaving out folders named by a date or a number, so the
    monthly folders of one archive make one group."""
    path = source.replace("\\", "/")
    if _PART.search(path):
        return _PART.sub("", path)
    parts = path.split("/")[:-1]
    while parts and _DATED.match(parts[-1]):
        parts.pop()
    return "/".join(parts) or "."
