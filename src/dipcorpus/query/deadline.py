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

__all__ = ["RequestTimeout", "check", "expired", "limit", "start", "stop"]

PROGRESS_STEPS = 1_000  # SQLite VM instructions between two looks at the clock

_ENDS: dict[int, tuple[sqlite3.Connection, float, float]] = {}  # id(db) → (db, end, seconds)
_LOCK = threading.Lock()


class RequestTimeout(DipcorpusError):
    """The request ran past its time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(E.E308, seconds=f"{seconds:g}")
        self.seconds = seconds


def start(db: sqlite3.Connection, seconds: float, *, steps: int = PROGRESS_STEPS) -> None:
    """From now on, `db` has `seconds` of work: its statements are interrupted after that, and
    `check(db)` raises RequestTimeout."""
    end = time.monotonic() + seconds
    with _LOCK:
        _ENDS[id(db)] = (db, end, seconds)
    db.set_progress_handler(lambda: 1 if time.monotonic() > end else 0, max(1, steps))


def stop(db: sqlite3.Connection) -> None:
    """`db` has no time limit any more."""
    with _LOCK:
        _ENDS.pop(id(db), None)
    db.set_progress_handler(None, 0)


def _current(db: sqlite3.Connection) -> tuple[float, float] | None:
    found = _ENDS.get(id(db))
    if found is None or found[0] is not db:
        return None
    return found[1], found[2]


def expired(db: sqlite3.Connection) -> bool:
    """`db` has a time limit and it has passed."""
    found = _current(db)
    return found is not None and time.monotonic() > found[0]


def check(db: sqlite3.Connection) -> None:
    """RequestTimeout when `db`'s time limit has passed; nothing when it has none."""
    found = _current(db)
    if found is not None and time.monotonic() > found[0]:
        raise RequestTimeout(found[1])


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
