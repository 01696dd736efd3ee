"""Chinese in the search index (issue #11) on both engines, over the invented corpus of zh_corpus.py:
a Chinese query matches the passages holding it as a substring wherever the segmenter would cut
the words, not across punctuation; mixed-language passages; the lang: filter; entity and formulation
filters in both languages; rates divided by the words of the query's language; the migration."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dipcorpus.annotate.zh_segment import CJK_RUN, zh_word_spans, zh_words
from dipcorpus.index import tantivy_index
from dipcorpus.index.passages import reindex
from dipcorpus.query.analysis import word_counts
from dipcorpus.query.kwic import kwic
from dipcorpus.query.parse import QueryError
from dipcorpus.query.search import search
from dipcorpus.query.timeline import timeline
from dipcorpus.store import migrations
from dipcorpus.store.db import connect
from dipcorpus.store.search_text import BARRIER, SEP, count_words, index_text, plain
from unit.query import zh_corpus

ENGINES = ("fts5", "tantivy")


@pytest.fixture(scope="module")
def db(new_target):
    conn = zh_corpus.make_db(new_target("zh"))
    reindex(conn)  # FTS5 and the tantivy folder
    yield conn
    conn.close()


def hits(db, query, engine):
    result = search(db, query, limit=100, engine=engine)
    return result.total, sorted((h["doc_id"], h["n"]) for h in result.hits)


def same_on_both(db, query):
    found = {engine: hits(db, query, engine) for engine in ENGINES}
    assert found["fts5"] == found["tantivy"], query
    return found["fts5"]


def substrings(text: str, sizes: range) -> set[str]:
    return {run[i : i + n] for run in CJK_RUN.findall(text) for n in sizes for i in range(len(run) - n + 1)}


def test_zh_every_substring_found_where_it_is_on_both_engines(db):
    texts = zh_corpus.passage_texts(db)
    queries = substrings(zh_corpus.ZH_A + zh_corpus.ZH_C, range(1, 6))
    for query in sorted(queries):
        total, _ = same_on_both(db, query)
        assert total == sum(query in t for t in texts), query


def test_zh_phrase_across_segment_boundaries(db):
    # '洋合' and '作同' cut across the segmenter's words in context (海洋|合作, 合作|。|同时)
    in_context = {zh_corpus.ZH_A[s:e] for s, e in zh_word_spans(zh_corpus.ZH_A)}
    assert "洋合" not in in_context and {"海洋", "合作"} <= in_context
    assert same_on_both(db, "洋合")[0] == sum("洋合" in t for t in zh_corpus.passage_texts(db)) == 2


def test_zh_phrase_does_not_run_across_punctuation(db):
    assert "时，我" in zh_corpus.ZH_A
    assert same_on_both(db, "时我")[0] == 0  # not a substring: '同时，我们'
    assert same_on_both(db, '"同时，我们"')[0] == 1  # the punctuation written in the query matches
    assert same_on_both(db, "合作共赢")[0] == 1


def test_zh_term_and_phrase_and_prefix_are_one_query(db):
    assert same_on_both(db, "海洋合作") == same_on_both(db, '"海洋合作"') == same_on_both(db, "海洋合作*")
    assert same_on_both(db, "海洋合作 -集团对抗")[0] == same_on_both(db, "海洋合作")[0] - 1


def test_zh_mixed_language_passage(db):
    total, found = same_on_both(db, "G20峰会")
    assert total == 1 and found[0][0] == "zh-b"
    assert same_on_both(db, "峰会 summit") == (0, [])  # one passage per paragraph: Chinese, then English
    assert same_on_both(db, '"G20 峰会"')[0] == 1  # letters and digits next to Chinese are a token of their own
    assert same_on_both(db, "g20")[0] == 2
    assert same_on_both(db, "海洋合作 OR ocean")[0] == 4


def test_zh_snippets_and_kwic_show_the_text_unmarked(db):
    for engine in ENGINES:
        (hit,) = search(db, "集团对抗", engine=engine, sort="date", limit=1).hits
        assert "<mark>集团对抗</mark>" in hit["snippet"] and SEP not in hit["snippet"] and BARRIER not in hit["snippet"]
    lines = kwic(db, "银桥伙伴关系", width=8)
    texts = {d.id: d.text for d in zh_corpus.documents()}
    assert lines and all(texts[x["doc_id"]][x["start"] : x["end"]] == "银桥伙伴关系" for x in lines)


def test_zh_kwic_left_sort_reads_the_characters_nearest_the_match(db):
    lines = kwic(db, "合作", sort="left", width=6)
    lefts = [line["left"][::-1] for line in lines]  # nearest character first
    assert len(lines) >= 3 and lefts == sorted(lefts)


@given(
    text=st.text(alphabet="中国原则合作海洋，。 「」abG2_-", min_size=1, max_size=30),
    cut=st.tuples(st.integers(0, 30), st.integers(0, 30)),
)
def test_zh_substring_tokens_are_a_run_of_the_text_tokens(text, cut):
    """The property both engines rest on: a string that begins and ends with a Chinese character and
    stands in a text gives tokens that stand in a row among the text's tokens."""
    start, end = sorted(cut)
    query = text[start:end]
    if not query or not (CJK_RUN.match(query[0]) and CJK_RUN.match(query[-1])):
        return
    table = tantivy_index._probed_table()
    q, t = tantivy_index.tokens(query, table), tantivy_index.tokens(text, table)
    assert any(t[i : i + len(q)] == q for i in range(len(t) - len(q) + 1)), (query, text)


