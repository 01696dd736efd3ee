"""Full-text search on PostgreSQL: the FTS5 index of SQLite as a tsvector column with a GIN index.

Same tokens as FTS5: a passage's tsvector is made here, in Python, from the tokens FTS5 reads in it
(`unicode61 remove_diacritics 2`, folded with the table probed from SQLite itself, as the tantivy
index does; each Chinese character a token, store/search_text.py) with their positions, and written
as a tsvector literal: PostgreSQL's own parser and dictionaries are never used. A compiled query's
FTS5 MATCH expression (query/parse.py `fts`) becomes a tsquery over the same tokens (`tsquery`):
words and prefixes (`'word':*`), phrases (`<->`), AND, OR, NOT, and NEAR as the pairs of items at
most N tokens apart, in either order.

What differs from FTS5: a token longer than 2047 bytes (PostgreSQL's limit) is not indexed; relevance
is `ts_rank` (not bm25); highlights are made in Python over the same tokens (`highlight`, as the
tantivy path makes its snippets), and the store's snippets by `ts_headline` (search replaces them by
the Python ones); and a NEAR of three or more
items asks each neighbouring pair to be near.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
import sqlite3
import tempfile
from collections import defaultdict
from pathlib import Path

__all__ = ["NEVER", "fold_table", "highlight", "marked_phrases", "tokens", "tsquery", "tsvector"]

NEVER = "'!'"  # a tsquery lexeme no token is (tokens never hold ASCII punctuation)
MAX_POSITION = 16383  # PostgreSQL's highest tsvector position
MAX_LEXEME = 2047  # PostgreSQL's longest lexeme (bytes): a longer token is left out of the index


def _cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dipcorpus" / f"fts5-fold-{sqlite3.sqlite_version}.json"


@functools.cache
def fold_table() -> dict[int, str]:
    """FTS5's folding of every non-ASCII code point, probed from SQLite once (seconds) and kept in
    the user's cache folder under the SQLite version (probed again when that cannot be read)."""
    path = _cache_file()
    try:
        return {int(k): v for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError):
        pass
    from dipcorpus.index.tantivy_index import probe_fold_table

    table = probe_fold_table()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as out:
            json.dump({str(k): v for k, v in table.items()}, out)
        os.replace(out.name, path)
    except OSError:
        pass
    return table


def tokens(text: str) -> list[str]:
    """The FTS5 tokens of `text` (a passage's or a query's text), in order."""
    from dipcorpus.index.tantivy_index import tokens as fts5_tokens

    return fts5_tokens(text, fold_table())


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector(text: str) -> str:
    """`text`'s tokens with their positions (from 1) as a tsvector literal."""
    positions: dict[str, list[int]] = defaultdict(list)
    for i, token in enumerate(tokens(text), 1):
        if len(token.encode()) <= MAX_LEXEME:
            positions[token].append(min(i, MAX_POSITION))
    return " ".join(f"{_lexeme(t)}:{','.join(map(str, sorted(set(p))[:256]))}" for t, p in positions.items())


# --- FTS5 MATCH → tsquery -----------------------------------------------------------------------

_LEX = re.compile(r'\s*(?:("(?:[^"]|"")*")|(NEAR\()|(\d+)|(AND|OR|NOT)\b|([(),*]))')


def _lex(match: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(match):
        if not match[pos:].strip():
            break
        m = _LEX.match(match, pos)
        if m is None:
            raise ValueError(f"not an FTS5 expression made by the query compiler: {match!r}")
        index = m.lastindex or 1
        out.append((("string", "near", "number", "op", "punct")[index - 1], m.group(index)))
        pos = m.end()
    return out


class _Parser:
    """A tiny reader of the FTS5 expressions `query.parse.fts` writes (fully parenthesised)."""

    def __init__(self, match: str) -> None:
        self.items = _lex(match)
        self.i = 0
        self.negated = 0
        self.found: list[tuple[tuple[str, ...], bool]] = []  # the phrases outside NOT: what a hit marks

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.i] if self.i < len(self.items) else None

    def take(self) -> tuple[str, str]:
        item = self.items[self.i]
        self.i += 1
        return item

    def expr(self) -> str:  # OR of ANDs
        parts = [self.and_()]
        while self.peek() == ("op", "OR"):
            self.take()
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"

    def and_(self) -> str:
        expr = self.primary()
        while self.peek() in (("op", "AND"), ("op", "NOT")):
            op = self.take()[1]
            self.negated += op == "NOT"
            right = self.primary()
            self.negated -= op == "NOT"
            expr = f"({expr} & {right})" if op == "AND" else f"({expr} & !{right})"
        return expr

    def primary(self) -> str:
        kind, value = self.take()
        if value == "(":
            inner = self.expr()
            self.take()  # ')'
            return inner
        if kind == "near":
            phrases = []
            while self.peek() is not None and self.peek() != ("punct", ","):
                phrases.append(self.phrase())
            self.take()  # ','
            distance = int(self.take()[1])
            self.take()  # ')'
            return _near(phrases, distance)
        if kind == "string":
            self.i -= 1
            return self.phrase()
        raise ValueError(f"unexpected {value!r} in an FTS5 expression")

    def phrase(self) -> str:
        kind, value = self.take()
        if kind != "string":
            raise ValueError(f"expected a phrase, found {value!r}")
        prefix = self.peek() == ("punct", "*")
        if prefix:
            self.take()
        toks = tokens(value[1:-1].replace('""', '"'))
        if toks and not self.negated:
            self.found.append((tuple(toks), prefix))
        if not toks or any(len(t.encode()) > MAX_LEXEME for t in toks):
            return NEVER
        lexemes = [_lexeme(t) for t in toks]
        if prefix:
            lexemes[-1] += ":*"
        return lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")"


def _near(phrases: list[str], distance: int) -> str:
    """FTS5 NEAR(a b, N): at most N tokens between the end of one phrase and the start of the
    other, either first (`a <k> b`: b starts k positions after a ends)."""
    if len(phrases) < 2:
        return phrases[0] if phrases else NEVER
    pairs = []
    for a, b in itertools.pairwise(phrases):
        ways = [f"({x} <{k}> {y})" for k in range(1, distance + 2) for x, y in ((a, b), (b, a))]
        pairs.append("(" + " | ".join(ways) + ")")
    return pairs[0] if len(pairs) == 1 else "(" + " & ".join(pairs) + ")"


@functools.lru_cache(maxsize=1024)
def tsquery(match: str) -> str:
    """The tsquery (text) of an FTS5 MATCH expression written by the query compiler."""
    return _Parser(match).expr()


@functools.lru_cache(maxsize=256)
def marked_phrases(match: str) -> tuple[tuple[tuple[str, ...], bool], ...]:
    """The phrases (tokens, whether the last is a prefix) a hit of `match` is marked at, as FTS5's
    highlight() marks them: every word, phrase and NEAR item outside NOT."""
    parser = _Parser(match)
    parser.expr()
    return tuple(dict.fromkeys(parser.found))


def highlight(text: str, match: str, marks: tuple[str, str]) -> str:
    """`text` (a passage as the index reads it) with every instance of `match`'s phrases between
    `marks`, overlapping instances as one (FTS5's highlight(), made in Python over the same tokens)."""
    from dipcorpus.query.snippet import Wanted, make_snippet

    return make_snippet(text, Wanted(marked_phrases(match)), fold_table(), marks=marks, size=len(text) + 1)
