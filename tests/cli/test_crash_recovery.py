"""Fault injection (#15): `dipcorpus ingest` killed with SIGKILL at random points, then run again,
ends in the state of a clean run (documents, passages, links, a fresh tantivy folder, the same hits).
Slow (a few ingests of an invented folder): `make test-slow`.

The real-page variants read ../shared/corpus (skipped without it) and run the checked numbers by
default: 300 pages, 20 kills, 5 runs of each pair of concurrent ingests (hours on 2 busy cores).
DIPCORPUS_FAULT_PAGES, DIPCORPUS_FAULT_KILLS and DIPCORPUS_FAULT_RUNS run fewer."""

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


def _ingest(*folders: Path, db: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "dipcorpus", "ingest", *map(str, folders), "--db", str(db), "--silent"]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _finish(proc: subprocess.Popen[bytes], *, partial: bool = False) -> None:
    """Wait for an ingest; it must end well (with `partial`, exit 3 is fine too: some real pages are
    refused with a coded reason, e.g. listing pages). Never a traceback."""
    _, err = proc.communicate(timeout=7200)
    text = err.decode(errors="replace")
    assert proc.returncode in ((0, 3) if partial else (0,)), text[-2000:]
    assert "Traceback" not in text, text[-2000:]


def _copy_parts(root: Path, halves: tuple[list[Path], list[Path]]) -> list[Path]:
    """A folder under `root` for each of `halves`, holding copies of its files."""
    parts = []
    for k, chosen in enumerate(halves):
        part = root / f"part{k}"
        part.mkdir()
        for path in chosen:
            (part / path.name).write_bytes(path.read_bytes())
        parts.append(part)
    return parts


def test_kill_at_random_points_then_rerun_equals_a_clean_run(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    clean = tmp_path / "clean.db"
    start = time.monotonic()
    _finish(_ingest(folder, db=clean))
    full = time.monotonic() - start
    expected = _state(clean)
    rng = random.Random(15)
    for trial in range(5):
        db = tmp_path / f"trial{trial}.db"
        proc = _ingest(folder, db=db)
        time.sleep(rng.uniform(0.05, 0.95) * full)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        _finish(_ingest(folder, db=db))
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
    parts = _copy_parts(tmp_path, halves)
    clean = tmp_path / "clean.db"
    _finish(_ingest(folder, db=clean))
    db = tmp_path / "both.db"
    running = [_ingest(part, db=db) for part in parts]
    for proc in running:
        _finish(proc)
    got, want = _state(db), _state(clean)
    assert got["documents"] == want["documents"] and got["passages"] == want["passages"]
    assert got["hits"] == want["hits"] and got["tantivy_fresh"]


# Real pages: the layouts the pipeline meets, a few of each family, in a fixed order.
_FAMILIES = (("fmprc_html/pages", "*.html"), ("kremlin/pages", "*.html"), ("wh_briefings", "**/*.md"),
             ("wh_obama/pages", "*.html"))  # fmt: skip
_WORD = "the"  # hits compared between the runs (both engines)


def _count(name: str, default: int) -> int:
    return max(1, int(os.environ.get(name, default)))


def _real_folder(shared: Path, root: Path, count: int) -> Path:
    """`count` real pages copied (byte for byte) into `root/pages`, taken in turn from each family."""
    families = [sorted((shared / "corpus" / sub).glob(pattern)) for sub, pattern in _FAMILIES]
    if not all(families):
        pytest.skip("../shared/corpus lacks the page families")
    picked: list[Path] = []
    for k in range(count):
        family = families[k % len(families)]
        picked.append(family[(k // len(families)) * 7 % len(family)])
    folder = root / "pages"
    folder.mkdir()
    for k, path in enumerate(picked):
        (folder / f"{k:04d}_{path.name}").write_bytes(path.read_bytes())
    return folder


def test_real_pages_killed_at_random_points_then_rerun_equal_a_clean_run(shared: Path, tmp_path: Path) -> None:
    folder = _real_folder(shared, tmp_path, _count("DIPCORPUS_FAULT_PAGES", 300))
    clean = tmp_path / "clean.db"
    start = time.monotonic()
    _finish(_ingest(folder, db=clean), partial=True)
    full = time.monotonic() - start
    expected = _state(clean, _WORD)
    assert expected["documents"] and expected["tantivy_fresh"]
    rng = random.Random(15)
    kills = _count("DIPCORPUS_FAULT_KILLS", 20)
    results: list[tuple[int, float, bool]] = []
    trial = 0
    while sum(killed for _, _, killed in results) < kills:
        assert trial < 3 * kills, f"only {results} of {kills} kills landed inside a run"
        db = tmp_path / f"trial{trial}.db"
        proc = _ingest(folder, db=db)
        at = rng.uniform(0.02, 0.9) * full
        time.sleep(at)
        killed = proc.poll() is None  # a run that ended before its kill point is no trial
        if killed:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        _finish(_ingest(folder, db=db), partial=True)
        assert _state(db, _WORD) == expected, f"trial {trial} (killed after {at:.1f} s of {full:.1f} s)"
        results.append((trial, round(at, 1), killed))
        print(f"trial {trial}: {'killed' if killed else 'ended'} at {at:.1f} s of {full:.1f} s, equal", flush=True)
        for leftover in tmp_path.glob(f"trial{trial}.db*"):
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        trial += 1
    print(f"\n{kills} kills over {full:.0f} s ingests of {len(list(folder.iterdir()))} pages, all equal: {results}")


@pytest.mark.parametrize("split", ["same", "overlapping", "disjoint"])
def test_real_pages_two_ingests_at_once_end_as_one_clean_run(shared: Path, tmp_path: Path, split: str) -> None:
    folder = _real_folder(shared, tmp_path, _count("DIPCORPUS_FAULT_PAGES", 300))
    files = sorted(folder.iterdir())
    third = len(files) // 3
    halves = {
        "same": (files, files),
        "overlapping": (files[: 2 * third], files[third:]),
        "disjoint": (files[: len(files) // 2], files[len(files) // 2 :]),
    }[split]
    parts = _copy_parts(tmp_path, halves)
    clean = tmp_path / "clean.db"
    _finish(_ingest(*parts, db=clean), partial=True)
    want = _state(clean, _WORD)
    for run in range(_count("DIPCORPUS_FAULT_RUNS", 5)):
        db = tmp_path / f"both{run}.db"
        running = [_ingest(part, db=db) for part in parts]
        for proc in running:
            _finish(proc, partial=True)
        got = _state(db, _WORD)
        assert got == want, f"run {run}"
