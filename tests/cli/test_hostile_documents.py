"""Hostile documents through `dipcorpus ingest` (#15): each is ingested, or refused with a coded reason
naming the file, within the per-document budgets, and the batch goes on. Slow (minutes): `make
test-slow`. Every text is invented and built in tmp."""

from __future__ import annotations

import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CODED = re.compile(r"^E\d{3}: ")
NAMES = ["China", "Japan", "Russia", "the United States", "Wang Yi", "NATO", "Beijing", "Moscow",
         "the European Union", "Germany", "France", "India", "the United Nations", "Kenya", "Brazil"]  # fmt: skip


def _ingest(tmp_path: Path, *paths: Path) -> tuple[subprocess.CompletedProcess[str], float, dict]:  # type: ignore[type-arg]
    cmd = [sys.executable, "-m", "dipcorpus", "ingest", *map(str, paths), "--db", str(tmp_path / "c.db"),
           "--silent", "--json"]  # fmt: skip
    start = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=1200, check=False)
    seconds = time.monotonic() - start
    assert done.returncode in (0, 3), done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return done, seconds, json.loads(done.stdout[done.stdout.index("{") :])


def _settled(report: dict, path: Path) -> str:  # type: ignore[type-arg]
    """'ingested', or the coded reason `path` was refused with."""
    for item in report.get("failed", []):
        if item["source"] == str(path):
            assert CODED.match(item["reason"]), item
            return str(item["reason"])
    return "ingested"


def test_a_hundred_thousand_short_paragraphs_are_settled_within_a_minute(tmp_path: Path) -> None:
    """The statements stage is linear: 10⁵ 'China said peace.' paragraphs are ingested or refused
    (a budget: time E205, memory E208, annotations E209) in under 60 s, and the next file is read."""
    peace = tmp_path / "peace.txt"
    peace.write_text("Invented Statements on May 2, 2024\n\n" + "China said peace.\n\n" * 100_000, encoding="utf-8")
    after = tmp_path / "after.txt"
    after.write_text("Invented Remarks on May 3, 2024\n\nAn invented closing paragraph.\n", encoding="utf-8")
    _, seconds, report = _ingest(tmp_path, peace, after)
    outcome = _settled(report, peace)
    assert _settled(report, after) == "ingested"
    print(f"\n10^5 paragraphs: {outcome} in {seconds:.1f} s")
    assert seconds < 60, (outcome, seconds)


def test_a_13_mb_page_of_entities_stays_within_its_budgets(tmp_path: Path) -> None:
    """A 13 MB page of nothing but entity names is refused with a coded reason (or ingested) without
    the process growing past the memory budget (1 GB by default, `max_document_mb`)."""
    rng = random.Random(13)
    lines, size = ["Invented page of names\n\n"], 0
    while size < 13_000_000:
        lines.append(", ".join(rng.choice(NAMES) for _ in range(10)) + ".\n")
        size += len(lines[-1])
    page = tmp_path / "names.txt"
    page.write_text("".join(lines), encoding="utf-8")
    _, seconds, report = _ingest(tmp_path, page)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    outcome = _settled(report, page)
    print(f"\n13 MB of entity names: {outcome} in {seconds:.1f} s, peak {peak_mb:.0f} MB")
    assert peak_mb < 1024 + 512, peak_mb  # the budget, plus the interpreter and the text as read
