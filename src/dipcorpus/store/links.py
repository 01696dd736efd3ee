"""Reads and writes for linking: the passage index (shingles, LSH band keys, key terms, fingerprint
counts; every read is an indexed lookup, never a scan of the corpus), its settings, clusters, and
link listings. The `links` table itself is written by `queries.replace_links`."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from dipcorpus.model import Document, Entity, Formulation, Link, Turn, TurnPair
from dipcorpus.store.queries import CURRENT_DOCS

__all__ = [
    "FpCount",
    "IndexedDoc",
    "IndexedPassage",
    "band_hits",
    "bulk_load",
    "clear_index",
    "cluster_count",
    "cluster_members",
    "cluster_rows",
    "clusters_touching",
    "current_doc_ids",
    "current_docs_on_days",
    "days_of",
    "doc_dates",
    "doc_index_rows",
    "doc_seqs",
    "doc_totals",
    "docs_with_prints",
    "forget_docs",
    "furniture",
    "furniture_rows",
    "get_meta",
    "indexed_doc_ids",
    "indexed_passages",
    "link_document",
    "link_rows",
    "max_passage",
    "next_seq",
    "passage_link_rows",
    "passage_links_touching",
    "replace_clusters",
    "replace_some_clusters",
    "replace_translations",
    "save_docs",
    "set_meta",
    "shared_terms",
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


def doc_dates(db: sqlite3.Connection, doc_ids: Iterable[str] | None = None) -> dict[str, str | None]:
    """The date of each document (of `doc_ids`, or all)."""
    if doc_ids is None:
        return {r[0]: r[1] for r in db.execute("SELECT id, COALESCE(date, published) FROM documents")}
    out: dict[str, str | None] = {}
    for doc_id in set(doc_ids):
        row = db.execute("SELECT COALESCE(date, published) FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is not None:
            out[doc_id] = row[0]
    return out


def indexed_doc_ids(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT doc_id FROM link_docs")}


def get_meta(db: sqlite3.Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in db.execute("SELECT key, value FROM link_meta")}


def set_meta(db: sqlite3.Connection, values: dict[str, str]) -> None:
    with _tx(db):
        db.executemany("INSERT OR REPLACE INTO link_meta VALUES (?, ?)", sorted(values.items()))


_INDEX_TABLES = ("link_bands", "link_terms", "link_passages", "link_docs", "link_furniture")
# The indexes of the big index tables, dropped while a rebuild fills them and made again after.
_BULK_INDEXES = {
    "link_passages_fp": "link_passages(fp)",
    "link_bands_key": "link_bands(key, passage)",
    "link_bands_passage": "link_bands(passage)",
    "link_terms_term": "link_terms(term, passage)",
    "link_terms_passage": "link_terms(passage)",
}


def clear_index(db: sqlite3.Connection) -> None:
    """Forget every indexed passage, cluster and setting (before a rebuild)."""
    with _tx(db):
        for table in (*_INDEX_TABLES, "link_clusters", "link_meta", "turn_pairs"):
            db.execute(f"DELETE FROM {table}")


@contextmanager
def bulk_load(db: sqlite3.Connection) -> Iterator[None]:
    """Drop the index tables' indexes while an empty index is filled, and make them again after
    (much faster than keeping them up to date row by row)."""
    with _tx(db):
        for name in _BULK_INDEXES:
            db.execute(f"DROP INDEX IF EXISTS {name}")
    try:
        yield
    finally:
        with _tx(db):
            for name, on in _BULK_INDEXES.items():
                db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")


FpCount = tuple[str, int, int]  # (group, fingerprint, documents carrying it after the change)


def forget_docs(db: sqlite3.Connection, doc_ids: Sequence[str]) -> list[FpCount]:
    """Drop `doc_ids` from the index (their passages, band keys and terms go with them) and from the
    fingerprint counts; returns the counts they changed."""
    changed: list[FpCount] = []
    with _tx(db):
        for doc_id in doc_ids:
            prints = db.execute(
                "SELECT DISTINCT d.grp, p.fp FROM link_passages p JOIN link_docs d ON d.doc_id = p.doc_id "
                "WHERE p.doc_id = ?",
                (doc_id,),
            ).fetchall()
            for grp, fp in prints:
                db.execute("UPDATE link_furniture SET docs = docs - 1 WHERE grp = ? AND fp = ?", (grp, fp))
                row = db.execute("SELECT docs FROM link_furniture WHERE grp = ? AND fp = ?", (grp, fp)).fetchone()
                changed.append((grp, fp, row[0] if row else 0))
            db.execute("DELETE FROM link_docs WHERE doc_id = ?", (doc_id,))
        db.execute("DELETE FROM link_furniture WHERE docs <= 0")
    return changed


@dataclass(frozen=True, slots=True)
class IndexedPassage:
    """One passage as the index keeps it (`shingles`: sorted uint32, little-endian)."""

    n: int
    start: int
    end: int
    turn: int | None
    words: int
    fp: int
    numbers: str  # space-separated
    shingles: bytes
    bands: Sequence[int]
    terms: Sequence[str]


@dataclass(frozen=True, slots=True)
class IndexedDoc:
    doc_id: str
    grp: str
    passages: Sequence[IndexedPassage]


def next_seq(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT MAX(seq) FROM link_docs").fetchone()
    return int(row[0] or 0) + 1


def save_docs(db: sqlite3.Connection, docs: Sequence[IndexedDoc], *, seq: int) -> list[FpCount]:
    """Index `docs` (numbered `seq`, `seq` + 1, ... in order) with their passages, band keys, terms and
    fingerprint counts, in one transaction; returns the fingerprint counts they changed."""
    changed: list[FpCount] = []
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with _tx(db):
        row = db.execute("SELECT MAX(id) FROM link_passages").fetchone()
        pid = int(row[0] or 0)
        passages: list[tuple[Any, ...]] = []
        bands: list[tuple[int, int]] = []
        terms: list[tuple[str, int]] = []
        for k, doc in enumerate(docs):
            db.execute("DELETE FROM link_docs WHERE doc_id = ?", (doc.doc_id,))
            db.execute(
                "INSERT INTO link_docs VALUES (?, ?, ?, ?, ?, ?)",
                (doc.doc_id, seq + k, doc.grp, len(doc.passages), sum(p.words for p in doc.passages), now),
            )
            for p in doc.passages:
                pid += 1
                passages.append((pid, doc.doc_id, p.n, p.start, p.end, p.turn, p.words, p.fp, p.numbers, p.shingles))
                bands.extend((key, pid) for key in p.bands)
                terms.extend((term, pid) for term in p.terms)
            for fp in sorted({p.fp for p in doc.passages}):
                db.execute(
                    "INSERT INTO link_furniture VALUES (?, ?, 1) "
                    "ON CONFLICT (grp, fp) DO UPDATE SET docs = link_furniture.docs + 1",
                    (doc.grp, fp),
                )
                got = db.execute("SELECT docs FROM link_furniture WHERE grp = ? AND fp = ?", (doc.grp, fp)).fetchone()
                changed.append((doc.grp, fp, got[0]))
        db.executemany("INSERT INTO link_passages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", passages)
        db.executemany("INSERT INTO link_bands VALUES (?, ?)", bands)
        db.executemany("INSERT INTO link_terms VALUES (?, ?)", terms)
    return changed


def _chunked(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def max_passage(db: sqlite3.Connection, max_seq: int) -> int:
    """The highest passage id of the documents numbered up to `max_seq` (ids grow with the numbers)."""
    row = db.execute(
        "SELECT MAX(p.id) FROM link_passages p JOIN link_docs d ON d.doc_id = p.doc_id WHERE d.seq <= ?", (max_seq,)
    ).fetchone()
    return int(row[0] or 0)


def _hits(
    db: sqlite3.Connection, table: str, column: str, values: Iterable[Any], max_id: int, skip: str | None
) -> dict[Any, list[tuple[str, int]]]:
    """Passages (doc_id, n) with id up to `max_id`, not of document `skip`, per value of `column`:
    the index on (column, passage) answers without reading the table, and only the passages found
    are looked up."""
    found: list[tuple[Any, int]] = []
    for part in _chunked(sorted(set(values))):
        marks = ", ".join("?" * len(part))
        sql = (  # a value held by one passage only (the asker itself) is no candidate: left out
            f"SELECT {column}, passage FROM {table} WHERE passage <= ? AND {column} IN ("
            f"SELECT {column} FROM {table} WHERE {column} IN ({marks}) AND passage <= ? "
            f"GROUP BY {column} HAVING COUNT(*) > 1)"
        )
        found.extend(db.execute(sql, (max_id, *part, max_id)).fetchall())
    where: dict[int, tuple[str, int]] = {}
    for part in _chunked(sorted({pid for _, pid in found})):
        marks = ", ".join("?" * len(part))
        for pid, doc_id, n in db.execute(f"SELECT id, doc_id, n FROM link_passages WHERE id IN ({marks})", part):
            where[pid] = (doc_id, n)
    out: dict[Any, list[tuple[str, int]]] = {}
    for value, pid in found:
        key = where.get(pid)
        if key is not None and key[0] != skip:
            out.setdefault(value, []).append(key)
    return out


def band_hits(
    db: sqlite3.Connection, keys: Iterable[int], *, max_id: int, skip: str | None = None
) -> dict[int, list[tuple[str, int]]]:
    """The passages (doc_id, n) with id up to `max_id` holding each band key (not of document `skip`)."""
    return _hits(db, "link_bands", "key", keys, max_id, skip)


def shared_terms(
    db: sqlite3.Connection, asks: Sequence[tuple[tuple[str, int], Sequence[str]]], *, least: int, max_id: int
) -> list[list[tuple[str, int]]]:
    """For each (passage, its terms) in `asks`: the passages (doc_id, n) with id up to `max_id`, of
    another document, keyed by at least `least` of those terms. Terms are counted on passage ids
    straight from the (term, passage) index; only the passages that reach `least` are looked up."""
    postings: dict[str, list[int]] = {}
    for part in _chunked(sorted({t for _, terms in asks for t in terms})):
        marks = ", ".join("?" * len(part))
        sql = f"SELECT term, passage FROM link_terms WHERE term IN ({marks}) AND passage <= ?"
        for term, pid in db.execute(sql, (*part, max_id)):
            postings.setdefault(term, []).append(pid)
    kept: list[list[int]] = []
    for _, terms in asks:
        counts = Counter(pid for t in terms for pid in postings.get(t, ()))
        kept.append([pid for pid, n in counts.items() if n >= least])
    where: dict[int, tuple[str, int]] = {}
    for part in _chunked(sorted({pid for pids in kept for pid in pids})):
        marks = ", ".join("?" * len(part))
        for pid, doc_id, n in db.execute(f"SELECT id, doc_id, n FROM link_passages WHERE id IN ({marks})", part):
            where[pid] = (doc_id, n)
    return [
        [where[pid] for pid in pids if pid in where and where[pid][0] != key[0]]
        for (key, _), pids in zip(asks, kept, strict=True)
    ]


def _by_doc(keys: Iterable[tuple[str, int]]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for doc_id, n in keys:
        out.setdefault(doc_id, []).append(n)
    return out


def indexed_passages(db: sqlite3.Connection, keys: Iterable[tuple[str, int]]) -> list[dict[str, Any]]:
    """The stored rows of the passages `keys` ((doc_id, n)) that are indexed."""
    out: list[dict[str, Any]] = []
    for doc_id, ns in _by_doc(keys).items():
        for part in _chunked(sorted(set(ns))):
            marks = ", ".join("?" * len(part))
            sql = (
                'SELECT p.doc_id, p.n, p.start, p."end", p.turn, p.words, p.fp, p.numbers, p.shingles '
                f"FROM link_passages p WHERE p.doc_id = ? AND p.n IN ({marks})"
            )
            out.extend(dict(r) for r in db.execute(sql, (doc_id, *part)))
    return out


def doc_index_rows(db: sqlite3.Connection, doc_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """Each indexed document's passages in order, with band keys and terms (space-separated)."""
    out: dict[str, list[dict[str, Any]]] = {}
    sql = (
        'SELECT p.id, p.doc_id, p.n, p.start, p."end", p.turn, p.words, p.fp, p.numbers, p.shingles, '
        "(SELECT GROUP_CONCAT(b.key, ' ') FROM link_bands b WHERE b.passage = p.id) AS bands, "
        "(SELECT GROUP_CONCAT(t.term, ' ') FROM link_terms t WHERE t.passage = p.id) AS terms "
        "FROM link_passages p WHERE p.doc_id = ? ORDER BY p.n"
    )
    for doc_id in doc_ids:
        out[doc_id] = [dict(r) for r in db.execute(sql, (doc_id,))]
    return out


