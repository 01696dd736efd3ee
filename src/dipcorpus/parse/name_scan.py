"""Where a document prints a surname with its given names, found from the surname's occurrences.

The turn and speaker stages look up a full name for a bare surname ('MS. PSAKI' -> 'Jen Psaki') with
patterns like `(?=[A-Z])(?<![\\w’'-])((?:[A-Z][\\w’'-]*\\.?[ \\u00a0]+){1,2})((?i:Psaki))\\b`. Compiled
once per surname and tried at every capital of the text, they cost more than the rest of those
stages. Here only the small surname pattern is compiled (and cached); the text is searched for
it, and the given-name part is read with fixed patterns at the few word starts just before each
occurrence (after it, for a surname printed first). The matches are the same, in the same order,
as `finditer` of the whole pattern: see each function for the pattern it stands for.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

__all__ = ["Found", "given_initial_surname", "given_surname", "surname_given"]


class Found(NamedTuple):
    """One match: `text[start:mid]` is the first group (the given names, or the surname printed
    first), `text[mid:end]` the rest."""

    start: int
    mid: int
    end: int


_WORD_CHAR = re.compile(r"[\w’'-]")
_FIRST_WORD = re.compile(r"(?=[A-Z])(?<![\w’'-])[A-Z][\w’'-]*\.?[ \u00a0]+")
_WORD = re.compile(r"[A-Z][\w’'-]*\.?[ \u00a0]+")
_FIRST_NO_DOT = re.compile(r"(?=[A-Z])(?<![\w’'-])[A-Z][\w’'-]*[ \u00a0]+")
_INITIAL = re.compile(r"[A-Z]\.[ \u00a0]+")
_GIVEN_AFTER = re.compile(r"(?:[ \u00a0]+[A-Z][a-z][\w’'-]*){1,2}(?![\w’'-])")


@functools.lru_cache(maxsize=1024)
def _surname(surname: str, boundary: bool) -> re.Pattern[str]:
    return re.compile("(?i:" + re.escape(surname) + ")" + (r"\b" if boundary else ""))


def _occurrences(pattern: re.Pattern[str], text: str) -> Iterator[int]:
    """Every position where `pattern` matches, overlapping ones too, ascending."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        yield m.start()
        pos = m.start() + 1


def _word_before(text: str, end: int) -> int | None:
    """The start of the word that `[A-Z][\\w’'-]*\\.?[ \\u00a0]+` could read just before `end`."""
    i = end
    while i > 0 and text[i - 1] in " \u00a0":
        i -= 1
    if i == end:
        return None
    if i > 0 and text[i - 1] == ".":
        i -= 1
    while i > 0 and _WORD_CHAR.match(text, i - 1):
        i -= 1
    return i


def _in_order(starts: set[int], match_at: Callable[[int], Found | None]) -> Iterator[Found]:
    """`finditer`'s matches: tried at each candidate start in order, none inside the one before."""
    end = 0
    for start in sorted(starts):
        if start >= end and (found := match_at(start)) is not None:
            yield found
            end = found.end


def _starts_before(text: str, pattern: re.Pattern[str], words: int) -> set[int]:
    """The starts of the `words` words before each occurrence of `pattern` (candidates, a superset)."""
    out: set[int] = set()
    for q in _occurrences(pattern, text):
        start: int | None = q
        for _ in range(words):
            start = _word_before(text, start) if start is not None else None
            if start is not None:
                out.add(start)
    return out


def given_surname(text: str, surname: str) -> Iterator[Found]:
    """The matches of `(?=[A-Z])(?<![\\w’'-])((?:[A-Z][\\w’'-]*\\.?[ \\u00a0]+){1,2})((?i:SURNAME))\\b`:
    one or two capitalised words, then the surname in any case ('Denis McDonough')."""
    name = _surname(surname, True)

    def match_at(start: int) -> Found | None:
        first = _FIRST_WORD.match(text, start)
        if first is None:
            return None
        second = _WORD.match(text, first.end())  # the words read one way only: two if they can, else one
        if second is not None and (m := name.match(text, second.end())) is not None:
            return Found(start, second.end(), m.end())
        m = name.match(text, first.end())
        return Found(start, first.end(), m.end()) if m is not None else None

    return _in_order(_starts_before(text, name, 2), match_at)


def given_initial_surname(text: str, surname: str) -> Iterator[Found]:
    """The matches of `(?=[A-Z])(?<![\\w’'-])([A-Z][\\w’'-]*[ \\u00a0]+(?:[A-Z]\\.[ \\u00a0]+)?)(?i:SURNAME)\\b`:
    a capitalised word and an optional middle initial, then the surname ('Antony J. Blinken')."""
    name = _surname(surname, True)

    def match_at(start: int) -> Found | None:
        first = _FIRST_NO_DOT.match(text, start)
        if first is None:
            return None
        initial = _INITIAL.match(text, first.end())
        if initial is not None and (m := name.match(text, initial.end())) is not None:
            return Found(start, initial.end(), m.end())
        m = name.match(text, first.end())
        return Found(start, first.end(), m.end()) if m is not None else None

    return _in_order(_starts_before(text, name, 2), match_at)


def surname_given(text: str, surname: str) -> Iterator[Found]:
    """The matches of `(?<![\\w’'-])((?i:SURNAME))((?:[ \\u00a0]+[A-Z][a-z][\\w’'-]*){1,2})(?![\\w’'-])`:
    the surname first, then one or two given names ('TANABE Kenji')."""
    name = _surname(surname, False)

    def match_at(start: int) -> Found | None:
        if start > 0 and _WORD_CHAR.match(text, start - 1):
            return None
        m = name.match(text, start)
        given = _GIVEN_AFTER.match(text, m.end()) if m is not None else None
        return Found(start, given.start(), given.end()) if given is not None else None

    return _in_order(set(_occurrences(name, text)), match_at)
