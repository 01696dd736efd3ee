"""The stored record as pandas DataFrames (the Python API's `Corpus.documents()`, `.turns()` ...):
the export rows of one kind, with real dates (`datetime64`, NaT where unknown), each annotation row
carrying its document's date, title, language and event type."""

from __future__ import annotations

import sqlite3

import pandas as pd

from dipcorpus.store import queries

__all__ = ["DATE_COLUMNS", "frame", "typed_dates"]

DATE_COLUMNS = ("date", "published")
_DOC_FIELDS = ["date", "title", "language", "event_type"]


def typed_dates(table: pd.DataFrame) -> pd.DataFrame:
    """`date` and `published` as datetime64 (a partial date '2020-07' is its first day; junk is NaT)."""
    for column in DATE_COLUMNS:
        if column in table:
            table[column] = pd.to_datetime(
                table[column].astype("string").str.slice(0, 10), errors="coerce", format="mixed"
            )
    return table


def frame(db: sqlite3.Connection, kind: str, *, text: bool = True, all_versions: bool = False) -> pd.DataFrame:
    """Rows of export kind `kind` (docs/export.md) as a DataFrame; without `text`, the documents'
    full text is left out (it is large)."""
    rows = list(queries.export_rows(db, kind, all_versions=all_versions))
    table = pd.DataFrame(rows)
    if kind == "documents":
        if not text and "text" in table:
            table = table.drop(columns=["text"])
        return typed_dates(table)
    if "doc_id" in table and not table.empty:
        docs = pd.DataFrame(queries.export_rows(db, "documents", all_versions=all_versions))
        docs = docs[["id", *_DOC_FIELDS]].rename(columns={"id": "doc_id"})
        table = table.merge(docs, on="doc_id", how="left")
    return typed_dates(table)
