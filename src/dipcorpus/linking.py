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
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dipcorpus.link.clusters import clusters
from dipcorpus.link.linker import DocFeatures, LinkConfig, LinkState, PassageRow, features, link_new, rows_of
from dipcorpus.link.minhash import NUM_PERM
from dipcorpus.link.passages import Passage
from dipcorpus.link.translation import Names, TranslationConfig, base_language, pair_side, translation_pairs
from dipcorpus.link.turn_align import align_documents
from dipcorpus.model import TurnPair

__all__ = ["LinkReport", "entity_names", "link_corpus", "link_translations", "needs_linking"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkReport:
    linked: int  # documents linked in this run
    indexed: int  # documents in the index after it
    links: int  # links written in this run
    translations: int  # translation pairs on the days this run touched
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
        "translations": "translation.v1",
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
    translations = link_translations(db, new, gone=stale)
    found = clusters(store.passage_link_rows(db, ("near duplicate", "containment")), store.doc_dates(db))
    store.replace_clusters(
        db,
        [(c.id, m.doc_id, m.start, m.end, m.date, int(m == c.representative)) for c in found for m in c.members],
    )
    return LinkReport(
        linked=len(new),
        indexed=len(store.indexed_doc_ids(db)),
        links=written + translations,
        translations=translations,
        clusters=len(found),
        seconds=round(time.perf_counter() - started, 2),
        rebuilt=rebuild,
    )


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


def link_translations(
    db: sqlite3.Connection,
    doc_ids: list[str],
    *,
    gone: list[str] | None = None,
    cfg: TranslationConfig | None = None,
    names: Names | None = None,
) -> int:
    """Pair again every day on which one of `doc_ids` or of the `gone` documents (older versions,
    whose pairs are dropped) falls, align each pair's turns, and store both; pairs never cross a
    day. Returns the number of pairs on those days."""
    from dipcorpus.store import links as store
    from dipcorpus.store import queries

    names = names or entity_names()
    gone = gone or []
    store.replace_translations(db, gone, [], [])
    days = sorted(store.days_of(db, [*doc_ids, *gone]))
    total = 0
    for ids in store.current_docs_on_days(db, days).values():
        docs = {d.id: d for d in (queries.load_document(db, i) for i in ids) if d is not None}
        sides = [s for s in (pair_side(d) for d in docs.values()) if s is not None]
        links = translation_pairs(sides, names, cfg=cfg)
        pairs: list[TurnPair] = []
        for k in links:
            pairs.extend(align_documents(docs[k.a_doc], docs[k.b_doc], names))
        store.replace_translations(db, ids, links, pairs)
        total += len(links)
    return total


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

