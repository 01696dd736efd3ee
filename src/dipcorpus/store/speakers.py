"""Canonical speakers of the corpus: each `speaker_id` with its name, counts and printed labels."""

from __future__ import annotations

import sqlite3
from typing import Any

from dipcorpus.store.queries import CURRENT_DOCS

__all__ = ["speaker_list"]

_TURNS = (
    "SELECT t.speaker_id AS id, t.speaker AS name, t.role AS role, t.doc_id AS doc_id, "
    "CASE WHEN t.label_start IS NULL OR t.label_start >= t.start THEN NULL ELSE "
    "trim(substr(d.text, t.label_start + 1, t.start - t.label_start), ' :：' || char(10) || char(9) || char(160)) "
    "END AS printed FROM turns t JOIN documents d ON d.id = t.doc_id "
    "WHERE t.speaker_id IS NOT NULL AND d.id IN (" + CURRENT_DOCS + ")"
)
_STATEMENTS = (
    "SELECT s.speaker_id AS id, s.speaker AS name, s.doc_id AS doc_id FROM statements s "
    "WHERE s.speaker_id IS NOT NULL AND s.doc_id IN (" + CURRENT_DOCS + ")"
)


def speaker_list(db: sqlite3.Connection, *, questions: bool = False, limit: int | None = None) -> list[dict[str, Any]]:
    """One row per speaker id, most turns first: id, name (the most frequent canonical name), turns,
    statements, documents, printed (the distinct labels printed for it, ' | '-joined). Question
    turns (outlets) are counted only with `questions`."""
    role = "" if questions else "AND role != 'question'"
    sql = (
        f"WITH t AS ({_TURNS}), s AS ({_STATEMENTS}), "
        f"ids AS (SELECT id, name, doc_id FROM t WHERE 1 {role} UNION ALL SELECT id, name, doc_id FROM s) "
        "SELECT ids.id, "
        "(SELECT name FROM ids i2 WHERE i2.id = ids.id GROUP BY name ORDER BY COUNT(*) DESC, name LIMIT 1) AS name, "
        f"(SELECT COUNT(*) FROM t WHERE t.id = ids.id {role}) AS turns, "
        "(SELECT COUNT(*) FROM s WHERE s.id = ids.id) AS statements, "
        "COUNT(DISTINCT ids.doc_id) AS documents, "
        f"(SELECT group_concat(printed, ' | ') FROM (SELECT DISTINCT printed FROM t WHERE t.id = ids.id {role} "
        "AND printed IS NOT NULL ORDER BY printed) pr) AS printed "
        "FROM ids GROUP BY ids.id ORDER BY turns DESC, statements DESC, ids.id"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    cur = db.execute(sql)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, tuple(row), strict=True)) for row in cur.fetchall()]
