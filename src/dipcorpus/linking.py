"""Linking over the stored corpus: joins the pure linker (dipcorpus.link) to the store.

`link_corpus(db)` reads the stored passage index, links the documents not yet indexed, and writes
links, index rows and clusters back. `dipcorpus ingest` calls it after storing a batch; `dipcorpus
link` calls it on demand (with --rebuild to start again).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dipcorpus.link.clusters import clusters
from dipcorpus.link.linker import DocFeatures, LinkConfig, LinkState, PassageRow, features, link_new, rows_of
from dipcorpus.link.minhash import NUM_PERM
from dipcorpus.link.passages import Passage

__all__ = ["LinkReport", "link_corpus"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkReport:
    linked: int  # documents linked in this run
    indexed: int  # documents in the index after it
    links: int  # links written in this run
    clusters: int
    seconds: float
    rebuilt: bool


def _settings(cfg: LinkConfig) -> dict[str, str]:
    nd = cfg.neardup
    return {
        "threshold": str(nd.threshold),
        "shingle": str(nd.shingle),
        "num_perm": str(NUM_PERM),
        "min_words": str(cfg.min_words),
        "version": "link.v1",
    }


def link_corpus(
    db: sqlite3.Connection,
    *,
    cfg: LinkConfig | None = None,
    rebuild: bool = False,
    on_doc: Callable[[str], None] | None = None,
) -> LinkReport:
    """Link every current document not yet indexed (all of them with `rebuild`, or when the stored
    index was built with other settings), then recompute the clusters."""
    from dipcorpus.store import links as store
    from dipcorpus.store import queries

    cfg = cfg or LinkConfig()
    started = time.perf_counter()
    current = store.current_doc_ids(db)
    meta = store.get_meta(db)
    rebuild = rebuild or (bool(meta) and meta != _settings(cfg))
    if rebuild:
        store.clear_index(db)
        queries.replace_links(db, [])
    store.set_meta(db, _settings(cfg))
    indexed = store.indexed_doc_ids(db)
    stale = sorted(indexed - set(current))
    if stale:  # older versions and deleted documents leave the index and their links go
        store.forget_docs(db, stale)
        queries.replace_links(db, [], docs=stale)
    state = LinkState(cfg)
    state.add_rows(_rows(store.passage_rows(db)))
    load = _loader(db, cfg)
    new = [doc_id for doc_id in current if doc_id not in indexed]
    written = 0
    for chunk in _chunks(new, 200):
        feats = [f for f in (load(doc_id) for doc_id in chunk) if f is not None]
        links = link_new(feats, state, load)
        queries.replace_links(db, links, docs=[f.doc_id for f in feats])
        written += len(links)
        for f in feats:
            store.save_index(db, f.doc_id, [_row_tuple(r) for r in rows_of(f)])
            if on_doc is not None:
                on_doc(f.doc_id)
    found = clusters(store.passage_link_rows(db, ("near duplicate", "containment")), store.doc_dates(db))
    store.replace_clusters(
        db,
        [(c.id, m.doc_id, m.start, m.end, m.date, int(m == c.representative)) for c in found for m in c.members],
    )
    return LinkReport(
        linked=len(new),
        indexed=len(store.indexed_doc_ids(db)),
        links=written,
        clusters=len(found),
        seconds=round(time.perf_counter() - started, 2),
        rebuilt=rebuild,
    )


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _rows(rows: Any) -> Any:
    for r in rows:
        passage = Passage(
            doc_id=r["doc_id"],
            n=r["n"],
            start=r["start"],
            end=r["end"],
            turn=r["turn"],
            words=r["words"],
            date=r["date"],
        )
        yield PassageRow(passage=passage, sig=bytes(r["sig"]), keys=tuple(r["keys"].split()))


def _row_tuple(row: PassageRow) -> tuple[int, int, int, int | None, int, bytes, str]:
    p = row.passage
    return (p.n, p.start, p.end, p.turn, p.words, row.sig, " ".join(row.keys))


def _loader(db: sqlite3.Connection, cfg: LinkConfig) -> Callable[[str], DocFeatures | None]:
    from dipcorpus.store import queries

    @lru_cache(maxsize=512)
    def load(doc_id: str) -> DocFeatures | None:
        doc = queries.load_document(db, doc_id)
        return None if doc is None else features(doc, cfg=cfg)

    return load
