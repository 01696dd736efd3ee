"""API search under concurrent clients, side by side with datasette on the same file and queries.

Usage:
    python bench/api_bench.py --db /tmp/api-bench.db [--build --source /tmp/api-source.db --paragraphs 1000000]
                              [--clients 20 --requests 2000 --max-seconds 120 --workers 2]
                              [--baseline-src /tmp/old/src] [--no-datasette] [--profile 200]

1. With `--build`, writes a large corpus to `--db` (never inside the repository) with the builder of
   bench/search_bench.py (`read_source` + `synthetic_docs`: source paragraphs resampled with replacement
   into synthetic documents of 20 passages) and indexes it. `--source` is a database ingested from
   ../shared/corpus.
2. Starts `dipcorpus serve DB --workers N` in its own process group on a free port of 127.0.0.1.
3. The load: `--clients` keep-alive HTTP/1.1 connections driven by one asyncio loop in this process
   (a raw client: writing a request line and reading a Content-Length body costs far less CPU than an
   HTTP library, and the client shares the machine's cores with the server). The clients take
   queries from one shared list of mixed queries (search_bench's `make_queries`: rare and common
   words, phrases, boolean, NEAR, filters) until `--requests` are done or `--max-seconds` have
   passed. Each client connects from its own loopback address (127.0.0.2, .3, ...), so the server's
   limits per client count 20 clients, as they would for 20 readers. A warm-up pass over other
   queries of the same kinds runs first, so the measured queries start with no cached facets. The
   CPU seconds of the client (this process) and of the server (its process tree, from /proc) are
   recorded, with each one's share of the machine.
4. Runs, in this order, in the same process: (a) the API on the whole mix, facets on: the target;
   (b) the API and (c) datasette (`datasette serve -i DB`, the FTS5 table declared in metadata,
   default settings) on the queries with a text part only (datasette has no filters through joins),
   datasette given each query's compiled FTS5 MATCH string with `_searchmode=raw`, 20 rows, the
   count and two column facets (speaker, role); the ratio is datasette's p50/p95 over ours.
   With `--baseline-src`, (a) is repeated first with the server's code taken from that source
   folder (e.g. a `git archive` of an older commit): before and after in the same run.
5. With `--profile N`, instead: N search requests in-process through the ASGI app under cProfile,
   printing where the time goes (no HTTP server, no client).
6. Prints a table per run and writes bench/results/api.json.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from search_bench import make_queries, read_source, synthetic_docs

from dipcorpus.index.passages import index_documents
from dipcorpus.query.search import compile_text
from dipcorpus.store.db import connect
from dipcorpus.store.queries import save_document

RESULTS = Path(__file__).parent / "results" / "api.json"
REPO = Path(__file__).resolve().parents[1]
TARGET = {"p95_ms": 100.0, "requests_per_second": 200.0}


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


# --- servers -----------------------------------------------------------------------------------------


class Server:
    """A server in its own process group (so the client here never shares its interpreter lock), ready
    once `ready` answers 200; its CPU seconds are read from /proc for the whole process tree."""

    def __init__(self, cmd: list[str], port: int, *, ready: str, env: dict[str, str] | None = None) -> None:
        self.cmd, self.port, self.ready, self.env = cmd, port, ready, env
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        self.proc = subprocess.Popen(
            self.cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=self.env, start_new_session=True
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {' '.join(self.cmd)}")
            try:
                status, _ = asyncio.run(_get_once(self.port, self.ready))
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"server did not start: {' '.join(self.cmd)}")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def cpu_seconds(self) -> float:
        """User + system CPU seconds of the server process and every descendant still running."""
        assert self.proc is not None
        tick = os.sysconf("SC_CLK_TCK")
        stats: dict[int, tuple[int, float]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
        tree, total, grew = {self.proc.pid}, 0.0, True
        while grew:
            grew = False
            for pid, (ppid, _) in stats.items():
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    grew = True
        for pid in tree:
            total += stats.get(pid, (0, 0.0))[1]
        return total


def dipcorpus_server(db: str, *, workers: int, timeout: float, src: str | None = None) -> Server:
    port = free_port()
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    cmd = [sys.executable, "-m", "dipcorpus", "serve", db, "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--timeout", str(timeout), "--workers", str(workers)]
    return Server(cmd, port, ready="/openapi.json", env=env)


def datasette_server(db: str, metadata: str) -> Server:
    port = free_port()
    cmd = [sys.executable, "-m", "datasette", "serve", "-i", db, "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--metadata", metadata, "--setting", "suggest_facets", "off"]
    return Server(cmd, port, ready="/-/versions.json")


def datasette_metadata(db: str, folder: str) -> str:
    """The metadata file declaring `passages_fts` as the full-text index of `passages` (its content
    is a view over `passages`, which datasette does not detect by itself)."""
    path = Path(folder) / "datasette.json"
    name = Path(db).stem
    meta = {"databases": {name: {"tables": {"passages": {"fts_table": "passages_fts", "fts_pk": "id"}}}}}
    path.write_text(json.dumps(meta), encoding="utf-8")
    return str(path)


# --- the load ----------------------------------------------------------------------------------------


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """(status, body, keep-alive) of one HTTP/1.1 response."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length, chunked, keep = -1, False, True
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        key = name.strip().lower()
        if key == b"content-length":
            length = int(value)
        elif key == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif key == b"connection":
            keep = b"close" not in value.lower()
    if chunked:
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            parts.append(await reader.readexactly(size + 2))
            if size == 0:
                break
        return status, b"".join(p[:-2] for p in parts), keep
    if length < 0:
        return status, await reader.read(), False
    return status, await reader.readexactly(length), keep


