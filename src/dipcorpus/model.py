"""The data model: one document, its clean text, and every annotation as a span into that text.

Everything here is a frozen, slotted dataclass with keyword-only fields. A `Document` owns `text`
(the clean text); an annotation stores `start`/`end` character offsets into it and computes its
text from them. `Segment`s map clean offsets back to the raw text the document was read from.
Each class serialises with a matching `to_dict`/`from_dict` pair.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple, TypeVar

__all__ = [
    "Document",
    "Entity",
    "Formulation",
    "Link",
    "Point",
    "Removal",
    "Repair",
    "Segment",
    "Sentence",
    "Statement",
    "Turn",
    "TurnPair",
    "format_date",
    "raw_offset",
]

T = TypeVar("T")


def _from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


class Segment(NamedTuple):
    """`clean_len` characters of clean text from `clean_start` came from `raw_len` raw characters
    from `raw_start`. Equal lengths mean a verbatim copy; unequal ones a repair or a collapse.

    A NamedTuple rather than a dataclass: a long document has tens of thousands of segments, and
    ingest creates them on its hot path; a tuple is also its own compact serialisation."""

    clean_start: int
    raw_start: int
    clean_len: int
    raw_len: int

    def to_list(self) -> list[int]:
        return list(self)

    @classmethod
    def from_list(cls, row: Sequence[int]) -> Segment:
        return cls(row[0], row[1], row[2], row[3])


def format_date(year: int, month: int, day: int, hour: int | None = None, minute: int | None = None) -> str | None:
    """A date in the model's form: 'YYYY-MM-DD', or 'YYYY-MM-DD HH:MM' with a time; None if no such day."""
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    text = f"{year:04d}-{month:02d}-{day:02d}"
    if hour is None or minute is None or not (0 <= hour < 24 and 0 <= minute < 60):
        return text
    return f"{text} {hour:02d}:{minute:02d}"


def raw_offset(segments: Sequence[Segment], pos: int, starts: Sequence[int] | None = None) -> int:
    """The raw offset of clean offset `pos` (a position between characters, 0..len(text)).
    `starts` (the segments' clean starts) may be passed in by callers that look up many offsets."""
    if not segments:
        return 0
    if starts is None:
        starts = [s.clean_start for s in segments]
    i = max(bisect.bisect_right(starts, pos) - 1, 0)
    seg = segments[i]
    inside = pos - seg.clean_start
    if seg.clean_len == seg.raw_len:
        return seg.raw_start + min(max(inside, 0), seg.raw_len)
    if inside >= seg.clean_len:
        return seg.raw_start + seg.raw_len
    return seg.raw_start + min(max(inside, 0), seg.raw_len)


@dataclass(frozen=True, slots=True, kw_only=True)
class Removal:
    """Raw text that cleaning dropped: boilerplate, page furniture, a source header, a timestamp."""

    kind: str
    raw_start: int
    raw_end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Removal:
        return _from_dict(cls, data)


@dataclass(frozen=True, slots=True, kw_only=True)
class Repair:
    """One change cleaning made: `before` (raw) became `after` at clean span start..end."""

    kind: str
    start: int
    end: int
    raw_start: int
    raw_end: int
    before: str
    after: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Repair:
        return _from_dict(cls, data)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Span:
    start: int
    end: int

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
        return _from_dict(cls, data)


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence(_Span):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class Turn(_Span):
    """A speaker turn. `start`/`end` cover the turn's text after the speaker label; the label
    itself is at `label_start`..`start`. `number` is the printed question number, if any;
    `parallel` holds the span of a parallel-language version (bilingual pages)."""

    n: int
    speaker: str
    role: str
    label_start: int | None = None
    number: int | None = None
    speaker_id: str | None = None
    parallel_start: int | None = None
    parallel_end: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement(_Span):
    """Reported speech: `speaker` `verb`, then the statement at start..end."""

    n: int
    speaker: str
    verb: str
    speaker_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Point(_Span):
    """An enumerated point ('First, ...', 'The second is ...') inside a turn or statement."""

    n: int
    parent: str  # "turn" | "statement" | "body"
    parent_n: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity(_Span):
    type: str  # country | region | organization | media | person
    id: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Formulation(_Span):
    id: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """Two documents, or two passages, that say the same thing."""

    a_doc: str
    b_doc: str
    kind: str  # "near duplicate" | "containment" | "translation variant" | "translation"
    score: float
    a_start: int | None = None
    a_end: int | None = None
    b_start: int | None = None
    b_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Link:
        return _from_dict(cls, data)


