"""Open a corpus database: WAL, foreign keys on, migrations applied."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dipcorpus.store.migrations import migrate

__all__ = ["connect"]


def connect(path: str | Path, *, readonly: bool = False, apply_migrations: bool = True) -> sqlite3.Connection:
    """A connection to the corpus at `path` (':memory:' for a throwaway one)."""
    if readonly:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    else:
        db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        if apply_migrations:
            migrate(db)
    return db
