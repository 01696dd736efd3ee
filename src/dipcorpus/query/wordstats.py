"""Corpus-linguistics tools over the indexed passages: word lists, n-grams, collocates and
dispersion, as AntConc, Sketch Engine and quanteda users know them.

Words are lowercased tokens (`annotate/tokens.py`: Chinese cut by the project's segmenter,
punctuation left out). The reference frequencies of the whole corpus are counted once and cached
in the store (`word_counts`), recounted when the passages change.

Collocation measures (node x, collocate y, window of `left` + `right` words; N corpus tokens):
logDice = 14 + log2(2·f(xy) / (f(x) + f(y))), MI = log2(f(xy)·N / (f(x)·f(y))),
t-score = (f(xy) − f(x)·f(y)/N) / √f(xy). Dispersion over documents: Gries' DP =
½·Σ|vᵢ − sᵢ| (0 even, 1 all in one place) and Juilland's D = 1 − σ/(μ·√(n−1)) of the
per-document rates (1 even)."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import random
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dipcorpus.annotate.tokens import word_runs, words
from dipcorpus.query.kwic import _lines as kwic_lines
from dipcorpus.query.kwic import lines_of
from dipcorpus.query.parse import QueryError
from dipcorpus.query.search import compile_text, run
from dipcorpus.store import wordstats as store
from dipcorpus.store.db import database_path

__all__ = ["MEASURES", "collocates", "corpus_counts", "dispersion", "ngrams", "stopwords", "wordlist"]

MEASURES = ("logdice", "mi", "tscore")
_ATTACHED = re.compile(r"^['’]\w+")  # the rest of the node's word ("President's"): not a collocate
MAX_PASSAGES = 5_000  # matching passages read for collocates; more are sampled (seeded), frequencies scaled


@dataclass(frozen=True, slots=True)
class CorpusCounts:
    tokens: int
    lookup: Any  # callable: words -> {word: frequency}


@lru_cache(maxsize=8)
def stopwords(language: str) -> frozenset[str]:
    """The stopwords-iso list of `language` (ISO 639-1), casefolded; empty when none exists."""
    import stopwordsiso

    code = (language or "").split("-")[0].lower()
    return frozenset(w.casefold() for w in stopwordsiso.stopwords(code)) if stopwordsiso.has_lang(code) else frozenset()


def _stop(languages: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for lang in languages:
        out |= stopwords(lang)
    return frozenset(out)


def corpus_counts(db: sqlite3.Connection) -> CorpusCounts:
    """The corpus word frequencies, from the cache when it matches the passages, else counted now
    (and cached when the connection may write)."""
    state = store.passages_state(db)
    cached = store.counts_state(db)
    if cached is not None and cached[:2] == state:
        return CorpusCounts(cached[2], lambda ws: store.cached_counts(db, ws))
    key = (database_path(db), state)
    counts = _COUNTED.get(key)
    if counts is None:
        counts = Counter()
        for _pid, _doc, _lang, text in store.passage_texts(db):
            counts.update(words(text))
        if key[0]:  # a file (an in-memory corpus has no identity to key on)
            _COUNTED.clear()  # one corpus version kept per process
            _COUNTED[key] = counts
    tokens = sum(counts.values())
    with contextlib.suppress(sqlite3.OperationalError):  # a read-only connection: keep them in this process
        store.save_counts(db, counts, state, tokens)
    found = counts
    return CorpusCounts(tokens, lambda ws: {w: found[w] for w in ws if w in found})


_COUNTED: dict[tuple[str, tuple[int, int]], Counter[str]] = {}  # counts a read-only process could not store


def _passages(db: sqlite3.Connection, query: str | None) -> Iterator[tuple[int, str, str, str]]:
    if not query:
        yield from store.passage_texts(db)
        return
    compiled = compile_text(query)
    ids = run(db, lambda d: store.matching_passages(d, compiled))
    yield from store.passage_texts(db, ids)


def wordlist(
    db: sqlite3.Connection, *, query: str | None = None, min_count: int = 1, stop: bool = True, limit: int = 100
) -> list[dict[str, Any]]:
    """Words by frequency (in the passages `query` matches, or in the whole corpus), with their rate
    per 10,000 words and the number of documents they occur in."""
    return ngrams(db, n=1, query=query, min_count=min_count, stop=stop, limit=limit)


def ngrams(
    db: sqlite3.Connection,
    *,
    n: int = 2,
    query: str | None = None,
    min_count: int = 2,
    stop: bool = True,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """The most frequent sequences of `n` words (never across punctuation) with their count, rate per
    10,000 words and number of documents; with `stop`, n-grams made only of stop words (or, for
    n > 1, starting or ending with one) are left out."""
    if not 1 <= n <= 6:
        raise QueryError("n-grams have 1 to 6 words")
    counts: Counter[tuple[str, ...]] = Counter()
    docs: dict[tuple[str, ...], set[str]] = {}
    languages: set[str] = set()
    tokens = 0
    for _pid, doc_id, lang, text in _passages(db, query):
        languages.add(lang)
        for run_words in word_runs(text):
            tokens += len(run_words)
            for k in range(len(run_words) - n + 1):
                gram = tuple(run_words[k : k + n])
                counts[gram] += 1
                docs.setdefault(gram, set()).add(doc_id)
    banned = _stop(languages) if stop else frozenset()
    rows = []
    for gram, count in counts.most_common():
        if count < min_count:
            break
        if banned and (gram[0] in banned or gram[-1] in banned):
            continue
        rows.append(
            {
                "ngram": _join(gram),
                "count": count,
                "per_10k": round(count * 10_000 / max(tokens, 1), 3),
                "documents": len(docs[gram]),
            }
        )
        if len(rows) >= limit:
            break
    return rows


def _join(gram: tuple[str, ...]) -> str:
    out = gram[0]
    for word in gram[1:]:
        cjk = "\u3400" <= word[:1] <= "\u9fff" and "\u3400" <= out[-1:] <= "\u9fff"
        out += word if cjk else " " + word
    return out


def collocates(
    db: sqlite3.Connection,
    query: str,
    *,
    left: int = 5,
    right: int = 5,
    measure: str = "logdice",
    min_count: int = 3,
    stop: bool = False,
    limit: int = 50,
    max_passages: int = MAX_PASSAGES,
) -> dict[str, Any]:
    """The words found within `left` words before and `right` words after each match of `query`,
    ranked by `measure`, with f(xy), f(y) and all three measures. When more than `max_passages`
    passages match, a seeded random sample of them is read and f(x), f(xy) scaled to all (`sampled`)."""
    if measure not in MEASURES:
        raise QueryError(f"unknown measure {measure!r} (choose from {', '.join(MEASURES)})")
    if left < 0 or right < 0 or left + right == 0 or left > 20 or right > 20:
        raise QueryError("the window is 0 to 20 words on each side, and not empty")
    width = 16 * max(left, right, 1)
    compiled = compile_text(query)
    if compiled.match is None:
        raise QueryError('collocates need a word or "phrase" to centre on (filters alone match no words)')
    ids = run(db, lambda d: store.matching_passages(d, compiled))
    read = ids if len(ids) <= max_passages else sorted(random.Random(1).sample(ids, max_passages))
    narrowed = dataclasses.replace(
        compiled, where=f"({compiled.where}) AND p.id IN (SELECT value FROM json_each(?))",
        params=(*compiled.params, json.dumps(read)),
    )  # fmt: skip
    chosen = list(lines_of(db, narrowed, width))
    scale = len(ids) / len(read) if read else 1.0
    nodes = round(len(chosen) * scale)
    near: Counter[str] = Counter()
    node_words: set[str] = set()
    for line in chosen:
        node_words.update(words(line["match"]))
        before = list(words(line["left"]))
        after = list(words(_ATTACHED.sub("", line["right"])))
        if len(line["left"]) >= width:  # cut at the context's edge: its first word may be a piece
            before = before[1:]
        if len(line["right"]) >= width:
            after = after[:-1]
        window = (before[-left:] if left else []) + (after[:right] if right else [])
        near.update(window)
    counts = corpus_counts(db)
    banned = stopwords("en") | stopwords("zh") if stop else frozenset()
    candidates = [w for w, c in near.items() if c * scale >= min_count and w not in banned and w not in node_words]
    reference = counts.lookup(candidates)
    rows = [_measures(w, near[w] * scale, max(nodes, 1), reference.get(w, near[w]), counts.tokens) for w in candidates]
    rows.sort(key=lambda r: (-r[measure], -r["f_xy"], r["word"]))
    return {
        "query": query,
        "nodes": nodes,
        "passages": len(ids),
        "sampled": len(read) < len(ids),
        "left": left,
        "right": right,
        "measure": measure,
        "tokens": counts.tokens,
        "rows": rows[:limit],
    }


def _measures(word: str, f_xy: float, f_x: int, f_y: int, n: int) -> dict[str, Any]:
    f_y = max(f_y, 1)
    return {
        "word": word,
        "f_xy": round(f_xy, 1),
        "f_y": f_y,
        "logdice": round(14 + math.log2(2 * f_xy / (f_x + f_y)), 3),
        "mi": round(math.log2(f_xy * max(n, 1) / (f_x * f_y)), 3),
        "tscore": round((f_xy - f_x * f_y / max(n, 1)) / math.sqrt(f_xy), 3),
    }


def dispersion(db: sqlite3.Connection, query: str) -> dict[str, Any]:
    """Where the matches of `query` fall: for each document with a match, the relative position
    (0 to 1) of each match in its text (a dispersion plot), and over all indexed documents Gries'
    DP and Juilland's D."""
    lines = list(kwic_lines(db, query, 1))
    sizes = run(db, store.document_sizes)
    lengths = run(db, lambda d: store.document_chars(d, {line["doc_id"] for line in lines}))
    by_doc: dict[str, list[float]] = {}
    for line in lines:
        length = max(lengths.get(line["doc_id"], 1), 1)
        by_doc.setdefault(line["doc_id"], []).append(round(line["start"] / length, 4))
    hits = {doc: len(pos) for doc, pos in by_doc.items()}
    documents = [
        {
            "doc_id": doc,
            "date": sizes.get(doc, (0, "", ""))[1],
            "title": sizes.get(doc, (0, "", ""))[2],
            "hits": len(pos),
            "words": sizes.get(doc, (0, "", ""))[0],
            "positions": sorted(pos),
        }
        for doc, pos in by_doc.items()
    ]
    documents.sort(key=lambda d: (d["date"] == "", d["date"], d["doc_id"]))
    return {
        "query": query,
        "hits": len(lines),
        "documents_with_hits": len(by_doc),
        "documents": len(sizes),
        "dp": _gries_dp(hits, sizes),
        "juilland_d": _juilland_d(hits, sizes),
        "by_document": documents,
    }


def _gries_dp(hits: dict[str, int], sizes: dict[str, tuple[int, str, str]]) -> float | None:
    total_hits, total_words = sum(hits.values()), sum(s[0] for s in sizes.values())
    if not total_hits or not total_words:
        return None
    return round(0.5 * sum(abs(hits.get(doc, 0) / total_hits - s[0] / total_words) for doc, s in sizes.items()), 4)


def _juilland_d(hits: dict[str, int], sizes: dict[str, tuple[int, str, str]]) -> float | None:
    rates = [hits.get(doc, 0) / s[0] for doc, s in sizes.items() if s[0] > 0]
    if len(rates) < 2 or not any(rates):
        return None
    mean = sum(rates) / len(rates)
    sd = math.sqrt(sum((r - mean) ** 2 for r in rates) / len(rates))
    return round(max(0.0, 1 - sd / (mean * math.sqrt(len(rates) - 1))), 4)
