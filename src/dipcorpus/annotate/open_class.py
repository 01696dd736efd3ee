"""Merge the open-class names (people and organisations the knowledge base does not list) with the
knowledge-base hits of a document.

The knowledge base wins every tie and every crossing: a new name is taken only where it overlaps
no KB name, or where it holds KB names inside it and is longer. A KB organisation that ends the
new name is replaced by it ('Israeli Supreme Court' is not the KB's 'Supreme Court'), unless only
its own country comes before it ('U.S. Department of State' stays the KB's); one that starts it
keeps the name ('SCO Council of Foreign Ministers' is left to the SCO). Other KB names inside stay
as mentions of their own ('Armed Forces of the Philippines' names the Philippines too).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from dipcorpus.annotate.names import find_given_names, find_speaker_names, name_slug
from dipcorpus.annotate.orgs import find_org_names, is_common_word
from dipcorpus.kb import KnowledgeBase
from dipcorpus.kb.matcher import Hit, Matcher, Pattern, TextView, is_acronym

__all__ = ["add_org_names", "as_known", "document_names", "new_people", "within_line"]

_MEMBER_OF = re.compile(r"[Mm]embers? of (?:the )?$")
_ORGAN_GAP = re.compile(r"(?: \([A-Z][A-Za-z0-9.\-]*\))?(?:\)? |['’]s )")
_TAIL_WORD = re.compile(r" (?:of|for|on|in|to) ")
_NESTED = ("country", "region")
_RENAMED = ("organization", "region", "media")


def new_people(
    view: TextView,
    taken: Sequence[Hit],
    speakers: Iterable[str],
    given: Iterable[Hit],
    appositive: Iterable[Hit] = (),
) -> list[Hit]:
    """Speakers' names and 'Given Surname' names that overlap no hit in `taken` (a name is not
    read across a line break: 'Anna Smith' then a line 'Smith' is not 'Anna Smith Smith')."""
    spans = _Spans(taken)
    out: list[Hit] = []
    for found in [*find_speaker_names(view.norm, speakers), *appositive, *find_given_names(view.norm, given)]:
        hit = within_line(view, found)
        if hit is not None and not spans.overlaps(hit.start, hit.end):
            out.append(hit)
            spans.add(hit)
    return out


def as_known(pairs: Mapping[tuple[str, str], str], hit: Hit) -> Hit:
    """A new name whose first and last words are a KB person's ('Juan Q. Doe' for Juan Doe) is
    that person. `pairs`: KB person ids by the casefolded first and last word of their names."""
    if hit.pattern.flag != "new":
        return hit
    words = hit.pattern.alias.split()
    known = pairs.get((words[0].casefold(), words[-1].casefold()))
    return hit if known is None else Hit(hit.start, hit.end, Pattern("entity", known, hit.pattern.alias, flag="title"))


def within_line(view: TextView, hit: Hit, *, after_title: bool = False) -> Hit | None:
    """`hit` cut at the first line break inside it (None when that leaves one word, or when a name
    `after_title` starts a new line: the title ended the line before)."""
    start = view.to_text(hit.start)
    if after_title and "\n" in view.text[max(0, start - 3) : start]:
        return None
    raw = view.text[start : view.to_text(hit.end)]
    if "\n" not in raw:
        return hit
    first = view.norm[hit.start : hit.end].split(" ")[: raw[: raw.index("\n")].count(" ") + 1]
    if len(first) < 2:
        return None
    name = " ".join(first)
    return Hit(hit.start, hit.start + len(name), Pattern("entity", f"person:{name_slug(name)}", name, flag="new"))


def add_org_names(
    view: TextView,
    final: Sequence[Hit],
    heads: Iterable[Hit],
    *,
    kb: KnowledgeBase,
    matcher: Matcher,
    type_of: Callable[[str], str],
    title_words: frozenset[str],
) -> list[Hit]:
    """`final` (non-overlapping, in text order) with the organisation names found by shape added."""
    norm = view.norm
    starts = [h.start for h in final]
    dropped: set[Hit] = set()
    added: list[Hit] = []
    for cand in find_org_names(norm, heads, title_words):
        name = cand.pattern.alias
        if matcher.knows(name):
            continue
        lo = bisect.bisect_left(starts, cand.start - 200)
        inner = [h for h in final[lo:] if h.start < cand.end and cand.start < h.end]
        if any(h.start < cand.start or h.end > cand.end for h in inner):
            continue  # crosses a KB name: the KB reading wins
        types = [type_of(h.pattern.target) for h in inner]
        if any(_head_in(norm, cand, h) for h, t in zip(inner, types, strict=True) if t in _NESTED):
            continue  # 'Presenting Russian Federation': the head noun belongs to a country's name
        if "\n" in view.text[view.to_text(cand.start) : view.to_text(cand.end)] or matcher.knows_person(
            name.split(" ", 1)[0]
        ):
            continue  # across a line break, or 'Smith State Department'

        if any(t in ("person", "media") for t in types):
            continue
        if _MEMBER_OF.search(norm, max(0, cand.start - 16), cand.start) or _titles_only(norm, cand, title_words):
            continue  # part of a person's designation, or 'Office of the Spokesperson'
        orgs = [h for h, t in zip(inner, types, strict=True) if t == "organization"]
        if _sub_body(norm, cand, orgs, _before(final, starts, cand.start)):
            continue  # 'SCO Council of Foreign Ministers': an organ of a KB organisation is left to it
        if _descriptive(norm, cand, inner):
            continue  # 'Media Center', 'Business Council': a common word and a head noun name nothing
        suffix = [h for h in orgs if h.end == cand.end]
        if any(_own_country(norm, kb, h, cand, inner) for h in suffix):
            continue
        dropped.update(suffix)  # 'Israeli Supreme Court' is not the KB's 'Supreme Court'; inner others stay
        dropped.update(h for h, t in zip(inner, types, strict=True) if t == "region")  # 'Asian Development Bank'

        added.append(Hit(cand.start, cand.end, Pattern("entity", f"org:{name_slug(name)}", name, flag="org-pattern")))
    if not added:
        return list(final)
    return sorted([h for h in final if h not in dropped] + added, key=lambda h: (h.start, -h.end))


def _head_in(norm: str, cand: Hit, place: Hit) -> bool:
    """Whether the head noun of `cand` is inside the country or region name `place`."""
    return place.end == cand.end and not _TAIL_WORD.search(norm, cand.start, place.start)


def _before(final: Sequence[Hit], starts: Sequence[int], pos: int) -> Sequence[Hit]:
    i = bisect.bisect_left(starts, pos)
    return final[max(0, i - 2) : i]


def _sub_body(norm: str, cand: Hit, orgs: Sequence[Hit], near: Sequence[Hit]) -> bool:
    """A KB organisation starts the name, or stands right before it ('SCO (X) Council')."""
    if any(h.start == cand.start and h.end < cand.end for h in orgs):
        return True
    for h in near:
        gap = norm[h.end : cand.start]
        if h.end <= cand.start and _ORGAN_GAP.fullmatch(gap) and h.pattern.flag != "adjective":
            return True
    return False


def _descriptive(norm: str, cand: Hit, inner: Sequence[Hit]) -> bool:
    """One common English word before the head noun, and nothing after it."""
    words = norm[cand.start : cand.end].split(" ")
    if len(words) != 2 or inner or words[0].isupper():
        return False
    return is_common_word(words[0], norm)


def _titles_only(norm: str, cand: Hit, title_words: frozenset[str]) -> bool:
    """Whether the words after the head noun's 'of' are all title words ('Office of the Spokesperson')."""
    words = norm[cand.start : cand.end].split(" of ", 1)
    tail = words[1].removeprefix("the ").split() if len(words) == 2 else []
    return bool(tail) and all(w in title_words and w[:1].isupper() for w in tail)


