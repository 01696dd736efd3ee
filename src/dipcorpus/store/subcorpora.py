"""The saved subcorpora (name → query text) of a corpus."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

__all__ = ["all_subcorpora", "delete_subcorpus", "save_subcorpus"]


def all_subcorpora(db: sqlite3.Connection) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in db.execute("SELECT name, query FROM subcorpora ORDER BY name")}


def save_subcorpus(db: sqlite3.Connection, name: str, query: str) -> None:
    db.execute(
        "INSERT INTO subcorpora (name, query, saved_at) VALUES (?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET query = excluded.query, saved_at = excluded.saved_at",
        (name, query, datetime.now(UTC).isoformat()),
    )


def delete_subcorpus(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("DELETE FROM subcorpora WHERE name = ?", (name,)).rowcount > 0
