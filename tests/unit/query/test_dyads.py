"""dyads() on invented rows."""

from __future__ import annotations

from dipcorpus.query.dyads import COLUMNS, dyads


def test_dyads_pair_questions_with_answers() -> None:
    docs = [{"id": "d1", "title": "Invented Conference", "date": "2020-01-02"}]
    turns = [
        {"doc_id": "d1", "n": 3, "speaker": "Li Ming", "role": "answer", "text": "A1."},
        {"doc_id": "d1", "n": 1, "speaker": "Li Ming", "role": "announcement", "text": "News."},
        {"doc_id": "d1", "n": 2, "speaker": "AFP", "role": "question", "text": "Q1?"},
        {"doc_id": "d1", "n": 4, "speaker": "Li Ming", "role": "answer", "text": "A1 more."},
        {"doc_id": "d1", "n": 5, "speaker": "Reporter", "role": "question", "text": "Q2?"},
    ]
    rows = dyads(docs, turns)
    assert [tuple(r) for r in rows] == [COLUMNS, COLUMNS]
    assert rows[0] == {
        "date": "2020-01-02", "spokesperson": "Li Ming", "outlet": "AFP", "question": "Q1?",
        "answer": "A1.\n\nA1 more.", "doc_id": "d1", "title": "Invented Conference", "n": 1,
    }  # fmt: skip
    assert rows[1]["answer"] == "" and rows[1]["spokesperson"] is None and rows[1]["n"] == 2
    assert rows[1]["outlet"] is None  # 'Reporter' is an anonymous asker, not an outlet


def test_dyads_empty() -> None:
    assert dyads([{"id": "d"}], []) == []