async def _get_once(port: int, target: str) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        status, body, _ = await _read_response(reader)
        return status, body
    finally:
        writer.close()


async def _load(
    port: int, items: list[tuple[str, str]], *, clients: int, requests: int, max_seconds: float
) -> list[dict[str, Any]]:
    state = {"next": 0}
    results: list[dict[str, Any]] = []
    deadline = time.monotonic() + max_seconds
    host = b"Host: 127.0.0.1\r\n"

    async def client(n: int) -> None:
        local = (f"127.0.0.{2 + n % 250}", 0)  # each client its own address: the server's limits per client see 20
        reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=local)
        try:
            while state["next"] < requests and time.monotonic() < deadline:
                kind, target = items[state["next"] % len(items)]
                state["next"] += 1
                start = time.perf_counter()
                writer.write(b"GET " + target.encode() + b" HTTP/1.1\r\n" + host + b"\r\n")
                status, body, keep = await _read_response(reader)
                ms = (time.perf_counter() - start) * 1000
                results.append({"kind": kind, "target": target, "ms": ms, "status": status, "bytes": len(body)})
                if not keep:
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=local)
        finally:
            writer.close()

    await asyncio.gather(*(client(n) for n in range(clients)))
    return results


def run_load(
    server: Server, items: list[tuple[str, str]], *, clients: int, requests: int, max_seconds: float
) -> dict[str, Any]:
    """The measured load on `server`, with the CPU seconds of client and server over its wall time."""
    load_before = [round(x, 2) for x in os.getloadavg()]
    server_cpu, client_cpu = server.cpu_seconds(), time.process_time()
    started = time.perf_counter()
    results = asyncio.run(_load(server.port, items, clients=clients, requests=requests, max_seconds=max_seconds))
    wall = time.perf_counter() - started
    server_cpu, client_cpu = server.cpu_seconds() - server_cpu, time.process_time() - client_cpu
    cpus = os.cpu_count() or 1
    report: dict[str, Any] = {
        "clients": clients,
        "seconds": round(wall, 1),
        "requests_per_second": round(len(results) / max(wall, 1e-9), 1),
        "cpu": {
            "cpus": cpus,
            "client_seconds": round(client_cpu, 2),
            "server_seconds": round(server_cpu, 2),
            "client_share_of_machine": round(client_cpu / (wall * cpus), 3),
            "server_share_of_machine": round(server_cpu / (wall * cpus), 3),
            "server_ms_per_request": round(1000 * server_cpu / max(len(results), 1), 2),
            "client_ms_per_request": round(1000 * client_cpu / max(len(results), 1), 2),
        },
        "load_average_before": load_before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    summarise(report, results)
    return report


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 1)


