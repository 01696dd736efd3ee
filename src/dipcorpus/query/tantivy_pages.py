"""Pages of hits from the tantivy folder (`tantivy_index`): by BM25, or by date in exactly the order
of the FTS5 path (`store.fetch_hits`), the total from tantivy's count."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import tantivy

from dipcorpus.index.tantivy_index import _MUST, Handle, Q
from dipcorpus.store import search as store

__all__ = ["page", "scores_of"]


def _ids(searcher: tantivy.Searcher, hits: Sequence[tuple[Any, tantivy.DocAddress]]) -> list[int]:
    values = searcher.fast_field_values("pid", [address for _, address in hits])
    return [int(v) for v in values if v is not None]


def _count(found: tantivy.SearchResult) -> int:
    return int(found.count)  # type: ignore[attr-defined]  # present at run time, missing from the stubs


def page(
    h: Handle, query: tantivy.Query, db: sqlite3.Connection, *, limit: int, offset: int, sort: str, scored: bool
) -> tuple[int, dict[int, float | None]]:
    """(total, {passage id: score}) of one page, in the order of `store.fetch_hits`: by tantivy's
    BM25 (`sort='relevance'`), or by date ('date', 'newest': tantivy lists the hits by date key up to
    the first key after the page's last; the passages sharing the page's first to last key are then
    ordered by SQLite as the FTS5 path orders them, and the page cut from them)."""
    searcher = h.searcher()
    if sort == "relevance":
        found = searcher.search(query, limit=max(limit, 1), offset=offset, count=True)
        hits = found.hits[:limit]
        return _count(found), dict(zip(_ids(searcher, hits), [float(s) for s, _ in hits], strict=True))
    field, order = ("date_asc", tantivy.Order.Asc) if sort == "date" else ("date_desc", tantivy.Order.Desc)
    want = offset + limit + max(64, limit)
    while True:  # the hits up to the page's last date key, and the first with a later key (or all)
        found = searcher.search(query, limit=want, count=True, order_by_field=field, order=order)
        hits = found.hits
        total = _count(found)
        if offset >= len(hits) or limit == 0:
            return total, {}
        last = int(hits[min(len(hits), offset + limit) - 1][0])
        if len(hits) >= total or int(hits[-1][0]) != last:
            break
        want *= 4
    first = int(hits[offset][0])
    before = sum(1 for k, _ in hits if int(k) != first and (int(k) < first) == (sort == "date"))
    group = [(k, a) for k, a in hits if _between(int(k), first, last)]
    ids = store.order_ids(db, _ids(searcher, group), sort)[offset - before : offset - before + limit]
    scores: dict[int, float | None] = dict.fromkeys(ids)
    if scored:
        scores.update(scores_of(h, query, ids))
    return total, scores


def _between(key: int, a: int, b: int) -> bool:
    return min(a, b) <= key <= max(a, b)


def scores_of(h: Handle, query: tantivy.Query, ids: Sequence[int]) -> dict[int, float]:
    """BM25 scores of the passages `ids` under `query`."""
    searcher = h.searcher()
    only = Q.boolean_query([(_MUST, query), (_MUST, Q.term_set_query(h.schema, "pid", list(ids)))])
    hits = searcher.search(only, limit=max(len(ids), 1), count=False).hits
    return dict(zip(_ids(searcher, hits), [float(s) for s, _ in hits], strict=True))
