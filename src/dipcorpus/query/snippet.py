"""Snippets for the tantivy path, made in Python from the passage text (FTS5's `snippet()` needs the
MATCH to be run again for each hit, which costs milliseconds per hit for very common words and
tens of milliseconds for prefixes at 1M passages).

Like `snippet(passages_fts, 0, open, close, '…', 32)`: a passage of at most 32 tokens is shown whole;
a longer one as the 32-token window with the most matched tokens, with '…' where it is cut. Runs of
matched tokens are marked as one span (`<mark>bloc confrontation</mark>`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dipcorpus.query.parse import And, Near, Node, Or, Phrase, Term

__all__ = ["Wanted", "make_snippet", "wanted"]


@dataclass(frozen=True, slots=True)
class Wanted:
    """Phrases to mark, as tuples of folded tokens (one token: a word); `prefix`: the last token
    of that phrase is a prefix."""

    phrases: tuple[tuple[tuple[str, ...], bool], ...]


def wanted(node: Node, tokens: Callable[[str], list[str]]) -> Wanted:
    """The phrases a hit of `node` is marked at: every term, phrase and NEAR item outside NOT
    (`tokens`: the FTS5 tokens of a text)."""
    found: list[tuple[tuple[str, ...], bool]] = []

    def walk(n: Node) -> None:
        if isinstance(n, Term | Phrase):
            toks = tuple(tokens(n.text))
            if toks:
                found.append((toks, isinstance(n, Term) and n.prefix))
        elif isinstance(n, Near | And | Or):
            for item in n.items:
                walk(item)
        # NOT parts and filters are not marked

    walk(node)
    return Wanted(tuple(dict.fromkeys(found)))


def _marked(toks: list[str], want: Wanted) -> list[tuple[int, int]]:
    """Token ranges [first, last] of every phrase instance, overlapping ones merged (as FTS5 does)."""
    ranges = []
    for phrase, prefix in want.phrases:
        k = len(phrase)
        for i in range(len(toks) - k + 1):
            if toks[i : i + k - 1] == list(phrase[:-1]) and (
                toks[i + k - 1].startswith(phrase[-1]) if prefix else toks[i + k - 1] == phrase[-1]
            ):
                ranges.append((i, i + k - 1))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _spans(text: str, table: dict[int, str]) -> list[tuple[int, int, str]]:
    """(start, end, folded token) over the original `text`."""
    if text.isascii():
        return [(m.start(), m.end(), m.group()) for m in _ASCII_TOKEN.finditer(text.lower())]
    same_length = _same_length(table)
    if same_length is None:
        return _spans_by_char(text, table)
    out = []  # folded char for char, so offsets into it are offsets into `text`
    for m in _TOKEN.finditer(text.translate(same_length)):
        token = m.group()
        if _REMOVED in token:
            token = token.replace(_REMOVED, "")
        if token:
            out.append((m.start(), m.end(), token))
    return out


_ASCII_TOKEN = re.compile(r"[a-z0-9]+")
_TOKEN = re.compile(r"[^ ]+")
_REMOVED = "\x01"  # stands in for a character the tokenizer drops (never in a translated text otherwise)
_SAME_LENGTH: dict[int, tuple[dict[int, str], dict[int, str] | None]] = {}


def _same_length(table: dict[int, str]) -> dict[int, str] | None:
    """`table` as a str.translate table that keeps every character's position: ASCII letters lower-
    cased, other ASCII a separator (' '), a dropped character `_REMOVED`; None when some character
    folds to more than one (then `_spans_by_char`)."""
    cached = _SAME_LENGTH.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    out: dict[int, str] | None = {cp: chr(cp).lower() if chr(cp).isalnum() else " " for cp in range(128)}
    for cp, folded in table.items():
        if cp < 128:
            continue
        if len(folded) > 1:
            out = None
            break
        assert out is not None
        out[cp] = folded or _REMOVED
    _SAME_LENGTH[id(table)] = (table, out)
    return out


def _spans_by_char(text: str, table: dict[int, str]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    start, parts = -1, list[str]()
    for i, ch in enumerate(text):
        folded = table.get(ord(ch), ch) if ord(ch) > 127 else (ch.lower() if ch.isalnum() else " ")
        if folded == " ":
            if start >= 0 and parts:
                out.append((start, i, "".join(parts)))
            start, parts = -1, list[str]()
            continue
        if start < 0:
            start = i
        parts.append(folded)
    if start >= 0 and parts:
        out.append((start, len(text), "".join(parts)))
    return [s for s in out if s[2]]


def make_snippet(text: str, want: Wanted, table: dict[int, str], *, marks: tuple[str, str], size: int = 32) -> str:
    spans = _spans(text, table)
    if not spans:
        return text
    ranges = _marked([tok for _, _, tok in spans], want)
    hit = [0] * len(spans)
    for a, b in ranges:
        for i in range(a, b + 1):
            hit[i] = 1
    first = 0
    if len(spans) > size:  # the first window of `size` tokens with the most marked ones (a running sum)
        window = best = sum(hit[:size])
        for i in range(1, len(spans) - size + 1):
            window += hit[i + size - 1] - hit[i - 1]
            if window > best:
                best, first = window, i
    last = min(len(spans), first + size) - 1
    out = ["…" if first > 0 else text[: spans[0][0]]]
    pos = spans[first][0]
    for a, b in ranges:
        a, b = max(a, first), min(b, last)
        if a > b:
            continue
        out += [text[pos : spans[a][0]], marks[0], text[spans[a][0] : spans[b][1]], marks[1]]
        pos = spans[b][1]
    out.append(text[pos:] if last == len(spans) - 1 else text[pos : spans[last][1]] + "…")
    return "".join(out)
