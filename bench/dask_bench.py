"""`ingest --dask`: one Dask worker against two on a fixed slice of ../shared/corpus, same exports.

Usage:
    python bench/dask_bench.py [--shared ../shared] [--per-source 80] [--rounds 2]

The slice: every k-th file of each source folder (sorted paths), `--per-source` files from each of the
sources read one file per document (the ministry pages, the Kremlin, the UN debate, both White House sets).
Each round ingests it three ways into fresh databases, in this order: locally in one process (no Dask),
`--dask local:1`, `--dask local:2`. A run's throughput is files (and MB of input) per second of the
"read, process and store" phase, which is the part Dask spreads; the cluster's start (with each worker's
warm-up) is timed apart; the index and link phases after it (this process, the same for all three) are
left out of the rounds and timed once, on the last database, for the per-passage rates of docs/scaling.md.
Each configuration keeps its best round (the machine is shared, so slower rounds measure the neighbours).
Every run's exports (every kind of `dipcorpus export`, and the vertical file) must equal the local run's.
Writes bench/results/dask.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from dipcorpus import batch
from dipcorpus.export.vertical import to_vertical
from dipcorpus.ingest.loaders import iter_files
from dipcorpus.query.export import KINDS, iter_kind
from dipcorpus.store import queries
from dipcorpus.store.db import connect
from dipcorpus.store.search import index_stats

HERE = Path(__file__).resolve().parent
MB = 1_000_000
SOURCES = ("fmprc_html", "kremlin", "ungdc", "wh_briefings", "wh_obama")
CONFIGS: dict[str, int] = {"local, one process": 0, "dask local:1": 1, "dask local:2": 2}  # Dask workers


def corpus_slice(corpus: Path, per_source: int) -> list[Path]:
    files: list[Path] = []
    for source in SOURCES:
        found = sorted(p for p in iter_files([corpus / source]) if p.suffix in (".html", ".md", ".txt"))
        step = max(len(found) // per_source, 1)
        files += found[::step][:per_source]
    return files


def run(files: list[Path], workers: int, folder: Path, *, derive: bool = False) -> dict[str, Any]:
    """Ingest `files` into a fresh database, in this process (`workers` 0) or on a local cluster of that many
    workers: seconds per phase, throughput of the distributed phase, CPU seconds of this process and of the
    workers in it, an exports digest."""
    db = connect(folder / "corpus.db")
    load = os.getloadavg()[0]
    with ExitStack() as stack:
        client = None
        started = time.perf_counter()
        if workers:
            import distributed

            from dipcorpus.batch_dask import local_cluster

            client = stack.enter_context(distributed.Client(stack.enter_context(local_cluster(workers))))
        cluster_s = time.perf_counter() - started
        idle = idle_cpu(client) if client is not None else {"main": 0.0, "worker": 0.0}
        result = timed_ingest(db, files, client)
        result["idle_cpu_per_s"] = idle
    exports = exports_digest(db)
    size = sum(p.stat().st_size for p in files)
    store_s = result["phases_s"]["read, process and store"]
    result.update(
        load_avg_before=round(load, 2),
        cluster_start_s=round(cluster_s, 2),
        files_per_s=round(len(files) / store_s, 2),
        mb_per_s=round(size / MB / store_s, 3),
        exports_sha256=exports,
    )
    if derive:  # the index and the links, which run in this process whatever ran the stages
        for name, step in (("index", batch.heal_index), ("link", link_all)):
            started = time.perf_counter()
            step(db)
            result["phases_s"][name] = round(time.perf_counter() - started, 2)
        result["passages"] = index_stats(db).get("passages")
        result["documents"] = queries.count_documents(db)
    db.close()
    if derive:
        result["corpus_bytes"] = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return result


def timed_ingest(db: Any, files: list[Path], client: Any) -> dict[str, Any]:
    """`batch.ingest` without index and links; wall seconds per phase, and the CPU seconds this process and
    each worker spent in the "read, process and store" phase."""
    marks: list[tuple[str, float, float, dict[str, float]]] = []

    def mark(name: str, total: int | None) -> None:
        spent = client.run(cpu_seconds) if client is not None and name != "start Dask workers" else {}
        marks.append((name, time.perf_counter(), time.process_time(), spent))

    report = batch.ingest(db, files, on_phase=mark, index=False, link=False, dask=client)
    mark("end", None)
    phases = {name: round(marks[i + 1][1] - at, 2) for i, (name, at, _, _) in enumerate(marks[:-1])}
    store, end = marks[-2], marks[-1]
    return {
        "phases_s": phases,
        "main_cpu_s": round(end[2] - store[2], 2),
        "worker_cpu_s": round(sum(end[3][w] - store[3][w] for w in store[3]), 2),
        "counts": report.counts(),
    }


def idle_cpu(client: Any, seconds: float = 5.0) -> dict[str, float]:
    """CPU seconds per second a cluster spends doing nothing (heartbeats, the scheduler's and the nannies'
    monitors): this process, and one worker (the mean)."""
    before, started = client.run(cpu_seconds), time.process_time()
    time.sleep(seconds)
    after, main = client.run(cpu_seconds), time.process_time() - started
    worker = sum(after[w] - before[w] for w in before) / max(len(before), 1)
    return {"main": round(main / seconds, 4), "worker": round(worker / seconds, 4)}


def cpu_seconds() -> float:
    """This process's CPU seconds (run on each worker)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def link_all(db: Any) -> None:
    from dipcorpus.linking import link_corpus

    link_corpus(db)


