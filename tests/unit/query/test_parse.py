"""The query language parser and compiler (docs/query-language.md)."""

from __future__ import annotations

import re
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dipcorpus.query.parse import And, Filter, Near, Not, Or, Phrase, QueryError, Term, compile_query, parse
from dipcorpus.store.db import connect


@pytest.mark.parametrize(
    ("query", "ast"),
    [
        ("ocean", Term("ocean")),
        ("ocean*", Term("ocean", prefix=True)),
        ('"silver  bridge"', Phrase("silver bridge")),
        ("a b", And((Term("a"), Term("b")))),
        ("a AND b OR c", Or((And((Term("a"), Term("b"))), Term("c")))),
        ("a OR b c", Or((Term("a"), And((Term("b"), Term("c")))))),
        ("NOT a", Not(Term("a"))),
        ("-a b", And((Not(Term("a")), Term("b")))),
        ("a NEAR/3 b", Near((Term("a"), Term("b")), 3)),
        ('a NEAR "b c"', Near((Term("a"), Phrase("b c")), 10)),
        ("(a OR b) c", And((Or((Term("a"), Term("b"))), Term("c")))),
        ("country:KGZ", Filter("country", "KGZ", 1)),
        ('formulation:"three evil forces"', Filter("formulation", "three evil forces", 1)),
        ("org:NATO", Filter("organization", "NATO", 1)),
        ("from:2020 to:2020-12-31", And((Filter("from", "2020", 1), Filter("to", "2020-12-31", 11)))),
        ("and or", And((Term("and"), Term("or")))),  # lower-case operators are words
        # a negated quoted filter value is the filter's value, not also a required phrase
        ('taiwan -speaker:"Li Ming"', And((Term("taiwan"), Not(Filter("speaker", "Li Ming", 9))))),
    ],
)
def test_parse_builds_ast(query, ast):
    assert parse(query) == ast


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('ocean "silver bridge', "unbalanced quote at column 7"),
        ("(ocean", "unbalanced '(' at column 1"),
        ("ocean)", "unbalanced ')' at column 6"),
        ("", "empty query"),
        ("   ", "empty query"),
        ("colour:red", "unknown filter 'colour:'"),
        ("from:2020-13", "invalid date '2020-13' for from:"),
        ("to:2021-02-30", "invalid date"),
        ("country:", "filter 'country:' needs a value"),
        ("a OR", "query ends where"),
        ("NOT", "query ends where"),
        ("a NEAR/3 (b OR c)", "NEAR joins words"),
        ("a NEAR/3 b NEAR/4 c", "one distance"),
        ("a NEAR/1000 b", "larger than"),
        ("oc*ean", "'*' is allowed only at the end"),
        ("***", "nothing searchable"),
        ('"..."', "nothing searchable"),
        ("()", "empty parentheses"),
        ("(" * 60 + "a" + ")" * 60, "nested deeper"),
    ],
)
def test_parse_rejects_malformed_queries(query, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        parse(query)


def test_parse_error_names_column_of_quote():
    with pytest.raises(QueryError) as info:
        parse('china AND "color revolution')
    assert str(info.value) == "unbalanced quote at column 11"
    assert info.value.column == 11


def test_compile_puts_text_in_match_and_filters_in_sql():
    compiled = compile_query(parse('"silver bridge" ocean* country:ZZA from:2019'))
    assert compiled.match == '("silver bridge" AND "ocean" *)'
    assert "?" in compiled.where and "ZZA" not in compiled.where and "zza" in compiled.params
    assert compiled.where.count("?") == len(compiled.params)


def test_compile_quotes_fts_syntax_inside_words():
    assert compile_query(parse("x^y+z")).match == '"x^y+z"'
    assert compile_query(parse('"say no" x')).match == '("say no" AND "x")'


_ALLOWED = {  # every identifier or number the compiled SQL may contain
    *"""
    p id IN SELECT rowid FROM passages_fts WHERE MATCH NOT AND OR t passage_id passage_tags kind
    key v search_variants variant EXISTS speaker outlet LIKE ESCAPE role COLLATE NOCASE lower
    replace d event_type language doc_id date COALESCE FALSE 0 1
    """.split()  # noqa: SIM905 - a word list reads better as one string
}


@given(st.text(max_size=80))
def test_parse_never_raises_anything_but_query_error(text):
    try:
        compiled = compile_query(parse(text))
    except QueryError:
        return
    words = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*|\d+", compiled.where))
    assert words <= _ALLOWED, words - _ALLOWED  # no user text in the SQL
    assert compiled.where.count("?") == len(compiled.params)


_DB = connect(":memory:")


@given(st.text(alphabet='ab "()*:-NOTRDEA/3country', max_size=40))
def test_compiled_query_runs_or_raises_query_error(text):
    from dipcorpus.query.search import search

    try:
        search(_DB, text)
    except QueryError:
        pass
    except sqlite3.Error as exc:  # pragma: no cover - the failure we look for
        pytest.fail(f"{text!r}: {exc}")


def test_injection_attempt_is_just_words():
    from dipcorpus.query.search import search

    db = connect(":memory:")
    result = search(db, "x'; DROP TABLE documents; speaker:\"'; DROP TABLE passages; --\"")
    assert result.total == 0
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