def summarise(report: dict[str, Any], results: list[dict[str, Any]]) -> None:
    ok = [r["ms"] for r in results if r["status"] == 200]
    report["latency_ms"] = {
        "n": len(results),
        "ok": len(ok),
        "p50": pct(ok, 50),
        "p95": pct(ok, 95),
        "p99": pct(ok, 99),
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
    report["slowest"] = [
        {"kind": r["kind"], "target": r["target"], "ms": round(r["ms"], 1), "status": r["status"]}
        for r in sorted(results, key=lambda r: -r["ms"])[:8]
    ]


def show(name: str, report: dict[str, Any]) -> None:
    lat, cpu = report["latency_ms"], report["cpu"]
    print(f"\n--- {name}: {report['clients']} clients, {lat['n']} requests in {report['seconds']} s "
          f"({report['requests_per_second']} req/s); statuses {report['statuses']}")  # fmt: skip
    print(f"CPU on {cpu['cpus']} cores: server {cpu['server_share_of_machine']:.0%} "
          f"({cpu['server_ms_per_request']} ms/request), client {cpu['client_share_of_machine']:.0%} "
          f"({cpu['client_ms_per_request']} ms/request); load average {report['load_average_before']} → "
          f"{report['load_average_after']}")  # fmt: skip
    print(f"{'':28} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
    print(f"{'all (200 only)':28} {lat['ok']:>5} {lat['p50']:>8} {lat['p95']:>8}")
    for kind, v in sorted(report["latency_by_kind_ms"].items()):
        print(f"  {kind:26} {v['n']:>5} {v['p50']:>8} {v['p95']:>8}")


# --- the query lists ---------------------------------------------------------------------------------


def ours(queries: list[tuple[str, str]], facets: bool = True) -> list[tuple[str, str]]:
    tail = "" if facets else "&facets=false"
    return [(kind, "/api/search?" + urllib.parse.urlencode({"q": q, "limit": 20}) + tail) for kind, q in queries]


def text_only(queries: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(kind, query, FTS5 MATCH string) of the queries that are a text part alone."""
    out = []
    for kind, q in queries:
        compiled = compile_text(q)
        if compiled.match and compiled.where == "1":
            out.append((kind, q, compiled.match))
    return out


def theirs(db: str, queries: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    base = f"/{urllib.parse.quote(Path(db).stem)}/passages.json?"
    fixed = [("_searchmode", "raw"), ("_size", "20"), ("_facet", "speaker"), ("_facet", "role")]
    return [(kind, base + urllib.parse.urlencode([("_search", match), *fixed])) for kind, _, match in queries]


# --- in-process profile ------------------------------------------------------------------------------


def profile(db: str, queries: list[tuple[str, str]], n: int, timeout: float) -> None:
    """`n` requests through the ASGI app in this process (no server, no client) under cProfile."""
    from dipcorpus.api.app import create_app

    app = create_app(db, timeout=timeout)
    items = ours(queries)

    async def call(target: str) -> int:
        path, _, query = target.partition("?")
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
            "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
            "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
        }  # fmt: skip
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await app(scope, receive, send)
        return int(sent[0]["status"])

    async def run(targets: list[tuple[str, str]]) -> list[float]:
        times = []
        for _, target in targets:
            start = time.perf_counter()
            await call(target)
            times.append((time.perf_counter() - start) * 1000)
        return times

    asyncio.run(run(items[:20]))
    prof = cProfile.Profile()
    prof.enable()
    times = asyncio.run(run([items[i % len(items)] for i in range(n)]))
    prof.disable()
    print(f"{n} requests in-process: p50 {pct(times, 50)} ms, p95 {pct(times, 95)} ms, mean {sum(times) / n:.2f} ms")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


# --- main --------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--db", default="/tmp/api-bench.db", help="The large corpus (built with --build).")
    ap.add_argument("--build", action="store_true", help="Build --db first from --source.")
    ap.add_argument("--source", default="/tmp/api-source.db", help="A database ingested from ../shared/corpus.")
    ap.add_argument("--paragraphs", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=3000, help="Stop each run after this many requests.")
    ap.add_argument("--max-seconds", type=float, default=120, help="Stop each run's sending after this long.")
    ap.add_argument("--timeout", type=float, default=10.0, help="The app's per-request SQLite time limit.")
    ap.add_argument("--workers", type=int, default=2, help="Server processes (`serve --workers`).")
    ap.add_argument("--baseline-src", help="Also run the target load with the server's code from this src folder.")
    ap.add_argument("--baseline-db", help="The corpus for --baseline-src (a copy whose index that code reads).")
    ap.add_argument("--no-datasette", action="store_true", help="Skip the side-by-side run with datasette.")
    ap.add_argument("--profile", type=int, default=0, help="Profile N requests in-process instead.")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--results", default=str(RESULTS))
    args = ap.parse_args()
    rows, _ = read_source(args.source)
    queries = make_queries(rows, random.Random(args.seed + 1))
    random.Random(args.seed + 2).shuffle(queries)
    warm = make_queries(rows, random.Random(args.seed + 3))  # other queries: the measured ones start uncached
    if args.profile:
        profile(args.db, queries, args.profile, args.timeout)
        return
    report: dict[str, Any] = {"db": args.db, "sqlite": sqlite3.sqlite_version, "target": TARGET}
    if args.build:
        report.update(build(args.source, args.db, args.paragraphs, args.seed))
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    report["passages"] = db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    report["documents"] = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    db.close()
    load = {"clients": args.clients, "requests": args.requests, "max_seconds": args.max_seconds}
    runs: dict[str, Any] = {}
    servers = [("baseline", args.baseline_src, args.baseline_db or args.db)] if args.baseline_src else []
    for name, src, path in [*servers, ("api", None, args.db)]:
        with dipcorpus_server(path, workers=args.workers, timeout=args.timeout, src=src) as server:
            run_load(server, ours(warm), clients=args.clients, requests=len(warm), max_seconds=60)
            runs[name] = run_load(server, ours(queries), **load)
            runs[name].update(workers=args.workers, facets=True, code=src or "this checkout", db=path)
            show(f"{name}: the whole mix, facets on, {args.workers} workers", runs[name])
            if name == "api" and not args.no_datasette:
                same = text_only(queries)
                runs["api_text_only"] = run_load(server, ours([(k, q) for k, q, _ in same]), **load)
                show("api: text-only queries (the datasette set)", runs["api_text_only"])
    if not args.no_datasette:
        same, warm_same = text_only(queries), text_only(warm)
        with tempfile.TemporaryDirectory() as tmp, datasette_server(args.db, datasette_metadata(args.db, tmp)) as ds:
            run_load(ds, theirs(args.db, warm_same), clients=args.clients, requests=len(warm_same), max_seconds=60)
            runs["datasette_text_only"] = run_load(ds, theirs(args.db, same), **load)
            show("datasette: text-only queries (FTS5 MATCH, count, 2 facets)", runs["datasette_text_only"])
        mine, other = runs["api_text_only"], runs["datasette_text_only"]
        ours_lat, their_lat = mine["latency_ms"], other["latency_ms"]
        report["datasette_ratio"] = {
            "p50": round(their_lat["p50"] / max(ours_lat["p50"], 1e-9), 2),
            "p95": round(their_lat["p95"] / max(ours_lat["p95"], 1e-9), 2),
            "requests_per_second": round(mine["requests_per_second"] / max(other["requests_per_second"], 1e-9), 2),
            "read": "datasette's latency over ours (p50, p95); our throughput over datasette's",
        }  # fmt: skip
        print(f"\ndatasette / api: {report['datasette_ratio']}")
    report["runs"] = runs
    api = runs["api"]
    report["meets_target"] = (
        api["latency_ms"]["p95"] <= TARGET["p95_ms"] and api["requests_per_second"] >= TARGET["requests_per_second"]
    )
    print(
        f"target (p95 ≤ {TARGET['p95_ms']:g} ms, ≥ {TARGET['requests_per_second']:g} req/s): {report['meets_target']}"
    )
    Path(args.results).parent.mkdir(parents=True, exist_ok=True)
    Path(args.results).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.results}", file=sys.stderr)


if __name__ == "__main__":
    main()
