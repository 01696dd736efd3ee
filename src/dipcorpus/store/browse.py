"""Reads behind the HTTP API and the web UI: search facets, entity and formulation listings, mentions
over time. Every value from a request reaches SQL as a bound parameter."""

from __future__ import annotations

import sqlite3
from typing import Any

from dipcorpus.store.queries import CURRENT_DOCS
from dipcorpus.store.search import Compiled, from_clause

__all__ = [
    "KINDS",
    "documents_by_collection",
    "facets",
    "mention_documents",
    "mention_info",
    "mention_list",
    "mentions_by_month",
    "name_countries",
    "newest_documents",
    "tune_reader",
]

# kind → (table, id column); `entity` covers every entity type, `formulation` the formulations
KINDS: dict[str, tuple[str, str]] = {
    "entity": ("entities", "entity_id"),
    "formulation": ("formulations", "formulation_id"),
}


def _hits(db: sqlite3.Connection, q: Compiled) -> tuple[str, list[Any]]:
    """SELECT of the matching passages (id, doc_id, speaker, event_type) for `q`."""
    sql, params = from_clause(q, db)
    return f"SELECT p.id AS pid, p.doc_id, p.speaker, d.event_type {sql}", params


def facets(db: sqlite3.Connection, q: Compiled, *, limit: int = 10, cap: int = 5_000) -> dict[str, Any]:
    """Counts of matching passages by event type, country tagged in them, and speaker (the first
    `cap` matching passages; `capped` says when there were more). One statement: the matches are
    found once (a materialised CTE) and counted three ways."""
    hits, params = _hits(db, q)
    top = "GROUP BY value ORDER BY count DESC, value LIMIT ?"
    sql = (
        f"WITH h AS MATERIALIZED ({hits} LIMIT ?) "
        "SELECT 'seen' AS facet, NULL AS value, COUNT(*) AS count FROM h "
        "UNION ALL SELECT * FROM (SELECT 'event_type', COALESCE(event_type, 'unknown') AS value, COUNT(*) AS count "
        f"FROM h {top}) e "
        "UNION ALL SELECT * FROM (SELECT 'speaker', speaker AS value, COUNT(*) AS count FROM h "
        f"WHERE speaker IS NOT NULL {top}) s "
        "UNION ALL SELECT * FROM (SELECT 'country', t.key AS value, COUNT(*) AS count FROM h CROSS "
        f"JOIN passage_tags t ON t.passage_id = h.pid AND t.kind = 'country' {top}) c"
    )
    out: dict[str, Any] = {"capped": False, "event_type": [], "country": [], "speaker": []}
    for row in db.execute(sql, [*params, cap + 1, limit, limit, limit]):
        if row[0] == "seen":
            out["capped"] = int(row[2]) > cap
        else:
            out[row[0]].append({"value": row[1], "count": int(row[2])})
    return name_countries(db, out)


def name_countries(db: sqlite3.Connection, counts: dict[str, Any]) -> dict[str, Any]:
    """`counts` (facets) with each country item's `name` filled in (its id when unknown)."""
    names = _names(db, "entity", [r["value"] for r in counts["country"]])
    for item in counts["country"]:
        item["name"] = names.get(item["value"], item["value"])
    return counts


def tune_reader(db: sqlite3.Connection, *, cache_mb: int = 64, mmap_mb: int = 256) -> None:
    """Settings for a long-lived read-only connection: a larger page cache and memory-mapped reads."""
    db.execute(f"PRAGMA cache_size = -{int(cache_mb) * 1024}")
    db.execute(f"PRAGMA mmap_size = {int(mmap_mb) * 1024 * 1024}")


def _names(db: sqlite3.Connection, kind: str, keys: list[str]) -> dict[str, str]:
    if not keys:
        return {}
    table, col = KINDS[kind]
    out = {}
    for key in keys:  # one indexed lookup each: an aggregate over every mention of CHN is slow at scale
        row = db.execute(f"SELECT name FROM {table} WHERE {col} = ? LIMIT 1", (key,)).fetchone()
        if row is not None:
            out[key] = row[0]
    return out


