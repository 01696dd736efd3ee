"""Keyword in context over the invented corpus (invented_corpus.py)."""

from __future__ import annotations

import pytest

from dipcorpus.query.kwic import kwic, marked_spans
from dipcorpus.query.parse import QueryError
from unit.query.invented_corpus import make_db


@pytest.fixture(scope="module")
def db(new_target):
    conn = make_db(path=new_target("invented"))
    yield conn
    conn.close()


def test_kwic_marked_spans():
    assert marked_spans("a \x02bc\x03 d \x02e\x03") == ("a bc d e", [(2, 4), (7, 8)])


def test_kwic_lines_point_at_the_match(db):
    lines = kwic(db, "ocean", width=20)
    assert len(lines) == 5
    for line in lines:
        text = db.execute("SELECT text FROM documents WHERE id = ?", (line["doc_id"],)).fetchone()[0]
        assert text[line["start"] : line["end"]].lower() == "ocean" == line["match"].lower()
        assert len(line["left"]) <= 20 and len(line["right"]) <= 20


def test_kwic_phrase_is_one_match(db):
    lines = kwic(db, '"bloc confrontation"', width=15)
    assert [line["match"] for line in lines] == ["bloc confrontation"] * 2


@pytest.mark.parametrize("sort", ["left", "right", "date"])
def test_kwic_sorts(db, sort):
    lines = kwic(db, "ocean", sort=sort)
    if sort == "left":
        keys = [line["left"].lower().split()[::-1] for line in lines]
    elif sort == "right":
        keys = [line["right"].lower().split() for line in lines]
    else:
        keys = [(line["date"] is None, line["date"] or "") for line in lines]
    assert keys == sorted(keys)


def test_kwic_filters_narrow_it(db):
    assert {line["doc_id"] for line in kwic(db, "ocean speaker:Lin from:2019")} == {"doc-a"}


def test_kwic_needs_a_word(db):
    with pytest.raises(QueryError, match="kwic needs a word"):
        kwic(db, "country:ZZA")


def test_kwic_sorts_on_several_levels(db):
    lines = kwic(db, "ocean", sort="R1,L1")
    keys = [
        (line["right"].split()[0].lower(), (line["left"].split() or [""])[-1].strip(".?").lower()) for line in lines
    ]
    assert keys == sorted(keys)
    assert [line["match"].lower() for line in lines] == ["ocean"] * len(lines)
    with pytest.raises(QueryError, match="unknown kwic sort"):
        kwic(db, "ocean", sort="L1,Q7")
