"""Search the passage index with the query language: ranked (BM25) or by date, paginated.

Two engines give the same hits: the derived tantivy folder next to the database (fast; used when it
is up to date) and SQLite FTS5 (the reference, always there). `engine="auto"` picks tantivy when it
can and falls back to FTS5 with one log line on stderr saying why."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from dipcorpus.query.parse import Node, QueryError, compile_query, parse
from dipcorpus.query.snippet import make_snippet, wanted
from dipcorpus.store import browse
from dipcorpus.store import search as store
from dipcorpus.store.backend import is_pg
from dipcorpus.store.search_text import plain

__all__ = ["ENGINES", "SORTS", "SearchResult", "compile_text", "facets", "search"]

log = logging.getLogger("dipcorpus.search")

SORTS = ("relevance", "date", "newest")
ENGINES = ("auto", "tantivy", "fts5")
MAX_LIMIT = 1000


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchResult:
    total: int
    hits: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "hits": self.hits}


def compile_text(query: str) -> store.Compiled:
    """Parse and compile `query` (QueryError when malformed)."""
    return compile_query(parse(query))


def run(db: sqlite3.Connection, func: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a store read, turning an FTS5 complaint about the MATCH string into a QueryError."""
    try:
        return func(db, *args, **kwargs)
    except sqlite3.OperationalError as exc:
        if "parser stack overflow" in str(exc):
            raise QueryError("the query is nested too deeply for the full-text index") from exc
        if "fts5" in str(exc) or "MATCH" in str(exc):
            raise QueryError(f"the full-text index rejected the query ({exc})") from exc
        if "no such table: passages" in str(exc):
            raise QueryError("no search index in this database (run `dipcorpus reindex`)") from exc
        if "ftext" in str(exc):  # opened read-only before migration m0009 ran on it
            raise QueryError("this database's search index predates Chinese search (run `dipcorpus migrate`)") from exc
        raise


def search(
    db: sqlite3.Connection,
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    sort: str = "relevance",
    marks: tuple[str, str] = ("<mark>", "</mark>"),
    engine: str = "auto",
) -> SearchResult:
    """Passages matching `query`: `total` and one page of hits (doc_id, title, date, speaker,
    snippet with `marks` around matches, start, end, score; plus n, kind, role, outlet).

    `engine`: "auto" (tantivy when its folder is up to date, else FTS5), "tantivy" (QueryError when
    it cannot be used) or "fts5"."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r} (choose from {', '.join(SORTS)})")
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if limit < 0 or offset < 0:
        raise QueryError("limit and offset must not be negative")
    node = parse(query)
    compiled = compile_query(node)
    limit = min(limit, MAX_LIMIT)
    found = None
    if engine != "fts5":
        strict = engine == "tantivy"
        found = _tantivy(db, node, compiled, limit=limit, offset=offset, sort=sort, marks=marks, strict=strict)
    if found is None:
        total = run(db, store.count_hits, compiled)
        rows = run(db, store.fetch_hits, compiled, limit=limit, offset=offset, sort=sort, marks=marks)
        if not rows:  # a page with hits reads `ftext`; an empty one must not hide an index that predates it
            run(db, store.check_schema)
        elif is_pg(db) and compiled.match is not None:
            _snippets(db, node, rows, marks)
    else:
        total, rows = found
    return SearchResult(total=total, hits=_hits(rows))


def _tantivy(
    db: sqlite3.Connection,
    node: Node,
    compiled: store.Compiled,
    *,
    limit: int,
    offset: int,
    sort: str,
    marks: tuple[str, str],
    strict: bool,
) -> tuple[int, list[dict[str, Any]]] | None:
    """(total, rows) from the tantivy folder, or None when it is missing, stale or cannot express
    the query (then FTS5 answers)."""
    from dipcorpus.index import tantivy_index as tv
    from dipcorpus.query import tantivy_pages

    handle = tv.open_fresh(db)
    if handle is None:
        if strict:
            raise QueryError("the tantivy index is missing or stale (run `dipcorpus reindex`)")
        return None
    try:
        query, scored = tv.compile_node(handle, node, db)
    except tv.Unsupported as exc:
        if strict:
            raise QueryError(f"the tantivy engine cannot run this query: {exc}") from exc
        log.info("search: %s; this query runs on SQLite FTS5", exc)
        return None
    order = sort if scored or sort != "relevance" else "date"  # filters only: no score, listed by date
    total, scores = tantivy_pages.page(handle, query, db, limit=limit, offset=offset, sort=order, scored=scored)
    rows = run(db, store.hits_by_ids, list(scores), match=None, with_text=True)
    want = wanted(node, lambda text: tv.tokens(text, handle.table))
    for row in rows:
        row["score"] = scores[row["passage_id"]]
        passage, marked = row.pop("text"), row.pop("marked")
        if scored:
            snippet = make_snippet(passage, want, handle.table, marks=marks)
            row["snippet"] = plain(snippet) if marked else snippet
    return total, rows


def _snippets(db: sqlite3.Connection, node: Node, rows: list[dict[str, Any]], marks: tuple[str, str]) -> None:
    """The snippets of a PostgreSQL page made as the tantivy path makes them (query/snippet.py: the
    FTS5 tokens, FTS5's window), not by ts_headline, whose own word parser can miss a match."""
    from dipcorpus.store.pg_search import fold_table, tokens

    texts = {r["passage_id"]: r for r in run(db, store.hits_by_ids, [r["passage_id"] for r in rows], match=None,
                                              with_text=True)}  # fmt: skip
    want = wanted(node, tokens)
    for row in rows:
        found = texts.get(row["passage_id"])
        if found is not None:
            snippet = make_snippet(found["text"], want, fold_table(), marks=marks)
            row["snippet"] = plain(snippet) if found["marked"] else snippet


def facets(db: sqlite3.Connection, query: str, *, engine: str = "auto") -> dict[str, Any]:
    """Counts of the passages matching `query` by event type, speaker and country (`store.browse.facets`:
    the first 5,000 matches by passage id, `capped` when there were more). `engine` as for `search`:
    "auto" counts in the tantivy folder when it is up to date and can run the query, else in SQLite."""
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    node = parse(query)
    if engine != "fts5":
        from dipcorpus.index import tantivy_index as tv
        from dipcorpus.query import tantivy_facets

        handle = tv.open_fresh(db)
        if handle is not None:
            try:
                compiled, _ = tv.compile_node(handle, node, db)
            except tv.Unsupported:
                compiled = None
            counted = None if compiled is None else tantivy_facets.facets(handle, compiled)
            if counted is not None:
                return browse.name_countries(db, counted)
        if engine == "tantivy":
            raise QueryError("the tantivy index is missing, stale or cannot run this query")
    return dict(run(db, browse.facets, compile_query(node)))


def _hits(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    hits = []
    for row in rows:
        score = row.pop("score")
        hits.append({
            "doc_id": row["doc_id"], "title": row["title"], "date": row["date"], "speaker": row["speaker"],
            "snippet": _clean_snippet(row.pop("snippet") or ""), "start": row["start"], "end": row["end"],
            "score": None if score is None else round(float(score), 4),
            "n": row["n"], "kind": row["kind"], "role": row["role"], "outlet": row["outlet"],
            "event_type": row["event_type"],
        })  # fmt: skip
    return hits


def _clean_snippet(text: str) -> str:
    return " ".join(text.split())
