"""Keyword in context: every match of a query with aligned left and right context."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from dipcorpus.annotate.zh_segment import CJK_RUN, has_cjk
from dipcorpus.query import deadline
from dipcorpus.query.parse import QueryError
from dipcorpus.query.search import compile_text, run
from dipcorpus.store import search as store

__all__ = ["KWIC_SORTS", "kwic", "level_key", "marked_spans", "sort_key", "sort_levels"]

KWIC_SORTS = ("left", "right", "date")  # or comma-separated levels: L1,R1,R2 (see `sort_levels`)
_UNIT = re.compile(f"{CJK_RUN.pattern.removesuffix('+')}|(?:(?!{CJK_RUN.pattern.removesuffix('+')}).)+")


def marked_spans(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The plain text of a highlighted passage and the (start, end) of each highlighted run."""
    if store.MARK_OPEN not in marked and store.MARK_CLOSE not in marked:
        return marked, []
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    pos, start, last = 0, -1, 0
    for m in _MARK.finditer(marked):  # the text between two marks is copied in one piece
        plain.append(marked[last : m.start()])
        pos += m.start() - last
        last = m.end()
        if m.group() == store.MARK_OPEN:
            start = pos
        else:
            if start >= 0:
                spans.append((start, pos))
            start = -1
    plain.append(marked[last:])
    return "".join(plain), spans


_MARK = re.compile(f"[{store.MARK_OPEN}{store.MARK_CLOSE}]")


def _lines(db: sqlite3.Connection, query: str, width: int) -> Iterator[dict[str, Any]]:
    compiled = compile_text(query)
    if compiled.match is None:
        raise QueryError('kwic needs a word or "phrase" to centre on (filters alone match no words)')
    yield from lines_of(db, compiled, width)


def lines_of(db: sqlite3.Connection, compiled: store.Compiled, width: int) -> Iterator[dict[str, Any]]:
    """The concordance lines of a compiled query (which has a MATCH), unsorted."""
    for row in run(db, lambda d, q: list(store.highlighted(d, q)), compiled):
        deadline.check(db)
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
    characters each side). `sort` is `left` (the words just left of the match, nearest first),
    `right`, `date`, or levels separated by commas as in AntConc: `L1,R1,R2` sorts on the first word
    to the left, then the first and second to the right (L1-L9, R1-R9, `match`, `date`)."""
    key = sort_key(sort)
    if width < 1:
        raise QueryError("width must be at least 1")
    lines = list(_lines(db, query, width))
    lines.sort(key=key)
    return lines if limit is None else lines[:limit]


def sort_key(sort: str) -> Any:
    """The sort key of concordance lines for `sort` (QueryError when it names an unknown level).
    `left` compares every word left of the match, nearest first; `right` every word right of it."""
    if sort == "left":
        return lambda r: (_units(r["left"])[::-1], r["match"].lower(), r["date"] or "")
    if sort == "right":
        return lambda r: (_units(r["right"]), r["match"].lower(), r["date"] or "")
    levels = sort_levels(sort)
    return lambda r: tuple(level_key(r, level) for level in levels)


_NAMED = {"date": ("date", "doc", "start")}
_LEVEL = re.compile(r"^(?:[LR][1-9]|match|date)$")


def sort_levels(sort: str) -> tuple[str, ...]:
    """The sort levels a `sort` value names (QueryError when one is unknown)."""
    if sort in _NAMED:
        return _NAMED[sort]
    levels = tuple(part.strip() for part in sort.split(",") if part.strip())
    bad = [level for level in levels if not _LEVEL.match(level)]
    if not levels or bad:
        raise QueryError(
            f"unknown kwic sort {sort!r} (left, right, date, or levels like L1,R1,R2 from L1-L9, R1-R9, match, date)"
        )
    return (*levels, "date", "doc", "start")


def level_key(line: dict[str, Any], level: str) -> tuple[int, str]:
    if level == "date":
        return (line["date"] is None, line["date"] or "")
    if level == "doc":
        return (0, line["doc_id"])
    if level == "start":
        return (0, f"{line['start']:012d}")
    if level == "match":
        return (0, line["match"].casefold())
    side, k = level[0], int(level[1:])
    words = _WORD.findall(line["left"] if side == "L" else line["right"])
    picked = words[-k] if side == "L" and k <= len(words) else (words[k - 1] if side == "R" and k <= len(words) else "")
    return (picked == "", picked.casefold())


_WORD = re.compile(r"\w[\w'’-]*")


def _units(context: str) -> list[str]:
    """The words of a context, lower-cased, each Chinese character one (Chinese has no spaces: the
    left context sorts by the characters nearest the match)."""
    if not has_cjk(context):
        return context.lower().split()
    return [u for part in context.lower().split() for u in _UNIT.findall(part)]


def format_line(line: dict[str, Any], width: int) -> str:
    """One aligned concordance line: right-aligned left context, the match, the right context."""
    return f"{line['left']:>{width}}  [{line['match']}]  {line['right']}"
