"""A Chinese text as the Chinese annotators read it: in simplified script with the same offsets, and
cut into words by the project's segmenter (`zh_segment`, rjieba) one run of Chinese characters at a
time, only for the runs a rule asks about.

Traditional pages are converted with OpenCC (t2s), which maps character for character in practice;
where a conversion would change the length (a phrase rule), the text is converted one character at
a time instead, so offsets into the converted text are offsets into the original.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache

from dipcorpus.annotate.zh_segment import CJK_RUN, zh_word_spans

__all__ = ["ZhText", "has_word", "segmented_by", "to_simplified"]

WordSpans = Callable[[str], Iterable[tuple[int, int]]]
_SEGMENTER: list[WordSpans] = [zh_word_spans]


@contextmanager
def segmented_by(spans: WordSpans) -> Iterator[None]:
    """Inside the block, Chinese text is cut into words by `spans` instead of the project's
    segmenter (`zh_segment.zh_word_spans`): the benchmark measures jieba, the peer, this way."""
    _SEGMENTER.append(spans)
    try:
        yield
    finally:
        _SEGMENTER.pop()


@cache
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """`text` in simplified script, of the same length (character for character)."""
    convert = _converter().convert
    out: str = convert(text)
    if len(out) == len(text):
        return out
    pieces = []
    for char in text:
        one: str = convert(char)
        pieces.append(one if len(one) == 1 else char)
    return "".join(pieces)


@cache
def _dictionary():  # type: ignore[no-untyped-def]
    import rjieba

    return rjieba.has_word


def has_word(word: str) -> bool:
    """Whether `word` is in the segmenter's dictionary."""
    return bool(_dictionary()(word))


class ZhText:
    """`text` (simplified) with lazily segmented runs of Chinese characters. Positions are offsets
    into `text`; a boundary is a position between two words (or not inside a run at all)."""

    __slots__ = ("_cuts", "_run_ends", "_run_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = to_simplified(text)
        self._run_starts: list[int] = []
        self._run_ends: list[int] = []
        for m in CJK_RUN.finditer(self.text):
            self._run_starts.append(m.start())
            self._run_ends.append(m.end())
        self._cuts: dict[int, list[int]] = {}

    def _run(self, pos: int) -> int:
        """The index of the run that holds the character at `pos`, or -1."""
        i = bisect.bisect_right(self._run_starts, pos) - 1
        return i if i >= 0 and pos < self._run_ends[i] else -1

    def _cuts_of(self, run: int) -> list[int]:
        cuts = self._cuts.get(run)
        if cuts is None:
            start, end = self._run_starts[run], self._run_ends[run]
            cuts = [start + s for s, _ in _SEGMENTER[-1](self.text[start:end])] + [end]
            self._cuts[run] = cuts
        return cuts

    def word_at(self, pos: int) -> tuple[int, int] | None:
        """The word that holds the character at `pos` (None outside Chinese runs)."""
        run = self._run(pos)
        if run < 0:
            return None
        cuts = self._cuts_of(run)
        i = bisect.bisect_right(cuts, pos) - 1
        return cuts[i], cuts[i + 1]

    def is_boundary(self, pos: int) -> bool:
        """Whether no word runs across `pos`."""
        run = self._run(pos)
        if run < 0 or pos == self._run_starts[run]:
            return True
        cuts = self._cuts_of(run)
        i = bisect.bisect_left(cuts, pos)
        return i < len(cuts) and cuts[i] == pos