def mention_list(
    db: sqlite3.Connection, kind: str, *, type: str | None = None, name: str | None = None, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """Entities (or formulations) with their mention and document counts, most mentioned first;
    `type` keeps one entity type, `name` those whose id or name contains it."""
    table, col = KINDS[kind]
    where, params = ["1"], []
    if type and kind == "entity":
        where.append("type = ?")
        params.append(type)
    if name:
        where.append(f"({col} LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')")
        like = "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [like, like]
    cond = " AND ".join(where)
    type_col = "MIN(type)" if kind == "entity" else "'formulation'"
    total = int(db.execute(f"SELECT COUNT(DISTINCT {col}) FROM {table} WHERE {cond}", params).fetchone()[0])
    rows = db.execute(
        f"SELECT {col} AS id, {type_col} AS type, MIN(name) AS name, COUNT(*) AS mentions, "
        f"COUNT(DISTINCT doc_id) AS documents FROM {table} WHERE {cond} "
        f"GROUP BY {col} ORDER BY mentions DESC, {col} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return total, [dict(r) for r in rows]


def mention_info(db: sqlite3.Connection, kind: str, key: str) -> dict[str, Any] | None:
    """id, type, name, mentions, documents, first and last date of one entity (or formulation)."""
    table, col = KINDS[kind]
    type_col = "MIN(m.type)" if kind == "entity" else "'formulation'"
    row = db.execute(
        f"SELECT m.{col} AS id, {type_col} AS type, MIN(m.name) AS name, COUNT(*) AS mentions, "
        "COUNT(DISTINCT m.doc_id) AS documents, MIN(d.date) AS first, MAX(d.date) AS last "
        f"FROM {table} m JOIN documents d ON d.id = m.doc_id WHERE m.{col} = ? GROUP BY m.{col}",
        (key,),
    ).fetchone()
    return None if row is None else dict(row)


def mention_documents(db: sqlite3.Connection, kind: str, key: str, *, limit: int, offset: int) -> list[dict[str, Any]]:
    """Documents mentioning one entity (or formulation): id, title, date, event_type, mentions and
    the first mention's offsets, newest first."""
    table, col = KINDS[kind]
    rows = db.execute(
        f"SELECT d.id AS doc_id, d.title, d.date, d.event_type, COUNT(*) AS mentions, MIN(m.start) AS start "
        f"FROM {table} m JOIN documents d ON d.id = m.doc_id WHERE m.{col} = ? "
        "GROUP BY d.id ORDER BY d.date IS NULL, d.date DESC, d.id LIMIT ? OFFSET ?",
        (key, limit, offset),
    )
    return [dict(r) for r in rows]


def mentions_by_month(db: sqlite3.Connection, kind: str, key: str) -> list[tuple[str, int]]:
    """(YYYY-MM, mentions) for one entity (or formulation), dated documents only."""
    table, col = KINDS[kind]
    rows = db.execute(
        f"SELECT substr(d.date, 1, 7) AS month, COUNT(*) FROM {table} m JOIN documents d ON d.id = m.doc_id "
        f"WHERE m.{col} = ? AND d.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' GROUP BY month ORDER BY month",
        (key,),
    )
    return [(r[0], int(r[1])) for r in rows]


def newest_documents(db: sqlite3.Connection, *, limit: int = 12) -> list[dict[str, Any]]:
    """The latest events first (undated documents last, newest ingested first among them)."""
    rows = db.execute(
        "SELECT id, source, format, title, date, published, event_type, language, chars, "
        "(SELECT COUNT(*) FROM turns t WHERE t.doc_id = d.id) AS turns "
        f"FROM documents d WHERE id IN ({CURRENT_DOCS}) "
        "ORDER BY date IS NULL, date DESC, ingested_at DESC LIMIT ?",
        (limit,),
    )
    return [dict(r) for r in rows]


def documents_by_collection(db: sqlite3.Connection, *, limit: int = 20) -> list[dict[str, Any]]:
    """Current documents counted by collection (the folder their file is in, or the site of a
    URL) and language, largest collections first."""
    counts: dict[str, dict[str, int]] = {}
    for row in db.execute(f"SELECT source, language FROM documents WHERE id IN ({CURRENT_DOCS})"):
        key = _collection(str(row["source"]))
        by_lang = counts.setdefault(key, {})
        lang = row["language"] or "?"
        by_lang[lang] = by_lang.get(lang, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:limit]
    return [{"collection": k, "documents": sum(v.values()), "by_language": v} for k, v in ranked]


def _collection(source: str) -> str:
    if "://" in source:
        return source.split("://", 1)[1].split("/", 1)[0]
    path = source.split("#", 1)[0].split("!", 1)[0].replace("\\", "/").rstrip("/")
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[-2] in ("pages", "files", "html", "txt", "data"):
        return "/".join(parts[-3:-1]) if len(parts) >= 3 else parts[-2]
    return parts[-2] if len(parts) >= 2 else "(top level)"
