"""Many readers (#13): facet counts are counted once per query and corpus version, and the app that
each worker process of `serve --workers N` builds comes from the environment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dipcorpus.api import data
from dipcorpus.api.app import app_from_environment
from dipcorpus.query.search import compile_text
from dipcorpus.store import browse
from dipcorpus.store.db import connect


def test_facets_are_counted_once_per_query_and_corpus_version(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if isinstance(corpus[0], str):
        pytest.skip("facets are cached per version of a database file: a PostgreSQL corpus's are not cached")
    path = tmp_path / "copy.db"
    shutil.copy(corpus[0], path)
    calls: list[str] = []
    real = browse.facets

    def counting(db, q, **kw):  # type: ignore[no-untyped-def]
        calls.append(q.match or "")
        return real(db, q, **kw)

    monkeypatch.setattr(browse, "facets", counting)
    db = connect(path)
    first = data.cached_facets(db, compile_text("water"))
    first["event_type"].clear()  # a caller changing its copy changes nothing cached
    again = data.cached_facets(db, compile_text("water"))
    assert len(calls) == 1 and again["event_type"]
    data.cached_facets(db, compile_text("cooperation"))
    assert len(calls) == 2
    db.execute("CREATE TABLE touched (x)")  # any write makes a new version of the file
    db.execute("DROP TABLE touched")
    data.cached_facets(db, compile_text("water"))
    assert len(calls) == 3
    db.close()


def test_worker_app_comes_from_the_environment(corpus: tuple[Path, dict[str, str]], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DIPCORPUS_SERVE_DB", str(corpus[0]))
    monkeypatch.setenv("DIPCORPUS_SERVE_TIMEOUT", "3")
    app = app_from_environment()
    assert app.state.settings.timeout == 3.0 and app.state.settings.ingest_token is None
    with TestClient(app) as client:
        assert client.get("/api/search", params={"q": "water"}).json()["total"] >= 1
