"""Question-answer dyads: one row per question with the answer that follows it.

The columns are those researchers know from the CMFA PressCon corpus: date, spokesperson,
outlet, question, answer, plus doc_id, title and n (the dyad's order in its document, from 1).
Input rows follow the export contract (docs/evaluation.md): documents with id, title, date;
turns with doc_id, n, speaker, role, text. Consecutive answer turns after one question are
joined (blank line between); the spokesperson is the first answerer. A question with no answer
gets an empty answer and spokesperson None. A question asked by no named outlet (the turn's speaker
is 'Reporter', 'Journalist', 'Q' ...) has outlet None: an anonymous asker is not an outlet.

`bilingual_dyads` gives the same rows for the English page of a translation pair with the Chinese
page's spokesperson, outlet, question, answer, doc_id and title beside them (`_zh` columns), taken
from the turn alignment (`link/turn_align.py`): the Chinese turns aligned with the question, and
those aligned with its answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["BILINGUAL_COLUMNS", "COLUMNS", "bilingual_dyads", "dyads"]

COLUMNS = ("date", "spokesperson", "outlet", "question", "answer", "doc_id", "title", "n")
ZH_COLUMNS = ("spokesperson", "outlet", "question", "answer", "doc_id", "title")
BILINGUAL_COLUMNS = (*COLUMNS, *(f"{c}_zh" for c in ZH_COLUMNS))
ANONYMOUS_ASKERS = frozenset(
    {"reporter", "journalist", "correspondent", "question", "q", "audience member", "participant", "记者", "问"}
)


def _outlet(question: Mapping[str, Any]) -> str | None:
    speaker = str(question.get("speaker") or "").strip()
    return None if speaker.casefold() in ANONYMOUS_ASKERS or not speaker else speaker


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
        rows.extend(_row(doc, question, answers, n) for n, (question, answers) in enumerate(_pairs(turns), start=1))
    return rows


def _row(
    doc: Mapping[str, Any], question: Mapping[str, Any], answers: list[Mapping[str, Any]], n: int
) -> dict[str, Any]:
    return {
        "date": doc.get("date"),
        "spokesperson": answers[0].get("speaker") if answers else None,
        "outlet": _outlet(question),
        "question": question.get("text") or "",
        "answer": "\n\n".join(str(a.get("text") or "") for a in answers),
        "doc_id": doc.get("id"),
        "title": doc.get("title"),
        "n": n,
    }


def _zh_turns_by_en_turn(steps: Iterable[Mapping[str, Any]]) -> dict[int, list[int]]:
    """English turn number -> the Chinese turn numbers aligned with it. A step belongs to its first
    English turn; a Chinese turn with no English counterpart joins the step before it."""
    out: dict[int, list[int]] = defaultdict(list)
    last: int | None = None
    for step in sorted(steps, key=lambda s: s.get("n") or 0):
        if step.get("unit", "turn") != "turn":
            continue
        first = step.get("a_first")
        target = first if first is not None else last
        if first is not None:
            last = first
        if target is not None and step.get("b_first") is not None:
            out[target].extend(range(step["b_first"], step["b_last"] + 1))
    return out


def bilingual_dyads(
    doc_rows: Iterable[Mapping[str, Any]],
    turn_rows: Iterable[Mapping[str, Any]],
    pairs: Iterable[Mapping[str, Any]],
    steps: Iterable[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """One row per question of the English page of each English-Chinese pair (`pairs`: a_doc,
    b_doc), in the `COLUMNS` of `dyads` plus the Chinese page's columns (`BILINGUAL_COLUMNS`).
    `steps` are the stored alignment rows (a_doc, b_doc, n, unit, a_first, a_last, b_first, b_last)."""
    docs = {d.get("id"): d for d in doc_rows}
    turns: dict[Any, dict[int, Mapping[str, Any]]] = defaultdict(dict)
    for turn in turn_rows:
        turns[turn.get("doc_id")][int(turn.get("n") or 0)] = turn
    by_pair: dict[tuple[Any, Any], list[Mapping[str, Any]]] = defaultdict(list)
    for step in steps:
        by_pair[(step.get("a_doc"), step.get("b_doc"))].append(step)
    rows: list[dict[str, Any]] = []
    for pair in pairs:
        ends = [docs.get(pair.get("a_doc")), docs.get(pair.get("b_doc"))]
        en = next((d for d in ends if d and _base(d.get("language")) == "en"), None)
        zh = next((d for d in ends if d and _base(d.get("language")) == "zh"), None)
        if en is None or zh is None:
            continue
        steps_of = by_pair[(pair.get("a_doc"), pair.get("b_doc"))]
        rows.extend(_pair_rows(en, zh, turns[en.get("id")], turns[zh.get("id")], steps_of, en is ends[0]))
    return rows


def _base(language: Any) -> str:
    return str(language or "").replace("_", "-").split("-")[0].casefold()


def _pair_rows(
    en: Mapping[str, Any],
    zh: Mapping[str, Any],
    en_turns: Mapping[int, Mapping[str, Any]],
    zh_turns: Mapping[int, Mapping[str, Any]],
    steps: list[Mapping[str, Any]],
    en_is_a: bool,
) -> list[dict[str, Any]]:
    if not en_is_a:  # the alignment's a side is the Chinese page: look at it from the English side
        steps = [{**s, "a_first": s.get("b_first"), "a_last": s.get("b_last"), "b_first": s.get("a_first"),
                  "b_last": s.get("a_last")} for s in steps]  # fmt: skip
    mapping = _zh_turns_by_en_turn(steps)
    rows = []
    ordered = [en_turns[n] for n in sorted(en_turns)]
    for n, (question, answers) in enumerate(_pairs(ordered), start=1):
        row = _row(en, question, answers, n)
        q_zh = [zh_turns[k] for k in mapping.get(int(question.get("n") or 0), []) if k in zh_turns]
        a_zh = [zh_turns[k] for a in answers for k in mapping.get(int(a.get("n") or 0), []) if k in zh_turns]
        asker = next((t for t in q_zh if t.get("role") == "question"), None)
        answerer = next((t for t in a_zh if t.get("role") != "question"), None)
        row.update(
            spokesperson_zh=answerer.get("speaker") if answerer else None,
            outlet_zh=_outlet(asker) if asker else None,
            question_zh="\n\n".join(str(t.get("text") or "") for t in q_zh),
            answer_zh="\n\n".join(str(t.get("text") or "") for t in a_zh),
            doc_id_zh=zh.get("id"),
            title_zh=zh.get("title"),
        )
        rows.append(row)
    return rows
