"""`dipcorpus link`, `links` and `talking-points`: near duplicates, translation variants and translation
pairs (`links DOC --aligned`: the pair's turns side by side).

The work is done by `dipcorpus.linking.link_corpus`, which `dipcorpus ingest` also calls.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, replace
from typing import Any

import click

from dipcorpus.cli import db_option, emit_rows, output_options
from dipcorpus.link.linker import LinkConfig
from dipcorpus.linking import LinkReport, link_corpus
from dipcorpus.store.db import corpus_exists

__all__ = ["COMMANDS", "LinkReport", "link_corpus"]


# ---------------------------------------------------------------- commands


def _open(db_path: str) -> sqlite3.Connection:

    from dipcorpus.store.db import connect

    if not corpus_exists(db_path):
        raise click.ClickException(f"no corpus at {db_path} (create one with `dipcorpus ingest PATH --db {db_path}`)")
    return connect(db_path)


_db = db_option


@click.command("link")
@_db
@click.option(
    "--threshold",
    default=0.7,
    show_default=True,
    type=click.FloatRange(0.1, 1.0),
    help="Word-shingle Jaccard for a near-duplicate passage.",
)
@click.option("--rebuild", is_flag=True, help="Forget the stored index and link every document again.")
@click.option(
    "-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes (many documents)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def link_cmd(db_path: str, threshold: float, rebuild: bool, jobs: int, as_json: bool) -> None:
    """Find near-duplicate passages, contained documents and translation variants (incremental)."""
    db = _open(db_path)
    base = LinkConfig()
    cfg = replace(base, neardup=replace(base.neardup, threshold=threshold))
    report = link_corpus(db, cfg=cfg, rebuild=rebuild, jobs=jobs)
    if as_json:
        click.echo(json.dumps(asdict(report)))
    click.echo(
        f"linked {report.linked} document(s), {report.indexed} indexed, {report.links} link(s), "
        f"{report.clusters} cluster(s) in {report.seconds}s" + (" (rebuilt)" if report.rebuilt else ""),
        err=as_json,
    )


def _short(text: str | None, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _side_by_side(row: dict[str, Any], width: int) -> None:
    import textwrap

    left = textwrap.wrap(" ".join((row["a_text"] or "").split()), width) or [""]
    right = textwrap.wrap(" ".join((row["b_text"] or "").split()), width) or [""]
    click.echo(
        f"--- {row['kind']} {row['score']:.2f}  {row['a_doc']}[{row['a_start']}:{row['a_end']}]"
        f"  |  {row['b_doc']}[{row['b_start']}:{row['b_end']}]"
    )
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else ""
        b = right[i] if i < len(right) else ""
        click.echo(f"{a:<{width}} | {b}")


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_PIECE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+")


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` display columns (a CJK character takes two): words are kept whole
    (unless longer than a line), CJK text breaks between any two characters."""
    lines: list[str] = []
    for para in (text or "").split("\n"):
        line = ""
        for piece in _PIECE.findall(" ".join(para.split())):
            if piece.isspace():
                line += " " if line else ""
                continue
            while _display_width(piece) > width:  # a word longer than a line: hard breaks
                if line.strip():
                    lines.append(line.rstrip())
                lines.append(piece[:width])
                line, piece = "", piece[width:]
            if _display_width(line + piece) > width:
                lines.append(line.rstrip())
                line = ""
            line += piece
        if line.strip():
            lines.append(line.rstrip())
    return lines or [""]


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _display_width(text), 0)


def _aligned(db: sqlite3.Connection, doc_id: str, as_json: bool, width: int) -> None:
    from dipcorpus.errors import DipcorpusError
    from dipcorpus.query.pairs import aligned_pair

    try:
        pair = aligned_pair(db, doc_id)
    except DipcorpusError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(pair, ensure_ascii=False, indent=1))
        return
    a, b = pair["a"], pair["b"]
    click.echo(f"translation {pair['score']:.3f}  {a['date'] or '-'}")
    click.echo(f"  a {a['id']} [{a['language']}] {_short(a['title'], 80)}")
    click.echo(f"  b {b['id']} [{b['language']}] {_short(b['title'], 80)}")
    for step in pair["steps"]:
        click.echo(
            f"--- {step['n']}. {step['role']} {step['score']:.2f}  "
            f"{_units(step, 'a')} {step['a_speaker'] or ''}  |  {_units(step, 'b')} {step['b_speaker'] or ''}"
        )
        left, right = _wrap(step["a_text"] or "", width), _wrap(step["b_text"] or "", width)
        for i in range(max(len(left), len(right))):
            click.echo(f"{_pad(left[i] if i < len(left) else '', width)} | {right[i] if i < len(right) else ''}")


