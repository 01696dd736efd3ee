"""Translation pairs through the store: linking (incremental, rebuild, new versions), the stored turn
alignment, the bilingual dyads export and `dipcorpus links --aligned`, on invented samples."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from dipcorpus.cli import cli
from dipcorpus.linking import link_corpus
from dipcorpus.model import Document
from dipcorpus.query.dyads import BILINGUAL_COLUMNS, COLUMNS
from dipcorpus.query.export import iter_kind
from dipcorpus.query.pairs import aligned_pair
from dipcorpus.store import links as store
from dipcorpus.store import queries
from dipcorpus.store.db import connect
from support.bilingual import chinese_conference, chinese_remarks, chinese_split_conference, english_conference


def _save(db: sqlite3.Connection, *docs: Document) -> None:
    for d in docs:
        queries.save_document(db, d, path=d.source, data=d.text.encode())


def _translations(db: sqlite3.Connection) -> list[tuple[str, str]]:
    return sorted((r["a_doc"], r["b_doc"]) for r in queries.export_rows(db, "links") if r["kind"] == "translation")


def test_linking_stores_the_pair_and_its_alignment(fresh_db: sqlite3.Connection) -> None:
    en, zh, remarks = english_conference(), chinese_conference(), chinese_remarks()
    _save(fresh_db, en, zh, remarks)
    report = link_corpus(fresh_db)
    assert report.translations == 1
    assert _translations(fresh_db) == [(en.id, zh.id)]
    steps = store.turn_pair_rows(fresh_db, en.id, zh.id)
    assert [(s["a_first"], s["b_first"]) for s in steps] == [(n, n) for n in range(1, 6)]
    assert steps[1]["a_text"].startswith("The trade fair") and steps[1]["b_text"].startswith("与巴西")
    rebuilt = link_corpus(fresh_db, rebuild=True)
    assert rebuilt.translations == 1 and _translations(fresh_db) == [(en.id, zh.id)]
    assert store.turn_pair_rows(fresh_db, en.id, zh.id) == steps


def test_a_late_partner_is_paired_incrementally(fresh_db: sqlite3.Connection) -> None:
    en, zh = english_conference(), chinese_conference()
    _save(fresh_db, en)
    link_corpus(fresh_db)
    assert _translations(fresh_db) == []
    _save(fresh_db, zh)
    link_corpus(fresh_db)
    assert _translations(fresh_db) == [(en.id, zh.id)]


def test_a_new_version_replaces_the_pair(fresh_db: sqlite3.Connection) -> None:
    en, zh = english_conference(), chinese_conference()
    _save(fresh_db, en, zh)
    link_corpus(fresh_db)
    split = dataclasses.replace(chinese_split_conference(), source=zh.source)  # same path, new bytes
    _save(fresh_db, split)
    link_corpus(fresh_db)
    assert _translations(fresh_db) == [(en.id, split.id)]
    assert store.turn_pair_rows(fresh_db, en.id, zh.id) == []
    assert [(s["a_first"], s["b_first"], s["b_last"]) for s in store.turn_pair_rows(fresh_db, en.id, split.id)][2] == (
        3,
        3,
        4,
    )


def test_bilingual_dyads_export_has_the_english_columns_plus_zh(fresh_db: sqlite3.Connection) -> None:
    en, split = english_conference(), chinese_split_conference()
    _save(fresh_db, en, split, chinese_remarks())
    link_corpus(fresh_db)
    rows = list(iter_kind(fresh_db, "bilingual-dyads"))
    assert [tuple(r) for r in rows] == [BILINGUAL_COLUMNS] * 2
    assert BILINGUAL_COLUMNS[: len(COLUMNS)] == COLUMNS
    english = list(iter_kind(fresh_db, "dyads"))
    assert [{k: r[k] for k in COLUMNS} for r in rows] == [r for r in english if r["doc_id"] == en.id]
    first = rows[0]
    assert first["outlet"] == "Xinhua News Agency" and first["outlet_zh"] == "新华社记者"
    assert first["question_zh"].startswith("与巴西") and first["spokesperson_zh"] == "林梅"
    assert first["answer_zh"].count("\n\n") == 1  # the two halves of the split answer, in order
    assert first["doc_id_zh"] == split.id and first["title_zh"].startswith("2031年3月14日")
    assert rows[1]["question_zh"].startswith("外长") and rows[1]["answer_zh"].startswith("我们会")


def test_aligned_pair_from_either_side(fresh_db: sqlite3.Connection) -> None:
    en, zh = english_conference(), chinese_conference()
    _save(fresh_db, en, zh)
    link_corpus(fresh_db)
    pair = aligned_pair(fresh_db, zh.id[:8])
    assert pair["a"]["id"] == en.id and pair["b"]["id"] == zh.id
    assert pair == aligned_pair(fresh_db, en.id, zh.id)
    assert pair["steps"][2]["a_speaker"] == "Lin Mei" and pair["steps"][2]["b_speaker"] == "林梅"


def test_cli_links_aligned(tmp_path: Path) -> None:
    path = tmp_path / "pair.db"
    db = connect(path)
    en, zh, remarks = english_conference(), chinese_conference(), chinese_remarks()
    _save(db, en, zh, remarks)
    link_corpus(db)
    db.close()
    runner = CliRunner()
    shown = runner.invoke(cli, ["links", en.id, "--db", str(path), "--aligned", "--width", "40"])
    assert shown.exit_code == 0, shown.output
    assert "2. question" in shown.output and "与巴西的贸易博览会" in shown.output
    assert all(len(line) < 200 for line in shown.output.splitlines())
    as_json = runner.invoke(cli, ["links", zh.id, "--db", str(path), "--aligned", "--json"])
    assert json.loads(as_json.output)["b"]["id"] == zh.id
    alone = runner.invoke(cli, ["links", remarks.id, "--db", str(path), "--aligned"])
    assert alone.exit_code != 0 and "E307" in alone.output
    exported = runner.invoke(cli, ["export", "--db", str(path), "--what", "bilingual-dyads", "--format", "csv"])
    assert exported.output.splitlines()[0] == ",".join(BILINGUAL_COLUMNS)
