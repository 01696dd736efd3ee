"""PostgreSQL for the backend tests: find the server, and make a throwaway database per test."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT = "postgresql://postgres@127.0.0.1:5432"
ENV = "DIPCORPUS_TEST_PG"


def _server_url(value: str) -> str:
    """`value` without a database name (the tests make their own)."""
    head, sep, rest = value.partition("://")
    host = rest.partition("/")[0]
    return f"{head}{sep}{host}"


def find_server() -> tuple[str | None, str]:
    """(server URL, '') when one answers, else (None, why not)."""
    url = _server_url(os.environ.get(ENV) or DEFAULT)
    try:
        import psycopg
    except ImportError:
        return None, "psycopg is not installed (pip install -e '.[pg]')"
    try:
        with psycopg.connect(f"{url}/postgres", connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        return None, f"no PostgreSQL answers at {url} (${ENV}; `make postgresql` installs one): {exc}".strip()
    return url, ""


@contextmanager
def temporary_database(server: str, *, template: str | None = None, migrate: bool = False) -> Iterator[str]:
    """A new database (random name) on `server`, a copy of `template` when given; dropped afterwards."""
    import psycopg

    from dipcorpus.store.pg import drop_database

    name = f"dipcorpus_test_{secrets.token_hex(6)}"
    source = f"TEMPLATE {template}" if template else "TEMPLATE template0 ENCODING 'UTF8'"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} {source}")
        admin.execute(f"ALTER DATABASE {name} SET synchronous_commit = off")  # a test's data need not survive a crash
    url = f"{server}/{name}"
    try:
        if migrate:
            from dipcorpus.store.db import connect

            connect(url).close()
            drop_database(url)  # a template must have no connections when it is copied
        yield url
    finally:
        drop_database(url)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
