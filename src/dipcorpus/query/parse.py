"""The query language (docs/query-language.md): a lexer, a recursive-descent parser to an AST, and a
compiler from the AST to an FTS5 MATCH expression plus a SQL condition with bound parameters.

Grammar (NOT binds tightest, then NEAR, then AND (explicit or implied by juxtaposition), then OR)::

    query   := or EOF
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*
    unary   := "NOT" unary | near
    near    := primary ("NEAR/" n primary)*
    primary := "(" or ")" | PHRASE | TERM | FIELD ":" (TERM | PHRASE)

Every error is a `QueryError` naming the column (1-based) where it was found. User text only ever
reaches SQL as a bound parameter, and reaches FTS5 only inside double-quoted strings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from dipcorpus.index.passages import normalise
from dipcorpus.query.language import language_code
from dipcorpus.store.search import LANGUAGE_SQL, Compiled
from dipcorpus.store.search_text import index_text

__all__ = [
    "FIELDS",
    "And",
    "Filter",
    "Near",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "QueryError",
    "Term",
    "compile_query",
    "parse",
]

MAX_DEPTH = 40
MAX_LENGTH = 2000
MAX_NEAR = 100


class QueryError(ValueError):
    """A malformed query, with the column (1-based) where the problem is."""

    def __init__(self, message: str, column: int | None = None) -> None:
        self.column = column
        super().__init__(message if column is None else f"{message} at column {column}")


# --- AST --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str


@dataclass(frozen=True, slots=True)
class Near:
    items: tuple[Term | Phrase, ...]
    distance: int


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


@dataclass(frozen=True, slots=True)
class Filter:
    field: str
    value: str
    column: int


Node = Term | Phrase | Near | And | Or | Not | Filter

# field name → canonical field; entity fields map to the entity type stored by the annotate stage
FIELDS: dict[str, str] = {
    "speaker": "speaker", "outlet": "outlet", "role": "role",
    "country": "country",
    "org": "organization", "organization": "organization", "organisation": "organization",
    "region": "region", "person": "person", "media": "media", "entity": "entity",
    "formulation": "formulation", "type": "type", "lang": "lang", "doc": "doc",
    "from": "from", "to": "to", "subcorpus": "subcorpus",
}  # fmt: skip
ENTITY_KINDS = ("country", "organization", "region", "person", "media")


# --- lexer ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # LPAREN RPAREN PHRASE TERM FIELD AND OR NOT NEAR EOF
    value: str
    column: int
    distance: int = 0


_SPECIAL = set('()"')
_NEAR = re.compile(r"NEAR(?:/(\d+))?$")
_FIELD = re.compile(r"([A-Za-z]+):")


_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_LENGTH:
        raise QueryError(f"query longer than {MAX_LENGTH} characters")
    bad = _UNREADABLE.search(text)
    if bad is not None:
        char = bad.group()
        what = "an unpaired surrogate" if "\ud800" <= char <= "\udfff" else f"control character U+{ord(char):04X}"
        raise QueryError(f"the query holds {what}, which no text can match", bad.start() + 1)
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append(Token("LPAREN" if ch == "(" else "RPAREN", ch, i + 1))
            i += 1
        elif ch == '"':
            value, i = _quoted(text, i)
            tokens.append(Token("PHRASE", value, i))
        else:
            token = _word(text, i)
            tokens.extend(_split_field(token, text))
            i = _end_of_word(text, token)
    tokens.append(Token("EOF", "", len(text) + 1))
    return tokens


def _quoted(text: str, i: int) -> tuple[str, int]:
    close = text.find('"', i + 1)
    if close < 0:
        raise QueryError("unbalanced quote", i + 1)
    return text[i + 1 : close], close + 1


def _word(text: str, i: int) -> Token:
    j = i
    while j < len(text) and not text[j].isspace() and text[j] not in _SPECIAL:
        j += 1
    return Token("WORD", text[i:j], i + 1)


def _end_of_word(text: str, token: Token) -> int:
    end = token.column - 1 + len(token.value)
    word = token.value[1:] if token.value.startswith("-") else token.value  # -field:"value" negates it
    m = _FIELD.match(word)
    if m and m.group(0) == word and end < len(text) and text[end] == '"':
        _, end = _quoted(text, end)  # field:"quoted value"
    return end


def _split_field(token: Token, text: str) -> list[Token]:
    word, column = token.value, token.column
    if len(word) > 1 and word[0] == "-" and word[1] not in "-*":  # -word, -field:value: NOT shorthand
        return [Token("NOT", "-", column), *_split_field(Token("WORD", word[1:], column + 1), text)]
    if word in ("AND", "OR", "NOT"):
        return [Token(word, word, column)]
    near = _NEAR.match(word)
    if near:
        distance = int(near.group(1)) if near.group(1) else 10
        if distance > MAX_NEAR:
            raise QueryError(f"NEAR distance {distance} is larger than {MAX_NEAR}", column)
        return [Token("NEAR", word, column, distance)]
    m = _FIELD.match(word)
    if m:
        name = m.group(1).lower()
        if name not in FIELDS:
            known = ", ".join(sorted(FIELDS))
            raise QueryError(f"unknown filter '{m.group(1)}:' (known: {known})", column)
        value = word[m.end() :]
        if not value:
            end = column - 1 + len(word)
            if end < len(text) and text[end] == '"':
                value, _ = _quoted(text, end)
            if not value.strip():
                raise QueryError(f"filter '{name}:' needs a value", column)
        if name == "subcorpus":
            return _subcorpus(value, column)
        return [Token("FIELD", f"{FIELDS[name]}\x00{value}", column)]
    return [Token("TERM", word, column)]


_EXPANDING: list[str] = []  # the subcorpora being expanded (to refuse one defined by itself)


def _subcorpus(name: str, column: int) -> list[Token]:
    """`subcorpus:NAME` read as the saved query in parentheses (query/subcorpora.py)."""
    from dipcorpus.query.subcorpora import active

    saved = active().get(name)
    if saved is None:
        known = ", ".join(sorted(active())) or "none saved"
        hint = "save one with `dipcorpus subcorpus save`"
        raise QueryError(f"unknown subcorpus {name!r} (known: {known}; {hint})", column)
    if name in _EXPANDING:
        raise QueryError(f"subcorpus {name!r} is defined by itself", column)
    _EXPANDING.append(name)
    try:
        inner = tokenize(saved)[:-1]  # without its EOF
    finally:
        _EXPANDING.pop()
    return [Token("LPAREN", "(", column), *(replace(t, column=column) for t in inner), Token("RPAREN", ")", column)]


# --- parser -----------------------------------------------------------------------------------


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    @property
    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def query(self) -> Node:
        if self.peek.kind == "EOF":
            raise QueryError("empty query")
        node = self.or_()
        if self.peek.kind == "RPAREN":
            raise QueryError("unbalanced ')'", self.peek.column)
        if self.peek.kind != "EOF":  # pragma: no cover - every other token starts an operand
            raise QueryError(f"unexpected '{self.peek.value}'", self.peek.column)
        return node

    def or_(self) -> Node:
        items = [self.and_()]
        while self.peek.kind == "OR":
            self.take()
            items.append(self.and_())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_(self) -> Node:
        items = [self.unary()]
        while self.peek.kind not in ("OR", "RPAREN", "EOF"):
            if self.peek.kind == "AND":
                self.take()
            items.append(self.unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node:
        if self.peek.kind == "NOT":
            token = self.take()
            negations = 1
            while self.peek.kind == "NOT":  # NOT NOT x is x: a chain is one NOT or none
                self.take()
                negations += 1
            self._enter(token)
            inner = self.unary()
            self.depth -= 1
            return Not(inner) if negations % 2 else inner
        return self.near()

    def near(self) -> Node:
        first = self.primary()
        if self.peek.kind != "NEAR":
            return first
        items, distance = [first], self.peek.distance
        while self.peek.kind == "NEAR":
            token = self.take()
            if token.distance != distance:
                raise QueryError("a NEAR chain must use one distance", token.column)
            items.append(self.primary())
        words = tuple(i for i in items if isinstance(i, Term | Phrase))
        if len(words) != len(items):
            raise QueryError('NEAR joins words or "phrases" only (no filters or groups)', token.column)
        return Near(words, distance)

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "LPAREN":
            self._enter(token)
            if self.peek.kind == "RPAREN":
                raise QueryError("empty parentheses", token.column)
            if self.peek.kind == "EOF":
                raise QueryError("unbalanced '('", token.column)
            node = self.or_()
            if self.peek.kind != "RPAREN":
                raise QueryError("unbalanced '('", token.column)
            self.take()
            self.depth -= 1
            return node
        if token.kind == "PHRASE":
            _searchable(token.value, token.column)
            return Phrase(" ".join(token.value.split()))
        if token.kind == "TERM":
            return _term(token)
        if token.kind == "FIELD":
            field, value = token.value.split("\x00", 1)
            return _filter(field, value, token.column)
        if token.kind == "EOF":
            raise QueryError('query ends where a word, "phrase" or filter was expected', token.column)
        raise QueryError(f"unexpected '{token.value}'", token.column)

    def _enter(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"query nested deeper than {MAX_DEPTH} levels", token.column)


def _searchable(text: str, column: int) -> None:
    if not any(ch.isalnum() for ch in text):
        raise QueryError(f"nothing searchable in {text!r} (words need letters or digits)", column)


def _term(token: Token) -> Term:
    word = token.value
    prefix = word.endswith("*")
    core = word.rstrip("*") if prefix else word
    if "*" in core:
        raise QueryError("'*' is allowed only at the end of a word", token.column)
    _searchable(core if core else word, token.column)
    return Term(core, prefix)


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _filter(field: str, value: str, column: int) -> Filter:
    value = value.strip()
    if field in ("from", "to"):
        m = _DATE.match(value)
        try:
            if not m:
                raise ValueError
            dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
        except ValueError:
            raise QueryError(f"invalid date '{value}' for {field}: (use YYYY, YYYY-MM or YYYY-MM-DD)", column) from None
    return Filter(field, value, column)


def parse(text: str) -> Node:
    """The AST of `text`, or a QueryError."""
    return _Parser(tokenize(text)).query()


# --- compiler ---------------------------------------------------------------------------------


def _quote(text: str) -> str:
    """`text` as an FTS5 string, split as the index is (each Chinese character a token)."""
    text = index_text(text) or text
    return '"' + text.replace('"', '""') + '"'


def _is_text(node: Node) -> bool:
    """Expressible in FTS5 alone: words, phrases, NEAR, AND/OR of those, AND with NOT parts."""
    if isinstance(node, Term | Phrase | Near):
        return True
    if isinstance(node, Or):
        return all(_is_text(i) for i in node.items)
    if isinstance(node, And):
        positive = [i for i in node.items if not isinstance(i, Not)]
        negative = [i.item for i in node.items if isinstance(i, Not)]
        return bool(positive) and all(_is_text(i) for i in positive + negative)
    return False


def fts(node: Node) -> str:
    """The FTS5 expression of a text node (`_is_text(node)` must hold)."""
    if isinstance(node, Term):
        return _quote(node.text) + (" *" if node.prefix else "")
    if isinstance(node, Phrase):
        return _quote(node.text)
    if isinstance(node, Near):
        return f"NEAR({' '.join(fts(i) for i in node.items)}, {node.distance})"
    if isinstance(node, Or):
        return "(" + " OR ".join(fts(i) for i in node.items) + ")"
    if isinstance(node, And):
        positive = " AND ".join(fts(i) for i in node.items if not isinstance(i, Not))
        expr = f"({positive})"
        for item in node.items:
            if isinstance(item, Not):
                expr = f"({expr} NOT {fts(item.item)})"
        return expr
    raise TypeError(node)  # pragma: no cover


def compile_query(node: Node) -> Compiled:
    """`node` as one FTS5 MATCH (the text parts of a top-level AND) and a SQL condition."""
    items = list(node.items) if isinstance(node, And) else [node]
    positive: list[Node] = []
    negative: list[Node] = []
    rest: list[Node] = []
    for item in items:
        if _is_text(item):
            positive.append(item)
        elif isinstance(item, Not) and _is_text(item.item):
            negative.append(item)
        else:
            rest.append(item)
    if not positive:
        rest, negative = negative + rest, []
    match = None
    if positive:
        match = fts(And(tuple(positive + negative)) if len(positive) + len(negative) > 1 else positive[0])
    where: list[str] = []
    params: list[object] = []
    for item in rest:
        sql, values = _sql(item, correlated=match is not None)
        where.append(sql)
        params.extend(values)
    return Compiled(match=match, where=" AND ".join(where) or "1", params=tuple(params))


def _sql(node: Node, *, correlated: bool) -> tuple[str, list[object]]:
    if _is_text(node):
        return "p.id IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?)", [fts(node)]
    if isinstance(node, Not):
        sql, values = _sql(node.item, correlated=correlated)
        return f"NOT COALESCE(({sql}), FALSE)", values  # an unknown (NULL) date or speaker is 'not matching'
    if isinstance(node, And | Or):
        parts = [_sql(i, correlated=correlated) for i in node.items]
        joiner = " AND " if isinstance(node, And) else " OR "
        return "(" + joiner.join(p[0] for p in parts) + ")", [v for p in parts for v in p[1]]
    if isinstance(node, Filter):
        return _filter_sql(node, correlated=correlated)
    raise TypeError(node)  # pragma: no cover


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _filter_sql(node: Filter, *, correlated: bool) -> tuple[str, list[object]]:
    field, value = node.field, node.value
    if field in ("speaker", "outlet"):
        return f"p.{field} LIKE ? ESCAPE '\\'", [_like(value)]
    if field == "role":
        return "p.role = ? COLLATE NOCASE", [value]
    if field == "type":
        return "lower(replace(replace(d.event_type, '_', ' '), '-', ' ')) = ?", [
            value.lower().replace("_", " ").replace("-", " ")
        ]
    if field == "lang":
        return f"{LANGUAGE_SQL} = ?", [language_code(value)]
    if field == "doc":
        return "p.doc_id LIKE ? ESCAPE '\\'", [_like(value)[1:]]
    if field == "from":
        return "d.date >= ?", [value]
    if field == "to":
        return "d.date <= ?", [value + "~"]  # '~' sorts after any date or time suffix
    kinds = list(ENTITY_KINDS) if field == "entity" else [field]
    marks = ", ".join("?" * len(kinds))
    keys = f"SELECT v.key FROM search_variants v WHERE v.kind IN ({marks}) AND v.variant = ?"
    if correlated:
        sql = (
            f"EXISTS (SELECT 1 FROM passage_tags t WHERE t.passage_id = p.id AND t.kind IN ({marks}) "
            f"AND t.key IN ({keys}))"
        )
    else:
        sql = f"p.id IN (SELECT t.passage_id FROM passage_tags t WHERE t.kind IN ({marks}) AND t.key IN ({keys}))"
    return sql, [*kinds, *kinds, normalise(value)]
