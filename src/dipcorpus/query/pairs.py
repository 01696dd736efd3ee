"""Translation pairs and their turn-by-turn alignment, read from the store for the CLI (`dipcorpus
links DOC --aligned`), the Python API (`Corpus.aligned`), the HTTP API (`/api/pairs/{doc}`) and the
web UI (`/pairs/{doc}`). Pairs and alignments are made by `dipcorpus link` (`linking.py`)."""

from __future__ import annotations

import sqlite3
from typing import Any

from dipcorpus.errors import DipcorpusError, E
from dipcorpus.model import Document
from dipcorpus.store import links as link_store
from dipcorpus.store import queries

__all__ = ["aligned_pair", "partners"]


def partners(db: sqlite3.Connection, doc_id: str | None = None) -> list[dict[str, Any]]:
    """The translation pairs of `doc_id` (all pairs when None): both ids, languages, dates, titles, score."""
    return link_store.translation_partners(db, doc_id)


def _meta(doc: Document) -> dict[str, Any]:
    return {"id": doc.id, "language": doc.language, "date": doc.date, "title": doc.title, "event_type": doc.event_type}


def _speaker(doc: Document, first: int | None, unit: str) -> str | None:
    if first is None or unit != "turn":
        return None
    return next((t.speaker for t in doc.turns if t.n == first), None)


def aligned_pair(db: sqlite3.Connection, doc_id: str, other: str | None = None) -> dict[str, Any]:
    """The translation pair of `doc_id` (or a unique id prefix; with `other`, the pair with that
    document) and its alignment: `a` and `b` (id, language, date, title, event_type), `score`, and
    `steps`, one per aligned group in order (n, role, score, unit, the unit numbers and spans of each
    side, each side's text and first speaker; a side with no counterpart is None).
    Raises DipcorpusError E303 for an unknown document, E307 when it has no such pair."""
    doc = queries.load_document(db, doc_id)
    if doc is None:
        raise DipcorpusError(E.E303, id=doc_id)
    found = partners(db, doc.id)
    if other is not None:
        found = [p for p in found if other in (p["a_doc"], p["b_doc"]) or _prefix(p, doc.id, other)]
    if not found:
        raise DipcorpusError(E.E307, id=doc.id)
    pair = max(found, key=lambda p: p["score"])
    a = doc if pair["a_doc"] == doc.id else queries.load_document(db, pair["a_doc"])
    b = doc if pair["b_doc"] == doc.id else queries.load_document(db, pair["b_doc"])
    if a is None or b is None:  # pragma: no cover - links reference stored documents
        raise DipcorpusError(E.E307, id=doc.id)
    steps = []
    for row in link_store.turn_pair_rows(db, a.id, b.id):
        step = {k: row[k] for k in ("n", "role", "score", "unit", "a_first", "a_last", "b_first", "b_last")}
        step.update({k: row[k] for k in ("a_start", "a_end", "b_start", "b_end", "a_text", "b_text")})
        step["a_speaker"] = _speaker(a, row["a_first"], row["unit"])
        step["b_speaker"] = _speaker(b, row["b_first"], row["unit"])
        steps.append(step)
    return {"a": _meta(a), "b": _meta(b), "score": pair["score"], "steps": steps}


def _prefix(pair: dict[str, Any], doc_id: str, other: str) -> bool:
    partner = pair["b_doc"] if pair["a_doc"] == doc_id else pair["a_doc"]
    return len(other) >= 4 and str(partner).startswith(other)
