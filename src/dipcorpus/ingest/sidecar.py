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
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

__all__ = ["is_speaker_table", "sidecar_speaker"]

_SPEAKER_COLUMN = re.compile(r"\bspeak(?:er|ing)\b|\bspeaker[ _]?name\b", re.I)
_POST_COLUMN = re.compile(r"^(?:post|title|position|role|function)$", re.I)
_TOKENS = re.compile(r"[^\W_]+")
_MAX_BYTES = 5_000_000
_HONORIFIC = re.compile(r"^(?:(?:H\.\s?E\.|His|Her|Excellency|Mr|Mrs|Ms|Miss|Dr|Mme)\.?\s+)+")


def is_speaker_table(columns: list[str]) -> bool:
    """Whether a table with these column names is a speaker table for the files beside it (a speaker
    column and no text column): ingest reads it as their speakers, not as documents."""
    return any(_SPEAKER_COLUMN.search(str(c)) for c in columns)


@dataclass(frozen=True, slots=True)
class _Table:
    speaker: int
    post: int | None
    rows: tuple[tuple[str, ...], ...]
    by_cell: dict[str, tuple[int, ...]]  # casefolded cell (not the speaker's) -> the rows holding it


@functools.lru_cache(maxsize=32)
def _table(path: Path) -> _Table | None:
    """A sidecar table with its cells indexed once, or None if it has no speaker column."""
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
    by_cell: dict[str, list[int]] = {}
    for n, row in enumerate(rows[1:]):
        if speaker < len(row) and row[speaker]:
            for i, cell in enumerate(row):
                if i != speaker and cell:
                    by_cell.setdefault(cell.casefold(), []).append(n)
    return _Table(speaker, post, tuple(rows[1:]), {k: tuple(dict.fromkeys(v)) for k, v in by_cell.items()})


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
        hits = Counter(n for token in tokens for n in table.by_cell.get(token, ()))
        top = max(hits.values(), default=0)
        best = [n for n, count in hits.items() if count == top]
        if top > 1 and len(best) == 1 and top >= min(len(tokens), 2):
            row = table.rows[best[0]]
            post = table.post
            role = row[post] if post is not None and post < len(row) and row[post] else None
            return _HONORIFIC.sub("", " ".join(row[table.speaker].split())), role
    return None
