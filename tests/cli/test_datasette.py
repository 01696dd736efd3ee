"""The corpus in datasette (#12): the metadata `dipcorpus datasette-metadata` writes declares the
full-text index so `?_search=` filters the passages, the reading views answer, canned queries run."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from click.testing import CliRunner

from dipcorpus.cli import cli

# Invented texts.
TEXTS = {
    "a.txt": "Invented Remarks on May 2, 2024\n\nQ: Any comment on the treaty?\n\nA: The ocean treaty is welcome.",
    "b.txt": "Invented Readout on May 3, 2024\n\nThe two ministers discussed river trade and fisheries.",
}


def test_datasette_filters_passages_by_search_and_serves_the_views(tmp_path: Path) -> None:
    from datasette.app import Datasette

    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = tmp_path / "corpus.db"
    run = CliRunner()
    assert run.invoke(cli, ["ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", str(db)]).exit_code == 0
    meta_file = tmp_path / "metadata.json"
    assert run.invoke(cli, ["datasette-metadata", "--db", str(db), "-o", str(meta_file)]).exit_code == 0

    async def check() -> None:
        ds = Datasette([str(db)], metadata=json.loads(meta_file.read_text(encoding="utf-8")))
        await ds.invoke_startup()
        every = (await ds.client.get("/corpus/passages.json?_shape=objects")).json()["rows"]
        found = (await ds.client.get("/corpus/passages.json?_search=treaty&_shape=objects")).json()["rows"]
        assert 0 < len(found) < len(every) and all("treaty" in row["text"].lower() for row in found)
        turns = (await ds.client.get("/corpus/turn_texts.json?_shape=objects")).json()["rows"]
        assert {row["role"] for row in turns} >= {"question", "answer"} and all(row["date"] for row in turns)
        canned = (await ds.client.get("/corpus/search_passages.json?q=fisheries&_shape=objects")).json()
        assert [row["title"] for row in canned["rows"]] == ["Invented Readout on May 3, 2024"]

    asyncio.run(check())