def test_zh_snippets_same_on_both_engines_for_short_passages(db):
    tokens = re.compile(r"[\w\U0010fffd]+")
    texts = {(r[0], r[1]): r[2] for r in db.execute("SELECT doc_id, n, text FROM passages")}
    short = {k for k, t in texts.items() if len(tokens.findall(index_text(t) or t)) <= 32}  # shown whole
    assert short
    for query in ("扬德", "海洋合作", "G20峰会", "ocean"):
        snippets = {
            engine: {(h["doc_id"], h["n"]): h["snippet"] for h in search(db, query, limit=50, engine=engine).hits}
            for engine in ENGINES
        }
        assert {k: v for k, v in snippets["tantivy"].items() if k in short} == {
            k: v for k, v in snippets["fts5"].items() if k in short
        }


@pytest.mark.parametrize("value", ["zh", "ZH", "zh-CN", "chi", "Chinese", "中文"])
def test_lang_filter_by_code_or_name_on_both_engines(db, value):
    _, found = same_on_both(db, f"lang:{value}")
    assert {doc for doc, _ in found} == {"zh-a", "zh-b", "zh-c"}  # zh-b is stored as zh-CN
    assert same_on_both(db, f'lang:"{value}" ocean')[0] == 1  # zh-b's English paragraph
    assert same_on_both(db, f"-lang:{value}") == same_on_both(db, "lang:English")


def test_entity_and_formulation_filters_match_both_languages(db):
    for query in ("country:ZZA", "country:Zedland", "country:泽德兰"):
        _, found = same_on_both(db, query)
        assert {doc for doc, _ in found} == {"zh-a", "en-d"}, query
    _, found = same_on_both(db, "formulation:silver-bridge")
    assert {doc for doc, _ in found} == {"zh-a", "zh-c", "en-d"}
    _, found = same_on_both(db, "formulation:银桥伙伴关系 lang:en")
    assert {doc for doc, _ in found} == {"en-d"}
    _, found = same_on_both(db, "person:习近平")  # the knowledge base's Chinese name of an English mention
    assert {doc for doc, _ in found} == {"en-d"}


def test_zh_words_counted_by_the_segmenter():
    text = "我们反对集团对抗。We oppose bloc confrontation, 2019年"
    assert count_words(text) == len(zh_words(text)) + len(["We", "oppose", "bloc", "confrontation", "2019"])
    assert count_words("We oppose bloc confrontation.") == 4
    assert count_words("我们反对集团对抗") == len(zh_words("我们反对集团对抗")) > 1


def test_index_text_only_adds_marks():
    for text in (zh_corpus.ZH_A, zh_corpus.ZH_B, "「中国」", "中\x1f国", "no Chinese here"):
        marked = index_text(text)
        if marked is None:
            assert not CJK_RUN.search(text)
            continue
        assert len(plain(marked)) == len(text) and plain(marked) == text.replace(SEP, " ")


