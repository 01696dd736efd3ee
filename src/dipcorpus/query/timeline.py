"""How often a term, an entity or a formulation is used per month, quarter or year; first and last use.

A target is resolved (`resolve_target`) in this order: an explicit filter (`country:KGZ`,
`formulation:"three evil forces"`); a formulation id, name or variant; an entity id (`KGZ`, `NATO`)
or an all-capitals name; a target in double quotes is always a phrase; otherwise it is read as a
query (words, "phrases", operators, filters) and every highlighted match in a matching passage
counts. Only dated documents are counted; the rate is per 10,000 words of indexed text of the period
(Chinese words counted by the segmenter) in the language the target asks for (`rate_words`): the
language of its `lang:` filter; else, when all its words are Chinese, the Chinese documents; when
none are, the other documents (English, any other language, or none known); when it mixes both, and
for an entity or formulation (annotated in either language), every document.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import Any

from dipcorpus.annotate.zh_segment import has_cjk
from dipcorpus.index.passages import normalise
from dipcorpus.query import deadline
from dipcorpus.query.kwic import marked_spans
from dipcorpus.query.language import language_code
from dipcorpus.query.parse import ENTITY_KINDS, And, Filter, Near, Node, Or, Phrase, QueryError, Term, parse
from dipcorpus.query.search import compile_text, run
from dipcorpus.store import search as store

__all__ = ["PERIODS", "RateWords", "Target", "first_last", "rate_words", "resolve_target", "timeline"]

PERIODS = ("month", "quarter", "year")


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    kind: str  # term | entity | formulation
    text: str
    keys: tuple[str, ...] = ()


def resolve_target(db: sqlite3.Connection, target: str, *, kind: str = "auto") -> Target:
    """What `target` names: a formulation, an entity or a term query (see the module docstring)."""
    target = target.strip()
    if not target:
        raise QueryError("empty target")
    if kind in ("auto", "entity", "formulation") and not (kind == "auto" and target.startswith('"')):
        found = _resolve_filter(db, target) or _resolve_name(db, target, kind)
        if found is not None:
            return found
        if kind != "auto":
            raise QueryError(f"no {kind} called {target!r} in this corpus")
    compiled = compile_text(target)
    if compiled.match is None:
        raise QueryError(f"{target!r} names no word, phrase, entity or formulation")
    return Target(kind="term", text=target)


@dataclass(frozen=True, slots=True)
class RateWords:
    """Whose words a rate divides by: the documents in `language`, all but those in `exclude`, or
    (neither) every document."""

    language: str | None = None
    exclude: str | None = None


CHINESE = "zh"


def rate_words(target: Target) -> RateWords:
    """The documents whose words are the denominator of `target`'s rate (see the module docstring)."""
    if target.kind != "term":
        return RateWords()
    node = parse(target.text)
    for item in node.items if isinstance(node, And) else (node,):
        if isinstance(item, Filter) and item.field == "lang":
            return RateWords(language=language_code(item.value))
    scripts = {CHINESE if has_cjk(text) else "other" for text in _texts(node)}
    if scripts == {CHINESE}:
        return RateWords(language=CHINESE)
    if scripts == {"other"}:
        return RateWords(exclude=CHINESE)
    return RateWords()


def _texts(node: Node) -> list[str]:
    """The words and phrases of `node` outside NOT (NOT parts and filters say nothing of the language)."""
    if isinstance(node, Term | Phrase):
        return [node.text]
    if isinstance(node, Near | And | Or):
        return [text for item in node.items for text in _texts(item)]
    return []


def _resolve_filter(db: sqlite3.Connection, target: str) -> Target | None:
    try:
        node = parse(target)
    except QueryError:
        return None
    if not isinstance(node, Filter) or node.field not in (*ENTITY_KINDS, "entity", "formulation"):
        return None
    kinds = ENTITY_KINDS if node.field == "entity" else (node.field,)
    keys = tuple(sorted({key for _, key in store.resolve_keys(db, kinds, normalise(node.value))}))
    if not keys:
        raise QueryError(f"no {node.field} called {node.value!r} in this corpus")
    return Target(kind="formulation" if node.field == "formulation" else "entity", text=target, keys=keys)


