"""Subcorpora: named, saved queries (a speaker, a period, a type, a language ... any query) usable
wherever a query is, as `subcorpus:NAME`, and as either side of keyness. A query names one by
`subcorpus:NAME`; the parser reads it as the saved query in parentheses. The definitions live in
the corpus (table `subcorpora`); `load(db)` makes a corpus's definitions the ones queries see (the
CLI, the Python API and the server call it when they open a corpus)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from types import MappingProxyType

from dipcorpus.query.parse import QueryError, parse
from dipcorpus.store import subcorpora as store

__all__ = ["active", "delete", "load", "save"]

_NAME = re.compile(r"^[\w][\w.-]{0,63}$")
_ACTIVE: dict[str, str] = {}


def active() -> Mapping[str, str]:
    """The definitions queries expand now (name → query)."""
    return MappingProxyType(_ACTIVE)


def load(db: sqlite3.Connection) -> dict[str, str]:
    """Make the subcorpora saved in `db` the ones queries expand; return them."""
    try:
        found = store.all_subcorpora(db)
    except sqlite3.OperationalError:  # a corpus from before subcorpora (not migrated, read-only)
        found = {}
    _use(found)
    return found


def _use(definitions: dict[str, str]) -> None:
    """Make `definitions` the active ones in one step (the server's threads read them meanwhile)."""
    global _ACTIVE
    _ACTIVE = definitions


def save(db: sqlite3.Connection, name: str, query: str) -> None:
    """Save `query` as subcorpus `name` (replacing one of that name). The query must parse, and may
    use other subcorpora but not itself."""
    if not _NAME.match(name):
        raise QueryError(f"a subcorpus name is letters, digits, '.', '-' or '_' (at most 64), not {name!r}")
    before = load(db)
    _use({**before, name: query})  # the new definition may name subcorpora, itself included (refused)
    try:
        parse(query)
    except QueryError:
        _use(before)
        raise
    store.save_subcorpus(db, name, query)


def delete(db: sqlite3.Connection, name: str) -> bool:
    removed = store.delete_subcorpus(db, name)
    load(db)
    return removed