def test_rates_divide_by_the_words_of_the_query_language(db):
    sql = "SELECT doc_id, SUM(words), GROUP_CONCAT(text, ' ') FROM passages GROUP BY doc_id"
    words = {r[0]: (r[1], r[2]) for r in db.execute(sql)}
    for stored, text in words.values():
        assert stored == count_words(text)
    march_zh = words["zh-a"][0] + words["zh-b"][0]
    march_en = words["en-d"][0]
    (row,) = [r for r in timeline(db, "海洋合作") if r["period"] == "2019-03"]
    assert row["words"] == march_zh and row["count"] == 2
    (row,) = [r for r in timeline(db, "ocean") if r["period"] == "2019-03"]
    assert row["words"] == march_en and row["count"] == 2  # zh-b's English paragraph counts, its words do not
    (row,) = [r for r in timeline(db, "ocean lang:zh") if r["period"] == "2019-03"]
    assert row["words"] == march_zh
    (row,) = [r for r in timeline(db, "海洋合作 OR ocean") if r["period"] == "2019-03"]
    assert row["words"] == march_zh + march_en
    (row,) = [r for r in timeline(db, "country:ZZA") if r["period"] == "2019-03"]
    assert row["kind"] == "entity" and row["words"] == march_zh + march_en and row["count"] == 3


def test_keyness_counts_chinese_words(db):
    counts, total = word_counts(db, "lang:zh")
    texts = [r[0] for r in db.execute("SELECT p.text FROM passages p JOIN documents d ON d.id = p.doc_id "
                                      "WHERE d.language LIKE 'zh%'")]  # fmt: skip
    expected = Counter(w for t in texts for w in zh_words(t))
    assert {w: n for w, n in counts.items() if CJK_RUN.search(w)} == expected and expected["合作"] >= 3
    assert total == sum(counts.values()) == sum(count_words(t) for t in texts)


def test_migration_brings_an_existing_index_up_to_date(tmp_path):
    path = tmp_path / "old.db"
    old = connect(path, apply_migrations=False)
    old.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, func in migrations.MIGRATIONS:
        if name < "m0009":
            func(old)
            old.execute("INSERT INTO _migrations VALUES (?, 'then')", (name,))
    old.execute(
        "INSERT INTO documents (id, source, format, text, chars, ingested_at, language) "
        "VALUES ('d', 'invented', 'txt', ?, 1, 'then', 'zh')",
        (zh_corpus.ZH_C,),
    )
    old.execute(
        "INSERT INTO passages (doc_id, n, kind, start, \"end\", words, text) VALUES ('d', 1, 'paragraph', 0, ?, 1, ?)",
        (len(zh_corpus.ZH_C), zh_corpus.ZH_C),
    )
    assert old.execute("SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH '\"合作\"'").fetchone()[0] == 0
    old.close()
    readonly = connect(path, readonly=True)  # a server does not migrate: it says what to do
    with pytest.raises(QueryError, match="dipcorpus migrate"):
        search(readonly, "合作", engine="fts5")
    readonly.close()
    db = connect(path)  # applies m0009
    row = db.execute("SELECT ftext, words FROM passages").fetchone()
    assert row[0] == index_text(zh_corpus.ZH_C) and row[1] == count_words(zh_corpus.ZH_C)
    assert search(db, "合作", engine="fts5").total == 1
    db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('integrity-check')")


def test_api_and_cli_search_in_chinese_with_lang(db, tmp_path):
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from dipcorpus.api.app import create_app
    from dipcorpus.cli import cli
    from dipcorpus.store.db import database_target

    path = database_target(db)
    with TestClient(create_app(path)) as client:
        body = client.get("/api/search", params={"q": "海洋合作", "lang": "中文"}).json()
    assert body["total"] == 2 and all(h["snippet"][s:e] == "海洋合作" for h in body["hits"] for s, e in h["marks"])
    result = CliRunner().invoke(cli, ["search", "海洋合作 -lang:zh", "--db", path, "--json"])
    assert result.exit_code == 0 and '"total": 0' in result.stdout
