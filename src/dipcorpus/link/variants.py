"""Translation variants: two renderings of one statement with few words in common.

Passage similarity combines shared rare content words (light stems, weighted by general-English
rarity), shared numbers, and shared entity and formulation ids. Two documents are variants when a
monotonic alignment of their passage sequences pairs most of the smaller one, one to one, with
passages it resembles. Nothing here depends on the rest of the corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dipcorpus.link.passages import Passage
from dipcorpus.link.text import content_terms, numbers, tokens
from dipcorpus.model import Document

__all__ = [
    "TRANSLATION_VARIANT",
    "Alignment",
    "Profile",
    "VariantConfig",
    "align",
    "key_terms",
    "profile",
    "similarity",
    "similarity_matrix",
    "variant",
]

TRANSLATION_VARIANT = "translation variant"


@dataclass(frozen=True, slots=True, kw_only=True)
class VariantConfig:
    match: float = 0.45  # a passage pair below this similarity is not aligned
    gap: float = 0.05  # cost of leaving a passage unaligned inside the aligned block
    threshold: float = 0.5  # mean similarity of the aligned pairs for a variant link
    min_pairs: int = 2  # aligned pairs needed (one when the smaller document has one passage)
    coverage: float = 0.7  # share of the smaller document's passage words inside aligned pairs
    key_terms: int = 8  # rarest terms per passage kept for candidate search
    key_weight: float = 2.0  # only terms at least this rare become keys
    min_shared_keys: int = 3  # shared key terms for a candidate passage pair
    w_terms: float = 0.6
    w_entities: float = 0.25
    w_numbers: float = 0.15


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    passage: Passage
    terms: dict[str, float]
    numbers: frozenset[str]
    ids: frozenset[str]  # entity and formulation ids inside the passage


@dataclass(frozen=True, slots=True, kw_only=True)
class Alignment:
    pairs: tuple[tuple[int, int, float], ...]  # (index in a, index in b, similarity)
    score: float  # mean similarity of the pairs
    coverage: float  # share of the smaller side's passage words that are aligned


def profile(doc: Document, passage: Passage, words: Sequence[str] | None = None) -> Profile:
    """The passage's similarity features (`words`: its `tokens`, when the caller has them)."""
    text = doc.text[passage.start : passage.end]
    words = tokens(text) if words is None else words
    ids = {e.id for e in doc.entities if passage.start <= e.start and e.end <= passage.end}
    ids |= {f"formulation:{f.id}" for f in doc.formulations if passage.start <= f.start and f.end <= passage.end}
    return Profile(
        passage=passage,
        terms=content_terms(words),
        numbers=frozenset(numbers(text, words)),
        ids=frozenset(ids),
    )


def key_terms(prof: Profile, *, cfg: VariantConfig) -> list[str]:
    """The passage's rarest content terms, for finding candidate pairs through an inverted index."""
    ranked = sorted((t for t, w in prof.terms.items() if w >= cfg.key_weight), key=lambda t: (-prof.terms[t], t))
    return ranked[: cfg.key_terms]


def _weighted_jaccard(a: dict[str, float], b: dict[str, float]) -> float:
    if not a and not b:
        return 1.0
    shared = sum(min(a[t], b[t]) for t in a.keys() & b.keys())
    total = sum(a.values()) + sum(b.values()) - shared
    return shared / total if total else 0.0


def _set_jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def similarity(a: Profile, b: Profile, *, cfg: VariantConfig) -> float:
    """Paraphrase-level similarity in [0, 1]: symmetric, 1.0 for identical passages. Numbers and ids
    count only when one side has some."""
    parts = [(cfg.w_terms, _weighted_jaccard(a.terms, b.terms))]
    if a.ids or b.ids:
        parts.append((cfg.w_entities, _set_jaccard(a.ids, b.ids)))
    if a.numbers or b.numbers:
        parts.append((cfg.w_numbers, _set_jaccard(a.numbers, b.numbers)))
    total = sum(w for w, _ in parts)
    return round(sum(w * s for w, s in parts) / total, 6)


def _jaccards(a: Sequence[frozenset[str]], b: Sequence[frozenset[str]]) -> tuple[Any, Any]:
    """Set Jaccard of every pair (1.0 for two empty sets) and whether either set of the pair has items."""
    la = np.array([len(x) for x in a], dtype=np.float64)
    lb = np.array([len(y) for y in b], dtype=np.float64)
    inter = np.zeros((len(a), len(b)))
    common = sorted(set().union(*a) & set().union(*b)) if a and b else []
    if common:
        col = {t: k for k, t in enumerate(common)}
        xa = np.zeros((len(a), len(common)))
        xb = np.zeros((len(b), len(common)))
        for i, x in enumerate(a):
            xa[i, [col[t] for t in x if t in col]] = 1.0
        for j, y in enumerate(b):
            xb[j, [col[t] for t in y if t in col]] = 1.0
        inter = xa @ xb.T
    union = la[:, None] + lb[None, :] - inter
    some = union > 0
    return np.where(some, inter / np.where(some, union, 1.0), 1.0), some


