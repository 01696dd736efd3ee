"""Speakers from a table beside the files: a sidecar CSV that names who speaks in each file.

Corpora of speeches often ship one table for all their text files (the UN General Debate corpus
has `Speakers_by_session.csv`: year, session, ISO code, country, name of the person speaking,
post). `sidecar_speaker(path)` looks for a CSV in the file's folder and the two folders above it
whose header has a speaker column ('speaker', 'name of person speaking', 'speaker name') and
returns the speaker of the row whose key cells all appear among the tokens of the file name
('SYC_77_2022.txt' -> the row with 'SYC', '77' and '2022'), with the post when the table has one.
Nothing is required: no table, no matching column or no single best row gives None.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

__all__ = ["sidecar_speaker"]

_SPEAKER_COLUMN = re.compile(r"\bspeak(?:er|ing)\b|\bspeaker[ _]?name\b", re.I)
_POST_COLUMN = re.compile(r"^(?:post|title|position|role|function)$", re.I)
_TOKENS = re.compile(r"[^\W_]+")
_MAX_BYTES = 5_000_000
_HONORIFIC = re.compile(r"^(?:(?:H\.\s?E\.|His|Her|Excellency|Mr|Mrs|Ms|Miss|Dr|Mme)\.?\s+)+")


@functools.lru_cache(maxsize=32)
def _table(path: Path) -> tuple[int, int | None, tuple[tuple[str, ...], ...]] | None:
    """(speaker column, post column, rows) of a sidecar table, or None if it has no speaker column."""
    try:
        if path.stat().st_size > _MAX_BYTES:
            return None
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [tuple(cell.strip() for cell in row) for row in csv.reader(handle)]
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if len(rows) < 2:
        return None
    head = rows[0]
    speaker = next((i for i, name in enumerate(head) if _SPEAKER_COLUMN.search(name)), None)
    if speaker is None:
        return None
    post = next((i for i, name in enumerate(head) if _POST_COLUMN.match(name)), None)
    return speaker, post, tuple(rows[1:])


@functools.lru_cache(maxsize=64)
def _tables(folder: Path) -> tuple[Path, ...]:
    found: list[Path] = []
    for level in (folder, folder.parent, folder.parent.parent):
        try:
            found.extend(sorted(p for p in level.glob("*.csv") if p.is_file()))
        except OSError:
            continue
        if found:
            break
    return tuple(found)


def sidecar_speaker(path: Path) -> tuple[str, str | None] | None:
    """(speaker, post) for `path` from a sidecar table, or None."""
    tokens = {t.casefold() for t in _TOKENS.findall(path.stem)}
    if len(tokens) < 2:
        return None
    for table_path in _tables(path.parent.resolve()):
        table = _table(table_path)
        if table is None:
            continue
        speaker, post, rows = table
        best: list[tuple[str, ...]] = []
        best_hits = 1
        for row in rows:
            if speaker >= len(row) or not row[speaker]:
                continue
            hits = sum(1 for i, cell in enumerate(row) if i != speaker and cell and cell.casefold() in tokens)
            if hits > best_hits:
                best, best_hits = [row], hits
            elif hits == best_hits and best:
                best.append(row)
        if len(best) == 1 and best_hits >= min(len(tokens), 2):
            row = best[0]
            role = row[post] if post is not None and post < len(row) and row[post] else None
            return _HONORIFIC.sub("", " ".join(row[speaker].split())), role
    return None
