"""Shared fixtures, defined once."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))  # tests/support

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile("ci")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/expected/*.json.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the checkout (seeds, gold, corpus); tests that need it skip without it."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"../shared not found at {SHARED}: golden and corpus tests need it beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared: Path) -> Path:
    return shared / "seeds"


@pytest.fixture(scope="session")
def gold(shared: Path) -> dict:  # type: ignore[type-arg]
    import json

    return json.loads((shared / "gold" / "seeds.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The PostgreSQL server of the tests (URL without a database): $DIPCORPUS_TEST_PG, else
    postgresql://postgres@127.0.0.1:5432 (`make test` installs and starts Debian's package when none
    answers); the PostgreSQL half of the backend tests is skipped, saying why, when none does."""
    from support.pg import find_server

    server, reason = find_server()
    if server is None:
        pytest.skip(f"PostgreSQL backend tests skipped: {reason}")
    return server


@pytest.fixture(scope="session")
def pg_template(pg_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database with every migration applied, copied (CREATE DATABASE ... TEMPLATE) for each test."""
    import os

    from support.pg import temporary_database

    # the derived tantivy folders of the PostgreSQL test databases (none of them is a file to sit beside)
    os.environ.setdefault("DIPCORPUS_INDEX_DIR", str(tmp_path_factory.mktemp("pg-tantivy")))
    with temporary_database(pg_server, migrate=True) as url:
        yield url.rsplit("/", 1)[1]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each backend in turn: a test taking `backend` (or `corpus_target`, `fresh_db`) runs on both."""
    return str(request.param)


@pytest.fixture
def corpus_target(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A --db value for a new corpus on `backend`: a file in tmp_path (not there yet), or a new, empty
    PostgreSQL database (random name, dropped afterwards: tests may run in parallel)."""
    if backend == "sqlite":
        yield str(tmp_path / "corpus.db")
        return
    from support.pg import temporary_database

    with temporary_database(request.getfixturevalue("pg_server")) as url:
        yield url


@pytest.fixture(scope="module", params=BACKENDS)
def new_target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """For module-scoped corpora, on each backend in turn: `new_target(name)` is a --db value for a
    new, empty corpus (a file, or a fresh PostgreSQL database dropped when the module is done)."""
    from contextlib import ExitStack

    from support.pg import temporary_database

    stack = ExitStack()

    def make(name: str = "corpus") -> str:
        if request.param == "sqlite":
            return str(tmp_path_factory.mktemp(name) / f"{name}.db")
        server = request.getfixturevalue("pg_server")
        template = request.getfixturevalue("pg_template")
        return str(stack.enter_context(temporary_database(server, template=template)))

    make.backend = request.param  # type: ignore[attr-defined]
    with stack:
        yield make


@pytest.fixture
def fresh_db(backend: str, request: pytest.FixtureRequest) -> Iterator[sqlite3.Connection]:
    """A corpus database with every migration applied, on each backend in turn (SQLite in memory,
    a fresh PostgreSQL database copied from the migrated template); closes itself."""
    from dipcorpus.store.db import connect

    if backend == "sqlite":
        db = connect(":memory:")
        yield db
        db.close()
        return
    from support.pg import temporary_database

    server = request.getfixturevalue("pg_server")
    with temporary_database(server, template=request.getfixturevalue("pg_template")) as url:
        db = connect(url)
        yield db
        db.close()


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seeds ingested once per session through the whole default pipeline."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"../shared not found at {SHARED}")
    from dipcorpus.batch import ingest
    from dipcorpus.store.db import connect

    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    db = connect(path)
    report = ingest(db, [SHARED / "seeds"])
    db.close()
    assert not report.failed, report.to_dict()["failed"]
    return path
