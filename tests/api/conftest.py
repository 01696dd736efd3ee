"""Fixtures of the API tests: the test corpus (built once per session) and clients over it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_corpus import build_corpus
from fastapi.testclient import TestClient

from dipcorpus.api.app import create_app

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session", params=BACKENDS)
def corpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, dict[str, str]]]:
    """The test corpus on each backend in turn: a file, or a PostgreSQL database."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("api") / "api.db"
        yield path, build_corpus(path)
        return
    from support.pg import temporary_database

    server = request.getfixturevalue("pg_server")
    with temporary_database(server, template=request.getfixturevalue("pg_template")) as url:
        yield url, build_corpus(url)


@pytest.fixture(scope="session")
def ids(corpus: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return corpus[1]


@pytest.fixture(scope="session")
def client(corpus: tuple[Path, dict[str, str]]) -> Iterator[TestClient]:
    with TestClient(create_app(corpus[0]), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def writable_db(corpus: tuple[Any, dict[str, str]], tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A copy of the corpus that a test may write to (ingest): a file copy, or a PostgreSQL copy
    (CREATE DATABASE ... TEMPLATE)."""
    if not isinstance(corpus[0], str):
        target = tmp_path / "copy.db"
        shutil.copy(corpus[0], target)
        yield target
        return
    from support.pg import temporary_database

    server = corpus[0].rsplit("/", 1)[0]  # (a database in use cannot be a template: the corpus is built again)
    with temporary_database(server, template=request.getfixturevalue("pg_template")) as url:
        build_corpus(url)
        yield url
