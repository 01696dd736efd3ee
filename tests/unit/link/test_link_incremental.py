"""Incremental linking through the store gives the same links as a full rebuild (invented documents)."""

from __future__ import annotations

import sqlite3

from dipcorpus.cli_links import link_corpus
from dipcorpus.store import links as store
from dipcorpus.store import queries
from unit.link.invented_texts import ANSWER_A, ANSWER_B, HARBOUR, HARBOUR_EDITED, ORCHESTRA, RAILWAY, VACCINE, doc

DOCS = [
    doc("d1", [HARBOUR, RAILWAY], date="2020-01-02"),
    doc("d2", [VACCINE, HARBOUR_EDITED], date="2020-01-05"),
    doc("d3", ANSWER_A, date="2020-02-01"),
    doc("d4", [ORCHESTRA, *ANSWER_B], date="2020-02-03"),
    doc("d5", [RAILWAY, HARBOUR], date="2020-03-01"),
    doc("d6", [ORCHESTRA], date="2020-03-04"),
]


def _save(db: sqlite3.Connection, docs) -> None:  # type: ignore[no-untyped-def]
    for d in docs:
        queries.save_document(db, d, path=d.source, data=d.text.encode())


def _links(db: sqlite3.Connection) -> list[tuple[object, ...]]:
    return sorted((tuple(r.values()) for r in queries.export_rows(db, "links")), key=repr)


def test_link_incremental_equals_rebuild(fresh_db: sqlite3.Connection) -> None:
    _save(fresh_db, DOCS[:3])
    first = link_corpus(fresh_db)
    assert first.linked == 3
    _save(fresh_db, DOCS[3:])
    second = link_corpus(fresh_db)
    assert second.linked == 3 and second.indexed == 6
    incremental = _links(fresh_db)
    clusters_incremental = store.cluster_rows(fresh_db)
    rebuilt = link_corpus(fresh_db, rebuild=True)
    assert rebuilt.rebuilt and rebuilt.linked == 6
    assert _links(fresh_db) == incremental
    assert store.cluster_rows(fresh_db) == clusters_incremental
    kinds = {(r[0], r[1], r[2]) for r in incremental if r[4] is None}
    assert ("d3", "d4", "translation variant") in kinds
    assert ("d1", "d5", "near duplicate") in kinds


def test_link_nothing_new_is_a_no_op(fresh_db: sqlite3.Connection) -> None:
    _save(fresh_db, DOCS[:2])
    link_corpus(fresh_db)
    before = _links(fresh_db)
    again = link_corpus(fresh_db)
    assert again.linked == 0 and _links(fresh_db) == before


def test_link_clusters_and_talking_points(fresh_db: sqlite3.Connection) -> None:
    _save(fresh_db, DOCS)
    link_corpus(fresh_db)
    rows = store.cluster_rows(fresh_db, min_docs=3)
    assert len(rows) == 1  # HARBOUR in d1, d2 (edited) and d5
    assert rows[0]["docs"] == 3 and rows[0]["first"] == "2020-01-02" and rows[0]["doc_id"] == "d1"
