"""Translation pairs on the development gold (../shared/gold/dev/ministry_zh_en_state.json): its ministry pages in
both languages through the whole default pipeline; every English-Chinese pair of the set is linked and no other
two of its documents are (links F1 1.0)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from support.gold_scoring import score_folder


def test_golden_ministry_pages_pair_across_languages(shared: Path, tmp_path: Path) -> None:
    gold = json.loads((shared / "gold" / "dev" / "ministry_zh_en_state.json").read_text(encoding="utf-8"))
    gold["documents"] = [d for d in gold["documents"] if d["file"].endswith(".html")]
    files = {d["file"] for d in gold["documents"]}
    gold["links"] = [k for k in gold.get("links", []) if k["a"] in files and k["b"] in files]
    assert len(gold["links"]) >= 4
    index = {name: Path(folder) / name for folder, _, names in os.walk(shared / "corpus") for name in names}
    (tmp_path / "docs").mkdir()
    for name in sorted(files):
        shutil.copy(index[name], tmp_path / "docs" / name)
    result = score_folder(tmp_path / "docs", tmp_path / "corpus.db", gold)
    links = result["layers"]["links"]
    assert links["f1"] == 1.0, links
