"""Write the field exports of a corpus: TEI (a folder, one file per document) or vertical (one file)."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

from dipcorpus.export.dfm import write_dfm
from dipcorpus.export.tei import to_tei
from dipcorpus.export.vertical import to_vertical
from dipcorpus.kb.loader import load_kb
from dipcorpus.model import Document
from dipcorpus.store import queries

__all__ = ["write_matrix", "write_tei", "write_vertical"]


def _documents(db: sqlite3.Connection, *, all_versions: bool) -> Iterator[Document]:
    total = queries.count_documents(db)
    for row in queries.list_documents(db, limit=max(total, 1), all_versions=all_versions):
        doc = queries.load_document(db, row["id"])
        if doc is not None:
            yield doc


def write_tei(db: sqlite3.Connection, folder: str, *, all_versions: bool = False) -> int:
    """One `<id>.xml` per document in `folder` (made when missing); the number written."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    kb = load_kb()
    n = 0
    for doc in _documents(db, all_versions=all_versions):
        (target / f"{doc.id}.xml").write_text(to_tei(doc, kb), encoding="utf-8")
        n += 1
    return n


def write_vertical(db: sqlite3.Connection, output: str | None, *, all_versions: bool = False) -> int:
    """Every document in one vertical file (`output`, or stdout); the number written."""
    handle = open(output, "w", encoding="utf-8", newline="\n") if output else sys.stdout  # noqa: SIM115
    n = 0
    try:
        for doc in _documents(db, all_versions=all_versions):
            handle.writelines(to_vertical(doc))
            n += 1
    finally:
        if output:
            handle.close()
    return n


def write_matrix(db: sqlite3.Connection, folder: str, *, unit: str, all_versions: bool = False) -> int:
    """The document-feature matrix (`export/dfm.py`) of every document, or of every turn."""
    return write_dfm(_documents(db, all_versions=all_versions), folder, unit=unit)
