"""Turn-by-turn alignment of two documents linked as translations (question i <-> question i, answer
<-> answer), order-preserving.

The units are the speaker turns (paragraphs when either side has none). A dynamic programme over both
unit sequences chooses, step by step, to pair one unit with one, one with two or three (a turn one side
splits), or to leave a unit without counterpart (a turn one side omits). A group of units earns its
similarity minus `match`, and pays `merge` for each unit beyond the first on a side and `skip` for an
unpaired unit. Similarity (`group_similarity`) is language-independent: role agreement, length ratio
(calibrated on the pair's own total length), names one side mentions that the other carries in its own
language, shared numbers and Latin-script tokens. Pure: names come in as a function.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from dipcorpus.link.passages import passages
from dipcorpus.link.translation import Names, base_language
from dipcorpus.model import Document, TurnPair

__all__ = ["AlignConfig", "Unit", "align_documents", "align_units", "units"]

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&\-]*[A-Za-z0-9]")
_QUESTION_ROLES = frozenset({"question"})
_MOVES = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1))


def _default_weights() -> dict[str, float]:
    return {"role": 0.25, "length": 0.35, "names": 0.2, "numbers": 0.1, "latin": 0.1}


@dataclass(frozen=True, slots=True, kw_only=True)
class AlignConfig:
    match: float = 0.35  # a group earns its similarity minus this
    skip: float = 0.12  # cost of a unit left without counterpart
    merge: float = 0.08  # cost of each unit beyond the first on one side of a group
    ratio_sigma: float = 0.5  # spread of log(length ratio / the pair's overall ratio)
    band: float = 0.3  # search only cells within this share of the longer side of the diagonal
    weights: dict[str, float] = field(default_factory=_default_weights)


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    """A turn (or paragraph) with the features the alignment compares."""

    n: int  # turn number, or paragraph number from 1
    role: str
    start: int
    end: int
    length: int  # characters, spaces collapsed
    ids: frozenset[str]  # entity ids inside the unit
    numbers: frozenset[str]
    text: str  # NFKC, casefolded


def _unit(doc: Document, n: int, role: str, start: int, end: int) -> Unit:
    text = unicodedata.normalize("NFKC", doc.text[start:end])
    return Unit(
        n=n,
        role=role,
        start=start,
        end=end,
        length=len(" ".join(text.split())),
        ids=frozenset(e.id for e in doc.entities if start <= e.start and e.end <= end),
        numbers=frozenset(x.replace(",", "") for x in _DIGITS.findall(text)),
        text=text.casefold(),
    )


def units(doc: Document, *, by_paragraph: bool = False) -> list[Unit]:
    """The document's turns as units, or its paragraphs (role "body") with `by_paragraph`."""
    if by_paragraph or not doc.turns:
        return [_unit(doc, p.n, "body", p.start, p.end) for p in passages(doc, min_words=1)]
    return [_unit(doc, t.n, t.role, t.start, t.end) for t in sorted(doc.turns, key=lambda t: t.n)]


@dataclass(frozen=True, slots=True)
class _Side:
    """One document's units with what the other side's names and Latin words say about each."""

    units: Sequence[Unit]
    language: str
    latin: bool
    carried: tuple[frozenset[str], ...]  # per unit: entity ids of the other side written in it
    checkable: frozenset[str]  # this side's ids the other side could show
    words: tuple[frozenset[str], ...]  # per unit: Latin words (non-Latin side only)
    contains: tuple[frozenset[str], ...]  # per unit: the other side's Latin words found in it


def _is_latin(us: Sequence[Unit]) -> bool:
    sample = "".join(u.text for u in us)[:20_000]
    letters = [ch for ch in sample if ch.isalpha()]
    return sum(ch.isascii() for ch in letters) >= 0.5 * max(len(letters), 1)


def _sides(a: Sequence[Unit], la: str, b: Sequence[Unit], lb: str, names: Names) -> tuple[_Side, _Side]:
    lat_a, lat_b = _is_latin(a), _is_latin(b)
    ids_a = frozenset().union(*(u.ids for u in a)) if a else frozenset()
    ids_b = frozenset().union(*(u.ids for u in b)) if b else frozenset()

    def carried(us: Sequence[Unit], other_ids: frozenset[str], lang: str) -> tuple[frozenset[str], ...]:
        """Per unit, the other side's entity ids annotated in it or written in it in `lang`."""
        written = {i: [n.casefold() for n in names(i, lang) if n] for i in other_ids}
        return tuple(frozenset(i for i in other_ids if i in u.ids or any(n in u.text for n in written[i])) for u in us)

    def checkable(own: frozenset[str], other_ids: frozenset[str], other_lang: str) -> frozenset[str]:
        return frozenset(i for i in own if i in other_ids or any(names(i, other_lang)))

    def words(us: Sequence[Unit], latin: bool) -> tuple[frozenset[str], ...]:
        return tuple(frozenset() if latin else frozenset(_LATIN_WORD.findall(u.text)) for u in us)

    words_a, words_b = words(a, lat_a), words(b, lat_b)
    all_a = frozenset().union(*words_a) if words_a else frozenset()
    all_b = frozenset().union(*words_b) if words_b else frozenset()
    side_a = _Side(
        units=a,
        language=la,
        latin=lat_a,
        carried=carried(a, ids_b, la),
        checkable=checkable(ids_a, ids_b, lb),
        words=words_a,
        contains=tuple(frozenset(w for w in all_b if w in u.text) for u in a),
    )
    side_b = _Side(
        units=b,
        language=lb,
        latin=lat_b,
        carried=carried(b, ids_a, lb),
        checkable=checkable(ids_b, ids_a, la),
        words=words_b,
        contains=tuple(frozenset(w for w in all_a if w in u.text) for u in b),
    )
    return side_a, side_b


