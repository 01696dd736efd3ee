"""Corpus-linguistics tools at scale: collocates, n-grams and dispersion on the ≥1M-paragraph corpus the
search benchmark builds, beside NLTK (the library a Python user would otherwise pick) on the same input.

Usage:
    python bench/wordstats_bench.py --db /tmp/dipcorpus-bench/search-1m.db [--words china,cooperation,sanctions]

1. Counts the corpus word frequencies once (timed; cached in the store, as `dipcorpus collocates` does).
2. For each word: collocates in a 5L/5R window (timed, median of three runs, counts cached), dispersion
   (timed), n-grams (n=2) of the passages the word matches (timed).
3. The peer: NLTK's `BigramCollocationFinder.from_words(tokens, window_size=6)` over the tokens of the
   passages the word matches, filtered to pairs with the word and ranked by likelihood ratio (timed), when
   NLTK is installed (the `dev` extra has it); skipped otherwise.

Prints a table and writes bench/results/wordstats.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

from dipcorpus.annotate.tokens import words
from dipcorpus.query import wordstats
from dipcorpus.query.search import compile_text
from dipcorpus.store import wordstats as store
from dipcorpus.store.db import connect

RESULTS = Path(__file__).resolve().parent / "results"


def _timed(func: Any, repeat: int = 1) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = func()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 3), out


def _nltk_collocates(db: Any, word: str) -> float | None:
    try:
        from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
    except ImportError:
        return None
    start = time.perf_counter()
    compiled = compile_text(word)
    ids = store.matching_passages(db, compiled)
    tokens = [w for _pid, _doc, _lang, text in store.passage_texts(db, ids) for w in words(text)]
    finder = BigramCollocationFinder.from_words(tokens, window_size=6)
    finder.apply_ngram_filter(lambda a, b: word not in (a, b))
    finder.nbest(BigramAssocMeasures.likelihood_ratio, 50)
    return round(time.perf_counter() - start, 3)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--words", default="china,cooperation,sanctions")
    args = ap.parse_args()
    db = connect(args.db)
    passages = store.passages_state(db)[0]
    build, counts = _timed(lambda: wordstats.corpus_counts(db))
    rows = []
    for word in args.words.split(","):
        coll_s, coll = _timed(lambda w=word: wordstats.collocates(db, w), repeat=3)
        disp_s, _ = _timed(lambda w=word: wordstats.dispersion(db, w))
        ngram_s, _ = _timed(lambda w=word: wordstats.ngrams(db, n=2, query=w))
        peer = _nltk_collocates(db, word)
        rows.append({"word": word, "nodes": coll["nodes"], "sampled": coll["sampled"], "collocates_s": coll_s,
                     "dispersion_s": disp_s, "ngrams_s": ngram_s, "nltk_collocates_s": peer})  # fmt: skip
    result = {"passages": passages, "tokens": counts.tokens, "word_counts_build_s": build, "words": rows}
    print(f"{passages} passages, {counts.tokens} words; word counts built in {build} s (once, then cached)")
    print(f"{'word':12} {'matches':>8} {'collocates s':>13} {'NLTK s':>8} {'dispersion s':>13} {'2-grams s':>10}")
    for r in rows:
        peer = "n/a" if r["nltk_collocates_s"] is None else r["nltk_collocates_s"]
        times = f"{r['collocates_s']:>13} {peer:>8} {r['dispersion_s']:>13} {r['ngrams_s']:>10}"
        print(f"{r['word']:12} {r['nodes']:>8} {times}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "wordstats.json").write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
