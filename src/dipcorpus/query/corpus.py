"""The Python API over a corpus database: search and analyses as pandas DataFrames.

from dipcorpus.query.corpus import Corpus
corpus = Corpus.open("dipcorpus.db")
corpus.search('"color revolution" country:KGZ', limit=20)
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pandas as pd

from dipcorpus.index import passages as index
from dipcorpus.query import analysis, frames, kwic, search, subcorpora, timeline, wordstats
from dipcorpus.store.db import connect

__all__ = ["Corpus"]

HIT_COLUMNS = ["doc_id", "title", "date", "speaker", "snippet", "start", "end", "score", "n", "kind", "role",
               "outlet", "event_type"]  # fmt: skip
ALIGNED_COLUMNS = ["n", "role", "score", "unit", "a_first", "a_last", "b_first", "b_last", "a_speaker", "b_speaker",
                   "a_text", "b_text", "a_start", "a_end", "b_start", "b_end"]  # fmt: skip


class Corpus:
    """A corpus database opened for search. Build the index first (`reindex`) if it is empty."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        subcorpora.load(db)

    @classmethod
    def open(cls, path: str | Path) -> Corpus:
        return cls(connect(path))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reindex(self) -> dict[str, int]:
        """Rebuild the whole search index from the stored documents."""
        return index.reindex(self.db)

    def count(self, query: str) -> int:
        return search.search(self.db, query, limit=0).total

    def search(self, query: str, *, limit: int = 20, offset: int = 0, sort: str = "relevance") -> pd.DataFrame:
        """One page of passages matching `query` (docs/query-language.md); `attrs['total']` holds the
        number of all matches."""
        result = search.search(self.db, query, limit=limit, offset=offset, sort=sort)
        frame = pd.DataFrame(result.hits, columns=HIT_COLUMNS)
        frame.attrs["total"] = result.total
        return frame

    def semantic(self, text: str, *, limit: int = 20, hybrid: bool = False) -> pd.DataFrame:
        """Passages nearest in meaning to `text` (the `semantic` extra); with `hybrid`, fused with keyword search."""
        from dipcorpus.query import semantic

        result = (semantic.hybrid_search if hybrid else semantic.semantic_search)(self.db, text, limit=limit)
        return pd.DataFrame(result.hits, columns=HIT_COLUMNS)

    def kwic(self, query: str, *, width: int = 60, sort: str = "left", limit: int | None = None) -> pd.DataFrame:
        rows = kwic.kwic(self.db, query, width=width, sort=sort, limit=limit)
        columns = ["doc_id", "date", "title", "speaker", "start", "end", "left", "match", "right"]
        return pd.DataFrame(rows, columns=columns)

    def timeline(self, target: str, *, by: str = "month", kind: str = "auto") -> pd.DataFrame:
        rows = timeline.timeline(self.db, target, by=by, kind=kind)
        return pd.DataFrame(rows, columns=["period", "kind", "count", "words", "per_10k"])

    def first_last(self, target: str, *, kind: str = "auto") -> dict[str, Any]:
        return timeline.first_last(self.db, target, kind=kind)

    def cooccurrence(self, **options: Any) -> pd.DataFrame:
        """Entity pairs (options: unit, kinds, with_entity, min_count, limit: see analysis.cooccurrence)."""
        columns = ["kind_a", "a", "kind_b", "b", "together", "count_a", "count_b", "units", "dice"]
        return pd.DataFrame(analysis.cooccurrence(self.db, **options), columns=columns)

    def keyness(self, a: str, b: str, *, min_count: int = 5, limit: int = 50) -> pd.DataFrame:
        rows = analysis.keyness(self.db, a, b, min_count=min_count, limit=limit)
        columns = ["word", "a", "b", "a_per_10k", "b_per_10k", "g2", "p", "log_ratio", "key_for"]
        return pd.DataFrame(rows, columns=columns)

    def documents(self, *, text: bool = False, all_versions: bool = False) -> pd.DataFrame:
        """One row per document (current versions unless `all_versions`), dates as datetime64;
        the full text only with `text=True`."""
        return frames.frame(self.db, "documents", text=text, all_versions=all_versions)

    def turns(self) -> pd.DataFrame:
        """One row per speaker turn: speaker, speaker_id, role, span and text, with its document's
        date, title, language and event type."""
        return frames.frame(self.db, "turns")

    def statements(self) -> pd.DataFrame:
        """One row per reported statement (speaker, speaker_id, verb, span, text) with its document's fields."""
        return frames.frame(self.db, "statements")

    def entities(self) -> pd.DataFrame:
        """One row per entity mention (type, id, name, span) with its document's fields."""
        return frames.frame(self.db, "entities")

    def formulations(self) -> pd.DataFrame:
        """One row per formulation mention (id, name, span) with its document's fields."""
        return frames.frame(self.db, "formulations")

    def collocates(self, query: str, **options: Any) -> pd.DataFrame:
        """Collocates of `query` (options: left, right, measure, min_count, stop, limit; see
        query/wordstats.py): word, f_xy, f_y, logdice, mi, tscore; attrs hold nodes, sampled, tokens."""
        result = wordstats.collocates(self.db, query, **options)
        frame = pd.DataFrame(result["rows"], columns=["word", "f_xy", "f_y", "logdice", "mi", "tscore"])
        frame.attrs.update({k: v for k, v in result.items() if k != "rows"})
        return frame

    def ngrams(self, n: int = 2, **options: Any) -> pd.DataFrame:
        """The most frequent n-grams (options: query, min_count, stop, limit)."""
        rows = wordstats.ngrams(self.db, n=n, **options)
        return pd.DataFrame(rows, columns=["ngram", "count", "per_10k", "documents"])

    def wordlist(self, **options: Any) -> pd.DataFrame:
        """Words by frequency (options: query, min_count, stop, limit)."""
        rows = wordstats.wordlist(self.db, **options)
        return pd.DataFrame(rows, columns=["ngram", "count", "per_10k", "documents"]).rename(columns={"ngram": "word"})

    def dispersion(self, query: str) -> pd.DataFrame:
        """One row per document with a match (date, title, hits, words, positions 0-1); attrs hold
        hits, documents, dp (Gries) and juilland_d."""
        result = wordstats.dispersion(self.db, query)
        frame = pd.DataFrame(result["by_document"], columns=["doc_id", "date", "title", "hits", "words", "positions"])
        frame.attrs.update({k: v for k, v in result.items() if k != "by_document"})
        return frame

    def pairs(self, doc_id: str | None = None) -> pd.DataFrame:
        """Translation pairs (of `doc_id`, or all): the same event's pages in two languages."""
        from dipcorpus.query.pairs import partners

        columns = ["a_doc", "b_doc", "score", "a_language", "b_language", "a_date", "b_date", "a_title", "b_title"]
        return pd.DataFrame(partners(self.db, doc_id), columns=columns)

    def aligned(self, doc_id: str, other: str | None = None) -> pd.DataFrame:
        """The turn-by-turn alignment of `doc_id` and its translation, one row per step;
        `attrs` holds the two documents (`a`, `b`) and the pair's `score`."""
        from dipcorpus.query.pairs import aligned_pair

        pair = aligned_pair(self.db, doc_id, other)
        frame = pd.DataFrame(pair["steps"], columns=ALIGNED_COLUMNS)
        frame.attrs.update(a=pair["a"], b=pair["b"], score=pair["score"])
        return frame

    def bilingual_dyads(self) -> pd.DataFrame:
        """Question-answer dyads of each English-Chinese pair, English columns plus `_zh` ones."""
        from dipcorpus.query.dyads import BILINGUAL_COLUMNS
        from dipcorpus.query.export import iter_kind

        return pd.DataFrame(list(iter_kind(self.db, "bilingual-dyads")), columns=list(BILINGUAL_COLUMNS))

    def save_subcorpus(self, name: str, query: str) -> None:
        """Save `query` as subcorpus `name`: then `subcorpus:NAME` works in every query (keyness too)."""
        subcorpora.save(self.db, name, query)

    def subcorpora(self) -> dict[str, str]:
        """The saved subcorpora, name → query."""
        return dict(subcorpora.load(self.db))
