"""Search at scale on PostgreSQL: ≥2M passages, the search benchmark's 200 queries, tsvector and tantivy.

Usage:
    python bench/pg_bench.py --source /tmp/dipcorpus-bench/source.db [--passages 2000000]
        [--server postgresql://postgres@127.0.0.1:5432] [--measure-at 500000,1000000] [--max-load-minutes M]

1. Makes a fresh database `dipcorpus_bench_pg` on `--server` (replacing one of that name) and writes
   synthetic documents of 20 passages through the store API, exactly as bench/search_bench.py makes
   them (its `read_source`, `synthetic_docs` and `make_queries` are imported): `save_document`, then
   `index_documents` (passages, tsvectors, tags), one writer. Write rate = passages / (store + index)
   seconds, wall and this process's CPU seconds (the server's CPU is the rest of the wall time).
2. At each `--measure-at` size (and at the end): database size (`pg_database_size`, per table with its
   indexes), bytes per passage, the tantivy folder built from the database (timed, size), then the
   200 queries through `dipcorpus.query.search.search` (total count + first page of 20 with snippets)
   with engine="fts5" (on PostgreSQL: the tsvector/GIN path, the reference) and engine="auto"
   (tantivy, or the reference for the queries it cannot express), same queries, same run, each the
   median of `--runs` runs, totals compared. p50/p95/max per engine and per query kind.
3. `--max-load-minutes`: stop loading when that time is spent and measure what was reached (the numbers
   say how many passages they were taken at). The database is dropped at the end unless `--keep`.

Writes bench/results/pg.json (one entry per measured size).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import shutil
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from search_bench import PER_DOC, engine_of, folder_bytes, make_queries, pct, read_source, synthetic_docs, timed

from dipcorpus.index import tantivy_index
from dipcorpus.index.passages import index_documents
from dipcorpus.query.search import search
from dipcorpus.store import pg
from dipcorpus.store.db import connect
from dipcorpus.store.queries import save_document

RESULTS = Path(__file__).parent / "results" / "pg.json"
NAME = "dipcorpus_bench_pg"


def load(url: str, docs: list[Any], report: dict[str, Any]) -> None:
    """Store and index `docs` (one writer), adding to the running totals in `report["load"]`."""
    db = connect(url)
    totals = report.setdefault("load", {"store_seconds": 0.0, "index_seconds": 0.0, "store_cpu_seconds": 0.0,
                                        "index_cpu_seconds": 0.0, "passages": 0, "documents": 0})  # fmt: skip
    wall, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        save_document(db, doc, path=doc.source, data=b"")
    totals["store_seconds"] += time.perf_counter() - wall
    totals["store_cpu_seconds"] += time.process_time() - cpu
    wall, cpu = time.perf_counter(), time.process_time()
    totals["passages"] += index_documents(db, [d.id for d in docs], batch=200)
    totals["index_seconds"] += time.perf_counter() - wall
    totals["index_cpu_seconds"] += time.process_time() - cpu
    totals["documents"] += len(docs)
    db.close()


def rates(totals: dict[str, Any]) -> dict[str, Any]:
    wall = totals["store_seconds"] + totals["index_seconds"]
    cpu = totals["store_cpu_seconds"] + totals["index_cpu_seconds"]
    out = {k: round(v, 1) if isinstance(v, float) else v for k, v in totals.items()}
    out["passages_per_second"] = round(totals["passages"] / wall) if wall else None
    out["passages_per_client_cpu_second"] = round(totals["passages"] / cpu) if cpu else None
    out["index_only_passages_per_second"] = round(totals["passages"] / totals["index_seconds"])
    return out


def measure(url: str, queries: list[tuple[str, str]], runs: int, report: dict[str, Any]) -> dict[str, Any]:
    db = connect(url)
    db.execute("ANALYZE")
    entry: dict[str, Any] = {"load_average_start": os.getloadavg(), "write": rates(report["load"])}
    entry["passages"] = db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    entry["documents"] = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    sizes = pg.database_sizes(db)
    entry["database_bytes"] = sizes["database"]
    entry["table_bytes"] = dict(list(sizes["tables"].items())[:8])
    entry["bytes_per_passage"] = round(sizes["database"] / entry["passages"])
    path = tantivy_index.index_path(db)
    assert path is not None
    start = time.perf_counter()
    tantivy_index.build(db, path)
    entry["tantivy_build_seconds"] = round(time.perf_counter() - start, 1)
    entry["tantivy_bytes"] = folder_bytes(path)
    print(f"{entry['passages']} passages: {entry['database_bytes'] / 1e9:.2f} GB, tantivy "
          f"{entry['tantivy_build_seconds']} s", file=sys.stderr)  # fmt: skip
    for _, q in queries:  # warm the caches
        search(db, q, limit=20, engine="auto")
        search(db, q, limit=20, engine="fts5")
    rows = []
    for kind, q in queries:
        tv = _timed(runs, search, db, q, limit=20, engine="auto")
        ref = _timed(runs, search, db, q, limit=20, engine="fts5")
        total = search(db, q, limit=1, engine="fts5").total
        tv_total = search(db, q, limit=1, engine="auto").total
        rows.append({"kind": kind, "query": q, "engine": engine_of(db, q), "tantivy_ms": round(tv, 2),
                     "tsvector_ms": round(ref, 2), "total": total, "same_total": tv_total == total})  # fmt: skip
    db.close()
    entry["load_average_end"] = os.getloadavg()
    summarise(entry, rows)
    return entry


def _timed(runs: int, func: Any, *args: Any, **kwargs: Any) -> float:
    if runs == 3:
        return timed(func, *args, **kwargs)
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        func(*args, **kwargs)
        values.append((time.perf_counter() - start) * 1000)
    return statistics.median(values)


def summarise(entry: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    def stats(values: list[float]) -> dict[str, Any]:
        return {"n": len(values), "p50": pct(values, 50), "p95": pct(values, 95), "max": round(max(values), 2)}

    entry["latency_ms"] = {
        "tantivy (engine=auto)": stats([r["tantivy_ms"] for r in rows]),
        "tsvector (engine=fts5 on PostgreSQL)": stats([r["tsvector_ms"] for r in rows]),
    }
    entry["queries_answered_by"] = dict(Counter(r["engine"] for r in rows))
    entry["same_total_both_engines"] = sum(r["same_total"] for r in rows)
    entry["different_total"] = [r["query"] for r in rows if not r["same_total"]]
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_kind.setdefault(r["kind"], []).append(r)
    entry["latency_by_kind_ms"] = {
        k: {"n": len(v), "tantivy_p50": pct([r["tantivy_ms"] for r in v], 50),
            "tantivy_p95": pct([r["tantivy_ms"] for r in v], 95),
            "tsvector_p50": pct([r["tsvector_ms"] for r in v], 50),
            "tsvector_p95": pct([r["tsvector_ms"] for r in v], 95),
            "median_total": statistics.median(r["total"] for r in v)}
        for k, v in by_kind.items()
    }  # fmt: skip
    entry["slowest_tsvector"] = sorted(rows, key=lambda r: -r["tsvector_ms"])[:10]
    print(f"{entry['passages']} passages in {entry['documents']} documents")
    keys = ("write", "database_bytes", "bytes_per_passage", "tantivy_build_seconds", "tantivy_bytes",
            "load_average_start", "load_average_end", "queries_answered_by", "same_total_both_engines")  # fmt: skip
    for key in keys:
        print(f"  {key:24} {entry[key]}")
    for name, v in entry["table_bytes"].items():
        print(f"  {name:24} {v['total'] / 1e6:8.1f} MB (indexes {v['indexes'] / 1e6:.1f} MB)")
    print(f"{'':40} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, v in entry["latency_ms"].items():
        print(f"{name:40} {v['n']:>4} {v['p50']:>8} {v['p95']:>8} {v['max']:>8}")
    print(f"{'by class':22} {'n':>4} {'tantivy p50':>12} {'p95':>8} {'tsvector p50':>13} {'p95':>8}")
    for name, v in entry["latency_by_kind_ms"].items():
        print(f"  {name:20} {v['n']:>4} {v['tantivy_p50']:>12} {v['tantivy_p95']:>8} {v['tsvector_p50']:>13} "
              f"{v['tsvector_p95']:>8}   median hits {v['median_total']}")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", required=True, help="A database ingested from ../shared/corpus.")
    ap.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432", help="URL without a database name.")
    ap.add_argument("--passages", type=int, default=2_000_000)
    ap.add_argument("--measure-at", default="", help="Comma-separated sizes to measure at on the way.")
    ap.add_argument("--max-load-minutes", type=float, default=0.0, help="Stop loading after this (0: never).")
    ap.add_argument("--chunk", type=int, default=50_000, help="Passages generated and loaded per step.")
    ap.add_argument("--runs", type=int, default=3, help="Timed runs per query and engine (the median is kept).")
    ap.add_argument("--index-dir", default="/tmp/dipcorpus-bench/pg-tantivy", help="Where the tantivy folder goes.")
    ap.add_argument("--keep", action="store_true", help="Keep the database (and the tantivy folder).")
    ap.add_argument("--name", default=NAME, help="The database made (and dropped) on --server.")
    ap.add_argument("--load-only", action="store_true", help="Measure the write rate only (no size, no queries).")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--results", default=str(RESULTS))
    args = ap.parse_args()
    os.environ["DIPCORPUS_INDEX_DIR"] = args.index_dir
    rng = random.Random(args.seed)
    source, dates = read_source(args.source)
    queries = make_queries(source, random.Random(args.seed + 1))
    print(f"source: {len(source)} paragraphs, {len(queries)} queries", file=sys.stderr)
    url = pg.create_database(args.server, args.name)
    connect(url).close()  # the schema (every migration)
    report: dict[str, Any] = {"source": args.source, "source_paragraphs": len(source), "server": args.server,
                              "database": url, "cpus": os.cpu_count(), "target_passages": args.passages,
                              "runs_per_query": args.runs, "sizes": []}  # fmt: skip
    stops = sorted({int(x) for x in args.measure_at.split(",") if x} | {args.passages})
    started, done, doc_no = time.perf_counter(), 0, 0
    try:
        while done < args.passages:
            n = min(args.chunk, args.passages - done, *(s - done for s in stops if s > done))
            docs = synthetic_docs(source, dates, n, rng)
            docs = [dataclasses.replace(d, id=f"bench{doc_no + i:07d}", source=f"bench/{doc_no + i}.txt")
                    for i, d in enumerate(docs)]  # fmt: skip
            doc_no += len(docs)
            shutil.rmtree(args.index_dir, ignore_errors=True)  # rebuilt when measured (never updated per step)
            load(url, docs, report)
            done = report["load"]["passages"]
            print(f"  {done} passages, {rates(report['load'])['passages_per_second']}/s", file=sys.stderr)
            out_of_time = args.max_load_minutes and time.perf_counter() - started > args.max_load_minutes * 60
            if args.load_only:
                report["write"] = rates(report["load"])
            elif done in stops or out_of_time or done >= args.passages:
                report["sizes"].append(measure(url, queries, args.runs, report))
                _write(args.results, report)
            if out_of_time:
                report["stopped_at"] = f"{done} passages: --max-load-minutes {args.max_load_minutes} reached"
                break
    finally:
        if not args.keep:
            pg.remove_database(url)
            shutil.rmtree(args.index_dir, ignore_errors=True)
            report["kept"] = False
        else:
            report["kept"] = f"{url} and {args.index_dir}"
        _write(args.results, report)


def _write(path: str, report: dict[str, Any]) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


assert PER_DOC == 20  # the documents are the search benchmark's

if __name__ == "__main__":
    main()
