"""Near-duplicate linking throughput on N passages (default 100k) resampled from an ingested corpus.

    .venv/bin/python bench/links_bench.py --db /tmp/links-corpus.db [--passages 100000]

Passages are read (read-only) from the corpus, resampled in memory to N, and a quarter of the
samples get small word edits so that edited duplicates exist. Stages timed: shingles + MinHash
signatures, LSH insertion, LSH query + exact Jaccard verification; plus the recall of edited
duplicates at the threshold. Nothing is written except bench/results/links.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from dipcorpus.link.minhash import LshIndex, jaccard, signature
from dipcorpus.link.text import shingles, tokens


def _corpus_passages(db_path: str) -> list[str]:
    from dipcorpus.link.passages import passages
    from dipcorpus.store import queries
    from dipcorpus.store.db import connect

    db = connect(db_path, readonly=True)
    out: list[str] = []
    for row in db.execute("SELECT id FROM documents"):
        doc = queries.load_document(db, row[0])
        if doc is not None:
            out.extend(doc.text[p.start : p.end] for p in passages(doc))
    return out


def _edit(text: str, rng: random.Random, edits: int) -> str:
    words = text.split()
    for _ in range(edits):
        if len(words) < 2:
            break
        i = rng.randrange(len(words))
        words[i] = rng.choice(["also", "further", "indeed", "the", "new", "said"])
    return " ".join(words)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--passages", type=int, default=100_000)
    ap.add_argument("--threshold", type=float, default=0.7)
    ap.add_argument("--seed", type=int, default=6)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    t0 = time.perf_counter()
    base = _corpus_passages(args.db)
    load_s = time.perf_counter() - t0
    texts: list[str] = []
    edited: list[tuple[int, int]] = []  # (sample, original sample) pairs of edited duplicates
    first_of: dict[int, int] = {}
    while len(texts) < args.passages:
        k = rng.randrange(len(base))
        if k in first_of and rng.random() < 0.5:  # a republished passage with a few words changed
            edited.append((len(texts), first_of[k]))
            texts.append(_edit(base[k], rng, edits=max(1, len(base[k].split()) // 40)))
        else:
            first_of.setdefault(k, len(texts))
            texts.append(base[k])

    t = time.perf_counter()
    sets = [frozenset(shingles(tokens(x))) for x in texts]
    sigs = [signature(s) for s in sets]
    sig_s = time.perf_counter() - t

    index = LshIndex(threshold=max(0.3, args.threshold - 0.15))
    t = time.perf_counter()
    for i, sig in enumerate(sigs):
        index.add(i, sig)
    insert_s = time.perf_counter() - t

    t = time.perf_counter()
    found: set[tuple[int, int]] = set()
    candidates = 0
    for i, sig in enumerate(sigs):
        for raw in index.query(sig):
            j = int(raw)  # type: ignore[call-overload]
            if j <= i:
                continue
            candidates += 1
            if jaccard(set(sets[i]), set(sets[j])) >= args.threshold:
                found.add((i, j))
    query_s = time.perf_counter() - t

    truth = [(min(a, b), max(a, b)) for a, b in edited if jaccard(set(sets[a]), set(sets[b])) < 1.0]
    recall = sum(1 for p in truth if p in found) / max(len(truth), 1)
    n = len(texts)
    rows = [
        ("read corpus passages", load_s, len(base)),
        ("shingles + signatures", sig_s, n),
        ("LSH insert", insert_s, n),
        ("LSH query + verify", query_s, n),
    ]
    total = sig_s + insert_s + query_s
    print(f"{'stage':26} {'seconds':>9} {'items':>9} {'items/s':>10}")
    for name, secs, items in rows:
        print(f"{name:26} {secs:9.2f} {items:9d} {items / secs if secs else 0:10.0f}")
    print(f"{'total (link)':26} {total:9.2f} {n:9d} {n / total:10.0f}")
    print(f"candidates {candidates}, verified pairs {len(found)}, edited-duplicate recall {recall:.3f} "
          f"({len(truth)} edited pairs, threshold {args.threshold})")  # fmt: skip
    result = {
        "passages": n,
        "corpus_passages": len(base),
        "threshold": args.threshold,
        "seconds": {name: round(secs, 3) for name, secs, _ in rows},
        "passages_per_second": round(n / total, 1),
        "candidates": candidates,
        "verified_pairs": len(found),
        "edited_pairs": len(truth),
        "edited_recall": round(recall, 4),
    }
    out = Path(__file__).parent / "results" / "links.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
