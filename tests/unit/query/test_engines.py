"""The tantivy engine against the FTS5 reference: same tokens, same hits, same errors; the stamp,
the fallback and the incremental update (issue #5)."""

from __future__ import annotations

import logging
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipcorpus.index import tantivy_index
from dipcorpus.index.passages import index_documents, reindex
from dipcorpus.query.parse import QueryError
from dipcorpus.query.search import search
from dipcorpus.store.queries import save_document
from dipcorpus.store.search_text import index_text
from unit.query.invented_corpus import documents, make_db


@pytest.fixture(scope="module")
def db(new_target):
    conn = make_db(path=new_target("engines"))
    reindex(conn)
    yield conn
    conn.close()


def keys(db, query, engine, sort="relevance"):
    result = search(db, query, limit=1000, sort=sort, engine=engine)
    return result.total, [(h["doc_id"], h["n"]) for h in result.hits]


def assert_same(db, query):
    for sort in ("relevance", "date", "newest"):
        ref_total, ref = keys(db, query, "fts5", sort)
        total, got = keys(db, query, "auto", sort)
        assert total == ref_total, (query, sort)
        if sort == "relevance" and ref and search(db, query, limit=1, engine="fts5").hits[0]["score"] is not None:
            assert sorted(got) == sorted(ref), (query, sort)  # BM25 of either engine: same set, order may differ
        else:
            assert got == ref, (query, sort)  # date order (and filter-only queries) are the same list


QUERIES = [
    "ocean", '"silver bridge"', "river*", "silv*", "ocean NOT Yonder", "NOT ocean", "NOT ocean NOT the NOT rivers",
    "diplomacy OR fisheries", "minister NEAR/2 Orgex", "Orgex NEAR/2 minister", "ocean NEAR/0 cooperation",
    '"ocean cooperation" NEAR/3 Zedland', "country:ZZA", "country:zedland", "org:ORGX", "entity:Yonder",
    'formulation:"silver bridge partnership" from:2019-06 to:2019-12', "from:2020", "to:2019-03-05", "to:2019",
    "from:2019-07-20", "speaker:Lin ocean", "speaker:lin", "speaker:SPOKESPERSON", 'outlet:"Morning Wire"',
    "type:speech", 'type:"phone_call"', "role:QUESTION Yonder", "ocean OR country:ZZB", "country:ZZB -from:2020",
    "doc:DOC-A", "doc:doc", "lang:EN ocean", "-lang:en", "the", "zebra", "silver-bridge", "U.S.",
    "(ocean OR river*) -speaker:Lin", "NOT (from:2020 OR to:2019-03)", "-type:speech -country:ZZA",
]  # fmt: skip


@pytest.mark.parametrize("query", QUERIES)
def test_engines_same_hits(db, query):
    assert_same(db, query)


WORDS = ["ocean", "the", "silver", "bridge", "Yonder", "Zedland", "river", "rivers", "trade", "minister", "ORGEX"]
FILTERS = ["country:ZZA", "country:ZZB", "org:ORGX", "entity:Zedland", "formulation:silver-bridge", "from:2019-07",
           "to:2019", "speaker:Lin", "outlet:Harbour", "role:answer", 'type:"press conference"', "lang:en",
           "doc:doc-b"]  # fmt: skip


def _atom() -> st.SearchStrategy[str]:
    word = st.sampled_from(WORDS)
    return st.one_of(
        word,
        word.map(lambda w: w[:3] + "*"),
        st.lists(word, min_size=2, max_size=3).map(lambda ws: '"' + " ".join(ws) + '"'),
        st.sampled_from(FILTERS),
    )


QUERY = st.recursive(
    _atom(),
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(" ".join),
        st.lists(inner, min_size=2, max_size=3).map(" OR ".join),
        inner.map(lambda q: f"NOT ({q})"),
        inner.map(lambda q: f"({q})"),
    ),
    max_leaves=5,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERY)
