"""Fault injection (#15): `dipcorpus ingest` killed with SIGKILL at random points, then run again,
ends in the state of a clean run (documents, passages, links, a fresh tantivy folder, the same hits).
Slow (a few ingests of an invented folder): `make test-slow`."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_integrity_cli import _state

pytestmark = pytest.mark.slow

# Invented documents: a press-conference shape with varied invented names, so that links form too.
_TEMPLATE = (
    "Invented Press Conference No. {n} on March {day}, 2021\n\n"
    "Q: What does the ministry say about the invented {topic} talks with Zedland?\n\n"
    "A: The invented {topic} talks with Zedland go on. We hope for progress on {topic} and on trade.\n\n"
    "Q: Any comment on Yonder?\n\nA: Yonder is a friend. {extra}\n"
)


def _folder(root: Path, count: int = 60) -> Path:
    folder = root / "docs"
    folder.mkdir()
    topics = ["ocean", "river", "climate", "trade", "health"]
    for n in range(count):
        extra = "The invented bridge partnership stays open to all." if n % 3 else f"Number {n} is invented."
        text = _TEMPLATE.format(n=n, day=n % 28 + 1, topic=topics[n % len(topics)], extra=extra)
        (folder / f"doc{n:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def _ingest(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "dipcorpus", "ingest", str(folder), "--db", str(db), "--silent"]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _finish(proc: subprocess.Popen[bytes]) -> None:
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode(errors="replace")[-2000:]


def test_kill_at_random_points_then_rerun_equals_a_clean_run(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    clean = tmp_path / "clean.db"
    start = time.monotonic()
    _finish(_ingest(folder, clean))
    full = time.monotonic() - start
    expected = _state(clean)
    rng = random.Random(15)
    for trial in range(5):
        db = tmp_path / f"trial{trial}.db"
        proc = _ingest(folder, db)
        time.sleep(rng.uniform(0.05, 0.95) * full)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        _finish(_ingest(folder, db))
        assert _state(db) == expected, f"trial {trial}"
        shutil.rmtree(f"{db}.tantivy", ignore_errors=True)


@pytest.mark.parametrize("split", ["same", "overlapping", "disjoint"])
def test_two_ingests_at_once_end_as_one_clean_run(tmp_path: Path, split: str) -> None:
    """Two writers on one corpus: the second waits for the first (the corpus lock), neither fails,
    and the corpus ends as one clean ingest of everything both were given."""
    folder = _folder(tmp_path, count=30)
    files = sorted(folder.iterdir())
    halves = {
        "same": (files, files),
        "overlapping": (files[:20], files[10:]),
        "disjoint": (files[:15], files[15:]),
    }[split]
    parts = []
    for k, chosen in enumerate(halves):
        part = tmp_path / f"part{k}"
        part.mkdir()
        for path in chosen:
            (part / path.name).write_bytes(path.read_bytes())
        parts.append(part)
    clean = tmp_path / "clean.db"
    _finish(_ingest(folder, clean))
    db = tmp_path / "both.db"
    running = [_ingest(part, db) for part in parts]
    for proc in running:
        _finish(proc)
    got, want = _state(db), _state(clean)
    assert got["documents"] == want["documents"] and got["passages"] == want["passages"]
    assert got["hits"] == want["hits"] and got["tantivy_fresh"]
