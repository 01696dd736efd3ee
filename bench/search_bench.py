"""Search latency at scale: a resampled corpus of ≥1M paragraphs, 200 mixed queries.

Usage:
    python bench/search_bench.py --source /tmp/search-corpus.db [--paragraphs 1000000] [--out /tmp/search-bench.db]

1. Reads the passages of `--source` (a database ingested from ../shared/corpus; indexed here if needed),
   split into paragraphs (a long turn gives one passage per paragraph, each keeping the turn's speaker),
   with the entities and formulations inside each.
2. Writes `--paragraphs` of them, sampled with replacement, into synthetic documents of 20 passages
   under `--out` (never inside the repository). Light perturbation: every document is a new mix of
   passages, gets a date drawn from the source dates shifted by up to ±90 days and a random event type.
3. Builds the search index with `index_documents` (timed) and measures the index size.
4. Runs 200 mixed queries (rare and very common words, phrases, boolean, NEAR, filters, filter-only)
   through `dipcorpus.query.search.search` (total count + first page of 20 with snippets) and, for the
   queries with a text part, the plain FTS5 baseline on the same index: `SELECT rowid, bm25(...) ...
   MATCH ? ORDER BY rank LIMIT 20` (no count, no join, no snippet). Reports p50/p95/max.

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

from dipcorpus.model import Document, Entity, Formulation, Turn
from dipcorpus.query.index import build_passages, index_documents
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
    start = time.perf_counter()
    func(*args, **kwargs)
    return (time.perf_counter() - start) * 1000


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", required=True, help="A database ingested from ../shared/corpus.")
    ap.add_argument("--out", default="/tmp/search-bench.db", help="Where to build the big corpus (not the repo).")
    ap.add_argument("--paragraphs", type=int, default=1_000_000)
    ap.add_argument("--queries-only", action="store_true", help="Reuse --out as built by an earlier run.")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--results", default=str(RESULTS))
    args = ap.parse_args()
    if Path(args.out).resolve().is_relative_to(Path(__file__).resolve().parents[1]):
        sys.exit("--out must be outside the repository")
    rng = random.Random(args.seed)
    source, dates = read_source(args.source)
    print(f"source: {len(source)} paragraphs, {len(dates)} dated documents", file=sys.stderr)
    report: dict[str, Any] = {"source": args.source, "source_paragraphs": len(source), "sqlite": sqlite3.sqlite_version}
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
        db.close()
    db = connect(args.out)
    report["passages"] = db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    report["documents"] = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    rng = random.Random(args.seed + 1)
    queries = make_queries(source, rng)
    for _, q in queries:  # warm the page cache
        search(db, q, limit=20)
    rows = []
    for kind, q in queries:
        ours = timed(search, db, q, limit=20)
        match = compile_text(q).match
        base = timed(baseline, db, match) if match else None
        total = search(db, q, limit=0).total
        fts5_ms = None if base is None else round(base, 2)
        rows.append({"kind": kind, "query": q, "ms": round(ours, 2), "fts5_ms": fts5_ms, "total": total})
    summarise(report, rows)
    Path(args.results).parent.mkdir(parents=True, exist_ok=True)
    Path(args.results).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.results}", file=sys.stderr)


def summarise(report: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    ours = [r["ms"] for r in rows]
    paired = [r for r in rows if r["fts5_ms"] is not None]
    report["latency_ms"] = {
        "search (count + page of 20 + snippets)": {"n": len(ours), "p50": pct(ours, 50), "p95": pct(ours, 95),
                                                   "max": round(max(ours), 2)},
        "search, queries with a text part": {"n": len(paired), "p50": pct([r["ms"] for r in paired], 50),
                                             "p95": pct([r["ms"] for r in paired], 95)},
        "plain FTS5 bm25 LIMIT 20 (same queries)": {"n": len(paired), "p50": pct([r["fts5_ms"] for r in paired], 50),
                                                     "p95": pct([r["fts5_ms"] for r in paired], 95)},
    }  # fmt: skip
    by_kind: dict[str, list[float]] = {}
    for r in rows:
        by_kind.setdefault(r["kind"], []).append(r["ms"])
    report["latency_by_kind_ms"] = {
        k: {"n": len(v), "p50": pct(v, 50), "p95": pct(v, 95), "median_total": None} for k, v in by_kind.items()
    }
    for k in by_kind:
        report["latency_by_kind_ms"][k]["median_total"] = statistics.median(r["total"] for r in rows if r["kind"] == k)
    report["slowest"] = sorted(rows, key=lambda r: -r["ms"])[:10]
    print(f"{report.get('passages')} passages in {report.get('documents')} documents")
    for key in ("store_seconds", "index_build_seconds", "db_bytes_before_index", "db_bytes_after_index"):
        if key in report:
            print(f"  {key:24} {report[key]}")
    for name, v in report.get("table_bytes", {}).items():
        print(f"  {name:24} {v / 1e6:8.1f} MB")
    print(f"{'':42} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}")
    for name, v in report["latency_ms"].items():
        print(f"{name:42} {v['n']:>4} {v['p50']:>8} {v['p95']:>8}")
    for name, v in report["latency_by_kind_ms"].items():
        print(f"  {name:40} {v['n']:>4} {v['p50']:>8} {v['p95']:>8}   median hits {v['median_total']}")


if __name__ == "__main__":
    main()
