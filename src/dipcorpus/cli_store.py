"""`dipcorpus export`, `migrate` and `datasette-metadata`: what leaves the corpus file, and its schema."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click

from dipcorpus.cli import _open, _say, db_option
from dipcorpus.errors import DipcorpusError
from dipcorpus.store.db import corpus_exists

__all__ = ["COMMANDS"]


@click.command("export")
@db_option
@click.option(
    "--what",
    "kind",
    default="documents",
    show_default=True,
    help="documents, turns, statements, points, sentences, entities, formulations, repairs, links, dyads "
    "or bilingual-dyads.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "json", "tei", "vrt", "dfm"]),
    default="jsonl",
    show_default=True,
    help="tei: one TEI XML file per document in the folder -o (Parla-CLARIN conventions); "
    "vrt: the CWB vertical format of whole documents (--what is ignored for both); "
    "dfm: a document-feature matrix in the folder -o (rows: --what documents or turns).",
)
@click.option("-o", "--output", type=click.Path(), help="Write to this file, or folder for tei (default: stdout).")
@click.option("--all-versions", is_flag=True, help="Include documents replaced by a newer version of their file.")
def export(db_path: str, kind: str, fmt: str, output: str | None, all_versions: bool) -> None:
    """Export one kind of record (the export contract: docs/export.md)."""
    from dipcorpus.query.export import export_kind

    db = _open(db_path)
    if fmt in ("tei", "vrt", "dfm"):
        from dipcorpus.export.write import write_matrix, write_tei, write_vertical

        if fmt in ("tei", "dfm") and not output:
            raise click.UsageError(f"--format {fmt} writes several files: give a folder with -o")
        if fmt == "dfm":
            if kind not in ("documents", "turns"):
                raise click.UsageError("--format dfm has a row per document or per turn: --what documents|turns")
            n = write_matrix(db, str(output), unit=kind, all_versions=all_versions)
            click.echo(f"{n} rows written", err=True)
            return
        n = (
            write_tei(db, str(output), all_versions=all_versions)
            if fmt == "tei"
            else write_vertical(db, output, all_versions=all_versions)
        )
        click.echo(f"{n} documents written", err=True)
        return
    try:
        export_kind(db, kind, fmt, output, all_versions=all_versions)
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from exc


@click.command("migrate")
@db_option
@click.option("--list", "list_only", is_flag=True, help="List applied and pending migrations; write nothing.")
@click.option(
    "--init",
    "adopt",
    is_flag=True,
    help="Add the corpus schema to an SQLite file of another application (E304 otherwise).",
)
def migrate(db_path: str, list_only: bool, adopt: bool) -> None:
    """Apply pending schema migrations (or list them)."""
    from dipcorpus.store import migrations
    from dipcorpus.store.db import connect
    from dipcorpus.store.lock import writer_lock

    try:
        if list_only:
            db = connect(db_path, readonly=True) if corpus_exists(db_path) else sqlite3.connect(":memory:")
            done = migrations.applied(db)
            for name, _ in migrations.MIGRATIONS:
                click.echo(f"{'applied' if name in done else 'pending'}  {name}")
            return
        with writer_lock(db_path, on_wait=_say):
            db = connect(db_path, apply_migrations=False, adopt=adopt)
            for name in migrations.migrate(db):
                click.echo(f"applied  {name}")
    except (sqlite3.Error, DipcorpusError) as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("datasette-metadata")
@db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (default: stdout).")
def datasette_metadata(db_path: str, output: str | None) -> None:
    """The datasette metadata of a corpus (full-text search on passages, reading views, canned queries):
    `datasette DB --metadata FILE`."""
    from dipcorpus.export.datasette import metadata

    _open(db_path)  # migrated, so the reading views exist
    text = json.dumps(metadata(db_path), ensure_ascii=False, indent=1) + "\n"
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


COMMANDS: list[click.Command] = [export, migrate, datasette_metadata]
