"""Read-only SQLite connections for requests: a small pool (warm page caches), and a time limit per
request enforced by a watchdog timer calling `interrupt()` plus a coarse progress-handler check."""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from dipcorpus.api.errors import ApiError
from dipcorpus.query import deadline
from dipcorpus.query.subcorpora import load as load_subcorpora
from dipcorpus.store.browse import tune_reader
from dipcorpus.store.db import connect

__all__ = ["Pool", "Settings", "get_db", "open_readonly", "settings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    db_path: str
    ingest_token: str | None = None
    timeout: float = 5.0  # seconds of SQLite work allowed per request
    pool_size: int = 8  # read-only connections kept open (and requests served at once)
    progress_steps: int = 50_000  # SQLite VM instructions between two looks at the clock
    max_upload_bytes: int = 20 * 1024 * 1024
    max_upload_files: int = 20


def open_readonly(path: str, *, timeout: float | None = None) -> sqlite3.Connection:
    """A read-only connection (check_same_thread off); with `timeout`, its statements are
    interrupted once that many seconds have passed."""
    db = connect(path, readonly=True)
    tune_reader(db)
    if timeout is not None:
        end = time.monotonic() + timeout
        db.set_progress_handler(lambda: 1 if time.monotonic() > end else 0, 1_000)
    return db


class Pool:
    """Up to `size` read-only connections, handed to one request at a time."""

    def __init__(self, path: str, size: int) -> None:
        self.path = path
        self.size = max(1, size)
        self._idle: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._created = 0
        self._lock = threading.Lock()

    def acquire(self, wait: float | None = None) -> sqlite3.Connection:
        """An idle connection, a new one while fewer than `size` exist, else the next one released
        within `wait` seconds (forever when None); ApiError 503 when none comes in time."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._created < self.size:
                self._created += 1
                return open_readonly(self.path)
        try:
            return self._idle.get(timeout=wait)
        except queue.Empty:
            raise ApiError(503, "busy", f"all {self.size} connections are busy; try again shortly") from None

    def release(self, db: sqlite3.Connection) -> None:
        db.set_progress_handler(None, 0)
        self._idle.put(db)

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


class _Lease:
    """A pooled connection with a deadline: a timer interrupts a running statement when it passes,
    and a progress handler stops statements started after it."""

    def __init__(self, db: sqlite3.Connection, cfg: Settings) -> None:
        self.db = db
        self.done = False
        self.lock = threading.Lock()
        end = time.monotonic() + cfg.timeout
        db.set_progress_handler(self._check(end), cfg.progress_steps)
        self.timer = threading.Timer(cfg.timeout, self._interrupt)
        self.timer.daemon = True
        self.timer.start()

    @staticmethod
    def _check(end: float) -> Callable[[], int]:
        return lambda: 1 if time.monotonic() > end else 0

    def _interrupt(self) -> None:
        with self.lock:
            if not self.done:
                self.db.interrupt()

    def end(self) -> None:
        self.timer.cancel()
        with self.lock:
            self.done = True


def settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


def _connection(request: Request) -> Iterator[sqlite3.Connection]:
    """A read-only connection from the app's pool for this request, limited to the request's time
    (query/deadline.py: SQLite statements and the Python loops over their rows)."""
    cfg = settings(request)
    pool: Pool = request.app.state.pool
    db = pool.acquire(wait=min(1.0, cfg.timeout))
    load_subcorpora(db)  # a small table: the definitions saved now are the ones this request sees
    lease = _Lease(db, cfg)
    deadline.start(db, cfg.timeout, steps=cfg.progress_steps)
    try:
        yield db
    finally:
        deadline.stop(db)
        lease.end()
        pool.release(db)


async def get_db(
    request: Request, db: Annotated[sqlite3.Connection, Depends(_connection)]
) -> AsyncIterator[sqlite3.Connection]:
    """FastAPI dependency: the request's connection (`_connection`). A GET whose client goes away
    is stopped at once, so abandoned requests do not keep the pool busy (an async dependency: it
    watches the connection to the client from the event loop, at no thread's cost)."""
    watcher = asyncio.create_task(_cancel_when_gone(request, db)) if request.method in ("GET", "HEAD") else None
    try:
        yield db
    finally:
        if watcher is not None:
            watcher.cancel()


async def _cancel_when_gone(request: Request, db: sqlite3.Connection) -> None:
    """Wait for the client to disconnect (a GET has no body to read), then cancel `db`'s work."""
    while (await request.receive())["type"] != "http.disconnect":
        pass
    deadline.cancel(db)
