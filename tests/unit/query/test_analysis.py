"""Co-occurrence and keyness over the invented corpus (invented_corpus.py)."""

from __future__ import annotations

import math

import pytest

from dipcorpus.query.analysis import cooccurrence, g2, keyness
from dipcorpus.query.parse import QueryError
from unit.query.invented_corpus import make_db


@pytest.fixture(scope="module")
def db(new_target):
    conn = make_db(path=new_target("invented"))
    yield conn
    conn.close()


def test_cooccurrence_by_passage(db):
    rows = cooccurrence(db)
    assert [(r["a"], r["b"], r["together"]) for r in rows] == [("ZZA", "ZZB", 1)]


def test_cooccurrence_by_document_with_formulations(db):
    rows = cooccurrence(db, unit="document", kinds=("country", "organization", "formulation"))
    pairs = {(r["a"], r["b"]): r["together"] for r in rows}
    assert pairs[("ZZB", "silver-bridge")] == 2
    assert pairs[("ORGX", "ZZA")] == 1
    assert all(0 < r["dice"] <= 1 for r in rows)


def test_cooccurrence_with_entity(db):
    rows = cooccurrence(db, unit="document", with_entity="Orgex")
    assert {(r["a"], r["b"]) for r in rows} == {("ORGX", "ZZA")}


def test_cooccurrence_bad_unit(db):
    with pytest.raises(QueryError):
        cooccurrence(db, unit="sentence")


def test_g2_known_value():
    # a: 10 of 1000 words, b: 0 of 1000 → 2·10·ln(10/5) = 13.863
    assert g2(10, 0, 1000, 1000) == pytest.approx(20 * math.log(2))
    assert g2(5, 5, 1000, 1000) == pytest.approx(0.0)


def test_keyness_finds_words_of_each_side(db):
    rows = keyness(db, "from:2019 to:2019", "from:2020", min_count=2)
    by_word = {r["word"]: r for r in rows}
    assert by_word["river"]["key_for"] == "b"
    assert rows == sorted(rows, key=lambda r: -r["g2"])
    assert all(r["g2"] >= 0 for r in rows)


def test_keyness_empty_side(db):
    with pytest.raises(QueryError, match="empty"):
        keyness(db, "zebra", "ocean")
