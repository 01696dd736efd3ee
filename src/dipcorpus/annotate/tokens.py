"""Word tokens for the field exports and the corpus-linguistics tools: Chinese runs cut by the
project's segmenter, other text into words (with inner hyphens and apostrophes) and single
punctuation marks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dipcorpus.annotate.zh_segment import CJK_RUN, zh_word_spans

__all__ = ["token_spans", "word_runs", "words"]

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


def token_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of every token of text[start:end], punctuation included, in order."""
    end = len(text) if end is None else end
    pos = start
    for run in CJK_RUN.finditer(text, start, end):
        yield from _other(text, pos, run.start())
        for s, e in zh_word_spans(run.group()):
            yield run.start() + s, run.start() + e
        pos = run.end()
    yield from _other(text, pos, end)


def _other(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for m in _TOKEN.finditer(text, start, end):
        yield m.start(), m.end()


def words(text: str, start: int = 0, end: int | None = None) -> Iterator[str]:
    """The lowercased word tokens of text[start:end], punctuation left out."""
    for s, e in token_spans(text, start, end):
        token = text[s:e]
        if any(ch.isalnum() for ch in token):
            yield token.casefold()


def word_runs(text: str) -> Iterator[list[str]]:
    """The lowercased words of `text` in runs that punctuation ends (n-grams stay inside a run)."""
    run: list[str] = []
    for s, e in token_spans(text):
        token = text[s:e]
        if any(ch.isalnum() for ch in token):
            run.append(token.casefold())
        elif run:
            yield run
            run = []
    if run:
        yield run
