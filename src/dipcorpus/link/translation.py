"""Translation pairs: the pages of one event published in two languages.

A ministry publishes each press conference (and each day's remarks) in Chinese and in English; the two
pages share no words, so the near-duplicate and variant linkers cannot see them. Two documents are a
candidate pair when their languages differ, their event dates are the same day and their event types
are compatible; the pair is confirmed by language-independent evidence (`evidence`): the length ratio of
the texts, the names one side mentions that the other side carries in its own language, the numbers and
Latin-script tokens they share, the number of questions, the spokesperson named in both titles and
whether both titles name the date. On each day, the best-scoring pairs are taken one to one; a second
copy of a page (same day, language and title) joins its twin's partner. Pure: names come in as a function.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from dipcorpus.model import Document, Link

__all__ = [
    "TRANSLATION",
    "Names",
    "PairSide",
    "TranslationConfig",
    "base_language",
    "evidence",
    "pair_score",
    "pair_side",
    "translation_pairs",
]

TRANSLATION = "translation"

# (entity id, language) -> the entity's names written in that language ("" or () when unknown)
Names = Callable[[str, str], tuple[str, ...]]

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&\-]*[A-Za-z0-9]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_TITLE_DATE = re.compile(
    rf"\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|\b(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|"
    rf"\b\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}}|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
)

# event types that may be the same event in two languages (a type not listed is its own group)
_TYPE_GROUPS = (
    frozenset({"press conference", "briefing"}),
    frozenset({"remarks", "statement", "interview"}),
)


def _default_weights() -> dict[str, float]:
    return {
        "length": 0.3,
        "names": 0.3,
        "numbers": 0.1,
        "latin": 0.1,
        "turns": 0.1,
        "speaker": 0.1,
        "title_date": 0.05,
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class TranslationConfig:
    threshold: float = 0.5  # weighted mean evidence for a pair
    # characters of the first language per character of the second, for a faithful translation
    char_ratio: Mapping[tuple[str, str], float] = field(default_factory=lambda: {("en", "zh"): 3.8})
    ratio_sigma: float = 0.3  # spread of log(observed ratio / expected ratio) for true pairs
    weights: Mapping[str, float] = field(default_factory=_default_weights)


@dataclass(frozen=True, slots=True, kw_only=True)
class PairSide:
    """What pairing reads from one document."""

    doc_id: str
    language: str  # base language code (`base_language`)
    date: str  # the event day, YYYY-MM-DD
    event_type: str | None
    title: str
    text: str
    ids: frozenset[str]  # entity ids annotated in the text
    questions: int
    turns: int
    answer_speakers: frozenset[str]  # speaker ids of answer turns
    numbers: frozenset[str]
    latin_script: bool  # most letters are Latin
    latin_words: frozenset[str]  # Latin-script words of a text written mostly in another script

    @property
    def title_dated(self) -> bool:
        return _TITLE_DATE.search(self.title) is not None


def base_language(code: str | None) -> str:
    """The language without script or region ('zh-Hant' -> 'zh'): two scripts of one language are not a translation."""
    return (code or "").replace("_", "-").split("-")[0].casefold()


def _numbers(text: str) -> frozenset[str]:
    return frozenset(n.replace(",", "") for n in _DIGITS.findall(text))


def pair_side(doc: Document) -> PairSide | None:
    """The document's pairing features; None when it has no language, event date or text."""
    if not doc.language or not doc.date or not doc.text.strip():
        return None
    text = unicodedata.normalize("NFKC", doc.text)
    letters = _LETTER.findall(text[:20_000])
    latin = sum(ch.isascii() for ch in letters) >= 0.5 * max(len(letters), 1)
    return PairSide(
        doc_id=doc.id,
        language=base_language(doc.language),
        date=doc.date[:10],
        event_type=doc.event_type,
        title=unicodedata.normalize("NFKC", doc.title or ""),
        text=text,
        ids=frozenset(e.id for e in doc.entities),
        questions=sum(1 for t in doc.turns if t.role == "question"),
        turns=len(doc.turns),
        answer_speakers=frozenset(t.speaker_id for t in doc.turns if t.role == "answer" and t.speaker_id),
        numbers=_numbers(text),
        latin_script=latin,
        latin_words=frozenset() if latin else frozenset(w.casefold() for w in _LATIN_WORD.findall(text)),
    )


