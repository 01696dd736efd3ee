"""`dipcorpus collocates`, `ngrams`, `wordlist`, `dispersion`: the corpus-linguistics tools of
`query/wordstats.py` on the command line, each with --format table|csv|json|jsonl."""

from __future__ import annotations

import json

import click

from dipcorpus.cli import db_option, output_options
from dipcorpus.cli_search import QueryCommand, _call, _emit, _open

__all__ = ["COMMANDS"]


@click.command("collocates", cls=QueryCommand)
@click.argument("query")
@db_option
@click.option("--left", default=5, show_default=True, help="Words before the match in the window.")
@click.option("--right", default=5, show_default=True, help="Words after the match in the window.")
@click.option("--measure", type=click.Choice(["logdice", "mi", "tscore"]), default="logdice", show_default=True)
@click.option("--min-count", default=3, show_default=True, help="Least co-occurrences f(xy) a collocate needs.")
@click.option("--stopwords", "stop", is_flag=True, help="Leave out stop words (stopwords-iso lists).")
@click.option("--limit", default=50, show_default=True)
@output_options
def collocates_cmd(
    query: str, db_path: str, left: int, right: int, measure: str, min_count: int, stop: bool, limit: int,
    fmt: str,
) -> None:  # fmt: skip
    """Words that occur near QUERY's matches, ranked by logDice, MI or t-score (Sketch Engine's formulas)."""
    from dipcorpus.query.wordstats import MAX_PASSAGES, collocates

    db = _open(db_path)
    result = _call(collocates, db, query, left=left, right=right, measure=measure, min_count=min_count,
                   stop=stop, limit=limit)  # fmt: skip
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    sampled = f" in {result['passages']} passages, {MAX_PASSAGES} of them read" if result["sampled"] else ""
    title = (f"collocates of {query} ({result['nodes']} matches{sampled}; window {left}L {right}R; "
             f"{result['tokens']} corpus words; by {measure})")  # fmt: skip
    _emit(result["rows"], fmt, ["word", "f_xy", "f_y", "logdice", "mi", "tscore"], title=title)


@click.command("ngrams", cls=QueryCommand)
@db_option
@click.option("-n", "n", default=2, show_default=True, help="Words per n-gram (1 to 6).")
@click.option("--query", "query", default=None, help="Count only in the passages this query matches.")
@click.option("--min-count", default=2, show_default=True)
@click.option("--keep-stopwords", is_flag=True, help="Keep n-grams that start or end with a stop word.")
@click.option("--limit", default=100, show_default=True)
@output_options
def ngrams_cmd(
    db_path: str, n: int, query: str | None, min_count: int, keep_stopwords: bool, limit: int, fmt: str
) -> None:
    """The most frequent n-grams (clusters) of the corpus or of a query's passages."""
    from dipcorpus.query.wordstats import ngrams

    rows = _call(ngrams, _open(db_path), n=n, query=query, min_count=min_count, stop=not keep_stopwords, limit=limit)
    _emit(rows, fmt, ["ngram", "count", "per_10k", "documents"], title=f"{n}-grams")


@click.command("wordlist", cls=QueryCommand)
@db_option
@click.option("--query", "query", default=None, help="Count only in the passages this query matches.")
@click.option("--min-count", default=1, show_default=True)
@click.option("--keep-stopwords", is_flag=True, help="Keep stop words (stopwords-iso lists).")
@click.option("--limit", default=100, show_default=True)
@output_options
def wordlist_cmd(db_path: str, query: str | None, min_count: int, keep_stopwords: bool, limit: int, fmt: str) -> None:
    """Words by frequency, with their rate per 10,000 words and document count."""
    from dipcorpus.query.wordstats import wordlist

    rows = _call(wordlist, _open(db_path), query=query, min_count=min_count, stop=not keep_stopwords, limit=limit)
    _emit([{"word": r["ngram"], **r} for r in rows], fmt, ["word", "count", "per_10k", "documents"], title="words")


@click.command("dispersion", cls=QueryCommand)
@click.argument("query")
@db_option
@click.option("--limit", default=50, show_default=True, help="Documents listed (all count in DP and D).")
@output_options
def dispersion_cmd(query: str, db_path: str, limit: int, fmt: str) -> None:
    """Where QUERY's matches fall in each document (a text plot) and how evenly across the corpus
    (Gries' DP, Juilland's D)."""
    from dipcorpus.query.wordstats import dispersion

    result = _call(dispersion, _open(db_path), query)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    rows = [{**d, "plot": _strip(d["positions"])} for d in result["by_document"][:limit]]
    title = (f"{query}: {result['hits']} matches in {result['documents_with_hits']} of {result['documents']} "
             f"documents; DP {result['dp']}, Juilland's D {result['juilland_d']}")  # fmt: skip
    _emit(rows, fmt, ["date", "title", "hits", "words", "plot"], title=title)


def _strip(positions: list[float], width: int = 40) -> str:
    """A one-line dispersion plot: a bar per match along the document."""
    cells = ["·"] * width
    for p in positions:
        cells[min(width - 1, int(p * width))] = "|"
    return "".join(cells)


COMMANDS: list[click.Command] = [collocates_cmd, ngrams_cmd, wordlist_cmd, dispersion_cmd]
