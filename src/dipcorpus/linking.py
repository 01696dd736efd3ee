"""Linking over the stored corpus: joins the pure linker (dipcorpus.link) to the store.

`link_corpus(db)` reads the stored passage index, links the documents not yet indexed, and writes
links, index rows and clusters back; then it pairs the pages of one event in two languages
(`link_translations`: every day that gained or lost a document is paired again) and aligns their turns.
`dipcorpus ingest` calls it after storing a batch; `dipcorpus link` calls it on demand (with --rebuild
to start again). `entity_names` gives the linkers an entity's names in a language (knowledge base,
CLDR country names through babel).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from dipcorpus.link.clusters import clusters
from dipcorpus.link.linker import DocFeatures, LinkConfig, PKey, features, link_new, profile_features
from dipcorpus.link.minhash import BANDS, NUM_PERM, ROWS
from dipcorpus.link.neardup import Shingled
from dipcorpus.link.passages import Passage
from dipcorpus.link.translation import Names, TranslationConfig, base_language, pair_side, translation_pairs
from dipcorpus.link.turn_align import align_documents
from dipcorpus.model import Link, TurnPair

__all__ = ["LinkReport", "StoreIndex", "entity_names", "link_corpus", "link_translations", "needs_linking"]

_CHUNK = 200  # documents per linking step (and per worker task)
_ALL = 2**62  # a sequence number above every document's: see the whole index


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkReport:
    linked: int  # documents linked in this run
    indexed: int  # documents in the index after it
    links: int  # links written in this run
    translations: int  # translation pairs on the days this run touched
    clusters: int
    seconds: float
    rebuilt: bool
    relinked: int = 0  # indexed documents linked again because a passage of theirs became or ceased to be furniture


def _settings(cfg: LinkConfig) -> dict[str, str]:
    nd = cfg.neardup
    return {
        "threshold": str(nd.threshold),
        "shingle": str(nd.shingle),
        "num_perm": str(NUM_PERM),
        "bands": f"{BANDS}x{ROWS}",
        "min_words": str(cfg.min_words),
        "furniture": f"{nd.furniture_docs},{nd.short_furniture_docs}<{nd.short_words}",
        "template_numbers": str(nd.template_numbers),
        "version": "link.v2",
        "translations": "translation.v1",
    }


class StoreIndex:
    """The `LinkIndex` over the stored index: every answer is a few indexed lookups, so its cost is
    set by the passages asked about, not by the size of the corpus. It sees the documents numbered
    up to `max_seq` (a rebuild links each document against those before it)."""

    def __init__(self, db: sqlite3.Connection, cfg: LinkConfig, *, max_seq: int = _ALL) -> None:
        from dipcorpus.store import links as store

        self.db, self.cfg = db, cfg
        self.max_id = store.max_passage(db, max_seq)

    def add_features(self, feats: DocFeatures) -> None:
        """Nothing: `link_corpus` stores a document's rows before linking it."""

    def band_hits(self, keys: Any) -> dict[int, list[PKey]]:
        from dipcorpus.store import links as store

        return store.band_hits(self.db, keys, max_id=self.max_id)

    def shared_terms(self, asks: Sequence[tuple[PKey, Sequence[str]]], least: int) -> list[list[PKey]]:
        from dipcorpus.store import links as store

        return store.shared_terms(self.db, asks, least=least, max_id=self.max_id)

    def shingled(self, keys: Any) -> dict[PKey, Shingled]:
        from dipcorpus.store import links as store

        out = {}
        for row in store.indexed_passages(self.db, keys):
            s = _shingled(row, ())
            out[s.passage.key] = s
        return out

    def furniture(self, keys: Any) -> set[PKey]:
        from dipcorpus.store import links as store

        nd = self.cfg.neardup
        return store.furniture(
            self.db, keys, min_docs=nd.furniture_docs, short_docs=nd.short_furniture_docs, short_words=nd.short_words
        )

    def doc_totals(self, doc_ids: Any) -> dict[str, tuple[int, int]]:
        from dipcorpus.store import links as store

        return store.doc_totals(self.db, doc_ids)


def _shingled(row: dict[str, Any], bands: tuple[int, ...]) -> Shingled:
    passage = Passage(
        doc_id=row["doc_id"], n=row["n"], start=row["start"], end=row["end"], turn=row["turn"], words=row["words"]
    )
    return Shingled(
        passage=passage,
        shingles=frozenset(np.frombuffer(row["shingles"], dtype="<u4").tolist()),
        bands=bands,
        fp=row["fp"],
        numbers=frozenset(row["numbers"].split()),
    )


