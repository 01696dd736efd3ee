"""Reads and writes for linking: the passage index (signatures, key terms), its settings, clusters,
and link listings. The `links` table itself is written by `queries.replace_links`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from dipcorpus.model import Link, TurnPair
from dipcorpus.store.queries import CURRENT_DOCS

__all__ = [
    "clear_index",
    "cluster_rows",
    "current_doc_ids",
    "current_docs_on_days",
    "days_of",
    "doc_dates",
    "forget_docs",
    "get_meta",
    "indexed_doc_ids",
    "link_rows",
    "passage_link_rows",
    "passage_rows",
    "replace_clusters",
    "replace_translations",
    "save_index",
    "set_meta",
    "translation_partners",
    "turn_pair_rows",
    "turn_pair_steps",
]

def _tx(db: sqlite3.Connection) -> Any:
    class _T:
        def __enter__(self) -> None:
            db.execute("BEGIN IMMEDIATE")

        def __exit__(self, exc_type: object, *rest: object) -> None:
            db.execute("ROLLBACK" if exc_type else "COMMIT")

    return _T()


def current_doc_ids(db: sqlite3.Connection) -> list[str]:
    """Ids of the current version of every source, oldest date first."""
    rows = db.execute(f"SELECT id FROM documents WHERE id IN ({CURRENT_DOCS}) ORDER BY date IS NULL, date, id")
    return [r[0] for r in rows]


def doc_dates(db: sqlite3.Connection) -> dict[str, str | None]:
    return {r[0]: r[1] for r in db.execute("SELECT id, COALESCE(date, published) FROM documents")}


def indexed_doc_ids(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT doc_id FROM link_docs")}


def get_meta(db: sqlite3.Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in db.execute("SELECT key, value FROM link_meta")}


def set_meta(db: sqlite3.Connection, values: dict[str, str]) -> None:
    with _tx(db):
        db.executemany("INSERT OR REPLACE INTO link_meta VALUES (?, ?)", sorted(values.items()))


def clear_index(db: sqlite3.Connection) -> None:
    """Forget every indexed passage, cluster and setting (before a rebuild)."""
    with _tx(db):
        for table in ("link_passages", "link_docs", "link_clusters", "link_meta", "turn_pairs"):
            db.execute(f"DELETE FROM {table}")


def forget_docs(db: sqlite3.Connection, doc_ids: Sequence[str]) -> None:
    with _tx(db):
        for doc_id in doc_ids:
            db.execute("DELETE FROM link_docs WHERE doc_id = ?", (doc_id,))


def save_index(
    db: sqlite3.Connection, doc_id: str, rows: Sequence[tuple[int, int, int, int | None, int, bytes, str]]
) -> None:
    """Record `doc_id` as linked with its passages: rows of (n, start, end, turn, words, sig, keys)."""
    with _tx(db):
        db.execute("DELETE FROM link_docs WHERE doc_id = ?", (doc_id,))
        db.execute(
            "INSERT INTO link_docs VALUES (?, ?, ?, ?)",
            (doc_id, len(rows), sum(r[4] for r in rows), datetime.now(UTC).isoformat(timespec="seconds")),
        )
        db.executemany(
            "INSERT INTO link_passages VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(doc_id, *r) for r in rows]
        )


def passage_rows(db: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every indexed passage with its document's date, in (doc_id, n) order."""
    sql = (
        'SELECT p.doc_id, p.n, p.start, p."end", p.turn, p.words, p.sig, p.keys, '
        "COALESCE(d.date, d.published) AS date "
        "FROM link_passages p JOIN documents d ON d.id = p.doc_id ORDER BY p.doc_id, p.n"
    )
    for row in db.execute(sql):
        yield dict(row)


def passage_link_rows(db: sqlite3.Connection, kinds: Sequence[str]) -> list[Link]:
    marks = ", ".join("?" * len(kinds))
    rows = db.execute(
        f"SELECT a_doc, b_doc, kind, score, a_start, a_end, b_start, b_end FROM links "
        f"WHERE a_start IS NOT NULL AND kind IN ({marks})",
        tuple(kinds),
    )
    return [Link(**dict(r)) for r in rows]


def replace_clusters(
    db: sqlite3.Connection, rows: Sequence[tuple[str, str, int, int, str | None, int]]
) -> None:
    """Replace every cluster: rows of (cluster, doc_id, start, end, date, representative)."""
    with _tx(db):
        db.execute("DELETE FROM link_clusters")
        db.executemany("INSERT OR IGNORE INTO link_clusters VALUES (?, ?, ?, ?, ?, ?)", rows)


def cluster_rows(db: sqlite3.Connection, *, min_docs: int = 1) -> list[dict[str, Any]]:
    """One row per cluster repeated in at least `min_docs` documents: size, first and last date,
    the dates, and the representative's text, most repeated first."""
    sql = (
        "SELECT c.cluster, COUNT(DISTINCT c.doc_id) AS docs, COUNT(*) AS passages, "
        "MIN(c.date) AS first, MAX(c.date) AS last, GROUP_CONCAT(DISTINCT substr(c.date, 1, 10)) AS dates, "
        "MAX(CASE WHEN c.representative = 1 THEN c.doc_id END) AS doc_id, "
        'MAX(CASE WHEN c.representative = 1 THEN substr(d.text, c.start + 1, c."end" - c.start) END) AS text '
        "FROM link_clusters c JOIN documents d ON d.id = c.doc_id "
        "GROUP BY c.cluster HAVING COUNT(DISTINCT c.doc_id) >= ? ORDER BY docs DESC, passages DESC, first"
    )
    return [dict(r) for r in db.execute(sql, (min_docs,))]


