"""Build a new text from an old one while keeping the map back to the raw text.

Every cleaning step reads a source text (with its own map to raw, or none when the source is the
raw text itself) and writes a new text through a `TextBuilder`: `copy` takes a source span
verbatim, `put` writes replacement text for a source span (optionally recorded as a `Repair`).
The builder composes the maps, so a clean offset always leads back to the raw text.
Segments are kept as plain lists while building (this is the hot path of ingest).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence

from dipcorpus.model import Repair, Segment, raw_offset

__all__ = ["TextBuilder", "compose_maps", "identity_map"]


def identity_map(text: str) -> tuple[Segment, ...]:
    return (Segment(clean_start=0, raw_start=0, clean_len=len(text), raw_len=len(text)),)


class TextBuilder:
    """Accumulates clean text, its segments into raw, and the repairs made on the way."""

    def __init__(self, source: str, source_map: Sequence[Segment] | None = None) -> None:
        self.source = source
        self.source_map: tuple[Segment, ...] = tuple(source_map) if source_map else identity_map(source)
        self._starts = [s.clean_start for s in self.source_map]
        first = self.source_map[0] if len(self.source_map) == 1 else None
        # One verbatim segment (plain text read as is): offsets shift by a constant.
        self._shift = first.raw_start if first is not None and first.clean_len == first.raw_len else None
        self._parts: list[str] = []
        self._pos = 0
        self._segs: list[list[int]] = []  # [clean_start, raw_start, clean_len, raw_len]
        self._repairs: list[Repair] = []
        self._copies: list[tuple[int, int, int]] = []  # (source start, source end, built start)

    @property
    def pos(self) -> int:
        """Length of the text built so far."""
        return self._pos

    def raw(self, pos: int) -> int:
        if self._shift is not None:
            return self._shift + min(max(pos, 0), len(self.source))
        return raw_offset(self.source_map, pos, self._starts)

    def _add(self, raw_start: int, clean_len: int, raw_len: int) -> None:
        if clean_len == 0:
            return
        segs = self._segs
        if segs:
            last = segs[-1]
            if (
                clean_len == raw_len
                and last[2] == last[3]
                and last[1] + last[3] == raw_start
                and last[0] + last[2] == self._pos
            ):
                last[2] += clean_len
                last[3] += raw_len
                return
        segs.append([self._pos, raw_start, clean_len, raw_len])

    def copy(self, start: int, end: int, *, newlines_as_spaces: bool = False) -> None:
        """Append source[start:end] verbatim (with `newlines_as_spaces`, each newline as one space: the
        same length, so the map is unchanged)."""
        if end <= start:
            return
        self._copies.append((start, end, self._pos))
        if self._shift is not None:
            self._add(self._shift + start, end - start, end - start)
            self._pos += end - start
        else:
            self._copy_mapped(start, end)
        piece = self.source[start:end]
        self._parts.append(piece.replace("\n", " ") if newlines_as_spaces else piece)

    def _copy_mapped(self, start: int, end: int) -> None:
        for _clean_start, raw_start, clean_len, raw_len in mapped_pieces(self.source_map, self._starts, start, end):
            self._add(raw_start, clean_len, raw_len)
            self._pos += clean_len

    def put(self, text: str, start: int, end: int, *, kind: str | None = None) -> None:
        """Append `text` in place of source[start:end]; with `kind`, record it as a repair."""
        if self._shift is not None:
            raw_a, raw_b = self._shift + start, self._shift + end
        else:
            raw_a, raw_b = self.raw(start), self.raw(end)
        if kind is not None:
            self._repairs.append(
                Repair(
                    kind=kind,
                    start=self._pos,
                    end=self._pos + len(text),
                    raw_start=raw_a,
                    raw_end=raw_b,
                    before=self.source[start:end],
                    after=text,
                )
            )
        if text:
            self._add(raw_a, len(text), raw_b - raw_a)
            self._parts.append(text)
            self._pos += len(text)

    def apply(
        self,
        start: int,
        end: int,
        edits: Sequence[tuple[int, int, str, str | None]],
        *,
        newlines_as_spaces: bool = False,
    ) -> None:
        """Copy source[start:end] with sorted, non-overlapping `edits` (start, end, replacement, kind) applied,
        and with `newlines_as_spaces`, every newline left between edits written as one space.

        The same as alternating `copy` and `put`, inlined for plain sources (the hot path of ingest)."""
        if self._shift is None or any(kind is not None for _, _, _, kind in edits):
            pos = start
            for a, b, replacement, kind in edits:
                self.copy(pos, a, newlines_as_spaces=newlines_as_spaces)
                self.put(replacement, a, b, kind=kind)
                pos = b
            self.copy(pos, end, newlines_as_spaces=newlines_as_spaces)
            return
        shift, source, parts, segs, copies = self._shift, self.source, self._parts, self._segs, self._copies
        out = self._pos
        pos = start
        for a, b, replacement, _ in (*edits, (end, end, "", None)):
            n = a - pos
            if n > 0:
                copies.append((pos, a, out))
                parts.append(source[pos:a].replace("\n", " ") if newlines_as_spaces else source[pos:a])
                last = segs[-1] if segs else None
                if last and last[2] == last[3] and last[1] + last[3] == shift + pos and last[0] + last[2] == out:
                    last[2] += n
                    last[3] += n
                else:
                    segs.append([out, shift + pos, n, n])
                out += n
            m = len(replacement)
            if m:
                parts.append(replacement)
                last = segs[-1] if segs else None
                if (
                    m == b - a
                    and last
                    and last[2] == last[3]
                    and last[1] + last[3] == shift + a
                    and last[0] + last[2] == out
                ):
                    last[2] += m
                    last[3] += m
                else:
                    segs.append([out, shift + a, m, b - a])
                out += m
            pos = b
        self._pos = out

    def moved(self, pos: int) -> int | None:
        """Where source offset `pos` landed in the built text, if it was copied."""
        i = bisect.bisect_right(self._copies, pos, key=lambda c: c[0]) - 1
        if i < 0:
            return None
        start, end, built = self._copies[i]
        return built + (pos - start) if start <= pos <= end else None

    def build(self) -> tuple[str, tuple[Segment, ...], tuple[Repair, ...]]:
        segments = tuple(Segment(a, b, c, d) for a, b, c, d in self._segs)
        return "".join(self._parts), segments, tuple(self._repairs)


def compose_maps(outer: Sequence[Segment], inner: Sequence[Segment]) -> tuple[Segment, ...]:
    """The map of `outer` (clean -> middle text) followed by `inner` (middle text -> raw): clean -> raw.

    A verbatim outer segment is split where the inner map changes, so verbatim stays verbatim and a
    character the inner map took from several raw characters keeps that span."""
    starts = [s.clean_start for s in inner]
    out: list[list[int]] = []

    def add(clean_start: int, raw_start: int, clean_len: int, raw_len: int) -> None:
        last = out[-1] if out else None
        if (
            last is not None
            and clean_len == raw_len
            and last[2] == last[3]
            and last[1] + last[3] == raw_start
            and last[0] + last[2] == clean_start
        ):
            last[2] += clean_len
            last[3] += raw_len
        elif clean_len:
            out.append([clean_start, raw_start, clean_len, raw_len])

    for cs, ms, cl, ml in outer:
        if cl != ml:
            a = raw_offset(inner, ms, starts)
            add(cs, a, cl, raw_offset(inner, ms + ml, starts) - a)
            continue
        for start, raw_start, clean_len, raw_len in mapped_pieces(inner, starts, ms, ms + ml):
            add(cs + start - ms, raw_start, clean_len, raw_len)
    return tuple(map(Segment._make, out))


def mapped_pieces(
    segments: Sequence[Segment], starts: Sequence[int], start: int, end: int
) -> Iterator[tuple[int, int, int, int]]:
    """The clean range [start, end) of a map, cut where its segments are cut: (clean_start, raw_start,
    clean_len, raw_len) pieces. A verbatim segment maps character for character, a whole replaced
    segment keeps its raw span, a part of one maps through `raw_offset`; past the map, the raw end."""
    i = max(bisect.bisect_right(starts, start) - 1, 0)
    pos = start
    while pos < end and i < len(segments):
        seg = segments[i]
        seg_end = seg.clean_start + seg.clean_len
        if seg_end <= pos:
            i += 1
            continue
        stop = min(end, seg_end)
        n = stop - pos
        if seg.clean_len == seg.raw_len:
            yield pos, seg.raw_start + (pos - seg.clean_start), n, n
        elif pos == seg.clean_start and stop == seg_end:
            yield pos, seg.raw_start, n, seg.raw_len
        else:
            raw_a, raw_b = raw_offset(segments, pos, starts), raw_offset(segments, stop, starts)
            yield pos, raw_a, n, raw_b - raw_a
        pos = stop
        i += 1
    if pos < end:
        yield pos, raw_offset(segments, pos, starts), end - pos, 0
