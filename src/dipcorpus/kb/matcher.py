"""Multi-pattern matching of knowledge-base names over a document text.

The text is first turned into a `TextView`: whitespace runs collapse to one space and a hyphen at
a line end between lower-case letters is joined ("char-\\nacteristics"), with an offset map back
to the text. Then a key string is made from the view, of the same length: every character that
is not a letter or digit becomes a space, letters are lower-cased, and a space pads each end. Each
name is added to one Aho-Corasick automaton as " key ", so every hit starts and ends on a token
boundary, and the whole document is scanned in one C-level pass. Case rules are checked per hit
against the view (acronyms and proper names are case-sensitive, formulations are not).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

__all__ = [
    "Hit",
    "Matcher",
    "Pattern",
    "TextView",
    "cased_key",
    "is_acronym",
    "select_longest",
    "text_view",
    "word_key",
]

_NONWORD = re.compile(r"[^\w]|_")
_NON_ASCII = re.compile(r"([^\x00-\x7f]+)")
_JOINABLE = re.compile(r"(?<=[a-z])-(?=[a-z])")
# ASCII bytes to key bytes: letters lower-cased, digits kept, everything else a space.
_ASCII_KEY = bytes(c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))


def _key_char(c: str) -> str:
    if c.isalnum():
        low = c.lower()
        return low if len(low) == 1 else c
    return " "


def _key_run(run: str) -> str:
    """`_key_char` of each character of a non-ASCII run, in two C-level passes: `str.lower` of a
    whole run is the per-character one except for 'İ' (two characters) and 'Σ' (read in context),
    which go one by one."""
    if "\u0130" in run or "\u03a3" in run:
        return "".join(map(_key_char, run))
    return _NONWORD.sub(" ", run).lower()


def word_key(text: str) -> str:
    """Same length as `text`: non-word characters as spaces, letters lower-cased. ASCII runs go
    through `bytes.translate`, other runs (Chinese text) through `_key_run`."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_KEY).decode("ascii")
    parts = _NON_ASCII.split(text)
    for i in range(0, len(parts), 2):
        parts[i] = parts[i].encode("ascii").translate(_ASCII_KEY).decode("ascii")
    for i in range(1, len(parts), 2):
        parts[i] = _key_run(parts[i])
    return "".join(parts)


def cased_key(text: str) -> str:
    """Non-word characters as spaces, ends stripped, case kept: the form case rules compare."""
    return _NONWORD.sub(" ", text).strip()


def _edits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for whitespace runs that contain a line break or are longer than
    one character, for a hyphen that splits a lower-case word at a line end, and soft hyphens.
    Found with `str.find` loops: much faster than a regex over the whole text."""
    edits: list[tuple[int, int, str]] = []
    n = len(text)
    pos = text.find("\n")
    while pos != -1:
        start, end = pos, pos + 1
        while start > 0 and text[start - 1] in " \t\r":
            start -= 1
        while end < n and text[end] in " \t\r\n":
            end += 1
        if start > 1 and text[start - 1] == "-" and text[start - 2].islower() and end < n and text[end].islower():
            edits.append((start - 1, end, ""))
        elif end - start >= 2:
            edits.append((start, end, " "))
        pos = text.find("\n", end)
    for needle, replacement in (("  ", " "), ("\u00ad", "")):
        pos = text.find(needle)
        while pos != -1:
            end = pos + len(needle)
            while replacement and end < n and text[end] in " \t":
                end += 1
            edits.append((pos, end, replacement))
            pos = text.find(needle, end)
    edits.sort(key=lambda e: (e[0], -e[1]))
    merged: list[tuple[int, int, str]] = []
    for edit in edits:
        if not merged or edit[0] >= merged[-1][1]:
            merged.append(edit)
    return merged


class TextView:
    """A normalised view of a text (`norm`), its match key (`key`) and the map back to the text."""

    __slots__ = ("_anchors_norm", "_anchors_text", "key", "norm", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        pieces: list[str] = []
        self._anchors_norm = [0]
        self._anchors_text = [0]
        last = 0
        out = 0
        for start, end, replacement in _edits(text):
            pieces.append(text[last:start])
            out += start - last + len(replacement)
            pieces.append(replacement)
            last = end
            self._anchors_norm.append(out)
            self._anchors_text.append(last)
        pieces.append(text[last:])
        norm = "".join(pieces)
        if "\n" in norm or "\t" in norm or "\r" in norm:
            norm = norm.replace("\n", " ").replace("\t", " ").replace("\r", " ")
        self.norm = norm
        self.key = " " + word_key(norm) + " "

    def to_text(self, pos: int) -> int:
        """The text offset of view offset `pos`."""
        i = bisect.bisect_right(self._anchors_norm, pos) - 1
        return self._anchors_text[i] + (pos - self._anchors_norm[i])


@functools.lru_cache(maxsize=4)
def text_view(text: str) -> TextView:
    """`TextView(text)`, kept for the last few texts: the entity and formulation stages read the same
    document one after the other (a view is never changed once made)."""
    return TextView(text)


@dataclass(frozen=True, slots=True)
class Pattern:
    """What a matched key means. `kind`: entity, block, title, honorific, formulation or gap.
    `cased` is the alias's cased key when the match is case-sensitive, else ''."""

    kind: str
    target: str
    alias: str
    cased: str = ""
    acronym: bool = False
    flag: str = ""  # "", "adjective", "capital", "ambiguous", "surname"
    tail: str = ""
    gap: int = 0

    def case_ok(self, surface: str) -> bool:
        if not self.cased or surface == self.alias:
            return True
        got = cased_key(surface)
        if got == self.cased:
            return True
        if self.acronym:
            return False
        if got == self.cased.upper() and len(self.cased) >= 4:
            return True
        # a multi-word proper name may differ in case after its capital first letter; a name that
        # starts with a lower-case word ("the States") must match exactly ("the states" is not it)
        capital = self.cased[:1].isupper()
        return capital and " " in self.cased and got[:1] == self.cased[:1] and got.lower() == self.cased.lower()


