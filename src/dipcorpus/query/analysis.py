"""Co-occurrence of entities and keyness (Dunning log-likelihood) between two sub-corpora."""

from __future__ import annotations

import math
import re
import sqlite3
from collections import Counter
from typing import Any

from dipcorpus.annotate.zh_segment import CJK_RUN, has_cjk, zh_words
from dipcorpus.index.passages import normalise
from dipcorpus.query.parse import ENTITY_KINDS, QueryError
from dipcorpus.query.search import compile_text, run
from dipcorpus.store import search as store

__all__ = ["cooccurrence", "g2", "keyness", "word_counts"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
UNITS = ("passage", "document")


def cooccurrence(
    db: sqlite3.Connection,
    *,
    unit: str = "passage",
    kinds: tuple[str, ...] = ENTITY_KINDS,
    with_entity: str | None = None,
    min_count: int = 1,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Pairs of entity ids (of `kinds`; add "formulation" to pair formulations too) found together
    in the same passage or document, most frequent first: a, b, together, count_a, count_b, units
    (how many units hold any tag of `kinds`) and dice = 2·together / (count_a + count_b).
    `with_entity` keeps only pairs that include that id (or name/variant)."""
    if unit not in UNITS:
        raise QueryError(f"unknown unit {unit!r} (choose from {', '.join(UNITS)})")
    unknown = [k for k in kinds if k not in (*ENTITY_KINDS, "formulation")]
    if unknown or not kinds:
        raise QueryError(f"unknown kind(s) {unknown}; choose from {', '.join((*ENTITY_KINDS, 'formulation'))}")
    key = None
    if with_entity is not None:
        found = store.resolve_keys(db, kinds, normalise(with_entity))
        exact = [k for _, k in found if k == with_entity]
        if not found:
            return []
        key = exact[0] if exact else found[0][1]
    rows = store.pair_counts(db, unit=unit, kinds=kinds, with_key=key, min_count=min_count, limit=limit)
    for row in rows:
        row["dice"] = round(2 * row["together"] / (row["count_a"] + row["count_b"]), 4)
    return rows


def word_counts(db: sqlite3.Connection, query: str) -> tuple[Counter[str], int]:
    """Lower-cased word counts of the passages matching `query`, and their total (Chinese words as
    the segmenter cuts them)."""
    counts: Counter[str] = Counter()
    for text, _ in run(db, lambda d, q: list(store.passage_texts(d, q)), compile_text(query)):
        if has_cjk(text):
            counts.update(zh_words(text))
            text = CJK_RUN.sub(" ", text)
        counts.update(w.lower().replace("’", "'") for w in _WORD.findall(text))
    return counts, sum(counts.values())


def g2(a: int, b: int, total_a: int, total_b: int) -> float:
    """Dunning's log-likelihood G² of a word seen `a` times in corpus A and `b` in corpus B."""
    expected_a = total_a * (a + b) / (total_a + total_b)
    expected_b = total_b * (a + b) / (total_a + total_b)
    value = 0.0
    if a:
        value += a * math.log(a / expected_a)
    if b:
        value += b * math.log(b / expected_b)
    return 2 * value


def keyness(db: sqlite3.Connection, a: str, b: str, *, min_count: int = 5, limit: int = 50) -> list[dict[str, Any]]:
    """Words over-used in the passages matching query `a` relative to those matching `b` and vice
    versa, by G² (1 degree of freedom; p from the χ² tail), with per-10k rates and log2 ratio
    (0.5 added to zero counts). `key_for` says which side a word is key for."""
    counts_a, total_a = word_counts(db, a)
    counts_b, total_b = word_counts(db, b)
    if not total_a or not total_b:
        raise QueryError(f"sub-corpus {'A' if not total_a else 'B'} is empty: no passage matches it")
    rows: list[dict[str, Any]] = []
    for word in set(counts_a) | set(counts_b):
        fa, fb = counts_a.get(word, 0), counts_b.get(word, 0)
        if fa + fb < min_count:
            continue
        value = g2(fa, fb, total_a, total_b)
        ratio = math.log2(((fa or 0.5) / total_a) / ((fb or 0.5) / total_b))
        rows.append({
            "word": word, "a": fa, "b": fb,
            "a_per_10k": round(fa * 10_000 / total_a, 3), "b_per_10k": round(fb * 10_000 / total_b, 3),
            "g2": round(value, 3), "p": math.erfc(math.sqrt(value / 2)), "log_ratio": round(ratio, 3),
            "key_for": "a" if fa / total_a >= fb / total_b else "b",
        })  # fmt: skip
    rows.sort(key=lambda r: (-float(r["g2"]), str(r["word"])))
    return rows[:limit]
