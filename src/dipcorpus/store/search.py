"""SQL of the search index: passages, their FTS5 index, tags and filter variants (see m0005_passages_fts).

The index is derived from documents, turns, entities and formulations: `replace_passages` rewrites
one document's share of it, `clear_index` empties it for a full rebuild. The read functions take a
compiled query (`Compiled`: an FTS5 MATCH string and a SQL condition over `p` (passages) and `d`
(documents), both with bound parameters) and never format user text into SQL.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from dipcorpus.store.backend import is_pg
from dipcorpus.store.migrations import PASSAGES_FTS, PASSAGES_FTS_TRIGGERS
from dipcorpus.store.queries import CURRENT_DOCS
from dipcorpus.store.search_text import plain, unmarked_sql

__all__ = [
    "LANGUAGE_SQL",
    "Compiled",
    "PassageRow",
    "check_schema",
    "clear_index",
    "count_hits",
    "doc_ids",
    "document_parts",
    "fetch_hits",
    "fingerprint",
    "highlighted",
    "hits_by_ids",
    "index_stats",
    "mentions",
    "order_ids",
    "pair_counts",
    "passage_texts",
    "passages_for_index",
    "period_words",
    "replace_passages",
    "resolve_keys",
    "variant_keys",
]

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"  # highlight markers for offsets (never in clean text)


@dataclass(frozen=True, slots=True, kw_only=True)
class PassageRow:
    n: int
    kind: str  # turn | paragraph
    start: int
    end: int
    text: str
    words: int
    ftext: str | None = None  # the text as the FTS5 index reads it, when it differs (Chinese)
    speaker: str | None = None
    role: str | None = None
    outlet: str | None = None
    tags: tuple[tuple[str, str], ...] = ()  # (kind, key)


@dataclass(frozen=True, slots=True, kw_only=True)
class Compiled:
    """A query compiled to an FTS5 MATCH expression (or None) and a SQL condition, with parameters."""

    match: str | None = None
    where: str = "1"
    params: tuple[Any, ...] = ()
    notes: tuple[str, ...] = field(default=())


# --- writing ----------------------------------------------------------------------------------


def doc_ids(db: sqlite3.Connection, *, unindexed_only: bool = False) -> list[str]:
    """Every current document id (the latest version of each source file; or those of them with no
    passages yet), in ingest order: the search index holds current versions only."""
    sql = f"SELECT id FROM documents d WHERE d.id IN ({CURRENT_DOCS})"
    if unindexed_only:
        sql += " AND NOT EXISTS (SELECT 1 FROM passages p WHERE p.doc_id = d.id)"
    return [r[0] for r in db.execute(sql + " ORDER BY rowid")]


def stale_doc_ids(db: sqlite3.Connection) -> list[str]:
    """Documents that have passages but are no longer current (a newer version of their file came)."""
    replaced = f"SELECT id FROM documents WHERE id NOT IN ({CURRENT_DOCS})"  # few rows: documents, not passages
    sql = f"SELECT id FROM ({replaced}) r WHERE EXISTS (SELECT 1 FROM passages p WHERE p.doc_id = r.id) ORDER BY id"
    return [r[0] for r in db.execute(sql)]


def drop_passages(db: sqlite3.Connection, doc_ids: Sequence[str]) -> None:
    """Remove the passages (and their full-text entries and tags) of `doc_ids`, in one transaction."""
    db.execute("BEGIN IMMEDIATE")
    try:
        db.executemany("DELETE FROM passages WHERE doc_id = ?", [(d,) for d in doc_ids])
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def document_parts(db: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    """What the index is built from: text, turns, entities and formulations of one document."""
    row = db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    turns = db.execute(
        'SELECT n, speaker, role, label_start, start, "end" FROM turns WHERE doc_id = ? ORDER BY start', (doc_id,)
    )
    ents = db.execute('SELECT type, entity_id, name, start, "end" FROM entities WHERE doc_id = ?', (doc_id,))
    forms = db.execute('SELECT formulation_id, name, start, "end" FROM formulations WHERE doc_id = ?', (doc_id,))
    return {
        "text": row[0],
        "turns": [dict(r) for r in turns],
        "entities": [(r[0], r[1], r[2], r[3], r[4]) for r in ents],
        "formulations": [("formulation", r[0], r[1], r[2], r[3]) for r in forms],
    }


def replace_passages(
    db: sqlite3.Connection,
    doc_id: str,
    passages: Sequence[PassageRow],
    variants: Iterable[tuple[str, str, str]] = (),
    *,
    transaction: bool = True,
) -> None:
    """Replace the passages (and their FTS rows and tags) of one document; add filter variants
    (kind, normalised variant, key)."""
    if transaction:
        db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("DELETE FROM passages WHERE doc_id = ?", (doc_id,))
        if is_pg(db):
            _insert_passages_pg(db, doc_id, passages)
        else:
            for p in passages:
                cur = db.execute(
                    'INSERT INTO passages (doc_id, n, kind, start, "end", speaker, role, outlet, words, text, ftext) '
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (doc_id, p.n, p.kind, p.start, p.end, p.speaker, p.role, p.outlet, p.words, p.text, p.ftext),
                )
                if p.tags:
                    db.executemany(
                        "INSERT OR IGNORE INTO passage_tags VALUES (?, ?, ?)",
                        [(cur.lastrowid, kind, key) for kind, key in p.tags],
                    )
        db.executemany("INSERT OR IGNORE INTO search_variants VALUES (?, ?, ?)", list(variants))
        if transaction:
            db.execute("COMMIT")
    except BaseException:
        if transaction:
            db.execute("ROLLBACK")
        raise


PG_BATCH = 64  # passages per multi-row INSERT on PostgreSQL (one round trip each)


def _insert_passages_pg(db: sqlite3.Connection, doc_id: str, passages: Sequence[PassageRow]) -> None:
    """The passages of one document on PostgreSQL, with their tsvectors: a multi-row INSERT ...
    RETURNING per `PG_BATCH` passages (not a round trip per passage), then their tags in one batch.
    The new ids are matched to the passages by `n` (unique within a document)."""
    from dipcorpus.store.pg_search import tsvector

    head = 'INSERT INTO passages (doc_id, n, kind, start, "end", speaker, role, outlet, words, text, ftext, tsv) '
    row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::tsvector)"
    head += "VALUES "
    tags: list[tuple[int, str, str]] = []
    for i in range(0, len(passages), PG_BATCH):
        chunk = passages[i : i + PG_BATCH]
        params: list[Any] = []
        for p in chunk:
            params += [doc_id, p.n, p.kind, p.start, p.end, p.speaker, p.role, p.outlet, p.words, p.text, p.ftext,
                       tsvector(p.text)]  # fmt: skip
        ids = {r[1]: r[0] for r in db.execute(head + ", ".join([row] * len(chunk)) + " RETURNING id, n", params)}
        tags += [(ids[p.n], kind, key) for p in chunk for kind, key in p.tags]
    if tags:
        db.executemany("INSERT OR IGNORE INTO passage_tags VALUES (?, ?, ?)", tags)


def clear_index(db: sqlite3.Connection) -> None:
    """Empty the whole index in one transaction. The FTS table and its triggers are dropped and
    created again, so a rebuild also picks up a changed tokenizer."""
    db.execute("BEGIN IMMEDIATE")
    try:
        if is_pg(db):  # the tsvectors go with their rows
            for table in ("passage_tags", "search_variants", "passages"):
                db.execute(f"DELETE FROM {table}")
            db.execute("COMMIT")
            return
        db.execute("DROP TRIGGER IF EXISTS passages_ai")
        db.execute("DROP TRIGGER IF EXISTS passages_ad")
        db.execute("DROP TABLE IF EXISTS passages_fts")
        db.execute("DELETE FROM passage_tags")
        db.execute("DELETE FROM search_variants")
        db.execute("DELETE FROM passages")
        db.execute(PASSAGES_FTS)
        for trigger in PASSAGES_FTS_TRIGGERS:
            db.execute(trigger)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def optimize(db: sqlite3.Connection) -> None:
    if is_pg(db):
        return  # a GIN index needs no merging (autovacuum tidies it)
    db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")


def data_version(db: sqlite3.Connection) -> int | None:
    """SQLite's data_version (changes when another connection commits); None on PostgreSQL."""
    if is_pg(db):
        return None
    row = db.execute("PRAGMA data_version").fetchone()
    return int(row[0])


