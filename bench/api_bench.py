"""API search latency under concurrent clients: p50/p95 of `GET /api/search` against uvicorn on 127.0.0.1.

Usage:
    python bench/api_bench.py --db /tmp/api-bench.db [--build --source /tmp/api-source.db --paragraphs 1000000]
                              [--clients 20 --requests 2000 --max-seconds 120]

1. With `--build`, writes a large corpus to `--db` (never inside the repository) with the builder of
   bench/search_bench.py (`read_source` + `synthetic_docs`: source paragraphs resampled with replacement
   into synthetic documents of 20 passages) and indexes it. `--source` is a database ingested from
   ../shared/corpus.
2. Starts `dipcorpus serve DB` (uvicorn) in its own process on a free port of 127.0.0.1.
3. Runs `--clients` threads, each with its own httpx client, taking queries from one shared list of
   mixed queries (search_bench's `make_queries`: rare and common words, phrases, boolean, NEAR,
   filters) until `--requests` requests are done or `--max-seconds` have passed.
4. Prints a table (overall and by query kind) and writes bench/results/api.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))

from search_bench import make_queries, read_source, synthetic_docs

from dipcorpus.query.index import index_documents
from dipcorpus.store.db import connect
from dipcorpus.store.queries import save_document

RESULTS = Path(__file__).parent / "results" / "api.json"
REPO = Path(__file__).resolve().parents[1]


def build(source: str, out: str, paragraphs: int, seed: int) -> dict[str, Any]:
    """The resampled corpus of `paragraphs` passages at `out` (search_bench's builder)."""
    if Path(out).resolve().is_relative_to(REPO):
        sys.exit("--db must be outside the repository")
    for suffix in ("", "-wal", "-shm"):
        Path(out + suffix).unlink(missing_ok=True)
    rng = random.Random(seed)
    rows, dates = read_source(source)
    started = time.perf_counter()
    db = connect(out)
    docs = synthetic_docs(rows, dates, paragraphs, rng)
    for doc in docs:
        save_document(db, doc, path=doc.source, data=b"")
    index_documents(db, [d.id for d in docs], batch=2000)
    db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {"build_seconds": round(time.perf_counter() - started, 1)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`dipcorpus serve` in its own process, as a user runs it: the client threads of this process then
    do not share the server's interpreter lock (one process for both measured the lock, not the API)."""

    def __init__(self, db_path: str, *, timeout: float, workers: int = 1) -> None:
        self.port = free_port()
        self.cmd = [
            sys.executable,
            "-m",
            "dipcorpus",
            "serve",
            db_path,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--timeout",
            str(timeout),
            "--workers",
            str(workers),
        ]
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> str:
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/openapi.json", timeout=2).status_code == 200:
                    return base
            except httpx.HTTPError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("dipcorpus serve did not start")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 1)


def run_clients(
    base: str, queries: list[tuple[str, str]], *, clients: int, requests: int, max_seconds: float, facets: bool = True
) -> list[dict[str, Any]]:
    """Each client takes the next query from the shared list until `requests` or `max_seconds`."""
    lock = threading.Lock()
    state = {"next": 0}
    results: list[dict[str, Any]] = []
    deadline = time.monotonic() + max_seconds

    def take() -> tuple[str, str] | None:
        with lock:
            if state["next"] >= requests or time.monotonic() > deadline:
                return None
            state["next"] += 1
            return queries[(state["next"] - 1) % len(queries)]

    def client() -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            while (item := take()) is not None:
                kind, q = item
                start = time.perf_counter()
                resp = http.get("/api/search", params={"q": q, "limit": 20, "facets": facets})
                ms = (time.perf_counter() - start) * 1000
                total = resp.json().get("total") if resp.status_code == 200 else None
                with lock:
                    results.append({"kind": kind, "query": q, "ms": ms, "status": resp.status_code, "total": total})

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def summarise(report: dict[str, Any], results: list[dict[str, Any]]) -> None:
    ok = [r["ms"] for r in results if r["status"] == 200]
    report["latency_ms"] = {
        "n": len(results),
        "ok": len(ok),
        "p50": pct(ok, 50),
        "p95": pct(ok, 95),
        "max": round(max(ok, default=0.0), 1),
    }
    statuses: dict[str, int] = {}
    for r in results:
        statuses[str(r["status"])] = statuses.get(str(r["status"]), 0) + 1
    report["statuses"] = statuses
    by_kind: dict[str, list[float]] = {}
    for r in results:
        if r["status"] == 200:
            by_kind.setdefault(r["kind"], []).append(r["ms"])
    report["latency_by_kind_ms"] = {k: {"n": len(v), "p50": pct(v, 50), "p95": pct(v, 95)} for k, v in by_kind.items()}
    report["slowest"] = [{**r, "ms": round(r["ms"], 1)} for r in sorted(results, key=lambda r: -r["ms"])[:10]]
    lat = report["latency_ms"]
    print(
        f"{report['passages']} passages in {report['documents']} documents; {report['clients']} clients; "
        f"{lat['n']} requests in {report['seconds']} s ({report['requests_per_second']} req/s)"
    )
    print(
        f"statuses: {statuses}; load average {report.get('load_average_before')} → "
        f"{report.get('load_average_after')} on {report.get('cpus')} CPUs (other work on the machine counts)"
    )
    print(f"{'':28} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
    print(f"{'all (200 only)':28} {lat['ok']:>5} {lat['p50']:>8} {lat['p95']:>8}")
    for kind, v in sorted(report["latency_by_kind_ms"].items()):
        print(f"  {kind:26} {v['n']:>5} {v['p50']:>8} {v['p95']:>8}")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--db", default="/tmp/api-bench.db", help="The large corpus (built with --build).")
    ap.add_argument("--build", action="store_true", help="Build --db first from --source.")
    ap.add_argument("--source", default="/tmp/api-source.db", help="A database ingested from ../shared/corpus.")
    ap.add_argument("--paragraphs", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=2000, help="Stop after this many requests.")
    ap.add_argument("--max-seconds", type=float, default=120, help="Stop sending after this long.")
    ap.add_argument("--timeout", type=float, default=10.0, help="The app's per-request SQLite time limit.")
    ap.add_argument("--no-facets", action="store_true", help="Ask for hits only (facets=false).")
    ap.add_argument("--workers", type=int, default=2, help="Server processes (`serve --workers`).")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--results", default=str(RESULTS))
    args = ap.parse_args()
    report: dict[str, Any] = {
        "db": args.db,
        "clients": args.clients,
        "facets": not args.no_facets,
        "sqlite": sqlite3.sqlite_version,
    }
    if args.build:
        report.update(build(args.source, args.db, args.paragraphs, args.seed))
    rows, _ = read_source(args.source)
    queries = make_queries(rows, random.Random(args.seed + 1))
    random.Random(args.seed + 2).shuffle(queries)
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    report["passages"] = db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    report["documents"] = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    db.close()
    with Server(args.db, timeout=args.timeout, workers=args.workers) as base:
        facets = not args.no_facets
        warm = make_queries(rows, random.Random(args.seed + 3))  # other queries: the measured ones start uncached
        run_clients(base, warm, clients=args.clients, requests=len(warm), max_seconds=60, facets=facets)
        report["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
        started = time.perf_counter()
        results = run_clients(base, queries, clients=args.clients, requests=args.requests, max_seconds=args.max_seconds)
        report["seconds"] = round(time.perf_counter() - started, 1)
        report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        report["cpus"] = os.cpu_count()
    report["requests_per_second"] = round(len(results) / max(report["seconds"], 1e-9), 1)
    report["workers"] = args.workers
    summarise(report, results)
    Path(args.results).parent.mkdir(parents=True, exist_ok=True)
    Path(args.results).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.results}", file=sys.stderr)


if __name__ == "__main__":
    main()
