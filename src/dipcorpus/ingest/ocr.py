"""OCR repair decisions, checked against an English word list.

The word list is the English frequency dictionary shipped inside the `pyspellchecker` wheel
(offline). Each function only decides; `clean.py` applies the decision and records it.
"""

from __future__ import annotations

import functools
import re

__all__ = ["KEEP", "MERGE", "hyphen_decision", "misread_fix", "word_count"]

MERGE = "merge"  # 'reju-' + 'venation' → 'rejuvenation'
KEEP = "keep"  # 'China-' + 'Russia' → 'China-Russia'

# Character confusions an OCR engine makes, as (seen, meant).
_CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("G", "C"),
    ("rn", "m"),
    ("cl", "d"),
    ("vv", "w"),
    ("0", "o"),
    ("0", "O"),
    ("1", "l"),
    ("1", "I"),
    ("l", "I"),
    ("li", "h"),
    ("ii", "u"),
    ("c", "e"),
    ("e", "c"),
)
_WORD = re.compile(r"[A-Za-z]+")


@functools.lru_cache(maxsize=1)
def _frequencies() -> dict[str, int]:
    from spellchecker import SpellChecker

    return dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)


def word_count(word: str) -> int:
    """How common `word` is in the English word list (0 = unknown)."""
    return _frequencies().get(word.lower(), 0)


def hyphen_decision(left: str, right: str) -> str:
    """Decide a hyphen at a line end between `left` and `right` (the word parts around it).

    Merge when the joined word is a known word, or when neither part is one (a word split in
    two); keep the hyphen for compounds of known words and for capitalised or numeric parts.
    """
    if not right or not right[0].islower() or not left or not left[-1].isalpha():
        return KEEP
    joined = word_count(left + right)
    if joined > 0:
        return MERGE
    left_known, right_known = word_count(left) > 0, word_count(right) > 0
    if left_known and right_known:
        return KEEP
    return MERGE


def misread_fix(word: str, *, min_count: int) -> str | None:
    """The word an unknown token was misread from ('Gentral' → 'Central'), or None."""
    if len(word) < 4 or not _WORD.fullmatch(word) or word_count(word) > 0:
        return None
    if word.isupper():
        return None  # acronyms
    best: tuple[int, str] | None = None
    for seen, meant in _CONFUSIONS:
        start = word.find(seen)
        while start != -1:
            candidate = word[:start] + meant + word[start + len(seen) :]
            count = word_count(candidate)
            if count >= min_count and (best is None or count > best[0]):
                best = (count, candidate)
            start = word.find(seen, start + 1)
    return best[1] if best else None
