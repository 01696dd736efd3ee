"""The ingest command end to end: reports, exit codes, re-ingest, versions. Inputs are invented."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

from click.testing import CliRunner

from dipcorpus.cli import cli
from support.pdfmaker import make_pdf

GOOD = "Invented Press Remarks on June 1, 2024\n\nQ: An invented question?\n\nA: An invented answer.\n"


def _bad_folder(root: Path) -> Path:
    folder = root / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "good.pdf").write_bytes(make_pdf([["Invented Booklet Title", "", "An invented paragraph of text."]]))
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "invalid.txt").write_bytes(b"\xff\xfe\xfa\xfb\x00\x81" * 200)
    (folder / "truncated.pdf").write_bytes(make_pdf([["Invented page"]])[:200])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * (60 * 1024 * 1024))
    (folder / "bomb.zip").write_bytes(buf.getvalue())
    with open(folder / "huge.txt", "wb") as handle:  # sparse: 200 MB on stat, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    return folder


def _counts(db_path: Path) -> dict[str, int]:
    db = sqlite3.connect(db_path)
    tables = ("documents", "raw", "sources", "turns", "repairs", "removals")
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def test_cli_ingest_bad_folder_partial_exit(tmp_path: Path) -> None:
    folder, db_path = _bad_folder(tmp_path), tmp_path / "c.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(folder), "--db", str(db_path), "--json", "--silent"])
    assert result.exit_code == 3, result.output
    report = json.loads(result.stdout)
    assert report["counts"] == {"ingested": 2, "failed": 6}
    reasons = {Path(f["source"]).name: f["reason"] for f in report["failed"]}
    assert reasons["empty.txt"].startswith("E101")
    assert reasons["binary.txt"].startswith("E102") and reasons["invalid.txt"].startswith("E10")
    assert reasons["truncated.pdf"].startswith("E106") and reasons["bomb.zip"].startswith("E107")
    assert reasons["huge.txt"].startswith("E108")
    counts = _counts(db_path)
    assert counts["documents"] == counts["raw"] == counts["sources"] == 2
    again = runner.invoke(cli, ["ingest", str(folder), "--db", str(db_path), "--json", "--silent"])
    assert again.exit_code == 3
    assert json.loads(again.stdout)["counts"] == {"unchanged": 2, "failed": 6}
    assert _counts(db_path) == counts


def test_cli_ingest_changed_file_is_new_version(tmp_path: Path) -> None:
    path, db_path = tmp_path / "doc.txt", tmp_path / "c.db"
    path.write_text(GOOD, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(path), "--db", str(db_path), "--silent"]).exit_code == 0
    path.write_text(GOOD.replace("invented answer", "edited invented answer"), encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(path), "--db", str(db_path), "--json", "--silent"])
    assert json.loads(result.stdout)["counts"] == {"new version": 1}
    listed = json.loads(runner.invoke(cli, ["ls", "--db", str(db_path), "--json"]).stdout)
    everything = json.loads(runner.invoke(cli, ["ls", "--db", str(db_path), "--json", "--all-versions"]).stdout)
    assert len(listed) == 1 and len(everything) == 2


def test_cli_show_export_roundtrip(tmp_path: Path) -> None:
    path, db_path = tmp_path / "doc.txt", tmp_path / "c.db"
    path.write_text(GOOD, encoding="utf-8")
    runner = CliRunner()
    runner.invoke(cli, ["ingest", str(path), "--db", str(db_path), "--silent"])
    rows = [json.loads(line) for line in runner.invoke(cli, ["export", "--db", str(db_path)]).stdout.splitlines()]
    assert rows[0]["title"] == "Invented Press Remarks on June 1, 2024" and rows[0]["date"] == "2024-06-01"
    assert set(rows[0]) >= {"id", "source", "title", "date", "published", "event_type", "place", "text"}
    shown = runner.invoke(cli, ["show", rows[0]["id"][:8], "--db", str(db_path), "--clean"])
    assert shown.exit_code == 0 and shown.stdout.startswith("Invented Press Remarks")
    csv_out = tmp_path / "d.csv"
    parquet_out = tmp_path / "d.parquet"
    assert runner.invoke(cli, ["export", "--db", str(db_path), "--format", "csv", "-o", str(csv_out)]).exit_code == 0
    assert csv_out.read_text(encoding="utf-8").startswith("id,source")
    result = runner.invoke(cli, ["export", "--db", str(db_path), "--format", "parquet", "-o", str(parquet_out)])
    assert result.exit_code == 0
    import pyarrow.parquet as pq

    assert pq.read_table(parquet_out).num_rows == 1


def test_cli_errors_are_clean(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["ls", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no corpus" in missing.output
    path, db_path = tmp_path / "doc.txt", tmp_path / "c.db"
    path.write_text(GOOD, encoding="utf-8")
    runner.invoke(cli, ["ingest", str(path), "--db", str(db_path), "--silent"])
    bad_kind = runner.invoke(cli, ["export", "--db", str(db_path), "--what", "nope"])
    assert bad_kind.exit_code == 2 and "E401" in bad_kind.output
    assert runner.invoke(cli, ["show", "zzzz", "--db", str(db_path)]).exit_code == 1
    assert runner.invoke(cli, ["ingest", str(path), "--db", str(db_path), "--skip", "parse.metadata.v1"]).exit_code == 2


def test_cli_migrate_list_never_writes(tmp_path: Path) -> None:
    db_path = tmp_path / "new.db"
    result = CliRunner().invoke(cli, ["migrate", "--db", str(db_path), "--list"])
    assert result.exit_code == 0 and "pending  m0001_documents" in result.output
    assert not db_path.exists()


def test_cli_ingest_refuses_unknown_extensions_unless_read_as(tmp_path: Path) -> None:
    """A .json or .log file is not guessed to be prose: E104 names it and says how to read it as text."""
    folder, db_path = tmp_path / "mixed", tmp_path / "c.db"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "keys.json").write_text('{"invented": "keys"}\n', encoding="utf-8")
    (folder / "server.log").write_text("an invented log line\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(folder), "--db", str(db_path), "--json", "--silent"])
    assert result.exit_code == 3
    reasons = {Path(f["source"]).name: f["reason"] for f in json.loads(result.stdout)["failed"]}
    assert set(reasons) == {"keys.json", "server.log"}
    assert all(r.startswith("E104") and "--as txt" in r for r in reasons.values())
    args = ["ingest", str(folder / "server.log"), "--as", "txt", "--db", str(db_path), "--silent"]
    read_as = runner.invoke(cli, args)
    assert read_as.exit_code == 0, read_as.output


def test_cli_ingest_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    path, db_path = tmp_path / "doc.txt", tmp_path / "c.db"
    path.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(path), str(tmp_path / "nothere.txt"), "--db", str(db_path)])
    assert result.exit_code == 2 and "nothere.txt" in result.output
    assert not db_path.exists()  # nothing was read or written


def test_cli_ingest_wraps_pdf_library_messages(tmp_path: Path) -> None:
    """pypdf logs 'EOF marker not found' on its own; it belongs inside the coded error naming the file."""
    path, db_path = tmp_path / "cut.pdf", tmp_path / "c.db"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n")
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", str(db_path), "--json", "--silent"])
    assert result.exit_code == 3
    failed = json.loads(result.stdout)["failed"]
    assert failed[0]["reason"].startswith("E106") and "EOF marker not found" in failed[0]["reason"]
    assert "EOF marker not found" not in result.stderr.replace(failed[0]["reason"], "")


def test_progress_is_a_line_per_phase_off_a_terminal(tmp_path: Path) -> None:
    """Not a terminal and not --silent: one line when each phase starts, progress of the files with an
    estimate of the time left, and the total at the end; --silent prints none of it."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(3):
        (folder / f"doc{n}.txt").write_text(GOOD.replace("June 1", f"June {n + 1}"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "ingest: read, process and store: 3 files" in err and "3/3 files (100%)" in err and "left" in err
    assert "ingest: index" in err and "ingest: done in" in err
    quiet = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "d.db"), "--silent"])
    assert quiet.exit_code == 0 and "ingest:" not in quiet.stderr
