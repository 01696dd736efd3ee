"""Keyword in context: every match of a query with aligned left and right context."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from dipcorpus.annotate.zh_segment import CJK_RUN, has_cjk
from dipcorpus.query.parse import QueryError
from dipcorpus.query.search import compile_text, run
from dipcorpus.store import search as store

__all__ = ["KWIC_SORTS", "kwic", "marked_spans"]

KWIC_SORTS = ("left", "right", "date")
_UNIT = re.compile(f"{CJK_RUN.pattern.removesuffix('+')}|(?:(?!{CJK_RUN.pattern.removesuffix('+')}).)+")


def marked_spans(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The plain text of a highlighted passage and the (start, end) of each highlighted run."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    pos, start = 0, -1
    for ch in marked:
        if ch == store.MARK_OPEN:
            start = pos
        elif ch == store.MARK_CLOSE:
            if start >= 0:
                spans.append((start, pos))
            start = -1
        else:
            plain.append(ch)
            pos += 1
    return "".join(plain), spans


def _lines(db: sqlite3.Connection, query: str, width: int) -> Iterator[dict[str, Any]]:
    compiled = compile_text(query)
    if compiled.match is None:
        raise QueryError('kwic needs a word or "phrase" to centre on (filters alone match no words)')
    for row in run(db, lambda d, q: list(store.highlighted(d, q)), compiled):
        text, spans = marked_spans(row["marked"])
        for s, e in spans:
            left = " ".join(text[max(0, s - width * 2) : s].split())[-width:]
            right = " ".join(text[e : e + width * 2].split())[:width]
            yield {
                "doc_id": row["doc_id"], "date": row["date"], "title": row["title"],
                "speaker": row["speaker"],
                "start": row["start"] + s, "end": row["start"] + e,
                "left": left, "match": " ".join(text[s:e].split()), "right": right,
            }  # fmt: skip


def kwic(
    db: sqlite3.Connection, query: str, *, width: int = 60, sort: str = "left", limit: int | None = None
) -> list[dict[str, Any]]:
    """Concordance lines for `query` (any query with a text part; filters narrow it): doc_id, date,
    title, speaker, start/end of the match in the document, `left`, `match`, `right` (`width`
    characters each side). Sorted by the words just left of the match (`left`), those just right
    (`right`) or by date then position (`date`)."""
    if sort not in KWIC_SORTS:
        raise QueryError(f"unknown kwic sort {sort!r} (choose from {', '.join(KWIC_SORTS)})")
    if width < 1:
        raise QueryError("width must be at least 1")
    lines = list(_lines(db, query, width))
    if sort == "left":
        lines.sort(key=lambda r: (_units(r["left"])[::-1], r["match"].lower(), r["date"] or ""))
    elif sort == "right":
        lines.sort(key=lambda r: (_units(r["right"]), r["match"].lower(), r["date"] or ""))
    else:
        lines.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["doc_id"], r["start"]))
    return lines if limit is None else lines[:limit]


def _units(context: str) -> list[str]:
    """The words of a context, lower-cased, each Chinese character one (Chinese has no spaces: the
    left context sorts by the characters nearest the match)."""
    if not has_cjk(context):
        return context.lower().split()
    return [u for part in context.lower().split() for u in _UNIT.findall(part)]


def format_line(line: dict[str, Any], width: int) -> str:
    """One aligned concordance line: right-aligned left context, the match, the right context."""
    return f"{line['left']:>{width}}  [{line['match']}]  {line['right']}"
