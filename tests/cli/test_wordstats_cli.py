"""The corpus-linguistics commands on an invented corpus: every output format parses."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from dipcorpus.cli import cli

# Invented texts.
TEXTS = {
    "a.txt": "Invented Remarks on May 2, 2024\n\nThe ocean treaty protects the ocean floor. Ocean treaty talks go on.",
    "b.txt": "Invented Readout on May 3, 2024\n\nBoth sides welcomed the ocean treaty and the river accord.\n",
}


def _db(tmp_path: Path) -> Path:
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = tmp_path / "c.db"
    result = CliRunner().invoke(
        cli, ["ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", str(db), "--silent"]
    )
    assert result.exit_code == 0, result.output
    return db


def test_collocates_ngrams_wordlist_dispersion(tmp_path: Path) -> None:
    db = str(_db(tmp_path))
    run = CliRunner()
    out = run.invoke(cli, ["collocates", "ocean", "--db", db, "--min-count", "1", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert "treaty" in {r["word"] for r in json.loads(out.stdout)["rows"]}
    out = run.invoke(cli, ["ngrams", "-n", "2", "--db", db, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {"ngram": "ocean treaty", "count": "3", "per_10k": rows[0]["per_10k"], "documents": "2"} == rows[0]
    out = run.invoke(cli, ["wordlist", "--db", db, "--format", "jsonl"])
    assert json.loads(out.stdout.splitlines()[0])["word"] == "ocean"
    out = run.invoke(cli, ["dispersion", "treaty", "--db", db, "--json"])
    result = json.loads(out.stdout)
    assert result["hits"] == 3 and result["documents_with_hits"] == 2
    out = run.invoke(cli, ["dispersion", "treaty", "--db", db])
    assert out.exit_code == 0 and "|" in out.stdout