def test_engines_same_hits_on_generated_queries(db, query):
    assert_same(db, query)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_tantivy_index_tokens_equal_fts5_tokens(text):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(text, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, instance)")
    conn.execute("INSERT INTO f(rowid, text) VALUES (1, ?)", (index_text(text) or text,))  # as FTS5 reads it
    expected = [r[0] for r in conn.execute("SELECT term FROM v ORDER BY offset")]
    assert tantivy_index.tokens(text, tantivy_index._probed_table()) == expected


EXAMPLES = ["Perú café", "Ærø Łódź", "e\u0301te\u0301", "中华人民共和国 外交部", "ﬁne ＡＢＣ x²", "a_b c'd"]


@pytest.mark.parametrize("text", EXAMPLES)
def test_tantivy_index_tokens_equal_fts5_tokens_examples(text):
    test_tantivy_index_tokens_equal_fts5_tokens.hypothesis.inner_test(text)  # type: ignore[attr-defined]


@pytest.mark.parametrize("query", ['ocean "silver', "bad:field", "(", "from:2020-13", "a*b", "ocean NEAR/200 sea"])
def test_engines_malformed_query_is_query_error(db, query):
    for engine in ("fts5", "tantivy"):
        with pytest.raises(QueryError):
            search(db, query, engine=engine)


def test_tantivy_index_near_chain_falls_back_to_fts5(db, caplog):
    query = "ocean NEAR/3 talks NEAR/3 Zedland"
    with pytest.raises(QueryError, match="cannot run this query"):
        search(db, query, engine="tantivy")
    assert_same(db, query)


def test_tantivy_index_stale_falls_back_and_reindex_repairs(tmp_path, caplog):
    conn = make_db(path=str(tmp_path / "c.db"))
    with caplog.at_level(logging.WARNING, logger="dipcorpus.search"):
        assert search(conn, "ocean").total == 5  # no folder yet: FTS5
    assert "no tantivy index" in caplog.text
    reindex(conn)
    assert tantivy_index.open_fresh(conn) is not None
    conn.execute("DELETE FROM documents WHERE id = 'doc-d'")  # SQLite changes, the folder does not
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="dipcorpus.search"):
        assert {h["doc_id"] for h in search(conn, "ocean").hits} == {"doc-a"}
    assert "stale" in caplog.text
    with pytest.raises(QueryError, match="stale"):
        search(conn, "ocean", engine="tantivy")
    reindex(conn)
    assert search(conn, "ocean", engine="tantivy").total == search(conn, "ocean", engine="fts5").total == 3


def test_tantivy_index_updated_by_index_documents(tmp_path):
    conn = make_db(path=str(tmp_path / "c.db"), index=False)
    first, *rest = documents()
    conn.execute("DELETE FROM documents WHERE id != ?", (first.id,))
    reindex(conn)
    assert search(conn, "Yonder", engine="tantivy").total == 0
    for doc in rest:
        save_document(conn, doc, path=doc.source, data=doc.text.encode())
    index_documents(conn, [doc.id for doc in rest])
    assert tantivy_index.open_fresh(conn) is not None  # updated in place, still matches the database
    assert_same(conn, "Yonder")
    assert_same(conn, "country:ZZB -from:2020")
    index_documents(conn, [first.id])  # reindexing a document replaces its passages
    assert_same(conn, "ocean")


@pytest.mark.parametrize(
    ("date", "exact"), [("2020-01-15", True), ("2020", True), ("2020-01-15T10:00:00", True), ("March 2020", False)]
)
def test_tantivy_index_date_key_keeps_order(date, exact):
    key, is_exact = tantivy_index.date_key(date)
    assert is_exact == exact
    for other in ("2019-12-31", "2020", "2020-01", "2020-01-15", "2020-02", "2021"):
        if other < date:
            assert tantivy_index.date_key(other)[0] <= key
        elif other > date:
            assert tantivy_index.date_key(other)[0] >= key


@pytest.mark.parametrize(
    "query", ["ocean", '"silver bridge"', "river*", "minister NEAR/2 Orgex", "speaker:Lin ocean", "ocean cooperation"]
)
def test_engines_same_snippets_for_short_passages(db, query):
    def snippets(engine):
        return {(h["doc_id"], h["n"]): h["snippet"] for h in search(db, query, limit=100, engine=engine).hits}

    assert snippets("tantivy") == snippets("fts5")


