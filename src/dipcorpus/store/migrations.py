"""Versioned schema migrations: ordered, named functions, each committed with its record.

Both backends run the same numbered migrations and keep the same `_migrations` record. A migration
is written once, in SQLite's SQL; on PostgreSQL its statements go through the translation of
store/pg.py (types, placeholders, ...). The few that build SQLite-only structures (the FTS5 index)
have a PostgreSQL variant of the same name, registered with `@pg_variant` (a tsvector column with
a GIN index instead)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from dipcorpus.errors import DipcorpusError, E
from dipcorpus.store.backend import is_pg

__all__ = ["MIGRATIONS", "PG_VARIANTS", "applied", "migrate", "pending"]

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []
PG_VARIANTS: dict[str, Migration] = {}


def pg_variant(name: str) -> Callable[[Migration], Migration]:
    """Register the PostgreSQL form of migration `name` (used instead of it on PostgreSQL)."""

    def register(func: Migration) -> Migration:
        PG_VARIANTS[name] = func
        return func

    return register


def migration(func: Migration) -> Migration:
    """Register a migration; they apply in the order of their numbered names (m0001_..., m0002_...)."""
    MIGRATIONS.append((func.__name__, func))
    MIGRATIONS.sort(key=lambda item: item[0])
    return func


@migration
def m0001_documents(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            format TEXT NOT NULL,
            title TEXT, date TEXT, published TEXT, place TEXT,
            event_type TEXT, event_name TEXT, language TEXT,
            text TEXT NOT NULL,
            header TEXT NOT NULL DEFAULT '{}',
            chars INTEGER NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX documents_date ON documents(date);
        CREATE TABLE raw (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            bytes BLOB NOT NULL,
            text TEXT NOT NULL,
            offsets TEXT NOT NULL
        );
        CREATE TABLE sources (
            path TEXT NOT NULL,
            version INTEGER NOT NULL,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (path, version)
        );
        CREATE INDEX sources_doc ON sources(doc_id);
        CREATE TABLE repairs (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            n INTEGER NOT NULL, kind TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            raw_start INTEGER NOT NULL, raw_end INTEGER NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL,
            PRIMARY KEY (doc_id, n)
        );
        CREATE TABLE removals (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            n INTEGER NOT NULL, kind TEXT NOT NULL, raw_start INTEGER NOT NULL, raw_end INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (doc_id, n)
        );
        """,
    )


@migration
def m0002_structure(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE TABLE sentences (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            n INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            PRIMARY KEY (doc_id, n)
        );
        CREATE TABLE emphasis (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            n INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            PRIMARY KEY (doc_id, n)
        );
        CREATE TABLE turns (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            n INTEGER NOT NULL, speaker TEXT NOT NULL, role TEXT NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, label_start INTEGER, number INTEGER,
            speaker_id TEXT, parallel_start INTEGER, parallel_end INTEGER,
            PRIMARY KEY (doc_id, n)
        );
        CREATE INDEX turns_speaker ON turns(speaker);
        CREATE TABLE statements (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            n INTEGER NOT NULL, speaker TEXT NOT NULL, verb TEXT NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, speaker_id TEXT,
            PRIMARY KEY (doc_id, n)
        );
        CREATE TABLE points (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            n INTEGER NOT NULL, parent TEXT NOT NULL, parent_n INTEGER,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            PRIMARY KEY (doc_id, n)
        );
        """,
    )


@migration
def m0003_annotations(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE TABLE entities (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            n INTEGER NOT NULL, type TEXT NOT NULL, entity_id TEXT NOT NULL, name TEXT NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            PRIMARY KEY (doc_id, n)
        );
        CREATE INDEX entities_id ON entities(entity_id);
        CREATE TABLE formulations (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            n INTEGER NOT NULL, formulation_id TEXT NOT NULL, name TEXT NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            PRIMARY KEY (doc_id, n)
        );
        CREATE INDEX formulations_id ON formulations(formulation_id);
        """,
    )


