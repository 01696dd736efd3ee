"""A time limit per request that really stops the work: SQLite statements are interrupted by a
progress handler, and the Python loops over their rows (KWIC lines, timeline uses) call `check`
between rows; both end in one coded error, RequestTimeout (E308).

    with deadline.limit(db, 5.0):
        lines = kwic(db, "china")        # RequestTimeout once 5 s have passed

The limit belongs to the connection (a server's pooled connection serves one request at a time), so
code that reads through `db` needs no extra argument. A connection without a limit never times out.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from dipcorpus.errors import DipcorpusError, E

__all__ = ["RequestTimeout", "cancel", "check", "expired", "limit", "start", "stop"]

PROGRESS_STEPS = 1_000  # SQLite VM instructions between two looks at the clock

_LIMITS: dict[int, _Limit] = {}  # id(db) → its limit, while it has one
_LOCK = threading.Lock()


class RequestTimeout(DipcorpusError):
    """The request ran past its time limit (or its client went away) and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(E.E308, seconds=f"{seconds:g}")
        self.seconds = seconds


class _Limit:
    __slots__ = ("db", "end", "seconds")

    def __init__(self, db: sqlite3.Connection, seconds: float) -> None:
        self.db = db
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def passed(self) -> int:
        return 1 if time.monotonic() > self.end else 0


def start(db: sqlite3.Connection, seconds: float, *, steps: int = PROGRESS_STEPS) -> None:
    """From now on, `db` has `seconds` of work: its statements are interrupted after that, and
    `check(db)` raises RequestTimeout."""
    limit = _Limit(db, seconds)
    with _LOCK:
        _LIMITS[id(db)] = limit
    db.set_progress_handler(limit.passed, max(1, steps))


def stop(db: sqlite3.Connection) -> None:
    """`db` has no time limit any more."""
    with _LOCK:
        _LIMITS.pop(id(db), None)
    db.set_progress_handler(None, 0)


def cancel(db: sqlite3.Connection) -> None:
    """End `db`'s limit now (its client went away): the running statement is interrupted and the
    next `check` raises. Nothing happens once the limit is stopped (the connection may serve
    another request by then)."""
    with _LOCK:
        found = _LIMITS.get(id(db))
        if found is not None and found.db is db:
            found.end = 0.0
            db.interrupt()


def _current(db: sqlite3.Connection) -> _Limit | None:
    found = _LIMITS.get(id(db))
    return found if found is not None and found.db is db else None


def expired(db: sqlite3.Connection) -> bool:
    """`db` has a time limit and it has passed."""
    found = _current(db)
    return found is not None and bool(found.passed())


def check(db: sqlite3.Connection) -> None:
    """RequestTimeout when `db`'s time limit has passed; nothing when it has none."""
    found = _current(db)
    if found is not None and found.passed():
        raise RequestTimeout(found.seconds)


@contextmanager
def limit(db: sqlite3.Connection, seconds: float, *, steps: int = PROGRESS_STEPS) -> Iterator[None]:
    """`db` limited to `seconds` inside the block; an interrupted statement becomes RequestTimeout."""
    start(db, seconds, steps=steps)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc) and expired(db):
            raise RequestTimeout(seconds) from exc
        raise
    finally:
        stop(db)
