"""Passage-level near-duplicates (MinHash LSH, verified by exact Jaccard/containment) and
document-level containment derived from them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from dipcorpus.link.minhash import LshIndex, containment, jaccard, signature
from dipcorpus.link.passages import Passage
from dipcorpus.link.text import shingles, tokens
from dipcorpus.model import Document, Link

__all__ = [
    "CONTAINMENT",
    "NEAR_DUPLICATE",
    "NearDupConfig",
    "PassageMatch",
    "Shingled",
    "document_links",
    "make_link",
    "match_passages",
    "shingle_passage",
    "text_similarity",
]

NEAR_DUPLICATE = "near duplicate"
CONTAINMENT = "containment"


@dataclass(frozen=True, slots=True, kw_only=True)
class NearDupConfig:
    threshold: float = 0.7  # verified Jaccard of word shingles for a near duplicate
    shingle: int = 3  # words per shingle
    lsh_margin: float = 0.15  # the LSH looks for candidates this far below `threshold` (recall)
    passage_containment: float = 0.85  # share of the smaller passage's shingles found in the larger one
    doc_containment: float = 0.6  # share of A's passage words matched in B for "A is contained in B"
    doc_duplicate: float = 0.8  # both ways for a document-level near duplicate


@dataclass(frozen=True, slots=True, kw_only=True)
class Shingled:
    passage: Passage
    shingles: frozenset[int]
    sig: np.ndarray[Any, np.dtype[np.uint32]]


@dataclass(frozen=True, slots=True, kw_only=True)
class PassageMatch:
    a: Passage
    b: Passage
    kind: str
    score: float


def shingle_passage(doc: Document, passage: Passage, *, cfg: NearDupConfig) -> Shingled:
    sh = frozenset(shingles(tokens(doc.text[passage.start : passage.end]), k=cfg.shingle))
    return Shingled(passage=passage, shingles=sh, sig=signature(sh))


def text_similarity(text_a: str, text_b: str, *, k: int = 3) -> float:
    """Jaccard similarity of the word k-shingles of two texts (symmetric; 1.0 for identical texts)."""
    return jaccard(shingles(tokens(text_a), k=k), shingles(tokens(text_b), k=k))


def make_link(**fields: object) -> Link:
    """A `Link` from keyword fields (a, b, kind, score and optional spans)."""
    return Link.from_dict(fields)


def _ordered(x: Passage, y: Passage) -> tuple[Passage, Passage]:
    return (x, y) if x.key <= y.key else (y, x)


def match_passages(
    new: Sequence[Shingled],
    index: LshIndex,
    lookup: Callable[[Hashable], Shingled | None],
    *,
    cfg: NearDupConfig,
) -> list[PassageMatch]:
    """Add `new` to `index` and return verified matches between them and everything indexed
    (other documents only). `lookup` gives the shingles of an indexed key."""
    for item in new:
        index.add(item.passage.key, item.sig)
    seen: set[tuple[tuple[str, int], tuple[str, int]]] = set()
    out: list[PassageMatch] = []
    for item in new:
        for raw in index.query(item.sig):
            key = cast(tuple[str, int], raw)
            if key[0] == item.passage.doc_id:
                continue
            pair = (min(key, item.passage.key), max(key, item.passage.key))
            if pair in seen:
                continue
            seen.add(pair)
            other = lookup(key)
            if other is None:
                continue
            match = _verify(item, other, cfg=cfg)
            if match is not None:
                out.append(match)
    return sorted(out, key=lambda m: (m.a.key, m.b.key))


def _verify(x: Shingled, y: Shingled, *, cfg: NearDupConfig) -> PassageMatch | None:
    a, b = _ordered(x.passage, y.passage)
    sa, sb = (x.shingles, y.shingles) if a is x.passage else (y.shingles, x.shingles)
    jac = jaccard(set(sa), set(sb))
    if jac >= cfg.threshold:
        return PassageMatch(a=a, b=b, kind=NEAR_DUPLICATE, score=round(jac, 4))
    small, large = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    cont = containment(set(small), set(large))
    if cont >= cfg.passage_containment:
        if small is sb:  # the contained passage goes first
            a, b = b, a
        return PassageMatch(a=a, b=b, kind=CONTAINMENT, score=round(cont, 4))
    return None


def document_links(
    matches: Iterable[PassageMatch],
    passage_words: Callable[[str], int],
    *,
    cfg: NearDupConfig,
) -> list[Link]:
    """Passage links, plus one document-level link (null spans) per document pair where most of one
    document's passage words are matched in the other. `passage_words(doc_id)` totals a document's."""
    links: list[Link] = []
    covered: dict[tuple[str, str], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    words: dict[tuple[str, int], int] = {}
    for m in matches:
        links.append(
            make_link(
                a_doc=m.a.doc_id,
                b_doc=m.b.doc_id,
                kind=m.kind,
                score=m.score,
                a_start=m.a.start,
                a_end=m.a.end,
                b_start=m.b.start,
                b_end=m.b.end,
            )
        )
        pair = tuple(sorted((m.a.doc_id, m.b.doc_id)))
        for p in (m.a, m.b):
            covered[pair][p.doc_id].add(p.n)  # type: ignore[index]
            words[p.key] = p.words
    for (x, y), by_doc in sorted(covered.items()):
        cov = {d: sum(words[(d, n)] for n in by_doc[d]) / max(passage_words(d), 1) for d in (x, y)}
        if min(cov.values()) >= cfg.doc_duplicate:
            links.append(make_link(a_doc=x, b_doc=y, kind=NEAR_DUPLICATE, score=round(min(cov.values()), 4)))
        elif max(cov.values()) >= cfg.doc_containment:
            inner, outer = (x, y) if cov[x] >= cov[y] else (y, x)
            links.append(make_link(a_doc=inner, b_doc=outer, kind=CONTAINMENT, score=round(cov[inner], 4)))
    return links
