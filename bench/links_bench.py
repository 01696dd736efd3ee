"""Linking at scale (#13): whole rebuild passages/s, one new document linked into ~50k and ~500k
passages, and the furniture check.

    .venv/bin/python bench/links_bench.py --db /tmp/dipcorpus-bench/source.db [--work DIR] [--jobs 2]

1. The corpus (read-only) is copied to WORK/links-base.db and its links rebuilt with `--jobs`
   workers: passages per second, wall clock and CPU (this process and its workers).
2. One new document: for each of a few sample documents, its links and index rows are dropped and
   `link_corpus` links it again as a new document (the whole incremental run: index rows, near
   duplicates, variants, translation pairs of its day, the clusters it touches); median and max.
3. The larger corpus (WORK/links-big.db, kept between runs): the base copy plus `--copies`
   synthetic copies of every document. `--big index` (default, minutes): each copy replicates the
   stored index rows of every real passage with perturbation: band keys and fingerprints salted per
   copy (a copy is no near duplicate of a real passage), key terms mapped through a copy-specific
   shuffle of the term vocabulary within bands of similar posting counts (so every term's posting
   list grows about tenfold, as in a ten times larger corpus), spans, words and shingles kept; each
   copy's documents exist as empty stubs. `--big text` (an hour here): each copy is an invented
   rewrite of every document (every word or CJK character replaced through a copy-specific shuffle
   of the corpus vocabulary within frequency bands, dates moved by whole years), linked by
   `link_corpus`. The same sample documents are then linked again as new into it.
4. Furniture: the 20 most repeated passages (by fingerprint) of each source group: how many are
   linked as near duplicates or containment (should be none).

Results: bench/results/links.json. Timings are noisy on a shared machine; CPU seconds are given beside
wall clock.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from dipcorpus.linking import link_corpus
from dipcorpus.model import Document
from dipcorpus.store import links as store
from dipcorpus.store import queries
from dipcorpus.store.db import connect

_TOKEN = re.compile(r"[\u4e00-\u9fff]|[^\W\d_]+")


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _passages(db: Any) -> int:
    return int(db.execute("SELECT COUNT(*) FROM link_passages").fetchone()[0])


def rebuild(path: Path, jobs: int) -> dict[str, Any]:
    db = connect(path)
    wall, cpu = time.perf_counter(), _cpu()
    report = link_corpus(db, rebuild=True, jobs=jobs)
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    n = _passages(db)
    db.close()
    return {
        "documents": report.indexed,
        "passages": n,
        "jobs": jobs,
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "passages_per_second": round(n / wall, 1),
        "passages_per_cpu_second": round(n / cpu, 1),
        "links": report.links,
        "clusters": report.clusters,
    }


def sample_docs(path: Path, k: int, seed: int) -> list[str]:
    """`k` current documents with at least 5 indexed passages (a fixed random choice)."""
    db = connect(path, readonly=True)
    rows = db.execute("SELECT doc_id FROM link_docs WHERE passages >= 5 ORDER BY doc_id").fetchall()
    db.close()
    ids = [r[0] for r in rows]
    return sorted(random.Random(seed).sample(ids, min(k, len(ids))))


def one_new(path: Path, doc_ids: list[str]) -> dict[str, Any]:
    """Link each of `doc_ids` again as a new document, one at a time."""
    db = connect(path)
    times, cpus, reports = [], [], []
    for doc_id in doc_ids:
        store.forget_docs(db, [doc_id])  # the document leaves the index, as if never linked
        queries.replace_links(db, [], docs=[doc_id])
        wall, cpu = time.perf_counter(), _cpu()
        report = link_corpus(db)
        times.append(time.perf_counter() - wall)
        cpus.append(_cpu() - cpu)
        reports.append({"doc": doc_id, "linked": report.linked, "relinked": report.relinked,
                        "links": report.links, "seconds": round(times[-1], 3)})  # fmt: skip
    n = _passages(db)
    db.close()
    return {
        "corpus_passages": n,
        "docs": len(doc_ids),
        "median_seconds": round(statistics.median(times), 3),
        "max_seconds": round(max(times), 3),
        "median_cpu_seconds": round(statistics.median(cpus), 3),
        "runs": reports,
    }


def _shuffles(db: Any, copies: int, seed: int) -> list[dict[str, str]]:
    """One vocabulary shuffle per copy: every token maps to another of about the same frequency."""
    counts: Counter[str] = Counter()
    for (text,) in db.execute("SELECT text FROM documents"):
        counts.update(m.group().lower() for m in _TOKEN.finditer(text))
    ranked = [w for w, _ in counts.most_common()]
    out = []
    for r in range(copies):
        rng = random.Random(seed * 1000 + r)
        mapping: dict[str, str] = {}
        for lo in range(0, len(ranked), 64):  # bands of 64 neighbouring frequency ranks
            band = ranked[lo : lo + 64]
            cjk = [w for w in band if "\u4e00" <= w[0] <= "\u9fff"]
            other = [w for w in band if not ("\u4e00" <= w[0] <= "\u9fff")]
            for group in (cjk, other):  # a CJK character maps to a CJK character
                shuffled = group[:]
                rng.shuffle(shuffled)
                mapping.update(zip(group, shuffled, strict=True))
        out.append(mapping)
    return out


def _shift(date: str | None, years: int) -> str | None:
    if not date or not date[:4].isdigit():
        return date
    return f"{int(date[:4]) + years:04d}{date[4:]}"


def build_big(base: Path, big: Path, copies: int, seed: int, jobs: int) -> dict[str, Any]:
    """The base corpus plus `copies` invented rewrites of every document, linked incrementally."""
    shutil.copy(base, big)
    db = connect(big)
    started = time.perf_counter()
    shuffles = _shuffles(db, copies, seed)
    ids = [r[0] for r in db.execute("SELECT id FROM documents ORDER BY id")]
    for r, mapping in enumerate(shuffles, 1):

        def swap(m: re.Match[str], mapping: dict[str, str] = mapping) -> str:
            return mapping.get(m.group().lower(), m.group())

        for doc_id in ids:
            row = db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
            text = _TOKEN.sub(swap, row["text"])
            source = f"synthetic/copy{r}/{row['source'].lstrip('/')}"
            doc = Document(
                id=f"syn{r}-{doc_id}",
                source=source,
                format=row["format"],
                text=text,
                title=row["title"],
                date=_shift(row["date"], 10 * r),
                published=_shift(row["published"], 10 * r),
                event_type=row["event_type"],
                language=row["language"],
            )
            queries.save_document(db, doc, path=source, data=text.encode())
    made = time.perf_counter() - started
    wall, cpu = time.perf_counter(), _cpu()
    report = link_corpus(db, jobs=jobs)
    out = {
        "copies": copies,
        "documents": report.indexed,
        "passages": _passages(db),
        "make_seconds": round(made, 1),
        "link_seconds": round(time.perf_counter() - wall, 1),
        "link_cpu_seconds": round(_cpu() - cpu, 1),
    }
    db.close()
    return out


def _salt(r: int) -> int:
    return int.from_bytes(random.Random(r).randbytes(8), "little", signed=True)


def build_big_index(base: Path, big: Path, copies: int, seed: int) -> dict[str, Any]:
    """The base corpus plus `copies` perturbed replicas of its stored index rows (see the module text)."""
    shutil.copy(base, big)
    db = connect(big)
    started = time.perf_counter()
    ids = [r[0] for r in db.execute("SELECT doc_id FROM link_docs ORDER BY seq")]
    grp = {r[0]: r[1] for r in db.execute("SELECT doc_id, grp FROM link_docs")}
    rows = store.doc_index_rows(db, ids)
    counts = db.execute("SELECT term, COUNT(*) AS n FROM link_terms GROUP BY term ORDER BY n DESC, term").fetchall()
    ranked = [t for t, _ in counts]
    with store.bulk_load(db):  # the indexes are made once, after every copy
        for r in range(1, copies + 1):
            rng, salt = random.Random(seed * 1000 + r), _salt(seed * 1000 + r)
            mapping: dict[str, str] = {}
            for lo in range(0, len(ranked), 64):
                band = ranked[lo : lo + 64]
                shuffled = band[:]
                rng.shuffle(shuffled)
                mapping.update(zip(band, shuffled, strict=True))
            docs = []
            for doc_id in ids:
                syn = f"syn{r}-{doc_id}"
                source = f"synthetic/copy{r}/{doc_id}.txt"
                queries.save_document(db, Document(id=syn, source=source, format="txt", text=""), path=source, data=b"")
                passages = [
                    store.IndexedPassage(
                        n=p["n"],
                        start=p["start"],
                        end=p["end"],
                        turn=p["turn"],
                        words=p["words"],
                        fp=p["fp"] ^ salt,
                        numbers=p["numbers"],
                        shingles=bytes(p["shingles"]),
                        bands=[int(k) ^ salt for k in (p["bands"] or "").split()],
                        terms=[mapping[t] for t in (p["terms"] or "").split()],
                    )
                    for p in rows[doc_id]
                ]
                docs.append(store.IndexedDoc(doc_id=syn, grp=f"synthetic/copy{r}/{grp[doc_id]}", passages=passages))
            store.save_docs(db, docs, seq=store.next_seq(db))
            print(f"  copy {r}: {_passages(db)} passages, {time.perf_counter() - started:.0f}s", flush=True)
    out = {
        "copies": copies,
        "kind": "index",
        "passages": _passages(db),
        "make_seconds": round(time.perf_counter() - started, 1),
    }
    db.close()
    return out


def furniture_check(path: Path, top: int = 20) -> dict[str, Any]:
    """The `top` most repeated fingerprints of each source group and how many of their passages are
    linked as near duplicates or containment."""
    db = connect(path, readonly=True)
    groups = [r[0] for r in db.execute("SELECT DISTINCT grp FROM link_furniture WHERE docs >= 2")]
    out: dict[str, Any] = {}
    for grp in sorted(groups):
        if grp.startswith("synthetic/"):
            continue
        rows = db.execute(
            "SELECT fp, docs FROM link_furniture WHERE grp = ? AND docs >= 2 ORDER BY docs DESC, fp LIMIT ?",
            (grp, top),
        ).fetchall()
        linked, linked_3, examples = 0, 0, []
        for fp, docs in rows:
            spans = db.execute(
                'SELECT p.doc_id, p.start, p."end" FROM link_passages p JOIN link_docs d ON d.doc_id = p.doc_id '
                "WHERE p.fp = ? AND d.grp = ?",
                (fp, grp),
            ).fetchall()
            hit = next(
                (
                    (d, a, b)
                    for d, a, b in spans
                    if db.execute(
                        "SELECT 1 FROM links WHERE kind IN ('near duplicate', 'containment') AND ((a_doc = ? AND "
                        "a_start = ? AND a_end = ?) OR (b_doc = ? AND b_start = ? AND b_end = ?)) LIMIT 1",
                        (d, a, b, d, a, b),
                    ).fetchone()
                ),
                None,
            )
            if hit is not None:
                linked += 1
                linked_3 += int(docs >= 3)
                text = db.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?", (hit[1] + 1, 80, hit[0]))
                examples.append({"docs": docs, "text": text.fetchone()[0]})
        out[grp] = {
            "top": len(rows),
            "docs_of_top": [r[1] for r in rows],
            "linked": linked,
            "linked_in_3_or_more_docs": linked_3,
            "linked_examples": examples,
        }
    db.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True, help="an ingested corpus (read-only; copied)")
    ap.add_argument("--work", default=None, help="where the copies go (default: beside --db)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--copies", type=int, default=9, help="synthetic copies for the larger corpus")
    ap.add_argument("--samples", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--reuse-big", action="store_true", help="keep WORK/links-big.db if it exists")
    ap.add_argument("--big", choices=("index", "text"), default="index", help="how the larger corpus is made")
    args = ap.parse_args()
    work = Path(args.work or Path(args.db).parent)
    work.mkdir(parents=True, exist_ok=True)
    base, big = work / "links-base.db", work / "links-big.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{base}{suffix}").unlink(missing_ok=True)
    shutil.copy(args.db, base)

    result: dict[str, Any] = {"rebuild": rebuild(base, args.jobs)}
    print(f"rebuild: {json.dumps(result['rebuild'])}", flush=True)
    docs = sample_docs(base, args.samples, args.seed)
    result["one_new_base"] = one_new(base, docs)
    print(f"one new doc, base: {json.dumps({k: v for k, v in result['one_new_base'].items() if k != 'runs'})}")
    result["furniture"] = furniture_check(base)
    print(f"furniture: {json.dumps(result['furniture'])}", flush=True)
    if not (args.reuse_big and big.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{big}{suffix}").unlink(missing_ok=True)
        if args.big == "index":
            result["big"] = build_big_index(base, big, args.copies, args.seed)
        else:
            result["big"] = build_big(base, big, args.copies, args.seed, args.jobs)
        print(f"big corpus: {json.dumps(result['big'])}", flush=True)
    result["one_new_big"] = one_new(big, docs)
    print(f"one new doc, big: {json.dumps({k: v for k, v in result['one_new_big'].items() if k != 'runs'})}")
    small, large = result["one_new_base"]["median_seconds"], result["one_new_big"]["median_seconds"]
    result["one_new_ratio_big_to_base"] = round(large / small, 2) if small else None
    result["passages_per_second"] = result["rebuild"]["passages_per_second"]
    result["furniture_top20_linked"] = sum(g["linked"] for g in result["furniture"].values())
    result["furniture_top20_in_3_or_more_docs_linked"] = sum(
        g["linked_in_3_or_more_docs"] for g in result["furniture"].values()
    )
    out = Path(__file__).parent / "results" / "links.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
