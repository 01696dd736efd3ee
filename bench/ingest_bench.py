"""Ingest throughput per core, per stage, and memory as the corpus grows.

Usage:
    python bench/ingest_bench.py [--shared ../shared] [--limit N] [--json]

Over ../shared/corpus (every format it holds), in one process:
  - load + clean + store: MB of raw input per CPU-second (= MB/s per core), by format;
  - each stage's throughput in MB of clean text per CPU-second;
  - trafilatura.extract on the same HTML pages, for comparison with our HTML loader + cleaner;
  - resident memory (VmRSS) after each quarter of the corpus, to show it stays flat.
Writes bench/results/ingest.json. Nothing is written into the repo besides that file.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from dipcorpus import pipeline
from dipcorpus.batch import process_file
from dipcorpus.ingest.loaders import Columns, LoadLimits, iter_files, read_paths
from dipcorpus.store import queries
from dipcorpus.store.db import connect

HERE = Path(__file__).resolve().parent
MB = 1_000_000


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def ingest_run(files: list[Path], stages: tuple[str, ...]) -> dict[str, Any]:
    """Load, run `stages` and store every file; CPU time and bytes by format; RSS by quarter."""
    with tempfile.TemporaryDirectory() as tmp:
        db = connect(Path(tmp) / "bench.db")
        cpu: dict[str, float] = defaultdict(float)
        size: dict[str, int] = defaultdict(int)
        rss = []
        quarter = max(len(files) // 4, 1)
        started = time.perf_counter()
        for i, path in enumerate(files, 1):
            t0 = time.process_time()
            for item in process_file(path, stages, {}, LoadLimits(), Columns()):
                if item.doc is not None:
                    queries.save_document(db, item.doc, path=item.source, data=item.data)
                    size[item.format] += len(item.data)
            fmt = path.suffix.lstrip(".") or "txt"
            cpu[fmt] += time.process_time() - t0
            if i % quarter == 0 or i == len(files):
                rss.append({"files": i, "rss_mb": round(rss_mb(), 1)})
        wall = time.perf_counter() - started
        db.close()
    total_mb = sum(size.values()) / MB
    by_format = {}
    for fmt, seconds in cpu.items():
        key = {"jsonl": "jsonl", "md": "md", "html": "html", "txt": "txt"}.get(fmt, fmt)
        mb = size.get(key, 0) / MB
        by_format[fmt] = {"mb": round(mb, 2), "cpu_s": round(seconds, 2), "mb_per_s_per_core": round(mb / seconds, 2)}
    return {
        "stages": list(stages),
        "files": len(files),
        "mb": round(total_mb, 1),
        "cpu_s": round(sum(cpu.values()), 1),
        "wall_s": round(wall, 1),
        "mb_per_s_per_core": round(total_mb / max(sum(cpu.values()), 1e-9), 2),
        "by_format": by_format,
        "rss_by_quarter": rss,
    }


def stage_run(files: list[Path], limit_docs: int) -> dict[str, Any]:
    """Each stage alone: MB of clean text per CPU-second."""
    docs = [r.doc for r in read_paths(files) if r.doc is not None][:limit_docs]
    ctx = pipeline.Context()
    out = {}
    for stage in pipeline.check_order(pipeline.DEFAULT_STAGES):
        t0 = time.process_time()
        docs = [d if isinstance(d, pipeline.Rejected) else stage.func(d, ctx) for d in docs]
        seconds = time.process_time() - t0
        mb = sum(len(d.text.encode("utf-8")) for d in docs) / MB
        out[stage.name] = {"mb": round(mb, 2), "cpu_s": round(seconds, 2), "mb_per_s_per_core": round(mb / seconds, 2)}
    return out


def trafilatura_run(html_files: list[Path]) -> dict[str, Any]:
    import trafilatura

    data = [p.read_bytes() for p in html_files]
    t0 = time.process_time()
    for raw in data:
        trafilatura.extract(raw.decode("utf-8", errors="replace"))
    seconds = time.process_time() - t0
    mb = sum(len(b) for b in data) / MB
    return {
        "pages": len(data),
        "mb": round(mb, 2),
        "cpu_s": round(seconds, 2),
        "mb_per_s_per_core": round(mb / seconds, 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--limit", type=int, default=None, help="at most this many files (spread over the corpus)")
    ap.add_argument("--stage-docs", type=int, default=1500, help="documents for the per-stage measure")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    corpus = Path(args.shared) / "corpus"
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    files = [p for p in iter_files([corpus]) if p.suffix in (".txt", ".md", ".html", ".jsonl")]
    if args.limit:
        step = max(len(files) // args.limit, 1)
        files = files[::step][: args.limit]
    clean_stages = ("ingest.clean.v1", "parse.metadata.v1")
    result = {
        "clean_store": ingest_run(files, clean_stages),
        "full_pipeline_store": ingest_run(files, pipeline.DEFAULT_STAGES),
        "stages": stage_run(files[:: max(len(files) // args.stage_docs, 1)], args.stage_docs),
        "trafilatura_extract": trafilatura_run([p for p in files if p.suffix == ".html"]),
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "ingest.json").write_text(json.dumps(result, indent=1))
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print_tables(result)
    return 0


def print_tables(result: dict[str, Any]) -> None:
    for key in ("clean_store", "full_pipeline_store"):
        run = result[key]
        print(
            f"\n{key}: {run['files']} files, {run['mb']} MB raw, {run['mb_per_s_per_core']} MB/s per core "
            f"(cpu {run['cpu_s']} s, wall {run['wall_s']} s)"
        )
        print(f"  {'format':8} {'MB':>8} {'cpu s':>8} {'MB/s/core':>10}")
        for fmt, row in sorted(run["by_format"].items()):
            print(f"  {fmt:8} {row['mb']:8} {row['cpu_s']:8} {row['mb_per_s_per_core']:10}")
        print("  RSS (MB) after each quarter: " + ", ".join(str(q["rss_mb"]) for q in run["rss_by_quarter"]))
    print(f"\n{'stage':28} {'MB clean':>9} {'cpu s':>8} {'MB/s/core':>10}")
    for name, row in result["stages"].items():
        print(f"{name:28} {row['mb']:9} {row['cpu_s']:8} {row['mb_per_s_per_core']:10}")
    t = result["trafilatura_extract"]
    print(
        f"\ntrafilatura.extract on the same {t['pages']} HTML pages: {t['mb_per_s_per_core']} MB/s per core "
        f"({t['mb']} MB, cpu {t['cpu_s']} s); ours, html load+clean+store: "
        f"{result['clean_store']['by_format'].get('html', {}).get('mb_per_s_per_core')} MB/s per core"
    )


if __name__ == "__main__":
    sys.exit(main())