def _union(sets: Sequence[frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*sets) if sets else frozenset()


def _role_class(role: str) -> str:
    return "q" if role in _QUESTION_ROLES else "a"


def group_similarity(a: _Side, ia: range, b: _Side, ib: range, ratio: float, cfg: AlignConfig) -> float:
    """Similarity in [0, 1] of units `ia` of side a taken together with units `ib` of side b."""
    ua, ub = [a.units[i] for i in ia], [b.units[j] for j in ib]
    parts: dict[str, float] = {}
    ra, rb = {_role_class(u.role) for u in ua}, {_role_class(u.role) for u in ub}
    parts["role"] = 1.0 if ra == rb else 0.5 if ra & rb else 0.0
    la, lb = sum(u.length for u in ua), sum(u.length for u in ub)
    d = math.log(max(la, 1) / ratio / max(lb, 1))
    parts["length"] = math.exp(-(d * d) / (2 * cfg.ratio_sigma**2))
    ids_a = frozenset().union(*(u.ids for u in ua)) & a.checkable
    ids_b = frozenset().union(*(u.ids for u in ub)) & b.checkable
    if ids_a or ids_b:
        found = len(ids_a & _union([b.carried[j] for j in ib])) + len(ids_b & _union([a.carried[i] for i in ia]))
        parts["names"] = found / (len(ids_a) + len(ids_b))
    na, nb = frozenset().union(*(u.numbers for u in ua)), frozenset().union(*(u.numbers for u in ub))
    if na or nb:
        parts["numbers"] = len(na & nb) / len(na | nb)
    words = _union([a.words[i] for i in ia]) | _union([b.words[j] for j in ib])
    if words:
        seen = _union([b.contains[j] for j in ib]) | _union([a.contains[i] for i in ia])
        parts["latin"] = len(words & seen) / len(words)
    total = sum(cfg.weights.get(k, 0.0) for k in parts)
    return sum(cfg.weights.get(k, 0.0) * v for k, v in parts.items()) / total


def align_units(
    a: Sequence[Unit], la: str, b: Sequence[Unit], lb: str, names: Names, *, cfg: AlignConfig | None = None
) -> list[tuple[range, range, float]]:
    """The best order-preserving alignment: (units of a, units of b, similarity) steps covering both
    sequences; an empty range is a unit without counterpart (similarity 0)."""
    cfg = cfg or AlignConfig()
    m, n = len(a), len(b)
    if not m or not n:
        return [(range(i, i + 1), range(0), 0.0) for i in range(m)] + [
            (range(0), range(j, j + 1), 0.0) for j in range(n)
        ]
    sa, sb = _sides(a, la, b, lb, names)
    ratio = max(sum(u.length for u in a), 1) / max(sum(u.length for u in b), 1)
    band = max(4, int(cfg.band * max(m, n)) + 1)
    neg = -math.inf
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for i in range(m + 1):
        for j in range(n + 1):
            if best[i][j] == neg or abs(i * n - j * m) > band * m:
                continue
            for di, dj in _MOVES:
                ni, nj = i + di, j + dj
                if ni > m or nj > n:
                    continue
                if di and dj:
                    sim = group_similarity(sa, range(i, ni), sb, range(j, nj), ratio, cfg)
                    gain = sim - cfg.match - cfg.merge * (di + dj - 2)
                else:
                    sim, gain = 0.0, -cfg.skip
                if best[i][j] + gain > best[ni][nj]:
                    best[ni][nj], back[ni][nj] = best[i][j] + gain, (di, dj, sim)
    return _trace(back, m, n)


def _trace(back: list[list[tuple[int, int, float] | None]], m: int, n: int) -> list[tuple[range, range, float]]:
    steps = []
    i, j = m, n
    while i > 0 or j > 0:
        move = back[i][j]
        if move is None:  # outside the band: close with unpaired units
            steps.append((range(i - 1, i), range(0), 0.0) if i > 0 else (range(0), range(j - 1, j), 0.0))
            i, j = (i - 1, j) if i > 0 else (i, j - 1)
            continue
        di, dj, sim = move
        steps.append((range(i - di, i), range(j - dj, j), sim))
        i, j = i - di, j - dj
    steps.reverse()
    return steps


def align_documents(a: Document, b: Document, names: Names, *, cfg: AlignConfig | None = None) -> list[TurnPair]:
    """The turn (or paragraph) alignment of two documents linked as translations."""
    by_paragraph = not a.turns or not b.turns
    ua, ub = units(a, by_paragraph=by_paragraph), units(b, by_paragraph=by_paragraph)
    steps = align_units(ua, base_language(a.language), ub, base_language(b.language), names, cfg=cfg)
    out = []
    for n, (ia, ib, sim) in enumerate(steps, start=1):
        ga, gb = [ua[i] for i in ia], [ub[j] for j in ib]
        out.append(
            TurnPair(
                a_doc=a.id,
                b_doc=b.id,
                n=n,
                unit="paragraph" if by_paragraph else "turn",
                role=(ga or gb)[0].role,
                score=round(sim, 4),
                a_first=ga[0].n if ga else None,
                a_last=ga[-1].n if ga else None,
                b_first=gb[0].n if gb else None,
                b_last=gb[-1].n if gb else None,
                a_start=ga[0].start if ga else None,
                a_end=ga[-1].end if ga else None,
                b_start=gb[0].start if gb else None,
                b_end=gb[-1].end if gb else None,
            )
        )
    return out
