"""Write one export kind as JSONL, JSON, CSV or Parquet (the contract: docs/export.md)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
import sys
from collections.abc import Iterator
from typing import IO, Any

from dipcorpus.errors import E
from dipcorpus.store import queries

__all__ = ["KINDS", "export_kind", "iter_kind"]

KINDS = (*queries.EXPORT_KINDS, "dyads", "bilingual-dyads")


def iter_kind(db: sqlite3.Connection, kind: str, *, all_versions: bool = False) -> Iterator[dict[str, Any]]:
    if kind == "dyads":
        from dipcorpus.query.dyads import dyads

        docs, turns = queries.dyad_rows(db)
        yield from dyads(docs, turns)
        return
    if kind == "bilingual-dyads":
        from dipcorpus.query.dyads import bilingual_dyads
        from dipcorpus.store import links as link_store

        docs, turns = queries.dyad_rows(db)
        yield from bilingual_dyads(docs, turns, link_store.translation_partners(db), link_store.turn_pair_steps(db))
        return
    if kind not in queries.EXPORT_KINDS:
        raise KeyError(E.E401.format(kind=kind, choices=", ".join(KINDS)))
    yield from queries.export_rows(db, kind, all_versions=all_versions)


def export_kind(db: sqlite3.Connection, kind: str, fmt: str, output: str | None, *, all_versions: bool = False) -> int:
    """Write every row of `kind` to `output` (stdout when None). Returns the row count."""
    rows = iter_kind(db, kind, all_versions=all_versions)
    if fmt == "parquet":
        if output is None:
            raise KeyError("--format parquet needs -o FILE")
        return _parquet(rows, output)
    if output is None:
        return _WRITERS[fmt](rows, sys.stdout)
    with open(output, "w", encoding="utf-8", newline="") as handle:
        return _WRITERS[fmt](rows, handle)


def _jsonl(rows: Iterator[dict[str, Any]], handle: IO[str]) -> int:
    n = 0
    for row in rows:
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def _json(rows: Iterator[dict[str, Any]], handle: IO[str]) -> int:
    data = list(rows)
    json.dump(data, handle, ensure_ascii=False, indent=1)
    handle.write("\n")
    return len(data)


def _csv(rows: Iterator[dict[str, Any]], handle: IO[str]) -> int:
    writer: csv.DictWriter[str] | None = None
    n = 0
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(handle, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
        n += 1
    return n


def _parquet(rows: Iterator[dict[str, Any]], output: str) -> int:
    """Rows as a Parquet file; `date` and `published` typed as dates (null where unknown)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = list(rows)
    table = pa.Table.from_pylist(data) if data else pa.table({})
    for name in ("date", "published"):
        if name in table.column_names:
            days = pa.array([_day(row.get(name)) for row in data], type=pa.date32())
            table = table.set_column(table.column_names.index(name), name, days)
    pq.write_table(table, output)
    return len(data)


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


_WRITERS = {"jsonl": _jsonl, "json": _json, "csv": _csv}