def furniture(
    db: sqlite3.Connection, keys: Iterable[tuple[str, int]], *, min_docs: int, short_docs: int, short_words: int
) -> set[tuple[str, int]]:
    """Which of the passages `keys` are furniture: their fingerprint is in `min_docs` or more documents
    of their document's source group (`short_docs` for a passage under `short_words` words)."""
    out: set[tuple[str, int]] = set()
    sql = (
        "SELECT p.n FROM link_passages p JOIN link_docs d ON d.doc_id = p.doc_id "
        "JOIN link_furniture f ON f.grp = d.grp AND f.fp = p.fp "
        "WHERE p.doc_id = ? AND (f.docs >= ? OR (p.words < ? AND f.docs >= ?))"
    )
    for doc_id, ns in _by_doc(keys).items():
        wanted = set(ns)
        out.update(
            (doc_id, r[0]) for r in db.execute(sql, (doc_id, min_docs, short_words, short_docs)) if r[0] in wanted
        )
    return out


def doc_totals(db: sqlite3.Connection, doc_ids: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(passages, passage words) of each indexed document among `doc_ids`."""
    out = {}
    for doc_id in set(doc_ids):
        row = db.execute("SELECT passages, words FROM link_docs WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is not None:
            out[doc_id] = (int(row[0]), int(row[1]))
    return out


def docs_with_prints(db: sqlite3.Connection, prints: Iterable[tuple[str, int]]) -> set[str]:
    """The indexed documents with a passage of fingerprint `fp` in group `grp`, for each (grp, fp)."""
    out: set[str] = set()
    sql = (
        "SELECT DISTINCT p.doc_id FROM link_passages p JOIN link_docs d ON d.doc_id = p.doc_id "
        "WHERE p.fp = ? AND d.grp = ?"
    )
    for grp, fp in set(prints):
        out.update(r[0] for r in db.execute(sql, (fp, grp)))
    return out


def doc_seqs(db: sqlite3.Connection, doc_ids: Iterable[str]) -> dict[str, int]:
    """The linking order number of each indexed document among `doc_ids`."""
    out = {}
    for doc_id in set(doc_ids):
        row = db.execute("SELECT seq FROM link_docs WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is not None:
            out[doc_id] = int(row[0])
    return out


def furniture_rows(db: sqlite3.Connection, *, min_docs: int) -> list[dict[str, Any]]:
    """The fingerprints in at least `min_docs` documents of a group, with the group, the document
    count and one passage's text, most repeated first."""
    sql = (
        'SELECT f.grp, f.fp, f.docs, (SELECT substr(doc.text, p.start + 1, p."end" - p.start) '
        "FROM link_passages p JOIN link_docs d ON d.doc_id = p.doc_id JOIN documents doc ON doc.id = p.doc_id "
        "WHERE p.fp = f.fp AND d.grp = f.grp LIMIT 1) AS text "
        "FROM link_furniture f WHERE f.docs >= ? ORDER BY f.docs DESC, f.grp, f.fp"
    )
    return [dict(r) for r in db.execute(sql, (min_docs,))]


def passage_link_rows(db: sqlite3.Connection, kinds: Sequence[str]) -> list[Link]:
    marks = ", ".join("?" * len(kinds))
    rows = db.execute(
        f"SELECT a_doc, b_doc, kind, score, a_start, a_end, b_start, b_end FROM links "
        f"WHERE a_start IS NOT NULL AND kind IN ({marks})",
        tuple(kinds),
    )
    return [Link(**dict(r)) for r in rows]


def passage_links_touching(db: sqlite3.Connection, doc_ids: Iterable[str], kinds: Sequence[str]) -> list[Link]:
    """The passage-level links of `kinds` with a side in one of `doc_ids` (each once)."""
    marks = ", ".join("?" * len(kinds))
    seen: set[tuple[Any, ...]] = set()
    out = []
    for doc_id in sorted(set(doc_ids)):
        rows = db.execute(
            f"SELECT a_doc, b_doc, kind, score, a_start, a_end, b_start, b_end FROM links "
            f"WHERE (a_doc = ? OR b_doc = ?) AND a_start IS NOT NULL AND kind IN ({marks})",
            (doc_id, doc_id, *kinds),
        )
        for r in rows:
            key = tuple(r)
            if key not in seen:
                seen.add(key)
                out.append(Link(**dict(r)))
    return out


def clusters_touching(db: sqlite3.Connection, doc_ids: Iterable[str]) -> set[str]:
    """The clusters with a member in one of `doc_ids`."""
    out: set[str] = set()
    for doc_id in set(doc_ids):
        out.update(r[0] for r in db.execute("SELECT cluster FROM link_clusters WHERE doc_id = ?", (doc_id,)))
    return out


def cluster_members(db: sqlite3.Connection, cluster_ids: Iterable[str]) -> list[tuple[str, str, int, int]]:
    """(cluster, doc_id, start, end) of every member of `cluster_ids`."""
    out: list[tuple[str, str, int, int]] = []
    for cid in sorted(set(cluster_ids)):
        rows = db.execute('SELECT cluster, doc_id, start, "end" FROM link_clusters WHERE cluster = ?', (cid,))
        out.extend((r[0], r[1], r[2], r[3]) for r in rows)
    return out


def cluster_count(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT COUNT(DISTINCT cluster) FROM link_clusters").fetchone()[0])


def replace_some_clusters(
    db: sqlite3.Connection, old: Iterable[str], rows: Sequence[tuple[str, str, int, int, str | None, int]]
) -> None:
    """Replace the clusters `old` by `rows` (cluster, doc_id, start, end, date, representative)."""
    with _tx(db):
        for cid in sorted(set(old)):
            db.execute("DELETE FROM link_clusters WHERE cluster = ?", (cid,))
        db.executemany("INSERT OR IGNORE INTO link_clusters VALUES (?, ?, ?, ?, ?, ?)", rows)


def replace_clusters(db: sqlite3.Connection, rows: Sequence[tuple[str, str, int, int, str | None, int]]) -> None:
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
            db.execute("DELETE FROM links WHERE kind = 'translation' AND (a_doc = ? OR b_doc = ?)", (doc_id, doc_id))
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


def link_document(db: sqlite3.Connection, doc_id: str) -> Document | None:
    """The parts of a stored document that linking reads: text, source, date, language, turns,
    entity and formulation spans (no raw page, offsets or other layers: a fraction of the cost of
    `queries.load_document`)."""
    row = db.execute(
        "SELECT id, source, format, text, date, published, language, event_type, title FROM documents WHERE id = ?",
        (doc_id,),
    ).fetchone()
    if row is None:
        return None
    turns = tuple(
        Turn(n=r[0], speaker=r[1], role=r[2], start=r[3], end=r[4])
        for r in db.execute('SELECT n, speaker, role, start, "end" FROM turns WHERE doc_id = ? ORDER BY n', (doc_id,))
    )
    entities = tuple(
        Entity(type=r[0], id=r[1], name=r[2], start=r[3], end=r[4])
        for r in db.execute(
            'SELECT type, entity_id, name, start, "end" FROM entities WHERE doc_id = ? ORDER BY n', (doc_id,)
        )
    )
    formulations = tuple(
        Formulation(id=r[0], name=r[1], start=r[2], end=r[3])
        for r in db.execute(
            'SELECT formulation_id, name, start, "end" FROM formulations WHERE doc_id = ? ORDER BY n', (doc_id,)
        )
    )
    return Document(
        id=row["id"],
        source=row["source"],
        format=row["format"],
        text=row["text"],
        date=row["date"],
        published=row["published"],
        language=row["language"],
        event_type=row["event_type"],
        title=row["title"],
        turns=turns,
        entities=entities,
        formulations=formulations,
    )
