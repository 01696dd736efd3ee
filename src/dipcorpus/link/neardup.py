"""Passage-level near-duplicates (MinHash LSH band keys, verified by exact Jaccard/containment),
document-level containment derived from them, and the two guards against template noise:

- a passage's fingerprint (`fingerprint`: its tokens with every number masked) is counted per source
  group; a passage whose fingerprint recurs in many documents of its group is furniture (a sign-off,
  a press-contact line, a schedule line) and is never matched (the linker asks the index);
- two passages whose words agree but whose numbers do not (`same_template`: daily statistics
  bulletins, dated schedules) are not near duplicates, however high their Jaccard."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from dipcorpus.link.minhash import band_keys, containment, jaccard, signatures
from dipcorpus.link.passages import Passage
from dipcorpus.link.text import shingle_arrays, shingles, tokens
from dipcorpus.model import Document, Link

__all__ = [
    "CONTAINMENT",
    "NEAR_DUPLICATE",
    "NearDupConfig",
    "PassageMatch",
    "Shingled",
    "document_links",
    "fingerprint",
    "is_furniture",
    "make_link",
    "same_template",
    "shingle_passages",
    "text_similarity",
    "verify",
]

_DIGITS = frozenset("0123456789")
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
    furniture_docs: int = 3  # a fingerprint in this many documents of one source group is furniture,
    short_furniture_docs: int = 2  # or in this many when the passage is short (a schedule or contact line)
    short_words: int = 25  # under this many words a passage is short
    template_numbers: float = 0.5  # numbers agreeing less than this: same template, not a duplicate


@dataclass(frozen=True, slots=True, kw_only=True)
class Shingled:
    """What matching needs of a passage: its shingle hashes, LSH band keys, fingerprint, numbers."""

    passage: Passage
    shingles: frozenset[int]
    bands: tuple[int, ...]
    fp: int
    numbers: frozenset[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class PassageMatch:
    a: Passage
    b: Passage
    kind: str
    score: float


def fingerprint(words: Sequence[str]) -> int:
    """A signed 64-bit hash of the token sequence with every number masked: passages that differ only
    in their numbers (or not at all) share it."""
    masked = " ".join("#" if w[0] in _DIGITS else w for w in words)
    return int.from_bytes(hashlib.blake2b(masked.encode(), digest_size=8).digest(), "little", signed=True)


def is_furniture(docs: int, words: int, *, cfg: NearDupConfig) -> bool:
    """Whether a passage of `words` words whose fingerprint is in `docs` documents of its source group
    is furniture."""
    return docs >= cfg.furniture_docs or (words < cfg.short_words and docs >= cfg.short_furniture_docs)


def shingle_passages(
    doc: Document, found: Sequence[Passage], *, cfg: NearDupConfig, words: Sequence[Sequence[str]] | None = None
) -> list[Shingled]:
    """The matching features of `found` (passages of `doc`), their MinHash signatures computed at once
    (`words`: each passage's `tokens`, when the caller has them)."""
    if words is None:
        words = [tokens(doc.text[p.start : p.end]) for p in found]
    arrays = shingle_arrays(words, k=cfg.shingle)
    sets = [frozenset(a.tolist()) for a in arrays]
    keys = band_keys(signatures(arrays)).tolist() if found else []
    return [
        Shingled(
            passage=p,
            shingles=sh,
            bands=tuple(k),
            fp=fingerprint(w),
            numbers=frozenset(x for x in w if x[0] in _DIGITS),
        )
        for p, w, sh, k in zip(found, words, sets, keys, strict=True)
    ]


def text_similarity(text_a: str, text_b: str, *, k: int = 3) -> float:
    """Jaccard similarity of the word k-shingles of two texts (symmetric; 1.0 for identical texts)."""
    return jaccard(shingles(tokens(text_a), k=k), shingles(tokens(text_b), k=k))


def make_link(**fields: object) -> Link:
    """A `Link` from keyword fields (a, b, kind, score and optional spans)."""
    return Link.from_dict(fields)


def _ordered(x: Passage, y: Passage) -> tuple[Passage, Passage]:
    return (x, y) if x.key <= y.key else (y, x)


def same_template(a: frozenset[str], b: frozenset[str], *, contained: bool, cfg: NearDupConfig) -> bool:
    """Whether two passages whose words match differ in their numbers: fewer than `template_numbers`
    of them agree (Jaccard; for containment, the share of the smaller side's numbers found in the
    larger), counted only when one side has two numbers or more."""
    if max(len(a), len(b)) < 2:
        return False
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    agree = (len(small & large) / len(small) if small else 0.0) if contained else len(a & b) / len(a | b)
    return agree < cfg.template_numbers


def verify(x: Shingled, y: Shingled, *, cfg: NearDupConfig) -> PassageMatch | None:
    """The exact match of two candidate passages: a near duplicate, a containment (the contained
    passage first), or None (too different, or one template filled with other numbers)."""
    a, b = _ordered(x.passage, y.passage)
    (sa, na), (sb, nb) = ((x.shingles, x.numbers), (y.shingles, y.numbers))
    if a is not x.passage:
        (sa, na), (sb, nb) = (sb, nb), (sa, na)
    jac = jaccard(sa, sb)
    if jac >= cfg.threshold:
        if same_template(na, nb, contained=False, cfg=cfg):
            return None
        return PassageMatch(a=a, b=b, kind=NEAR_DUPLICATE, score=round(jac, 4))
    small, large = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    cont = containment(small, large)
    if cont >= cfg.passage_containment:
        if same_template(na, nb, contained=True, cfg=cfg):
            return None
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
