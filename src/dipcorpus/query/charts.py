"""Timeline charts with matplotlib (Agg backend: no display needed). PNG or SVG by file suffix."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["CHART_SUFFIXES", "timeline_chart"]

CHART_SUFFIXES = (".png", ".svg")


def timeline_chart(rows: Sequence[dict[str, Any]], path: str | Path, *, title: str, rate: bool = True) -> Path:
    """Draw one line with a marker per period (`per_10k`, or `count` when `rate` is False) to
    `path`; a period without any dated text is a gap, not a zero. The line has the gid `timeline`
    so an SVG can be checked point by point."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    if path.suffix.lower() not in CHART_SUFFIXES:
        raise ValueError(f"chart file must end in {' or '.join(CHART_SUFFIXES)}: {path}")
    column = "per_10k" if rate else "count"
    periods = [str(r["period"]) for r in rows]
    values = [math.nan if r[column] is None else float(r[column]) for r in rows]  # no text: a gap
    fig, ax = plt.subplots(figsize=(max(6.0, 0.35 * len(periods)), 3.6), dpi=120)
    try:
        (line,) = ax.plot(range(len(periods)), values, marker="o", markersize=4, linewidth=1.5)
        line.set_gid("timeline")
        step = max(1, len(periods) // 24)
        ax.set_xticks(range(0, len(periods), step), periods[::step], rotation=60, ha="right", fontsize=8)
        ax.set_ylabel("per 10,000 words" if rate else "occurrences")
        ax.set_title(title, fontsize=10)
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", alpha=0.3)
        fig.tight_layout()
        fig.savefig(path, metadata={"Date": None} if path.suffix.lower() == ".svg" else None)
    finally:
        plt.close(fig)
    return path
