"""The search and analysis commands, with click's CliRunner, over the invented corpus."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from dipcorpus.cli import cli
from dipcorpus.model import Document
from dipcorpus.store.db import connect
from dipcorpus.store.queries import save_document
from unit.query.invented_corpus import documents


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "invented.db"
    db = connect(path)
    for doc in documents():
        save_document(db, doc, path=doc.source, data=doc.text.encode())
    db.close()
    return str(path)


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_search_cli_json_shape(db_path):
    result = invoke("search", '"silver bridge"', "--db", db_path, "--json", "--limit", "2")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["total"] == 3 and len(out["hits"]) == 2
    assert set(out["hits"][0]) == {"doc_id", "title", "date", "speaker", "snippet", "start", "end", "score"}
    assert "<mark>" in out["hits"][0]["snippet"]


def test_search_cli_offset_and_sort(db_path):
    first = json.loads(invoke("search", "the", "--db", db_path, "--json", "--sort", "date", "--limit", "100").stdout)
    page = json.loads(invoke("search", "the", "--db", db_path, "--json", "--sort", "date", "--offset", "2").stdout)
    assert page["hits"][0] == first["hits"][2]


def test_search_cli_table(db_path):
    result = invoke("search", "ocean speaker:Lin", "--db", db_path)
    assert result.exit_code == 0
    assert "hits" in result.output and "Spokesperson Lin" in result.output


@pytest.mark.parametrize(
    ("query", "message"),
    [('ocean "silver', "unbalanced quote at column 7"), ("bad:field", "unknown filter"), ("(", "unbalanced")],
)
def test_search_cli_malformed_query_exits_2_without_traceback(db_path, query, message):
    result = invoke("search", query, "--db", db_path)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_search_cli_missing_db(tmp_path):
    result = invoke("search", "x", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1 and "no corpus" in result.output


def test_kwic_cli(db_path):
    result = invoke("kwic", "ocean", "--db", db_path, "--width", "20", "--format", "json")
    lines = json.loads(result.stdout)
    assert len(lines) == 5 and all(line["match"].lower() == "ocean" for line in lines)
    table = invoke("kwic", "ocean", "--db", db_path, "--width", "20")
    assert "[ocean]" in table.output


def test_timeline_cli_svg_chart_has_one_point_per_period(db_path, tmp_path):
    chart = tmp_path / "silver.svg"
    result = invoke("timeline", "silver bridge partnership", "--db", db_path, "--by", "quarter",
                    "--chart", str(chart), "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 5
    root = ET.parse(chart).getroot()
    ns = {"svg": "http://www.w3.org/2000/svg"}
    line = root.find(".//svg:g[@id='timeline']", ns)
    assert line is not None
    with_text = [r for r in rows if r["per_10k"] is not None]
    assert len(with_text) == 3  # 2019-Q2 and 2019-Q4 have no dated text: gaps, not zeros
    assert len(line.findall(".//svg:use", ns)) == len(with_text)  # one marker per period with text


def test_timeline_cli_png_chart_opens(db_path, tmp_path):
    from PIL import Image

    chart = tmp_path / "zza.png"
    result = invoke("timeline", "country:ZZA", "--db", db_path, "--by", "month", "--chart", str(chart),
                    "--format", "csv")  # fmt: skip
    assert result.exit_code == 0
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(chart) as image:
        assert image.size[0] > 100
    assert result.stdout.splitlines()[0] == "period,kind,count,words,per_10k"
    assert len(result.stdout.splitlines()) == 1 + 12  # 2019-03 .. 2020-02, the dated span of the corpus


def test_timeline_cli_rejects_bad_chart_suffix(db_path, tmp_path):
    result = invoke("timeline", "ocean", "--db", db_path, "--chart", str(tmp_path / "x.gif"))
    assert result.exit_code == 2


def test_first_last_cli(db_path):
    out = json.loads(invoke("first-last", "silver bridge partnership", "--db", db_path, "--json").stdout)
    assert out["first"]["date"] == "2019-03-05" and out["last"]["date"] == "2020-02-11"


def test_cooccur_cli(db_path):
    result = invoke("cooccur", "--db", db_path, "--unit", "document", "--format", "csv")
    assert result.exit_code == 0
    assert "ZZA,ZZB" in result.output or "ORGX,ZZA" in result.output


def test_keyness_cli(db_path):
    result = invoke(
        "keyness", "from:2019 to:2019", "from:2020", "--db", db_path, "--min-count", "2", "--format", "json"
    )
    rows = json.loads(result.stdout)
    assert rows and {"word", "g2", "key_for"} <= set(rows[0])


def test_reindex_cli(db_path):
    result = invoke("reindex", "--db", db_path, "--json")
    assert json.loads(result.stdout)["passages"] > 0


def test_search_cli_indexes_new_documents(db_path):
    assert json.loads(invoke("search", "ocean", "--db", db_path, "--json").stdout)["total"] == 5
    db = connect(db_path)
    text = "Invented: the ocean again, in a new document."
    save_document(db, Document(id="doc-e", source="invented/e.txt", format="txt", text=text, date="2021-01-01"),
                  path="invented/e.txt", data=text.encode())  # fmt: skip
    db.close()
    assert json.loads(invoke("search", "ocean", "--db", db_path, "--json").stdout)["total"] == 6


def test_reindex_cli_builds_the_tantivy_folder_and_search_gives_the_same_hits(db_path):
    import shutil
    from pathlib import Path

    def hits():
        out = json.loads(invoke("search", "ocean OR country:ZZB", "--db", db_path, "--json", "--limit", "100").stdout)
        return out["total"], sorted((h["doc_id"], h["start"]) for h in out["hits"])

    before = hits()  # no folder yet: FTS5
    result = invoke("reindex", "--db", db_path, "--json")
    assert json.loads(result.stdout)["tantivy_passages"] == json.loads(result.stdout)["passages"]
    folder = Path(db_path + ".tantivy")
    assert (folder / "stamp.json").is_file()
    assert hits() == before  # tantivy
    shutil.rmtree(folder)
    assert hits() == before  # FTS5 again


def _total(query, db_path, *before):
    result = invoke("search", *before, query, "--db", db_path, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["total"]


def test_search_cli_negated_quoted_filter_is_the_not_of_the_filter(db_path):
    """`-speaker:"X"` and `NOT speaker:"X"` are the same query (the quoted value was also required as a phrase)."""
    minus = _total('the -speaker:"Spokesperson Lin"', db_path)
    assert minus == _total('the NOT speaker:"Spokesperson Lin"', db_path)
    assert 0 < minus < _total("the", db_path)


def test_search_cli_query_may_start_with_a_minus(db_path):
    """A query starting with '-' is a query, not an unknown option; the command's own options still work."""
    assert _total('-speaker:"Spokesperson Lin" the', db_path) == _total('the NOT speaker:"Spokesperson Lin"', db_path)
    after_separator = invoke("search", "--db", db_path, "--json", "--", "-bridge")
    assert _total("-bridge", db_path, "--limit", "1") == json.loads(after_separator.stdout)["total"]


def test_timeline_cli_says_what_it_counted(db_path):
    """The same word counted as a formulation or as a term is said in the title, the CSV and the JSON."""
    table = invoke("timeline", "silver-bridge", "--db", db_path, "--by", "year")
    assert "(formulation) per year" in table.output
    as_term = json.loads(invoke("timeline", "silver", "--db", db_path, "--kind", "term", "--format", "json").stdout)
    assert {row["kind"] for row in as_term} == {"term"}
    csv_text = invoke("timeline", "silver-bridge", "--db", db_path, "--format", "csv").stdout
    assert csv_text.splitlines()[0] == "period,kind,count,words,per_10k"
    assert csv_text.splitlines()[1].split(",")[1] == "formulation"


def test_search_cli_says_when_the_limit_is_capped(db_path):
    result = invoke("search", "the", "--db", db_path, "--json", "--limit", "5000")
    assert result.exit_code == 0
    assert "--limit 5000 is more than a page holds; showing 1000" in result.stderr
    assert json.loads(result.stdout)["total"] >= 1
