"""`--db` everywhere, `serve --db` like the rest, and DIPCORPUS_DB as the default corpus."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dipcorpus.cli import cli

TEXT = "Invented Remarks on May 2, 2024\n\nAn invented paragraph about an invented treaty.\n"


def _corpus(tmp_path: Path) -> Path:
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    db = tmp_path / "c.db"
    assert CliRunner().invoke(cli, ["ingest", str(source), "--db", str(db), "--silent"]).exit_code == 0
    return db


def test_dipcorpus_db_names_the_default_corpus(tmp_path: Path) -> None:
    db = _corpus(tmp_path)
    result = CliRunner().invoke(cli, ["summary"], env={"DIPCORPUS_DB": str(db)})
    assert result.exit_code == 0 and "1 documents" in result.output
    missing = CliRunner().invoke(cli, ["summary"], env={"DIPCORPUS_DB": ""})
    assert missing.exit_code == 2 and "--db" in missing.output


def test_serve_takes_db_as_option_argument_or_environment(tmp_path: Path) -> None:
    db = _corpus(tmp_path)
    for args, env in (
        (["serve", str(db)], {}),
        (["serve", "--db", str(db)], {}),
        (["serve"], {"DIPCORPUS_DB": str(db)}),
    ):
        result = CliRunner().invoke(cli, [*args, "--get", "/api/documents"], env=env)
        assert result.exit_code == 0 and '"total":1' in result.output, (args, result.output)
    result = CliRunner().invoke(cli, ["serve", "--get", "/api/documents"], env={"DIPCORPUS_DB": ""})
    assert result.exit_code == 2 and "name the corpus" in result.output


def test_format_table_csv_json_jsonl_on_row_commands(tmp_path: Path) -> None:
    import csv
    import io
    import json

    db = str(_corpus(tmp_path))
    run = CliRunner()
    for command in (["ls"], ["search", "treaty"], ["speakers"], ["wordlist"], ["timeline", "treaty", "--by", "year"]):
        outs = {fmt: run.invoke(cli, [*command, "--db", db, "--format", fmt]) for fmt in ("csv", "json", "jsonl")}
        assert all(r.exit_code == 0 for r in outs.values()), (command, {k: r.output for k, r in outs.items()})
        json.loads(outs["json"].stdout)
        lines = [json.loads(line) for line in outs["jsonl"].stdout.splitlines()]
        assert len(list(csv.DictReader(io.StringIO(outs["csv"].stdout)))) == len(lines), command
        alias = run.invoke(cli, [*command, "--db", db, "--json"])
        assert alias.exit_code == 0 and alias.stdout == outs["json"].stdout, command


def test_serve_reads_the_ingest_token_from_a_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import dipcorpus.api.app as app_module

    seen: dict[str, object] = {}
    real = app_module.create_app

    def spy(db_path, *, ingest_token=None, timeout=5.0, limits=None):  # type: ignore[no-untyped-def]
        seen["token"], seen["limits"] = ingest_token, limits
        return real(db_path, ingest_token=ingest_token, timeout=timeout, limits=limits)

    monkeypatch.setattr(app_module, "create_app", spy)
    db = _corpus(tmp_path)
    token = tmp_path / "token"
    token.write_text("s3cret-from-file\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["serve", str(db), "--ingest-token-file", str(token), "--client-rate", "7", "--get", "/api/documents"]
    )
    assert result.exit_code == 0 and seen["token"] == "s3cret-from-file"
    assert getattr(seen["limits"], "rate", None) == 7.0  # the limits per client reach the app


def test_stages_and_eval_print_rows_in_every_format(tmp_path: Path) -> None:
    import json

    out = CliRunner().invoke(cli, ["stages", "--format", "json"])
    assert out.exit_code == 0 and any(row["name"] == "parse.turns.v1" for row in json.loads(out.stdout))
    db = _corpus(tmp_path)
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"documents": [{"file": "a.txt", "title": "Invented Remarks on May 2, 2024"}]}), "utf-8")
    out = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--db", str(db), "--format", "csv"])
    assert out.exit_code == 0 and out.stdout.startswith("layer,precision,recall,f1")