def similarity_matrix(a: Sequence[Profile], b: Sequence[Profile], *, cfg: VariantConfig) -> Any:
    """`similarity` of every pair of `a` and `b` at once: an (len(a), len(b)) float array."""
    m, n = len(a), len(b)
    if not m or not n:
        return np.zeros((m, n))
    common = sorted(set().union(*(x.terms for x in a)) & set().union(*(y.terms for y in b)))
    shared = np.zeros((m, n))
    if common:
        col = {t: k for k, t in enumerate(common)}
        wa = np.zeros((m, len(common)))
        wb = np.zeros((n, len(common)))
        for i, x in enumerate(a):
            for t, w in x.terms.items():
                if t in col:
                    wa[i, col[t]] = w
        for j, y in enumerate(b):
            for t, w in y.terms.items():
                if t in col:
                    wb[j, col[t]] = w
        for i in range(m):  # row by row: an (n, terms) array at a time
            shared[i] = np.minimum(wa[i][None, :], wb).sum(axis=1)
    sa = np.array([sum(x.terms.values()) for x in a])
    sb = np.array([sum(y.terms.values()) for y in b])
    total = sa[:, None] + sb[None, :] - shared
    empty = np.array([not x.terms for x in a])[:, None] & np.array([not y.terms for y in b])[None, :]
    terms = np.where(empty, 1.0, np.where(total > 0, shared / np.where(total > 0, total, 1.0), 0.0))
    ids, has_ids = _jaccards([x.ids for x in a], [y.ids for y in b])
    nums, has_nums = _jaccards([x.numbers for x in a], [y.numbers for y in b])
    weight = cfg.w_terms + np.where(has_ids, cfg.w_entities, 0.0) + np.where(has_nums, cfg.w_numbers, 0.0)
    score = cfg.w_terms * terms + np.where(has_ids, cfg.w_entities * ids, 0.0)
    score = score + np.where(has_nums, cfg.w_numbers * nums, 0.0)
    return np.round(score / weight, 6)


def align(a: Sequence[Profile], b: Sequence[Profile], *, cfg: VariantConfig, sims: Any = None) -> Alignment:
    """Best local monotonic one-to-one alignment of two passage sequences (Smith-Waterman: a pair
    earns its similarity minus `match`, an unaligned passage inside the block costs `gap`).
    `sims`: their `similarity_matrix`, when the caller has it."""
    m, n = len(a), len(b)
    sims = (similarity_matrix(a, b, cfg=cfg) if sims is None else sims).tolist()
    score = [[0.0] * (n + 1) for _ in range(m + 1)]
    move = [[""] * (n + 1) for _ in range(m + 1)]
    best, best_at = 0.0, (0, 0)
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            options = (
                (score[i - 1][j - 1] + sims[i - 1][j - 1] - cfg.match, "d"),
                (score[i - 1][j] - cfg.gap, "u"),
                (score[i][j - 1] - cfg.gap, "l"),
                (0.0, ""),
            )
            score[i][j], move[i][j] = max(options, key=lambda o: o[0])
            if score[i][j] > best:
                best, best_at = score[i][j], (i, j)
    pairs: list[tuple[int, int, float]] = []
    i, j = best_at
    while i > 0 and j > 0 and move[i][j]:
        step = move[i][j]
        if step == "d":
            if sims[i - 1][j - 1] >= cfg.match:
                pairs.append((i - 1, j - 1, sims[i - 1][j - 1]))
            i, j = i - 1, j - 1
        elif step == "u":
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return _summary(a, b, pairs)


def _summary(a: Sequence[Profile], b: Sequence[Profile], pairs: list[tuple[int, int, float]]) -> Alignment:
    if not pairs:
        return Alignment(pairs=(), score=0.0, coverage=0.0)
    words_a = sum(p.passage.words for p in a)
    words_b = sum(p.passage.words for p in b)
    small_is_a = words_a <= words_b
    aligned = sum((a[i] if small_is_a else b[j]).passage.words for i, j, _ in pairs)
    mean = sum(s for _, _, s in pairs) / len(pairs)
    return Alignment(
        pairs=tuple(pairs), score=round(mean, 4), coverage=round(aligned / max(min(words_a, words_b), 1), 4)
    )


def variant(a: Sequence[Profile], b: Sequence[Profile], *, cfg: VariantConfig) -> Alignment | None:
    """The alignment when `a` and `b` are translation variants of each other (or one of a part of
    the other), else None."""
    if not a or not b:
        return None
    sims = similarity_matrix(a, b, cfg=cfg)
    # A passage of the smaller side can be aligned only with one it resembles at `match` or more: if
    # those passages cannot reach the coverage, no alignment can (and the alignment is skipped).
    small, axis = (a, 1) if sum(p.passage.words for p in a) <= sum(p.passage.words for p in b) else (b, 0)
    can = sims.max(axis=axis) >= cfg.match
    reachable = sum(p.passage.words for p, ok in zip(small, can.tolist(), strict=True) if ok)
    if reachable < cfg.coverage * max(sum(p.passage.words for p in small), 1):
        return None
    found = align(a, b, cfg=cfg, sims=sims)
    need = 1 if min(len(a), len(b)) == 1 else cfg.min_pairs
    if len(found.pairs) < need or found.score < cfg.threshold or found.coverage < cfg.coverage:
        return None
    return found
