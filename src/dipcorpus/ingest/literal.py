"""Bodies saved as a Python bytes literal (`b'...'`), the shape a crawler leaves when it writes
`str(response.content)`: the page is one `b'<div>...\\n...\\xe2\\x80\\x99...'` after an optional short
prefix (a title line, say). `unwrap_bytes_literal` undoes the literal without eval (the escapes are
decoded here; `ast.literal_eval` only validates) and decodes the bytes as UTF-8 (cp1252 when they
are not UTF-8), returning the unwrapped text with its exact map back into the wrapped text: plain
runs map one to one, every character written as escapes maps to the escapes it came from (a run
of escaped whitespace, which HTML collapses, maps as a whole).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from dipcorpus.model import Segment

__all__ = ["Unwrapped", "unwrap_bytes_literal"]

# the opening of a bytes literal at the start of a line (b'...' or b"...", not raw or string literals)
_OPEN = re.compile(r"(?m)^[ \t]*[bB](['\"])")
# a run of escape sequences inside the literal
_ESCAPES = re.compile(r"(?:\\(?:x[0-9a-fA-F]{2}|[0-7]{1,3}|[\s\S]))+")
_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|([0-7]{1,3})|([\s\S]))")
_SIMPLE = {
    "\\": 0x5C,
    "'": 0x27,
    '"': 0x22,
    "a": 0x07,
    "b": 0x08,
    "f": 0x0C,
    "n": 0x0A,
    "r": 0x0D,
    "t": 0x09,
    "v": 0x0B,
}
_MIN_SHARE = 0.5  # the literal must hold at least this share of the text


@dataclass(frozen=True, slots=True)
class Unwrapped:
    text: str  # the prefix, the decoded literal, the suffix
    offsets: tuple[Segment, ...]  # unwrapped offsets into the wrapped text
    encoding: str  # how the literal's bytes were decoded


def _find_literal(text: str) -> tuple[int, int] | None:
    """(start, end) of the one bytes literal that ends the text and holds most of it."""
    m = _OPEN.search(text, 0, min(len(text), 4096))
    if m is None:
        return None
    end = len(text.rstrip())
    quote = m.group(1)
    start = m.end() - 2  # at the b
    if end - start < 3 or text[end - 1] != quote or (end - start) < _MIN_SHARE * len(text):
        return None
    return start, end


def _token_bytes(m: re.Match[str]) -> int | None:
    """The byte an escape stands for (None for a line continuation, which stands for nothing)."""
    hexa, octal, char = m.groups()
    if hexa is not None:
        return int(hexa, 16)
    if octal is not None:
        return int(octal, 8) & 0xFF
    if char == "\n":
        return None
    simple = _SIMPLE.get(char)
    return simple if simple is not None else 0x5C  # an unknown escape keeps its backslash


class _MapBuilder:
    def __init__(self) -> None:
        self.segs: list[list[int]] = []
        self.pos = 0

    def add(self, raw_start: int, clean_len: int, raw_len: int) -> None:
        if clean_len == 0:
            return
        last = self.segs[-1] if self.segs else None
        if (
            last is not None
            and clean_len == raw_len
            and last[2] == last[3]
            and last[1] + last[3] == raw_start
            and last[0] + last[2] == self.pos
        ):
            last[2] += clean_len
            last[3] += raw_len
        else:
            self.segs.append([self.pos, raw_start, clean_len, raw_len])
        self.pos += clean_len


def _decode_run(run: str, encoding: str) -> tuple[str, tuple[tuple[int, int, int], ...]]:
    """Decode one run of escapes: its text, and (raw start in the run, characters, raw length) pieces."""
    spans: list[tuple[int, int]] = []  # raw span of each byte, in the run
    data = bytearray()
    pending = 0  # a line continuation's raw characters go to the next byte
    for m in _ESCAPE.finditer(run):
        byte = _token_bytes(m)
        if byte is None:
            continue
        if byte == 0x5C and m.group(3) not in (None, "\\"):  # unknown escape: backslash and the character
            data.extend((0x5C, ord(m.group(3)) & 0xFF))
            spans.extend(((pending, m.start() + 1), (m.start() + 1, m.end())))
        else:
            data.append(byte)
            spans.append((pending, m.end()))
        pending = m.end()
    if not data:
        return "", ()
    spans[-1] = (spans[-1][0], len(run))  # a trailing continuation belongs to the last byte
    decoded = data.decode(encoding, errors="replace")
    if decoded.isspace():  # whitespace the HTML reader collapses anyway: one piece for the run
        return decoded, ((0, len(decoded), len(run)),)
    pieces: list[tuple[int, int, int]] = []
    i = 0
    for char in decoded:
        n = 1 if len(decoded) == len(data) or char == "\ufffd" else len(char.encode(encoding, errors="replace"))
        n = max(1, min(n, len(spans) - i))
        a, b = spans[i][0], spans[i + n - 1][1]
        pieces.append((a, 1, b - a))
        i += n
    return decoded, tuple(pieces)


def unwrap_bytes_literal(text: str) -> Unwrapped | None:
    """The text with its one bytes-literal body undone, or None when the text has no such body."""
    found = _find_literal(text)
    if found is None:
        return None
    start, end = found
    literal = text[start:end]
    if not literal.isascii():
        return None
    try:
        value = ast.literal_eval(literal)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(value, bytes):
        return None
    try:
        value.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "cp1252"
    out: list[str] = [text[:start]]
    builder = _MapBuilder()
    builder.add(0, start, start)
    pos = start + 2  # past b and the quote
    body_end = end - 1
    cache: dict[str, tuple[str, tuple[tuple[int, int, int], ...]]] = {}
    add = builder.add
    for m in _ESCAPES.finditer(text, pos, body_end):
        a = m.start()
        if a > pos:
            out.append(text[pos:a])
            add(pos, a - pos, a - pos)
        run = m.group()
        decoded = cache.get(run)
        if decoded is None:
            decoded = cache[run] = _decode_run(run, encoding)
        out.append(decoded[0])
        for rel, clean_len, raw_len in decoded[1]:
            add(a + rel, clean_len, raw_len)
        pos = m.end()
    if body_end > pos:
        out.append(text[pos:body_end])
        builder.add(pos, body_end - pos, body_end - pos)
    out.append(text[end:])
    builder.add(end, len(text) - end, len(text) - end)
    offsets = tuple(map(Segment._make, builder.segs))
    return Unwrapped(text="".join(out), offsets=offsets, encoding=encoding)
