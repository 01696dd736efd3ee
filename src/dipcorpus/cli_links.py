"""`dipcorpus link`, `links` and `talking-points`: near duplicates and translation variants.

`link_corpus(db)` is the one place that joins the pure linker (dipcorpus.link) to the store: it
reads the stored passage index, links the documents not yet indexed, and writes links, index rows
and clusters back. Call it after an ingest to keep links current.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from typing import Any

import click

from dipcorpus.link.clusters import clusters
from dipcorpus.link.linker import DocFeatures, LinkConfig, LinkState, PassageRow, features, link_new, rows_of
from dipcorpus.link.minhash import NUM_PERM
from dipcorpus.link.passages import Passage

__all__ = ["COMMANDS", "LinkReport", "link_corpus"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkReport:
    linked: int  # documents linked in this run
    indexed: int  # documents in the index after it
    links: int  # links written in this run
    clusters: int
    seconds: float
    rebuilt: bool


def _settings(cfg: LinkConfig) -> dict[str, str]:
    nd = cfg.neardup
    return {
        "threshold": str(nd.threshold),
        "shingle": str(nd.shingle),
        "num_perm": str(NUM_PERM),
        "min_words": str(cfg.min_words),
        "version": "link.v1",
    }


def link_corpus(
    db: sqlite3.Connection,
    *,
    cfg: LinkConfig | None = None,
    rebuild: bool = False,
    on_doc: Callable[[str], None] | None = None,
) -> LinkReport:
    """Link every current document not yet indexed (all of them with `rebuild`, or when the stored
    index was built with other settings), then recompute the clusters."""
    from dipcorpus.store import links as store
    from dipcorpus.store import queries

    cfg = cfg or LinkConfig()
    started = time.perf_counter()
    current = store.current_doc_ids(db)
    meta = store.get_meta(db)
    rebuild = rebuild or (bool(meta) and meta != _settings(cfg))
    if rebuild:
        store.clear_index(db)
        queries.replace_links(db, [])
    store.set_meta(db, _settings(cfg))
    indexed = store.indexed_doc_ids(db)
    stale = sorted(indexed - set(current))
    if stale:  # older versions and deleted documents leave the index and their links go
        store.forget_docs(db, stale)
        queries.replace_links(db, [], docs=stale)
    state = LinkState(cfg)
    state.add_rows(_rows(store.passage_rows(db)))
    load = _loader(db, cfg)
    new = [doc_id for doc_id in current if doc_id not in indexed]
    written = 0
    for chunk in _chunks(new, 200):
        feats = [f for f in (load(doc_id) for doc_id in chunk) if f is not None]
        links = link_new(feats, state, load)
        queries.replace_links(db, links, docs=[f.doc_id for f in feats])
        written += len(links)
        for f in feats:
            store.save_index(db, f.doc_id, [_row_tuple(r) for r in rows_of(f)])
            if on_doc is not None:
                on_doc(f.doc_id)
    found = clusters(store.passage_link_rows(db, ("near duplicate", "containment")), store.doc_dates(db))
    store.replace_clusters(
        db,
        [
            (c.id, m.doc_id, m.start, m.end, m.date, int(m == c.representative))
            for c in found
            for m in c.members
        ],
    )
    return LinkReport(
        linked=len(new),
        indexed=len(store.indexed_doc_ids(db)),
        links=written,
        clusters=len(found),
        seconds=round(time.perf_counter() - started, 2),
        rebuilt=rebuild,
    )


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _rows(rows: Any) -> Any:
    for r in rows:
        passage = Passage(
            doc_id=r["doc_id"],
            n=r["n"],
            start=r["start"],
            end=r["end"],
            turn=r["turn"],
            words=r["words"],
            date=r["date"],
        )
        yield PassageRow(passage=passage, sig=bytes(r["sig"]), keys=tuple(r["keys"].split()))


def _row_tuple(row: PassageRow) -> tuple[int, int, int, int | None, int, bytes, str]:
    p = row.passage
    return (p.n, p.start, p.end, p.turn, p.words, row.sig, " ".join(row.keys))


def _loader(db: sqlite3.Connection, cfg: LinkConfig) -> Callable[[str], DocFeatures | None]:
    from dipcorpus.store import queries

    @lru_cache(maxsize=512)
    def load(doc_id: str) -> DocFeatures | None:
        doc = queries.load_document(db, doc_id)
        return None if doc is None else features(doc, cfg=cfg)

    return load


# ---------------------------------------------------------------- commands


def _open(db_path: str) -> sqlite3.Connection:
    from pathlib import Path

    from dipcorpus.store.db import connect

    if not Path(db_path).exists():
        raise click.ClickException(
            f"no corpus at {db_path} (create one with `dipcorpus ingest PATH --db {db_path}`)"
        )
    return connect(db_path)


_db = click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="Corpus database.")


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
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def link_cmd(db_path: str, threshold: float, rebuild: bool, as_json: bool) -> None:
    """Find near-duplicate passages, contained documents and translation variants (incremental)."""
    db = _open(db_path)
    base = LinkConfig()
    cfg = replace(base, neardup=replace(base.neardup, threshold=threshold))
    report = link_corpus(db, cfg=cfg, rebuild=rebuild)
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


@click.command("links")
@click.argument("doc_id", required=False)
@_db
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--side-by-side", is_flag=True, help="Show the aligned passages next to each other.")
@click.option("--width", default=60, show_default=True, help="Column width for --side-by-side.")
def links_cmd(doc_id: str | None, db_path: str, as_json: bool, side_by_side: bool, width: int) -> None:
    """List links (of DOC_ID, or all) and, with --side-by-side, the aligned passages."""
    from dipcorpus.store import links as store
    from dipcorpus.store import queries

    db = _open(db_path)
    if doc_id:
        doc = queries.load_document(db, doc_id)
        if doc is None:
            raise click.ClickException(f"no document {doc_id}")
        doc_id = doc.id
    rows = store.link_rows(db, doc_id)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
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
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def talking_points_cmd(db_path: str, min_docs: int, limit: int, as_json: bool) -> None:
    """Passages repeated across many documents over time (near-duplicate clusters)."""
    from dipcorpus.store import links as store

    rows = store.cluster_rows(_open(db_path), min_docs=min_docs)[:limit]
    if as_json:
        for row in rows:
            row["dates"] = sorted((row["dates"] or "").split(",")) if row["dates"] else []
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        click.echo(
            f"{row['docs']:>4} docs  {row['first'] or '?'} .. {row['last'] or '?'}  {_short(row['text'], 96)}"
        )
    if not rows:
        click.echo(f"no passage repeated in {min_docs} or more documents", err=True)


COMMANDS: list[click.Command] = [link_cmd, links_cmd, talking_points_cmd]
