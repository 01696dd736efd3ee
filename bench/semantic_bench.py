"""Semantic search speed (needs the `semantic` extra): embedding throughput, query latency on a real
corpus, and brute-force ranking latency over synthetic normalised matrices of 100k and 1M rows.

    python bench/semantic_bench.py --db corpus.db [--embed 1000] [--queries 20] [--rows 100000 1000000]

Embeds at most `--embed` passages still missing a vector (in a copy of `--db` when `--copy` is
given), then times `semantic_search` and `hybrid_search`. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from dipcorpus.query import semantic
from dipcorpus.store import vectors
from dipcorpus.store.db import connect

QUERIES = [
    "outside powers should not meddle in the domestic politics of other nations",
    "sanctions imposed by one country alone are illegal",
    "cooperation against a pandemic",
    "the two sides agreed to deepen trade and investment",
    "terrorism and extremism threaten regional security",
]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def embed_speed(db_path: Path, limit: int) -> dict[str, float]:
    db = connect(db_path)
    began = time.perf_counter()
    enc = semantic.load_encoder()
    load = time.perf_counter() - began
    rows = vectors.missing_passages(db, enc.name, limit=limit)
    words = sum(len(text.split()) for _, text in rows)
    began = time.perf_counter()
    vecs = semantic.embed_texts([text for _, text in rows], encoder=enc)
    seconds = time.perf_counter() - began
    blobs = [(pid, vec.astype("<f4").tobytes()) for (pid, _), vec in zip(rows, vecs, strict=True)]
    vectors.save_vectors(db, enc.name, enc.dim, blobs)
    db.close()
    return {
        "model_load_s": round(load, 2),
        "passages": len(rows),
        "mean_words": round(words / max(len(rows), 1), 1),
        "passages_per_s": round(len(rows) / seconds, 1),
        "words_per_s": round(words / seconds),
    }


def query_speed(db_path: Path, queries: int) -> dict[str, float]:
    db = connect(db_path)
    enc = semantic.load_encoder()
    semantic.semantic_search(db, "warm up", encoder=enc)
    out: dict[str, float] = {"vectors": len(semantic.load_index(db).ids)}
    for name, func in (("semantic", semantic.semantic_search), ("hybrid", semantic.hybrid_search)):
        times = []
        for i in range(queries):
            began = time.perf_counter()
            func(db, QUERIES[i % len(QUERIES)], limit=20, encoder=enc)
            times.append((time.perf_counter() - began) * 1000)
        out[f"{name}_median_ms"] = round(statistics.median(times), 1)
        out[f"{name}_p95_ms"] = round(_percentile(times, 0.95), 1)
    db.close()
    return out


def matrix_speed(rows: int, queries: int = 10) -> dict[str, float]:
    rng = np.random.default_rng(1)
    matrix = rng.standard_normal((rows, semantic.DIM), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    index = semantic.VectorIndex(
        model="synthetic", version=(0, rows), ids=np.arange(rows, dtype=np.int64), matrix=matrix
    )
    times = []
    for _ in range(queries):
        query = matrix[int(rng.integers(rows))]
        began = time.perf_counter()
        index.top(query, 100)
        times.append((time.perf_counter() - began) * 1000)
    return {"rows": rows, "mb": round(matrix.nbytes / 2**20), "top100_median_ms": round(statistics.median(times), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--copy", action="store_true", help="Work on a copy of --db.")
    parser.add_argument("--embed", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--rows", type=int, nargs="*", default=[100_000, 1_000_000])
    args = parser.parse_args()
    path = args.db
    if args.copy:
        path = Path(tempfile.mkdtemp()) / "bench.db"
        shutil.copy(args.db, path)
    result = {
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "embed": embed_speed(path, args.embed),
        "query": query_speed(path, args.queries),
        "brute_force": [matrix_speed(rows) for rows in args.rows],
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
