"""`dipcorpus speakers`: the canonical speakers of a corpus and the printed labels merged into each."""

from __future__ import annotations

import click

from dipcorpus.cli_search import _FORMAT, _db_option, _emit, _open

__all__ = ["COMMANDS"]


@click.command("speakers")
@_db_option
@click.option("--questions", is_flag=True, help="Count question turns too (their speakers are outlets).")
@click.option("--limit", type=int, default=None, help="Show at most this many speakers.")
@_FORMAT
def speakers_cmd(db_path: str, questions: bool, limit: int | None, fmt: str) -> None:
    """Canonical speakers (speaker_id and name) with their turn, statement and document counts, and
    the labels printed for them ('MR PRICE | Ned Price'), most turns first."""
    from dipcorpus.store.speakers import speaker_list

    rows = speaker_list(_open(db_path, index_new=False), questions=questions, limit=limit)
    _emit(rows, fmt, ["id", "name", "turns", "statements", "documents", "printed"], title="speakers")


COMMANDS: list[click.Command] = [speakers_cmd]
