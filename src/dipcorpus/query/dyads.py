"""Question-answer dyads: one row per question with the answer that follows it.

The columns are those researchers know from the CMFA PressCon corpus: date, spokesperson,
outlet, question, answer, plus doc_id, title and n (the dyad's order in its document, from 1).
Input rows follow the export contract (docs/evaluation.md): documents with id, title, date;
turns with doc_id, n, speaker, role, text. Consecutive answer turns after one question are
joined (blank line between); the spokesperson is the first answerer. A question with no answer
gets an empty answer and spokesperson None.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["COLUMNS", "dyads"]

COLUMNS = ("date", "spokesperson", "outlet", "question", "answer", "doc_id", "title", "n")


def _pairs(turns: list[Mapping[str, Any]]) -> Iterable[tuple[Mapping[str, Any], list[Mapping[str, Any]]]]:
    question: Mapping[str, Any] | None = None
    answers: list[Mapping[str, Any]] = []
    for turn in turns:
        role = turn.get("role")
        if role == "question":
            if question is not None:
                yield question, answers
            question, answers = turn, []
        elif role == "answer" and question is not None:
            answers.append(turn)
    if question is not None:
        yield question, answers


def dyads(doc_rows: Iterable[Mapping[str, Any]], turn_rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per question and its answer, documents in the order given, dyads in turn order."""
    by_doc: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
    for turn in turn_rows:
        by_doc[turn.get("doc_id")].append(turn)
    rows: list[dict[str, Any]] = []
    for doc in doc_rows:
        turns = sorted(by_doc.get(doc.get("id"), []), key=lambda t: t.get("n") or 0)
        for n, (question, answers) in enumerate(_pairs(turns), start=1):
            rows.append(
                {
                    "date": doc.get("date"),
                    "spokesperson": answers[0].get("speaker") if answers else None,
                    "outlet": question.get("speaker"),
                    "question": question.get("text") or "",
                    "answer": "\n\n".join(str(a.get("text") or "") for a in answers),
                    "doc_id": doc.get("id"),
                    "title": doc.get("title"),
                    "n": n,
                }
            )
    return rows
