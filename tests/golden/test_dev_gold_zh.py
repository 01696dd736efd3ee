"""The Chinese documents of the development gold (../shared/gold/dev/ministry_zh_en_state.json) through the
whole default pipeline, for the layers of reported speech and people (issue #11).

The 14 Chinese pages are found by file name under ../shared/corpus, ingested into a fresh corpus and scored
with the extended layers. The floors are the record reached when this test was written (statements 1.0,
people 1.0 on this set), set a little lower so that work on other Chinese layers (turns, other entity types)
can move a boundary without failing here; they only go down with an explicit, reviewed change.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from support.gold_scoring import below_floors, score_folder

FLOORS = {"statements": 0.9, "people": 0.9}


@pytest.fixture(scope="module")
def scored(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    gold = json.loads((shared / "gold" / "dev" / "ministry_zh_en_state.json").read_text(encoding="utf-8"))
    gold["documents"] = [d for d in gold["documents"] if d.get("language") == "zh"]
    files = {d["file"] for d in gold["documents"]}
    gold["links"] = [x for x in gold.get("links", []) if x["a"] in files and x["b"] in files]
    where = tmp_path_factory.mktemp("ministry_zh")
    (where / "docs").mkdir()
    for folder, _dirs, names in os.walk(shared / "corpus"):
        for name in set(names) & files:
            shutil.copy(Path(folder) / name, where / "docs" / name)
            files.discard(name)
    assert not files, f"Chinese gold documents not found under ../shared/corpus: {sorted(files)}"
    return score_folder(where / "docs", where / "corpus.db", gold)


def test_golden_dev_zh_statement_and_people_floors(scored: Any) -> None:
    layers = scored["layers"]
    below = below_floors(layers, FLOORS)
    assert not below, (below, {k: v["f1"] for k, v in layers.items()})
