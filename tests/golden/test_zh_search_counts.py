"""Golden test: Chinese search on real ministry pages (../shared/corpus/fmprc_html, read in place).

A sample of the pages (every 12th Chinese page and every 20th English one, by file name: about 100)
is ingested; then a Chinese query must find the passages that contain it as a plain substring, the
same number on both engines and through `dipcorpus search`, within 2% of the substring count. The
queries: common terms of Chinese diplomatic usage (`一个中国原则` first, issue #11) and 60 random
Chinese strings of 2 to 6 characters cut from the sample's passages at test time (so they cross the
segmenter's word boundaries at random). On the whole corpus see docs/evaluation.md.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dipcorpus.annotate.zh_segment import CJK_RUN
from dipcorpus.cli import cli
from dipcorpus.index.passages import reindex
from dipcorpus.query.search import search

pytestmark = pytest.mark.corpus

TERMS = ["一个中国原则", "台湾", "一带一路", "中美关系", "多边主义", "香港", "内政", "外交部发言人", "合作共赢"]
TOLERANCE = 0.02


def _sample(folder: Path) -> list[Path]:
    rows = [json.loads(line) for line in (folder / "index.jsonl").read_text(encoding="utf-8").splitlines() if line]
    zh = sorted(r["file"] for r in rows if r.get("lang") == "zh")
    en = sorted(r["file"] for r in rows if r.get("lang") == "en")
    return [folder / f for f in zh[::12] + en[::20]]


@pytest.fixture(scope="module")
def fmprc_db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from dipcorpus.batch import ingest
    from dipcorpus.store.db import connect

    folder = shared / "corpus" / "fmprc_html"
    if not (folder / "index.jsonl").is_file():
        pytest.skip(f"no {folder}")
    path = tmp_path_factory.mktemp("fmprc") / "fmprc.db"
    db = connect(path)
    ingest(db, _sample(folder), link=False)
    reindex(db)
    db.close()
    yield path


def _queries(texts: list[str]) -> list[str]:
    rng = random.Random(11)
    runs = [run for t in texts for run in CJK_RUN.findall(t) if len(run) >= 6]
    out = list(TERMS)
    for _ in range(60):
        run = rng.choice(runs)
        size = rng.randint(2, 6)
        start = rng.randint(0, len(run) - size)
        out.append(run[start : start + size])
    return out


def test_zh_search_count_equals_substring_count_on_both_engines(fmprc_db: Path) -> None:
    from dipcorpus.store.db import connect

    db = connect(fmprc_db)
    texts = [r[0] for r in db.execute("SELECT text FROM passages")]
    languages = dict(db.execute("SELECT language, COUNT(*) FROM documents GROUP BY language").fetchall())
    assert languages.get("zh", 0) >= 60 and languages.get("en", 0) >= 10, languages
    expected = sum("一个中国原则" in t for t in texts)
    assert expected >= 10, "the sample should hold the query of issue #11 often enough to mean something"
    misses = []
    for query in _queries(texts):
        substring = sum(query in t for t in texts)
        totals = {engine: search(db, query, limit=0, engine=engine).total for engine in ("fts5", "tantivy")}
        if totals["fts5"] != totals["tantivy"] or abs(totals["fts5"] - substring) > TOLERANCE * substring:
            misses.append((query, substring, totals))
    db.close()
    assert not misses


def test_cli_search_finds_the_passages_that_contain_the_phrase(fmprc_db: Path) -> None:
    db = sqlite3.connect(fmprc_db)
    holding = {
        (r[0], r[1], r[2])
        for r in db.execute('SELECT doc_id, start, "end" FROM passages WHERE instr(text, ?) > 0', ("一个中国原则",))
    }
    db.close()
    result = CliRunner().invoke(cli, ["search", "一个中国原则", "--db", str(fmprc_db), "--json", "--limit", "1000"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["total"] == len(holding)
    assert {(h["doc_id"], h["start"], h["end"]) for h in out["hits"]} == holding
    assert all("<mark>一个中国原则</mark>" in h["snippet"] for h in out["hits"])