def fingerprint(db: sqlite3.Connection) -> str:
    """Changes whenever the FTS5 index does (its structure record counts every write) or the last
    passage id does: the stamp a derived index is checked against. On PostgreSQL: the number of
    passages, the last passage id (never reused) and their words."""
    if is_pg(db):
        row = db.execute("SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(SUM(words), 0) FROM passages").fetchone()
        return f"{row[1]}:pg:{row[0]}:{row[2]}"
    try:
        row = db.execute("SELECT block FROM passages_fts_data WHERE id = 10").fetchone()
        last = db.execute("SELECT MAX(id) FROM passages").fetchone()[0]
    except sqlite3.OperationalError:
        return "none"
    digest = hashlib.sha1(row[0] if row else b"", usedforsecurity=False).hexdigest()
    return f"{last}:{digest}"


def passages_for_index(db: sqlite3.Connection, doc_ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
    """Every passage (or those of `doc_ids`) with its document's date, event type and language and
    its tags [(kind, key)], in id order: what a derived index is built from. `text` is the text as
    the FTS5 index reads it (`ftext` when there is one)."""
    cols = (
        "SELECT p.id, p.doc_id, p.speaker, p.role, p.outlet, COALESCE(p.ftext, p.text) AS text, "
        "d.date, d.event_type, d.language "
        "FROM passages p JOIN documents d ON d.id = p.doc_id"
    )
    if doc_ids is not None:
        for i in range(0, len(doc_ids), 500):
            part = list(doc_ids[i : i + 500])
            marks = ", ".join("?" * len(part))
            rows = [dict(r) for r in db.execute(f"{cols} WHERE p.doc_id IN ({marks}) ORDER BY p.id", part)]
            tags: dict[int, list[tuple[str, str]]] = {}
            ids = [r["id"] for r in rows]
            for j in range(0, len(ids), 500):
                chunk = ids[j : j + 500]
                marks = ", ".join("?" * len(chunk))
                sql = f"SELECT passage_id, kind, key FROM passage_tags WHERE passage_id IN ({marks})"
                for pid, kind, key in db.execute(sql, chunk):
                    tags.setdefault(pid, []).append((kind, key))
            for row in rows:
                yield {**row, "tags": sorted(tags.get(row["id"], []))}
        return
    tag_rows = db.cursor().execute(
        "SELECT passage_id, kind, key FROM passage_tags INDEXED BY passage_tags_passage ORDER BY passage_id"
    )
    pending = next(tag_rows, None)
    for r in db.cursor().execute(f"{cols} ORDER BY p.id"):
        row = dict(r)
        found = []
        while pending is not None and pending[0] <= row["id"]:
            if pending[0] == row["id"]:
                found.append((pending[1], pending[2]))
            pending = next(tag_rows, None)
        yield {**row, "tags": sorted(found)}


def check_schema(db: sqlite3.Connection) -> None:
    """Raise sqlite3.OperationalError when the index predates `passages.ftext` (migration m0009:
    a read-only connection does not migrate)."""
    db.execute("SELECT ftext FROM passages LIMIT 0")


def index_stats(db: sqlite3.Connection) -> dict[str, int]:
    out = {}
    for table in ("passages", "passage_tags", "search_variants"):
        out[table] = int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    out["words"] = int(db.execute("SELECT COALESCE(SUM(words), 0) FROM passages").fetchone()[0])
    return out


# --- reading ----------------------------------------------------------------------------------

_HIT_COLUMNS = (
    'p.id AS passage_id, p.doc_id, p.n, p.kind, p.start, p."end", p.speaker, p.role, p.outlet, '
    "d.title, d.date, d.event_type"
)
# the primary subtag of a document's language (' zh_CN' → 'zh'), as tantivy_index.language_key makes it
_LANG = "replace(trim(d.language, ' '), '_', '-')"
LANGUAGE_SQL = f"lower(substr({_LANG}, 1, instr({_LANG} || '-', '-') - 1))"
_SNIPPET = unmarked_sql("snippet(passages_fts, 0, ?, ?, '…', ?)")
_HIGHLIGHT = unmarked_sql("highlight(passages_fts, 0, ?, ?)")
_ORDER = {
    "date": "d.date IS NULL, d.date, p.doc_id, p.n",
    "newest": "d.date IS NULL, d.date DESC, p.doc_id, p.n",
}


def from_clause(q: Compiled, db: sqlite3.Connection | None = None) -> tuple[str, list[Any]]:
    """`FROM ... WHERE ...` of the passages (`p`, with their documents `d`) that `q` matches, and its
    parameters (for PostgreSQL when `db` is a PostgreSQL connection)."""
    if q.match is not None and is_pg(db):
        from dipcorpus.store.pg_search import tsquery

        sql = f"FROM passages p JOIN documents d ON d.id = p.doc_id WHERE p.tsv @@ ?::tsquery AND ({q.where})"
        return sql, [tsquery(q.match), *q.params]
    if q.match is not None:
        sql = (
            "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
            "JOIN documents d ON d.id = p.doc_id "
            f"WHERE passages_fts MATCH ? AND ({q.where})"
        )
        return sql, [q.match, *q.params]
    return f"FROM passages p JOIN documents d ON d.id = p.doc_id WHERE ({q.where})", list(q.params)


def count_hits(db: sqlite3.Connection, q: Compiled) -> int:
    if q.match is not None and q.where == "1" and not is_pg(db):  # the FTS index alone
        row = db.execute("SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH ?", (q.match,)).fetchone()
        return int(row[0])
    sql, params = from_clause(q, db)
    return int(db.execute(f"SELECT COUNT(*) {sql}", params).fetchone()[0])


def fetch_hits(
    db: sqlite3.Connection,
    q: Compiled,
    *,
    limit: int,
    offset: int,
    sort: str = "relevance",
    marks: tuple[str, str] = ("<mark>", "</mark>"),
    snippet_tokens: int = 32,
) -> list[dict[str, Any]]:
    """One page of hits: passage and document columns, `score` (higher is better) and `snippet`.

    With a MATCH, the page is chosen first (ids and bm25 only, joining passages and documents only
    when a filter or the date order needs them); snippets are then made for that page alone."""
    if q.match is None:
        sql, params = from_clause(q, db)
        order = _ORDER["date" if sort == "relevance" else sort]
        rows = db.execute(
            f"SELECT {_HIT_COLUMNS}, NULL AS score, substr(p.text, 1, 240) AS snippet {sql} "
            f"ORDER BY {order}, p.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [dict(r) for r in rows]
    if is_pg(db):
        return _fetch_hits_pg(db, q, limit=limit, offset=offset, sort=sort, marks=marks, snippet_tokens=snippet_tokens)
    if q.where == "1" and sort == "relevance":
        page = db.execute(
            "SELECT rowid AS id, bm25(passages_fts) AS rank_, NULL AS date FROM passages_fts "
            "WHERE passages_fts MATCH ? ORDER BY rank_, rowid LIMIT ? OFFSET ?",
            (q.match, limit, offset),
        ).fetchall()
    else:
        sql, params = from_clause(q, db)
        order = "rank_, p.id" if sort == "relevance" else _ORDER[sort] + ", p.id"
        page = db.execute(
            f"SELECT p.id AS id, bm25(passages_fts) AS rank_, d.date AS date {sql} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
    out = []
    for row in page:
        hit = db.execute(
            f"SELECT {_HIT_COLUMNS}, {_SNIPPET} AS snippet "
            "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid JOIN documents d ON d.id = p.doc_id "
            "WHERE passages_fts MATCH ? AND passages_fts.rowid = ?",
            (*marks, snippet_tokens, *marks, snippet_tokens, q.match, row["id"]),
        ).fetchone()
        if hit is not None:
            out.append({**dict(hit), "score": -row["rank_"]})
    return out


def _fetch_hits_pg(
    db: sqlite3.Connection, q: Compiled, *, limit: int, offset: int, sort: str, marks: tuple[str, str],
    snippet_tokens: int,
) -> list[dict[str, Any]]:
    """`fetch_hits` with a MATCH on PostgreSQL: the page by ts_rank (or date), then its snippets."""
    from dipcorpus.store.pg_search import tsquery

    sql, params = from_clause(q, db)
    order = "rank_, p.id" if sort == "relevance" else _ORDER[sort] + ", p.id"
    page = db.execute(
        f"SELECT p.id AS id, -ts_rank(p.tsv, ?::tsquery) AS rank_ {sql} ORDER BY {order} LIMIT ? OFFSET ?",
        [tsquery(q.match or ""), *params, limit, offset],
    ).fetchall()
    ranks = {row["id"]: row["rank_"] for row in page}
    hits = hits_by_ids(db, list(ranks), match=q.match, marks=marks, snippet_tokens=snippet_tokens)
    return [{**hit, "score": -ranks[hit["passage_id"]]} for hit in hits]


def _headline(marks: tuple[str, str], words: int | None) -> tuple[str, str]:
    """PostgreSQL's snippet (`words`) or highlight (None) of a passage for the tsquery bound
    first, without the index's marks: (SQL, its options), both to be bound in that order."""
    size = "HighlightAll=true" if words is None else f"MaxWords={int(words)}, MinWords={max(1, int(words) // 2)}"
    options = f'StartSel="{marks[0]}", StopSel="{marks[1]}", ShortWord=0, FragmentDelimiter="…", {size}'
    expr = "ts_headline('simple', COALESCE(p.ftext, p.text), ?::tsquery, ?)"
    return f"replace(replace({expr}, chr(31), ''), chr(1114109), '')", options


def _joined(text: str | None, marks: tuple[str, str]) -> str | None:
    """ts_headline's marks with runs of marked words made one span, as FTS5 marks a phrase."""
    if text is None:
        return None
    return re.sub(re.escape(marks[1]) + r"(\s+)" + re.escape(marks[0]), r"\1", text)


def highlighted(db: sqlite3.Connection, q: Compiled, *, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Every matching passage with its text highlighted by MARK_OPEN/MARK_CLOSE (needs a MATCH)."""
    sql, params = from_clause(q, db)
    tail = "" if limit is None else f" LIMIT {int(limit)}"
    if is_pg(db):
        from dipcorpus.store.pg_search import highlight

        rows = db.execute(
            f"SELECT {_HIT_COLUMNS}, COALESCE(p.ftext, p.text) AS indexed, p.ftext IS NOT NULL AS has_ftext "
            f"{sql} ORDER BY d.date IS NULL, d.date, p.doc_id, p.n{tail}",
            params,
        )
        for row in rows:
            hit = dict(row)
            marked = highlight(hit.pop("indexed"), q.match or "", (MARK_OPEN, MARK_CLOSE))
            yield {**hit, "marked": plain(marked) if hit.pop("has_ftext") else marked}
        return
    rows = db.execute(
        f"SELECT {_HIT_COLUMNS}, {_HIGHLIGHT} AS marked {sql} ORDER BY d.date IS NULL, d.date, p.doc_id, p.n{tail}",
        [MARK_OPEN, MARK_CLOSE, MARK_OPEN, MARK_CLOSE, *params],
    )
    for row in rows:
        yield dict(row)


def passage_texts(db: sqlite3.Connection, q: Compiled) -> Iterator[tuple[str, int]]:
    """(text, words) of every passage matching `q`."""
    sql, params = from_clause(q, db)
    for row in db.execute(f"SELECT p.text, p.words {sql}", params):
        yield row[0], row[1]


def variant_keys(db: sqlite3.Connection, kinds: Sequence[str], variant: str) -> list[str]:
    """The keys a filter value (normalised `variant`) names among `kinds`, as the SQL filter reads them."""
    marks = ", ".join("?" * len(kinds))
    rows = db.execute(
        f"SELECT DISTINCT key FROM search_variants WHERE kind IN ({marks}) AND variant = ? ORDER BY key",
        [*kinds, variant],
    )
    return [r[0] for r in rows]


def hits_by_ids(
    db: sqlite3.Connection,
    ids: Sequence[int],
    *,
    match: str | None,
    marks: tuple[str, str] = ("<mark>", "</mark>"),
    snippet_tokens: int = 32,
    with_text: bool = False,
) -> list[dict[str, Any]]:
    """The hit rows of the passages `ids`, in that order: FTS5 snippets when there is a MATCH,
    else the passage's first 240 characters (as `fetch_hits` makes them); `with_text` adds `text`,
    the text as the FTS5 index reads it, and `marked`: whether that is `ftext` (search_text.plain
    turns a snippet of it into plain text)."""
    out = []
    text = ", COALESCE(p.ftext, p.text) AS text, p.ftext IS NOT NULL AS marked" if with_text else ""
    for pid in ids:
        if match is None:
            hit = db.execute(
                f"SELECT {_HIT_COLUMNS}, substr(p.text, 1, 240) AS snippet{text} "
                "FROM passages p JOIN documents d ON d.id = p.doc_id WHERE p.id = ?",
                (pid,),
            ).fetchone()
        elif is_pg(db):
            from dipcorpus.store.pg_search import tsquery

            expr, options = _headline(marks, snippet_tokens)
            hit = db.execute(
                f"SELECT {_HIT_COLUMNS}, {expr} AS snippet{text} "
                "FROM passages p JOIN documents d ON d.id = p.doc_id WHERE p.id = ?",
                (tsquery(match), options, pid),
            ).fetchone()
            if hit is not None:
                hit = {**dict(hit), "snippet": _joined(hit["snippet"], marks)}
        else:
            hit = db.execute(
                f"SELECT {_HIT_COLUMNS}, {_SNIPPET} AS snippet{text} "
                "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
                "JOIN documents d ON d.id = p.doc_id WHERE passages_fts MATCH ? AND passages_fts.rowid = ?",
                (*marks, snippet_tokens, *marks, snippet_tokens, match, pid),
            ).fetchone()
        if hit is not None:
            out.append(dict(hit))
    return out


def order_ids(db: sqlite3.Connection, ids: Sequence[int], sort: str) -> list[int]:
    """`ids` in the order `fetch_hits` lists a date-sorted page (`sort` is 'date' or 'newest')."""
    out: list[int] = []
    rows: list[tuple[Any, ...]] = []
    for i in range(0, len(ids), 900):
        chunk = list(ids[i : i + 900])
        rows += db.execute(
            "SELECT p.id, d.date, p.doc_id, p.n FROM passages p JOIN documents d ON d.id = p.doc_id "
            f"WHERE p.id IN ({', '.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
    undated = [r for r in rows if r[1] is None]
    dated = sorted((r for r in rows if r[1] is not None), key=lambda r: (r[2], r[3], r[0]))
    dated.sort(key=lambda r: r[1], reverse=sort == "newest")  # stable: doc_id, n, id break ties
    undated.sort(key=lambda r: (r[2], r[3], r[0]))
    out = [r[0] for r in dated + undated]
    return out


def resolve_keys(db: sqlite3.Connection, kinds: Sequence[str], variant: str) -> list[tuple[str, str]]:
    """(kind, key) pairs whose id, name or a surface variant normalises to `variant`."""
    marks = ", ".join("?" * len(kinds))
    rows = db.execute(
        f"SELECT DISTINCT kind, key FROM search_variants WHERE kind IN ({marks}) AND variant = ? ORDER BY kind, key",
        [*kinds, variant],
    )
    return [(r[0], r[1]) for r in rows]


def period_words(
    db: sqlite3.Connection, length: int, *, language: str | None = None, exclude: str | None = None
) -> list[tuple[str, int]]:
    """Words per date prefix of `length` characters (7: month, 4: year), dated documents only: of
    the documents in `language` (a primary subtag: `zh`), or of all but those in `exclude` (and so
    with the documents whose language is not known), or of all."""
    where, params = "", []
    if language is not None:
        where, params = f" AND {LANGUAGE_SQL} = ?", [language]
    elif exclude is not None:
        where, params = f" AND COALESCE({LANGUAGE_SQL}, '') != ?", [exclude]
    rows = db.execute(
        "SELECT substr(d.date, 1, ?) AS period, SUM(p.words) "
        "FROM passages p JOIN documents d ON d.id = p.doc_id "
        f"WHERE d.date IS NOT NULL{where} GROUP BY period ORDER BY period",
        (length, *params),
    )
    return [(r[0], int(r[1])) for r in rows]


_MENTION_TABLES = {"entity": ("entities", "entity_id"), "formulation": ("formulations", "formulation_id")}


def mentions(db: sqlite3.Connection, kind: str, keys: Sequence[str]) -> list[dict[str, Any]]:
    """Each mention of the entity or formulation ids `keys` (`kind` says which): doc, date, title, start, end."""
    table, column = _MENTION_TABLES[kind]
    marks = ", ".join("?" * len(keys))
    rows = db.execute(
        f'SELECT m.doc_id, d.date, d.title, m.start, m."end" '
        f"FROM {table} m JOIN documents d ON d.id = m.doc_id "
        f"WHERE m.{column} IN ({marks}) AND m.doc_id IN (SELECT doc_id FROM passages) "
        "ORDER BY d.date, m.doc_id, m.start",
        list(keys),
    )
    return [dict(r) for r in rows]


def doc_text_span(db: sqlite3.Connection, doc_id: str, start: int, end: int) -> str:
    row = db.execute(
        "SELECT substr(text, ?, ?) FROM documents WHERE id = ?", (start + 1, end - start, doc_id)
    ).fetchone()
    return "" if row is None else str(row[0])


def pair_counts(
    db: sqlite3.Connection,
    *,
    unit: str,
    kinds: Sequence[str],
    with_key: str | None,
    min_count: int,
    limit: int,
) -> list[dict[str, Any]]:
    """Pairs of tag keys found in the same passage (unit='passage') or document (unit='document')."""
    marks = ", ".join("?" * len(kinds))
    unit_col = "t.passage_id" if unit == "passage" else "p.doc_id"
    units = (
        f"SELECT DISTINCT {unit_col} AS u, t.kind, t.key "
        "FROM passage_tags t JOIN passages p ON p.id = t.passage_id "
        f"WHERE t.kind IN ({marks})"
    )
    pair_filter = "AND (a.key = ? OR b.key = ?)" if with_key else ""
    params: list[Any] = [*kinds]
    if with_key:
        params += [with_key, with_key]
    rows = db.execute(
        f"WITH u AS ({units}), n AS (SELECT key, COUNT(*) AS c FROM u GROUP BY key) "
        "SELECT MIN(a.kind) AS kind_a, a.key AS a, MIN(b.kind) AS kind_b, b.key AS b, COUNT(*) AS together, "
        "(SELECT c FROM n WHERE n.key = a.key) AS count_a, (SELECT c FROM n WHERE n.key = b.key) AS count_b, "
        "(SELECT COUNT(DISTINCT u) FROM u) AS units "
        f"FROM u a JOIN u b ON a.u = b.u AND a.key < b.key {pair_filter} "
        "GROUP BY a.key, b.key HAVING COUNT(*) >= ? ORDER BY together DESC, a.key, b.key LIMIT ?",
        [*params, min_count, limit],
    )
    return [dict(r) for r in rows]
