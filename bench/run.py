"""`make bench`: run every benchmark, print their tables and a summary, write bench/results/*.json.

Usage:
    python bench/run.py [--shared ../shared] [--only NAME ...] [--quick]

Each benchmark is its own script (and its own process, so memory is measured per benchmark):
  ingest      load + clean + store MB/s per core by format, per-stage MB/s, RSS by quarter, vs trafilatura
  html        our HTML extractor vs trafilatura.extract on the ministry pages
  turns       turn coverage and speaker agreement on the English press conferences, parse throughput
  entities    annotation MB/s per core vs spaCy NER, country agreement (needs the `ner` extra for spaCy)
  search      p50/p95 latency of 200 mixed queries on ≥1M paragraphs vs plain FTS5 bm25, build time, size
  links       near-duplicate linking throughput on 100k passages
  api         HTTP search latency under 20 concurrent clients
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"

BENCHES: dict[str, tuple[str, list[str], list[str]]] = {
    # name: (script, arguments, arguments with --quick)
    "ingest": ("ingest_bench.py", [], ["--limit", "400", "--stage-docs", "300"]),
    "html": ("html_extract.py", [], []),
    "turns": ("turns_coverage.py", [], []),
    "entities": ("entities_bench.py", [], ["--limit", "300"]),
    "search": ("search_bench.py", [], ["--paragraphs", "200000"]),
    "links": ("links_bench.py", [], ["--passages", "20000"]),
    "api": ("api_bench.py", [], ["--paragraphs", "200000"]),
}


def run_one(name: str, shared: str, quick: bool) -> dict[str, Any]:
    script, args, quick_args = BENCHES[name]
    path = HERE / script
    if not path.exists():
        return {"name": name, "status": "missing", "seconds": 0.0}
    cmd = [sys.executable, str(path), "--shared", shared, *(quick_args if quick else args)]
    print(f"\n=== {name}: {' '.join(cmd[1:])}", flush=True)
    started = time.perf_counter()
    proc = subprocess.run(cmd, check=False)
    seconds = round(time.perf_counter() - started, 1)
    return {"name": name, "status": "ok" if proc.returncode == 0 else f"exit {proc.returncode}", "seconds": seconds}


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def summary() -> list[tuple[str, Any, str]]:
    """Key numbers from the results files (None where a benchmark did not run)."""

    def load(name: str) -> Any:
        path = RESULTS / f"{name}.json"
        return json.loads(path.read_text()) if path.exists() else {}

    ingest, html, turns = load("ingest"), load("html_extract"), load("turns_coverage")
    entities, search, links, api = load("entities"), load("search"), load("links"), load("api")
    txt = _get(ingest, "clean_store", "by_format", "txt", "mb_per_s_per_core")
    rss = _get(ingest, "full_pipeline_store", "rss_by_quarter") or []
    return [
        ("clean+store, all formats (MB/s per core)", _get(ingest, "clean_store", "mb_per_s_per_core"), "≥ 5 for text"),
        ("clean+store, plain text (MB/s per core)", txt, "≥ 5"),
        ("full pipeline + store (MB/s per core)", _get(ingest, "full_pipeline_store", "mb_per_s_per_core"), ""),
        ("RSS by quarter of the corpus (MB)", ", ".join(str(q["rss_mb"]) for q in rss) or None, "flat"),
        ("trafilatura.extract (MB/s per core)", _get(ingest, "trafilatura_extract", "mb_per_s_per_core"), ""),
        ("parse stages turns (MB/s per core)", _get(ingest, "stages", "parse.turns.v1", "mb_per_s_per_core"), ""),
        (
            "annotate entities (MB/s per core)",
            _get(ingest, "stages", "annotate.entities.v1", "mb_per_s_per_core"),
            "≥ 2 (with formulations)",
        ),
        ("html extract vs trafilatura (MB/s)", _pair(html), ""),
        ("press conferences with turns", _get(turns, "coverage"), ""),
        ("answer speaker agrees with title", _get(turns, "speaker_agreement"), ""),
        ("entities vs spaCy speed ratio", _get(entities, "speed_ratio"), ""),
        ("search p95 (ms)", _get(search, "dipcorpus", "p95_ms"), "≤ 20"),
        ("plain FTS5 bm25 p95 (ms)", _get(search, "fts5_bm25", "p95_ms"), ""),
        ("links throughput (passages/s)", _get(links, "passages_per_s"), ""),
        ("API search p95, 20 clients (ms)", _get(api, "p95_ms"), ""),
    ]


def _pair(html: Any) -> str | None:
    ours, theirs = _get(html, "ours", "mb_per_s"), _get(html, "trafilatura", "mb_per_s")
    return f"{ours} vs {theirs}" if ours is not None else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--only", nargs="*", choices=sorted(BENCHES), default=None)
    ap.add_argument("--quick", action="store_true", help="smaller inputs, for a fast check")
    args = ap.parse_args()
    if not (Path(args.shared) / "corpus").is_dir():
        print(f"bench: no corpus at {args.shared}/corpus", file=sys.stderr)
        return 2
    RESULTS.mkdir(exist_ok=True)
    runs = [run_one(name, args.shared, args.quick) for name in (args.only or BENCHES)]
    rows = summary()
    print("\n=== summary")
    print(f"{'measure':46} {'value':>24}  target")
    for label, value, target in rows:
        print(f"{label:46} {'n/a' if value is None else str(value):>24}  {target}")
    for run in runs:
        print(f"  {run['name']:10} {run['status']:10} {run['seconds']} s")
    (RESULTS / "summary.json").write_text(
        json.dumps({"runs": runs, "summary": [{"measure": a, "value": b, "target": c} for a, b, c in rows]}, indent=1)
    )
    return 0 if all(run["status"] in ("ok", "missing") for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
