"""Score exported rows against a hand-checked gold file (precision, recall and F1 per layer).

`evaluate(gold, exports)` takes the gold file as parsed JSON (schema: docs/evaluation.md) and the
rows of `dipcorpus export` by kind ("documents", "turns", "statements", "entities",
"formulations", "links"), and returns `{"layers": {layer: scores}, "documents": [...]}`. Its
numbers are the ones `../shared/tools/score.py` prints for the same data.

Matching rules, per layer:
- title, date, published: one item per document; dates compare on their first 10 characters.
- with `extended=True` (the development gold sets): event_type, language, and place, where the
  part before the first comma of either side may stand for the whole ('The Kremlin, Moscow' ~
  'Moscow'); a document whose `turns` is null is scored on `n_questions` (right within 10%,
  exactly for none), `answer_speakers` (a set of names against the speakers of non-question
  turns) and `outlets` (the asking outlet of each question, in order).
- boilerplate: each gold snippet absent from the clean text is a hit; ocr_repairs: each
  repaired form present and the damaged form absent.
- turns, statements: in order; a gold item matches the next unused predicted item (by `n`)
  with the same speaker (and role, for turns) whose text begins with `starts_with` (within
  the first len(starts_with) + 80 characters).
- countries, regions, organizations, media, people, formulations: sets per document; a
  predicted item is its {id, name}; a gold name matches it directly or through `aliases`.
- links: unordered pairs of gold documents.
Texts compare after NFKC, straight quotes, collapsed spaces and casefolding.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ENTITY_LAYERS", "evaluate", "normalise", "scores"]

ENTITY_LAYERS = {
    "countries": "country",
    "regions": "region",
    "organizations": "organization",
    "media": "media",
    "people": "person",
}
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_SPACES = re.compile(r"\s+")
_PATH_SEP = re.compile(r"[\\/]")


def normalise(value: object) -> str:
    """The form texts are compared in."""
    text = unicodedata.normalize("NFKC", str(value or "")).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip().casefold()


def scores(tp: int, predicted: int, gold: int) -> dict[str, Any]:
    """Precision, recall and F1 (rounded to 4 places) with their counts.

    No predictions score precision 1 only when nothing was expected; no gold items score recall 1."""
    if predicted:
        precision = tp / predicted
    else:
        precision = 1.0 if gold == 0 else 0.0
    recall = tp / gold if gold else 1.0
    total = precision + recall
    f1 = 2 * precision * recall / total if total else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "predicted": predicted,
        "gold": gold,
    }


@dataclass
class _Tally:
    counts: dict[str, list[int]] = field(default_factory=dict)

    def add(self, layer: str, tp: int, predicted: int, gold: int) -> None:
        row = self.counts.setdefault(layer, [0, 0, 0])
        row[0] += tp
        row[1] += predicted
        row[2] += gold


def _in_order(gold_items: Sequence[Mapping[str, Any]], rows: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> int:
    """Greedy in-order matching; returns the number of gold items matched."""
    hits, cursor = 0, 0
    for want in gold_items:
        opening = normalise(want["starts_with"])
        for k in range(cursor, len(rows)):
            row = rows[k]
            if any(want.get(key) is not None and normalise(want[key]) != normalise(row.get(key)) for key in keys):
                continue
            if opening not in normalise(row.get("text", ""))[: len(opening) + 80]:
                continue
            hits, cursor = hits + 1, k + 1
            break
    return hits


def _name_sets(items: Iterable[Mapping[str, Any]]) -> list[set[str]]:
    """One set of names per predicted item; items sharing a name count once."""
    groups: list[set[str]] = []
    for item in items:
        names = {normalise(item.get("id")), normalise(item.get("name"))} - {""}
        if names and all(names.isdisjoint(group) for group in groups):
            groups.append(names)
    return groups


def _match_sets(
    gold_names: Sequence[str], groups: Sequence[set[str]], aliases: Mapping[str, set[str]]
) -> tuple[int, list[str], list[str]]:
    used: set[int] = set()
    missed = []
    for name in gold_names:
        accepted = aliases.get(normalise(name), {normalise(name)})
        index = next((i for i, g in enumerate(groups) if i not in used and not g.isdisjoint(accepted)), None)
        if index is None:
            missed.append(name)
        else:
            used.add(index)
    extra = [min(g) for i, g in enumerate(groups) if i not in used]
    return len(used), missed, extra


def _file_name(source: object) -> str:
    return _PATH_SEP.split(str(source or ""))[-1]


_EXTENDED_FIELDS = ("event_type", "place", "language")


def _same_place(expected: object, got: object) -> bool:
    want, have = normalise(expected), normalise(got)
    return want.split(",")[0].strip() in have or have.split(",")[0].strip() in want


def _score_fields(
    tally: _Tally, want: Mapping[str, Any], row: Mapping[str, Any], report: dict[str, Any], *, extended: bool
) -> None:
    for layer in ("title", "date", "published", *(_EXTENDED_FIELDS if extended else ())):
        if layer not in want:
            continue
        expected, got = want[layer], row.get(layer)
        if layer in ("date", "published") and got:
            got = str(got)[:10]
        same = normalise(expected) == normalise(got)
        if layer == "place" and expected and got:
            same = _same_place(expected, got)
        tally.add(layer, int(same and expected is not None), int(got not in (None, "")), int(expected is not None))
        report[layer] = {"gold": expected, "got": got, "ok": same}


def _score_text(tally: _Tally, want: Mapping[str, Any], text: str) -> None:
    snippets = want.get("boilerplate", [])
    tally.add("boilerplate", sum(normalise(s) not in text for s in snippets), len(snippets), len(snippets))
    repairs = want.get("ocr_repairs", {})
    fixed = sum(normalise(after) in text and normalise(before) not in text for before, after in repairs.items())
    tally.add("ocr_repairs", fixed, len(repairs), len(repairs))


def _score_summary(
    tally: _Tally,
    want: Mapping[str, Any],
    turns: Sequence[Mapping[str, Any]],
    aliases: Mapping[str, set[str]],
    report: dict[str, Any],
) -> None:
    """Question count, answer speakers and outlets: what a long document is annotated by."""
    questions = [t for t in turns if t.get("role") == "question"]
    if want.get("n_questions") is not None:
        expected, got = int(want["n_questions"]), len(questions)
        right = got == 0 if expected == 0 else abs(got - expected) <= 0.1 * expected
        tally.add("questions", int(right), 1, 1)
        report["questions"] = {"gold": expected, "got": got, "ok": right}
    if want.get("answer_speakers") is not None:
        speakers = {normalise(t.get("speaker")) for t in turns if t.get("role") != "question" and t.get("speaker")}
        missed = [n for n in want["answer_speakers"] if aliases.get(normalise(n), {normalise(n)}).isdisjoint(speakers)]
        tally.add("speakers", len(want["answer_speakers"]) - len(missed), len(speakers), len(want["answer_speakers"]))
        report["speakers"] = {"missed": missed, "extra": sorted(speakers)[:6] if missed else []}
    if want.get("outlets") is not None:
        asked = [normalise(t.get("speaker")) for t in questions]
        hits = sum(
            1
            for i, outlet in enumerate(want["outlets"])
            if i < len(asked) and asked[i] in aliases.get(normalise(outlet), {normalise(outlet)})
        )
        tally.add("outlets", hits, len(asked), len(want["outlets"]))


def _score_document(
    tally: _Tally,
    want: Mapping[str, Any],
    row: Mapping[str, Any],
    rows: Mapping[str, list[Mapping[str, Any]]],
    aliases: Mapping[str, set[str]],
    *,
    extended: bool,
) -> dict[str, Any]:
    report: dict[str, Any] = {"file": want["file"], "found": True}
    _score_fields(tally, want, row, report, extended=extended)
    _score_text(tally, want, normalise(row.get("text")))
    for layer, keys in (("turns", ("speaker", "role")), ("statements", ("speaker",))):
        ordered = sorted(rows.get(layer, []), key=lambda r: r.get("n", 0))
        if layer == "turns" and extended:
            _score_summary(tally, want, ordered, aliases, report)
        gold_items = want.get(layer)
        if gold_items is None:  # not annotated, or a long document annotated by the summary fields only
            continue
        hits = _in_order(gold_items, ordered, keys)
        tally.add(layer, hits, len(ordered), len(gold_items))
        if layer == "turns":
            report[layer] = {"tp": hits, "predicted": len(ordered), "gold": len(gold_items)}
    for layer in [*ENTITY_LAYERS, "formulations"]:
        if want.get(layer) is None:
            continue
        if layer == "formulations":
            items = rows.get("formulations", [])
        else:
            items = [e for e in rows.get("entities", []) if e.get("type") == ENTITY_LAYERS[layer]]
        groups = _name_sets(items)
        hits, missed, extra = _match_sets(want[layer], groups, aliases)
        tally.add(layer, hits, len(groups), len(want[layer]))
        report[layer] = {"missed": missed, "extra": extra}
    return report


def _score_links(
    tally: _Tally,
    gold: Mapping[str, Any],
    docs_by_file: Mapping[str, Mapping[str, Any]],
    links: Iterable[Mapping[str, Any]],
) -> None:
    gold_files = {want["file"] for want in gold["documents"]}
    file_of = {row.get("id"): name for name, row in docs_by_file.items() if name in gold_files}
    expected = {frozenset((link["a"], link["b"])) for link in gold.get("links", [])}
    found = set()
    for link in links:
        a, b = file_of.get(link.get("a_doc")), file_of.get(link.get("b_doc"))
        if a and b and a != b:
            found.add(frozenset((a, b)))
    tally.add("links", len(found & expected), len(found), len(expected))


def evaluate(
    gold: Mapping[str, Any], exports: Mapping[str, list[dict[str, Any]]], *, extended: bool = False
) -> dict[str, Any]:
    """Score `exports` (rows by kind, as `dipcorpus export` writes them) against `gold`.

    `extended` adds the layers of the development gold sets (event_type, place, language,
    questions, speakers, outlets)."""
    aliases = {
        normalise(key): {normalise(v) for v in values} | {normalise(key)}
        for key, values in gold.get("aliases", {}).items()
    }
    docs_by_file = {_file_name(row.get("source")): row for row in exports.get("documents", [])}
    by_doc: dict[Any, dict[str, list[Mapping[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for kind in ("turns", "statements", "entities", "formulations"):
        for item in exports.get(kind, []):
            by_doc[item.get("doc_id")][kind].append(item)
    tally = _Tally()
    reports = []
    for want in gold["documents"]:
        row = docs_by_file.get(want["file"])
        if row is None:
            tally.add("title", 0, 0, 1)
            tally.add("date", 0, 0, 1)
            reports.append({"file": want["file"], "found": False})
            continue
        reports.append(_score_document(tally, want, row, by_doc[row.get("id")], aliases, extended=extended))
    _score_links(tally, gold, docs_by_file, exports.get("links", []))
    return {
        "layers": {layer: scores(*counts) for layer, counts in tally.counts.items()},
        "documents": reports,
    }