def exports_digest(db: Any) -> str:
    digest = hashlib.sha256()
    for kind in KINDS:
        for row in iter_kind(db, kind, all_versions=True):
            digest.update(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str).encode())
    for row in queries.list_documents(db, limit=max(queries.count_documents(db), 1), all_versions=True):
        doc = queries.load_document(db, row["id"])
        if doc is not None:
            digest.update("".join(to_vertical(doc)).encode())
    return digest.hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--per-source", type=int, default=80)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    corpus = Path(args.shared) / "corpus"
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    files = corpus_slice(corpus, args.per_source)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in CONFIGS}
    for n in range(args.rounds):
        for name, workers in CONFIGS.items():
            last = n == args.rounds - 1 and name == "dask local:2"
            with tempfile.TemporaryDirectory(prefix="dipcorpus-dask-") as tmp:
                runs[name].append(run(files, workers, Path(tmp), derive=last))
            print(f"round {n + 1} {name:20} {runs[name][-1]['files_per_s']:7} files/s "
                  f"{runs[name][-1]['phases_s']}", flush=True)  # fmt: skip
    result = summarise(files, runs)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "dask.json").write_text(json.dumps(result, indent=1))
    print_table(result)
    return 0 if result["exports_identical"] else 1


def summarise(files: list[Path], runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    best = {name: max(rows, key=lambda r: r["files_per_s"]) for name, rows in runs.items()}
    reference = runs["local, one process"][0]["exports_sha256"]
    one, two, serial = (best[n]["files_per_s"] for n in ("dask local:1", "dask local:2", "local, one process"))
    derived = runs["dask local:2"][-1]
    passages = derived["passages"] or 0
    cpu = {name: cpu_means(rows) for name, rows in runs.items()}
    idle = {name: idle_seconds(cpu[name], workers) for name, workers in CONFIGS.items()}
    scaled = {name: scaled_seconds(rows, workers) for name, workers in CONFIGS.items() for rows in [runs[name]]}
    return {
        "files": len(files),
        "mb": round(sum(p.stat().st_size for p in files) / MB, 2),
        "by_source": {s: sum(1 for p in files if f"/{s}/" in str(p)) for s in SOURCES},
        "cores": os.cpu_count(),
        "best": best,
        "runs": runs,
        "speedup_local2_vs_local1": round(two / one, 2),
        "speedup_local2_vs_one_process": round(two / serial, 2),
        "cpu_s_mean": cpu,
        "idle_machine_store_phase_s": {name: round(v, 2) for name, v in idle.items()},
        "idle_speedup_local2_vs_local1": round(idle["dask local:1"] / idle["dask local:2"], 2),
        "idle_machine_store_phase_s_overhead_scaled": {name: round(v, 2) for name, v in scaled.items()},
        "idle_speedup_overhead_scaled": round(scaled["dask local:1"] / scaled["dask local:2"], 2),
        "passages": passages,
        "documents": derived["documents"],
        "corpus_bytes_per_passage": round(derived["corpus_bytes"] / max(passages, 1)),
        "worker_passages_per_cpu_s": round(passages / cpu["dask local:1"]["worker"], 1),
        "main_passages_per_cpu_s_storing": round(passages / cpu["dask local:2"]["main"], 1),
        "one_process_passages_per_cpu_s": round(passages / cpu["local, one process"]["main"], 1),
        "index_passages_per_s": round(passages / derived["phases_s"]["index"], 1),
        "link_passages_per_s": round(passages / derived["phases_s"]["link"], 1),
        "exports_identical": all(r["exports_sha256"] == reference for rows in runs.values() for r in rows),
    }


def cpu_means(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Mean CPU seconds of the store phase over the rounds: this process, and the workers together."""
    return {
        "main": round(sum(r["main_cpu_s"] for r in rows) / len(rows), 2),
        "worker": round(sum(r["worker_cpu_s"] for r in rows) / len(rows), 2),
    }


def idle_seconds(cpu: dict[str, float], workers: int) -> float:
    """The store phase's length on this machine with nothing else running, from the CPU seconds it took: the
    busiest of the workers (work split evenly), this process, and the cores shared by both. The shared machine
    gives one session a share of the cores whatever its number of processes, so wall times under load cannot
    show what a second worker adds; CPU seconds can."""
    if not workers:
        return cpu["main"]
    cores = os.cpu_count() or 1
    return max(cpu["worker"] / workers, cpu["main"], (cpu["worker"] + cpu["main"]) / cores)


def scaled_seconds(rows: list[dict[str, Any]], workers: int) -> float:
    """As `idle_seconds`, with the cluster's time-bound upkeep (`idle_cpu`) taken out of the CPU seconds at
    the wall time it ran on the shared machine and put back at the idle machine's (a fixed point)."""
    if not workers:
        return float(sum(r["main_cpu_s"] for r in rows) / len(rows))
    walls = [r["phases_s"]["read, process and store"] for r in rows]
    main_rate = sum(r["idle_cpu_per_s"]["main"] for r in rows) / len(rows)
    worker_rate = workers * sum(r["idle_cpu_per_s"]["worker"] for r in rows) / len(rows)
    main = sum(r["main_cpu_s"] - main_rate * w for r, w in zip(rows, walls, strict=True)) / len(rows)
    worker = sum(r["worker_cpu_s"] - worker_rate * w for r, w in zip(rows, walls, strict=True)) / len(rows)
    seconds = 0.0
    for _ in range(50):
        spent = {"main": main + main_rate * seconds, "worker": worker + worker_rate * seconds}
        seconds = idle_seconds(spent, workers)
    return seconds


def print_table(result: dict[str, Any]) -> None:
    print(f"\n{result['files']} files, {result['mb']} MB ({result['by_source']}), {result['cores']} cores")
    print(f"{'configuration':22} {'files/s':>8} {'MB/s':>7} {'store s':>8} {'main cpu':>9} {'worker cpu':>11} "
          f"{'idle s':>7} {'load':>5}")  # fmt: skip
    for name, row in result["best"].items():
        print(f"{name:22} {row['files_per_s']:8} {row['mb_per_s']:7} {row['phases_s']['read, process and store']:8} "
              f"{result['cpu_s_mean'][name]['main']:9} {result['cpu_s_mean'][name]['worker']:11} "
              f"{result['idle_machine_store_phase_s'][name]:7} {row['load_avg_before']:5}")  # fmt: skip
    print(
        f"speed-up local:2 / local:1, wall on the shared machine: {result['speedup_local2_vs_local1']}x; "
        f"from CPU seconds, on an idle machine: {result['idle_speedup_local2_vs_local1']}x (target ≥ 1.7)"
    )
    rates = (result[k] for k in ("worker_passages_per_cpu_s", "main_passages_per_cpu_s_storing",
                                 "one_process_passages_per_cpu_s"))  # fmt: skip
    print("passages per CPU second: a worker {}, the process storing them {}, one process doing both {}".format(*rates))
    print(f"exports identical to the local run: {result['exports_identical']}")


if __name__ == "__main__":
    sys.exit(main())
