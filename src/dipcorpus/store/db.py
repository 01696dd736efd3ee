"""Open a corpus database: WAL, foreign keys on, migrations applied."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dipcorpus.errors import DipcorpusError, E
from dipcorpus.store.backend import is_postgres
from dipcorpus.store.migrations import migrate

__all__ = ["check_corpus_file", "connect", "corpus_exists", "database_path", "database_target", "is_postgres"]

_SQLITE_MAGIC = b"SQLite format 3\x00"


def connect(
    path: str | Path, *, readonly: bool = False, apply_migrations: bool = True, adopt: bool = False
) -> sqlite3.Connection:
    """A connection to the corpus at `path` (':memory:' for a throwaway one). A file that is not a
    corpus (not SQLite, or the tables of another application) is refused with E304, unless
    `adopt`, which adds the corpus schema to another application's SQLite file. A `postgresql://`
    URL opens a PostgreSQL database instead (store/pg.py), with the same schema and migrations."""
    if is_postgres(path):
        from dipcorpus.store import pg

        conn = pg.connect(str(path), readonly=readonly)
        if not adopt:
            tables = [r[0] for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                "ORDER BY table_name"
            )]  # fmt: skip
            if tables and "_migrations" not in tables:
                conn.close()
                shown = ", ".join(tables[:5])
                raise DipcorpusError(
                    E.E304,
                    path=path,
                    reason=f"a database of another application (tables {shown}); "
                    "`dipcorpus migrate --init` adds the corpus schema to it",
                )
        if not readonly and apply_migrations:
            try:
                migrate(conn)
            except BaseException:
                conn.close()
                raise
        return conn
    if not adopt:
        check_corpus_file(path)
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


def check_corpus_file(path: str | Path) -> None:
    """Raise E304 unless `path` is missing, empty, or a SQLite file that is a corpus (or has no tables)."""
    if str(path) == ":memory:" or str(path).startswith("file:"):
        return
    file = Path(path)
    if not file.is_file() or file.stat().st_size == 0:
        return
    with file.open("rb") as handle:
        if handle.read(16) != _SQLITE_MAGIC:
            raise DipcorpusError(E.E304, path=path, reason="not an SQLite database")
    probe = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise DipcorpusError(E.E304, path=path, reason=f"unreadable SQLite file ({exc})") from exc
    finally:
        probe.close()
    if tables and "_migrations" not in tables:
        shown = ", ".join(sorted(tables)[:5])
        raise DipcorpusError(
            E.E304,
            path=path,
            reason=f"an SQLite file of another application (tables {shown}); "
            "`dipcorpus migrate --init` adds the corpus schema to it",
        )


def corpus_exists(target: str | Path) -> bool:
    """Whether `target` (a --db value) may hold a corpus: an existing file, or any PostgreSQL URL
    (a database that does not answer is reported when it is opened)."""
    return is_postgres(target) or Path(target).exists()


def database_target(db: sqlite3.Connection) -> str:
    """The --db value that opens `db` again: its file, or its PostgreSQL URL ('' for an in-memory one)."""
    return str(getattr(db, "url", "")) or database_path(db)


def database_path(db: sqlite3.Connection) -> str:
    """The file of `db`'s main database ('' for an in-memory, temporary or PostgreSQL one)."""
    for row in db.execute("PRAGMA database_list"):
        if row[1] == "main":
            return str(row[2] or "")
    return ""
