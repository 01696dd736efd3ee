"""Integrity of what ingest and migrate write (issue #15): source identity independent of the working
directory, symbolic links out of the folders given, file names that are not UTF-8, lossy decoding,
files that are not corpora, one writer at a time. Every input is invented."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dipcorpus.cli import cli
from dipcorpus.errors import DipcorpusError
from dipcorpus.store.lock import writer_lock

TEXT = "Invented Remarks on May 2, 2024\n\nAn invented paragraph about an invented treaty.\n"


def _ingest(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(cli, ["ingest", *args, "--silent", "--json", "--no-link"])
    out = result.stdout
    return result.exit_code, json.loads(out[out.index("{") :]) if "{" in out else {"raw": result.output}


def test_relative_then_absolute_path_is_one_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "one.txt").write_text(TEXT, encoding="utf-8")
    db = tmp_path / "c.db"
    monkeypatch.chdir(tmp_path)
    assert _ingest("texts", "--db", str(db))[0] == 0
    code, report = _ingest(str(folder), "--db", str(db))
    assert code == 0 and report["counts"].get("unchanged") == 1, report
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 1


def test_symlink_out_of_the_folder_is_refused_unless_asked(tmp_path: Path) -> None:
    outside = tmp_path / "private.txt"
    outside.write_text(TEXT.replace("treaty", "secret"), encoding="utf-8")
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "inside.txt").write_text(TEXT, encoding="utf-8")
    (folder / "alias.txt").symlink_to(folder / "inside.txt")  # stays inside: read
    (folder / "leak.txt").symlink_to(outside)
    code, report = _ingest(str(folder), "--db", str(tmp_path / "a.db"))
    assert code == 3
    assert [f["reason"][:4] for f in report["failed"]] == ["E116"]
    assert report["failed"][0]["source"].endswith("leak.txt")
    code, report = _ingest(str(folder), "--db", str(tmp_path / "b.db"), "--follow-symlinks")
    assert code == 0 and not report["failed"]


def test_file_name_that_is_not_utf8_is_stored_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    try:
        with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as handle:
            handle.write(TEXT.encode())
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    (folder / "zzz.txt").write_text(TEXT.replace("treaty", "accord"), encoding="utf-8")
    code, report = _ingest(str(folder), "--db", str(tmp_path / "c.db"))
    assert code == 0, report
    assert report["counts"]["ingested"] == 2
    assert any("not UTF-8" in w["warning"] and w["source"].endswith("caf\\xe9.txt") for w in report["warnings"])


def test_lossy_decoding_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "lossy.txt"
    path.write_bytes(("Invented M\u00fcller remarks. " * 20).encode() + b"\xff\xfe stray bytes.\n")
    code, report = _ingest(str(path), "--db", str(tmp_path / "c.db"))
    assert code == 0
    assert any("invalid bytes replaced" in w["warning"] for w in report["warnings"]), report


def test_migrate_refuses_a_file_that_is_not_a_corpus(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not a database at all\n" * 10, encoding="utf-8")
    result = CliRunner().invoke(cli, ["migrate", "--db", str(text)])
    assert result.exit_code == 1 and "E304" in result.output and "not an SQLite database" in result.output
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE invoices (n INTEGER)")
    result = CliRunner().invoke(cli, ["migrate", "--db", str(other)])
    assert result.exit_code == 1 and "E304" in result.output and "invoices" in result.output
    with sqlite3.connect(other) as conn:  # nothing was added
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["invoices"]
    result = CliRunner().invoke(cli, ["ingest", str(text), "--db", str(other), "--silent"])
    assert result.exit_code == 1 and "E304" in result.output
    result = CliRunner().invoke(cli, ["migrate", "--db", str(other), "--init"])
    assert result.exit_code == 0 and "applied" in result.output


def test_second_writer_waits_then_refuses_with_e305(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    messages: list[str] = []
    with writer_lock(db):
        start = time.monotonic()
        with pytest.raises(DipcorpusError, match="E305"), writer_lock(db, wait=0.5, on_wait=messages.append):
            pass
        assert time.monotonic() - start >= 0.5
    assert len(messages) == 1 and "waiting" in messages[0]
    with writer_lock(db, wait=0):  # released: free again
        pass


def test_second_writer_gets_the_lock_when_the_first_is_done(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    order: list[str] = []
    held = threading.Event()

    def first() -> None:
        with writer_lock(db):
            held.set()
            time.sleep(0.4)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    held.wait()
    with writer_lock(db, wait=10):
        order.append("second in")
    thread.join()
    assert order == ["first done", "second in"]


def _state(db_path: Path, word: str = "invented") -> dict[str, object]:
    from dipcorpus.index.tantivy_index import index_path, is_fresh
    from dipcorpus.query.search import search
    from dipcorpus.store.db import connect

    db = connect(db_path)
    try:
        path = index_path(db)
        return {
            "documents": db.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
            "passages": db.execute("SELECT COUNT(*) FROM passages").fetchone()[0],
            "links": sorted(tuple(r) for r in db.execute("SELECT a_doc, b_doc, kind FROM links")),
            "tantivy_fresh": path is not None and path.exists() and is_fresh(db, path),
            "hits": search(db, word, limit=0).total,
            "fts5_hits": search(db, word, limit=0, engine="fts5").total,
        }
    finally:
        db.close()


def test_a_rerun_after_a_crash_heals_the_derived_data(tmp_path: Path) -> None:
    """Documents stored by a run that died before indexing and linking (simulated: stored without
    either), and a half-built tantivy folder, are brought up to date by a plain re-run."""
    from dipcorpus.batch import ingest
    from dipcorpus.store.db import connect

    sample = Path(__file__).resolve().parents[2] / "examples" / "sample"
    clean = tmp_path / "clean.db"
    db = connect(clean)
    ingest(db, [sample])
    db.close()
    crashed = tmp_path / "crashed.db"
    db = connect(crashed)
    ingest(db, [sample], index=False, link=False)
    db.close()
    Path(f"{crashed}.tantivy.new").mkdir()  # what a build killed half-way leaves
    assert _state(crashed)["passages"] == 0
    db = connect(crashed)
    report = ingest(db, [sample])  # every file is 'unchanged' now
    db.close()
    assert report.counts().get("unchanged") and not report.counts().get("ingested")
    assert _state(crashed) == _state(clean) and _state(clean)["tantivy_fresh"]
    assert not Path(f"{crashed}.tantivy.new").exists()


def test_search_counts_only_the_current_version_of_a_changed_file(tmp_path: Path) -> None:
    from dipcorpus.query.kwic import kwic
    from dipcorpus.query.search import search
    from dipcorpus.query.timeline import timeline
    from dipcorpus.store.db import connect

    path = tmp_path / "a.txt"
    db_path = tmp_path / "c.db"
    path.write_text("Invented Remarks on May 2, 2024\n\nThe zebrafish accord was signed.\n", encoding="utf-8")
    assert _ingest(str(path), "--db", str(db_path))[0] == 0
    path.write_text("Invented Remarks on May 2, 2024\n\nThe walrus accord was signed.\n", encoding="utf-8")
    code, report = _ingest(str(path), "--db", str(db_path))
    assert code == 0 and report["counts"] == {"new version": 1}
    db = connect(db_path)
    for engine in ("fts5", "auto"):
        assert search(db, "zebrafish", limit=0, engine=engine).total == 0
        assert search(db, "accord", limit=0, engine=engine).total == 1
    assert kwic(db, "zebrafish") == []
    assert sum(row["count"] for row in timeline(db, "accord", by="year")) == 1


def test_a_corpus_inside_the_folder_it_ingests_never_reads_itself(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "one.txt").write_text(TEXT, encoding="utf-8")
    db = folder / "corpus.db"  # the corpus lives in the folder it reads
    assert _ingest(str(folder), "--db", str(db))[0] == 0
    code, report = _ingest(str(folder), "--db", str(db))
    assert code == 0 and not report["failed"] and report["counts"] == {"unchanged": 1}, report


def test_a_speaker_table_beside_the_files_is_skipped_not_failed(tmp_path: Path) -> None:
    folder = tmp_path / "speeches"
    folder.mkdir()
    (folder / "ZZA_1_2020.txt").write_text("An invented speech to an invented assembly.\n", encoding="utf-8")
    (folder / "speakers.csv").write_text(
        "Year,Session,ISO Code,Name of Person Speaking,Post\n2020,1,ZZA,Invented Speaker,Minister\n", encoding="utf-8"
    )  # invented table
    code, report = _ingest(str(folder), "--db", str(tmp_path / "c.db"))
    assert code == 0 and report["counts"] == {"ingested": 1, "skipped": 1}, report
    assert any("speakers of the files beside it" in w["warning"] for w in report["warnings"])