def compatible_types(a: str | None, b: str | None) -> bool:
    """Same type, either unknown, or both in one group (a press conference is never a remarks page)."""
    if a is None or b is None or a == b:
        return True
    return any(a in group and b in group for group in _TYPE_GROUPS)


def is_candidate(a: PairSide, b: PairSide) -> bool:
    return a.language != b.language and a.date == b.date and compatible_types(a.event_type, b.event_type)


def _ratio_ok(a: PairSide, b: PairSide, cfg: TranslationConfig) -> float:
    expected = cfg.char_ratio.get((a.language, b.language))
    if expected is None:
        back = cfg.char_ratio.get((b.language, a.language))
        expected = 1.0 / back if back else 1.0
    observed = len(a.text) / max(len(b.text), 1)
    d = math.log(observed / expected)
    return math.exp(-(d * d) / (2 * cfg.ratio_sigma**2))


def _names_found(x: PairSide, y: PairSide, names: Names) -> tuple[int, int]:
    """How many of x's entities can be looked for in y (annotated there, or with a name in y's
    language), and how many of them y carries."""
    checkable = found = 0
    for entity_id in x.ids:
        if entity_id in y.ids:
            checkable, found = checkable + 1, found + 1
            continue
        written = [n for n in names(entity_id, y.language) if n]
        if written:
            checkable += 1
            found += any(n in y.text for n in written)
    return checkable, found


def _names(a: PairSide, b: PairSide, names: Names) -> float | None:
    ca, fa = _names_found(a, b, names)
    cb, fb = _names_found(b, a, names)
    return (fa + fb) / (ca + cb) if ca + cb else None


def _jaccard(x: frozenset[str], y: frozenset[str]) -> float | None:
    return len(x & y) / len(x | y) if x or y else None


def _latin(a: PairSide, b: PairSide) -> float | None:
    """Share of the Latin-script words of the non-Latin side (acronyms, foreign names) found in the other."""
    if a.latin_script == b.latin_script:
        return None
    words, other = (b.latin_words, a.text) if a.latin_script else (a.latin_words, b.text)
    if not words:
        return None
    low = other.casefold()
    return sum(w in low for w in words) / len(words)


def _count_ratio(x: int, y: int) -> float:
    return min(x, y) / max(x, y)


def _turns(a: PairSide, b: PairSide) -> float | None:
    if a.questions and b.questions:
        return _count_ratio(a.questions, b.questions)
    if a.turns and b.turns:
        return _count_ratio(a.turns, b.turns)
    return None


def _speaker(a: PairSide, b: PairSide, names: Names) -> float | None:
    """The same person named in both titles, or answering in both (by speaker id)."""
    parts: list[float] = []
    people = {i for i in a.ids | b.ids | a.answer_speakers | b.answer_speakers if i.startswith("person:")}
    in_a = {p for p in people if any(n and n in a.title for n in names(p, a.language))}
    in_b = {p for p in people if any(n and n in b.title for n in names(p, b.language))}
    if in_a or in_b:
        parts.append(len(in_a & in_b) / len(in_a | in_b))
    if a.answer_speakers and b.answer_speakers:
        sa = _resolve(a.answer_speakers, a.language, people, names)
        sb = _resolve(b.answer_speakers, b.language, people, names)
        parts.append(len(sa & sb) / len(sa | sb))
    return sum(parts) / len(parts) if parts else None


def _resolve(speakers: frozenset[str], language: str, people: set[str], names: Names) -> frozenset[str]:
    """Speaker ids with a bare name ('name:…', not in the knowledge base's people) replaced by the
    person among `people` who has that name in `language`."""
    out = set()
    for speaker in speakers:
        name = speaker.partition(":")[2]
        match = [p for p in people if not speaker.startswith("person:") and name in names(p, language)]
        out.add(match[0] if len(match) == 1 else speaker)
    return frozenset(out)


