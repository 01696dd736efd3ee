"""`dipcorpus embed` and `dipcorpus semantic`: sentence-embedding search (the `semantic` extra).

See docs/semantic.md. Without the extra both commands exit 1 with E204 and the install command.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from typing import Any

import click

from dipcorpus.cli import db_option as _db
from dipcorpus.cli import emit_rows, output_options  # defined before cli.py imports the cli_* modules
from dipcorpus.store.db import corpus_exists

__all__ = ["COMMANDS"]

AUTO_EMBED = 2000  # `semantic` embeds up to this many passages still missing a vector by itself
_HIT_KEYS = ("doc_id", "title", "date", "speaker", "snippet", "start", "end", "score")


def _open(db_path: str) -> sqlite3.Connection:
    from dipcorpus.errors import DipcorpusError
    from dipcorpus.index.passages import build_passages
    from dipcorpus.store.db import connect

    if not corpus_exists(db_path):
        raise click.ClickException(f"no corpus at {db_path} (create one with `dipcorpus ingest PATH --db {db_path}`)")
    try:
        db = connect(db_path)
    except (sqlite3.Error, DipcorpusError) as exc:
        raise click.ClickException(f"{db_path}: {exc}") from exc
    added = build_passages(db)
    if added:
        click.echo(f"indexed {added} passages of documents not yet in the search index", err=True)
    return db


def _encoder() -> Any:
    from dipcorpus.errors import DipcorpusError
    from dipcorpus.query.semantic import load_encoder

    try:
        return load_encoder()
    except DipcorpusError as exc:
        raise click.ClickException(str(exc)) from exc


def _embed(db: sqlite3.Connection, encoder: Any, missing: int, *, silent: bool) -> int:
    from dipcorpus.query.semantic import embed_passages

    if silent or not sys.stderr.isatty():
        return embed_passages(db, encoder=encoder)
    with click.progressbar(length=missing, label="embedding passages", file=sys.stderr) as bar:
        return embed_passages(db, encoder=encoder, on_batch=bar.update)


@click.command("embed")
@_db
@click.option("--silent", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def embed_cmd(db_path: str, silent: bool, as_json: bool) -> None:
    """Compute the sentence embedding of every passage that has none yet (incremental)."""
    import time

    from dipcorpus.query.semantic import count_missing

    db = _open(db_path)
    encoder = _encoder()
    missing = count_missing(db, model=encoder.name)
    began = time.perf_counter()
    done = _embed(db, encoder, missing, silent=silent) if missing else 0
    seconds = round(time.perf_counter() - began, 2)
    report = {"embedded": done, "seconds": seconds, "model": encoder.name}
    if as_json:
        click.echo(json.dumps(report))
        return
    rate = f", {done / seconds:.1f} passages/s" if done and seconds else ""
    click.echo(f"embedded {done} passage(s) with {encoder.name} in {seconds}s{rate}", err=True)


@click.command("semantic")
@click.argument("query")
@_db
@click.option("--limit", default=20, show_default=True, help="Hits to show.")
@click.option("--hybrid", is_flag=True, help="Fuse with the keyword (BM25) ranking by reciprocal rank.")
@output_options
def semantic_cmd(query: str, db_path: str, limit: int, hybrid: bool, fmt: str) -> None:
    """Search passages by meaning (sentence embeddings); --hybrid adds the keyword ranking."""
    from dipcorpus.query.parse import QueryError
    from dipcorpus.query.semantic import count_missing, hybrid_search, semantic_search

    db = _open(db_path)
    encoder = _encoder()
    missing = count_missing(db, model=encoder.name)
    if 0 < missing <= AUTO_EMBED:
        click.echo(f"embedding {missing} passage(s) that have no vector yet", err=True)
        _embed(db, encoder, missing, silent=False)
    elif missing:
        click.echo(f"{missing} passages have no vector and are not searched (run `dipcorpus embed`)", err=True)
    func = hybrid_search if hybrid else semantic_search
    try:
        result = func(db, query, limit=limit, encoder=encoder)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from exc
    hits = [{k: h[k] for k in _HIT_KEYS} for h in result.hits]
    if fmt == "json":  # one value: the total and the hits
        click.echo(json.dumps({"total": result.total, "hits": hits}, ensure_ascii=False, indent=1))
    elif fmt != "table":
        emit_rows(hits, fmt, list(_HIT_KEYS))
    else:
        _table(result.hits, hybrid=hybrid)


def _table(hits: list[dict[str, Any]], *, hybrid: bool) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    grid = Table(title=f"{len(hits)} hits ({'hybrid' if hybrid else 'semantic'})")
    for col in ("#", "date", "doc", "speaker", "snippet", "score"):
        grid.add_column(col, overflow="fold")
    for i, hit in enumerate(hits, 1):
        snippet = hit["snippet"].replace("<mark>", "").replace("</mark>", "")
        cells = [str(i), hit["date"] or "", hit["doc_id"][:10], hit["speaker"] or "", snippet, str(hit["score"])]
        grid.add_row(*[escape(c) for c in cells])
    Console(file=sys.stdout, width=max(120, Console().width)).print(grid)


COMMANDS: list[click.Command] = [embed_cmd, semantic_cmd]
