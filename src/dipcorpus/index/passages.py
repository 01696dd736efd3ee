"""Build the search index: cut each document into passages and store them with their tags.

A passage is a speaker turn (documents with turns) or a paragraph (text outside turns, and whole
documents without turns). Paragraphs are blocks between blank lines; a block longer than
`LONG_BLOCK` characters is cut again at single line breaks. Each passage carries the entities and
formulations whose span starts inside it (`tags`), and every id, canonical name, Chinese name and
surface form is recorded as a variant a filter value may use (`formulation:"three evil forces"`,
`person:习近平`). A passage with Chinese characters is also stored as the index reads it (`ftext`,
see store/search_text.py), and its words are counted with the Chinese segmenter.
"""

from __future__ import annotations

import bisect
import functools
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from dipcorpus.store import search as store
from dipcorpus.store.search_text import count_words, index_text

__all__ = ["build_passages", "count_words", "index_documents", "normalise", "reindex", "split_passages"]

LONG_BLOCK = 1500
_BLANK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def normalise(value: str) -> str:
    """The form filter values and variants are compared in: NFKC, casefolded, straight quotes,
    one space between words, no surrounding quotes or punctuation."""
    text = unicodedata.normalize("NFKC", value).translate(_QUOTES).casefold()
    text = " ".join(text.split())
    return text.strip(" \"'.,;:")


