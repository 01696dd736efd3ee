"""Search and analysis commands: search, kwic, timeline, first-last, cooccur, keyness, reindex.

Malformed queries exit with code 2 and one line naming the problem and its column.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from dipcorpus.cli import db_option, emit_rows, output_options
from dipcorpus.store.db import corpus_exists

__all__ = ["COMMANDS"]

F = TypeVar("F", bound=Callable[..., Any])


class QuerySyntaxError(click.ClickException):
    exit_code = 2


_ESCAPE = "\x00"


class QueryCommand(click.Command):
    """A command whose arguments are queries: a word starting with '-' (`-speaker:"X" taiwan`, `-taiwan`)
    is the query's NOT shorthand, not an option, unless it is one of the command's own option names."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value = {
            name: not (isinstance(p, click.Option) and (p.is_flag or p.count))
            for p in self.params
            if isinstance(p, click.Option)
            for name in (*p.opts, *p.secondary_opts)
        }
        escaped, value_next = [], False
        for arg in args:
            if arg == "--":
                break
            optionish = arg.startswith("-") and len(arg) > 1
            if optionish and not value_next and arg.split("=", 1)[0] not in takes_value:
                arg = _ESCAPE + arg
            value_next = not value_next and takes_value.get(arg, False)
            escaped.append(arg)
        rest = super().parse_args(ctx, escaped + args[len(escaped) :])
        for key, value in ctx.params.items():
            if isinstance(value, str) and value.startswith(_ESCAPE):
                ctx.params[key] = value[len(_ESCAPE) :]
        return rest


def _db_option(func: F) -> F:
    return db_option(func)


def _open(db_path: str, *, index_new: bool = True) -> sqlite3.Connection:
    from dipcorpus.errors import DipcorpusError
    from dipcorpus.index.passages import build_passages
    from dipcorpus.store.db import connect

    if not corpus_exists(db_path):
        raise click.ClickException(f"no corpus at {db_path} (create one with `dipcorpus ingest PATH --db {db_path}`)")
    try:
        db = connect(db_path)
    except (sqlite3.Error, DipcorpusError) as exc:
        raise click.ClickException(f"{db_path}: {exc}") from exc
    from dipcorpus.query.subcorpora import load

    load(db)  # the corpus's saved subcorpora, for `subcorpus:NAME` in queries
    if index_new:
        added = build_passages(db)
        if added:
            click.echo(f"indexed {added} passages of documents not yet in the search index", err=True)
    return db


