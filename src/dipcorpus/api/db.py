"""One read-only SQLite connection per request, with a time limit enforced by a progress handler."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from fastapi import Request

from dipcorpus.store.db import connect

__all__ = ["PROGRESS_STEPS", "Settings", "get_db", "open_readonly", "settings"]

PROGRESS_STEPS = 1_000  # SQLite VM instructions between two looks at the clock


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    db_path: str
    ingest_token: str | None = None
    timeout: float = 5.0  # seconds of SQLite work allowed per request
    max_upload_bytes: int = 20 * 1024 * 1024
    max_upload_files: int = 20


def _deadline(seconds: float) -> Callable[[], int]:
    end = time.monotonic() + seconds

    def check() -> int:
        return 1 if time.monotonic() > end else 0  # non-zero interrupts the running statement

    return check


def open_readonly(path: str, *, timeout: float) -> sqlite3.Connection:
    """A read-only connection whose statements are interrupted once `timeout` seconds have passed."""
    db = connect(path, readonly=True)
    db.set_progress_handler(_deadline(timeout), PROGRESS_STEPS)
    return db


def settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


def get_db(request: Request) -> Iterator[sqlite3.Connection]:
    """FastAPI dependency: a fresh read-only connection, closed when the response is done."""
    cfg = settings(request)
    db = open_readonly(cfg.db_path, timeout=cfg.timeout)
    try:
        yield db
    finally:
        db.close()
