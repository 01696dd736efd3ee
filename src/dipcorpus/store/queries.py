"""Every read and write of the corpus database. Only this package contains SQL."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from dipcorpus.model import (
    Document,
    Entity,
    Formulation,
    Link,
    Point,
    Removal,
    Repair,
    Segment,
    Sentence,
    Statement,
    Turn,
)

__all__ = [
    "EXPORT_KINDS",
    "count_documents",
    "export_rows",
    "list_documents",
    "load_document",
    "replace_annotations",
    "replace_links",
    "save_document",
    "stats",
]

_DOC_COLUMNS = Document.METADATA


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def save_document(db: sqlite3.Connection, doc: Document, *, path: str, data: bytes) -> str:
    """Store `doc` read from `path`, in one transaction. Returns 'ingested', 'new version',
    'unchanged' (these bytes are already stored for this path) or 'duplicate' (stored under another path)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        status = _save(db, doc, path=path, data=data)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return status


def _save(db: sqlite3.Connection, doc: Document, *, path: str, data: bytes) -> str:
    latest = db.execute(
        "SELECT version, doc_id FROM sources WHERE path = ? ORDER BY version DESC LIMIT 1", (path,)
    ).fetchone()
    if latest is not None and latest["doc_id"] == doc.id:
        return "unchanged"
    exists = db.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone() is not None
    version = (latest["version"] + 1) if latest is not None else 1
    if exists:
        db.execute("INSERT INTO sources VALUES (?, ?, ?, ?)", (path, version, doc.id, _now()))
        return "duplicate"
    values = [getattr(doc, c) for c in _DOC_COLUMNS]
    db.execute(
        f"INSERT INTO documents ({', '.join(_DOC_COLUMNS)}, text, header, chars, ingested_at) "
        f"VALUES ({', '.join('?' * len(_DOC_COLUMNS))}, ?, ?, ?, ?)",
        (*values, doc.text, json.dumps(dict(doc.header), ensure_ascii=False), len(doc.text), _now()),
    )
    offsets = json.dumps([s.to_list() for s in doc.offsets], separators=(",", ":"))
    db.execute("INSERT INTO raw VALUES (?, ?, ?, ?)", (doc.id, data, doc.raw, offsets))
    db.executemany(
        "INSERT INTO repairs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (doc.id, n, r.kind, r.start, r.end, r.raw_start, r.raw_end, r.before, r.after)
            for n, r in enumerate(doc.repairs, 1)
        ],
    )
    db.executemany(
        "INSERT INTO removals VALUES (?, ?, ?, ?, ?, ?)",
        [(doc.id, n, r.kind, r.raw_start, r.raw_end, r.text) for n, r in enumerate(doc.removals, 1)],
    )
    _write_annotations(db, doc)
    db.execute("INSERT INTO sources VALUES (?, ?, ?, ?)", (path, version, doc.id, _now()))
    return "new version" if version > 1 else "ingested"


_TABLES: dict[str, tuple[str, type[Any], tuple[str, ...]]] = {
    # field → (table, class, columns after doc_id in table order)
    "sentences": ("sentences", Sentence, ("n", "start", "end")),
    "emphasis": ("emphasis", Sentence, ("n", "start", "end")),
    "turns": (
        "turns",
        Turn,
        (
            "n",
            "speaker",
            "role",
            "start",
            "end",
            "label_start",
            "number",
            "speaker_id",
            "parallel_start",
            "parallel_end",
        ),
    ),
    "statements": ("statements", Statement, ("n", "speaker", "verb", "start", "end", "speaker_id")),
    "points": ("points", Point, ("n", "parent", "parent_n", "start", "end")),
    "entities": ("entities", Entity, ("n", "type", "id", "name", "start", "end")),
    "formulations": ("formulations", Formulation, ("n", "id", "name", "start", "end")),
}
_RENAMED = {("entities", "id"): "entity_id", ("formulations", "id"): "formulation_id"}


def _write_annotations(db: sqlite3.Connection, doc: Document) -> None:
    for name, (table, _, columns) in _TABLES.items():
        items = getattr(doc, name)
        if not items:
            continue
        rows = []
        for n, item in enumerate(items, 1):
            row: list[object] = [doc.id]
            for col in columns:
                row.append(n if col == "n" and not hasattr(item, "n") else getattr(item, col))
            rows.append(row)
        db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * (len(columns) + 1))})", rows)


