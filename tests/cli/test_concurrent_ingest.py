"""Writers from several processes at once, on both backends: two `dipcorpus ingest` runs of two
overlapping folders into one corpus, started together, store each document once, lose none and
report no error; and two processes saving the same documents through the store at the same moment
(no writer lock: each transaction's own lock) store each once. Every text here is invented."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from dipcorpus.store import queries
from dipcorpus.store.db import connect

SRC = Path(__file__).resolve().parents[2] / "src"


def _text(n: int) -> str:
    return (
        f"Invented Remarks number {n} on May {n % 27 + 1}, 2024\n\n"
        f"Spokesperson Lin: An invented paragraph {n} about the invented treaty of Ruritania and Zedland.\n\n"
        f"Reporter: An invented question {n} about the ocean talks?\n"
    )


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    """Folders a (texts 0-7) and b (texts 4-11): four texts in both, at different paths."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for n in range(12):
        for folder, lo, hi in ((a, 0, 8), (b, 4, 12)):
            if lo <= n < hi:
                (folder / f"remarks-{n:02d}.txt").write_text(_text(n), encoding="utf-8")
    return a, b


def test_two_concurrent_ingests_store_each_document_once(corpus_target: str, tmp_path: Path) -> None:
    a, b = _folders(tmp_path)
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "dipcorpus", "ingest", str(folder), "--db", corpus_target, "--silent", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for folder in (a, b)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err[-2000:]
        assert json.loads(out)["failed"] == []
    reports = [json.loads(out)["counts"] for out, _ in outputs]
    assert sum(r.get("ingested", 0) for r in reports) == 12  # each text stored by exactly one of them
    assert sum(r.get("duplicate", 0) for r in reports) == 4  # the other saw it stored (another path)
    db = connect(corpus_target)
    try:
        rows = list(queries.export_rows(db, "documents"))
        assert len(rows) == len({r["id"] for r in rows}) == 12
        found = sorted(int(m.group(1)) for r in rows for m in [re.search(r"paragraph (\d+)", r["text"])] if m)
        assert found == list(range(12))  # nothing lost
        sources = db.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
        assert sources == 16  # every path read is recorded, pointing at its one document
    finally:
        db.close()


def _save_all(target: str, start: Any, folder: str) -> None:
    from dipcorpus.ingest.clean import clean_document
    from dipcorpus.ingest.textmap import identity_map
    from dipcorpus.model import Document

    db = connect(target)
    start.wait()
    for path in sorted(Path(folder).iterdir()):
        text = path.read_text(encoding="utf-8")
        doc_id = f"inv{sum(map(ord, text)) % 10**8:08d}{len(text):04d}"
        doc = clean_document(
            Document(id=doc_id, source=str(path), format="txt", raw=text, text=text, offsets=identity_map(text))
        )
        queries.save_document(db, doc, path=str(path), data=text.encode())
    db.close()


def test_concurrent_store_writers_without_the_writer_lock(corpus_target: str, tmp_path: Path) -> None:
    """Below the CLI's writer lock: `save_document` alone keeps two processes from storing one
    document twice (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-level advisory lock)."""
    a, b = _folders(tmp_path)
    connect(corpus_target).close()  # migrated before the race
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_save_all, args=(corpus_target, start, str(f))) for f in (a, b)]
    for proc in procs:
        proc.start()
    start.set()
    for proc in procs:
        proc.join(timeout=120)
        assert proc.exitcode == 0
    db = connect(corpus_target)
    try:
        ids = [r[0] for r in db.execute("SELECT id FROM documents")]
        assert len(ids) == len(set(ids)) == 12
        assert db.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 16
    finally:
        db.close()
