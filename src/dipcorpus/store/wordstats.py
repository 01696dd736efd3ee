"""Reads and writes behind the corpus-linguistics tools (`query/wordstats.py`): the passages'
texts, the cached corpus word counts and the state they were counted from."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from dipcorpus.store.search import Compiled, from_clause

__all__ = [
    "cached_counts",
    "counts_state",
    "document_chars",
    "document_sizes",
    "matching_passages",
    "passage_texts",
    "passages_state",
    "save_counts",
]


def passages_state(db: sqlite3.Connection) -> tuple[int, int]:
    """(number of passages, highest passage id): what the cached counts must have been made from."""
    row = db.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM passages").fetchone()
    return int(row[0]), int(row[1])


def counts_state(db: sqlite3.Connection) -> tuple[int, int, int] | None:
    """(passages, last passage id, tokens) of the cached counts, or None when there are none."""
    row = db.execute("SELECT passages, last_passage, tokens FROM word_counts_state WHERE id = 1").fetchone()
    return None if row is None else (int(row[0]), int(row[1]), int(row[2]))


def passage_texts(db: sqlite3.Connection, ids: Iterable[int] | None = None) -> Iterator[tuple[int, str, str, str]]:
    """(passage id, doc_id, language, text) of every passage (or of `ids`), in id order."""
    sql = "SELECT p.id, p.doc_id, COALESCE(d.language, ''), p.text FROM passages p JOIN documents d ON d.id = p.doc_id"
    if ids is None:
        yield from db.execute(sql + " ORDER BY p.id")
        return
    yield from _in_chunks(db, sql + " WHERE p.id IN ({marks}) ORDER BY p.id", ids)


def _in_chunks(db: sqlite3.Connection, sql: str, keys: Iterable[Any], size: int = 500) -> Iterator[Any]:
    """The rows of `sql` (whose `{marks}` is an IN list) for `keys`, asked `size` keys at a time, in key order."""
    chosen = sorted(set(keys))
    for k in range(0, len(chosen), size):
        part = chosen[k : k + size]
        yield from db.execute(sql.format(marks=",".join("?" * len(part))), part)


def save_counts(db: sqlite3.Connection, counts: Mapping[str, int], state: tuple[int, int], tokens: int) -> None:
    """Replace the cached word counts in one transaction."""
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("DELETE FROM word_counts")
        db.executemany("INSERT INTO word_counts VALUES (?, ?)", counts.items())
        db.execute("INSERT OR REPLACE INTO word_counts_state VALUES (1, ?, ?, ?)", (*state, tokens))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def cached_counts(db: sqlite3.Connection, words: Iterable[str]) -> dict[str, int]:
    """The cached corpus frequency of each of `words` (absent words are left out)."""
    rows = _in_chunks(db, "SELECT word, n FROM word_counts WHERE word IN ({marks})", words)
    return {word: int(n) for word, n in rows}


def matching_passages(db: sqlite3.Connection, q: Compiled) -> list[int]:
    """Ids of the passages a compiled query matches."""
    sql, params = from_clause(q, db)
    return [int(r[0]) for r in db.execute(f"SELECT p.id {sql}", params)]


def document_sizes(db: sqlite3.Connection) -> dict[str, tuple[int, str, str]]:
    """doc_id -> (indexed words, date, title) for every indexed document."""
    rows = db.execute(
        "SELECT p.doc_id, SUM(p.words), MAX(COALESCE(d.date, '')), MAX(COALESCE(d.title, '')) "
        "FROM passages p JOIN documents d ON d.id = p.doc_id GROUP BY p.doc_id"
    )
    return {str(r[0]): (int(r[1] or 0), str(r[2]), str(r[3])) for r in rows}


def document_chars(db: sqlite3.Connection, doc_ids: Iterable[str]) -> dict[str, int]:
    """doc_id -> length of the clean text, for `doc_ids`."""
    rows = _in_chunks(db, "SELECT id, chars FROM documents WHERE id IN ({marks})", doc_ids)
    return {str(doc_id): int(chars) for doc_id, chars in rows}
