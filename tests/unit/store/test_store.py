"""The store: migrations, one transaction per document, versions, round trips. Texts are invented."""

from __future__ import annotations

import re
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dipcorpus.ingest.clean import clean_document
from dipcorpus.ingest.textmap import identity_map
from dipcorpus.model import Document, Entity, Turn
from dipcorpus.store import migrations, queries
from dipcorpus.store.db import connect


def _doc(text: str, doc_id: str = "d1") -> Document:
    doc = Document(
        id=doc_id, source=f"/invented/{doc_id}.txt", format="txt", raw=text, text=text, offsets=identity_map(text)
    )
    return clean_document(doc)


def test_store_migrations_numbered_and_ordered() -> None:
    names = [name for name, _ in migrations.MIGRATIONS]
    assert names == sorted(names) and len(set(names)) == len(names)
    assert all(re.fullmatch(r"m\d{4}_[a-z0-9_]+", n) for n in names)
    assert len({n[:5] for n in names}) == len(names), "two migrations share a number"


def test_store_migrate_records_and_is_idempotent(fresh_db: sqlite3.Connection) -> None:
    assert migrations.pending(fresh_db) == []
    assert migrations.migrate(fresh_db) == []
    assert migrations.applied(fresh_db) == [name for name, _ in migrations.MIGRATIONS]


def test_store_newer_schema_refused(corpus_target: str) -> None:
    db = connect(corpus_target)
    db.execute("INSERT INTO _migrations VALUES ('m9999_future', 'now')")
    db.close()
    with pytest.raises(Exception, match="E302"):
        connect(corpus_target)


def test_store_refuses_another_applications_database_unless_adopted(corpus_target: str) -> None:
    db = connect(corpus_target, adopt=True, apply_migrations=False)
    db.execute("CREATE TABLE other (x TEXT)")  # another application's table, no corpus schema
    db.close()
    with pytest.raises(Exception, match="E304"):
        connect(corpus_target)
    db = connect(corpus_target, adopt=True)  # the corpus schema added beside it
    assert migrations.pending(db) == [] and db.execute("SELECT COUNT(*) FROM other").fetchone()[0] == 0
    db.close()


def test_store_document_roundtrip_with_annotations(fresh_db: sqlite3.Connection) -> None:
    doc = _doc("Invented Title\n\nQ: An invented question about Ruritania?\n\nA: An invented answer.")
    doc = Document.from_dict(
        {
            **doc.to_dict(),
            "turns": [Turn(n=1, speaker="Reporter", role="question", start=18, end=50).to_dict()],
            "entities": [Entity(type="country", id="RUR", name="Ruritania", start=40, end=49).to_dict()],
        }
    )
    assert queries.save_document(fresh_db, doc, path="/invented/d1.txt", data=doc.raw.encode()) == "ingested"
    loaded = queries.load_document(fresh_db, "d1")
    assert loaded is not None
    assert loaded.text == doc.text and loaded.turns == doc.turns and loaded.entities == doc.entities
    assert loaded.offsets == doc.offsets and loaded.repairs == doc.repairs and loaded.removals == doc.removals


def test_store_same_bytes_unchanged_changed_bytes_new_version(fresh_db: sqlite3.Connection) -> None:
    first, second = _doc("Invented one.", "a1"), _doc("Invented two.", "a2")
    assert queries.save_document(fresh_db, first, path="/p.txt", data=b"1") == "ingested"
    assert queries.save_document(fresh_db, first, path="/p.txt", data=b"1") == "unchanged"
    assert queries.save_document(fresh_db, first, path="/q.txt", data=b"1") == "duplicate"
    assert queries.save_document(fresh_db, second, path="/p.txt", data=b"2") == "new version"
    assert {r["id"] for r in queries.list_documents(fresh_db)} == {"a1", "a2"}  # a1 is still current at /q.txt
    assert queries.count_documents(fresh_db) == 2


def test_store_failed_write_leaves_nothing(fresh_db: sqlite3.Connection) -> None:
    bad = Document.from_dict(
        {**_doc("Invented.", "b1").to_dict(), "turns": [{"n": 1, "speaker": None, "role": "x", "start": 0, "end": 1}]}
    )
    with pytest.raises(sqlite3.IntegrityError):
        queries.save_document(fresh_db, bad, path="/b.txt", data=b"b")
    for table in ("documents", "raw", "sources", "turns"):
        assert fresh_db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300))
def test_store_any_text_roundtrips(text: str) -> None:
    db = connect(":memory:")
    doc = Document(id="h1", source="/h.txt", format="txt", raw=text, text=text, offsets=identity_map(text))
    queries.save_document(db, doc, path="/h.txt", data=text.encode("utf-8", "surrogatepass"))
    loaded = queries.load_document(db, "h1")
    assert loaded is not None and loaded.text == text and loaded.raw == text and loaded.offsets == doc.offsets
    db.close()


def test_store_unreachable_postgresql_is_a_coded_error() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(Exception, match=r"E301.*cannot connect to postgresql://u:\*\*\*@127\.0\.0\.1:1/none"):
        connect("postgresql://u:secret@127.0.0.1:1/none")


def test_store_passages_beyond_one_batch_keep_their_tags(fresh_db: sqlite3.Connection) -> None:
    """More passages than one multi-row INSERT holds (PostgreSQL writes PG_BATCH per round trip): each
    passage gets its own id, text and tags, in order, on both backends."""
    from dipcorpus.store import search as store_search

    n = store_search.PG_BATCH * 2 + 3
    texts = [f"Invented paragraph number {i} about place{i}." for i in range(n)]
    rows, pos = [], 0
    for i, text in enumerate(texts):
        tags = (("country", f"C{i}"),) + ((("formulation", "F"),) if i % 7 == 0 else ())
        rows.append(store_search.PassageRow(n=i + 1, kind="paragraph", start=pos, end=pos + len(text), text=text,
                                            words=6, tags=tags))  # fmt: skip
        pos += len(text) + 2
    queries.save_document(fresh_db, _doc("\n\n".join(texts), "many"), path="/invented/many.txt", data=b"")
    store_search.replace_passages(fresh_db, "many", rows, [("country", "c0", "C0")])
    got = fresh_db.execute("SELECT id, n, text FROM passages WHERE doc_id = 'many' ORDER BY n").fetchall()
    assert [(r[1], r[2]) for r in got] == [(i + 1, t) for i, t in enumerate(texts)]
    assert len({r[0] for r in got}) == n
    for pid, number, _ in got:
        keys = sorted(tuple(t) for t in fresh_db.execute(
            "SELECT kind, key FROM passage_tags WHERE passage_id = ?", (pid,)))  # fmt: skip
        assert keys == sorted(rows[number - 1].tags)
    store_search.replace_passages(fresh_db, "many", rows[:2])  # replacing leaves only the new ones
    assert fresh_db.execute("SELECT COUNT(*) FROM passages WHERE doc_id = 'many'").fetchone()[0] == 2
    assert fresh_db.execute("SELECT COUNT(*) FROM passage_tags").fetchone()[0] == len(rows[0].tags) + len(rows[1].tags)
