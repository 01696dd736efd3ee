"""Ingest a folder into a fresh corpus and score it against a gold file; the layers below their floors."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

KINDS = ("documents", "turns", "statements", "entities", "formulations", "links")


def score_folder(folder: Path, db_path: Path, gold: Mapping[str, Any]) -> dict[str, Any]:
    """`folder` through the whole default pipeline into `db_path`, scored with the extended layers."""
    from dipcorpus.batch import ingest
    from dipcorpus.query.evaluate import evaluate
    from dipcorpus.query.export import iter_kind
    from dipcorpus.store.db import connect

    db = connect(db_path)
    try:
        ingest(db, [folder])
        exports = {kind: list(iter_kind(db, kind)) for kind in KINDS}
    finally:
        db.close()
    return evaluate(gold, exports, extended=True)


def below_floors(layers: Mapping[str, Mapping[str, Any]], floors: Mapping[str, float]) -> dict[str, float]:
    """Each layer whose F1 is under its floor (a layer not scored counts as 0)."""
    got = {layer: float(layers.get(layer, {}).get("f1", 0.0)) for layer in floors}
    return {layer: f1 for layer, f1 in got.items() if f1 < floors[layer]}