@dataclass(frozen=True, slots=True)
class Hit:
    """A match in view offsets [start, end)."""

    start: int
    end: int
    pattern: Pattern

    @property
    def length(self) -> int:
        return self.end - self.start


def _variants(alias: str) -> list[str]:
    """The alias plus, for each hyphen between letters, the form joined at that hyphen (a line
    break split the word there: "major-\\ncountry" reads "majorcountry")."""
    out = [alias]
    for m in _JOINABLE.finditer(alias):
        out.append(alias[: m.start()] + alias[m.end() :])
    return out


def is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) // 2 + 1)


_CUES = frozenset({"block", "given", "head"})


class Matcher:
    """One automaton over many patterns; `scan` yields the hits that pass their case rule."""

    def __init__(self) -> None:
        self._table: dict[str, list[Pattern]] = {}
        self._automaton: ahocorasick.Automaton | None = None

    def add(self, alias: str, pattern: Pattern) -> None:
        for variant in _variants(alias):
            key = word_key(variant).strip()
            if not key:
                continue
            cased = cased_key(variant) if pattern.cased else ""
            patt = Pattern(
                pattern.kind,
                pattern.target,
                pattern.alias,
                cased,
                pattern.acronym,
                pattern.flag,
                pattern.tail,
                pattern.gap,
            )
            self._table.setdefault(f" {key} ", []).append(patt)

    def knows(self, name: str) -> bool:
        """Whether `name` is a key of some pattern that names something (not a block phrase, nor
        a cue word such as a given name or an organisation's head noun)."""
        return any(p.kind not in _CUES for p in self._table.get(_table_key(name), ()))

    def knows_person(self, name: str) -> bool:
        """Whether `name` is a key of a person pattern (person ids start with 'person:')."""
        patterns = self._table.get(_table_key(name), ())
        return any(p.target.startswith("person:") for p in patterns)

    def build(self) -> Matcher:
        automaton = ahocorasick.Automaton()
        for key, patterns in self._table.items():
            automaton.add_word(key, (len(key), tuple(dict.fromkeys(patterns))))
        automaton.make_automaton()
        self._automaton = automaton
        return self

    def scan(self, view: TextView) -> Iterator[Hit]:
        if self._automaton is None or not len(self._automaton):
            return
        norm = view.norm
        for end, (length, patterns) in self._automaton.iter(view.key):
            start = end - length + 1  # key offsets of the padding spaces; view offsets follow
            for patt in patterns:
                if patt.kind == "gap":
                    hit = _gap_hit(view, start, end, patt)
                    if hit is not None:
                        yield hit
                elif patt.case_ok(norm[start : end - 1]):
                    yield Hit(start, end - 1, patt)


@functools.lru_cache(maxsize=16384)  # the same words are asked about again and again
def _table_key(name: str) -> str:
    return f" {word_key(name).strip()} "


def _gap_hit(view: TextView, start: int, end: int, patt: Pattern) -> Hit | None:
    window = view.key[end : end + 14 * (patt.gap + 1) + len(patt.tail)]
    found = window.find(patt.tail)
    if found < 0 or len(window[:found].split()) > patt.gap:
        return None
    return Hit(start, end + found + len(patt.tail) - 2, patt)


def select_longest(hits: Iterable[Hit]) -> list[Hit]:
    """Non-overlapping hits, longest first, then leftmost; returned in text order."""
    taken_starts: list[int] = []
    taken: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-h.length, h.start)):
        i = bisect.bisect_left(taken_starts, hit.start)
        if i > 0 and taken[i - 1].end > hit.start:
            continue
        if i < len(taken) and taken[i].start < hit.end:
            continue
        taken_starts.insert(i, hit.start)
        taken.insert(i, hit)
    return taken


class MatcherCache:
    """Built matchers kept per knowledge base (the default one is loaded once; user files make others)."""

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._built: dict[int, tuple[object, Matcher]] = {}

    def get(self, kb: object, fill: Callable[[Matcher], None]) -> Matcher:
        """The matcher for `kb`, built with `fill` on first use."""
        cached = self._built.get(id(kb))
        if cached is not None and cached[0] is kb:
            return cached[1]
        matcher = Matcher()
        fill(matcher)
        if len(self._built) >= self._size:
            self._built.clear()
        self._built[id(kb)] = (kb, matcher.build())
        return matcher
