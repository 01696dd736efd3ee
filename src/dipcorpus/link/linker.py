"""Link new documents against everything already indexed, without recomputing the corpus.

The linker asks an index (`LinkIndex`) for what it needs and never reads the whole corpus: the
passages sharing an LSH band key with a new passage, the passages sharing a rare key term, which
passages are furniture, and the passage totals of the documents concerned. `LinkState` is the
in-memory index (tests, one-shot linking); `dipcorpus.linking` has one over the store, where every
question is an indexed lookup, so linking one document costs the same in a small or a large corpus.
Pure: the caller reads and writes the database.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from dipcorpus.link.neardup import (
    NearDupConfig,
    PassageMatch,
    Shingled,
    document_links,
    is_furniture,
    make_link,
    shingle_passages,
    verify,
)
from dipcorpus.link.passages import Passage, passages, source_group
from dipcorpus.link.text import tokens
from dipcorpus.link.variants import TRANSLATION_VARIANT, Profile, VariantConfig, key_terms, profile, variant
from dipcorpus.model import Document, Link

__all__ = [
    "DocFeatures",
    "LinkConfig",
    "LinkIndex",
    "LinkState",
    "PKey",
    "features",
    "link_new",
    "passage_links",
    "profile_features",
]

PKey = tuple[str, int]  # (doc_id, n)


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkConfig:
    neardup: NearDupConfig = field(default_factory=NearDupConfig)
    variant: VariantConfig = field(default_factory=VariantConfig)
    min_words: int = 12  # passages shorter than this are skipped


@dataclass(frozen=True, slots=True, kw_only=True)
class DocFeatures:
    doc_id: str
    group: str  # the source group whose furniture this document's passages count towards
    shingled: tuple[Shingled, ...]
    profiles: tuple[Profile, ...] | None  # None when read back from the index (load the document)
    keys: tuple[tuple[str, ...], ...]

    @property
    def passages(self) -> list[Passage]:
        return [s.passage for s in self.shingled]

    @property
    def words(self) -> int:
        return sum(s.passage.words for s in self.shingled)


def features(doc: Document, *, cfg: LinkConfig) -> DocFeatures:
    found = passages(doc, min_words=cfg.min_words)
    words = [tokens(doc.text[p.start : p.end]) for p in found]
    profiles = tuple(profile(doc, p, w) for p, w in zip(found, words, strict=True))
    return DocFeatures(
        doc_id=doc.id,
        group=source_group(doc.source),
        shingled=tuple(shingle_passages(doc, found, cfg=cfg.neardup, words=words)),
        profiles=profiles,
        keys=tuple(tuple(key_terms(p, cfg=cfg.variant)) for p in profiles),
    )


def profile_features(doc: Document, *, cfg: LinkConfig) -> DocFeatures:
    """Only what the translation-variant alignment reads (passages and their profiles): for a
    candidate document already indexed."""
    found = passages(doc, min_words=cfg.min_words)
    profiles = tuple(profile(doc, p, tokens(doc.text[p.start : p.end])) for p in found)
    return DocFeatures(doc_id=doc.id, group=source_group(doc.source), shingled=(), profiles=profiles, keys=())


class LinkIndex(Protocol):
    """What the linker asks of the indexed corpus. Every answer covers the indexed documents the
    index lets this run see (a rebuild links each document against those before it)."""

    cfg: LinkConfig

    def add_features(self, feats: DocFeatures) -> None: ...

    def band_hits(self, keys: Collection[int]) -> Mapping[int, Sequence[PKey]]: ...

    def shared_terms(self, asks: Sequence[tuple[PKey, Sequence[str]]], least: int) -> list[list[PKey]]:
        """For each (passage, its key terms): the passages of other documents sharing `least` of them."""
        ...

    def shingled(self, keys: Collection[PKey]) -> Mapping[PKey, Shingled]: ...

    def furniture(self, keys: Collection[PKey]) -> set[PKey]: ...

    def doc_totals(self, doc_ids: Collection[str]) -> Mapping[str, tuple[int, int]]: ...  # (passages, words)


@dataclass
class LinkState:
    """The in-memory `LinkIndex`: every document added so far."""

    cfg: LinkConfig
    bands: dict[int, list[PKey]] = field(default_factory=lambda: defaultdict(list))
    postings: dict[str, list[PKey]] = field(default_factory=lambda: defaultdict(list))
    rows: dict[PKey, Shingled] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    counts: Counter[tuple[str, int]] = field(default_factory=Counter)  # (group, fp) -> documents
    totals: dict[str, tuple[int, int]] = field(default_factory=dict)

    def add_features(self, feats: DocFeatures) -> None:
        if feats.doc_id in self.totals:
            return
        self.groups[feats.doc_id] = feats.group
        self.totals[feats.doc_id] = (len(feats.shingled), feats.words)
        for s, keys in zip(feats.shingled, feats.keys, strict=True):
            self.rows[s.passage.key] = s
            for k in s.bands:
                self.bands[k].append(s.passage.key)
            for term in keys:
                self.postings[term].append(s.passage.key)
        self.counts.update({(feats.group, s.fp) for s in feats.shingled})

    def band_hits(self, keys: Collection[int]) -> Mapping[int, Sequence[PKey]]:
        return {k: self.bands[k] for k in keys if k in self.bands}

    def shared_terms(self, asks: Sequence[tuple[PKey, Sequence[str]]], least: int) -> list[list[PKey]]:
        out = []
        for key, terms in asks:
            shared: Counter[PKey] = Counter()
            for term in terms:
                shared.update(k for k in self.postings.get(term, ()) if k[0] != key[0])
            out.append([k for k, n in shared.items() if n >= least])
        return out

    def shingled(self, keys: Collection[PKey]) -> Mapping[PKey, Shingled]:
        return {k: self.rows[k] for k in keys if k in self.rows}

    def furniture(self, keys: Collection[PKey]) -> set[PKey]:
        nd = self.cfg.neardup
        return {
            k
            for k in keys
            if k in self.rows
            and is_furniture(self.counts[(self.groups[k[0]], self.rows[k].fp)], self.rows[k].passage.words, cfg=nd)
        }

    def doc_totals(self, doc_ids: Collection[str]) -> Mapping[str, tuple[int, int]]:
        return {d: self.totals[d] for d in doc_ids if d in self.totals}


def link_new(new: Sequence[DocFeatures], state: LinkIndex, load: Callable[[str], DocFeatures | None]) -> list[Link]:
    """Links between the `new` documents and everything `state` shows (the new ones included, which
    are added to it). `load(doc_id)` gives the features of an indexed document (for the translation
    variant alignment of a candidate pair)."""
    cfg = state.cfg
    by_id = {f.doc_id: f for f in new}
    for feats in new:
        state.add_features(feats)
    mine = {s.passage.key: s for f in new for s in f.shingled}
    skip = state.furniture(mine.keys())
    matches = _matches([s for k, s in mine.items() if k not in skip], mine, state)
    docs = {d for m in matches for d in (m.a.doc_id, m.b.doc_id)}
    totals = state.doc_totals(docs)
    links = document_links(matches, lambda d: totals.get(d, (0, 0))[1], cfg=cfg.neardup)
    doc_linked = {frozenset((k.a_doc, k.b_doc)) for k in links if k.a_start is None}

    def get(doc_id: str) -> DocFeatures | None:
        feats = by_id.get(doc_id)
        return feats if feats is not None and feats.profiles is not None else load(doc_id)

    for a_id, b_id in _variant_candidates(new, skip, state):
        if frozenset((a_id, b_id)) in doc_linked:
            continue
        a, b = get(a_id), get(b_id)
        if a is not None and b is not None and a.profiles is not None and b.profiles is not None:
            furniture = state.furniture({p.passage.key for p in (*a.profiles, *b.profiles)})
            pa = [p for p in a.profiles if p.passage.key not in furniture]
            pb = [p for p in b.profiles if p.passage.key not in furniture]
            links.extend(_variant_links(a_id, pa, b_id, pb, cfg=cfg.variant))
    return links


def _matches(live: Sequence[Shingled], mine: Mapping[PKey, Shingled], state: LinkIndex) -> list[PassageMatch]:
    """Verified matches of the `live` new passages with every passage sharing a band key (other
    documents only, furniture left out)."""
    hits = state.band_hits({k for s in live for k in s.bands})
    pairs: dict[tuple[PKey, PKey], tuple[Shingled, PKey]] = {}
    for s in live:
        me = s.passage.key
        for k in s.bands:
            for other in hits.get(k, ()):
                if other[0] != me[0]:
                    pairs.setdefault((min(me, other), max(me, other)), (s, other))
    wanted = {other for _, other in pairs.values()}
    rows = dict(state.shingled(wanted - mine.keys()))
    rows.update((k, mine[k]) for k in wanted & mine.keys())
    furniture = state.furniture(wanted)
    out = []
    for s, other in pairs.values():
        y = rows.get(other)
        if y is None or other in furniture:
            continue
        match = verify(s, y, cfg=state.cfg.neardup)
        if match is not None:
            out.append(match)
    return sorted(out, key=lambda m: (m.a.key, m.b.key))


def _variant_candidates(new: Sequence[DocFeatures], skip: set[PKey], state: LinkIndex) -> list[tuple[str, str]]:
    """Document pairs (ordered canonically) with enough passage pairs sharing rare key terms."""
    vcfg = state.cfg.variant
    asks = [
        (s.passage.key, keys)
        for f in new
        for s, keys in zip(f.shingled, f.keys, strict=True)
        if s.passage.key not in skip and len(keys) >= vcfg.min_shared_keys
    ]
    found: dict[tuple[PKey, PKey], None] = {}
    for (me, _), others in zip(asks, state.shared_terms(asks, vcfg.min_shared_keys), strict=True):
        for other in others:
            found[(min(me, other), max(me, other))] = None
    furniture = state.furniture({k for pair in found for k in pair})
    kept = [(x, y) for x, y in found if x not in furniture and y not in furniture]
    totals = state.doc_totals({k[0] for pair in kept for k in pair})
    pair_hits: Counter[tuple[str, str]] = Counter(_doc_order(x[0], y[0], totals) for x, y in kept)
    out = []
    for (a, b), hits in sorted(pair_hits.items()):
        smaller = min(totals.get(a, (0, 0))[0], totals.get(b, (0, 0))[0])
        if hits >= min(vcfg.min_pairs, max(smaller, 1)):
            out.append((a, b))
    return out


def _doc_order(x: str, y: str, totals: Mapping[str, tuple[int, int]]) -> tuple[str, str]:
    """The smaller document first (by passage words, then id), so results do not depend on order."""
    kx, ky = (totals.get(x, (0, 0))[1], x), (totals.get(y, (0, 0))[1], y)
    return (x, y) if kx <= ky else (y, x)


def _variant_links(
    a_id: str, a: Sequence[Profile], b_id: str, b: Sequence[Profile], *, cfg: VariantConfig
) -> list[Link]:
    """The translation-variant links of two documents (their passages other than furniture)."""
    found = variant(a, b, cfg=cfg)
    if found is None:
        return []
    links = [make_link(a_doc=a_id, b_doc=b_id, kind=TRANSLATION_VARIANT, score=found.score)]
    for i, j, sim in found.pairs:
        pa, pb = a[i].passage, b[j].passage
        links.append(
            make_link(
                a_doc=a_id,
                b_doc=b_id,
                kind=TRANSLATION_VARIANT,
                score=round(sim, 4),
                a_start=pa.start,
                a_end=pa.end,
                b_start=pb.start,
                b_end=pb.end,
            )
        )
    return links


def passage_links(links: Iterable[Link]) -> list[Link]:
    """The passage-level links (with spans) among `links`."""
    return [k for k in links if k.a_start is not None]
