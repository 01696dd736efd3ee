"""Enumerated points on invented text."""

from __future__ import annotations

from dipcorpus.model import Document
from dipcorpus.parse.points import find_points
from dipcorpus.parse.statements import find_statements
from dipcorpus.parse.turns import find_turns


def parse(text: str, title: str = "Invented Interview with Li Ming") -> Document:
    doc = Document(id="x", source="x", format="txt", text=f"{title}\n\n{text}", title=title)
    return find_points(find_statements(find_turns(doc)))


def test_points_in_an_answer() -> None:
    doc = parse(
        "Reporter: Question?\n\nLi Ming: Three things.\n\nFirst, one thing.\n\n"
        "Second, another. Third, a last one.\n\nReporter: Next?"
    )
    assert [(p.n, p.parent, p.parent_n) for p in doc.points] == [
        (1, "turn", 2),
        (2, "turn", 2),
        (3, "turn", 2),
    ]

    assert [doc.text[p.start : p.end] for p in doc.points] == [
        "First, one thing.",
        "Second, another.",
        "Third, a last one.",
    ]


def test_points_numbered_in_document_order() -> None:
    doc = parse(
        "Reporter: Question?\n\nLi Ming: First, a. Second, b.\n\nReporter: More?\n\nLi Ming: First, c. Second, d."
    )
    assert [(p.n, p.parent_n) for p in doc.points] == [(1, 2), (2, 2), (3, 4), (4, 4)]


def test_points_ordinal_phrases() -> None:
    doc = parse(
        "Reporter: Question?\n\nLi Ming: Areas.\n\nOne is to build.\n\nThe second is to share.\n\n"
        "Third is to grow.\n\nThe fourth is that we talk."
    )
    assert [p.n for p in doc.points] == [1, 2, 3, 4]


def test_points_numbered_lines_in_the_body() -> None:
    doc = parse("Steps:\n\n1. Plant.\n\n2. Water.\n\n(3) Wait.", title="Invented Notice")
    assert [(p.n, p.parent) for p in doc.points] == [(1, "body"), (2, "body"), (3, "body")]


def test_points_need_a_series() -> None:
    doc = parse("Reporter: Question?\n\nLi Ming: Second, nothing else. The first is gone.")
    assert doc.points == ()


def test_points_in_a_statement() -> None:
    doc = parse("Li Ming said, first, trade grows. Second, talks help.", title="Invented Readout")
    assert [(p.n, p.parent, p.parent_n) for p in doc.points] == []  # lowercase 'first' after a comma is prose
    doc = parse("Li Ming said that China proposes steps. First, trade grows. Second, talks help.", title="Readout")
    assert [(p.n, p.parent, p.parent_n) for p in doc.points] == [(1, "statement", 1), (2, "statement", 1)]


def test_points_chinese() -> None:
    doc = parse("我们有三点主张。一是加强合作，二是扩大交流，三是管控分歧。", title="虚构标题")
    assert [p.n for p in doc.points] == [1, 2, 3]
