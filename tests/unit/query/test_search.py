"""Search over the invented corpus (invented_corpus.py), and the seed checks of issue #5, on both
engines: SQLite FTS5 (the reference) and the derived tantivy folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dipcorpus.index import tantivy_index
from dipcorpus.index.passages import build_passages, reindex, split_passages
from dipcorpus.query.parse import QueryError
from dipcorpus.query.search import search
from unit.query.invented_corpus import make_db

ENGINES = ["fts5", "tantivy"]


@pytest.fixture(scope="module")
def file_db(new_target):
    """The invented corpus in a database (a file, or PostgreSQL) with its tantivy folder built."""
    conn = make_db(path=new_target("invented"))
    reindex(conn)
    yield conn
    conn.close()


class Engine:
    """A connection that searches with one engine (so the tests below read as before)."""

    def __init__(self, conn, engine):
        self.conn, self.engine = conn, engine

    def execute(self, *args):
        return self.conn.execute(*args)


@pytest.fixture(scope="module", params=ENGINES)
def db(request, file_db):
    return Engine(file_db, request.param)


def search_on(db, query, **kw):
    if isinstance(db, Engine):
        return search(db.conn, query, engine=db.engine, **kw)
    return search(db, query, **kw)


def docs(db, query, **kw):
    return sorted({h["doc_id"] for h in search_on(db, query, limit=100, **kw).hits})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ocean", ["doc-a", "doc-d"]),
        ('"silver bridge"', ["doc-a", "doc-b", "doc-c"]),  # hyphen is a separator: silver-bridge matches
        ('"bloc confrontation"', ["doc-a", "doc-b"]),
        ("river*", ["doc-c"]),
        ("ocean NOT Yonder", ["doc-a"]),
        ("ocean -Yonder", ["doc-a"]),
        ("NOT ocean", ["doc-a", "doc-b", "doc-c", "doc-d"]),  # passage level: doc-a has turns without it
        ("NOT ocean NOT the NOT rivers", ["doc-b", "doc-d"]),
        ("diplomacy OR fisheries", ["doc-b", "doc-c"]),
        ("minister NEAR/2 Orgex", ["doc-a"]),
        ("country:ZZA", ["doc-a", "doc-b"]),
        ("country:zedland", ["doc-a", "doc-b"]),
        ("org:ORGX", ["doc-a"]),
        ("entity:Yonder", ["doc-b", "doc-c", "doc-d"]),
        ('formulation:"silver bridge partnership"', ["doc-a", "doc-b", "doc-c"]),
        ("formulation:silver-bridge", ["doc-a", "doc-b", "doc-c"]),
        ('formulation:"silver-bridge partnership"', ["doc-a", "doc-b", "doc-c"]),  # a surface variant
        ('formulation:"silver bridge partnership" from:2019-06 to:2019-12', ["doc-b"]),
        ("from:2020", ["doc-c"]),
        ("to:2019-03-05", ["doc-a"]),
        ("speaker:Lin ocean", ["doc-a", "doc-d"]),
        ('outlet:"Morning Wire"', ["doc-a"]),
        ("type:speech", ["doc-c"]),
        ('type:"phone call"', ["doc-b"]),
        ("role:question Yonder", ["doc-d"]),
        ("ocean OR country:ZZB", ["doc-a", "doc-b", "doc-c", "doc-d"]),
        ("country:ZZB -from:2020", ["doc-b", "doc-d"]),
        ("country:NOPE", []),
        ("zebra", []),
    ],
)
def test_search_finds_documents(db, query, expected):
    assert docs(db, query) == expected


def test_search_hit_shape_and_snippet(db):
    result = search_on(db, '"bloc confrontation"')
    assert result.total == 2
    hit = result.hits[0]
    assert set(hit) >= {"doc_id", "title", "date", "speaker", "snippet", "start", "end", "score"}
    assert "<mark>bloc confrontation</mark>" in hit["snippet"]
    assert hit["score"] > 0


def test_search_turn_level_results_carry_speaker_and_outlet(db):
    hits = search_on(db, "Orgex this month").hits
    assert [(h["kind"], h["speaker"], h["outlet"], h["role"]) for h in hits] == [
        ("turn", "Spokesperson Lin", "Morning Wire", "answer")
    ]


def test_search_offsets_point_into_document_text(db):
    for hit in search_on(db, "ocean", limit=50).hits:
        text = db.execute("SELECT text FROM documents WHERE id = ?", (hit["doc_id"],)).fetchone()[0]
        assert "ocean" in text[hit["start"] : hit["end"]].lower()


def test_search_pagination_and_total(db):
    everything = search_on(db, "the", limit=100).hits
    total = search_on(db, "the", limit=2).total
    assert total == len(everything) > 3
    pages = [h["start"] for off in range(0, total, 2) for h in search_on(db, "the", limit=2, offset=off).hits]
    assert pages == [h["start"] for h in everything]


def test_search_sort_by_date(db):
    dates = [h["date"] for h in search_on(db, "the", limit=100, sort="date").hits]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[-1] is None  # undated last
    newest = [h["date"] for h in search_on(db, "the", limit=100, sort="newest").hits if h["date"]]
    assert newest == sorted(newest, reverse=True)


def test_search_bad_sort_is_query_error(db):
    with pytest.raises(QueryError, match="unknown sort"):
        search_on(db, "ocean", sort="random")


def test_search_paragraph_passages_skip_speaker_labels():
    text = "Title line\n\nA: first question here?\n\nB: an answer.\n\nClosing words."
    turns = [
        {"speaker": "A", "role": "question", "label_start": 12, "start": 15, "end": 35},
        {"speaker": "B", "role": "answer", "label_start": 37, "start": 40, "end": 50},
    ]
    out = [(p["kind"], text[p["start"] : p["end"]], p["outlet"]) for p in split_passages(text, turns)]
    assert out == [
        ("paragraph", "Title line", None),
        ("turn", "first question here?", "A"),
        ("turn", "an answer.", "A"),
        ("paragraph", "Closing words.", None),
    ]


def test_index_is_incremental_and_reindex_is_idempotent():
    db = make_db(index=False)
    assert search(db, "ocean").total == 0
    assert build_passages(db, ["doc-a"]) > 0
    assert docs(db, "ocean") == ["doc-a"]
    build_passages(db)  # only the documents not indexed yet
    assert docs(db, "ocean") == ["doc-a", "doc-d"]
    assert build_passages(db) == 0
    first = reindex(db)
    assert reindex(db) == first
    assert docs(db, "ocean") == ["doc-a", "doc-d"]


def test_deleting_a_document_removes_its_passages_from_the_index():
    db = make_db()
    db.execute("DELETE FROM documents WHERE id = 'doc-d'")
    assert docs(db, "ocean") == ["doc-a"]
    db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('integrity-check')")


# --- the seeds (../shared/seeds), ingested with the full pipeline ---------------------------------


@pytest.fixture(scope="module")
def seed_db(new_target) -> sqlite3.Connection:
    seeds = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"../shared/seeds not found at {seeds.resolve()}")
    from dipcorpus.batch import ingest
    from dipcorpus.store.db import connect

    conn = connect(new_target("seeds"))
    report = ingest(conn, [seeds])
    if report.failed:
        reasons = "; ".join(f"{Path(i.source).name}: {i.error}" for i in report.failed)
        pytest.skip(f"seed ingest failed (pipeline stages not ready?): {reasons}")
    build_passages(conn)
    tantivy_index.build(conn)
    return conn


def seed_files(db, query, engine):
    hits = search(db, query, limit=500, engine=engine).hits
    sources = {r[0]: Path(r[1]).name[:3] for r in db.execute("SELECT id, source FROM documents")}
    return sorted({sources[h["doc_id"]] for h in hits})


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"color revolution"', ["000", "001", "002"]),
        ("country:KGZ", ["000", "001"]),
        ('formulation:"three evil forces"', ["000", "001"]),
        ('formulation:"three evil forces" from:2020-01-01 to:2020-12-31', ["001"]),
    ],
)
@pytest.mark.parametrize("engine", ENGINES)
def test_search_seeds_issue_5(seed_db, query, expected, engine):
    assert seed_files(seed_db, query, engine) == expected
