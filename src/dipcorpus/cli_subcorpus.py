"""`dipcorpus subcorpus save|list|delete`: named, saved queries usable as `subcorpus:NAME` in every
query (search, kwic, timeline, keyness, collocates ...)."""

from __future__ import annotations

import json

import click

from dipcorpus.cli import _open, db_option

__all__ = ["COMMANDS"]


@click.group("subcorpus")
def subcorpus() -> None:
    """Named, saved queries: `subcorpus:NAME` in any query stands for the saved query."""


@subcorpus.command("save")
@click.argument("name")
@click.argument("query")
@db_option
def save_cmd(name: str, query: str, db_path: str) -> None:
    """Save QUERY (e.g. 'speaker:"Hua Chunying" from:2019 lang:en') as subcorpus NAME."""
    from dipcorpus.query.parse import QueryError
    from dipcorpus.query.subcorpora import save

    try:
        save(_open(db_path), name, query)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(f"saved subcorpus {name}: {query}")


@subcorpus.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_cmd(db_path: str, as_json: bool) -> None:
    """The saved subcorpora with the passages and documents each holds."""
    from dipcorpus.query.search import search
    from dipcorpus.query.subcorpora import load

    db = _open(db_path)
    rows = []
    for name, query in sorted(load(db).items()):
        total = search(db, f"subcorpus:{name}", limit=0).total
        rows.append({"name": name, "query": query, "passages": total})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        click.echo(f"{row['name']:20} {row['passages']:>8} passages  {row['query']}")
    if not rows:
        click.echo("no subcorpus saved (dipcorpus subcorpus save NAME QUERY)")


@subcorpus.command("delete")
@click.argument("name")
@db_option
def delete_cmd(name: str, db_path: str) -> None:
    """Delete subcorpus NAME."""
    from dipcorpus.query.subcorpora import delete

    if not delete(_open(db_path), name):
        raise click.ClickException(f"no subcorpus {name!r}")
    click.echo(f"deleted subcorpus {name}")


COMMANDS: list[click.Command] = [subcorpus]
