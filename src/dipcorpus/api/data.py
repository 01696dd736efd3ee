"""What every endpoint returns, as plain JSON-ready dicts: the JSON API returns them as they are and
the web pages render the very same dicts (so each page's JSON twin is exact).

Limits live here: query length, page sizes, offsets, KWIC lines, link rows, document windows.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from dipcorpus.api.errors import ApiError
from dipcorpus.model import Document
from dipcorpus.query import deadline
from dipcorpus.query import search as search_mod
from dipcorpus.query import timeline as timeline_mod
from dipcorpus.query.kwic import marked_spans, sort_key
from dipcorpus.query.parse import QueryError
from dipcorpus.store import browse, queries
from dipcorpus.store import links as link_store
from dipcorpus.store import search as search_store
from dipcorpus.store.db import database_path

__all__ = [
    "FILTERS",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "MAX_QUERY_CHARS",
    "compose_query",
    "document_data",
    "documents_data",
    "get_document",
    "kwic_data",
    "links_data",
    "mention_data",
    "mention_list_data",
    "page_bounds",
    "pair_data",
    "pairs_data",
    "search_data",
    "source_data",
    "timeline_data",
]

MAX_QUERY_CHARS = 500
MAX_LIMIT = 100
MAX_OFFSET = 10_000
KWIC_PASSAGES = 5_000  # matching passages a KWIC page sorts over
MAX_KWIC = 500
MAX_LINK_TEXT = 4000
DOC_WINDOW = 40_000  # characters of text per page of the document and source views
FILTERS = ("speaker", "country", "org", "formulation", "type", "lang", "from", "to")


def check_query(text: str, *, name: str = "q") -> str:
    if len(text) > MAX_QUERY_CHARS:
        raise ApiError(400, "query_too_long", f"{name} is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    return text.strip()


def check_page(limit: int, offset: int, *, max_limit: int = MAX_LIMIT) -> None:
    if not 0 <= limit <= max_limit:
        raise ApiError(400, "bad_limit", f"limit must be between 0 and {max_limit}")
    if not 0 <= offset <= MAX_OFFSET:
        raise ApiError(400, "bad_offset", f"offset must be between 0 and {MAX_OFFSET}")


def compose_query(q: str, filters: Mapping[str, str | None]) -> str:
    """`q` followed by one `field:"value"` filter for each filter given (double quotes dropped)."""
    parts = [q] if q else []
    for name in FILTERS:
        value = (filters.get(name) or "").replace('"', " ").strip()
        if value:
            parts.append(f'{name}:"{value}"')
    return check_query(" ".join(parts))


def search_data(
    db: sqlite3.Connection,
    q: str,
    filters: Mapping[str, str | None],
    *,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    with_facets: bool = True,
) -> dict[str, Any]:
    """Hits (plain-text snippets with the offsets of highlighted runs in `marks`), total, facets."""
    check_query(q)
    check_page(limit, offset)
    query = compose_query(q, filters)
    out: dict[str, Any] = {
        "query": query,
        "q": q,
        "filters": {k: v for k, v in filters.items() if v},
        "sort": sort,
        "limit": limit,
        "offset": offset,
    }
    if not query:
        raise QueryError("empty query: give words, a phrase or a filter")
    result = search_mod.search(
        db, query, limit=limit, offset=offset, sort=sort, marks=(search_store.MARK_OPEN, search_store.MARK_CLOSE)
    )
    hits = []
    for hit in result.hits:
        plain, spans = marked_spans(hit["snippet"])
        hits.append({**hit, "snippet": plain, "marks": [list(s) for s in spans]})
    out["total"] = result.total
    out["hits"] = hits
    if with_facets:
        out["facets"] = cached_facets(db, query)
    return out


_FACETS: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
_FACETS_LOCK = threading.Lock()
FACET_CACHE = 512  # queries whose facet counts a server process keeps


def cached_facets(db: sqlite3.Connection, query: str) -> dict[str, Any]:
    """The facet counts of `query` (`search.facets`: from the tantivy folder's fast fields when it can,
    else SQL), counted once per version of the corpus file: a page of results, the next page or the
    same query from another reader reuse them (kept per process, the least recently used dropped
    first; queries that compile alike share them). The key holds the file's and its WAL's
    modification times, so a write to the corpus makes new counts."""
    compiled = search_mod.compile_text(query)
    key = (_file_version(db), compiled.match, compiled.where, tuple(compiled.params))
    with _FACETS_LOCK:
        found = _FACETS.get(key)
        if found is not None:
            _FACETS.move_to_end(key)
            return _copy(found)
    counted = search_mod.facets(db, query)
    with _FACETS_LOCK:
        _FACETS[key] = counted
        while len(_FACETS) > FACET_CACHE:
            _FACETS.popitem(last=False)
    return _copy(counted)


def _copy(counts: dict[str, Any]) -> dict[str, Any]:
    """A copy of facet counts a caller may change (lists of flat dicts: cheaper than a deep copy)."""
    return {k: [dict(item) for item in v] if isinstance(v, list) else v for k, v in counts.items()}


def _file_version(db: sqlite3.Connection) -> tuple[Any, ...]:
    path = database_path(db)
    if not path:
        return (id(db), time.monotonic())  # an in-memory corpus: never reused
    stamps: list[tuple[int, int] | None] = []
    for name in (path, path + "-wal"):
        try:
            info = os.stat(name)
            stamps.append((info.st_mtime_ns, info.st_size))
        except OSError:
            stamps.append(None)
    return (path, *stamps)


def documents_data(db: sqlite3.Connection, *, limit: int, offset: int) -> dict[str, Any]:
    check_page(limit, offset)
    items = queries.list_documents(db, limit=limit, offset=offset)
    total = len(link_store.current_doc_ids(db))
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def get_document(db: sqlite3.Connection, doc_id: str) -> Document:
    doc = queries.load_document(db, doc_id) if len(doc_id) <= 128 else None
    if doc is None:
        raise ApiError(404, "document_not_found", f"no document with id {doc_id!r}")
    return doc


def _span(text: str, item: Any, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = item.to_dict()
    data.update(extra)
    data["text"] = text[item.start : item.end]
    return data


def document_data(db: sqlite3.Connection, doc: Document) -> dict[str, Any]:
    """The document with its clean text and every annotation as spans (offsets into `text`)."""
    text = doc.text
    meta = {name: getattr(doc, name) for name in Document.METADATA}
    links = link_store.link_rows(db, doc.id)
    return {
        **meta,
        "header": dict(doc.header),
        "chars": len(text),
        "text": text,
        "turns": [
            {**t.to_dict(), "label": text[t.label_start : t.start] if t.label_start is not None else None}
            for t in doc.turns
        ],
        "statements": [_span(text, s) for s in doc.statements],
        "entities": [_span(text, e) for e in doc.entities],
        "formulations": [_span(text, f) for f in doc.formulations],
        "repairs": [r.to_dict() for r in doc.repairs],
        "removals": [{k: v for k, v in r.to_dict().items() if k != "text"} for r in doc.removals],
        "links": [_link_summary(row, doc.id) for row in links],
    }


def _link_summary(row: Mapping[str, Any], doc_id: str) -> dict[str, Any]:
    mine = "a" if row["a_doc"] == doc_id else "b"
    other = "b" if mine == "a" else "a"
    return {
        "kind": row["kind"],
        "score": row["score"],
        "other_doc": row[f"{other}_doc"],
        "other_title": row[f"{other}_title"],
        "other_date": row[f"{other}_date"],
        "start": row[f"{mine}_start"],
        "end": row[f"{mine}_end"],
        "other_start": row[f"{other}_start"],
        "other_end": row[f"{other}_end"],
    }


def page_bounds(text: str, page: int, *, window: int = DOC_WINDOW) -> tuple[int, int, int]:
    """(start, end, pages) of page `page` (0-based) of `text`: windows of about `window` characters
    ending after a newline when one comes within 2,000 characters."""
    bounds = [0]
    while bounds[-1] < len(text):
        cut = bounds[-1] + window
        if cut >= len(text):
            bounds.append(len(text))
            break
        nl = text.find("\n", cut, cut + 2000)
        bounds.append(nl + 1 if nl >= 0 else cut)
    pages = max(1, len(bounds) - 1)
    if not 0 <= page < pages:
        raise ApiError(400, "bad_page", f"page must be between 0 and {pages - 1}")
    if len(bounds) == 1:
        return 0, 0, 1
    return bounds[page], bounds[page + 1], pages


def page_of(text: str, pos: int, *, window: int = DOC_WINDOW) -> int:
    """The page holding character `pos`."""
    page = 0
    while True:
        _, end, pages = page_bounds(text, page, window=window)
        if pos < end or page >= pages - 1:
            return page
        page += 1


def source_data(doc: Document, *, page: int) -> dict[str, Any]:
    """One page of the raw text as read, with the repairs and removals whose raw spans touch it."""
    start, end, pages = page_bounds(doc.raw, page)
    return {
        "id": doc.id,
        "title": doc.title,
        "format": doc.format,
        "page": page,
        "pages": pages,
        "raw_start": start,
        "raw_end": end,
        "raw_chars": len(doc.raw),
        "raw": doc.raw[start:end],
        "repairs": [r.to_dict() for r in doc.repairs if r.raw_end >= start and r.raw_start <= end],
        "removals": [
            {k: v for k, v in r.to_dict().items() if k != "text"}
            for r in doc.removals
            if r.raw_end >= start and r.raw_start <= end
        ],
    }


def kwic_data(
    db: sqlite3.Connection, q: str, *, width: int = 60, limit: int = 100, offset: int = 0, sort: str = "left"
) -> dict[str, Any]:
    """One page of concordance lines (left, match, right), sorted on `sort`'s levels (`left`,
    `right`, `date`, or `L1,R1,R2`...: query/kwic.py) over the lines of the first KWIC_PASSAGES
    matching passages, so that pages follow one order (`capped` says when there were more)."""
    check_query(q)
    if not 1 <= limit <= MAX_KWIC:
        raise ApiError(400, "bad_limit", f"limit must be between 1 and {MAX_KWIC}")
    if not 0 <= offset <= MAX_OFFSET:
        raise ApiError(400, "bad_offset", f"offset must be between 0 and {MAX_OFFSET}")
    key = sort_key(sort)
    if not 1 <= width <= 200:
        raise ApiError(400, "bad_width", "width must be between 1 and 200")
    compiled = search_mod.compile_text(q)
    if compiled.match is None:
        raise QueryError('kwic needs a word or "phrase" to centre on (filters alone match no words)')
    rows = search_mod.run(db, lambda d, c: list(search_store.highlighted(d, c, limit=KWIC_PASSAGES + 1)), compiled)
    capped = len(rows) > KWIC_PASSAGES
    rows = rows[:KWIC_PASSAGES]
    lines = []
    for row in rows:
        deadline.check(db)
        text, spans = marked_spans(row["marked"])
        for s, e in spans:
            lines.append(
                {
                    "doc_id": row["doc_id"],
                    "date": row["date"],
                    "title": row["title"],
                    "speaker": row["speaker"],
                    "start": row["start"] + s,
                    "end": row["start"] + e,
                    "left": " ".join(text[max(0, s - width * 2) : s].split())[-width:],
                    "match": " ".join(text[s:e].split()),
                    "right": " ".join(text[e : e + width * 2].split())[:width],
                }
            )
    lines.sort(key=key)
    page = lines[offset : offset + limit]
    more = len(lines) > offset + limit
    return {
        "query": q,
        "width": width,
        "limit": limit,
        "offset": offset,
        "sort": sort,
        "lines": page,
        "truncated": more,
        "total": len(lines),
        "capped": capped,
    }


def timeline_data(db: sqlite3.Connection, target: str, *, by: str = "month") -> dict[str, Any]:
    check_query(target, name="target")
    if by not in timeline_mod.PERIODS:
        raise ApiError(400, "bad_period", f"by must be one of {', '.join(timeline_mod.PERIODS)}")
    resolved = search_mod.run(db, timeline_mod.resolve_target, target)
    rows = search_mod.run(db, timeline_mod.timeline, target, by=by)
    return {
        "target": target,
        "by": by,
        "kind": resolved.kind,
        "keys": list(resolved.keys),
        "total": sum(r["count"] for r in rows),
        "rows": rows,
    }


def mention_list_data(
    db: sqlite3.Connection, kind: str, *, type: str | None, name: str | None, limit: int, offset: int
) -> dict[str, Any]:
    check_page(limit, offset, max_limit=500)
    if name:
        check_query(name, name="name")
    total, items = browse.mention_list(db, kind, type=type, name=name, limit=limit, offset=offset)
    return {"kind": kind, "type": type, "name": name, "total": total, "limit": limit, "offset": offset, "items": items}


def _months(rows: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Every month from the first to the last in `rows`, zeros included."""
    if not rows:
        return []
    counts = dict(rows)
    year, month = int(rows[0][0][:4]), int(rows[0][0][5:7])
    out: list[dict[str, Any]] = []
    while len(out) < 1200:
        label = f"{year:04d}-{month:02d}"
        out.append({"period": label, "count": counts.get(label, 0)})
        if label >= rows[-1][0]:
            break
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def mention_data(db: sqlite3.Connection, kind: str, key: str, *, limit: int, offset: int) -> dict[str, Any]:
    """One entity (or formulation): counts, mentions per month, the documents mentioning it."""
    check_page(limit, offset)
    info = browse.mention_info(db, kind, key) if len(key) <= 200 else None
    if info is None:
        raise ApiError(404, f"{kind}_not_found", f"no {kind} with id {key!r} in this corpus")
    docs = browse.mention_documents(db, kind, key, limit=limit, offset=offset)
    return {
        **info,
        "kind": kind,
        "by_month": _months(browse.mentions_by_month(db, kind, key)),
        "limit": limit,
        "offset": offset,
        "items": docs,
    }


