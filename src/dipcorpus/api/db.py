"""Read-only SQLite connections for requests: a small pool (warm page caches), and a time limit per
request enforced by a watchdog timer calling `interrupt()` plus a coarse progress-handler check."""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

from fastapi import Request
from starlette.concurrency import run_in_threadpool

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

    def idle(self) -> sqlite3.Connection | None:
        """An idle connection at once, or None (never opens one, never waits)."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return None

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


class _Watchdog:
    """One thread per process that interrupts the connections of requests past their deadline (a
    statement inside one long step of SQLite never reaches the progress handler). Sleeps while no
    request is running; a thread per request cost more than the requests it watched."""

    def __init__(self) -> None:
        self._leases: set[_Lease] = set()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None

    def watch(self, lease: _Lease) -> None:
        with self._lock:
            self._leases.add(lease)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="dipcorpus-watchdog", daemon=True)
                self._thread.start()
            self._wake.notify()

    def forget(self, lease: _Lease) -> None:
        with self._lock:
            self._leases.discard(lease)

    def _run(self) -> None:
        with self._lock:
            while True:
                if not self._leases:
                    self._wake.wait()
                    continue
                now = time.monotonic()
                for lease in [lease for lease in self._leases if lease.end_at <= now]:
                    self._leases.discard(lease)
                    lease.db.interrupt()
                soonest = min((lease.end_at for lease in self._leases), default=now + 60)
                self._wake.wait(max(0.005, soonest - now))


_WATCHDOG = _Watchdog()


class _Lease:
    """A pooled connection with a deadline: the watchdog interrupts a running statement when it
    passes (the progress handler that stops the statements started after it is the request's
    `deadline`, set beside the lease in `get_db`)."""

    def __init__(self, db: sqlite3.Connection, cfg: Settings) -> None:
        self.db = db
        self.end_at = time.monotonic() + cfg.timeout
        _WATCHDOG.watch(self)

    def end(self) -> None:
        _WATCHDOG.forget(self)


def settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


async def get_db(request: Request) -> AsyncIterator[sqlite3.Connection]:
    """FastAPI dependency: a read-only connection from the app's pool for this request, limited to
    the request's time (query/deadline.py: SQLite statements and the Python loops over their rows;
    the watchdog interrupts a statement the progress handler does not see). Taken on the event loop
    when one is idle (a sync dependency costs two more trips through the thread pool per request);
    opening one or waiting for one happens in the thread pool. A GET whose client goes away is
    stopped at once, so abandoned requests do not keep the pool busy (the event loop watches the
    connection to the client, at no thread's cost)."""
    cfg = settings(request)
    pool: Pool = request.app.state.pool
    db = pool.idle()
    if db is None:
        db = await run_in_threadpool(pool.acquire, min(1.0, cfg.timeout))
    try:
        load_subcorpora(db)  # a small table: the definitions saved now are the ones this request sees
    except BaseException:
        pool.release(db)
        raise
    lease = _Lease(db, cfg)
    deadline.start(db, cfg.timeout, steps=cfg.progress_steps)
    watcher = asyncio.create_task(_cancel_when_gone(request, db)) if request.method in ("GET", "HEAD") else None
    try:
        yield db
    finally:
        if watcher is not None:
            watcher.cancel()
        deadline.stop(db)
        lease.end()
        pool.release(db)


async def _cancel_when_gone(request: Request, db: sqlite3.Connection) -> None:
    """Wait for the client to disconnect (a GET has no body to read), then cancel `db`'s work."""
    while (await request.receive())["type"] != "http.disconnect":
        pass
    deadline.cancel(db)
