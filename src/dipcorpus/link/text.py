"""Text features for linking: tokens, word shingles, light stems, content terms and numbers.

Everything here is deterministic and corpus-independent (no document frequencies), so a passage's
features never change when documents are added: incremental linking gives the same answer as a
rebuild. Word rarity comes from the general-English frequency list shipped inside `wordfreq`.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from functools import lru_cache

__all__ = [
    "content_terms",
    "numbers",
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


def shingles(words: Sequence[str], *, k: int = 3) -> set[int]:
    """32-bit hashes of the word k-shingles (the whole text as one shingle when shorter than k)."""
    if not words:
        return set()
    if len(words) < k:
        return {zlib.crc32(" ".join(words).encode())}
    return {zlib.crc32(" ".join(words[i : i + k]).encode()) for i in range(len(words) - k + 1)}


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


def content_terms(words: Sequence[str]) -> dict[str, float]:
    """Stemmed content words of a passage and their weights (the highest weight of any surface form)."""
    out: dict[str, float] = {}
    for word in words:
        if len(word) == 1 and not word.isascii():
            continue  # a CJK character: too ambiguous as a content term
        weight = term_weight(word)
        if weight <= 0:
            continue
        key = stem(word)
        if weight > out.get(key, 0.0):
            out[key] = weight
    return out


def numbers(text: str) -> set[str]:
    """Numbers written as digits, plus small cardinals and ordinals written as words."""
    found = {n.replace(",", "") for n in _NUMBER.findall(text)}
    found |= {_NUMBER_WORDS[w] for w in tokens(text) if w in _NUMBER_WORDS}
    return found