def _paragraphs(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """(start, end) of each non-empty paragraph in text[start:end], trimmed of whitespace."""
    pos = start
    cuts = [(m.start(), m.end()) for m in _BLANK.finditer(text, start, end)]
    blocks = []
    for cut_start, cut_end in cuts:
        blocks.append((pos, cut_start))
        pos = cut_end
    blocks.append((pos, end))
    for b_start, b_end in blocks:
        if b_end - b_start > LONG_BLOCK and "\n" in text[b_start:b_end]:
            lines, p = [], b_start
            for m in re.finditer(r"\n", text[b_start:b_end]):
                lines.append((p, b_start + m.start()))
                p = b_start + m.end()
            lines.append((p, b_end))
        else:
            lines = [(b_start, b_end)]
        for s, e in lines:
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s and any(ch.isalnum() for ch in text[s:e]):
                yield s, e


def split_passages(text: str, turns: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Passages of one document as dicts (n, kind, start, end, speaker, role, outlet), in text order.

    `turns` are dicts with speaker, role, start, end (label_start optional). The outlet of a question
    turn is its speaker; the answers after it inherit it until the next question."""
    out: list[dict[str, Any]] = []
    pos, outlet = 0, None
    for turn in sorted(turns, key=lambda t: t["start"]):
        label = turn.get("label_start")
        gap_end = turn["start"] if label is None else min(label, turn["start"])
        for s, e in _paragraphs(text, pos, max(gap_end, pos)):
            out.append({"kind": "paragraph", "start": s, "end": e, "speaker": None, "role": None, "outlet": None})
        if turn["role"] == "question":
            outlet = turn["speaker"]
        start, end = max(turn["start"], pos), turn["end"]
        if end > start:
            out.append(
                {
                    "kind": "turn",
                    "start": start,
                    "end": end,
                    "speaker": turn["speaker"],
                    "role": turn["role"],
                    "outlet": outlet,
                }
            )
        pos = max(pos, end)
    for s, e in _paragraphs(text, pos, len(text)):
        out.append({"kind": "paragraph", "start": s, "end": e, "speaker": None, "role": None, "outlet": None})
    out = [piece for passage in out for piece in _bounded(text, passage)]
    for n, passage in enumerate(out, 1):
        passage["n"] = n
    return out


MAX_PASSAGE_CHARS = 20_000  # a longer turn or paragraph is cut into passages of at most this size


def _bounded(text: str, passage: dict[str, Any]) -> list[dict[str, Any]]:
    """`passage`, or pieces of it (same speaker, role and outlet) of at most MAX_PASSAGE_CHARS, cut
    after the last sentence end, else the last space, before the limit (else at the limit): search,
    snippets and KWIC then do bounded work however long a document's one line is."""
    start, end = passage["start"], passage["end"]
    if end - start <= MAX_PASSAGE_CHARS:
        return [passage]
    pieces = []
    while end - start > MAX_PASSAGE_CHARS:
        window = text[start : start + MAX_PASSAGE_CHARS]
        cut = _last_cut(window)
        pieces.append({**passage, "start": start, "end": start + cut})
        start += cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append({**passage, "start": start, "end": end})
    return pieces


def _last_cut(window: str) -> int:
    """Where to cut `window`: after its last sentence end, else at its last space, in its second half."""
    half = len(window) // 2
    for pattern in (r"[.!?。！？](?=\s)", r"\s"):
        found = [m.end() for m in re.finditer(pattern, window[half:])]
        if found:
            return half + found[-1]
    return len(window)


@functools.cache
def _kb_names() -> dict[tuple[str, str], tuple[str, ...]]:
    """(kind, id) → names and variants listed in the knowledge base ({} when it cannot be read)."""
    try:
        from dipcorpus.kb import load_kb

        kb = load_kb()
    except Exception:  # the index still works from the names seen in the corpus
        return {}
    names: dict[tuple[str, str], tuple[str, ...]] = {}
    for ent in kb.entities.values():
        names[(ent.type, ent.id)] = (ent.name, *ent.aliases, *ent.zh)
    for form in kb.formulations.values():
        names[("formulation", form.id)] = (form.name, *form.variants, *form.zh)
    return names


def _rows(parts: dict[str, Any]) -> tuple[list[store.PassageRow], set[tuple[str, str, str]]]:
    text = parts["text"]
    passages = split_passages(text, parts["turns"])
    starts = [p["start"] for p in passages]
    tags: list[set[tuple[str, str]]] = [set() for _ in passages]
    variants: set[tuple[str, str, str]] = set()
    for kind, key, name, start, end in [*parts["entities"], *parts["formulations"]]:
        for variant in (key, name, text[start:end], *_kb_names().get((kind, key), ())):
            if variant and normalise(variant):
                variants.add((kind, normalise(variant), key))
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and start < passages[i]["end"]:
            tags[i].add((kind, key))
    rows = [
        store.PassageRow(
            n=p["n"],
            kind=p["kind"],
            start=p["start"],
            end=p["end"],
            text=text[p["start"] : p["end"]],
            words=count_words(text[p["start"] : p["end"]]),
            ftext=index_text(text[p["start"] : p["end"]]),
            speaker=p["speaker"],
            role=p["role"],
            outlet=p["outlet"],
            tags=tuple(sorted(tags[i])),
        )
        for i, p in enumerate(passages)
    ]
    return rows, variants


def index_documents(
    db: sqlite3.Connection,
    doc_ids: Iterable[str],
    *,
    on_doc: Callable[[str], None] | None = None,
    batch: int = 200,
) -> int:
    """(Re)index the passages of `doc_ids`: the hook the ingest batch calls after storing documents.
    Commits every `batch` documents. Returns the number of passages written. The tantivy folder
    (when there is one and it was up to date) is updated too; a missing one is left to `reindex`."""
    doc_ids = list(doc_ids)
    if not doc_ids:
        return 0
    derived = _derived_fresh(db)
    total, pending = 0, 0
    db.execute("BEGIN IMMEDIATE")
    try:
        for doc_id in doc_ids:
            parts = store.document_parts(db, doc_id)
            if parts is None:
                continue
            rows, variants = _rows(parts)
            store.replace_passages(db, doc_id, rows, variants, transaction=False)
            total += len(rows)
            pending += 1
            if on_doc is not None:
                on_doc(doc_id)
            if pending >= batch:
                db.execute("COMMIT")
                db.execute("BEGIN IMMEDIATE")
                pending = 0
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    if derived:
        from dipcorpus.index import tantivy_index

        tantivy_index.update(db, doc_ids, fresh_before=True)
    return total


def _derived_fresh(db: sqlite3.Connection) -> bool:
    """Whether the tantivy folder of `db` exists and matches it (so it can be updated in place)."""
    from dipcorpus.index import tantivy_index

    path = tantivy_index.index_path(db)
    return path is not None and path.is_dir() and tantivy_index.is_fresh(db, path)


def build_passages(db: sqlite3.Connection, doc_ids: Sequence[str] | None = None) -> int:
    """Index `doc_ids`, or (None) every current document that has no passages yet, after taking out
    the documents a newer version of their file replaced (search counts current versions only).
    Incremental: documents already indexed are left alone unless named."""
    if doc_ids is not None:
        return index_documents(db, list(doc_ids))
    drop_stale(db)
    return index_documents(db, store.doc_ids(db, unindexed_only=True))


def drop_stale(db: sqlite3.Connection) -> int:
    """Take the passages of replaced document versions out of the index (both engines); return how
    many documents left it."""
    stale = store.stale_doc_ids(db)
    if not stale:
        return 0
    fresh = _derived_fresh(db)
    store.drop_passages(db, stale)
    if fresh:
        from dipcorpus.index import tantivy_index

        tantivy_index.update(db, stale, fresh_before=True)
    return len(stale)


def reindex(
    db: sqlite3.Connection, *, on_doc: Callable[[str], None] | None = None, tantivy: bool = True
) -> dict[str, int]:
    """Rebuild the whole index from the stored documents (the index is derived), then the tantivy
    folder next to the database file (`tantivy=False` skips it; an in-memory database has none)."""
    from dipcorpus.index import tantivy_index

    store.clear_index(db)
    index_documents(db, store.doc_ids(db), on_doc=on_doc)
    store.optimize(db)
    stats = store.index_stats(db)
    if tantivy:
        stats.update(tantivy_index.build(db))
    return stats
