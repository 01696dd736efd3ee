"""Text features for linking: tokens, word shingles, light stems, content terms and numbers.

Everything here is deterministic and corpus-independent (no document frequencies), so a passage's
features never change when documents are added: incremental linking gives the same answer as a
rebuild. Word rarity comes from the general-English frequency list shipped inside `wordfreq`.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = [
    "content_terms",
    "numbers",
    "shingle_array",
    "shingle_arrays",
    "shingles",
    "stem",
    "term_weight",
    "tokens",
]

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|\d+(?:[.,]\d+)*|[^\W\d_{_CJK}]+(?:'[^\W\d_{_CJK}]+)*", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "first": "1",
    "second": "2",
    "third": "3",
    "fourth": "4",
    "fifth": "5",
}
_STOP_WORDS = """
    a about above after again against all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my no
    nor not now of off on once only or other our ours out over own same she should so some such than
    that the their theirs them then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours said says
    say also well will shall may might must upon within without whether among amid per via like
"""
_STOP = frozenset(_STOP_WORDS.split())
_SUFFIXES = (
    "ations", "ation", "ions", "ion", "ings", "ing", "ness", "ments", "ment", "ships", "ship", "ities", "ity",
    "ously", "ous", "ies", "ied", "atives", "ative", "ives", "ive", "ers", "er", "ed", "es", "ly", "al", "s",
)  # fmt: skip


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()


def tokens(text: str) -> list[str]:
    """Lowercased word tokens; each CJK character is a token of its own."""
    return _TOKEN.findall(normalise(text))


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode())


_U32 = np.uint32


def _mix(h: Any) -> Any:
    h = h ^ (h >> _U32(16))
    h = h * _U32(0x7FEB352D)
    h = h ^ (h >> _U32(15))
    h = h * _U32(0x846CA68B)
    return h ^ (h >> _U32(16))


def shingle_array(words: Sequence[str], *, k: int = 3) -> np.ndarray[Any, np.dtype[np.uint32]]:
    """The distinct 32-bit hashes of the word k-shingles, sorted (the whole text as one shingle when
    shorter than k). A shingle's hash folds its words' CRC32s in order, so it is the same in every
    process and on every machine."""
    if not words:
        return np.zeros(0, dtype=_U32)
    h = np.fromiter((_word_hash(w) for w in words), dtype=_U32, count=len(words))
    width = min(k, len(h))
    with np.errstate(over="ignore"):
        acc = h[: len(h) - width + 1].copy()
        for i in range(1, width):
            acc = _mix(acc * _U32(0x9E3779B1) + h[i : len(h) - width + 1 + i])
    return np.unique(acc)


def shingle_arrays(texts: Sequence[Sequence[str]], *, k: int = 3) -> list[np.ndarray[Any, np.dtype[np.uint32]]]:
    """`shingle_array` of many token lists at once (a handful of array operations for them all)."""
    out: list[Any] = [None] * len(texts)
    full = [i for i, w in enumerate(texts) if len(w) >= k]
    for i, w in enumerate(texts):
        if len(w) < k:
            out[i] = shingle_array(w, k=k)
    if not full:
        return out
    lengths = np.array([len(texts[i]) for i in full], dtype=np.int64)
    h = np.fromiter((_word_hash(w) for i in full for w in texts[i]), dtype=_U32, count=int(lengths.sum()))
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    counts = lengths - k + 1
    owner = np.repeat(np.arange(len(full)), counts)
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    starts = np.arange(int(counts.sum())) - np.repeat(first, counts) + np.repeat(offsets, counts)
    with np.errstate(over="ignore"):
        acc = h[starts]
        for i in range(1, k):
            acc = _mix(acc * _U32(0x9E3779B1) + h[starts + i])
    keyed = np.unique((owner.astype(np.uint64) << np.uint64(32)) | acc.astype(np.uint64))
    bounds = np.searchsorted(keyed >> np.uint64(32), np.arange(len(full) + 1, dtype=np.uint64))
    values = (keyed & np.uint64(0xFFFFFFFF)).astype(_U32)
    for j, i in enumerate(full):
        out[i] = values[bounds[j] : bounds[j + 1]]
    return out


def shingles(words: Sequence[str], *, k: int = 3) -> set[int]:
    """The word k-shingle hashes as a set (see `shingle_array`)."""
    return set(shingle_array(words, k=k).tolist())


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix stripper (two rounds at most): 'cooperating', 'cooperation' → 'cooper'."""
    word = word[:-2] if word.endswith("'s") else word.replace("'", "")
    for _ in range(2):  # 'partnerships' → 'partner' → 'partn', like 'partners' → 'partn'
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


@lru_cache(maxsize=200_000)
def term_weight(word: str) -> float:
    """How much sharing `word` says: 0 for stop words and very common words, up to 5 for rare ones."""
    if word in _STOP or len(word) < 3 or word.isdigit():
        return 0.0
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency; degrade to flat weights
        return 1.0
    zipf = zipf_frequency(word, "en")
    return max(0.0, min(5.0, 6.0 - zipf))


def content_terms(words: Iterable[str]) -> dict[str, float]:
    """Stemmed content words of a passage and their weights (the highest weight of any surface form)."""
    out: dict[str, float] = {}
    for word in dict.fromkeys(words):  # each distinct word once, in order
        if len(word) == 1 and not word.isascii():
            continue  # a CJK character: too ambiguous as a content term
        weight = term_weight(word)
        if weight <= 0:
            continue
        key = stem(word)
        if weight > out.get(key, 0.0):
            out[key] = weight
    return out


def numbers(text: str, words: Sequence[str] | None = None) -> set[str]:
    """Numbers written as digits, plus small cardinals and ordinals written as words (`words`: the
    text's `tokens`, when the caller has them)."""
    found = {n.replace(",", "") for n in _NUMBER.findall(text)}
    found |= {_NUMBER_WORDS[w] for w in (tokens(text) if words is None else words) if w in _NUMBER_WORDS}
    return found
