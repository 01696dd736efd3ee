"""Golden test: turns, statements and points of the seed documents (../shared/seeds).

The seeds are read by path, cleaned and parsed through the registered stages; the snapshot in
expected/seed_turns.json holds speakers, roles and offsets only (no copied text), plus a
fingerprint of each clean text. When cleaning changes the text, the snapshot is stale: rerun
with `pytest --update-golden` and review the diff. The seeds' gold turns and statements must
also score F1 = 1.0 (through `dipcorpus.query.evaluate`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from dipcorpus.model import Document
from dipcorpus.query.evaluate import evaluate

EXPECTED = Path(__file__).parent / "expected" / "seed_turns.json"
STAGES = ("ingest.clean.v1", "parse.metadata.v1", "parse.turns.v1", "parse.statements.v1", "parse.points.v1")


def _parsed(seeds_dir: Path) -> list[Document]:
    from dipcorpus.ingest.loaders import read_paths
    from dipcorpus.pipeline import Context, check_order, run

    stages = check_order(STAGES)
    docs = []
    for result in read_paths([seeds_dir]):
        assert result.doc is not None, result.error
        out = run(result.doc, stages, Context())
        assert isinstance(out, Document), out
        docs.append(out)
    return docs


def _snapshot(doc: Document) -> dict[str, Any]:
    return {
        "text_sha1": hashlib.sha1(doc.text.encode("utf-8")).hexdigest(),
        "turns": [[t.n, t.speaker, t.role, t.label_start, t.start, t.end, t.number] for t in doc.turns],
        "statements": [[s.n, s.speaker, s.verb, s.start, s.end] for s in doc.statements],
        "points": [[p.n, p.parent, p.parent_n, p.start, p.end] for p in doc.points],
    }


def _dump(snapshot: dict[str, dict[str, Any]]) -> str:
    """JSON with one row per line, so that a review diff shows which turn moved."""
    lines = ["{"]
    for i, (name, doc) in enumerate(snapshot.items()):
        lines.append(f"  {json.dumps(name)}: {{")
        lines.append(f'    "text_sha1": {json.dumps(doc["text_sha1"])},')
        for j, key in enumerate(("turns", "statements", "points")):
            rows = [f"      {json.dumps(row, ensure_ascii=False)}" for row in doc[key]]
            tail = "," if j < 2 else ""
            lines.append(f'    "{key}": [' + ("\n" + ",\n".join(rows) + "\n    " if rows else "") + "]" + tail)
        lines.append("  }" + ("," if i < len(snapshot) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def parsed(request: pytest.FixtureRequest) -> list[Document]:
    seeds = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"../shared/seeds not found at {seeds.resolve()}: the golden test needs it beside the checkout")
    return _parsed(seeds)


def test_seed_turns_snapshot(parsed: list[Document], update_golden: bool) -> None:
    got = {Path(doc.source).name: _snapshot(doc) for doc in parsed}
    if update_golden or not EXPECTED.exists():
        EXPECTED.write_text(_dump(got), encoding="utf-8")
        if not update_golden:
            pytest.skip(f"wrote a first snapshot to {EXPECTED}; review and commit it")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    stale = [name for name in got if name in expected and got[name]["text_sha1"] != expected[name]["text_sha1"]]
    if stale:
        pytest.fail(f"clean text changed for {stale}: rerun with --update-golden and review the offsets")
    assert got == expected


def test_seed_turns_match_gold(parsed: list[Document], gold: dict[str, Any]) -> None:
    exports: dict[str, list[dict[str, Any]]] = {"documents": [], "turns": [], "statements": []}
    for doc in parsed:
        exports["documents"].append({"id": doc.id, "source": doc.source, "title": doc.title, "text": doc.text})
        for t in doc.turns:
            row = {
                "doc_id": doc.id,
                "n": t.n,
                "speaker": t.speaker,
                "role": t.role,
                "text": doc.text[t.start : t.end],
            }
            exports["turns"].append(row)
        for s in doc.statements:
            row = {
                "doc_id": doc.id,
                "n": s.n,
                "speaker": s.speaker,
                "verb": s.verb,
                "text": doc.text[s.start : s.end],
            }
            exports["statements"].append(row)
    layers = evaluate(gold, exports)["layers"]
    assert layers["turns"]["f1"] == 1.0, layers["turns"]
    assert layers["statements"]["f1"] >= 0.95, layers["statements"]