def _stored_features(db: sqlite3.Connection, doc_ids: Sequence[str]) -> list[DocFeatures]:
    """The matching features of indexed documents, read back from the index (no profiles)."""
    from dipcorpus.store import links as store

    out = []
    for doc_id, rows in store.doc_index_rows(db, doc_ids).items():
        shingled = tuple(_shingled(r, tuple(map(int, (r["bands"] or "").split()))) for r in rows)
        keys = tuple(tuple(sorted((r["terms"] or "").split())) for r in rows)
        out.append(DocFeatures(doc_id=doc_id, group="", shingled=shingled, profiles=None, keys=keys))
    return out


def _indexed(f: DocFeatures) -> Any:
    from dipcorpus.store import links as store

    rows = [
        store.IndexedPassage(
            n=s.passage.n,
            start=s.passage.start,
            end=s.passage.end,
            turn=s.passage.turn,
            words=s.passage.words,
            fp=s.fp,
            numbers=" ".join(sorted(s.numbers)),
            shingles=np.array(sorted(s.shingles), dtype="<u4").tobytes(),
            bands=s.bands,
            terms=keys,
        )
        for s, keys in zip(f.shingled, f.keys, strict=True)
    ]
    return store.IndexedDoc(doc_id=f.doc_id, grp=f.group, passages=rows)


def _db_path(db: sqlite3.Connection) -> str | None:
    """The file of the main database (None in memory: no worker can open it)."""
    for row in db.execute("PRAGMA database_list"):
        if row[1] == "main":
            return str(row[2]) or None
    return None


_WORKER: dict[tuple[str, LinkConfig], tuple[sqlite3.Connection, Callable[[str], DocFeatures | None]]] = {}


def _worker(path: str, cfg: LinkConfig) -> tuple[sqlite3.Connection, Callable[[str], DocFeatures | None]]:
    """A worker process's read-only connection and profile loader (kept for its later tasks)."""
    from dipcorpus.store.db import connect

    if (path, cfg) not in _WORKER:
        db = connect(path, readonly=True)
        _WORKER[(path, cfg)] = (db, _loader(db, cfg))
    return _WORKER[(path, cfg)]


def _features_of(db: sqlite3.Connection, doc_ids: list[str], cfg: LinkConfig) -> list[Any]:
    from dipcorpus.store import links as store

    docs = (store.link_document(db, d) for d in doc_ids)
    return [_indexed(features(doc, cfg=cfg)) for doc in docs if doc is not None]


def _feature_job(args: tuple[str, list[str], LinkConfig]) -> list[Any]:
    """Worker: the index rows of documents, read from the corpus file."""
    path, doc_ids, cfg = args
    return _features_of(_worker(path, cfg)[0], doc_ids, cfg)


def _link_job(args: tuple[str, list[str], int, LinkConfig]) -> list[Link]:
    """Worker: the links of indexed documents against those numbered up to `max_seq`."""
    path, doc_ids, max_seq, cfg = args
    db, load = _worker(path, cfg)
    return _link_docs(db, doc_ids, max_seq, cfg, load)


def _link_docs(
    db: sqlite3.Connection,
    doc_ids: list[str],
    max_seq: int,
    cfg: LinkConfig,
    load: Callable[[str], DocFeatures | None],
) -> list[Link]:
    return link_new(_stored_features(db, doc_ids), StoreIndex(db, cfg, max_seq=max_seq), load)


def _run(jobs: int, func: Callable[[Any], Any], tasks: list[Any], inline: Callable[[Any], Any]) -> Iterator[Any]:
    """`func` over `tasks` in order: in worker processes when `jobs` > 1 and there are several tasks,
    else `inline` (the same work on the caller's connection)."""
    if jobs <= 1 or len(tasks) < 2:
        yield from (inline(t) for t in tasks)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(func, tasks)