@migration
def m0004_links(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE TABLE links (
            a_doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            b_doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL, score REAL NOT NULL,
            a_start INTEGER, a_end INTEGER, b_start INTEGER, b_end INTEGER
        );
        CREATE INDEX links_a ON links(a_doc);
        CREATE INDEX links_b ON links(b_doc);
        """,
    )


@migration
def m0006_link_index(db: sqlite3.Connection) -> None:
    """What `dipcorpus link` keeps to link new documents without recomputing the corpus: each linked
    document, each passage's MinHash signature (BLOB, little-endian uint32) and rare key terms, the
    settings the index was built with, and the near-duplicate clusters. All derived from `documents`."""
    _script(
        db,
        """
        CREATE TABLE link_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE link_docs (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            passages INTEGER NOT NULL, words INTEGER NOT NULL, linked_at TEXT NOT NULL
        );
        CREATE TABLE link_passages (
            doc_id TEXT NOT NULL REFERENCES link_docs(doc_id) ON DELETE CASCADE,
            n INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, turn INTEGER,
            words INTEGER NOT NULL, sig BLOB NOT NULL, keys TEXT NOT NULL,
            PRIMARY KEY (doc_id, n)
        );
        CREATE TABLE link_clusters (
            cluster TEXT NOT NULL,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, date TEXT,
            representative INTEGER NOT NULL,
            PRIMARY KEY (cluster, doc_id, start)
        );
        CREATE INDEX link_clusters_doc ON link_clusters(doc_id);
        """,
    )


def _script(db: sqlite3.Connection, sql: str) -> None:
    """Run several statements inside the current transaction (executescript would commit first)."""
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        db.execute(statement)


def _ensure_bookkeeping(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")


def applied(db: sqlite3.Connection) -> list[str]:
    if is_pg(db):
        sql = "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"
    else:
        sql = "SELECT 1 FROM sqlite_master WHERE type='table' AND name = ?"
    if not db.execute(sql, ("_migrations",)).fetchone():
        return []
    return [row[0] for row in db.execute("SELECT name FROM _migrations ORDER BY name")]


def pending(db: sqlite3.Connection) -> list[str]:
    done = set(applied(db))
    return [name for name, _ in MIGRATIONS if name not in done]


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply every pending migration, each in one transaction with its record. Return their names."""
    known = {name for name, _ in MIGRATIONS}
    unknown = [name for name in applied(db) if name not in known]
    if unknown:
        raise DipcorpusError(E.E302, version=unknown[-1])
    todo = pending(db)
    if not todo:
        return []
    variants = PG_VARIANTS if is_pg(db) else {}
    for name, func in MIGRATIONS:
        if name not in todo:
            continue
        func = variants.get(name, func)
        db.execute("BEGIN IMMEDIATE")
        try:
            _ensure_bookkeeping(db)  # inside the writer's transaction: two first migrations never race
            if name in applied(db):  # another process got there first
                db.execute("ROLLBACK")
                continue
            func(db)
            db.execute("INSERT INTO _migrations VALUES (?, ?)", (name, datetime.now(UTC).isoformat()))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return todo


# No stemming: KWIC lines, counts and timelines show the forms actually written; `revolution*`
# finds the inflections. Diacritics are folded (remove_diacritics 2). See docs/query-language.md.
# Since m0009 the index reads `passages_fts_text`: a passage's `ftext` (its text with each Chinese
# character made a token of its own, see store/search_text.py) or, without Chinese, its `text`.
PASSAGES_FTS = (
    "CREATE VIRTUAL TABLE passages_fts USING fts5(text, content='passages_fts_text', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')"
)
PASSAGES_FTS_TEXT = "CREATE VIEW passages_fts_text AS SELECT id, COALESCE(ftext, text) AS text FROM passages"
PASSAGES_FTS_TRIGGERS = (
    """
    CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
        INSERT INTO passages_fts(rowid, text) VALUES (new.id, COALESCE(new.ftext, new.text));
    END
    """,
    """
    CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
        INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, COALESCE(old.ftext, old.text));
    END
    """,
)


_PASSAGES_TABLES = """
        CREATE TABLE passages (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            n INTEGER NOT NULL, kind TEXT NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            speaker TEXT, role TEXT, outlet TEXT,
            words INTEGER NOT NULL, text TEXT NOT NULL,
            UNIQUE (doc_id, n)
        );
        CREATE TABLE passage_tags (
            passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
            kind TEXT NOT NULL, key TEXT NOT NULL,
            PRIMARY KEY (kind, key, passage_id)
        ) WITHOUT ROWID;
        CREATE INDEX passage_tags_passage ON passage_tags(passage_id);
        CREATE TABLE search_variants (
            kind TEXT NOT NULL, variant TEXT NOT NULL, key TEXT NOT NULL,
            PRIMARY KEY (kind, variant, key)
        ) WITHOUT ROWID;
        """


@migration
def m0005_passages_fts(db: sqlite3.Connection) -> None:
    """The search index (derived; `dipcorpus reindex` rebuilds it): passages (turns, or paragraphs
    outside turns), an FTS5 index over their text, the entities/formulations inside each passage,
    and the names and surface variants a filter value may use."""
    _script(db, _PASSAGES_TABLES)
    db.execute(
        "CREATE VIRTUAL TABLE passages_fts USING fts5(text, content='passages', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    _script(
        db,
        """
        CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
            INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
            INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        """,
    )


@migration
def m0007_passage_vectors(db: sqlite3.Connection) -> None:
    """Sentence embeddings of the search passages for `dipcorpus semantic` (derived; `dipcorpus embed`
    fills it): one L2-normalised float32 vector (BLOB, little-endian) per passage and model. A
    vector goes with its passage (ON DELETE CASCADE), so re-indexing never leaves a stale one."""
    _script(
        db,
        """
        CREATE TABLE passage_vectors (
            passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            dim INTEGER NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (passage_id, model)
        );
        CREATE INDEX passage_vectors_model ON passage_vectors(model);
        """,
    )


@migration
def m0008_turn_pairs(db: sqlite3.Connection) -> None:
    """The turn-by-turn alignment of documents linked as translations (derived by `dipcorpus link`):
    one row per step, the units (turns or paragraphs) of each side by number and character span; a
    side with no counterpart has NULLs."""
    _script(
        db,
        """
        CREATE TABLE turn_pairs (
            a_doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            b_doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            n INTEGER NOT NULL, unit TEXT NOT NULL, role TEXT NOT NULL, score REAL NOT NULL,
            a_first INTEGER, a_last INTEGER, b_first INTEGER, b_last INTEGER,
            a_start INTEGER, a_end INTEGER, b_start INTEGER, b_end INTEGER,
            PRIMARY KEY (a_doc, b_doc, n)
        );
        CREATE INDEX turn_pairs_b ON turn_pairs(b_doc);
        """,
    )


@migration
def m0009_passages_chinese(db: sqlite3.Connection) -> None:
    """Chinese in the search index (issue #11): each Chinese character becomes a token of its own
    (`passages.ftext`, read by FTS5 through the view `passages_fts_text`), and `passages.words`
    counts Chinese words by the segmenter. Existing passages are brought up to date here and the
    FTS5 index is rebuilt in place (passage ids, tags and vectors stay); the tantivy folder is stale
    until `dipcorpus reindex` (search says so and uses FTS5 meanwhile)."""
    from dipcorpus.store.search_text import count_words, index_text

    db.execute("ALTER TABLE passages ADD COLUMN ftext TEXT")
    db.execute("DROP TRIGGER IF EXISTS passages_ai")
    db.execute("DROP TRIGGER IF EXISTS passages_ad")
    db.execute("DROP TABLE IF EXISTS passages_fts")
    updates = []
    for pid, text in db.execute("SELECT id, text FROM passages"):
        ftext = index_text(text)
        if ftext is not None:
            updates.append((ftext, count_words(text), pid))
    db.executemany("UPDATE passages SET ftext = ?, words = ? WHERE id = ?", updates)
    db.execute(PASSAGES_FTS_TEXT)
    db.execute(PASSAGES_FTS)
    for trigger in PASSAGES_FTS_TRIGGERS:
        db.execute(trigger)
    db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')")


@migration
def m0010_word_counts(db: sqlite3.Connection) -> None:
    """Word frequencies of the whole indexed corpus, the reference that collocation measures and word
    lists divide by (derived; rebuilt when the passages change): one row per word, and the state of
    the passages they were counted from."""
    _script(
        db,
        """
        CREATE TABLE word_counts (word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE word_counts_state (id INTEGER PRIMARY KEY CHECK (id = 1), passages INTEGER NOT NULL,
            last_passage INTEGER NOT NULL, tokens INTEGER NOT NULL);
        """,
    )


@migration
def m0011_subcorpora(db: sqlite3.Connection) -> None:
    """Saved subcorpora: a name and the query that defines it (docs/query-language.md)."""
    _script(db, "CREATE TABLE subcorpora (name TEXT PRIMARY KEY, query TEXT NOT NULL, saved_at TEXT NOT NULL);")


@migration
def m0012_reading_views(db: sqlite3.Connection) -> None:
    """SQL views for reading the corpus in SQL tools (datasette, pandas.read_sql): each turn, statement,
    entity mention and formulation use with its text and its document's date, title, type and language."""
    doc = "d.date, d.title, d.event_type, d.language"
    _script(
        db,
        f"""
        CREATE VIEW turn_texts AS SELECT t.doc_id, t.n, t.speaker, t.speaker_id, t.role, {doc},
            substr(d.text, t.start + 1, t."end" - t.start) AS text
            FROM turns t JOIN documents d ON d.id = t.doc_id;
        CREATE VIEW statement_texts AS SELECT s.doc_id, s.n, s.speaker, s.speaker_id, s.verb, {doc},
            substr(d.text, s.start + 1, s."end" - s.start) AS text
            FROM statements s JOIN documents d ON d.id = s.doc_id;
        CREATE VIEW entity_mentions AS SELECT e.doc_id, e.type, e.entity_id, e.name, {doc},
            substr(d.text, e.start + 1, e."end" - e.start) AS text, e.start, e."end"
            FROM entities e JOIN documents d ON d.id = e.doc_id;
        CREATE VIEW formulation_uses AS SELECT f.doc_id, f.formulation_id, f.name, {doc},
            substr(d.text, f.start + 1, f."end" - f.start) AS text, f.start, f."end"
            FROM formulations f JOIN documents d ON d.id = f.doc_id;
        """,
    )


@migration
def m0013_link_bands(db: sqlite3.Connection) -> None:
    """The link index queried rather than loaded (#13): each passage's shingle hashes (BLOB of sorted
    little-endian uint32), fingerprint and numbers; its LSH band keys and rare key terms in indexed
    tables, so a new passage's candidates are indexed lookups; per source group, how many documents
    carry each fingerprint (furniture). `seq` orders the linked documents (a rebuild links each
    against those before it); passage ids grow with it, and the key and term indexes hold the
    passage id, so a lookup never reads the table. Hashes are BIGINT (64 bits on every backend).
    The m0006 passage table (signatures) is replaced and every document is linked again."""
    _script(
        db,
        """
        DROP TABLE link_passages;
        DROP TABLE link_docs;
        DELETE FROM link_meta;
        CREATE TABLE link_docs (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, grp TEXT NOT NULL,
            passages INTEGER NOT NULL, words INTEGER NOT NULL, linked_at TEXT NOT NULL
        );
        CREATE TABLE link_passages (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES link_docs(doc_id) ON DELETE CASCADE,
            n INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, turn INTEGER,
            words INTEGER NOT NULL, fp BIGINT NOT NULL, numbers TEXT NOT NULL, shingles BLOB NOT NULL,
            UNIQUE (doc_id, n)
        );
        CREATE INDEX link_passages_fp ON link_passages(fp);
        CREATE TABLE link_bands (
            key BIGINT NOT NULL, passage INTEGER NOT NULL REFERENCES link_passages(id) ON DELETE CASCADE
        );
        CREATE INDEX link_bands_key ON link_bands(key, passage);
        CREATE INDEX link_bands_passage ON link_bands(passage);
        CREATE TABLE link_terms (
            term TEXT NOT NULL, passage INTEGER NOT NULL REFERENCES link_passages(id) ON DELETE CASCADE
        );
        CREATE INDEX link_terms_term ON link_terms(term, passage);
        CREATE INDEX link_terms_passage ON link_terms(passage);
        CREATE TABLE link_furniture (
            grp TEXT NOT NULL, fp BIGINT NOT NULL, docs INTEGER NOT NULL, PRIMARY KEY (grp, fp)
        );
        """,
    )


# --- PostgreSQL variants ----------------------------------------------------------------------


@pg_variant("m0005_passages_fts")
def m0005_passages_fts_pg(db: sqlite3.Connection) -> None:
    """The search index on PostgreSQL: the same tables; instead of FTS5, each passage's tokens (the
    FTS5 tokens, made in Python: store/pg_search.py) as a tsvector column under a GIN index."""
    _script(db, _PASSAGES_TABLES)
    db.execute("ALTER TABLE passages ADD COLUMN tsv tsvector")
    db.execute("CREATE INDEX passages_tsv ON passages USING GIN (tsv)")


@pg_variant("m0009_passages_chinese")
def m0009_passages_chinese_pg(db: sqlite3.Connection) -> None:
    """m0009 on PostgreSQL: `passages.ftext` and Chinese word counts, and the tsvectors made again."""
    from dipcorpus.store.pg_search import tsvector
    from dipcorpus.store.search_text import count_words, index_text

    db.execute("ALTER TABLE passages ADD COLUMN ftext TEXT")
    updates = []
    for pid, text in db.execute("SELECT id, text FROM passages").fetchall():
        ftext = index_text(text)
        words = count_words(text) if ftext is not None else None
        updates.append((ftext, words, tsvector(ftext or text), pid))
    db.executemany("UPDATE passages SET ftext = ?, words = COALESCE(?, words), tsv = ?::tsvector WHERE id = ?", updates)
