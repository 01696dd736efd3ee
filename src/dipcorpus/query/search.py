"""Search the passage index with the query language: ranked (BM25) or by date, paginated."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from dipcorpus.query.parse import QueryError, compile_query, parse
from dipcorpus.store import search as store

__all__ = ["SORTS", "SearchResult", "compile_text", "search"]

SORTS = ("relevance", "date", "newest")
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
        if "fts5" in str(exc) or "MATCH" in str(exc):
            raise QueryError(f"the full-text index rejected the query ({exc})") from exc
        if "no such table: passages" in str(exc):
            raise QueryError("no search index in this database (run `dipcorpus reindex`)") from exc
        raise


def search(
    db: sqlite3.Connection,
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    sort: str = "relevance",
    marks: tuple[str, str] = ("<mark>", "</mark>"),
) -> SearchResult:
    """Passages matching `query`: `total` and one page of hits (doc_id, title, date, speaker,
    snippet with `marks` around matches, start, end, score; plus n, kind, role, outlet)."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r} (choose from {', '.join(SORTS)})")
    if limit < 0 or offset < 0:
        raise QueryError("limit and offset must not be negative")
    compiled = compile_text(query)
    total = run(db, store.count_hits, compiled)
    rows = run(
        db, store.fetch_hits, compiled, limit=min(limit, MAX_LIMIT), offset=offset, sort=sort, marks=marks
    )
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
    return SearchResult(total=total, hits=hits)


def _clean_snippet(text: str) -> str:
    return " ".join(text.split())