def replace_annotations(db: sqlite3.Connection, doc: Document) -> None:
    """Replace the stored annotations of `doc` (after re-running stages), in one transaction."""
    db.execute("BEGIN IMMEDIATE")
    try:
        for table, _, _ in _TABLES.values():
            db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc.id,))
        cols = ", ".join(f"{c} = ?" for c in _DOC_COLUMNS[3:])
        db.execute(
            f"UPDATE documents SET {cols} WHERE id = ?",
            (*[getattr(doc, c) for c in _DOC_COLUMNS[3:]], doc.id),
        )
        _write_annotations(db, doc)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def replace_links(db: sqlite3.Connection, links: Sequence[Link], *, docs: Sequence[str] | None = None) -> None:
    """Store `links`, replacing earlier links that touch `docs` (all links when `docs` is None)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        if docs is None:
            db.execute("DELETE FROM links")
        else:
            for doc_id in docs:
                db.execute("DELETE FROM links WHERE a_doc = ? OR b_doc = ?", (doc_id, doc_id))
        db.executemany(
            "INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(k.a_doc, k.b_doc, k.kind, k.score, k.a_start, k.a_end, k.b_start, k.b_end) for k in links],
        )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def load_document(db: sqlite3.Connection, doc_id: str) -> Document | None:
    """The stored document whose id is `doc_id` (or a unique prefix of it), with every annotation."""
    row = db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None and len(doc_id) >= 4:
        rows = db.execute("SELECT * FROM documents WHERE id LIKE ? LIMIT 2", (doc_id + "%",)).fetchall()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        return None
    raw = db.execute("SELECT text, offsets FROM raw WHERE doc_id = ?", (row["id"],)).fetchone()
    values: dict[str, Any] = {c: row[c] for c in _DOC_COLUMNS}
    values["text"] = row["text"]
    values["header"] = json.loads(row["header"])
    values["raw"] = raw["text"] if raw else ""
    values["offsets"] = tuple(Segment.from_list(s) for s in json.loads(raw["offsets"])) if raw else ()
    values["repairs"] = tuple(
        Repair(**{k: r[k] for k in ("kind", "start", "end", "raw_start", "raw_end", "before", "after")})
        for r in db.execute("SELECT * FROM repairs WHERE doc_id = ? ORDER BY n", (row["id"],))
    )
    values["removals"] = tuple(
        Removal(kind=r["kind"], raw_start=r["raw_start"], raw_end=r["raw_end"], text=r["text"])
        for r in db.execute("SELECT * FROM removals WHERE doc_id = ? ORDER BY n", (row["id"],))
    )
    for name, (table, cls, columns) in _TABLES.items():
        names = {f.name for f in fields(cls)}
        items = []
        for r in db.execute(f"SELECT * FROM {table} WHERE doc_id = ? ORDER BY n", (row["id"],)):
            data = {c: r[_RENAMED.get((table, c), c)] for c in columns if c in names}
            items.append(cls(**data))
        values[name] = tuple(items)
    return Document(**values)


def raw_bytes(db: sqlite3.Connection, doc_id: str) -> bytes | None:
    row = db.execute("SELECT bytes FROM raw WHERE doc_id = ?", (doc_id,)).fetchone()
    return bytes(row["bytes"]) if row else None


CURRENT_DOCS = (
    "SELECT DISTINCT s.doc_id FROM sources s "
    "WHERE s.version = (SELECT MAX(version) FROM sources t WHERE t.path = s.path)"
)


def list_documents(
    db: sqlite3.Connection, *, limit: int = 50, offset: int = 0, all_versions: bool = False
) -> list[dict[str, Any]]:
    where = "" if all_versions else f"WHERE id IN ({CURRENT_DOCS})"
    rows = db.execute(
        f"SELECT id, source, format, title, date, published, event_type, language, chars, "
        f"(SELECT COUNT(*) FROM turns t WHERE t.doc_id = d.id) AS turns "
        f"FROM documents d {where} ORDER BY date IS NULL, date, source LIMIT ? OFFSET ?",
        (limit, offset),
    )
    return [dict(r) for r in rows]


def count_documents(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])


def stats(db: sqlite3.Connection) -> dict[str, Any]:
    """Counts for a summary: documents by format, type and language; annotation totals."""
    out: dict[str, Any] = {"documents": count_documents(db)}
    for col in ("format", "event_type", "language"):
        out[f"by_{col}"] = {
            (r[0] or "unknown"): r[1]
            for r in db.execute(
                f"SELECT {col}, COUNT(*) FROM documents GROUP BY {col} "
                f"ORDER BY COUNT(*) DESC, {col} IS NOT NULL, {col}"  # ties alike on both backends
            )
        }
    for table in ("turns", "statements", "entities", "formulations", "repairs", "removals", "links"):
        out[table] = int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    out["dated"] = int(db.execute("SELECT COUNT(*) FROM documents WHERE date IS NOT NULL").fetchone()[0])
    return out


EXPORT_KINDS: dict[str, str] = {
    "documents": (
        "SELECT id, source, format, title, date, published, event_type, event_name, place, language, text "
        "FROM documents d WHERE {current} ORDER BY source"
    ),
    "turns": (
        'SELECT t.doc_id, t.n, t.speaker, t.speaker_id, t.role, t.number, t.start, t."end", '
        'substr(d.text, t.start + 1, t."end" - t.start) AS text '
        "FROM turns t JOIN documents d ON d.id = t.doc_id WHERE {current} ORDER BY d.source, t.n"
    ),
    "statements": (
        'SELECT s.doc_id, s.n, s.speaker, s.speaker_id, s.verb, s.start, s."end", '
        'substr(d.text, s.start + 1, s."end" - s.start) AS text '
        "FROM statements s JOIN documents d ON d.id = s.doc_id WHERE {current} ORDER BY d.source, s.n"
    ),
    "points": (
        'SELECT p.doc_id, p.n, p.parent, p.parent_n, p.start, p."end", '
        'substr(d.text, p.start + 1, p."end" - p.start) AS text '
        "FROM points p JOIN documents d ON d.id = p.doc_id WHERE {current} ORDER BY d.source, p.n"
    ),
    "sentences": (
        'SELECT s.doc_id, s.n, s.start, s."end", substr(d.text, s.start + 1, s."end" - s.start) AS text '
        "FROM sentences s JOIN documents d ON d.id = s.doc_id WHERE {current} ORDER BY d.source, s.n"
    ),
    "entities": (
        'SELECT e.doc_id, e.type, e.entity_id AS id, e.name, e.start, e."end", '
        'substr(d.text, e.start + 1, e."end" - e.start) AS text '
        "FROM entities e JOIN documents d ON d.id = e.doc_id WHERE {current} ORDER BY d.source, e.n"
    ),
    "formulations": (
        'SELECT f.doc_id, f.formulation_id AS id, f.name, f.start, f."end", '
        'substr(d.text, f.start + 1, f."end" - f.start) AS text '
        "FROM formulations f JOIN documents d ON d.id = f.doc_id WHERE {current} ORDER BY d.source, f.n"
    ),
    "repairs": (
        'SELECT r.doc_id, r.n, r.kind, r.start, r."end", r.raw_start, r.raw_end, r.before, r.after '
        "FROM repairs r JOIN documents d ON d.id = r.doc_id WHERE {current} ORDER BY d.source, r.n"
    ),
    "links": "SELECT a_doc, b_doc, kind, score, a_start, a_end, b_start, b_end FROM links ORDER BY score DESC",
}


def export_rows(db: sqlite3.Connection, kind: str, *, all_versions: bool = False) -> Iterator[dict[str, Any]]:
    """Rows of one export kind, as dicts (the export contract)."""
    sql = EXPORT_KINDS[kind]
    current = "1" if all_versions else f"d.id IN ({CURRENT_DOCS})"
    for row in db.execute(sql.replace("{current}", current)):
        yield dict(row)


def dyad_rows(db: sqlite3.Connection) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Documents and turns, for pairing questions with answers."""
    return list(export_rows(db, "documents")), list(export_rows(db, "turns"))
