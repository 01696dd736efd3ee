"""Near duplicates, containment and alignment on invented passages (see invented_texts.py)."""

from __future__ import annotations

from dipcorpus.link.linker import LinkConfig, LinkState, features, link_new
from dipcorpus.link.neardup import text_similarity
from dipcorpus.link.passages import passages
from dipcorpus.link.variants import VariantConfig, align, profile
from dipcorpus.model import Link
from unit.link.invented_texts import (
    ANSWER_A,
    ANSWER_B,
    HARBOUR,
    HARBOUR_EDITED,
    ORCHESTRA,
    RAILWAY,
    VACCINE,
    doc,
    interview,
)


def _link(*docs):  # type: ignore[no-untyped-def]
    cfg = LinkConfig()
    state = LinkState(cfg)
    feats = [features(d, cfg=cfg) for d in docs]
    return link_new(feats, state, lambda _: None)


def _pairs(links: list[Link]) -> set[frozenset[str]]:
    return {frozenset((k.a_doc, k.b_doc)) for k in links}


def test_passages_skip_tiny_and_follow_turns() -> None:
    d = interview("i1", "Short question?", [HARBOUR, "Thank you.", RAILWAY])
    found = passages(d)
    assert [p.turn for p in found] == [2, 2]  # the question and "Thank you." are too short
    assert d.text[found[0].start : found[0].end] == HARBOUR


def test_neardup_edited_duplicate_found_at_07() -> None:
    assert 0.7 <= text_similarity(HARBOUR, HARBOUR_EDITED) < 1.0
    links = _link(doc("a", [HARBOUR, RAILWAY]), doc("b", [VACCINE, HARBOUR_EDITED]))
    passage_links = [k for k in links if k.a_start is not None and k.kind == "near duplicate"]
    assert len(passage_links) == 1
    assert passage_links[0].score >= 0.7


def test_neardup_unrelated_not_linked() -> None:
    assert _link(doc("a", [HARBOUR, RAILWAY]), doc("b", [VACCINE, ORCHESTRA])) == []


def test_neardup_containment_extract_inside_full_document() -> None:
    links = _link(doc("extract", [RAILWAY, VACCINE]), doc("full", [HARBOUR, RAILWAY, ORCHESTRA, VACCINE]))
    doc_links = [k for k in links if k.a_start is None]
    assert [(k.a_doc, k.b_doc, k.kind) for k in doc_links] == [("extract", "full", "containment")]
    assert sum(1 for k in links if k.a_start is not None) == 2


def test_neardup_whole_document_republished() -> None:
    links = _link(doc("day1", [HARBOUR, RAILWAY]), doc("day2", [HARBOUR, RAILWAY]))
    assert [(k.kind, k.score) for k in links if k.a_start is None] == [("near duplicate", 1.0)]


def test_variants_alignment_one_to_one() -> None:
    a = doc("a", ANSWER_A)
    b = doc("b", [ORCHESTRA, *ANSWER_B, VACCINE])
    cfg = VariantConfig()
    pa = [profile(a, p) for p in passages(a)]
    pb = [profile(b, p) for p in passages(b)]
    found = align(pa, pb, cfg=cfg)
    assert [(i, j) for i, j, _ in found.pairs] == [(0, 1), (1, 2), (2, 3)]
    assert found.coverage == 1.0


def test_variants_translation_variant_linked_and_unrelated_not() -> None:
    links = _link(doc("a", ANSWER_A), doc("b", [ORCHESTRA, *ANSWER_B]), doc("c", [HARBOUR, RAILWAY, VACCINE]))
    assert _pairs(links) == {frozenset(("a", "b"))}
    assert {k.kind for k in links} == {"translation variant"}
    spans = [(k.a_start, k.b_start) for k in links if k.a_start is not None]
    assert len(spans) == 3 and len({a for a, _ in spans}) == 3 and len({b for _, b in spans}) == 3
