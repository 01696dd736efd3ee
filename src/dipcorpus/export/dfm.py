"""A document-feature matrix that quanteda and scikit-learn load as is: `dfm.mtx` (Matrix Market,
coordinate, integer counts; a row per document or per turn, a column per feature), `features.txt`
(the features, one a line, in column order), and `docvars.csv` (a row per matrix row: the unit's
ids and metadata). Features are lowercased words; punctuation is left out; Chinese is cut into
words by the project's segmenter.

    R:      m <- Matrix::readMM("dfm.mtx"); colnames(m) <- readLines("features.txt")
            d <- quanteda::as.dfm(m); quanteda::docvars(d) <- read.csv("docvars.csv")
    Python: scipy.io.mmread("dfm.mtx").tocsr()
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dipcorpus.annotate.tokens import words
from dipcorpus.model import Document

__all__ = ["UNITS", "write_dfm"]

UNITS = ("documents", "turns")
_DOC_VARS = ["doc_id", "title", "date", "published", "event_type", "language", "source"]
_TURN_VARS = ["doc_id", "n", "speaker", "speaker_id", "role", "title", "date", "event_type", "language"]


def write_dfm(docs: Iterable[Document], folder: str | Path, *, unit: str = "documents", min_count: int = 1) -> int:
    """Write the three files into `folder`; return the number of rows. Features seen fewer than
    `min_count` times in all are left out."""
    if unit not in UNITS:
        raise KeyError(f"the matrix rows are documents or turns, not {unit!r}")
    rows: list[dict[str, Any]] = []
    counts: list[Counter[str]] = []
    for doc in docs:
        for variables, start, end in _units(doc, unit):
            rows.append(variables)
            counts.append(Counter(words(doc.text, start, end)))
    total: Counter[str] = Counter()
    for row_counts in counts:
        total.update(row_counts)
    features = sorted(f for f, n in total.items() if n >= min_count)
    column = {f: k for k, f in enumerate(features, 1)}
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    _write_matrix(target / "dfm.mtx", counts, column)
    (target / "features.txt").write_text("".join(f"{f}\n" for f in features), encoding="utf-8")
    with (target / "docvars.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=_DOC_VARS if unit == "documents" else _TURN_VARS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def _units(doc: Document, unit: str) -> Iterable[tuple[dict[str, Any], int, int]]:
    meta = {"doc_id": doc.id, "title": doc.title or "", "date": doc.date or "", "event_type": doc.event_type or "",
            "language": doc.language or ""}  # fmt: skip
    if unit == "documents":
        yield {**meta, "published": doc.published or "", "source": doc.source}, 0, len(doc.text)
        return
    for turn in doc.turns:
        variables = {
            **meta,
            "n": turn.n,
            "speaker": turn.speaker,
            "speaker_id": turn.speaker_id or "",
            "role": turn.role,
        }
        yield variables, turn.start, turn.end


def _write_matrix(path: Path, counts: list[Counter[str]], column: dict[str, int]) -> None:
    cells = [(r, column[f], n) for r, row in enumerate(counts, 1) for f, n in row.items() if f in column]
    with path.open("w", encoding="ascii", newline="\n") as handle:
        handle.write("%%MatrixMarket matrix coordinate integer general\n")
        handle.write(f"{len(counts)} {len(column)} {len(cells)}\n")
        handle.writelines(f"{r} {c} {n}\n" for r, c, n in sorted(cells))
