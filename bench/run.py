"""`make bench`: run every benchmark, print their tables and a summary, write bench/results/*.json.

Usage:
    python bench/run.py [--shared ../shared] [--only NAME ...] [--quick]

Each benchmark is its own script (and its own process, so memory is measured per benchmark):
  ingest      load + clean + store MB/s per core by format, per-stage MB/s, RSS by quarter, vs trafilatura
  html        our HTML extractor vs trafilatura.extract on the ministry pages
  turns       turn coverage and speaker agreement on the English press conferences, parse throughput
  entities    annotation MB/s per core vs spaCy NER, country agreement (needs the `ner` extra for spaCy)
  zh_entities Chinese annotation MB/s per core with rjieba and with jieba as the segmenter, beside English
  search      p50/p95 latency of 200 mixed queries on ≥1M paragraphs vs plain FTS5 bm25, build time, size
  links       whole link rebuild passages/s (--jobs 2), one new document linked at ~50k and ~500k passages,
              the most repeated passages of each source not linked
  api         HTTP search latency under 20 concurrent clients
  wordstats   collocates, dispersion and n-grams on the ≥1M-paragraph corpus, vs NLTK's collocation finder
  pg          ≥2M passages in PostgreSQL: write rate, size, search p95 tsvector vs tantivy (needs a server)
  dask        `ingest --dask`: one worker vs local:2 on a fixed 400-file slice of the corpus, exports identical

The search, links and API benchmarks work on ../shared/corpus ingested once into
$DIPCORPUS_BENCH_DIR (default /tmp/dipcorpus-bench), never into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"

WORK = Path(os.environ.get("DIPCORPUS_BENCH_DIR", "/tmp/dipcorpus-bench"))  # big derived corpora; never the repo
SOURCE = WORK / "source.db"  # ../shared/corpus ingested once, reused by the search, links and API benchmarks
BIG = WORK / "search-1m.db"  # the resampled ≥1M-paragraph corpus (built by the search benchmark)
PG_SERVER = os.environ.get("DIPCORPUS_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")  # no database name


def _args(name: str, shared: str, quick: bool) -> list[str] | None:
    """The arguments of each benchmark script (None: cannot run here)."""
    paragraphs = "200000" if quick else "1000000"
    table: dict[str, list[str]] = {
        "ingest": ["--shared", shared, *(["--limit", "400", "--stage-docs", "300"] if quick else [])],
        "html": ["--shared", shared],
        "turns": ["--shared", shared],
        "entities": ["--shared", shared, *(["--limit", "200"] if quick else [])],
        "zh_entities": ["--shared", shared, *(["--docs", "100"] if quick else [])],
        "search": ["--source", str(SOURCE), "--out", str(BIG), "--paragraphs", paragraphs],
        "links": ["--db", str(SOURCE), "--work", str(WORK), "--jobs", "2", *(["--copies", "2"] if quick else [])],
        "api": ["--db", str(BIG), "--source", str(SOURCE), "--max-seconds", "60" if quick else "120"],
        "wordstats": ["--db", str(BIG)],
        "dask": ["--shared", shared, *(["--per-source", "30", "--rounds", "1"] if quick else [])],
        "pg": [
            "--source",
            str(SOURCE),
            "--server",
            PG_SERVER,
            "--index-dir",
            str(WORK / "pg-tantivy"),
            *(["--passages", "200000", "--runs", "1"] if quick else ["--measure-at", "1000000"]),
        ],
    }
    if name == "pg" and not _pg_answers():
        return None
    return table.get(name)


def _pg_answers() -> bool:
    """Whether a PostgreSQL server answers at PG_SERVER (the pg benchmark is skipped otherwise)."""
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except Exception:
        return False
    return True


BENCHES: dict[str, str] = {
    "ingest": "ingest_bench.py",
    "html": "html_extract.py",
    "turns": "turns_coverage.py",
    "entities": "entities_bench.py",
    "zh_entities": "zh_entities_bench.py",
    "search": "search_bench.py",
    "links": "links_bench.py",
    "api": "api_bench.py",
    "wordstats": "wordstats_bench.py",
    "dask": "dask_bench.py",
    "pg": "pg_bench.py",
}
NEEDS_SOURCE = {"search", "links", "api", "wordstats", "pg"}


def build_source(shared: str) -> None:
    """Ingest ../shared/corpus once into SOURCE (kept for later runs; delete it to rebuild)."""
    if SOURCE.exists():
        return
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"\n=== source corpus: ingesting {shared}/corpus into {SOURCE}", flush=True)
    cmd = [
        sys.executable,
        "-m",
        "dipcorpus",
        "ingest",
        f"{shared}/corpus",
        "--db",
        str(SOURCE),
        "--jobs",
        "2",
        "--silent",
        "--no-link",
    ]
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL)


def run_one(name: str, shared: str, quick: bool) -> dict[str, Any]:
    path = HERE / BENCHES[name]
    args = _args(name, shared, quick)
    if not path.exists() or args is None:
        return {"name": name, "status": "missing", "seconds": 0.0}
    if name in NEEDS_SOURCE:
        build_source(shared)
    cmd = [sys.executable, str(path), *args]
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
    words = load("wordstats")
    dask = load("dask")
    zh = load("zh_entities")
    pg = (load("pg").get("sizes") or [{}])[-1]
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
        ("entities+formulations (MB/s per core)", _get(entities, "mb_s_per_core"), "≥ 2"),
        ("entities vs spaCy speed ratio", _get(entities, "speed_ratio"), ""),
        ("country agreement with spaCy (F1)", _get(entities, "countries_f1"), ""),
        ("zh entities+formulations, rjieba (MB/s/core)", _get(zh, "zh_mb_s_per_core_rjieba"), "≥ 1"),
        ("zh entities+formulations, jieba (MB/s/core)", _get(zh, "zh_mb_s_per_core_jieba"), ""),
        ("zh segmentation rjieba / jieba (MB/s/core)", _ratio(zh), ""),
        ("en entities+formulations, same pages (MB/s/core)", _get(zh, "en_mb_s_per_core"), "≥ 2"),
        ("search p95, tantivy (ms)", _get(search, "latency_ms", _TANTIVY, "p95"), "≤ 20"),
        ("search p95, FTS5 path (ms)", _get(search, "latency_ms", _FTS5, "p95"), ""),
        ("plain FTS5 bm25 p95 (ms)", _get(search, "latency_ms", _PLAIN, "p95"), ""),
        ("link rebuild, 2 jobs (passages/s)", _get(links, "passages_per_second"), "≥ 5000"),
        ("link rebuild (passages per CPU second)", _get(links, "rebuild", "passages_per_cpu_second"), ""),
        ("link one new doc, ~50k passages (s)", _get(links, "one_new_base", "median_seconds"), "≤ 1"),
        ("link one new doc, ~500k passages (s)", _get(links, "one_new_big", "median_seconds"), "≤ 2× the 50k"),
        ("top-20 repeated passages linked (≥3 docs)", _get(links, "furniture_top20_in_3_or_more_docs_linked"), "0"),
        ("API search p50 / p95, 20 clients (ms)", _api(api), "p95 ≤ 100 at ≥ 200 req/s"),
        ("collocates of a common word (s, 1M passages)", _common_collocates(words), "≤ 2"),
        ("PostgreSQL: passages measured at", pg.get("passages"), "≥ 2,000,000"),
        ("PostgreSQL search p95, tantivy / tsvector (ms)", _pg_p95(pg), ""),
        ("PostgreSQL write rate, one writer (passages/s)", _get(pg, "write", "passages_per_second"), ""),
        ("ingest --dask local:2 / local:1 (speed-up)", _get(dask, "speedup_local2_vs_local1"), "≥ 1.7"),
        ("ingest --dask exports identical to local", _get(dask, "exports_identical"), "True"),
    ]


def _common_collocates(words: Any) -> float | None:
    rows = _get(words, "words") or []
    return max((r["collocates_s"] for r in rows), default=None)


_TANTIVY = "ours-tantivy: search (count + page of 20 + snippets)"
_FTS5 = "ours-FTS5: search (count + page of 20 + snippets)"
_PLAIN = "plain FTS5 bm25 LIMIT 20 (same queries)"


def _pg_p95(pg: Any) -> str | None:
    tv, ts = _get(pg, "latency_ms", "tantivy (engine=auto)", "p95"), _get(pg, "latency_ms", _TSV, "p95")
    return None if tv is None else f"{tv} / {ts}"


_TSV = "tsvector (engine=fts5 on PostgreSQL)"


def _pair(html: Any) -> str | None:
    rows = {row["name"]: row["mb_per_s"] for row in (_get(html, "results") or [])}
    ours, theirs = rows.get("extract_html"), rows.get("trafilatura.extract")
    return f"{ours} vs {theirs}" if ours is not None else None


def _ratio(zh: Any) -> str | None:
    ours, theirs = _get(zh, "segment_mb_s_per_core_rjieba"), _get(zh, "segment_mb_s_per_core_jieba")
    return f"{ours:.1f} / {theirs:.1f}" if ours is not None and theirs is not None else None


def _api(api: Any) -> str | None:
    run = _get(api, "runs", "api") or api  # results before the datasette comparison had one run at the top
    latency = _get(run, "latency_ms") or {}
    if "p50" not in latency:
        return None
    ratio = _get(api, "datasette_ratio", "p95")
    rate = _get(run, "requests_per_second")
    return f"{latency['p50']} / {latency['p95']} at {rate} req/s" + (f"; datasette p95 ×{ratio}" if ratio else "")


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
        shown = "n/a" if value is None else str(round(value, 3) if isinstance(value, float) else value)
        print(f"{label:46} {shown:>24}  {target}")
    for run in runs:
        print(f"  {run['name']:10} {run['status']:10} {run['seconds']} s")
    (RESULTS / "summary.json").write_text(
        json.dumps({"runs": runs, "summary": [{"measure": a, "value": b, "target": c} for a, b, c in rows]}, indent=1)
    )
    return 0 if all(run["status"] in ("ok", "missing") for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