@dataclass(frozen=True, slots=True, kw_only=True)
class TurnPair:
    """One step of the alignment of two documents linked as translations: the units (turns, or
    paragraphs when a side has no turns) `a_first`..`a_last` of `a_doc` render `b_first`..`b_last` of
    `b_doc`. `n` orders the steps from 1; a side that has no counterpart (a turn the other page
    omits) has None numbers and span. Numbers are turn numbers (`Turn.n`), or paragraph numbers
    when `unit` is "paragraph"; `start`/`end` are character spans of each side's clean text."""

    a_doc: str
    b_doc: str
    n: int
    unit: str  # "turn" | "paragraph"
    role: str  # the role of the first unit (a side's, else b side's)
    score: float
    a_first: int | None = None
    a_last: int | None = None
    b_first: int | None = None
    b_last: int | None = None
    a_start: int | None = None
    a_end: int | None = None
    b_start: int | None = None
    b_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TurnPair:
        return _from_dict(cls, data)


_SPAN_FIELDS: dict[str, type[Any]] = {
    "sentences": Sentence,
    "turns": Turn,
    "statements": Statement,
    "points": Point,
    "entities": Entity,
    "formulations": Formulation,
    "emphasis": Sentence,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One source document, read and cleaned, with all annotations.

    `id` is the hash of the raw bytes; `raw` their decoded text (for HTML the page source, for
    PDF the text layer); `text` the clean text; `offsets` map clean offsets into `raw`.
    `date` is the event date, `published` the publication date (ISO `YYYY-MM-DD`, or with a time).
    `header` holds source-header fields (journal, author, page, ...). `emphasis` marks bold runs
    of the source (HTML), which the turn parser reads.
    """

    SPAN_FIELDS: ClassVar[dict[str, type[Any]]] = _SPAN_FIELDS
    METADATA: ClassVar[tuple[str, ...]] = (
        "id",
        "source",
        "format",
        "title",
        "date",
        "published",
        "place",
        "event_type",
        "event_name",
        "language",
    )

    id: str
    source: str
    format: str
    raw: str = ""
    text: str = ""
    offsets: tuple[Segment, ...] = ()
    title: str | None = None
    date: str | None = None
    published: str | None = None
    place: str | None = None
    event_type: str | None = None
    event_name: str | None = None
    language: str | None = None
    header: Mapping[str, str] = field(default_factory=dict)
    removals: tuple[Removal, ...] = ()
    repairs: tuple[Repair, ...] = ()
    emphasis: tuple[Sentence, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    turns: tuple[Turn, ...] = ()
    statements: tuple[Statement, ...] = ()
    points: tuple[Point, ...] = ()
    entities: tuple[Entity, ...] = ()
    formulations: tuple[Formulation, ...] = ()

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def raw_offset(self, pos: int) -> int:
        return raw_offset(self.offsets, pos)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "offsets":
                value = [s.to_list() for s in value]
            elif f.name in ("removals", "repairs") or f.name in _SPAN_FIELDS:
                value = [item.to_dict() for item in value]
            elif f.name == "header":
                value = dict(value)
            data[f.name] = value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Document:
        values = dict(data)
        values["offsets"] = tuple(Segment.from_list(row) for row in values.get("offsets", ()))
        values["removals"] = tuple(Removal.from_dict(r) for r in values.get("removals", ()))
        values["repairs"] = tuple(Repair.from_dict(r) for r in values.get("repairs", ()))
        for name, kind in _SPAN_FIELDS.items():
            values[name] = tuple(kind.from_dict(item) for item in values.get(name, ()))
        values["header"] = dict(values.get("header") or {})
        return _from_dict(cls, values)