def link_corpus(
    db: sqlite3.Connection,
    *,
    cfg: LinkConfig | None = None,
    rebuild: bool = False,
    on_doc: Callable[[str], None] | None = None,
    jobs: int = 1,
) -> LinkReport:
    """Link every current document not yet indexed (all of them with `rebuild`, or when the stored
    index was built with other settings), then recompute the clusters.

    Three steps: the new documents' passages are indexed (`jobs` worker processes compute their
    features); each is linked against the indexed documents numbered before it (so a rebuild and an
    incremental run find the same pairs, each once); and the indexed documents holding a passage
    whose fingerprint became, or ceased to be, furniture are linked again."""
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
    counts: list[store.FpCount] = []
    if stale:  # older versions and deleted documents leave the index and their links go
        counts += store.forget_docs(db, stale)
        queries.replace_links(db, [], docs=stale)
    new = [doc_id for doc_id in current if doc_id not in indexed]
    path = _db_path(db) if jobs > 1 else None
    jobs = jobs if path else 1
    chunks = _chunks(new, _CHUNK)
    seq = store.next_seq(db)
    first = seq
    load = _loader(db, cfg)
    with store.bulk_load(db) if not indexed or rebuild else _nothing():
        for docs in _run(
            jobs,
            _feature_job,
            [(path, c, cfg) for c in chunks],
            lambda t: _features_of(db, t[1], cfg),
        ):
            counts += store.save_docs(db, docs, seq=seq)
            seq += len(docs)
    seqs = store.doc_seqs(db, new)
    tasks = [(path, c, max((seqs.get(d, first) for d in c), default=first), cfg) for c in chunks]
    written = 0
    for chunk, links in zip(
        chunks, _run(jobs, _link_job, tasks, lambda t: _link_docs(db, t[1], t[2], cfg, load)), strict=True
    ):
        queries.replace_links(db, links, docs=chunk)
        written += len(links)
        if on_doc is not None:
            for doc_id in chunk:
                on_doc(doc_id)
    nd = cfg.neardup
    edges = {nd.furniture_docs, nd.furniture_docs - 1, nd.short_furniture_docs, nd.short_furniture_docs - 1}
    crossed = {(grp, fp) for grp, fp, n in counts if n in edges}  # counts that may have changed a status
    again = sorted(store.docs_with_prints(db, crossed) - set(new)) if crossed else []
    for chunk in _chunks(again, _CHUNK):
        links = _link_docs(db, chunk, _ALL, cfg, load)
        queries.replace_links(db, links, docs=chunk)
        written += len(links)
    translations = link_translations(db, new, gone=stale, jobs=jobs)
    if rebuild or not indexed:
        found = clusters(store.passage_link_rows(db, _CLUSTERED), store.doc_dates(db))
        store.replace_clusters(db, _cluster_rows(found))
    else:
        _update_clusters(db, {*new, *again, *stale})
    return LinkReport(
        linked=len(new),
        indexed=len(store.indexed_doc_ids(db)),
        links=written + translations,
        translations=translations,
        clusters=store.cluster_count(db),
        seconds=round(time.perf_counter() - started, 2),
        rebuilt=rebuild,
        relinked=len(again),
    )


_CLUSTERED = ("near duplicate", "containment")


def _cluster_rows(found: Sequence[Any]) -> list[tuple[str, str, int, int, str | None, int]]:
    return [(c.id, m.doc_id, m.start, m.end, m.date, int(m == c.representative)) for c in found for m in c.members]


def _update_clusters(db: sqlite3.Connection, touched: set[str]) -> int:
    """Recompute only the clusters the `touched` documents' links can have changed: those with a
    member in a touched document or at an end of one of its passage links. Their members' links
    are all read again, so each recomputed cluster is whole; the others cannot have changed.
    Returns the number of clusters recomputed."""
    from dipcorpus.store import links as store

    if not touched:
        return 0
    new_links = store.passage_links_touching(db, touched, _CLUSTERED)
    ends = {(k.a_doc, k.a_start, k.a_end) for k in new_links} | {(k.b_doc, k.b_start, k.b_end) for k in new_links}
    old = store.clusters_touching(db, touched | {d for d, _, _ in ends})
    members = store.cluster_members(db, old)
    seeds = ends | {(d, a, b) for _, d, a, b in members}
    docs = {d for d, _, _ in seeds}
    found = clusters(store.passage_links_touching(db, docs, _CLUSTERED), store.doc_dates(db, docs))
    kept = [c for c in found if any((m.doc_id, m.start, m.end) in seeds for m in c.members)]
    store.replace_some_clusters(db, old, _cluster_rows(kept))
    return len(kept)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def needs_linking(db: sqlite3.Connection, cfg: LinkConfig | None = None) -> bool:
    """Whether `link_corpus` has work: a current document not yet linked, a linked one that is no
    longer current, or link settings that changed. Cheap: ids only."""
    from dipcorpus.store import links as store

    current = set(store.current_doc_ids(db))
    indexed = store.indexed_doc_ids(db)
    meta = store.get_meta(db)
    return bool(current - indexed) or bool(indexed - current) or (bool(meta) and meta != _settings(cfg or LinkConfig()))


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _loader(db: sqlite3.Connection, cfg: LinkConfig) -> Callable[[str], DocFeatures | None]:
    """The passage profiles of a stored document (for the translation-variant alignment), the last
    few thousand kept: a rebuild asks for the same candidates again and again."""
    from dipcorpus.store import links as store

    @lru_cache(maxsize=2048)
    def load(doc_id: str) -> DocFeatures | None:
        doc = store.link_document(db, doc_id)
        return None if doc is None else profile_features(doc, cfg=cfg)

    return load


