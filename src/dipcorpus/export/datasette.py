"""The metadata file that makes datasette serve a corpus well: the full-text index declared for
the passages table (so `?_search=` filters), descriptions of the tables and reading views, and
canned queries for the questions researchers ask first. `dipcorpus datasette-metadata` writes it;
`datasette CORPUS.db --metadata metadata.json` serves it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["metadata"]

_TABLES = {
    "documents": "One row per stored document version: metadata and the clean text.",
    "passages": "The search units (turns, or paragraphs outside turns); full-text search with ?_search= "
    "(English words; Chinese text is indexed by character and is best searched with `dipcorpus search`).",
    "turn_texts": "Every speaker turn with its text and its document's date, title, type and language.",
    "statement_texts": "Every reported statement (who said what) with its text and document fields.",
    "entity_mentions": "Every mention of a country, region, organisation, media outlet or person (canonical id).",
    "formulation_uses": "Every use of an official formulation (canonical id).",
    "links": "Near-duplicate, containment and translation links between documents.",
}

_QUERIES: dict[str, dict[str, Any]] = {
    "turns_by_speaker": {
        "title": "Turns of a speaker",
        "sql": "SELECT date, title, role, text FROM turn_texts WHERE speaker = :speaker OR speaker_id = :speaker "
        "ORDER BY date LIMIT 500",
    },
    "statements_by_speaker": {
        "title": "What a person said (reported statements)",
        "sql": "SELECT date, title, verb, text FROM statement_texts WHERE speaker = :speaker OR speaker_id = :speaker "
        "ORDER BY date LIMIT 500",
    },
    "formulation_by_year": {
        "title": "Uses of a formulation per year",
        "sql": "SELECT substr(date, 1, 4) AS year, COUNT(*) AS uses, COUNT(DISTINCT doc_id) AS documents "
        "FROM formulation_uses WHERE formulation_id = :formulation OR name = :formulation "
        "GROUP BY year ORDER BY year",
    },
    "entity_by_year": {
        "title": "Mentions of an entity per year (id such as CHN, org:nato, person:wang-yi)",
        "sql": "SELECT substr(date, 1, 4) AS year, COUNT(*) AS mentions, COUNT(DISTINCT doc_id) AS documents "
        "FROM entity_mentions WHERE entity_id = :entity GROUP BY year ORDER BY year",
    },
    "search_passages": {
        "title": "Full-text search of the passages, with their documents",
        "sql": "SELECT d.date, d.title, p.speaker, p.text FROM passages_fts f JOIN passages p ON p.id = f.rowid "
        "JOIN documents d ON d.id = p.doc_id WHERE passages_fts MATCH :q ORDER BY f.rank LIMIT 100",
    },
}


def metadata(db_path: str | Path) -> dict[str, Any]:
    """The datasette metadata for the corpus at `db_path` (its database name is the file's stem)."""
    name = Path(db_path).stem
    tables: dict[str, Any] = {table: {"description": text} for table, text in _TABLES.items()}
    tables["passages"].update({"fts_table": "passages_fts", "fts_pk": "id", "searchmode": "raw"})
    for table in ("passages_fts", "passages_fts_data", "passages_fts_idx", "passages_fts_docsize",
                  "passages_fts_config", "_migrations"):  # fmt: skip
        tables[table] = {"hidden": True}
    return {
        "title": "dipcorpus",
        "description": "A corpus of diplomatic texts built by dipcorpus (docs/export.md).",
        "databases": {name: {"tables": tables, "queries": _QUERIES}},
    }
