"""Fixtures of the API tests: the test corpus (built once per session) and clients over it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_corpus import build_corpus
from fastapi.testclient import TestClient

from dipcorpus.api.app import create_app


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("api") / "api.db"
    return path, build_corpus(path)


@pytest.fixture(scope="session")
def ids(corpus: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return corpus[1]


@pytest.fixture(scope="session")
def client(corpus: tuple[Path, dict[str, str]]) -> Iterator[TestClient]:
    with TestClient(create_app(corpus[0]), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def writable_db(corpus: tuple[Path, dict[str, str]], tmp_path: Path) -> Path:
    """A copy of the corpus that a test may write to (ingest)."""
    target = tmp_path / "copy.db"
    shutil.copy(corpus[0], target)
    return target
