"""The search indexes, derived from the stored documents: the passage table and its full-text index
(`passages.py`, SQLite FTS5 or PostgreSQL tsvector through the store) and the tantivy folder beside the
corpus (`tantivy_index.py`). Ingest, `reindex` and the healing of a crashed run build them here; the
query package reads them."""
