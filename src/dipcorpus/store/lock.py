"""One writer at a time per corpus: an advisory lock on a file beside the database (`DB.lock`),
held for the whole of an ingest, reindex, link or migration. Readers never take it (SQLite's WAL
lets them read while one process writes). A second writer waits, saying so once, and gives up with
E305 after `wait` seconds; the lock goes with the process, so a killed writer never leaves it held.
On PostgreSQL the same lock is a session advisory lock (store/pg.py `writer_lock`)."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from dipcorpus.errors import DipcorpusError, E
from dipcorpus.store.backend import is_postgres

__all__ = ["lock_path", "writer_lock"]


def lock_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}.lock")


@contextmanager
def writer_lock(
    db_path: str | Path, *, wait: float = 600.0, on_wait: Callable[[str], None] | None = None, poll: float = 0.2
) -> Iterator[None]:
    """Hold the corpus's writer lock; a corpus in memory (':memory:') needs none, a PostgreSQL one
    (`postgresql://...`) takes an advisory lock in the database (store/pg.py)."""
    if is_postgres(db_path):
        from dipcorpus.store.pg import writer_lock as pg_writer_lock

        with pg_writer_lock(str(db_path), wait=wait, on_wait=on_wait, poll=poll):
            yield
        return
    if str(db_path) == ":memory:" or str(db_path).startswith("file::memory:"):
        yield
        return
    path = lock_path(db_path)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        _acquire(fd, db_path, wait, on_wait, poll)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, db_path: str | Path, wait: float, on_wait: Callable[[str], None] | None, poll: float) -> None:
    start = time.monotonic()
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            waited = time.monotonic() - start
            holder = _holder(fd)
            if waited >= wait:
                raise DipcorpusError(E.E305, path=db_path, pid=holder, waited=round(waited)) from None
            if not told and on_wait is not None:
                on_wait(f"{db_path} is being written by pid {holder}: waiting up to {wait:g} s")
                told = True
            time.sleep(poll)


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
    except OSError:
        return "?"
