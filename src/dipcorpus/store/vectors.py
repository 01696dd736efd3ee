"""SQL of the passage vectors (see m0007_passage_vectors): one sentence embedding per passage and model.

A vector is a BLOB of `dim` little-endian float32 values, L2-normalised. Rows belong to a passage of
the search index (`passages.id`) and go with it: re-indexing a document deletes its passages, and
the foreign key (ON DELETE CASCADE) deletes their vectors, so a vector is never stale; the passages
written again simply have no vector until the next `dipcorpus embed`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

__all__ = [
    "clear_vectors",
    "count_missing",
    "hit_rows",
    "iter_vectors",
    "missing_passages",
    "passage_rows",
    "save_vectors",
    "vector_stats",
]


def missing_passages(db: sqlite3.Connection, model: str, *, limit: int | None = None) -> list[tuple[int, str]]:
    """(passage id, text) of passages without a vector of `model`, in id order (at most `limit`)."""
    sql = (
        "SELECT p.id, p.text FROM passages p WHERE NOT EXISTS "
        "(SELECT 1 FROM passage_vectors v WHERE v.passage_id = p.id AND v.model = ?) ORDER BY p.id"
    )
    params: list[Any] = [model]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [(int(r[0]), str(r[1])) for r in db.execute(sql, params)]


def count_missing(db: sqlite3.Connection, model: str) -> int:
    row = db.execute(
        "SELECT COUNT(*) FROM passages p WHERE NOT EXISTS "
        "(SELECT 1 FROM passage_vectors v WHERE v.passage_id = p.id AND v.model = ?)",
        (model,),
    ).fetchone()
    return int(row[0])


def save_vectors(db: sqlite3.Connection, model: str, dim: int, rows: Sequence[tuple[int, bytes]]) -> None:
    """Store (passage id, float32 BLOB) rows of `model` in one transaction (replacing older ones)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        db.executemany(
            "INSERT OR REPLACE INTO passage_vectors (passage_id, model, dim, vector) "
            "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM passages WHERE id = ?)",
            [(pid, model, dim, blob, pid) for pid, blob in rows],
        )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def iter_vectors(db: sqlite3.Connection, model: str) -> Iterator[tuple[int, int, bytes]]:
    """(passage id, dim, BLOB) of every vector of `model`, in passage id order."""
    rows = db.execute(
        "SELECT passage_id, dim, vector FROM passage_vectors WHERE model = ? ORDER BY passage_id", (model,)
    )
    for row in rows:
        yield int(row[0]), int(row[1]), bytes(row[2])


def vector_stats(db: sqlite3.Connection) -> dict[str, Any]:
    """Passages, and vectors per model; `version` changes whenever vectors are added or removed."""
    passages = int(db.execute("SELECT COUNT(*) FROM passages").fetchone()[0])
    models = {
        str(r[0]): int(r[1])
        for r in db.execute("SELECT model, COUNT(*) FROM passage_vectors GROUP BY model ORDER BY model")
    }
    top = db.execute("SELECT COALESCE(MAX(rowid), 0), COUNT(*) FROM passage_vectors").fetchone()
    return {"passages": passages, "vectors": models, "version": (int(top[0]), int(top[1]))}


def clear_vectors(db: sqlite3.Connection, model: str | None = None) -> int:
    """Delete the vectors of `model` (or all). Returns how many were deleted."""
    if model is None:
        cur = db.execute("DELETE FROM passage_vectors")
    else:
        cur = db.execute("DELETE FROM passage_vectors WHERE model = ?", (model,))
    return int(cur.rowcount)


_HIT_COLUMNS = (
    'p.id AS passage_id, p.doc_id, p.n, p.kind, p.start, p."end", p.speaker, p.role, p.outlet, '
    "d.title, d.date, d.event_type"
)


def hit_rows(db: sqlite3.Connection, ids: Sequence[int], *, snippet_chars: int = 240) -> dict[int, dict[str, Any]]:
    """Passage and document columns of the passages `ids`, with `snippet` (the first characters)."""
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT {_HIT_COLUMNS}, substr(p.text, 1, ?) AS snippet "
            f"FROM passages p JOIN documents d ON d.id = p.doc_id WHERE p.id IN ({marks})",
            [snippet_chars, *chunk],
        )
        for row in rows:
            hit = dict(row)
            out[int(hit["passage_id"])] = hit
    return out


def passage_rows(db: sqlite3.Connection, doc_id: str) -> list[dict[str, Any]]:
    """id, n, kind, role, speaker, start, end and text of one document's passages, in order."""
    rows = db.execute(
        'SELECT id, n, kind, role, speaker, start, "end", text FROM passages WHERE doc_id = ? ORDER BY n',
        (doc_id,),
    )
    return [dict(r) for r in rows]