def _own_country(norm: str, kb: KnowledgeBase, org: Hit, cand: Hit, inner: Sequence[Hit]) -> bool:
    """Whether `cand` is KB organisation `org` preceded only by its own country ('U.S. X')."""
    if org.end != cand.end:
        return False
    ent = kb.entities.get(org.pattern.target)
    countries = [h for h in inner if h.end <= org.start]
    if not countries or any(h.pattern.target != (ent.country if ent else None) for h in countries):
        return False
    covered = sum(h.end - h.start for h in countries)
    return len(norm[cand.start : org.start].strip()) <= covered + 1


def document_names(norm: str, kb: KnowledgeBase, final: Iterable[Hit]) -> dict[str, str]:
    """The name a document gives a KB organisation, region or outlet when it never uses the KB's
    own name: its longest full (not acronym) form there when that is longer than the KB's name
    ('Department of Homeland Security' rather than 'DHS', 'Gaza Strip' rather than 'Gaza'). The
    id stays the KB's."""
    forms: dict[str, list[str]] = {}
    for hit in final:
        ent = kb.entities.get(hit.pattern.target)
        if ent is None or ent.type not in _RENAMED or hit.pattern.flag in ("adjective", "capital"):
            continue
        forms.setdefault(ent.id, []).append(norm[hit.start : hit.end])
    out = {}
    for target, seen in forms.items():
        ent = kb.entities[target]
        if ent.name in seen or (is_acronym(ent.name) and len(ent.name) <= 2):
            continue  # 'UN', 'EU': two-letter names are the usual ones in running text too
        if is_acronym(ent.name):  # its expansion, not a sub-body listed as an alias ('X National Committee')
            full = next((a for a in ent.aliases if not is_acronym(a)), "")
            full = full if full in seen else ""
        else:  # another name, not the same one spelled out ('United Nations Security Council')
            last = ent.name.rsplit(" ", 1)[-1] if ent.type == "organization" else "\x00"
            full = max(
                (f for f in seen if f[:1].isupper() and not is_acronym(f) and not f.endswith(last)), key=len, default=""
            )
        if len(full) > len(ent.name):
            out[target] = full
    return out


class _Spans:
    """Sorted spans with an overlap test."""

    def __init__(self, hits: Iterable[Hit]) -> None:
        self._spans = sorted((h.start, h.end) for h in hits)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._spans, (start, start))
        if i > 0 and self._spans[i - 1][1] > start:
            return True
        return i < len(self._spans) and self._spans[i][0] < end

    def add(self, hit: Hit) -> None:
        bisect.insort(self._spans, (hit.start, hit.end))
