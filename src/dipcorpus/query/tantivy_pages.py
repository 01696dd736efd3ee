"""Pages of hits from the tantivy folder (`tantivy_index`): by BM25, or by date in exactly the order
of the FTS5 path (`store.fetch_hits`), the total from tantivy's count."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import tantivy

from dipcorpus.query.tantivy_index import _MUST, NO_DATE_ASC, Handle, Q
from dipcorpus.store import search as store

__all__ = ["page", "scores_of"]


def _ids(searcher: tantivy.Searcher, hits: Sequence[tuple[Any, tantivy.DocAddress]]) -> list[int]:
    values = searcher.fast_field_values("pid", [address for _, address in hits])
    return [int(v) for v in values if v is not None]


def _count(found: tantivy.SearchResult) -> int:
    return int(found.count)  # type: ignore[attr-defined]  # present at run time, missing from the stubs


def _with_keys(h: Handle, query: tantivy.Query, field: str, low: int, high: int) -> tantivy.Query:
    keys = Q.range_query(h.schema, field, tantivy.FieldType.Unsigned, low, high)
    return Q.boolean_query([(_MUST, query), (_MUST, keys)])


def page(
    h: Handle, query: tantivy.Query, db: sqlite3.Connection, *, limit: int, offset: int, sort: str, scored: bool
) -> tuple[int, dict[int, float | None]]:
    """(total, {passage id: score}) of one page, in the order of `store.fetch_hits`: by tantivy's
    BM25 (`sort='relevance'`), or by date ('date', 'newest': the page is cut from the passages sharing
    the page's first to last date key, ordered by SQLite as the FTS5 path orders them)."""
    searcher = h.searcher()
    if sort == "relevance":
        found = searcher.search(query, limit=max(limit, 1), offset=offset, count=True)
        hits = found.hits[:limit]
        return _count(found), dict(zip(_ids(searcher, hits), [float(s) for s, _ in hits], strict=True))
    field, order = ("date_asc", tantivy.Order.Asc) if sort == "date" else ("date_desc", tantivy.Order.Desc)
    found = searcher.search(query, limit=max(limit, 1), offset=offset, count=True, order_by_field=field, order=order)
    hits = found.hits[:limit]
    if not hits:
        return _count(found), {}
    first, last = int(hits[0][0]), int(hits[-1][0])
    low, high = min(first, last), max(first, last)
    before = 0
    if sort == "date" and first > 0:
        before = _count(searcher.search(_with_keys(h, query, field, 0, first - 1), limit=1, count=True))
    elif sort == "newest" and first < NO_DATE_ASC:
        before = _count(searcher.search(_with_keys(h, query, field, first + 1, NO_DATE_ASC), limit=1, count=True))
    group = _with_keys(h, query, field, low, high)
    size = _count(searcher.search(group, limit=1, count=True))
    ids = _ids(searcher, searcher.search(group, limit=max(size, 1), count=False).hits)
    ids = store.order_ids(db, ids, sort)[offset - before : offset - before + limit]
    scores: dict[int, float | None] = dict.fromkeys(ids)
    if scored:
        scores.update(scores_of(h, query, ids))
    return _count(found), scores


def scores_of(h: Handle, query: tantivy.Query, ids: Sequence[int]) -> dict[int, float]:
    """BM25 scores of the passages `ids` under `query`."""
    searcher = h.searcher()
    only = Q.boolean_query([(_MUST, query), (_MUST, Q.term_set_query(h.schema, "pid", list(ids)))])
    hits = searcher.search(only, limit=max(len(ids), 1), count=False).hits
    return dict(zip(_ids(searcher, hits), [float(s) for s, _ in hits], strict=True))
