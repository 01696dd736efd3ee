"""Which backend a --db value or a connection is, without importing a PostgreSQL driver: a file (or
':memory:') is SQLite, a `postgresql://` URL is PostgreSQL (store/pg.py, imported only to connect)."""

from __future__ import annotations

__all__ = ["SCHEMES", "is_pg", "is_postgres"]

SCHEMES = ("postgresql://", "postgres://")


def is_postgres(target: object) -> bool:
    """Whether a --db value names a PostgreSQL database (a `postgresql://` URL) rather than a file."""
    return str(target).startswith(SCHEMES)


def is_pg(db: object) -> bool:
    """Whether `db` is a PostgreSQL connection (store/pg.py `PgConnection`)."""
    return getattr(db, "dialect", "sqlite") == "postgresql"