def link_translations(
    db: sqlite3.Connection,
    doc_ids: list[str],
    *,
    gone: list[str] | None = None,
    cfg: TranslationConfig | None = None,
    names: Names | None = None,
    jobs: int = 1,
) -> int:
    """Pair again every day on which one of `doc_ids` or of the `gone` documents (older versions,
    whose pairs are dropped) falls, align each pair's turns, and store both; pairs never cross a
    day. Returns the number of pairs on those days. With `jobs` > 1 and many days, worker processes
    pair the days (each loads the knowledge base once)."""
    from dipcorpus.store import links as store

    gone = gone or []
    store.replace_translations(db, gone, [], [])
    days = sorted(store.days_of(db, [*doc_ids, *gone]))
    by_day = list(store.current_docs_on_days(db, days).values())
    path = _db_path(db) if jobs > 1 and len(by_day) >= 2 * _DAYS else None
    if path is None:
        names = names or entity_names()
        results: Iterator[list[_DayPairs]] = iter([[_pair_day(db, ids, names, cfg) for ids in by_day]])
    else:
        tasks = [(path, by_day[i : i + _DAYS], cfg) for i in range(0, len(by_day), _DAYS)]
        results = _run(jobs, _translation_job, tasks, lambda t: None)
    total = 0
    for done in results:
        for ids, links, pairs in done:
            store.replace_translations(db, ids, links, pairs)
            total += len(links)
    return total


_DAYS = 40  # days per worker task
_DayPairs = tuple[list[str], list[Link], list[TurnPair]]


def _pair_day(db: sqlite3.Connection, ids: list[str], names: Names, cfg: TranslationConfig | None) -> _DayPairs:
    """The translation pairs of one day's documents `ids` and their turn alignments."""
    from dipcorpus.store import queries

    docs = {d.id: d for d in (queries.load_document(db, i) for i in ids) if d is not None}
    sides = [s for s in (pair_side(d) for d in docs.values()) if s is not None]
    links = translation_pairs(sides, names, cfg=cfg)
    pairs: list[TurnPair] = []
    for k in links:
        pairs.extend(align_documents(docs[k.a_doc], docs[k.b_doc], names))
    return ids, links, pairs


def _translation_job(args: tuple[str, list[list[str]], TranslationConfig | None]) -> list[_DayPairs]:
    """Worker: the pairs of some days, read from the corpus file."""
    from dipcorpus.store.db import connect

    path, days, cfg = args
    db = connect(path, readonly=True)
    try:
        names = entity_names()
        return [_pair_day(db, ids, names, cfg) for ids in days]
    finally:
        db.close()


def entity_names(extra_kb: tuple[str, ...] = ()) -> Names:
    """(entity id, language) -> the entity's names in that language: the knowledge base's name and
    aliases for English, its `zh` names (and their traditional forms, through OpenCC) for Chinese, and
    CLDR's name of a country in any language. Latin-script names shorter than four letters ("US",
    "UN") are left out: as substrings they match inside other words."""
    from pathlib import Path

    from dipcorpus.kb import load_kb

    kb = load_kb([Path(p) for p in extra_kb])

    @lru_cache(maxsize=65_536)
    def names(entity_id: str, code: str) -> tuple[str, ...]:
        record, language = kb.entities.get(entity_id), base_language(code)
        if record is None:
            return ()
        found: list[str] = []
        if language == "en":
            found += [record.name, *record.aliases]
        elif language == "zh":
            found += record.zh
        if record.type == "country":
            found += _cldr_country(entity_id, language)
        if language == "zh":
            found += [_traditional(n) for n in found]
        return tuple(dict.fromkeys(n for n in found if n and not (n.isascii() and len(n) < 4)))

    return names


@lru_cache(maxsize=1)
def _s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def _traditional(name: str) -> str:
    return str(_s2t().convert(name))


@lru_cache(maxsize=4096)
def _cldr_country(iso3: str, language: str) -> tuple[str, ...]:
    """The CLDR name of the country with ISO 3166 code `iso3` in `language` (none when unknown)."""
    import babel
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    try:
        locale = babel.Locale.parse(language)
    except (ValueError, babel.UnknownLocaleError):
        return ()
    name = locale.territories.get(country.alpha_2) if country is not None else None
    return (name,) if name else ()
