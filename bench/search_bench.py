"""Search latency at scale: a resampled corpus of ≥1M paragraphs, 200 mixed queries.

Usage:
    python bench/search_bench.py --source /tmp/search-corpus.db [--paragraphs 1000000] [--out /tmp/search-bench.db]

1. Reads the passages of `--source` (a database ingested from ../shared/corpus; indexed here if needed),
   split into paragraphs (a long turn gives one passage per paragraph, each keeping the turn's speaker),
   with the entities and formulations inside each.
2. Writes `--paragraphs` of them, sampled with replacement, into synthetic documents of 20 passages
   under `--out` (never inside the repository). Light perturbation: every document is a new mix of
   passages, gets a date drawn from the source dates shifted by up to ±90 days and a random event type.
3. Builds the search index with `index_documents` (timed) and measures the index size, then the
   derived tantivy folder `<out>.tantivy/` (timed, its size on disk).
4. Runs 200 mixed queries (rare and very common words, phrases, boolean, NEAR, filters, filter-only)
   through `dipcorpus.query.search.search` (total count + first page of 20 with snippets) on both
   engines, `ours-tantivy` (engine="auto": tantivy, or FTS5 for the few queries it cannot express)
   and `ours-FTS5` (engine="fts5"), checking that both give the same total; and, for the queries with
   a text part, the plain FTS5 baseline on the same index: `SELECT rowid, bm25(...) ... MATCH ?
   ORDER BY rank LIMIT 20` (no count, no join, no snippet). Each query is timed as the median of three
   runs. Reports p50/p95/max overall and by class, and the load average (the machine has 2 cores and
   is shared).

Prints a table and writes bench/results/search.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import re
import sqlite3
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from dipcorpus.index import tantivy_index
from dipcorpus.index.passages import build_passages, index_documents
from dipcorpus.model import Document, Entity, Formulation, Turn
from dipcorpus.query.parse import parse
from dipcorpus.query.search import compile_text, search
from dipcorpus.store.db import connect
from dipcorpus.store.queries import save_document

RESULTS = Path(__file__).parent / "results" / "search.json"
PER_DOC = 20
EVENT_TYPES = ["press conference", "interview", "speech", "bilateral meeting", "phone call", "statement"]
STOP = set("the of and to in a is that on for with as by at be it this are from has have an will its we our".split())  # noqa: SIM905


def read_source(path: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Source paragraphs: text, speaker, role, spans (kind, key, name, start, end relative)."""
    db = connect(path)
    build_passages(db)
    dates = [r[0] for r in db.execute("SELECT date FROM documents WHERE date LIKE '____-__-__%'")]
    spans: dict[str, list[tuple[str, str, str, int, int]]] = {}
    for r in db.execute('SELECT doc_id, type, entity_id, name, start, "end" FROM entities'):
        spans.setdefault(r[0], []).append((r[1], r[2], r[3], r[4], r[5]))
    for r in db.execute('SELECT doc_id, formulation_id, name, start, "end" FROM formulations'):
        spans.setdefault(r[0], []).append(("formulation", r[1], r[2], r[3], r[4]))
    out = []
    for r in db.execute('SELECT doc_id, start, "end", speaker, role, text FROM passages'):
        doc_spans = spans.get(r[0], [])
        for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", r[5]):
            text = m.group(0).strip()
            if len(text) < 20:
                continue
            base = r[1] + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            inside = [(k, key, name, s - base, e - base) for k, key, name, s, e in doc_spans
                      if base <= s and e <= base + len(text)]  # fmt: skip
            out.append({"text": text, "speaker": r[3], "role": r[4], "spans": inside})
    db.close()
    return out, dates


