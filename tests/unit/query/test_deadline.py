"""The time limit of a request (#15) really stops the work: a running SQLite statement, and the Python
loops of KWIC and timeline between two rows, end in RequestTimeout (E308); over HTTP a coded 503.
Every text is invented (invented_corpus)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from invented_corpus import make_db

from dipcorpus.query import deadline
from dipcorpus.query import kwic as kwic_mod
from dipcorpus.query.kwic import kwic
from dipcorpus.query.timeline import timeline

ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


@pytest.fixture
def db() -> Iterator[sqlite3.Connection]:
    conn = make_db()
    yield conn
    conn.close()


def _slow_rows(monkeypatch: pytest.MonkeyPatch, module: Any, seconds: float) -> list[int]:
    """Each highlighted row takes `seconds` of Python work; returns the list counting the rows done."""
    done: list[int] = []
    real = module.marked_spans

    def slow(marked: str) -> tuple[str, list[tuple[int, int]]]:
        time.sleep(seconds)
        done.append(1)
        return real(marked)  # type: ignore[no-any-return]

    monkeypatch.setattr(module, "marked_spans", slow)
    return done


def test_a_running_statement_is_interrupted(db: sqlite3.Connection) -> None:
    start = time.monotonic()
    with pytest.raises(deadline.RequestTimeout) as caught, deadline.limit(db, 0.2):
        db.execute(ENDLESS).fetchone()
    assert time.monotonic() - start < 3
    assert str(caught.value).startswith("E308") and "0.2 s" in str(caught.value)
    assert db.execute("SELECT count(*) FROM passages").fetchone()[0] > 0  # the limit is gone after the block


def test_no_limit_no_timeout(db: sqlite3.Connection) -> None:
    deadline.check(db)
    assert kwic(db, "ocean")


def test_kwic_stops_between_rows(db: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = len(kwic(db, "ocean OR river OR silver"))
    assert rows >= 4
    done = _slow_rows(monkeypatch, kwic_mod, 0.2)
    with pytest.raises(deadline.RequestTimeout), deadline.limit(db, 0.3):
        kwic(db, "ocean OR river OR silver")
    assert len(done) < rows  # stopped before the last row


def test_timeline_stops_between_rows(db: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    from dipcorpus.query import timeline as timeline_mod

    assert timeline(db, "ocean OR river OR silver", by="year")
    done = _slow_rows(monkeypatch, timeline_mod, 0.2)
    with pytest.raises(deadline.RequestTimeout), deadline.limit(db, 0.3):
        timeline(db, "ocean OR river OR silver", by="year")
    assert 0 < len(done) < 4


def test_http_kwic_and_timeline_past_their_limit_are_a_coded_503(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from dipcorpus.api import data
    from dipcorpus.api.app import create_app
    from dipcorpus.query import timeline as timeline_mod

    make_db(path=str(tmp_path / "invented.db")).close()
    _slow_rows(monkeypatch, data, 0.3)
    _slow_rows(monkeypatch, timeline_mod, 0.3)
    with TestClient(create_app(tmp_path / "invented.db", timeout=0.4), raise_server_exceptions=False) as client:
        for path, params in (("/api/kwic", {"q": "ocean OR river OR silver"}), ("/api/timeline", {"target": "ocean"})):
            start = time.monotonic()
            resp = client.get(path, params=params)
            assert resp.status_code == 503, resp.text
            assert resp.json()["error"]["code"] == "timeout" and "E308" in resp.json()["error"]["message"]
            assert time.monotonic() - start < 3
        assert client.get("/api").status_code == 200  # the connection is back in the pool, unlimited again


def test_cancel_stops_the_running_statement_and_is_a_no_op_once_stopped(db: sqlite3.Connection) -> None:
    import threading

    timer = threading.Timer(0.3, deadline.cancel, args=(db,))  # the client went away
    timer.start()
    start = time.monotonic()
    with pytest.raises(deadline.RequestTimeout), deadline.limit(db, 60):
        db.execute(ENDLESS).fetchone()
    assert time.monotonic() - start < 10
    timer.join()
    deadline.cancel(db)  # no limit any more: nothing happens
    deadline.check(db)
    assert db.execute("SELECT count(*) FROM passages").fetchone()[0] > 0
