"""A document cut into the blocks both field exports are built from: each speaker turn, and between
turns the text no turn covers, one block a paragraph; each block with the sentences inside it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dipcorpus.model import Document, Turn

__all__ = ["Block", "blocks", "xml_id"]

_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
_NOT_NAME = re.compile(r"[^\w.-]")


@dataclass(frozen=True, slots=True)
class Block:
    start: int
    end: int
    turn: Turn | None  # None: text outside every turn (narration, a readout's paragraph, a label)
    label: bool  # the speaker label printed just before a turn, on its line ('Q:', 'MR PRICE:')
    sentences: tuple[tuple[int, int], ...]  # sentence spans clipped to the block, in order


def blocks(doc: Document) -> list[Block]:
    """The document's turns and the paragraphs between them, in text order, none empty."""
    spans: list[tuple[int, int, Turn | None]] = []
    labels: set[int] = set()  # ends of the paragraphs that are a turn's label
    pos = 0
    for turn in sorted(doc.turns, key=lambda t: t.start):
        if turn.start < pos:  # an overlapping turn (should not happen) is clipped
            continue
        before = _paragraphs(doc.text, pos, turn.start)
        if before and "\n" not in doc.text[before[-1][1] : turn.start]:
            labels.add(before[-1][1])
        spans.extend(before)
        spans.append((turn.start, turn.end, turn))
        pos = turn.end
    spans.extend(_paragraphs(doc.text, pos, len(doc.text)))
    sentences = sorted((s.start, s.end) for s in doc.sentences)
    out = []
    first_open = 0  # blocks and sentences are both in text order: one walk over the sentences
    for first, last, owner in spans:
        start, end = _trimmed(doc.text, first, last)
        if start >= end:
            continue
        while first_open < len(sentences) and sentences[first_open][1] <= start:
            first_open += 1
        inside = []
        for s, e in sentences[first_open:]:
            if s >= end:
                break
            if min(e, end) > max(s, start):
                inside.append((max(s, start), min(e, end)))
        label = owner is None and last in labels
        out.append(Block(start, end, owner, label, tuple(inside) or ((start, end),)))
    return out


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int, None]]:
    return [(start + m.start(), start + m.end(), None) for m in _PARAGRAPH.finditer(text[start:end])]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def xml_id(value: str) -> str:
    """`value` as an XML name usable in xml:id and pointers ('person:lu-kang' -> 'person.lu-kang')."""
    name = _NOT_NAME.sub("-", value.replace(":", "."))
    return name if name[:1].isalpha() or name[:1] == "_" else f"id-{name}"
