"""Build a new text from an old one while keeping the map back to the raw text.

Every cleaning step reads a source text (with its own map to raw, or none when the source is the
raw text itself) and writes a new text through a `TextBuilder`: `copy` takes a source span
verbatim, `put` writes replacement text for a source span (optionally recorded as a `Repair`).
The builder composes the maps, so a clean offset always leads back to the raw text.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from dipcorpus.model import Repair, Segment, raw_offset

__all__ = ["TextBuilder", "identity_map"]


def identity_map(text: str) -> tuple[Segment, ...]:
    return (Segment(clean_start=0, raw_start=0, clean_len=len(text), raw_len=len(text)),)


class TextBuilder:
    """Accumulates clean text, its segments into raw, and the repairs made on the way."""

    def __init__(self, source: str, source_map: Sequence[Segment] | None = None) -> None:
        self.source = source
        self.source_map: tuple[Segment, ...] = tuple(source_map) if source_map else identity_map(source)
        self._starts = [s.clean_start for s in self.source_map]
        self._parts: list[str] = []
        self._pos = 0
        self._segments: list[Segment] = []
        self._repairs: list[Repair] = []
        self._copies: list[tuple[int, int, int]] = []  # (source start, source end, built start)

    @property
    def pos(self) -> int:
        """Length of the text built so far."""
        return self._pos

    def tail(self, n: int = 1) -> str:
        """The last `n` characters built so far (fewer near the start)."""
        out = ""
        for part in reversed(self._parts):
            out = part + out
            if len(out) >= n:
                break
        return out[-n:] if n else ""

    def raw(self, pos: int) -> int:
        return raw_offset(self.source_map, pos)

    def _add(self, seg: Segment) -> None:
        if seg.clean_len == 0:
            return
        if self._segments:
            last = self._segments[-1]
            if (
                last.clean_len == last.raw_len
                and seg.clean_len == seg.raw_len
                and last.raw_start + last.raw_len == seg.raw_start
                and last.clean_start + last.clean_len == seg.clean_start
            ):
                self._segments[-1] = Segment(
                    clean_start=last.clean_start,
                    raw_start=last.raw_start,
                    clean_len=last.clean_len + seg.clean_len,
                    raw_len=last.raw_len + seg.raw_len,
                )
                return
        self._segments.append(seg)

    def copy(self, start: int, end: int) -> None:
        """Append source[start:end] verbatim."""
        if end <= start:
            return
        self._copies.append((start, end, self._pos))

        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        pos = start
        while pos < end and i < len(self.source_map):
            seg = self.source_map[i]
            seg_end = seg.clean_start + seg.clean_len
            if seg_end <= pos:
                i += 1
                continue
            stop = min(end, seg_end)
            n = stop - pos
            if seg.clean_len == seg.raw_len:
                raw_start = seg.raw_start + (pos - seg.clean_start)
                self._add(Segment(clean_start=self._pos, raw_start=raw_start, clean_len=n, raw_len=n))
            else:
                raw_a, raw_b = self.raw(pos), self.raw(stop)
                if pos == seg.clean_start and stop == seg_end:
                    raw_a, raw_b = seg.raw_start, seg.raw_start + seg.raw_len
                self._add(Segment(clean_start=self._pos, raw_start=raw_a, clean_len=n, raw_len=raw_b - raw_a))
            self._pos += n
            pos = stop
            i += 1
        if pos < end:  # past the last segment: map to the raw end
            n = end - pos
            raw_end = self.raw(len(self.source))
            self._add(Segment(clean_start=self._pos, raw_start=raw_end, clean_len=n, raw_len=0))
            self._pos += n
        self._parts.append(self.source[start:end])

    def put(self, text: str, start: int, end: int, *, kind: str | None = None) -> None:
        """Append `text` in place of source[start:end]; with `kind`, record it as a repair."""
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
            self._add(Segment(clean_start=self._pos, raw_start=raw_a, clean_len=len(text), raw_len=raw_b - raw_a))
            self._parts.append(text)
            self._pos += len(text)

    def moved(self, pos: int) -> int | None:
        """Where source offset `pos` landed in the built text, if it was copied."""
        i = bisect.bisect_right(self._copies, pos, key=lambda c: c[0]) - 1
        if i < 0:
            return None
        start, end, built = self._copies[i]
        return built + (pos - start) if start <= pos <= end else None

    def build(self) -> tuple[str, tuple[Segment, ...], tuple[Repair, ...]]:
        return "".join(self._parts), tuple(self._segments), tuple(self._repairs)
