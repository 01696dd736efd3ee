"""Many readers (#13): facet counts are counted once per query and corpus version, and the app that
each worker process of `serve --workers N` builds comes from the environment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dipcorpus.api import data
from dipcorpus.api.app import app_from_environment
from dipcorpus.query import search as search_mod
from dipcorpus.store.db import connect


def test_facets_are_counted_once_per_query_and_corpus_version(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if isinstance(corpus[0], str):
        pytest.skip("facets are cached per version of a database file: a PostgreSQL corpus's are not cached")
    path = tmp_path / "copy.db"
    shutil.copy(corpus[0], path)
    calls: list[str] = []
    real = search_mod.facets

    def counting(db, query, **kw):  # type: ignore[no-untyped-def]
        calls.append(query)
        return real(db, query, **kw)

    monkeypatch.setattr(search_mod, "facets", counting)
    db = connect(path)
    first = data.cached_facets(db, "water")
    first["event_type"].clear()  # a caller changing its copy changes nothing cached
    again = data.cached_facets(db, "water")
    assert len(calls) == 1 and again["event_type"]
    data.cached_facets(db, "(water)")  # compiles alike: the same counts
    assert len(calls) == 1
    data.cached_facets(db, "cooperation")
    assert len(calls) == 2
    db.execute("CREATE TABLE touched (x)")  # any write makes a new version of the file
    db.execute("DROP TABLE touched")
    data.cached_facets(db, "water")
    assert len(calls) == 3
    db.close()


def test_worker_app_comes_from_the_environment(corpus: tuple[Path, dict[str, str]], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DIPCORPUS_SERVE_DB", str(corpus[0]))
    monkeypatch.setenv("DIPCORPUS_SERVE_TIMEOUT", "3")
    app = app_from_environment()
    assert app.state.settings.timeout == 3.0 and app.state.settings.ingest_token is None
    with TestClient(app) as client:
        assert client.get("/api/search", params={"q": "water"}).json()["total"] >= 1


def test_the_watchdog_stops_only_a_statement_past_its_deadline(corpus: tuple[Path, dict[str, str]]) -> None:
    """One watchdog thread per process, not a timer thread per request: it interrupts a statement
    the progress handler never sees (steps set too far apart here), and a lease that ended is left
    alone."""
    import sqlite3
    import time

    from dipcorpus.api.db import Settings, _Lease, open_readonly

    cfg = Settings(db_path=str(corpus[0]), timeout=0.2, progress_steps=2_000_000_000)
    slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT COUNT(*) FROM c"
    db, other = open_readonly(str(corpus[0])), open_readonly(str(corpus[0]))
    lease, ended = _Lease(db, cfg), _Lease(other, cfg)
    ended.end()
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        db.execute(slow).fetchone()
    assert time.monotonic() - started < 5
    lease.end()
    time.sleep(0.3)  # past both deadlines: neither connection is interrupted now
    assert other.execute("SELECT COUNT(*) FROM documents").fetchone()[0] >= 1
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] >= 1
    db.close()
    other.close()
