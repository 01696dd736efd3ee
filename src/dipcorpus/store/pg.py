"""The PostgreSQL backend: `--db postgresql://user@host/dbname` wherever `--db FILE` works.

`connect` returns a `PgConnection`: it presents the interface of `sqlite3.Connection` that the rest
of the store uses (`execute`, `executemany`, `cursor`, rows read by name or position, `BEGIN
IMMEDIATE` ... `COMMIT`), so one set of store functions serves both backends. The SQL the store
writes is SQLite's; `translate` turns each statement into PostgreSQL once (cached):

- `?` placeholders become `%s` (and a literal `%` becomes `%%`);
- `BEGIN IMMEDIATE` (SQLite's one writer at a time) becomes `BEGIN` plus a transaction-level advisory
  lock, so writers from several processes take turns exactly as they do on SQLite;
- `INSERT OR IGNORE` / `INSERT OR REPLACE` become `ON CONFLICT DO NOTHING` / `DO UPDATE` on the
  table's primary key; `group_concat`, `char`, `instr`, `GLOB`, `COLLATE NOCASE` and SQLite's
  case-insensitive `LIKE` get their PostgreSQL forms; a bare `1` as a condition becomes `TRUE`;
- DDL: `BLOB` → `BYTEA`, `REAL` → `DOUBLE PRECISION`, `INTEGER PRIMARY KEY` → an identity column,
  `TEXT` columns compare byte-wise (`COLLATE "C"`, SQLite's `BINARY`), `WITHOUT ROWID` goes;
- `PRAGMA`s are answered here (`database_list` names no file) or ignored.

Connections come from a `psycopg_pool.ConnectionPool` per database URL (autocommit: transactions are
the explicit `BEGIN` ... `COMMIT` the store already writes); `close()` hands one back. Errors are
raised as `sqlite3.OperationalError` / `sqlite3.IntegrityError` (the original chained), so the
callers' handling holds on both backends. Search (FTS5 on SQLite) has its own PostgreSQL SQL in
store/pg_search.py.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg.adapt import Loader
from psycopg.pq import TransactionStatus
from psycopg_pool import ConnectionPool

from dipcorpus.errors import DipcorpusError, E
from dipcorpus.store.backend import is_postgres

_finalizing = sys.is_finalizing  # kept here: at exit the module's globals (sys among them) may be None

__all__ = [
    "PgConnection",
    "connect",
    "create_database",
    "database_sizes",
    "drop_database",
    "index_folder",
    "is_postgres",
    "remove_database",
    "side_folder",
    "translate",
    "writer_lock",
]

# advisory lock keys (any two 64-bit numbers that no other application of the database uses)
WRITE_KEY = int.from_bytes(hashlib.sha1(b"dipcorpus:write").digest()[:8], "big", signed=True)
WRITER_KEY = int.from_bytes(hashlib.sha1(b"dipcorpus:writer").digest()[:8], "big", signed=True)
# tables whose SQLite `rowid` is read (PostgreSQL has none: the PG schema gives them a column of that name)
ROWID_TABLES = frozenset({"documents", "passage_vectors"})


# --- rows -------------------------------------------------------------------------------------


class Row(tuple[Any, ...]):
    """A result row read by position or by column name, as sqlite3.Row is."""

    __slots__ = ()
    _index: dict[str, int] = {}  # noqa: RUF012 (set per column list on a subclass)
    _names: tuple[str, ...] = ()

    def keys(self) -> list[str]:
        return list(self._names)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._index[key])
            except KeyError:
                raise IndexError(f"no such column: {key}") from None
        return tuple.__getitem__(self, key)


@functools.lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        index.setdefault(name, i)
    return type("Row", (Row,), {"__slots__": (), "_index": index, "_names": names})


def _row_factory(cursor: Any) -> Callable[[Sequence[Any]], Row]:
    names = tuple(c.name for c in cursor.description or ())
    cls = _row_class(names)
    return lambda values: cls(values)


class _NumericLoader(Loader):
    """numeric (SUM of integers, AVG) as int when whole, else float: the values SQLite returns."""

    def load(self, data: Any) -> Any:
        text = bytes(data).decode("ascii")
        return int(text) if text.lstrip("-").isdigit() else float(text)


# --- translation ------------------------------------------------------------------------------

_PIECES = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|[^'\"]+|['\"]")
_DDL = re.compile(r"^\s*(CREATE\s+TABLE|ALTER\s+TABLE)\b", re.I)
_INSERT_OR = re.compile(r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*(\(([^)]*)\))?", re.I)
_TRUE_1 = re.compile(
    r"(\b(?:WHERE|AND|OR)\s+(?:\(\s*)*)1(?=\s*(?:\)|$|\bAND\b|\bOR\b|\bORDER\b|\bGROUP\b|\bLIMIT\b))", re.I
)
_NOCASE = re.compile(r"([\w.\"]+)\s*=\s*\?\s+COLLATE\s+NOCASE", re.I)
# the passages an FTS5 expression matches, as query/parse.py writes them inside a SQL condition
_FTS_SUBQUERY = "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?"
_PG_SUBQUERY = "SELECT id FROM passages WHERE tsv @@ ?::tsquery"
_GLOB = re.compile(r"\bGLOB\s+'((?:[^']|'')*)'", re.I)


def _code_subs(code: str, *, ddl: bool) -> str:
    """The translations that apply outside string literals and quoted names."""
    code = re.sub(r"\bINDEXED\s+BY\s+\w+", "", code, flags=re.I)
    code = re.sub(  # a JSON list of ids bound as one parameter (query/wordstats.py)
        r"\b(\w+\.id)\s+IN\s+\(SELECT\s+value\s+FROM\s+json_each\(\?\)\)",
        r"\1 IN (SELECT value::bigint FROM json_array_elements_text(?::json) AS j(value))",
        code,
    )
    code = re.sub(r"\bjson_each\(\?\)", "json_array_elements_text(?::json) AS j(value)", code)
    code = re.sub(r"\bCROSS\s+JOIN\b(?=\s+\w+(?:\s+\w+)?\s+ON\b)", "JOIN", code, flags=re.I)  # SQLite's order hint
    code = re.sub(r"\bchar\s*\(", "chr(", code, flags=re.I)
    code = re.sub(r"\binstr\s*\(", "strpos(", code, flags=re.I)
    code = re.sub(r"\bLIKE\b", "ILIKE", code, flags=re.I)  # SQLite's LIKE ignores (ASCII) case
    code = _NOCASE.sub(r"lower(\1) = lower(?)", code)
    code = _TRUE_1.sub(r"\1TRUE", code)
    if ddl:
        code = re.sub(r"\bWITHOUT\s+ROWID\b", "", code, flags=re.I)
        code = re.sub(r"\bINTEGER\s+PRIMARY\s+KEY\b", "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", code)
        code = re.sub(r"\bBLOB\b", "BYTEA", code)
        code = re.sub(r"\bREAL\b", "DOUBLE PRECISION", code)
        code = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', code)
    return code.replace("%", "%%").replace("?", "%s")


def _glob_regex(pattern: str) -> str:
    out, i = "^", 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            out += ".*"
        elif ch == "?":
            out += "."
        elif ch == "[":
            end = pattern.index("]", i + 1)
            out += pattern[i : end + 1]
            i = end
        else:
            out += re.escape(ch)
        i += 1
    return out + "$"


def _group_concat(sql: str) -> str:
    """group_concat(x[, sep]) → string_agg((x)::text, sep) (the arguments split at the top level)."""
    while True:
        m = re.search(r"\bgroup_concat\s*\(", sql, re.I)
        if m is None:
            return sql
        depth, args, start, i = 1, [], m.end(), m.end()
        quote = ""
        while depth:
            ch = sql[i]
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "'\"":
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            elif ch == "," and depth == 1:
                args.append(sql[start:i])
                start = i + 1
            i += 1
        args.append(sql[start : i - 1])
        expr = args[0].strip()
        distinct = ""
        if expr.upper().startswith("DISTINCT "):
            distinct, expr = "DISTINCT ", expr[9:]
        sep = args[1].strip() if len(args) > 1 else "','"
        sql = f"{sql[: m.start()]}string_agg({distinct}({expr})::text, {sep}){sql[i:]}"


@functools.lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """`sql` (SQLite's dialect, as the store writes it) in PostgreSQL's, placeholders as `%s`.
    INSERT OR IGNORE/REPLACE are left to `PgConnection` (they need the table's primary key)."""
    sql = _group_concat(sql)
    sql = _GLOB.sub(lambda m: "~ '" + _glob_regex(m.group(1).replace("''", "'")).replace("'", "''") + "'", sql)
    ddl = bool(_DDL.match(sql))
    table = re.match(r"^\s*CREATE\s+TABLE\s+(\w+)\s*\(", sql, re.I)
    if table is not None and table.group(1) in ROWID_TABLES:
        sql = sql[: table.end()] + "rowid BIGINT GENERATED ALWAYS AS IDENTITY, " + sql[table.end() :]
    out = []
    for piece in _PIECES.findall(sql):
        if piece[0] in "'\"" and len(piece) > 1:
            out.append(piece.replace("%", "%%"))
        else:
            out.append(_code_subs(piece, ddl=ddl))
    return "".join(out).rstrip().rstrip(";")


# --- connections ------------------------------------------------------------------------------

_POOLS: dict[str, ConnectionPool] = {}
_POOLS_LOCK = threading.Lock()


def _configure(conn: psycopg.Connection[Any]) -> None:
    conn.adapters.register_loader("numeric", _NumericLoader)


def _safe(url: str) -> str:
    """`url` without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


def _pool(url: str) -> ConnectionPool:
    with _POOLS_LOCK:
        pool = _POOLS.get(url)
        if pool is None:
            try:  # one plain connection first: a wrong URL is told at once, in the server's words
                psycopg.connect(url, connect_timeout=10).close()
            except psycopg.Error as exc:
                reason = " ".join(line.strip() for line in str(exc).splitlines()) or type(exc).__name__
                raise DipcorpusError(E.E301, reason=f"cannot connect to {_safe(url)}: {reason}") from exc
            pool = ConnectionPool(
                url,
                min_size=1,
                max_size=16,
                kwargs={"autocommit": True, "row_factory": _row_factory},
                configure=_configure,
                open=False,
                name="dipcorpus",
            )
            try:
                pool.open(wait=True, timeout=15)
            except Exception as exc:
                pool.close()
                raise DipcorpusError(E.E301, reason=f"cannot connect to {_safe(url)}: {exc}") from exc
            _POOLS[url] = pool
        return pool


class _Fixed:
    """A cursor over rows computed here (the answers to PRAGMAs)."""

    def __init__(self, rows: Iterable[tuple[Any, ...]] = (), names: tuple[str, ...] = ()) -> None:
        cls = _row_class(names)
        self._rows = [cls(r) for r in rows]
        self.description = [(n, None, None, None, None, None, None) for n in names] or None
        self.rowcount = -1
        self.lastrowid: int | None = None

    def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    def __iter__(self) -> Iterator[Any]:
        while self._rows:
            yield self._rows.pop(0)

    def __next__(self) -> Any:
        if not self._rows:
            raise StopIteration
        return self._rows.pop(0)


class PgCursor:
    """The part of sqlite3.Cursor the store uses, over a psycopg cursor."""

    def __init__(self, owner: PgConnection) -> None:
        self._owner = owner
        self._cur: Any = None
        self.lastrowid: int | None = None
        self.arraysize = 100

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> PgCursor:
        self._cur, self.lastrowid = self._owner._run(sql, parameters)
        return self

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> PgCursor:
        self._cur = self._owner._run_many(sql, seq)
        return self

    @property
    def description(self) -> Any:
        if self._cur is None or self._cur.description is None:
            return None
        return [(getattr(c, "name", None) or c[0], None, None, None, None, None, None) for c in self._cur.description]

    @property
    def rowcount(self) -> int:
        return -1 if self._cur is None else int(self._cur.rowcount)

    def fetchone(self) -> Any:
        return None if self._cur is None or self._cur.description is None else self._cur.fetchone()

    def fetchall(self) -> list[Any]:
        return [] if self._cur is None or self._cur.description is None else list(self._cur.fetchall())

    def fetchmany(self, size: int | None = None) -> list[Any]:
        if self._cur is None or self._cur.description is None:
            return []
        return list(self._cur.fetchmany(size or self.arraysize))

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row

    def close(self) -> None:
        if self._cur is not None:
            self._cur.close()


class PgConnection(sqlite3.Connection):
    """A PostgreSQL connection with the interface of sqlite3.Connection that the store uses (a
    subclass so that the store's annotations hold for both backends; the SQLite handle underneath is
    an unused in-memory one). Made by `connect`, never directly."""

    dialect = "postgresql"
    url: str
    readonly: bool
    _pg: psycopg.Connection[Any] | None
    _pool_ref: ConnectionPool | None

    def _attach(self, url: str, *, readonly: bool) -> None:
        self.url, self.readonly = url, readonly
        self._pool_ref = _pool(url)
        self._pg = self._pool_ref.getconn()
        self._pk: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._statements: dict[str, tuple[str, bool, tuple[int, ...]]] = {}
        self._lock = threading.RLock()
        if readonly:
            self._pg.execute("SET default_transaction_read_only = on")

    @property
    def pg(self) -> psycopg.Connection[Any]:
        if self._pg is None:
            raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
        return self._pg

    # the sqlite3.Connection methods the code base calls

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return PgCursor(self).execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        return PgCursor(self).executemany(sql, parameters)

    def cursor(self, *args: Any, **kwargs: Any) -> Any:
        return PgCursor(self)

    def commit(self) -> None:
        if self.in_transaction:
            self.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.execute("ROLLBACK")

    @property
    def in_transaction(self) -> bool:
        return self._pg is not None and self._pg.info.transaction_status != TransactionStatus.IDLE

    def set_progress_handler(self, handler: Any, n: int) -> None:
        """No VM steps to count on PostgreSQL: `handler` is asked before each statement (a nonzero
        answer refuses it as SQLite's would interrupt it); a running one is stopped by `interrupt`."""
        self._progress = handler

    def interrupt(self) -> None:
        if self._pg is not None:
            self._pg.cancel_safe(timeout=2)

    def close(self) -> None:
        pg, self._pg = self._pg, None
        if pg is None or self._pool_ref is None:
            return
        if pg.info.transaction_status != TransactionStatus.IDLE:
            pg.rollback()
        if self.readonly:
            pg.execute("SET default_transaction_read_only = off")
        self._pool_ref.putconn(pg)
        super().close()

    def __del__(self) -> None:
        if _finalizing is None or _finalizing():
            return  # the interpreter is exiting: the pool and module globals may be gone already
        try:
            self.close()
        except Exception:  # a finaliser must not raise
            return

    # translation and execution

    def _prepare(self, sql: str) -> tuple[str, bool, tuple[int, ...]]:
        """(PostgreSQL SQL, whether it returns the new row's id, the positions of the parameters
        that are FTS5 MATCH expressions, to be made tsqueries) for `sql`, cached per connection."""
        original = sql
        found = self._statements.get(sql)
        if found is not None:
            return found
        returning = False
        matches: list[int] = []
        if _FTS_SUBQUERY in sql:
            parts = sql.split(_FTS_SUBQUERY)
            seen = 0
            for part in parts[:-1]:
                seen += part.count("?")
                matches.append(seen)
                seen += 1
            sql = _PG_SUBQUERY.join(parts)
        m = _INSERT_OR.match(sql)
        if m is not None:
            table = m.group(2)
            rest = sql[m.end() :]
            cols = tuple(c.strip().strip('"') for c in m.group(4).split(",")) if m.group(4) else None
            head = f"INSERT INTO {table} " + (f"({m.group(4)}) " if m.group(4) else "")
            text = translate(head + rest)
            if m.group(1).upper() == "IGNORE":
                text += " ON CONFLICT DO NOTHING"
            else:
                pk, every = self._keys(table)
                names = cols or every
                updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in names if c not in pk)
                keys = ", ".join(f'"{c}"' for c in pk)
                text += f" ON CONFLICT ({keys}) " + (f"DO UPDATE SET {updates}" if updates else "DO NOTHING")
        else:
            text = translate(sql)
            if re.match(r"^\s*INSERT\s+INTO\s+passages\b", sql, re.I) and " RETURNING " not in sql.upper():
                text += " RETURNING id"
                returning = True
        self._statements[original] = (text, returning, tuple(matches))
        return self._statements[original]

    def _keys(self, table: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(primary key columns, every column) of `table`, from the catalog."""
        if table not in self._pk:
            with self.pg.cursor(row_factory=psycopg.rows.tuple_row) as cur:
                cur.execute(
                    "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                    "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
                    "ORDER BY array_position(i.indkey, a.attnum)",
                    (table,),
                )
                pk = tuple(r[0] for r in cur.fetchall())
                cur.execute(
                    "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                    "AND NOT attisdropped ORDER BY attnum",
                    (table,),
                )
                every = tuple(r[0] for r in cur.fetchall() if r[0] != "rowid")
            self._pk[table] = (pk, every)
        return self._pk[table]

    def _special(self, sql: str) -> Any:
        """The statements answered here rather than sent as they are (None for every other one)."""
        head = sql.strip().rstrip(";").upper()
        if head == "BEGIN IMMEDIATE" or head == "BEGIN EXCLUSIVE":
            self.pg.execute("BEGIN")
            self.pg.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_KEY,))
            return _Fixed()
        if head.startswith("PRAGMA"):
            if "DATABASE_LIST" in head:
                return _Fixed([(0, "main", "")], ("seq", "name", "file"))
            return _Fixed()
        return None

    def _check_progress(self) -> None:
        handler = getattr(self, "_progress", None)
        if handler is not None and handler():
            raise sqlite3.OperationalError("interrupted")

    def _run(self, sql: str, parameters: Any) -> tuple[Any, int | None]:
        self._check_progress()
        special = self._special(sql)
        if special is not None:
            return special, None
        text, returning, matches = self._prepare(sql)
        params = [_bindable(v) for v in parameters] if not isinstance(parameters, dict) else parameters
        if matches and isinstance(params, list):
            from dipcorpus.store.pg_search import tsquery

            for i in matches:
                params[i] = tsquery(params[i])
        with self._lock, _errors(sql):
            cur = self.pg.cursor()
            cur.execute(text, params)
            if returning:
                row = cur.fetchone()
                return cur, int(row[0]) if row else None
            return cur, None

    def _run_many(self, sql: str, seq: Iterable[Sequence[Any]]) -> Any:
        text, returning, _ = self._prepare(sql)
        if returning:
            text = text.removesuffix(" RETURNING id")
        rows = [[_bindable(v) for v in r] for r in seq]
        with self._lock, _errors(sql):
            cur = self.pg.cursor()
            if rows:
                cur.executemany(text, rows)
            return cur


def _bindable(value: Any) -> Any:
    """`value` as PostgreSQL can bind it: a NUL, which no PostgreSQL text holds (so no stored value
    equals a text with one), becomes U+FFFE, a noncharacter that no stored text holds either."""
    return value.replace("\x00", "\ufffe") if isinstance(value, str) and "\x00" in value else value


@contextmanager
def _errors(sql: str) -> Iterator[None]:
    try:
        yield
    except psycopg.errors.IntegrityError as exc:
        raise sqlite3.IntegrityError(f"{exc}".strip()) from exc
    except psycopg.errors.QueryCanceled as exc:
        raise sqlite3.OperationalError("interrupted") from exc
    except psycopg.errors.ReadOnlySqlTransaction as exc:
        raise sqlite3.OperationalError(f"attempt to write a readonly database ({exc})".strip()) from exc
    except psycopg.Error as exc:
        raise sqlite3.OperationalError(f"{exc}".strip() + f" [in: {sql.strip()[:200]}]") from exc


def connect(url: str, *, readonly: bool = False) -> PgConnection:
    """A connection to the PostgreSQL database at `url`, taken from the pool of that URL."""
    db = sqlite3.connect(":memory:", factory=PgConnection, check_same_thread=False, isolation_level=None)
    db._attach(url, readonly=readonly)
    return db


# --- the writer lock ------------------------------------------------------------------------


@contextmanager
def writer_lock(
    url: str, *, wait: float = 600.0, on_wait: Callable[[str], None] | None = None, poll: float = 0.2
) -> Iterator[None]:
    """The corpus's writer lock on PostgreSQL: a session advisory lock held on a connection of its own
    (it goes with the session, so a killed writer never leaves it held). E305 after `wait` seconds."""
    with psycopg.connect(url, autocommit=True) as conn:
        start, told = time.monotonic(), False
        while True:
            got = conn.execute("SELECT pg_try_advisory_lock(%s)", (WRITER_KEY,)).fetchone()
            if got and got[0]:
                break
            waited = time.monotonic() - start
            holder = conn.execute(
                "SELECT string_agg(pid::text, ',') FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND ((classid::bigint << 32) | objid::bigint) = %s",
                (WRITER_KEY & 0xFFFFFFFFFFFFFFFF,),
            ).fetchone()
            pid = (holder[0] if holder else None) or "?"
            if waited >= wait:
                raise DipcorpusError(E.E305, path=url, pid=pid, waited=round(waited))
            if not told and on_wait is not None:
                on_wait(f"{url} is being written by backend pid {pid}: waiting up to {wait:g} s")
                told = True
            time.sleep(poll)
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (WRITER_KEY,))


def side_folder(url: str, suffix: str) -> Path:
    """The folder a corpus keeps beside its database file (`DB.tantivy`, `DB.uploads`), for the
    PostgreSQL database `url`, which has no file: `<name>-<hash of the URL>.<suffix>` under
    $DIPCORPUS_INDEX_DIR, else under the user's cache folder (`~/.cache/dipcorpus/pg`)."""
    base = os.environ.get("DIPCORPUS_INDEX_DIR") or str(
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dipcorpus" / "pg"
    )
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", url.rsplit("/", 1)[-1].split("?")[0]) or "corpus"
    digest = hashlib.sha1(url.encode(), usedforsecurity=False).hexdigest()[:10]
    Path(base).mkdir(parents=True, exist_ok=True)
    return Path(base) / f"{name}-{digest}.{suffix}"


def index_folder(db: sqlite3.Connection) -> Path:
    """Where the derived tantivy index of the PostgreSQL database `db` lives (`side_folder`)."""
    return side_folder(str(getattr(db, "url", "")), "tantivy")


def drop_database(url: str) -> None:
    """Close this process's pooled connections to `url` (before the database is dropped)."""
    with _POOLS_LOCK:
        pool = _POOLS.pop(url, None)
    if pool is not None:
        pool.close()


def create_database(server: str, name: str) -> str:
    """A new, empty database `name` (letters, digits, `_`) on `server` (a URL without a database
    name, e.g. `postgresql://postgres@127.0.0.1:5432`); its URL. Replaces one of that name."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"not a plain database name: {name!r}")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    return f"{server}/{name}"


def remove_database(url: str) -> None:
    """Drop the database at `url` (this process's pooled connections first, then any other's)."""
    drop_database(url)
    server, _, name = url.rpartition("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"not a plain database name: {name!r}")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def database_sizes(db: sqlite3.Connection) -> dict[str, Any]:
    """Bytes on disk of the database of `db` (`database`) and of each of its tables with their
    indexes and TOAST (`tables`, largest first), as `pg_database_size` and `pg_total_relation_size` report."""
    total = db.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    rows = db.execute(
        "SELECT c.relname, pg_total_relation_size(c.oid), pg_relation_size(c.oid), pg_indexes_size(c.oid) "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 2 DESC"
    ).fetchall()
    return {
        "database": int(total),
        "tables": {r[0]: {"total": int(r[1]), "heap": int(r[2]), "indexes": int(r[3])} for r in rows if r[1]},
    }
