"""The CWB vertical format (`.vrt`), which CQPweb and NoSketch Engine index as is: one `<text>` per
document with its metadata as attributes, a `<u>` per block (a speaker turn; outside turns a
paragraph with role 'narrative', or a speaker label with role 'label'), an `<s>` per sentence, and
one token a line with three positional attributes: word, the entity id the token belongs to, the
formulation id ('_' for none). Chinese text is cut into words by the project's segmenter; other
text into words and punctuation."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from dipcorpus.annotate.tokens import token_spans
from dipcorpus.export.blocks import blocks
from dipcorpus.model import Document

__all__ = ["POSITIONAL", "to_vertical"]

POSITIONAL = ("word", "entity", "formulation")
_TEXT_ATTRS = ("id", "title", "date", "published", "place", "event_type", "language", "source")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def to_vertical(doc: Document) -> Iterator[str]:
    """The lines of `doc` in the vertical format, each ending with a newline."""
    yield "<text" + "".join(f" {name}={_attr(getattr(doc, name))}" for name in _TEXT_ATTRS) + ">\n"
    entities = _labels(doc.text, [(e.start, e.end, e.id) for e in doc.entities])
    formulations = _labels(doc.text, [(f.start, f.end, f.id) for f in doc.formulations])
    for block in blocks(doc):
        turn = block.turn
        if turn is None:
            role = "label" if block.label else "narrative"
            yield f'<u n="" speaker="" speaker_id="" role="{role}">\n'
        else:
            yield (
                f"<u n={_attr(str(turn.n))} speaker={_attr(turn.speaker)} "
                f"speaker_id={_attr(turn.speaker_id)} role={_attr(turn.role)}>\n"
            )
        for start, end in block.sentences:
            yield "<s>\n"
            for s, e in token_spans(doc.text, start, end):
                word = _CONTROL.sub(" ", doc.text[s:e])
                yield f"{word}\t{entities.at(s)}\t{formulations.at(s)}\n"
            yield "</s>\n"
        yield "</u>\n"
    yield "</text>\n"


class _labels:
    """The id of the annotation covering a character offset ('_' for none); the first wins."""

    def __init__(self, text: str, spans: list[tuple[int, int, str]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _, _ in self.spans]

    def at(self, pos: int) -> str:
        k = bisect.bisect_right(self.starts, pos)
        for start, end, ident in reversed(self.spans[max(0, k - 8) : k]):
            if start <= pos < end:
                return ident
        return "_"


def _attr(value: str | None) -> str:
    clean = _CONTROL.sub(" ", value or "")
    return '"' + clean.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;") + '"'