def _call(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    from dipcorpus.query.parse import QueryError

    try:
        return func(*args, **kwargs)
    except QueryError as exc:
        raise QuerySyntaxError(str(exc)) from exc


def _emit(rows: list[dict[str, Any]], fmt: str, columns: list[str], *, title: str | None = None) -> None:
    emit_rows(rows, fmt, columns, title=title, width=120)


_FORMAT = output_options


@click.command("search", cls=QueryCommand)
@click.argument("query")
@_db_option
@click.option("--limit", default=20, show_default=True, help="Hits per page.")
@click.option("--offset", default=0, show_default=True, help="Skip this many hits (pagination).")
@click.option("--sort", type=click.Choice(["relevance", "date", "newest"]), default="relevance", show_default=True)
@output_options
def search_cmd(query: str, db_path: str, limit: int, offset: int, sort: str, fmt: str) -> None:
    """Search passages (turns or paragraphs) with the query language (docs/query-language.md)."""
    from dipcorpus.query.search import MAX_LIMIT, search

    if limit > MAX_LIMIT:
        click.echo(f"--limit {limit} is more than a page holds; showing {MAX_LIMIT} (page on with --offset)", err=True)
    db = _open(db_path)
    marks = ("<mark>", "</mark>") if fmt != "table" else ("\x02", "\x03")
    result = _call(search, db, query, limit=limit, offset=offset, sort=sort, marks=marks)
    keys = ["doc_id", "title", "date", "speaker", "snippet", "start", "end", "score"]
    if fmt == "json":  # one value: the total and the page of hits
        hits = [{k: h[k] for k in keys} for h in result.hits]
        click.echo(json.dumps({"total": result.total, "hits": hits}, ensure_ascii=False, indent=1))
        return
    if fmt in ("jsonl", "csv"):
        emit_rows([{k: h[k] for k in keys} for h in result.hits], fmt, keys)
        return
    rows = [{**h, "#": offset + i, "doc": h["doc_id"][:10]} for i, h in enumerate(result.hits, 1)]
    shown = f"{offset + 1}-{offset + len(rows)}" if rows else "none"
    columns = ["#", "date", "doc", "speaker", "snippet", "score"]
    _emit(rows, "table", columns, title=f"{result.total} hits ({shown} shown)")


@click.command("kwic", cls=QueryCommand)
@click.argument("query")
@_db_option
@click.option("--width", default=60, show_default=True, help="Characters of context each side.")
@click.option(
    "--sort",
    default="left",
    show_default=True,
    help="left, right, date, or sort levels as in AntConc: L1,R1,R2 (L1-L9, R1-R9, match, date).",
)
@click.option("--limit", type=int, default=None, help="At most this many lines.")
@_FORMAT
def kwic_cmd(query: str, db_path: str, width: int, sort: str, limit: int | None, fmt: str) -> None:
    """Keyword in context: each match of QUERY with aligned left and right context."""
    from dipcorpus.query.kwic import format_line, kwic

    lines = _call(kwic, _open(db_path), query, width=width, sort=sort, limit=limit)
    if fmt != "table":
        _emit(lines, fmt, ["doc_id", "date", "speaker", "start", "end", "left", "match", "right"])
        return
    for line in lines:
        click.echo(f"{line['date'] or '----------':10}  {line['doc_id'][:8]}  {format_line(line, width)}")


@click.command("timeline", cls=QueryCommand)
@click.argument("target")
@_db_option
@click.option("--by", type=click.Choice(["month", "quarter", "year"]), default="month", show_default=True)
@click.option(
    "--kind",
    type=click.Choice(["auto", "term", "entity", "formulation"]),
    default="auto",
    show_default=True,
    help="What TARGET names (auto: formulation, entity id, else a query).",
)
@click.option("--chart", type=click.Path(dir_okay=False), help="Also draw the timeline to this .png or .svg file.")
@click.option("--counts", is_flag=True, help="Chart raw counts instead of the rate per 10,000 words.")
@_FORMAT
def timeline_cmd(target: str, db_path: str, by: str, kind: str, chart: str | None, counts: bool, fmt: str) -> None:
    """Uses of a term, "phrase", entity id or formulation per period: count and rate per 10,000 words."""
    from dipcorpus.query.charts import CHART_SUFFIXES, timeline_chart
    from dipcorpus.query.timeline import timeline

    if chart and Path(chart).suffix.lower() not in CHART_SUFFIXES:
        raise click.BadParameter(f"must end in {' or '.join(CHART_SUFFIXES)}", param_hint="--chart")
    rows = _call(timeline, _open(db_path), target, by=by, kind=kind)
    counted_as = rows[0]["kind"] if rows else kind
    title = f"{target} ({counted_as}) per {by}"
    if chart:
        timeline_chart(rows, chart, title=title, rate=not counts)
        click.echo(f"chart: {chart} ({len(rows)} points)", err=True)
    _emit(rows, fmt, ["period", "kind", "count", "words", "per_10k"], title=title)


@click.command("first-last", cls=QueryCommand)
@click.argument("target")
@_db_option
@click.option("--kind", type=click.Choice(["auto", "term", "entity", "formulation"]), default="auto",
              show_default=True)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def first_last_cmd(target: str, db_path: str, kind: str, as_json: bool) -> None:
    """The first and the last dated use of a term, entity or formulation."""
    from dipcorpus.query.timeline import first_last

    out = _call(first_last, _open(db_path), target, kind=kind)
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    click.echo(f"{target} ({out['kind']}): {out['uses']} dated uses")
    for name in ("first", "last"):
        use = out[name]
        if use:
            click.echo(f"{name:5} {use['date']}  {use['doc_id'][:10]}  {use['title'] or ''}")
            click.echo(f"      …{use['context']}…")


@click.command("cooccur")
@_db_option
@click.option("--unit", type=click.Choice(["passage", "document"]), default="passage", show_default=True)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    help="Entity kinds to pair (repeatable; default: all; 'formulation' pairs formulations too).",
)
@click.option("--with", "with_entity", help="Only pairs including this entity id or name.")
@click.option("--min-count", default=1, show_default=True)
@click.option("--limit", default=30, show_default=True)
@_FORMAT
def cooccur_cmd(
    db_path: str,
    unit: str,
    kinds: tuple[str, ...],
    with_entity: str | None,
    min_count: int,
    limit: int,
    fmt: str,
) -> None:
    """Entity pairs that appear together in the same passage or document, most frequent first."""
    from dipcorpus.query.analysis import cooccurrence
    from dipcorpus.query.parse import ENTITY_KINDS

    rows = _call(cooccurrence, _open(db_path), unit=unit, kinds=tuple(kinds) or ENTITY_KINDS,
                 with_entity=with_entity, min_count=min_count, limit=limit)  # fmt: skip
    _emit(rows, fmt, ["a", "b", "together", "count_a", "count_b", "dice"], title=f"co-occurrence per {unit}")


@click.command("keyness", cls=QueryCommand)
@click.argument("query_a")
@click.argument("query_b")
@_db_option
@click.option("--min-count", default=5, show_default=True, help="Skip words seen fewer times in A and B together.")
@click.option("--limit", default=40, show_default=True)
@_FORMAT
def keyness_cmd(query_a: str, query_b: str, db_path: str, min_count: int, limit: int, fmt: str) -> None:
    """Key words of the passages matching QUERY_A against those matching QUERY_B (log-likelihood G²)."""
    from dipcorpus.query.analysis import keyness

    rows = _call(keyness, _open(db_path), query_a, query_b, min_count=min_count, limit=limit)
    for row in rows:
        row["p"] = f"{row['p']:.2g}"
    columns = ["word", "key_for", "a", "b", "a_per_10k", "b_per_10k", "g2", "p", "log_ratio"]
    _emit(rows, fmt, columns, title="keyness: A vs B")


@click.command("reindex")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print the index counts as JSON.")
def reindex_cmd(db_path: str, as_json: bool) -> None:
    """Rebuild the search index (passages, full-text index, filter tags) from the stored documents."""
    from dipcorpus.index.passages import reindex

    stats = reindex(_open(db_path, index_new=False))
    if as_json:
        click.echo(json.dumps(stats))
    else:
        click.echo(", ".join(f"{k} {v}" for k, v in stats.items()))


COMMANDS: list[click.Command] = [
    search_cmd, kwic_cmd, timeline_cmd, first_last_cmd, cooccur_cmd, keyness_cmd, reindex_cmd,
]  # fmt: skip