def _resolve_name(db: sqlite3.Connection, target: str, kind: str) -> Target | None:
    if kind in ("auto", "formulation"):
        keys = tuple(sorted({k for _, k in store.resolve_keys(db, ("formulation",), normalise(target))}))
        if keys:
            return Target(kind="formulation", text=target, keys=keys)
    if kind in ("auto", "entity"):
        found = store.resolve_keys(db, ENTITY_KINDS, normalise(target))
        exact = sorted({k for _, k in found if kind == "entity" or _is_id(k, target)})
        if exact:
            return Target(kind="entity", text=target, keys=tuple(exact))
    return None


def _is_id(key: str, target: str) -> bool:
    """`target` is written as the id `key` (ignoring an 'org:'-style prefix), or as an acronym."""
    return target == key or target.casefold() == key.split(":")[-1].casefold() or target.isupper()


def _period(date: str, by: str) -> str:
    if by == "year":
        return date[:4]
    if by == "quarter":
        return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}" if len(date) >= 7 else date[:4]
    return date[:7]


def _usable(date: str | None, by: str) -> bool:
    """A date precise enough for the period (a bare year has no month)."""
    if not date or not date[:4].isdigit():
        return False
    return by == "year" or (len(date) >= 7 and date[5:7].isdigit())


def _all_periods(first: str, last: str, by: str) -> list[str]:
    """Every period from `first` to `last` inclusive (so gaps show as zeros)."""
    if by == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    step = 3 if by == "quarter" else 1
    out: list[str] = []
    year = int(first[:4])
    month = (int(first[-1]) - 1) * 3 + 1 if by == "quarter" else int(first[5:7])
    while True:
        label = f"{year}-Q{(month - 1) // 3 + 1}" if by == "quarter" else f"{year}-{month:02d}"
        out.append(label)
        if label == last or len(out) > 12 * 1000:
            return out
        month += step
        if month > 12:
            year, month = year + 1, month - 12


def occurrences(db: sqlite3.Connection, target: Target) -> list[dict[str, Any]]:
    """Each use of `target`: doc_id, date, title, start, end (document offsets), in date order."""
    if target.kind in ("entity", "formulation"):
        return store.mentions(db, target.kind, target.keys)
    out = []
    for row in run(db, lambda d, q: list(store.highlighted(d, q)), compile_text(target.text)):
        deadline.check(db)
        _, spans = marked_spans(row["marked"])
        for s, e in spans:
            out.append({"doc_id": row["doc_id"], "date": row["date"], "title": row["title"],
                        "start": row["start"] + s, "end": row["start"] + e})  # fmt: skip
    return out


def timeline(db: sqlite3.Connection, target: str, *, by: str = "month", kind: str = "auto") -> list[dict[str, Any]]:
    """Rows of period, count, words, per_10k for `target` (every period between the corpus's first
    and last dated one, zeros included; per_10k is None for a period with no dated text), each with
    the `kind` the target was counted as (term, entity or formulation: `auto` chooses, and says so)."""
    if by not in PERIODS:
        raise QueryError(f"unknown period {by!r} (choose from {', '.join(PERIODS)})")
    resolved = resolve_target(db, target, kind=kind)
    among = rate_words(resolved)
    words: Counter[str] = Counter()
    for month, n in store.period_words(db, 7, language=among.language, exclude=among.exclude):
        if _usable(month, by):
            words[_period(month, by)] += n
    counts = Counter(_period(o["date"], by) for o in occurrences(db, resolved) if _usable(o["date"], by))
    if not words:
        return []
    periods = _all_periods(min(words), max(words), by)
    return [
        {
            "period": p,
            "kind": resolved.kind,
            "count": counts.get(p, 0),
            "words": words.get(p, 0),
            "per_10k": round(counts.get(p, 0) * 10_000 / words[p], 3) if words.get(p) else None,
        }
        for p in periods
    ]


def first_last(db: sqlite3.Connection, target: str, *, kind: str = "auto") -> dict[str, Any]:
    """The first and the last dated use of `target` (None when unused), with a short context."""
    resolved = resolve_target(db, target, kind=kind)
    dated = [o for o in occurrences(db, resolved) if o["date"]]
    dated.sort(key=lambda o: (o["date"], o["doc_id"], o["start"]))
    out: dict[str, Any] = {
        "target": target,
        "kind": resolved.kind,
        "keys": list(resolved.keys),
        "uses": len(dated),
    }
    for name, use in (("first", dated[0] if dated else None), ("last", dated[-1] if dated else None)):
        if use is not None:
            context = store.doc_text_span(db, use["doc_id"], max(0, use["start"] - 80), use["end"] + 80)
            use = {**use, "context": " ".join(context.split())}
        out[name] = use
    return out
