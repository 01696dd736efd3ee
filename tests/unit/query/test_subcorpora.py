"""Subcorpora: saved queries usable as `subcorpus:NAME` wherever a query is (invented corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from invented_corpus import make_db

from dipcorpus.cli import cli
from dipcorpus.query import subcorpora
from dipcorpus.query.analysis import keyness
from dipcorpus.query.kwic import kwic
from dipcorpus.query.parse import QueryError
from dipcorpus.query.search import search


def test_a_saved_query_stands_in_any_query(corpus_target: str) -> None:
    db = make_db(path=corpus_target)
    subcorpora.save(db, "lin-2019", "speaker:Lin from:2019-01 to:2019-12")
    direct = search(db, "ocean speaker:Lin from:2019-01 to:2019-12", limit=0).total
    assert search(db, "ocean subcorpus:lin-2019", limit=0).total == direct > 0
    assert search(db, "ocean -subcorpus:lin-2019", limit=0).total == search(db, "ocean", limit=0).total - direct
    assert {line["doc_id"] for line in kwic(db, "ocean subcorpus:lin-2019")} == {"doc-a"}
    subcorpora.save(db, "nested", "subcorpus:lin-2019 OR type:speech")
    assert search(db, "subcorpus:nested", limit=0).total >= search(db, "subcorpus:lin-2019", limit=0).total


def test_keyness_of_a_subcorpus_against_another(corpus_target: str) -> None:
    db = make_db(path=corpus_target)
    subcorpora.save(db, "talks", "type:\"press conference\"")
    subcorpora.save(db, "rest", "-type:\"press conference\" from:1900")
    rows = keyness(db, "subcorpus:talks", "subcorpus:rest", min_count=1)
    assert rows and rows[0]["key_for"] in ("a", "b")


def test_bad_definitions_are_refused(corpus_target: str) -> None:
    db = make_db(path=corpus_target)
    with pytest.raises(QueryError, match="defined by itself"):
        subcorpora.save(db, "loop", "subcorpus:loop")
    with pytest.raises(QueryError, match="unbalanced quote"):
        subcorpora.save(db, "broken", 'speaker:"Lin')
    with pytest.raises(QueryError):
        subcorpora.save(db, "bad name!", "ocean")
    with pytest.raises(QueryError, match="unknown subcorpus 'nope'"):
        search(db, "ocean subcorpus:nope", limit=0)
    assert "loop" not in subcorpora.active() and "broken" not in subcorpora.active()


def test_cli_saves_lists_and_deletes(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Invented Remarks on May 2, 2024\n\nAn invented ocean treaty was welcomed.\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    run = CliRunner()
    assert run.invoke(cli, ["ingest", str(source), "--db", db, "--silent"]).exit_code == 0
    assert run.invoke(cli, ["subcorpus", "save", "y2024", "from:2024", "--db", db]).exit_code == 0
    listed = run.invoke(cli, ["subcorpus", "list", "--db", db])
    assert "y2024" in listed.output and "2 passages" in " ".join(listed.output.split())  # the title line and the text
    found = run.invoke(cli, ["search", "treaty subcorpus:y2024", "--db", db, "--format", "jsonl"])
    assert found.exit_code == 0 and '"doc_id"' in found.output
    assert run.invoke(cli, ["subcorpus", "delete", "y2024", "--db", db]).exit_code == 0
    gone = run.invoke(cli, ["search", "treaty subcorpus:y2024", "--db", db])
    assert gone.exit_code != 0 and "unknown subcorpus" in gone.output