def synthetic_docs(source: list[dict[str, Any]], dates: list[str], n: int, rng: random.Random) -> list[Document]:
    docs = []
    for d in range((n + PER_DOC - 1) // PER_DOC):
        parts, turns, ents, forms, pos = [], [], [], [], 0
        for p in rng.choices(source, k=min(PER_DOC, n - d * PER_DOC)):
            label = f"{p['speaker']}: " if p["speaker"] else ""
            body = pos + len(label)
            if label:
                turns.append(Turn(n=len(turns) + 1, speaker=p["speaker"], role=p["role"] or "answer",
                                  start=body, end=body + len(p["text"]), label_start=pos))  # fmt: skip
            for kind, key, name, s, e in p["spans"]:
                if kind == "formulation":
                    forms.append(Formulation(start=body + s, end=body + e, id=key, name=name))
                else:
                    ents.append(Entity(start=body + s, end=body + e, type=kind, id=key, name=name))
            parts.append(label + p["text"])
            pos += len(parts[-1]) + 2
        day = dt.date.fromisoformat(rng.choice(dates)[:10]) + dt.timedelta(days=rng.randint(-90, 90))
        text = "\n\n".join(parts)
        docs.append(Document(
            id=f"bench{d:07d}", source=f"bench/{d}.txt", format="txt", text=text, title=parts[0][:80],
            date=day.isoformat(), event_type=rng.choice(EVENT_TYPES), language="en", turns=tuple(turns),
            entities=tuple(ents), formulations=tuple(forms),
        ))  # fmt: skip
    return docs


def make_queries(source: list[dict[str, Any]], rng: random.Random) -> list[tuple[str, str]]:
    words: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    speakers: Counter[str] = Counter()
    keys: dict[str, Counter[str]] = {}
    for p in source:
        toks = re.findall(r"[A-Za-z]+", p["text"].lower())
        words.update(toks)
        bigrams.update(f"{a} {b}" for a, b in itertools.pairwise(toks) if a not in STOP and b not in STOP)
        if p["speaker"]:
            speakers[p["speaker"]] += 1
        for kind, key, *_ in p["spans"]:
            keys.setdefault(kind, Counter())[key] += 1
    content = [w for w, _ in words.most_common() if w not in STOP and len(w) > 2]
    common, rare = content[:40], [w for w, c in words.items() if 2 <= c <= 5 and len(w) > 3]
    phrases = [b for b, c in bigrams.most_common(400) if c >= 5]
    countries = [k for k, _ in keys.get("country", Counter()).most_common(30)]
    forms = [k for k, _ in keys.get("formulation", Counter()).most_common(20)]
    top_speakers = [s.split()[-1] for s, _ in speakers.most_common(10)]
    q: list[tuple[str, str]] = []
    q += [("rare word", rng.choice(rare)) for _ in range(40)]
    q += [("very common word", w) for w in rng.sample(common, 20)]
    q += [("common word", rng.choice(content[40:400])) for _ in range(20)]
    q += [("phrase", f'"{rng.choice(phrases)}"') for _ in range(30)]
    q += [("prefix", rng.choice(content[50:500])[:5] + "*") for _ in range(10)]
    q += [("boolean", f"{rng.choice(content[:300])} OR {rng.choice(rare)}") for _ in range(8)]
    q += [("boolean", f"{rng.choice(content[:100])} NOT {rng.choice(content[:100])}") for _ in range(7)]
    q += [("near", f"{rng.choice(content[:200])} NEAR/5 {rng.choice(content[:200])}") for _ in range(10)]
    q += [("word+country", f"{rng.choice(content[:300])} country:{rng.choice(countries)}") for _ in range(15)]
    q += [("word+dates", f"{rng.choice(content[:300])} from:{rng.randint(2015, 2022)} to:{rng.randint(2023, 2025)}")
          for _ in range(10)]  # fmt: skip
    q += [("word+speaker", f"{rng.choice(content[:300])} speaker:{rng.choice(top_speakers)}") for _ in range(10)]
    q += [("formulation", f"formulation:{rng.choice(forms)}") for _ in range(5)] if forms else []
    q += [("filter only", f"country:{rng.choice(countries)} from:2020-0{rng.randint(1, 9)}") for _ in range(5)]
    q += [("word+type", f'{rng.choice(content[:300])} type:"{rng.choice(EVENT_TYPES)}"') for _ in range(10)]
    return q[:200]


def timed(func: Any, *args: Any, **kwargs: Any) -> float:
    """Milliseconds of one call: the median of three runs (the machine is shared; every engine is
    timed the same way)."""
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        func(*args, **kwargs)
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 2)