def evidence(a: PairSide, b: PairSide, names: Names, *, cfg: TranslationConfig) -> dict[str, float]:
    """Each piece of evidence in [0, 1]; a piece that cannot be measured on this pair is left out."""
    found: dict[str, float | None] = {
        "length": _ratio_ok(a, b, cfg),
        "names": _names(a, b, names),
        "numbers": _jaccard(a.numbers, b.numbers),
        "latin": _latin(a, b),
        "turns": _turns(a, b),
        "speaker": _speaker(a, b, names),
        "title_date": float(a.title_dated == b.title_dated),
    }
    return {k: round(v, 4) for k, v in found.items() if v is not None}


def pair_score(a: PairSide, b: PairSide, names: Names, *, cfg: TranslationConfig) -> float | None:
    """The weighted mean of the evidence, or None when the two cannot be one event in two languages."""
    if not is_candidate(a, b):
        return None
    found = evidence(a, b, names, cfg=cfg)
    total = sum(cfg.weights.get(k, 0.0) for k in found)
    return sum(cfg.weights.get(k, 0.0) * v for k, v in found.items()) / total if total else None


def _title_key(side: PairSide) -> tuple[str, str, str]:
    return (side.language, side.date, " ".join(side.title.casefold().split()))


def translation_pairs(sides: Iterable[PairSide], names: Names, *, cfg: TranslationConfig | None = None) -> list[Link]:
    """Document-level `translation` links among `sides` (any days; pairs never cross a day). The first
    document of a link is the one whose language sorts first."""
    cfg = cfg or TranslationConfig()
    by_day: dict[str, list[PairSide]] = defaultdict(list)
    for side in sides:
        by_day[side.date].append(side)
    links: list[Link] = []
    for day in sorted(by_day):
        links.extend(_day_pairs(sorted(by_day[day], key=lambda s: s.doc_id), names, cfg))
    return links


def _day_pairs(day: Sequence[PairSide], names: Names, cfg: TranslationConfig) -> list[Link]:
    scored = []
    for i, a in enumerate(day):
        for b in day[i + 1 :]:
            score = pair_score(a, b, names, cfg=cfg)
            if score is not None and score >= cfg.threshold:
                scored.append((score, a, b))
    scored.sort(key=lambda s: (-s[0], s[1].doc_id, s[2].doc_id))
    taken: dict[tuple[str, str], PairSide] = {}  # (doc id, other language) -> its partner
    chosen: list[tuple[float, PairSide, PairSide]] = []
    for score, a, b in scored:
        if (a.doc_id, b.language) in taken or (b.doc_id, a.language) in taken:
            continue
        taken[(a.doc_id, b.language)], taken[(b.doc_id, a.language)] = b, a
        chosen.append((score, a, b))
    chosen.extend(_second_copies(scored, taken))
    return [_link(a, b, score) for score, a, b in chosen]


def _second_copies(
    scored: list[tuple[float, PairSide, PairSide]], taken: Mapping[tuple[str, str], PairSide]
) -> list[tuple[float, PairSide, PairSide]]:
    """A page published twice (same day, language and title) is linked to its twin's partner."""
    extra = []
    for score, a, b in scored:
        for copy, partner in ((a, b), (b, a)):
            twin = taken.get((partner.doc_id, copy.language))
            if (copy.doc_id, partner.language) in taken or twin is None:
                continue
            if twin.doc_id != copy.doc_id and _title_key(twin) == _title_key(copy):
                extra.append((score, a, b))
    return extra


def _link(a: PairSide, b: PairSide, score: float) -> Link:
    first, second = (a, b) if (a.language, a.doc_id) <= (b.language, b.doc_id) else (b, a)
    return Link(a_doc=first.doc_id, b_doc=second.doc_id, kind=TRANSLATION, score=round(score, 4))
