"""Everything a corpus exports, gathered for comparing two corpora (a local ingest and one on Dask)."""

from __future__ import annotations

import sqlite3
from typing import Any

from dipcorpus.export.vertical import to_vertical
from dipcorpus.query.export import KINDS, iter_kind
from dipcorpus.store import queries


def all_exports(db: sqlite3.Connection) -> dict[str, Any]:
    """Every export kind (every version), and the vertical file of every document."""
    out: dict[str, Any] = {kind: list(iter_kind(db, kind, all_versions=True)) for kind in KINDS}
    rows = queries.list_documents(db, limit=max(queries.count_documents(db), 1), all_versions=True)
    docs = [queries.load_document(db, row["id"]) for row in rows]
    out["vertical"] = ["".join(to_vertical(doc)) for doc in docs if doc is not None]
    return out