def link_rows(db: sqlite3.Connection, doc_id: str | None = None) -> list[dict[str, Any]]:
    """Links touching `doc_id` (all when None) with both titles and, for passage links, both texts."""
    where, args = ("WHERE k.a_doc = ? OR k.b_doc = ?", (doc_id, doc_id)) if doc_id else ("", ())
    sql = (
        "SELECT k.a_doc, k.b_doc, k.kind, k.score, k.a_start, k.a_end, k.b_start, k.b_end, "
        "a.title AS a_title, b.title AS b_title, a.date AS a_date, b.date AS b_date, "
        "substr(a.text, k.a_start + 1, k.a_end - k.a_start) AS a_text, "
        "substr(b.text, k.b_start + 1, k.b_end - k.b_start) AS b_text "
        f"FROM links k JOIN documents a ON a.id = k.a_doc JOIN documents b ON b.id = k.b_doc {where} "
        "ORDER BY k.a_doc, k.b_doc, k.a_start IS NOT NULL, k.a_start, k.b_start"
    )
    return [dict(r) for r in db.execute(sql, args)]


# ---------------------------------------------------------------- translation pairs


def days_of(db: sqlite3.Connection, doc_ids: Sequence[str]) -> set[str]:
    """The event days (YYYY-MM-DD) of `doc_ids` that have one."""
    days: set[str] = set()
    for doc_id in doc_ids:
        row = db.execute("SELECT substr(date, 1, 10) FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is not None and row[0]:
            days.add(row[0])
    return days


def current_docs_on_days(db: sqlite3.Connection, days: Sequence[str]) -> dict[str, list[str]]:
    """The current documents of each day in `days` (by event date), in id order."""
    out: dict[str, list[str]] = {day: [] for day in days}
    for day in days:
        rows = db.execute(
            f"SELECT id FROM documents WHERE substr(date, 1, 10) = ? AND id IN ({CURRENT_DOCS}) ORDER BY id", (day,)
        )
        out[day] = [r[0] for r in rows]
    return out


def replace_translations(
    db: sqlite3.Connection, doc_ids: Sequence[str], links: Sequence[Link], pairs: Sequence[TurnPair]
) -> None:
    """Replace the `translation` links and turn alignments touching `doc_ids` by `links` and `pairs`."""
    with _tx(db):
        for doc_id in doc_ids:
            db.execute(
                "DELETE FROM links WHERE kind = 'translation' AND (a_doc = ? OR b_doc = ?)", (doc_id, doc_id)
            )
            db.execute("DELETE FROM turn_pairs WHERE a_doc = ? OR b_doc = ?", (doc_id, doc_id))
        db.executemany(
            "INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(k.a_doc, k.b_doc, k.kind, k.score, k.a_start, k.a_end, k.b_start, k.b_end) for k in links],
        )
        db.executemany(
            "INSERT INTO turn_pairs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [_pair_row(p) for p in pairs]
        )


def _pair_row(p: TurnPair) -> tuple[Any, ...]:
    return (p.a_doc, p.b_doc, p.n, p.unit, p.role, p.score, p.a_first, p.a_last, p.b_first, p.b_last,
            p.a_start, p.a_end, p.b_start, p.b_end)  # fmt: skip


def translation_partners(db: sqlite3.Connection, doc_id: str | None = None) -> list[dict[str, Any]]:
    """The `translation` links (of `doc_id`, or all) with both documents' language, date and title."""
    where, args = ("AND (k.a_doc = ? OR k.b_doc = ?)", (doc_id, doc_id)) if doc_id else ("", ())
    sql = (
        "SELECT k.a_doc, k.b_doc, k.score, a.language AS a_language, b.language AS b_language, "
        "a.date AS a_date, b.date AS b_date, a.title AS a_title, b.title AS b_title "
        "FROM links k JOIN documents a ON a.id = k.a_doc JOIN documents b ON b.id = k.b_doc "
        f"WHERE k.kind = 'translation' AND k.a_start IS NULL {where} ORDER BY a.date, k.a_doc, k.b_doc"
    )
    return [dict(r) for r in db.execute(sql, args)]


def turn_pair_rows(db: sqlite3.Connection, a_doc: str, b_doc: str) -> list[dict[str, Any]]:
    """The stored alignment of `a_doc` and `b_doc` in order, with each side's text."""
    sql = (
        "SELECT p.*, substr(a.text, p.a_start + 1, p.a_end - p.a_start) AS a_text, "
        "substr(b.text, p.b_start + 1, p.b_end - p.b_start) AS b_text "
        "FROM turn_pairs p JOIN documents a ON a.id = p.a_doc JOIN documents b ON b.id = p.b_doc "
        "WHERE p.a_doc = ? AND p.b_doc = ? ORDER BY p.n"
    )
    return [dict(r) for r in db.execute(sql, (a_doc, b_doc))]


def turn_pair_steps(db: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every stored alignment step (no texts), by pair and order."""
    return [dict(r) for r in db.execute("SELECT * FROM turn_pairs ORDER BY a_doc, b_doc, n")]