def test_snippet_long_passage_shows_the_window_with_the_matches():
    from dipcorpus.query.snippet import Wanted, make_snippet

    text = " ".join(f"w{i}" for i in range(100)).replace("w60 w61", "Silver Bridge")
    out = make_snippet(text, Wanted(((("silver", "bridge"), False),)), {}, marks=("[", "]"))
    assert out.startswith("…") and out.endswith("…") and "[Silver Bridge]" in out
    assert len(out.strip("…").split()) == 32
    want = Wanted(((("cafe",), False), (("sho",), True)))
    assert make_snippet("Short: café.", want, {0xE9: "e"}, marks=("[", "]")) == "[Short]: [café]."


def _first_by_id(db, query, cap):
    """The facet counts of the first cap + 1 matching passages by id, counted here in Python."""
    from collections import Counter

    from dipcorpus.query.search import compile_text
    from dipcorpus.store import browse

    sql, params = browse._hits(db, compile_text(query))
    matches = sorted(tuple(r) for r in db.execute(sql, params))
    rows = matches[: cap + 1]
    counts = {"event_type": Counter(), "speaker": Counter(), "country": Counter()}
    for pid, _, speaker, event_type in rows:
        counts["event_type"][event_type if event_type is not None else "unknown"] += 1
        if speaker is not None:
            counts["speaker"][speaker] += 1
        for (key,) in db.execute("SELECT key FROM passage_tags WHERE passage_id = ? AND kind = 'country'", (pid,)):
            counts["country"][key] += 1
    out = {"capped": len(matches) > cap}
    for name, counter in counts.items():
        top = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:10]
        out[name] = [{"value": value, "count": count} for value, count in top]
    return out


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("cap", [5_000, 3])
def test_engines_same_facets(db, query, cap):
    """Facets counted by tantivy's aggregations: the SQL counts when every match is counted; when
    capped, the counts of the first cap + 1 matches by passage id (SQL counts the first cap + 1 in
    the order its plan finds them: another sample, also `capped`)."""
    from dipcorpus.query import tantivy_facets
    from dipcorpus.query.parse import parse
    from dipcorpus.query.search import compile_text, facets
    from dipcorpus.store import browse

    handle = tantivy_index.open_fresh(db)
    assert handle is not None
    try:
        compiled, _ = tantivy_index.compile_node(handle, parse(query), db)
    except tantivy_index.Unsupported:
        return
    got = tantivy_facets.facets(handle, compiled, cap=cap)
    assert got is not None
    assert {**got, "country": [{"value": c["value"], "count": c["count"]} for c in got["country"]]} == _first_by_id(
        db, query, cap
    ), query
    ref = browse.facets(db, compile_text(query), cap=cap)
    assert got["capped"] == ref["capped"]
    if not ref["capped"]:
        assert browse.name_countries(db, got) == ref, query
        assert facets(db, query) == ref == facets(db, query, engine="fts5")


def test_freshness_is_checked_again_after_any_write(tmp_path):
    """open_fresh skips the full check only while nothing changed: a write through the same connection
    (even uncommitted) or a commit through another one makes it look again."""
    conn = make_db(path=str(tmp_path / "c.db"))
    reindex(conn)
    assert tantivy_index.open_fresh(conn) is not None
    assert tantivy_index.open_fresh(conn) is not None  # the cheap path
    other = sqlite3.connect(str(tmp_path / "c.db"))
    other.execute("DELETE FROM passages WHERE doc_id = 'doc-d'")
    other.commit()
    other.close()
    assert tantivy_index.open_fresh(conn) is None  # another connection's commit: stale
    reindex(conn)
    assert tantivy_index.open_fresh(conn) is not None
    conn.execute("BEGIN")
    conn.execute("DELETE FROM passages WHERE doc_id = 'doc-a'")
    assert tantivy_index.open_fresh(conn) is None  # this connection's own uncommitted write
    conn.execute("ROLLBACK")
    assert tantivy_index.open_fresh(conn) is not None
