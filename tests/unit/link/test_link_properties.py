"""Property tests: duplicate and variant similarity are symmetric and 1.0 for identical texts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dipcorpus.link.neardup import text_similarity
from dipcorpus.link.passages import Passage
from dipcorpus.link.variants import VariantConfig, similarity
from dipcorpus.model import Document

_words = st.lists(
    st.sampled_from(
        [
            "treaty",
            "harbour",
            "grain",
            "minister",
            "2031",
            "border",
            "talks",
            "railway",
            "quota",
            "the",
            "of",
            "and",
            "7",
            "envoy",
            "summit",
        ]
    ),
    min_size=0,
    max_size=40,
)
_texts = _words.map(" ".join) | st.text(max_size=200)


def _profile(text: str):  # type: ignore[no-untyped-def]
    from dipcorpus.link.variants import profile

    doc = Document(id="p", source="p", format="txt", text=text)
    return profile(doc, Passage(doc_id="p", n=1, start=0, end=len(text), turn=None, words=len(text.split())))


@given(_texts, _texts)
def test_link_text_similarity_symmetric(a: str, b: str) -> None:
    assert text_similarity(a, b) == text_similarity(b, a)
    assert 0.0 <= text_similarity(a, b) <= 1.0


@given(_texts)
def test_link_text_similarity_identical_is_one(a: str) -> None:
    assert text_similarity(a, a) == 1.0


@given(_texts, _texts)
def test_link_variant_similarity_symmetric(a: str, b: str) -> None:
    cfg = VariantConfig()
    assert similarity(_profile(a), _profile(b), cfg=cfg) == similarity(_profile(b), _profile(a), cfg=cfg)


@given(_texts)
def test_link_variant_similarity_identical_is_one(a: str) -> None:
    assert similarity(_profile(a), _profile(a), cfg=VariantConfig()) == 1.0
