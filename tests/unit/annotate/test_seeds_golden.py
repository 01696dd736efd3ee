"""Golden test: entity and formulation sets on the five hand-checked seeds in ../shared.

The seed texts are read by path, never copied. Boilerplate lines named in the gold file (and
'Home > ...' breadcrumbs) are dropped, as the ingest stage would. Per document, the set of
canonical entities per type is compared with the gold names and the gold file's aliases.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from dipcorpus.annotate import find_entities, find_formulations
from dipcorpus.kb import load_kb
from dipcorpus.model import Document

SHARED = Path(__file__).parents[3] / ".." / "shared"
GOLD = SHARED / "gold" / "seeds.json"
LAYERS = {
    "countries": "country",
    "regions": "region",
    "organizations": "organization",
    "media": "media",
    "people": "person",
}
BARS = {"countries": 1.0, "people": 1.0, "organizations": 0.95, "media": 0.95, "regions": 0.9, "formulations": 0.9}

pytestmark = pytest.mark.skipif(not GOLD.exists(), reason=f"gold seeds not found at {GOLD} (../shared absent)")


def _norm(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _gold() -> dict[str, Any]:
    return json.loads(GOLD.read_text(encoding="utf-8")) if GOLD.exists() else {"documents": []}


def _text(entry: dict[str, Any]) -> str:
    lines = (SHARED / "seeds" / entry["file"]).read_text(encoding="utf-8").splitlines()
    boiler = [_norm(b) for b in entry.get("boilerplate", []) if b]
    keep = [ln for ln in lines if not ln.startswith("Home >") and not any(b in _norm(ln) for b in boiler)]
    return "\n".join(keep)


def _f1(predicted: list[tuple[str, str]], gold_names: list[str], aliases: dict[str, set[str]]) -> float:
    sets: list[set[str]] = []
    for ident, name in predicted:
        names = {_norm(ident), _norm(name)}
        if not any(names & s for s in sets):
            sets.append(names)
    used: set[int] = set()
    for gold_name in gold_names:
        accept = aliases.get(_norm(gold_name), {_norm(gold_name)})
        k = next((i for i, s in enumerate(sets) if i not in used and s & accept), None)
        if k is not None:
            used.add(k)
    tp = len(used)
    precision = tp / len(sets) if sets else (1.0 if not gold_names else 0.0)
    recall = tp / len(gold_names) if gold_names else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@pytest.mark.corpus
@pytest.mark.parametrize("entry", _gold()["documents"], ids=lambda e: e["file"][:3])
def test_seeds_entity_and_formulation_sets(entry: dict[str, Any]) -> None:
    gold = _gold()
    aliases = {_norm(k): {_norm(v) for v in vs} | {_norm(k)} for k, vs in gold.get("aliases", {}).items()}
    kb = load_kb()
    doc = Document(
        id=entry["file"],
        source=str(SHARED / "seeds" / entry["file"]),
        format="txt",
        text=_text(entry),
        date=entry.get("date"),
    )
    doc = find_formulations(find_entities(doc, kb=kb), kb=kb)
    scores = {
        layer: _f1([(e.id, e.name) for e in doc.entities if e.type == kind], entry[layer], aliases)
        for layer, kind in LAYERS.items()
    }
    scores["formulations"] = _f1([(f.id, f.name) for f in doc.formulations], entry["formulations"], aliases)
    below = {layer: round(score, 3) for layer, score in scores.items() if score < BARS[layer]}
    assert below == {}
    for ent in doc.entities:
        assert 0 <= ent.start < ent.end <= len(doc.text)
