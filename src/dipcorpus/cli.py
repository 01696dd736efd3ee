"""The `dipcorpus` command. Commands stay thin: parse options, call a library function, render.

stdout carries results only; progress and logs go to stderr. Exit codes: 0 success, 1 runtime
error, 2 usage error, 3 a batch where some files failed and the rest were stored.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from dipcorpus import __version__
from dipcorpus.config import int_default
from dipcorpus.errors import DipcorpusError
from dipcorpus.store.db import corpus_exists

__all__ = ["cli"]

F = TypeVar("F", bound=Callable[..., Any])
EXIT_PARTIAL = 3


def db_option(func: F) -> F:
    """--db, the corpus database; DIPCORPUS_DB names it when the option is not given."""
    return click.option(
        "--db",
        "db_path",
        required=True,
        envvar="DIPCORPUS_DB",
        show_envvar=True,
        type=click.Path(dir_okay=False),
        help="Corpus database (default: $DIPCORPUS_DB).",
    )(func)


FORMATS = ("table", "csv", "json", "jsonl")


def output_options(func: F) -> F:
    """--format table|csv|json|jsonl for every command that prints rows, with --json and --nl as
    aliases of json and jsonl; the command receives `fmt`."""
    func = click.option("--nl", "fmt", flag_value="jsonl", help="Alias of --format jsonl.")(func)
    func = click.option("--json", "fmt", flag_value="json", help="Alias of --format json.")(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="How to print the rows: a table, CSV, one JSON value, or one JSON object a line.",
    )(func)


def emit_rows(
    rows: Iterable[dict[str, Any]], fmt: str, columns: list[str], *, title: str | None = None, width: int = 100
) -> None:
    """Print rows as `fmt` (table: the `columns`, at least `width` wide; csv: the `columns`; json and
    jsonl: every key)."""
    items = list(rows)
    if fmt == "jsonl":
        for row in items:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
    elif fmt == "json":
        click.echo(json.dumps(items, ensure_ascii=False, indent=1, default=str))
    elif fmt == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(items)
        click.echo(out.getvalue(), nl=False)
    else:
        _print_table(items, columns, title=title, width=width)


def _say(message: str) -> None:
    click.echo(message, err=True)


def _open(db_path: str, *, must_exist: bool = True) -> sqlite3.Connection:
    from dipcorpus.store.db import connect

    if must_exist and not corpus_exists(db_path):
        raise click.ClickException(f"no corpus at {db_path} (create one with `dipcorpus ingest PATH --db {db_path}`)")
    try:
        db = connect(db_path)
    except (sqlite3.Error, DipcorpusError) as exc:
        raise click.ClickException(f"{db_path}: {exc}") from exc
    from dipcorpus.query.subcorpora import load

    load(db)  # the corpus's saved subcorpora, for `subcorpus:NAME` in queries
    return db


def _print_table(rows: list[dict[str, Any]], columns: list[str], *, title: str | None = None, width: int = 100) -> None:
    """A rich table on stdout; a value holding matches marked with \\x02 and \\x03 shows them highlighted."""
    from rich.console import Console
    from rich.table import Table

    grid = Table(title=title, show_lines=False)
    for col in columns:
        grid.add_column(col, overflow="fold")
    for row in rows:
        grid.add_row(*[_cell(row.get(c)) for c in columns])
    Console(file=sys.stdout, width=max(width, Console().width)).print(grid)


def _cell(value: Any) -> Any:
    from rich.text import Text

    if value is None:
        return ""
    if isinstance(value, str) and "\x02" in value:
        text = Text()
        for i, part in enumerate(value.replace("\x03", "\x02").split("\x02")):
            text.append(part, style="bold reverse" if i % 2 else "")
        return text
    return str(value)


class _Commands(click.Group):
    """The command group; the commands defined beside this module (cli_*.py, each exporting
    COMMANDS) join it when it is first asked for its commands, so that any of those modules can be
    imported first (they import this one)."""

    _loaded = False

    def _load(self) -> None:
        if not _Commands._loaded:
            _Commands._loaded = True
            _add_command_modules(self)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load()
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dipcorpus")
def cli() -> None:
    """dipcorpus: a clean, structured, traceable corpus of diplomatic texts."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--jobs", "-j", default=1, show_default=True, help="Worker processes for loading and parsing.")
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    help="Load and parse on Dask workers instead: local:N starts N worker processes here, tcp://HOST:8786 "
    "uses a running scheduler; storing stays here and the result is the same (docs/scaling.md).",
)
@click.option("--kb", "kb_files", multiple=True, type=click.Path(exists=True), help="Extra knowledge-base file(s).")
@click.option("--text-col", help="Row exports: the column holding the text (default: detect).")
@click.option("--title-col", help="Row exports: the column holding the title.")
@click.option("--date-col", help="Row exports: the column holding the event date.")
@click.option(
    "--max-file-mb",
    default=int_default("max_file_bytes") // (1024 * 1024),
    show_default=True,
    help="Refuse single files larger than this.",
)
@click.option(
    "--as",
    "unknown_as",
    type=click.Choice(["txt", "html", "md", "pdf"]),
    help="Read files whose extension names no known format as this one (they are refused otherwise, E104).",
)
@click.option("--skip", multiple=True, help="Skip a stage by name (see `dipcorpus stages`); repeatable.")
@click.option("--no-index", is_flag=True, help="Do not update the search index (rebuild later: `dipcorpus reindex`).")
@click.option("--no-link", is_flag=True, help="Do not link the new documents (later: `dipcorpus link`).")
@click.option(
    "--ner", is_flag=True, help="Also run the optional statistical NER stage annotate.ner.v1 (needs `make ner`)."
)
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Read symbolic links found in the folders that point outside them (refused otherwise, E116).",
)
@click.option(
    "--wait",
    type=float,
    default=600.0,
    show_default=True,
    help="Seconds to wait while another process writes this corpus (then E305).",
)
@click.option("--silent", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def ingest(
    paths: tuple[Path, ...],
    db_path: str,
    jobs: int,
    dask_address: str | None,
    kb_files: tuple[str, ...],
    text_col: str | None,
    title_col: str | None,
    date_col: str | None,
    max_file_mb: int,
    unknown_as: str | None,
    skip: tuple[str, ...],
    no_index: bool,
    no_link: bool,
    ner: bool,
    follow_symlinks: bool,
    wait: float,
    silent: bool,
    as_json: bool,
) -> None:
    """Read files, folders and .zip archives (txt, html, pdf, md, jsonl, csv) into the corpus."""
    from dipcorpus.batch import ingest as run_ingest
    from dipcorpus.ingest.loaders import Columns, LoadLimits
    from dipcorpus.pipeline import DEFAULT_STAGES, check_order

    missing = [str(path) for path in paths if not path.exists()]
    if missing:  # a mistyped path is a usage error (exit 2) found before anything is read
        raise click.BadParameter(f"no such file or folder: {', '.join(missing)}", param_hint="PATHS")
    _check_dask(dask_address, jobs)
    db = _open(db_path, must_exist=False)
    limits = LoadLimits(
        max_file_bytes=max_file_mb * 1024 * 1024, unknown_as=unknown_as, follow_symlinks=follow_symlinks
    )
    columns = Columns(text=text_col, title=title_col, date=date_col)
    options = {"kb_files": list(kb_files)}
    stage_names = [name for name in DEFAULT_STAGES if name not in skip]
    if ner:
        from dipcorpus.annotate.ner import load_ner

        try:
            load_ner()
        except DipcorpusError as exc:
            raise click.ClickException(str(exc)) from exc
        stage_names.append("annotate.ner.v1")
    try:
        check_order(stage_names)
    except (KeyError, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc
    from dipcorpus.cli_progress import IngestProgress
    from dipcorpus.store.lock import writer_lock

    try:
        with writer_lock(db_path, wait=wait, on_wait=_say), IngestProgress(silent) as progress:
            report = run_ingest(
                db,
                list(paths),
                stage_names=stage_names,
                options=options,
                limits=limits,
                columns=columns,
                jobs=jobs,
                dask=dask_address,
                on_item=progress.item,
                index=not no_index,
                link=not no_link,
                on_phase=progress.phase,
                on_file=progress.file,
            )
    except DipcorpusError as exc:
        raise click.ClickException(str(exc)) from exc
    _render_report(report.to_dict(), as_json=as_json)
    if report.failed:
        sys.exit(EXIT_PARTIAL)


def _check_dask(address: str | None, jobs: int) -> None:
    """A malformed `--dask` address, or one given with `--jobs`, is a usage error found before anything is read."""
    if address is None:
        return
    if jobs > 1:
        raise click.UsageError("--dask and --jobs both choose where the work runs: give one of them")
    from dipcorpus.batch_dask import parse_address

    try:
        parse_address(address)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--dask") from exc


def _render_report(report: dict[str, Any], *, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
        return
    counts = report["counts"]
    statuses = ["ingested", "new version", "unchanged", "duplicate", "failed"]
    if counts.get("skipped"):
        statuses.insert(4, "skipped")
    rows = [{"format": fmt, **{s: c.get(s, 0) for s in statuses}} for fmt, c in report["by_format"].items()]
    rows.append({"format": "total", **{s: counts.get(s, 0) for s in statuses}})
    _print_table(rows, ["format", *statuses], title="ingest report")
    for fail in report["failed"]:
        click.echo(f"failed  {fail['source']}: {fail['reason']}")


@cli.command()
@output_options
def stages(fmt: str) -> None:
    """List the registered stages with what each requires and assigns."""
    from dipcorpus.pipeline import DEFAULT_STAGES, registered

    rows = [
        {"name": name, "default": name in DEFAULT_STAGES, "requires": ", ".join(stage.requires),
         "assigns": ", ".join(stage.assigns)}
        for name, stage in sorted(registered().items())
    ]  # fmt: skip
    if fmt != "table":
        emit_rows(rows, fmt, ["name", "default", "requires", "assigns"])
        return
    for row in rows:
        default = "default" if row["default"] else "       "
        click.echo(f"{row['name']:28} {default}  requires {row['requires'] or '-'}; assigns {row['assigns']}")


@cli.command("ls")
@db_option
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0, show_default=True)
@click.option("--all-versions", is_flag=True, help="Include documents replaced by a newer version of their file.")
@output_options
def ls_cmd(db_path: str, limit: int, offset: int, all_versions: bool, fmt: str) -> None:
    """List documents: id, date, type, title."""
    from dipcorpus.store import queries

    rows = queries.list_documents(_open(db_path), limit=limit, offset=offset, all_versions=all_versions)
    emit_rows(rows, fmt, ["id", "date", "event_type", "language", "format", "turns", "title"])


@cli.command()
@click.argument("doc_id")
@db_option
@click.option("--raw", "mode", flag_value="raw", help="Print the raw text as read.")
@click.option("--clean", "mode", flag_value="clean", help="Print the clean text.")
@click.option("--repairs", "mode", flag_value="repairs", help="List every repair with its raw span.")
@click.option("--json", "mode", flag_value="json", help="Print the whole document with its annotations as JSON.")
def show(doc_id: str, db_path: str, mode: str | None) -> None:
    """Show one document (by id or a unique id prefix)."""
    from dipcorpus.store import queries

    doc = queries.load_document(_open(db_path), doc_id)
    if doc is None:
        raise click.ClickException(f"E303: no document with id {doc_id}")
    if mode == "raw":
        click.echo(doc.raw)
    elif mode == "clean":
        click.echo(doc.text)
    elif mode == "json":
        click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1))
    elif mode == "repairs":
        for r in doc.repairs:
            click.echo(f"{r.kind:15} raw {r.raw_start}-{r.raw_end}  {r.before!r} → {r.after!r}")
    else:
        _show_summary(doc)


