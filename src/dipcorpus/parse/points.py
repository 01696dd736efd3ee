"""Enumerated points: 'First, ...', 'The second is to ...', 'Fourth is ...', 'One is to ...',
'1.' / '(1)', and Chinese '一是' / '第一，'.

A marker counts at the start of a paragraph or of a sentence. Points are looked for inside each
turn, each statement, and the remaining body text; within one parent a series must start at 1 and
go up by one (a stray 'Second,' with no 'First' is not a point). A point runs from its marker to
the next point of the same parent or the end of its paragraph, whichever comes first.

`Point.n` is the point's order in the document (1, 2, ... like turns and statements); its printed
ordinal is its place in its parent's series (a series always runs 1, 2, 3, ...).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from dipcorpus.model import Document, Point

__all__ = ["find_points"]

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_ZH_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_ORD = "First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth"
_POINT = re.compile(
    rf"(?P<adv>{_ORD})(?:ly)?(?:\s+of\s+all)?,"
    rf"|(?:The|the)\s+(?P<the>{_ORD.lower()})\s+is\b"
    rf"|(?P<bare>{_ORD})\s+is\s+(?:to|that|the|a|an|on|about|we)\b"
    r"|(?P<one>One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\s+is\s+(?:to|that|the|a|an|on|about)\b"
    r"|(?P<digit>\d{1,2})[.)．](?=\s+\S)"
    r"|\((?P<paren>\d{1,2})\)\s*"
    r"|(?P<zh>[一二三四五六七八九十])是"
    r"|第(?P<zh2>[一二三四五六七八九十])[，,、]"
)
_THE_TAIL = rf"(?=\s+(?:{_ORD.lower()})\s+is\b)"  # each branch opens with a letter: a C-level scan for them
# Fast scans for where a marker may start; _POINT then confirms at that position. 'The'/'the' is
# only a candidate before '<ordinal> is' (the one branch of _POINT it can open): the other articles
# of a text would each cost a _POINT attempt that fails.
_WORD_CANDIDATE = re.compile(
    r"(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|One|Two|Three|Four|Five|Six|"
    rf"Seven|Eight|Nine|Ten|The{_THE_TAIL}|the{_THE_TAIL})\b"
)
_LINE_CANDIDATE = re.compile(r"\n(?=[(\d])")
_ZH_CANDIDATE = re.compile(r"[一二三四五六七八九十]是|第[一二三四五六七八九十]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_EDGE = re.compile(r"(?:[.!?;:。；：][\"”’]?\s|[。；：！？])$")


def _at_edge(text: str, pos: int, start: int) -> bool:
    """True at a paragraph start, a sentence start or (for Chinese markers) after a clause mark."""
    if pos == start or text[pos - 1] == "\n":
        return True
    return bool(_EDGE.search(text, max(start, pos - 3), pos))


def _value(m: re.Match[str]) -> int:
    for group in ("adv", "the", "bare", "one"):
        word = m.group(group)
        if word:
            return _ORDINALS[word.casefold()]
    for group in ("digit", "paren"):
        if m.group(group):
            return int(m.group(group))
    return _ZH_DIGITS[m.group("zh") or m.group("zh2")]


def _candidates(text: str, start: int, end: int, zh: bool) -> list[int]:
    found = [m.start() for m in _WORD_CANDIDATE.finditer(text, start, end)]
    found.extend(m.end() for m in _LINE_CANDIDATE.finditer(text, max(start - 1, 0), end))
    if start == 0 or text[start - 1] == "\n":
        found.append(start)
    if zh:
        found.extend(m.start() for m in _ZH_CANDIDATE.finditer(text, start, end))
    return sorted(set(found))


def _markers(text: str, start: int, end: int, zh: bool) -> list[tuple[int, int]]:
    """(position, value) of the markers of one in-order series inside text[start:end]."""
    series: list[tuple[int, int]] = []
    for pos in _candidates(text, start, end, zh):
        m = _POINT.match(text, pos, end)
        if m is None:
            continue
        chinese = m.group("zh") or m.group("zh2")
        if not (_at_edge(text, pos, start) or (chinese and pos > start and text[pos - 1] in "，、；")):
            continue
        if (m.group("digit") or m.group("paren")) and not (pos == start or text[pos - 1] == "\n"):
            continue
        value = _value(m)
        expected = series[-1][1] + 1 if series else 1
        if value == expected or value == 1:
            series.append((m.start(), value))
    return series


def _points_of(text: str, span: tuple[int, int], parent: str, parent_n: int | None, zh: bool) -> Iterator[Point]:
    start, end = span
    series = _markers(text, start, end, zh)
    if len(series) < 2:
        return
    for i, (pos, value) in enumerate(series):
        para_end = text.find("\n", pos, end)
        stop = end if para_end < 0 else para_end
        if i + 1 < len(series):
            stop = min(stop, series[i + 1][0])
        while stop > pos and text[stop - 1].isspace():
            stop -= 1
        yield Point(start=pos, end=stop, n=value, parent=parent, parent_n=parent_n)


def _body_spans(doc: Document) -> Iterator[tuple[int, int]]:
    taken = sorted([(t.label_start if t.label_start is not None else t.start, t.end) for t in doc.turns]
                   + [(s.start, s.end) for s in doc.statements])  # fmt: skip
    pos = 0
    for a, b in taken:
        if a > pos:
            yield pos, a
        pos = max(pos, b)
    if pos < len(doc.text):
        yield pos, len(doc.text)


def find_points(doc: Document) -> Document:
    """Find enumerated points inside turns, statements and the remaining body."""
    text = doc.text
    zh = _CJK.search(text) is not None
    points: list[Point] = []
    for turn in doc.turns:
        points.extend(_points_of(text, (turn.start, turn.end), "turn", turn.n, zh))
    for st in doc.statements:
        points.extend(_points_of(text, (st.start, st.end), "statement", st.n, zh))
    for span in _body_spans(doc):
        points.extend(_points_of(text, span, "body", None, zh))
    points.sort(key=lambda p: p.start)
    numbered = tuple(dataclasses.replace(p, n=i) for i, p in enumerate(points, start=1))
    return dataclasses.replace(doc, points=numbered)