def baseline(db: sqlite3.Connection, match: str) -> None:
    db.execute(
        "SELECT rowid, bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank LIMIT 20", (match,)
    ).fetchall()


def table_sizes(db: sqlite3.Connection) -> dict[str, int]:
    try:
        rows = db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError:
        return {}
    return {r[0]: int(r[1]) for r in rows}


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def build_tantivy(db: sqlite3.Connection, report: dict[str, Any]) -> None:
    path = tantivy_index.index_path(db)
    assert path is not None
    start = time.perf_counter()
    tantivy_index.build(db, path)
    report["tantivy_build_seconds"] = round(time.perf_counter() - start, 1)
    report["tantivy_bytes"] = folder_bytes(path)
    print(f"tantivy: {report['tantivy_build_seconds']} s, {report['tantivy_bytes'] / 1e6:.0f} MB", file=sys.stderr)


def engine_of(db: sqlite3.Connection, query: str) -> str:
    handle = tantivy_index.open_fresh(db)
    if handle is None:
        return "fts5"
    try:
        tantivy_index.compile_node(handle, parse(query), db)
    except tantivy_index.Unsupported:
        return "fts5"
    return "tantivy"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", required=True, help="A database ingested from ../shared/corpus.")
    ap.add_argument("--out", default="/tmp/search-bench.db", help="Where to build the big corpus (not the repo).")
    ap.add_argument("--paragraphs", type=int, default=1_000_000)
    ap.add_argument("--queries-only", action="store_true", help="Reuse --out as built by an earlier run.")
    ap.add_argument("--rebuild-tantivy", action="store_true", help="With --queries-only: rebuild the tantivy folder.")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--results", default=str(RESULTS))
    args = ap.parse_args()
    if Path(args.out).resolve().is_relative_to(Path(__file__).resolve().parents[1]):
        sys.exit("--out must be outside the repository")
    rng = random.Random(args.seed)
    source, dates = read_source(args.source)
    print(f"source: {len(source)} paragraphs, {len(dates)} dated documents", file=sys.stderr)
    report: dict[str, Any] = {"source": args.source, "source_paragraphs": len(source), "sqlite": sqlite3.sqlite_version,
                              "cpus": os.cpu_count(), "load_average_start": os.getloadavg()}  # fmt: skip
    if not args.queries_only:
        for suffix in ("", "-wal", "-shm"):
            Path(args.out + suffix).unlink(missing_ok=True)
        db = connect(args.out)
        start = time.perf_counter()
        docs = synthetic_docs(source, dates, args.paragraphs, rng)
        for doc in docs:
            save_document(db, doc, path=doc.source, data=b"")
        report["store_seconds"] = round(time.perf_counter() - start, 1)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = os.path.getsize(args.out)
        start = time.perf_counter()
        index_documents(db, [d.id for d in docs], batch=2000)
        db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
        report["index_build_seconds"] = round(time.perf_counter() - start, 1)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        report["db_bytes_before_index"], report["db_bytes_after_index"] = before, os.path.getsize(args.out)
        report["table_bytes"] = {k: v for k, v in table_sizes(db).items() if "passage" in k or k == "search_variants"}
        report["fts5_bytes"] = sum(v for k, v in report["table_bytes"].items() if k.startswith("passages_fts"))
        build_tantivy(db, report)
        db.close()
    elif Path(args.results).exists():  # keep the build figures of the run that built --out
        earlier = json.loads(Path(args.results).read_text(encoding="utf-8"))
        report.update({k: v for k, v in earlier.items() if k.endswith(("_seconds", "_bytes", "_before_index",
                                                                           "_after_index"))})  # fmt: skip
    db = connect(args.out)
    if args.queries_only and (args.rebuild_tantivy or tantivy_index.open_fresh(db) is None):
        build_tantivy(db, report)
    report["passages"] = db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    report["documents"] = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    rng = random.Random(args.seed + 1)
    queries = make_queries(source, rng)
    for _, q in queries:  # warm the page cache
        search(db, q, limit=20, engine="auto")
        search(db, q, limit=20, engine="fts5")
    rows = []
    for kind, q in queries:
        tv = timed(search, db, q, limit=20, engine="auto")
        ours = timed(search, db, q, limit=20, engine="fts5")
        match = compile_text(q).match
        base = timed(baseline, db, match) if match else None
        total = search(db, q, limit=1, engine="fts5").total
        tv_total = search(db, q, limit=1, engine="auto").total
        fts5_ms = None if base is None else round(base, 2)
        rows.append({"kind": kind, "query": q, "engine": engine_of(db, q), "tantivy_ms": round(tv, 2),
                     "ms": round(ours, 2), "fts5_ms": fts5_ms, "total": total,
                     "same_total": tv_total == total})  # fmt: skip
    report["load_average_end"] = os.getloadavg()
    summarise(report, rows)
    Path(args.results).parent.mkdir(parents=True, exist_ok=True)
    Path(args.results).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.results}", file=sys.stderr)


