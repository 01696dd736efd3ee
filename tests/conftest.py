"""Shared fixtures, defined once."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture
def fresh_db() -> Iterator[sqlite3.Connection]:
    """An in-memory corpus database with every migration applied; closes itself."""
    from dipcorpus.store.db import connect

    db = connect(":memory:")
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
