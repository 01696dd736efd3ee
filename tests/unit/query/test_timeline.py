"""Timelines and first/last use over the invented corpus (invented_corpus.py)."""

from __future__ import annotations

import pytest

from dipcorpus.query.parse import QueryError
from dipcorpus.query.timeline import first_last, resolve_target, timeline
from unit.query.invented_corpus import make_db


@pytest.fixture(scope="module")
def db(new_target):
    conn = make_db(path=new_target("invented"))
    yield conn
    conn.close()


@pytest.mark.parametrize(
    ("target", "kind", "keys"),
    [
        ("silver bridge partnership", "formulation", ("silver-bridge",)),
        ('formulation:"silver-bridge partnership"', "formulation", ("silver-bridge",)),
        ("ZZA", "entity", ("ZZA",)),
        ("country:Yonder", "entity", ("ZZB",)),
        ("ocean", "term", ()),
        ('"silver bridge partnership"', "term", ()),  # quoted: always the phrase
    ],
)
def test_timeline_resolves_targets(db, target, kind, keys):
    resolved = resolve_target(db, target)
    assert (resolved.kind, resolved.keys) == (kind, keys)


def test_timeline_by_month_fills_gaps(db):
    rows = timeline(db, "ocean", by="month")
    assert [r["period"] for r in rows] == [f"2019-{m:02d}" for m in range(3, 13)] + ["2020-01", "2020-02"]
    by_period = {r["period"]: r for r in rows}
    assert by_period["2019-03"]["count"] == 3  # doc-d (undated) is not counted
    assert by_period["2019-04"] == {"period": "2019-04", "kind": "term", "count": 0, "words": 0, "per_10k": None}
    words = by_period["2019-03"]["words"]
    assert by_period["2019-03"]["per_10k"] == round(3 * 10_000 / words, 3)


@pytest.mark.parametrize(("by", "periods"), [("year", ["2019", "2020"]), ("quarter", ["2019-Q1", "2019-Q2",
                         "2019-Q3", "2019-Q4", "2020-Q1"])])  # fmt: skip
def test_timeline_periods(db, by, periods):
    rows = timeline(db, "silver bridge partnership", by=by)
    assert [r["period"] for r in rows] == periods
    assert sum(r["count"] for r in rows) == 3


def test_timeline_entity_counts_mentions(db):
    rows = timeline(db, "ZZB", by="year")
    assert [(r["period"], r["count"]) for r in rows] == [("2019", 1), ("2020", 1)]


def test_timeline_rejects_bad_period(db):
    with pytest.raises(QueryError, match="unknown period"):
        timeline(db, "ocean", by="week")


def test_first_last_use(db):
    out = first_last(db, "silver bridge partnership")
    assert (out["kind"], out["uses"]) == ("formulation", 3)
    assert (out["first"]["doc_id"], out["last"]["doc_id"]) == ("doc-a", "doc-c")
    assert "silver" in out["first"]["context"]
    assert first_last(db, "zebra")["first"] is None
