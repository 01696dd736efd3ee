"""Query fuzz (#15): any string, including NUL, lone surrogates, deep NOT chains and nesting, either
searches or raises QueryError on both engines, and the engines agree whenever both accept it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "query"))
from invented_corpus import make_db

from dipcorpus.index.passages import reindex
from dipcorpus.query.parse import QueryError
from dipcorpus.query.search import search

WORDS = ["ocean", "river*", '"silver bridge"', "Zedland", "AND", "OR", "NOT", "-", "(", ")", "NEAR/3",
         "speaker:Lin", "country:ZZA", "from:2019", "lang:en", "type:speech", "\x00", "\ud800", "中国",
         '"', "*"]  # fmt: skip
pieces = st.one_of(st.sampled_from(WORDS), st.text(max_size=6))
queries = st.one_of(
    st.lists(pieces, max_size=12).map(" ".join),
    st.integers(1, 60).map(lambda n: "NOT " * n + "ocean"),
    st.integers(1, 60).map(lambda n: "(" * n + "ocean" + ")" * n),
    st.text(max_size=40),
)


@pytest.fixture(scope="module")
def db(new_target):  # type: ignore[no-untyped-def]
    conn = make_db(path=new_target("fuzz"))
    reindex(conn)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def both(tmp_path_factory, request):  # type: ignore[no-untyped-def]
    """The invented corpus in a SQLite file and in a PostgreSQL database."""
    from support.pg import temporary_database

    server = request.getfixturevalue("pg_server")
    lite = make_db(path=str(tmp_path_factory.mktemp("fuzz-both") / "invented.db"))
    with temporary_database(server) as url:
        pg = make_db(path=url)
        yield lite, pg
        pg.close()
    lite.close()


def _run(db, query: str, engine: str):  # type: ignore[no-untyped-def]
    try:
        result = search(db, query, limit=50, engine=engine)
    except QueryError:
        return None
    return result.total, sorted((h["doc_id"], h["n"]) for h in result.hits)


@settings(max_examples=300, deadline=None)
@given(queries)
def test_any_query_is_answered_or_refused_the_same_on_both_engines(db, query: str) -> None:  # type: ignore[no-untyped-def]
    reference = _run(db, query, "fts5")
    other = _run(db, query, "auto")
    if reference is not None and other is not None:
        assert other == reference, query


@pytest.fixture(scope="module")
def client(db):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from dipcorpus.api.app import create_app
    from dipcorpus.store.db import database_target

    with TestClient(create_app(database_target(db)), raise_server_exceptions=False) as test_client:
        yield test_client


@settings(max_examples=200, deadline=None)
@given(queries)
def test_any_query_over_http_is_an_answer_or_a_coded_400(client, query: str) -> None:  # type: ignore[no-untyped-def]
    for path in ("/api/search", "/api/kwic", "/api/timeline"):
        key = "target" if path == "/api/timeline" else "q"
        resp = client.get(path, params={key: query.encode("utf-8", "surrogatepass").decode("utf-8", "replace")})
        assert resp.status_code in (200, 400), (path, query, resp.text[:200])
        if resp.status_code == 400:
            assert resp.json()["error"]["code"], resp.text


@settings(max_examples=300, deadline=None)
@given(queries)
def test_any_query_is_answered_or_refused_the_same_on_both_backends(both, query: str) -> None:  # type: ignore[no-untyped-def]
    """The reference engines of the two backends (FTS5, PostgreSQL full text) find the same
    passages in the same date order, or both refuse the query."""
    lite, pg = both
    assert _run(lite, query, "fts5") == _run(pg, query, "fts5"), query