def links_data(db: sqlite3.Connection, *, doc: str | None, kind: str | None, limit: int, offset: int) -> dict[str, Any]:
    """Linked documents and passages (both texts, cut at MAX_LINK_TEXT characters), best first."""
    check_page(limit, offset)
    if doc is not None:
        doc = get_document(db, doc).id
    rows = link_store.link_rows(db, doc)
    if kind:
        rows = [r for r in rows if r["kind"] == kind]
    rows.sort(key=lambda r: -float(r["score"] or 0))
    items = []
    for row in rows[offset : offset + limit]:
        item = dict(row)
        for side in ("a", "b"):
            text = item.get(f"{side}_text")
            item[f"{side}_truncated"] = bool(text and len(text) > MAX_LINK_TEXT)
            if text:
                item[f"{side}_text"] = text[:MAX_LINK_TEXT]
        items.append(item)
    return {"doc": doc, "kind": kind, "total": len(rows), "limit": limit, "offset": offset, "items": items}


def pairs_data(db: sqlite3.Connection, *, doc: str | None, limit: int, offset: int) -> dict[str, Any]:
    """Translation pairs (the same event's pages in two languages), of `doc` or all, by date."""
    from dipcorpus.query.pairs import partners

    check_page(limit, offset)
    if doc is not None:
        doc = get_document(db, doc).id
    rows = partners(db, doc)
    return {"doc": doc, "total": len(rows), "limit": limit, "offset": offset, "items": rows[offset : offset + limit]}


def pair_data(db: sqlite3.Connection, doc_id: str, other: str | None = None) -> dict[str, Any]:
    """`doc_id`'s translation pair (with `other`, that one) aligned turn by turn (query/pairs.py)."""
    from dipcorpus.errors import DipcorpusError
    from dipcorpus.query.pairs import aligned_pair

    doc = get_document(db, doc_id)
    try:
        return aligned_pair(db, doc.id, other)
    except DipcorpusError as exc:
        raise ApiError(404, "pair_not_found", str(exc)) from exc