def summarise(report: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    def stats(values: list[float]) -> dict[str, Any]:
        return {"n": len(values), "p50": pct(values, 50), "p95": pct(values, 95), "max": round(max(values), 2)}

    paired = [r for r in rows if r["fts5_ms"] is not None]
    report["latency_ms"] = {
        "ours-tantivy: search (count + page of 20 + snippets)": stats([r["tantivy_ms"] for r in rows]),
        "ours-FTS5: search (count + page of 20 + snippets)": stats([r["ms"] for r in rows]),
        "ours-tantivy, queries with a text part": stats([r["tantivy_ms"] for r in paired]),
        "ours-FTS5, queries with a text part": stats([r["ms"] for r in paired]),
        "plain FTS5 bm25 LIMIT 20 (same queries)": stats([r["fts5_ms"] for r in paired]),
    }
    report["queries_answered_by"] = dict(Counter(r["engine"] for r in rows))
    report["same_total_both_engines"] = sum(r["same_total"] for r in rows)
    report["different_total"] = [r["query"] for r in rows if not r["same_total"]]
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_kind.setdefault(r["kind"], []).append(r)
    report["latency_by_kind_ms"] = {
        k: {"n": len(v), "tantivy_p50": pct([r["tantivy_ms"] for r in v], 50),
            "tantivy_p95": pct([r["tantivy_ms"] for r in v], 95), "fts5_p50": pct([r["ms"] for r in v], 50),
            "fts5_p95": pct([r["ms"] for r in v], 95),
            "plain_fts5_p95": pct([r["fts5_ms"] for r in v], 95) if v[0]["fts5_ms"] is not None else None,
            "median_total": statistics.median(r["total"] for r in v)}
        for k, v in by_kind.items()
    }  # fmt: skip
    report["slowest_tantivy"] = sorted(rows, key=lambda r: -r["tantivy_ms"])[:10]
    print(f"{report.get('passages')} passages in {report.get('documents')} documents")
    keys = ("store_seconds", "index_build_seconds", "tantivy_build_seconds", "db_bytes_before_index",
            "db_bytes_after_index", "fts5_bytes", "tantivy_bytes", "cpus", "load_average_start", "load_average_end",
            "queries_answered_by", "same_total_both_engines")  # fmt: skip
    for key in keys:
        if key in report:
            print(f"  {key:24} {report[key]}")
    for name, v in report.get("table_bytes", {}).items():
        print(f"  {name:24} {v / 1e6:8.1f} MB")
    print(f"{'':54} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, v in report["latency_ms"].items():
        print(f"{name:54} {v['n']:>4} {v['p50']:>8} {v['p95']:>8} {v['max']:>8}")
    print(f"{'by class':22} {'n':>4} {'tantivy p50':>12} {'p95':>8} {'FTS5 p50':>9} {'p95':>8} {'plain p95':>10}")
    for name, v in report["latency_by_kind_ms"].items():
        print(f"  {name:20} {v['n']:>4} {v['tantivy_p50']:>12} {v['tantivy_p95']:>8} {v['fts5_p50']:>9} "
              f"{v['fts5_p95']:>8} {v['plain_fts5_p95'] or '':>10}   median hits {v['median_total']}")  # fmt: skip


if __name__ == "__main__":
    main()