def _units(step: dict[str, Any], side: str) -> str:
    first, last = step[f"{side}_first"], step[f"{side}_last"]
    if first is None:
        return "(none)"
    name = "turn" if step["unit"] == "turn" else "para"
    return f"{name} {first}" if first == last else f"{name}s {first}-{last}"


@click.command("links")
@click.argument("doc_id", required=False)
@_db
@output_options
@click.option("--side-by-side", is_flag=True, help="Show the aligned passages next to each other.")
@click.option("--aligned", is_flag=True, help="DOC_ID's translation pair, turn by turn (question <-> question).")
@click.option("--width", default=60, show_default=True, help="Column width for --side-by-side and --aligned.")
def links_cmd(doc_id: str | None, db_path: str, fmt: str, side_by_side: bool, aligned: bool, width: int) -> None:
    """List links (of DOC_ID, or all) and, with --side-by-side, the aligned passages; with --aligned,
    the turn-by-turn alignment of DOC_ID and its translation."""
    from dipcorpus.store import links as store
    from dipcorpus.store import queries

    db = _open(db_path)
    if aligned:
        if not doc_id:
            raise click.UsageError("--aligned needs a DOC_ID")
        _aligned(db, doc_id, fmt == "json", width)
        return
    if doc_id:
        doc = queries.load_document(db, doc_id)
        if doc is None:
            raise click.ClickException(f"no document {doc_id}")
        doc_id = doc.id
    rows = store.link_rows(db, doc_id)
    if fmt != "table":
        emit_rows(rows, fmt, [k for k in rows[0]] if rows else ["a_doc", "b_doc", "kind", "score"])
        return
    for row in rows:
        if row["a_start"] is None:
            click.echo(
                f"{row['kind']:<20} {row['score']:.3f}  {row['a_doc']} {row['a_date'] or '-'} "
                f"{_short(row['a_title'], 40)!r}  ~  {row['b_doc']} {row['b_date'] or '-'} "
                f"{_short(row['b_title'], 40)!r}"
            )
        elif side_by_side:
            _side_by_side(row, width)
        else:
            click.echo(
                f"  {row['kind']:<18} {row['score']:.3f}  {row['a_doc']}[{row['a_start']}:{row['a_end']}] "
                f"~ {row['b_doc']}[{row['b_start']}:{row['b_end']}]  {_short(row['a_text'], 60)!r}"
            )
    if not rows:
        click.echo("no links (run `dipcorpus link` first?)", err=True)


@click.command("talking-points")
@_db
@click.option("--min-docs", default=3, show_default=True, help="Repeated in at least this many documents.")
@click.option("--limit", default=50, show_default=True, help="Show at most this many.")
@output_options
def talking_points_cmd(db_path: str, min_docs: int, limit: int, fmt: str) -> None:
    """Passages repeated across many documents over time (near-duplicate clusters)."""
    from dipcorpus.store import links as store

    rows = store.cluster_rows(_open(db_path), min_docs=min_docs)[:limit]
    if fmt != "table":
        for row in rows:
            row["dates"] = sorted((row["dates"] or "").split(",")) if row["dates"] else []
        emit_rows(rows, fmt, [k for k in rows[0]] if rows else ["docs", "first", "last", "text"])
        return
    for row in rows:
        click.echo(f"{row['docs']:>4} docs  {row['first'] or '?'} .. {row['last'] or '?'}  {_short(row['text'], 96)}")
    if not rows:
        click.echo(f"no passage repeated in {min_docs} or more documents", err=True)


COMMANDS: list[click.Command] = [link_cmd, links_cmd, talking_points_cmd]
