"""HTML built in Python: highlighted text and SVG charts.

Text is never inserted raw. Every run of document text is passed through `escape`, and markup is
only ever our own tags around those escaped runs, so a document holding `<script>` shows it as text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from dipcorpus.model import Document

__all__ = ["Mark", "bar_chart", "document_blocks", "entity_marks", "highlight", "snippet_html", "source_html"]


@dataclass(frozen=True, slots=True)
class Mark:
    """A span to wrap: `start`..`end` in the coordinates of the text being rendered."""

    start: int
    end: int
    open: Markup
    close: Markup


def _tag(name: str, **attrs: Any) -> Markup:
    parts = [name]
    for key, value in attrs.items():
        if value is not None:
            parts.append(f'{key.rstrip("_").replace("_", "-")}="{escape(str(value))}"')
    return Markup(f"<{' '.join(parts)}>")


def highlight(text: str, marks: Iterable[Mark], *, base: int = 0) -> Markup:
    """`text` (which starts at offset `base`) escaped, with `marks` wrapped around their spans.
    Marks nest when one holds another; one that partly overlaps an open mark is left out."""
    end_of_text = base + len(text)
    spans = sorted(
        (m for m in marks if m.end > m.start and m.end > base and m.start < end_of_text),
        key=lambda m: (m.start, -m.end),
    )
    out: list[str] = []
    pos = base
    stack: list[Mark] = []

    def emit(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            out.append(str(escape(text[pos - base : upto - base])))
            pos = upto

    for mark in spans:
        start, stop = max(mark.start, base), min(mark.end, end_of_text)
        while stack and stack[-1].end <= start:
            top = stack.pop()
            emit(min(top.end, end_of_text))
            out.append(str(top.close))
        if (stack and stop > min(stack[-1].end, end_of_text)) or start < pos:
            continue
        emit(start)
        out.append(str(mark.open))
        stack.append(Mark(start, stop, mark.open, mark.close))
    while stack:
        top = stack.pop()
        emit(top.end)
        out.append(str(top.close))
    emit(end_of_text)
    return Markup("".join(out))


def snippet_html(text: str, marks: Sequence[Sequence[int]]) -> Markup:
    """A search snippet (plain text) with its matched runs in <mark>."""
    close = Markup("</mark>")
    return highlight(text, [Mark(s, e, Markup("<mark>"), close) for s, e in marks])


def entity_marks(doc: Document, *, hit: tuple[int, int] | None = None) -> list[Mark]:
    """Marks for the entities, formulations and repairs of `doc` (and the passage `hit`), in
    document offsets. Entities and formulations link to their pages; the card script reads data-*."""
    marks = []
    close_a, close_span = Markup("</a>"), Markup("</span>")
    for ent in doc.entities:
        label = f"{ent.type} · {ent.id} · {ent.name}"
        open_ = _tag(
            "a",
            class_=f"ent ent-{ent.type}",
            href=f"/entities/{quote(ent.id, safe='')}",
            data_id=ent.id,
            data_type=ent.type,
            data_name=ent.name,
            title=label,
        )
        marks.append(Mark(ent.start, ent.end, open_, close_a))
    for form in doc.formulations:
        open_ = _tag(
            "a",
            class_="form",
            href=f"/formulations/{quote(form.id, safe='')}",
            data_id=form.id,
            data_type="formulation",
            data_name=form.name,
            title=f"formulation · {form.id} · {form.name}",
        )
        marks.append(Mark(form.start, form.end, open_, close_a))
    for rep in doc.repairs:
        if rep.end > rep.start:
            title = f"repaired ({rep.kind}): {rep.before!r} → {rep.after!r}"
            marks.append(Mark(rep.start, rep.end, _tag("span", class_="rep", title=title), close_span))
    if hit is not None:
        marks.append(Mark(hit[0], hit[1], _tag("span", class_="hit", id="hit"), close_span))
    return marks


def document_blocks(doc: Document, start: int, end: int, marks: Sequence[Mark]) -> list[dict[str, Any]]:
    """The text between `start` and `end` as blocks: each turn (speaker, role, body) and the text
    between turns, each with its highlighted HTML."""
    blocks: list[dict[str, Any]] = []
    pos = start

    def text_block(a: int, b: int) -> None:
        a, b = _trim(doc.text, a, b)
        if b > a:
            blocks.append({"kind": "text", "start": a, "html": highlight(doc.text[a:b], marks, base=a)})

    for turn in sorted(doc.turns, key=lambda t: t.start):
        head = turn.label_start if turn.label_start is not None else turn.start
        if turn.end <= start or head >= end:
            continue
        text_block(pos, max(pos, min(head, end)))
        a, b = _trim(doc.text, max(turn.start, start), min(turn.end, end))
        blocks.append(
            {
                "kind": "turn",
                "n": turn.n,
                "speaker": turn.speaker,
                "role": turn.role,
                "number": turn.number,
                "speaker_id": turn.speaker_id,
                "start": a,
                "continued": turn.start < start,
                "html": highlight(doc.text[a:b], marks, base=a) if b > a else Markup(""),
            }
        )
        pos = max(pos, b)
    text_block(pos, end)
    return blocks


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """`a`..`b` without the blank lines and spaces at either end."""
    piece = text[a:b]
    stripped = piece.strip()
    if not stripped:
        return a, a
    lead = len(piece) - len(piece.lstrip())
    return a + lead, a + lead + len(stripped)


def source_html(raw: str, base: int, repairs: Sequence[dict[str, Any]], removals: Sequence[dict[str, Any]]) -> Markup:
    """One page of raw text (starting at raw offset `base`) with repairs and removals marked."""
    marks = []
    for rem in removals:
        marks.append(
            Mark(
                rem["raw_start"],
                rem["raw_end"],
                _tag("span", class_="removed", title=f"removed by cleaning: {rem['kind']}"),
                Markup("</span>"),
            )
        )
    for rep in repairs:
        title = f"{rep['kind']}: {rep['before']!r} → {rep['after']!r}"
        start, stop = rep["raw_start"], max(rep["raw_end"], rep["raw_start"] + 1)
        marks.append(Mark(start, stop, _tag("mark", class_="repair", title=title), Markup("</mark>")))
    return highlight(raw, marks, base=base)


def bar_chart(
    rows: Sequence[dict[str, Any]], *, value: str, label: str = "period", unit: str = "", width: int = 860
) -> Markup:
    """A bar chart as inline SVG (no script, no style attribute): one bar per row with a <title>
    tooltip, a y axis with three gridlines and a few x labels."""
    height, left, bottom, top = 240, 48, 28, 12
    if not rows:
        return Markup('<p class="muted">Nothing to chart.</p>')
    peak = _nice(max(float(r[value] or 0) for r in rows))
    plot_w, plot_h = width - left - 28, height - top - bottom
    step = plot_w / len(rows)
    bar_w = max(1.0, step * 0.8)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(value)} by {escape(label)}"'
        ' xmlns="http://www.w3.org/2000/svg">'
    ]
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">{escape(_num(peak * frac))}</text>'
        )
    every = max(1, len(rows) // 8)
    for i, row in enumerate(rows):
        v = float(row[value] or 0)
        h = plot_h * v / peak
        x = left + i * step + (step - bar_w) / 2
        tip = f"{row[label]}: {_num(v)}{unit}" + (
            f" ({row['count']} uses)" if value != "count" and "count" in row else ""
        )
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{max(h, 0):.1f}" '
            f'class="bar{" zero" if v == 0 else ""}"><title>{escape(tip)}</title></rect>'
        )
        if i % every == 0:
            parts.append(
                f'<text x="{left + i * step + step / 2:.1f}" y="{height - 8}" text-anchor="middle" '
                f'class="axis">{escape(str(row[label]))}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(
    series: Sequence[tuple[str, Sequence[dict[str, Any]]]],
    *,
    value: str,
    label: str = "period",
    unit: str = "",
    width: int = 860,
) -> Markup:
    """Several series over the same periods as inline SVG lines (one class per series for its
    colour), a point with a <title> tooltip at each period, and a legend."""
    height, left, bottom, top = 260, 48, 46, 12
    periods = sorted({str(r[label]) for _, rows in series for r in rows})
    if not periods:
        return Markup('<p class="muted">Nothing to chart.</p>')
    values = [{str(r[label]): float(r[value] or 0) for r in rows} for _, rows in series]
    peak = _nice(max((v for vs in values for v in vs.values()), default=0.0))
    plot_w, plot_h = width - left - 28, height - top - bottom
    step = plot_w / max(1, len(periods) - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top + plot_h * (1 - v / peak)

    parts = [
        f'<svg class="chart lines" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(value)} by {escape(label)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        tick = escape(_num(peak * frac))
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">{tick}</text>')
    every = max(1, len(periods) // 8)
    for i, period in enumerate(periods):
        if i % every == 0:
            x = left + i * step
            parts.append(
                f'<text x="{x:.1f}" y="{height - 30}" text-anchor="middle" class="axis">{escape(period)}</text>'
            )
    for k, ((name, _), vals) in enumerate(zip(series, values, strict=True)):
        points = [xy(i, vals.get(p, 0.0)) for i, p in enumerate(periods)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" class="series s{k % 6}"/>')
        for (x, y), period in zip(points, periods, strict=True):
            tip = escape(f"{name} · {period}: {_num(vals.get(period, 0.0))}{unit}")
            dot = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" class="point s{k % 6}">'
            parts.append(f"{dot}<title>{tip}</title></circle>")
        lx = left + k * 170
        parts.append(f'<rect x="{lx}" y="{height - 14}" width="12" height="4" class="key s{k % 6}"/>')
        parts.append(f'<text x="{lx + 16}" y="{height - 9}" class="axis">{escape(name[:24])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _nice(peak: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above `peak` (so gridlines fall on round numbers)."""
    if peak <= 0:
        return 1.0
    scale = 10 ** math.floor(math.log10(peak))
    for step in (1, 2, 2.5, 5, 10):
        if step * scale >= peak:
            return float(step * scale)
    return float(10 * scale)


def _num(v: float) -> str:
    return f"{v:.0f}" if v == int(v) else f"{v:.2f}"
