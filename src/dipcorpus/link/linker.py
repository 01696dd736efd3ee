"""Link new documents against everything already indexed, without recomputing the corpus.

`LinkState` is the in-memory index (MinHash LSH over passage signatures, an inverted index of rare
key terms). It is built from stored rows (`PassageRow`: what the store persists per passage) and
grows as documents are linked. Pure: the caller reads and writes the database.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np

from dipcorpus.link.minhash import LshIndex, signature_from_bytes, signature_to_bytes
from dipcorpus.link.neardup import (
    NearDupConfig,
    Shingled,
    document_links,
    make_link,
    match_passages,
    shingle_passage,
)
from dipcorpus.link.passages import Passage, passages
from dipcorpus.link.variants import TRANSLATION_VARIANT, Profile, VariantConfig, key_terms, profile, variant
from dipcorpus.model import Document, Link

__all__ = [
    "DocFeatures",
    "LinkConfig",
    "LinkState",
    "PassageRow",
    "features",
    "link_new",
    "passage_links",
    "rows_of",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkConfig:
    neardup: NearDupConfig = field(default_factory=NearDupConfig)
    variant: VariantConfig = field(default_factory=VariantConfig)
    min_words: int = 12  # passages shorter than this are skipped


@dataclass(frozen=True, slots=True, kw_only=True)
class DocFeatures:
    doc_id: str
    shingled: tuple[Shingled, ...]
    profiles: tuple[Profile, ...]
    keys: tuple[tuple[str, ...], ...]

    @property
    def passages(self) -> list[Passage]:
        return [s.passage for s in self.shingled]

    @property
    def words(self) -> int:
        return sum(s.passage.words for s in self.shingled)


@dataclass(frozen=True, slots=True, kw_only=True)
class PassageRow:
    """What the store keeps for one passage: the passage, its signature and its key terms."""

    passage: Passage
    sig: bytes
    keys: tuple[str, ...]


def features(doc: Document, *, cfg: LinkConfig) -> DocFeatures:
    found = passages(doc, min_words=cfg.min_words)
    profiles = tuple(profile(doc, p) for p in found)
    return DocFeatures(
        doc_id=doc.id,
        shingled=tuple(shingle_passage(doc, p, cfg=cfg.neardup) for p in found),
        profiles=profiles,
        keys=tuple(tuple(key_terms(p, cfg=cfg.variant)) for p in profiles),
    )


def rows_of(feats: DocFeatures) -> list[PassageRow]:
    return [
        PassageRow(passage=s.passage, sig=signature_to_bytes(s.sig), keys=k)
        for s, k in zip(feats.shingled, feats.keys, strict=True)
    ]


@dataclass
class LinkState:
    cfg: LinkConfig
    index: LshIndex = field(init=False)
    postings: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    doc_words: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    doc_passages: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def __post_init__(self) -> None:
        nd = self.cfg.neardup
        self.index = LshIndex(threshold=max(0.3, nd.threshold - nd.lsh_margin))

    def add_rows(self, rows: Iterable[PassageRow]) -> None:
        for row in rows:
            self._add(row.passage, signature_from_bytes(row.sig), row.keys)

    def _add(self, p: Passage, sig: np.ndarray[Any, np.dtype[np.uint32]], keys: Sequence[str]) -> None:
        if p.key in self.index:
            return
        self.index.add(p.key, sig)
        for term in keys:
            self.postings[term].append(p.key)
        self.doc_words[p.doc_id] += p.words
        self.doc_passages[p.doc_id] += 1

    def add_features(self, feats: DocFeatures) -> None:
        for s, k in zip(feats.shingled, feats.keys, strict=True):
            self._add(s.passage, s.sig, k)


def link_new(new: Sequence[DocFeatures], state: LinkState, load: Callable[[str], DocFeatures | None]) -> list[Link]:
    """Links between the `new` documents and everything in `state` (the new ones included, which
    are added to it). `load(doc_id)` gives the features of an indexed document."""
    cfg = state.cfg
    by_id = {f.doc_id: f for f in new}
    for feats in new:
        state.add_features(feats)

    def get(doc_id: str) -> DocFeatures | None:
        return by_id.get(doc_id) or load(doc_id)

    def lookup(key: Hashable) -> Shingled | None:
        doc_id, n = cast(tuple[str, int], key)
        feats = get(doc_id)
        return feats.shingled[n - 1] if feats is not None and 0 < n <= len(feats.shingled) else None

    shingled = [s for f in new for s in f.shingled]
    matches = match_passages(shingled, state.index, lookup, cfg=cfg.neardup)
    links = document_links(matches, lambda d: state.doc_words.get(d, 0), cfg=cfg.neardup)
    doc_linked = {frozenset((k.a_doc, k.b_doc)) for k in links if k.a_start is None}
    for a_id, b_id in _variant_candidates(new, state):
        if frozenset((a_id, b_id)) in doc_linked:
            continue
        a, b = get(a_id), get(b_id)
        if a is not None and b is not None:
            links.extend(_variant_links(a, b, cfg=cfg.variant))
    return links


def _variant_candidates(new: Sequence[DocFeatures], state: LinkState) -> list[tuple[str, str]]:
    """Document pairs (ordered canonically) with enough passage pairs sharing rare key terms."""
    vcfg = state.cfg.variant
    pair_hits: Counter[tuple[str, str]] = Counter()
    seen_pairs: set[tuple[tuple[str, int], tuple[str, int]]] = set()
    for feats in new:
        for s, keys in zip(feats.shingled, feats.keys, strict=True):
            shared: Counter[tuple[str, int]] = Counter()
            for term in keys:
                shared.update(k for k in state.postings.get(term, ()) if k[0] != feats.doc_id)
            for other, count in shared.items():
                pkey = (min(s.passage.key, other), max(s.passage.key, other))
                if count >= vcfg.min_shared_keys and pkey not in seen_pairs:
                    seen_pairs.add(pkey)
                    pair_hits[_doc_order(s.passage.doc_id, other[0], state)] += 1
    out = []
    for (a, b), hits in sorted(pair_hits.items()):
        smaller = min(state.doc_passages.get(a, 0), state.doc_passages.get(b, 0))
        if hits >= min(vcfg.min_pairs, max(smaller, 1)):
            out.append((a, b))
    return out


def _doc_order(x: str, y: str, state: LinkState) -> tuple[str, str]:
    """The smaller document first (by passage words, then id), so results do not depend on order."""
    kx, ky = (state.doc_words.get(x, 0), x), (state.doc_words.get(y, 0), y)
    return (x, y) if kx <= ky else (y, x)


def _variant_links(a: DocFeatures, b: DocFeatures, *, cfg: VariantConfig) -> list[Link]:
    found = variant(a.profiles, b.profiles, cfg=cfg)
    if found is None:
        return []
    links = [make_link(a_doc=a.doc_id, b_doc=b.doc_id, kind=TRANSLATION_VARIANT, score=found.score)]
    for i, j, sim in found.pairs:
        pa, pb = a.profiles[i].passage, b.profiles[j].passage
        links.append(
            make_link(
                a_doc=a.doc_id,
                b_doc=b.doc_id,
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
