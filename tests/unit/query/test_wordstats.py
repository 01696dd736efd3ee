"""Collocates, n-grams, word lists and dispersion on the invented corpus, checked against the
formulas by hand."""

from __future__ import annotations

import math

import pytest
from invented_corpus import make_db

from dipcorpus.query import wordstats
from dipcorpus.query.corpus import Corpus
from dipcorpus.query.parse import QueryError


def test_collocates_count_the_window_and_follow_the_formulas(corpus_target: str) -> None:
    db = make_db(path=corpus_target)
    result = wordstats.collocates(db, "ocean", left=0, right=1, min_count=1, limit=100)
    assert result["nodes"] == 5 and not result["sampled"]
    rows = {r["word"]: r for r in result["rows"]}
    assert set(rows) == {"cooperation", "talks", "trade"}  # the word right after each 'ocean'
    coop = rows["cooperation"]
    assert coop["f_xy"] == 3
    n, f_x, f_y = result["tokens"], result["nodes"], coop["f_y"]
    assert coop["logdice"] == pytest.approx(14 + math.log2(2 * 3 / (f_x + f_y)), abs=1e-3)
    assert coop["mi"] == pytest.approx(math.log2(3 * n / (f_x * f_y)), abs=1e-3)
    assert coop["tscore"] == pytest.approx((3 - f_x * f_y / n) / math.sqrt(3), abs=1e-3)
    assert wordstats.corpus_counts(db).tokens == n  # cached now, same answer


def test_collocates_refuse_a_bad_window_or_measure(corpus_target: str) -> None:
    db = make_db(path=corpus_target)
    with pytest.raises(QueryError):
        wordstats.collocates(db, "ocean", left=0, right=0)
    with pytest.raises(QueryError):
        wordstats.collocates(db, "ocean", measure="dice")


def test_ngrams_stay_inside_punctuation_and_drop_stopword_edges(corpus_target: str) -> None:
    db = make_db(path=corpus_target)
    grams = {r["ngram"]: r for r in wordstats.ngrams(db, n=2, min_count=2, stop=False, limit=500)}
    assert (
        grams["silver bridge"]["count"] == 2 and grams["silver bridge"]["documents"] == 2
    )  # 'silver-bridge' is one word
    assert "shores harbour" not in grams  # a sentence end is a break
    kept = {r["ngram"] for r in wordstats.ngrams(db, n=2, min_count=2, stop=True, limit=500)}
    assert "silver bridge" in kept and not any(g.startswith("the ") or g.endswith(" the") for g in kept)
    only_a = {r["ngram"] for r in wordstats.ngrams(db, n=2, query="minister", min_count=1, stop=False, limit=500)}
    assert "orgex headquarters" in only_a and "river diplomacy" not in only_a
    words = {r["ngram"]: r["count"] for r in wordstats.wordlist(db, min_count=1, stop=True, limit=1000)}
    assert words["ocean"] == 5 and "the" not in words


def test_dispersion_positions_and_measures(corpus_target: str) -> None:
    db = make_db(path=corpus_target)
    result = wordstats.dispersion(db, "ocean")
    assert result["hits"] == 5 and result["documents_with_hits"] == 2 and result["documents"] == 4
    assert all(0 <= p <= 1 for d in result["by_document"] for p in d["positions"])
    assert 0 < result["dp"] < 1 and 0 <= result["juilland_d"] < 1
    even = wordstats._gries_dp({"a": 1, "b": 1}, {"a": (10, "", ""), "b": (10, "", "")})
    lumped = wordstats._gries_dp({"a": 2}, {"a": (10, "", ""), "b": (10, "", "")})
    assert even == 0 and lumped == 0.5


def test_python_api_frames(corpus_target: str) -> None:
    corpus = Corpus(make_db(path=corpus_target))
    frame = corpus.collocates("ocean", left=0, right=1, min_count=1)
    assert list(frame.columns) == ["word", "f_xy", "f_y", "logdice", "mi", "tscore"] and frame.attrs["nodes"] == 5
    assert corpus.ngrams(2, stop=False).iloc[0]["count"] >= 2
    assert "word" in corpus.wordlist().columns
    assert corpus.dispersion("ocean").attrs["hits"] == 5


def test_collocates_read_a_sample_of_many_passages_and_scale_to_all(corpus_target: str) -> None:
    db = make_db(path=corpus_target)
    whole = wordstats.collocates(db, "ocean", left=0, right=1, min_count=1)
    part = wordstats.collocates(db, "ocean", left=0, right=1, min_count=1, max_passages=2)
    assert not whole["sampled"] and part["sampled"] and part["passages"] == whole["passages"] == 5
    assert part["nodes"] == whole["nodes"]  # one 'ocean' in each passage: the scaled count is exact
    assert {r["word"] for r in part["rows"]} <= {r["word"] for r in whole["rows"]}