def _show_summary(doc: Any) -> None:
    from dipcorpus.model import Document

    fields = Document.METADATA
    for name in fields:
        click.echo(f"{name:11} {getattr(doc, name) or '-'}")
    for key, value in sorted(doc.header.items()):
        click.echo(f"{'header.' + key:11} {value}")
    counts = {k: len(getattr(doc, k)) for k in ("turns", "statements", "entities", "formulations", "repairs")}
    click.echo("counts      " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for turn in doc.turns[:40]:
        text = doc.text[turn.start : turn.end]
        click.echo(f"  [{turn.n}] {turn.role:17} {turn.speaker}: {text[:90]!s}")
    click.echo("")
    click.echo(doc.text[:1500] + ("…" if len(doc.text) > 1500 else ""))


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def summary(db_path: str, as_json: bool) -> None:
    """Counts of what the corpus holds, and the next commands to try."""
    from dipcorpus.store import queries

    stats = queries.stats(_open(db_path))
    if as_json:
        click.echo(json.dumps(stats, indent=1))
        return
    click.echo(f"{stats['documents']} documents in {db_path} ({stats['dated']} dated)")
    for key in ("by_format", "by_event_type", "by_language"):
        click.echo(f"  {key[3:]:11} " + ", ".join(f"{k} {v}" for k, v in stats[key].items()))
    click.echo(
        "  annotations "
        + ", ".join(f"{k} {stats[k]}" for k in ("turns", "statements", "entities", "formulations", "repairs", "links"))
    )
    click.echo("next:")
    click.echo(f"  dipcorpus ls --db {db_path}")
    click.echo(f"  dipcorpus show ID --db {db_path}")
    click.echo(f"  dipcorpus search '\"one China policy\" OR multilateralism' --db {db_path}")
    click.echo(f"  dipcorpus timeline multilateralism --by year --db {db_path}")
    click.echo(f"  dipcorpus export --db {db_path} --what turns --format csv -o turns.csv")


@cli.command("eval")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False), help="Gold file.")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="The layers as a table, CSV, JSON or JSON lines.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the full result (layers and per-document details).")
@click.option("--min", "minimums", multiple=True, help="LAYER=VALUE: exit 1 when that layer's F1 is lower.")
@click.option(
    "--extended",
    is_flag=True,
    help="Also score event_type, place, language, questions, speakers and outlets (the development gold sets).",
)
def eval_cmd(gold_path: str, db_path: str, fmt: str, as_json: bool, minimums: tuple[str, ...], extended: bool) -> None:
    """Precision, recall and F1 per layer against a gold file (schema: docs/evaluation.md)."""
    from dipcorpus.query.evaluate import evaluate
    from dipcorpus.query.export import iter_kind

    db = _open(db_path)
    kinds = ("documents", "turns", "statements", "entities", "formulations", "links")
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    result = evaluate(gold, {kind: list(iter_kind(db, kind)) for kind in kinds}, extended=extended)
    layers = result["layers"]
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        rows = [
            {"layer": k, **{m: v[m] for m in ("precision", "recall", "f1", "tp", "predicted", "gold")}}
            for k, v in layers.items()
        ]
        emit_rows(rows, fmt, ["layer", "precision", "recall", "f1", "tp", "predicted", "gold"], title=gold_path)
    below = []
    for spec in minimums:
        layer, _, value = spec.partition("=")
        if layers.get(layer, {}).get("f1", 0.0) < float(value):
            below.append(f"{layer} f1 {layers.get(layer, {}).get('f1', 0.0)} < {value}")
    if below:
        click.echo("below the bar: " + "; ".join(below), err=True)
        sys.exit(1)


def _add_command_modules(group: click.Group) -> None:
    """Commands defined beside this module (cli_*.py), each exporting COMMANDS."""
    import importlib
    import pkgutil

    import dipcorpus

    for info in pkgutil.iter_modules(dipcorpus.__path__):
        if info.name.startswith("cli_"):
            module = importlib.import_module(f"dipcorpus.{info.name}")
            for command in module.COMMANDS:
                group.add_command(command)
