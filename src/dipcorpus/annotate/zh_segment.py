"""Chinese word boundaries, one segmenter for the whole project: jieba's dictionary and HMM through
its Rust port (rjieba). Annotation uses it to refuse a name found inside a longer word, search to
index and to query the same tokens on both engines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

__all__ = ["CJK_RUN", "has_cjk", "zh_word_spans", "zh_words"]

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=8)  # asked of the same document text by several stages in turn
def has_cjk(text: str) -> bool:
    return not text.isascii() and CJK_RUN.search(text) is not None


@lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    import rjieba

    return rjieba.tokenize


def zh_word_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each word of each run of Chinese characters in `text`, in order; other
    characters yield nothing."""
    tokenize = _tokenizer()
    for run in CJK_RUN.finditer(text):
        base = run.start()
        for _word, start, end in tokenize(run.group()):
            yield base + start, base + end


def zh_words(text: str) -> list[str]:
    """The Chinese words of `text`, in order."""
    return [text[s:e] for s, e in zh_word_spans(text)]
