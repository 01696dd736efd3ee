"""The derived tantivy index of the passages (`<db>.tantivy/` next to the database), and the compiler
from the query AST to a tantivy query with the same hits as the FTS5 path.

The SQLite FTS5 index stays the reference: this folder is rebuilt from the `passages` table by
`dipcorpus reindex` (`build`), updated by `index_documents` (`update`), and used only while its stamp
matches the database (`open_fresh`); otherwise search falls back to FTS5 and says so on stderr.

Same tokens as FTS5: the text is folded in Python with a table read from SQLite's own `unicode61
remove_diacritics 2` tokenizer (every code point probed once, stored as `fold.json`), so tantivy's
regex tokenizer only has to split at ASCII punctuation and spaces. Both engines read a passage with
Chinese characters as `store.search_text.index_text` marks it (each Chinese character a token), and
`tokens` splits a query the same way. Filters are term, regex and range queries over raw and fast
fields, never SQL joins.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import shutil
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

from dipcorpus.annotate.zh_segment import CJK_RUN
from dipcorpus.index.passages import normalise
from dipcorpus.query.language import language_code
from dipcorpus.query.parse import ENTITY_KINDS, And, Filter, Near, Node, Not, Or, Phrase, Term, _is_text
from dipcorpus.store import search as store
from dipcorpus.store.backend import is_pg
from dipcorpus.store.search_text import index_text

__all__ = [
    "Handle",
    "Unsupported",
    "build",
    "compile_node",
    "fold",
    "index_path",
    "is_fresh",
    "open_fresh",
    "tokens",
    "update",
]

log = logging.getLogger("dipcorpus.search")

FORMAT = 3  # bump when the schema or the folding changes: older folders are then stale
TOKENIZER = "fts5"
_ASCII_SEP = r"\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f"
_TOKEN = re.compile(f"[^{_ASCII_SEP}\\s]+")
NO_DATE_ASC, NO_DATE_DESC = 1 << 63, 0
FACETS = ("event_type", "speaker", "country")  # fast fields `facet_<name>` (see query/tantivy_facets.py)
DATE_MAX = (1 << 62) - 1


# --- folding: FTS5 unicode61 remove_diacritics 2, read from SQLite itself ----------------------------


def probe_fold_table() -> dict[int, str]:
    """Code point → folded text (' ' for a separator, '' for a removed mark) for every non-ASCII
    code point the running SQLite's FTS5 tokenizer does not keep as it is (about ten seconds)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(text, tokenize='unicode61 remove_diacritics 2')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, instance)")
    cps = [cp for cp in range(0x80, 0x110000) if not 0xD800 <= cp < 0xE000]
    rows = [cps[i : i + 2000] for i in range(0, len(cps), 2000)]
    probes = ((n, " ".join(f"q{chr(c)}q" for c in row)) for n, row in enumerate(rows))
    db.executemany("INSERT INTO f(rowid, text) VALUES (?, ?)", probes)
    found = {(doc, off): term for term, doc, off in db.execute("SELECT term, doc, offset FROM v")}
    db.close()
    table: dict[int, str] = {}
    for n, row in enumerate(rows):
        off = 0
        for cp in row:
            token = found[(n, off)]
            if token == "q":  # 'q', 'q': the probe split the word
                table[cp], off = " ", off + 2
                continue
            if token[1:-1] != chr(cp):
                table[cp] = token[1:-1]
            off += 1
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp).lower()
    return table


@functools.cache
def _fold_table(path: str) -> dict[int, str]:
    data = json.loads((Path(path) / "fold.json").read_text(encoding="utf-8"))
    return {int(k): v for k, v in data.items()}


_probed: dict[int, str] | None = None


def _probed_table() -> dict[int, str]:
    global _probed
    if _probed is None:
        _probed = probe_fold_table()
    return _probed


def fold(text: str, table: dict[int, str]) -> str:
    """`text` lower-cased and folded as FTS5 does, non-ASCII separators turned into spaces."""
    return text.lower() if text.isascii() else text.translate(table)


def tokens(text: str, table: dict[int, str]) -> list[str]:
    """The FTS5 tokens of `text` as the index reads it (each Chinese character a token)."""
    return _TOKEN.findall(fold(index_text(text) or text, table))


# --- keys of filter fields ---------------------------------------------------------------------------


def ascii_lower(value: str) -> str:
    """What SQLite's NOCASE, LIKE and lower() compare: only ASCII letters are folded."""
    return value.translate(_ASCII_LOWER)


_ASCII_LOWER = {cp: cp + 32 for cp in range(ord("A"), ord("Z") + 1)}


def date_key(value: str) -> tuple[int, bool]:
    """An order-preserving (never inverting) key of a date string's first 10 characters, and whether
    those characters are all plain (code points 1-62: digits, '-', ':', ' '), which makes it exact."""
    key, exact = 0, True
    for i in range(10):
        code = ord(value[i]) if i < len(value) else 0
        if code >= 63:
            code, exact = 63, False
        key = key * 64 + code
        if not exact:
            key = key * 64 ** (9 - i)
            break
    return key, exact


def _type_key(value: str | None) -> str:
    return ascii_lower((value or "").replace("_", " ").replace("-", " "))


def language_key(value: str) -> str:
    """The primary subtag of a document's language, as `store.search.LANGUAGE_SQL` reads it."""
    return ascii_lower(value.strip(" ").replace("_", "-").split("-")[0])


# --- the folder ---------------------------------------------------------------------------------------


def index_path(db: sqlite3.Connection) -> Path | None:
    """`<db file>.tantivy`, or None for an in-memory or temporary database; for a PostgreSQL
    database, its folder under $DIPCORPUS_INDEX_DIR (default: the user's cache folder)."""
    if is_pg(db):
        from dipcorpus.store.pg import index_folder

        return index_folder(db)
    for row in db.execute("PRAGMA database_list"):
        if row[1] == "main":
            return Path(row[2] + ".tantivy") if row[2] else None
    return None  # pragma: no cover


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("text", tokenizer_name=TOKENIZER, index_option="position")
    sb.add_unsigned_field("pid", indexed=True, fast=True)
    for name in ("doc", "doc_l", "speaker", "outlet", "role", "type", "lang", "tag"):
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("date_asc", fast=True)
    sb.add_unsigned_field("date_desc", fast=True)
    for name in FACETS:  # the values facets count, as `store.browse.facets` reads them ('=' + value)
        sb.add_text_field(f"facet_{name}", tokenizer_name="raw", index_option="basic", fast=True)
    return sb.build()


def _open_index(path: Path) -> tantivy.Index:
    index = tantivy.Index(_schema(), path=str(path), reuse=True)
    analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(f"[^{_ASCII_SEP}\\s]+")).build()
    index.register_tokenizer(TOKENIZER, analyzer)
    return index


def _document(row: dict[str, Any], table: dict[int, str]) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("text", fold(row["text"], table))
    doc.add_unsigned("pid", row["id"])
    doc.add_text("doc", row["doc_id"])
    doc.add_text("doc_l", ascii_lower(row["doc_id"]))
    for name in ("speaker", "outlet"):
        if row[name] is not None:
            doc.add_text(name, ascii_lower(row[name]))
    if row["role"] is not None:
        doc.add_text("role", ascii_lower(row["role"]))
    if row["event_type"] is not None:
        doc.add_text("type", _type_key(row["event_type"]))
    if row["language"] is not None:
        doc.add_text("lang", language_key(row["language"]))
    for kind, key in row["tags"]:
        doc.add_text("tag", f"{kind}:{key}")
        if kind == "country":
            doc.add_text("facet_country", "=" + key)
    doc.add_text("facet_event_type", "=" + (row["event_type"] if row["event_type"] is not None else "unknown"))
    if row["speaker"] is not None:
        doc.add_text("facet_speaker", "=" + row["speaker"])
    date = row["date"]
    doc.add_unsigned("date_asc", NO_DATE_ASC if date is None else date_key(date)[0])
    doc.add_unsigned("date_desc", NO_DATE_DESC if date is None else date_key(date)[0])
    return doc


def _stamp(db: sqlite3.Connection, odd_dates: int) -> dict[str, Any]:
    return {"format": FORMAT, "sqlite": sqlite3.sqlite_version, "fingerprint": store.fingerprint(db),
            "odd_dates": odd_dates}  # fmt: skip


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def _add(writer: tantivy.IndexWriter, rows: Iterable[dict[str, Any]], table: dict[int, str]) -> tuple[int, int]:
    count = odd = 0
    for row in rows:
        writer.add_document(_document(row, table))
        count += 1
        odd += row["date"] is not None and not date_key(row["date"])[1]
    return count, odd


def build(db: sqlite3.Connection, path: Path | None = None, *, threads: int = 0) -> dict[str, int]:
    """Rebuild the tantivy folder from the passages table (into a new folder, then swapped in)."""
    path = path or index_path(db)
    if path is None:
        return {}
    tmp = path.with_name(path.name + ".new")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    table = _probed_table()
    _write_json(tmp / "fold.json", {str(k): v for k, v in table.items()})
    index = _open_index(tmp)
    writer = index.writer(heap_size=256_000_000, num_threads=threads)
    count, odd = _add(writer, store.passages_for_index(db), table)
    writer.commit()
    writer.wait_merging_threads()
    _write_json(tmp / "stamp.json", _stamp(db, odd))
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    tmp.rename(path)
    shutil.rmtree(old, ignore_errors=True)
    _HANDLES.pop(str(path), None)
    return {"tantivy_passages": count}


def is_fresh(db: sqlite3.Connection, path: Path) -> bool:
    return _read_stamp(path).get("fingerprint") == store.fingerprint(db)


def update(db: sqlite3.Connection, doc_ids: Sequence[str], *, fresh_before: bool) -> bool:
    """Replace the passages of `doc_ids` in the folder, if it was up to date before they changed
    in SQLite (`fresh_before`). Returns whether the folder is up to date now."""
    path = index_path(db)
    if path is None or not fresh_before or not doc_ids:
        return False
    try:
        index = _open_index(path)
        writer = index.writer(heap_size=50_000_000, num_threads=1)
    except (ValueError, OSError) as exc:  # another process is writing it: it stays stale
        log.warning("search: could not update the tantivy index at %s (%s); it is stale now", path, exc)
        return False
    for doc_id in doc_ids:
        writer.delete_documents_by_term("doc", doc_id)
    _, odd = _add(writer, store.passages_for_index(db, doc_ids), _fold_table(str(path)))
    writer.commit()
    writer.wait_merging_threads()
    stamp = _read_stamp(path)
    _write_json(path / "stamp.json", _stamp(db, int(stamp.get("odd_dates", 0)) + odd))
    return True


def _read_stamp(path: Path) -> dict[str, Any]:
    try:
        data = json.loads((path / "stamp.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


# --- reading --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Handle:
    """An open, up-to-date tantivy folder."""

    path: Path
    index: tantivy.Index
    schema: tantivy.Schema
    table: dict[int, str]
    stamp: dict[str, Any]

    def searcher(self) -> tantivy.Searcher:
        return self.index.searcher()


_HANDLES: dict[str, Handle] = {}
# id(connection) → (the connection, what `_versions` said when the folder was found fresh through it, the
# handle); the connection is held so that its id is not reused, and the oldest entries are dropped
_CHECKED: OrderedDict[int, tuple[sqlite3.Connection, tuple[Any, ...] | None, Handle]] = OrderedDict()
CHECKED_CONNECTIONS = 64
_CHECKED_LOCK = threading.Lock()  # a server's threads ask at once
_LOGGED: set[tuple[str, str]] = set()


def _versions(db: sqlite3.Connection, path: Path) -> tuple[Any, ...] | None:
    """What changes whenever the corpus or the folder may have: SQLite's data_version (a commit by any
    other connection), this connection's count of changed rows (its own writes, committed or not),
    and the stamp file's (mtime, size, inode) (a rebuilt or updated folder). None on PostgreSQL,
    which has no such counter: the folder is checked on every call."""
    data_version = store.data_version(db)
    if data_version is None:
        return None
    try:
        info = os.stat(path / "stamp.json")
        stamp: tuple[int, int, int] | None = (info.st_mtime_ns, info.st_size, info.st_ino)
    except OSError:
        stamp = None
    return (str(path), data_version, db.total_changes, stamp)


def _fallback(path: Path | None, reason: str) -> None:
    key = (str(path), reason)
    if key not in _LOGGED:
        _LOGGED.add(key)
        log.warning("search: %s; using SQLite FTS5 (run `dipcorpus reindex` to rebuild it)", reason)


def open_fresh(db: sqlite3.Connection) -> Handle | None:
    """The tantivy folder of `db` when it exists and matches the database, else None (logged once)."""
    path = index_path(db)
    if path is None:
        _fallback(path, "no tantivy index for a database without a file")
        return None
    # Found fresh through this connection before and nothing changed since: no need to read the stamp
    # and fingerprint the FTS5 index again (a server's pooled connections ask on every request).
    versions = _versions(db, path)
    with _CHECKED_LOCK:
        checked = _CHECKED.get(id(db))
    if versions is not None and checked is not None and checked[0] is db and checked[1] == versions:
        return checked[2]
    if not (path / "stamp.json").exists():
        _fallback(path, f"no tantivy index at {path}")
        return None
    stamp = _read_stamp(path)
    if stamp.get("fingerprint") != store.fingerprint(db) or stamp.get("sqlite") != sqlite3.sqlite_version:
        _fallback(path, f"the tantivy index at {path} is stale")
        return None
    handle = _HANDLES.get(str(path))
    if handle is None or handle.stamp != stamp:
        index = _open_index(path)
        index.reload()
        handle = Handle(path, index, index.schema, _fold_table(str(path)), stamp)
        _HANDLES[str(path)] = handle
    with _CHECKED_LOCK:
        _CHECKED[id(db)] = (db, versions, handle)
        _CHECKED.move_to_end(id(db))
        while len(_CHECKED) > CHECKED_CONNECTIONS:
            _CHECKED.popitem(last=False)
    return handle


# --- compiling the AST ------------------------------------------------------------------------------------


class Unsupported(Exception):
    """A query part tantivy cannot answer with the FTS5 semantics (the FTS5 path is used)."""


Q = tantivy.Query
_MUST, _SHOULD, _NOT = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot


def _regex_escape(value: str) -> str:
    return "".join(c if c.isascii() and c.isalnum() else f"\\x{{{ord(c):x}}}" for c in value)


def _words(h: Handle, text: str, *, prefix: bool = False) -> tantivy.Query:
    words = tokens(text, h.table)
    if not words:
        return Q.empty_query()
    if prefix and CJK_RUN.fullmatch(words[-1]):  # a Chinese character is a whole token: `中国*` is `中国`
        prefix = False
    if prefix:
        if len(words) > 1:  # tantivy's phrase-prefix query caps its expansions; FTS5 does not
            raise Unsupported("a prefix on a word with separators")
        return Q.regex_query(h.schema, "text", _regex_escape(words[0]) + ".*")
    if len(words) == 1:
        return Q.term_query(h.schema, "text", words[0])
    return Q.phrase_query(h.schema, "text", list[str | tuple[int, str]](words))


def _near(h: Handle, node: Near) -> tantivy.Query:
    words = [tokens(i.text, h.table) for i in node.items]
    if len(words) != 2 or any(len(w) != 1 for w in words) or words[0] == words[1]:
        raise Unsupported("NEAR other than between two different single words")
    if any(isinstance(i, Term) and i.prefix for i in node.items):
        raise Unsupported("NEAR with a prefix")
    a, b = words[0][0], words[1][0]
    return Q.boolean_query([
        (_SHOULD, Q.phrase_query(h.schema, "text", list[str | tuple[int, str]]([a, b]), slop=node.distance)),
        (_SHOULD, Q.phrase_query(h.schema, "text", list[str | tuple[int, str]]([b, a]), slop=node.distance)),
    ])  # fmt: skip


def _node(h: Handle, node: Node, db: sqlite3.Connection) -> tantivy.Query:
    if isinstance(node, Term):
        return _words(h, node.text, prefix=node.prefix)
    if isinstance(node, Phrase):
        return _words(h, node.text)
    if isinstance(node, Near):
        return _near(h, node)
    if isinstance(node, Not):
        return Q.boolean_query([(_MUST, Q.all_query()), (_NOT, _node(h, node.item, db))])
    if isinstance(node, And):
        return Q.boolean_query(
            [(_NOT, _node(h, i.item, db)) if isinstance(i, Not) else (_MUST, _node(h, i, db)) for i in node.items]
            + ([(_MUST, Q.all_query())] if all(isinstance(i, Not) for i in node.items) else [])
        )
    if isinstance(node, Or):
        return Q.boolean_query([(_SHOULD, _node(h, i, db)) for i in node.items])
    if isinstance(node, Filter):
        return _filter(h, node, db)
    raise TypeError(node)  # pragma: no cover


def _filter(h: Handle, node: Filter, db: sqlite3.Connection) -> tantivy.Query:
    field, value = node.field, node.value
    if field in ("speaker", "outlet"):  # LIKE '%value%'
        return Q.regex_query(h.schema, field, "(?s).*" + _regex_escape(ascii_lower(value)) + ".*")
    if field == "doc":  # LIKE 'value%'
        return Q.regex_query(h.schema, "doc_l", _regex_escape(ascii_lower(value)) + "(?s).*")
    if field == "role":
        return Q.term_query(h.schema, field, ascii_lower(value))
    if field == "lang":
        return Q.term_query(h.schema, field, language_code(value))
    if field == "type":
        return Q.term_query(h.schema, "type", _type_key(value))
    if field in ("from", "to"):
        if h.stamp.get("odd_dates"):
            raise Unsupported("dates that are not ISO strings")
        key, _ = date_key(value)
        if field == "from":
            low, high = key, DATE_MAX
        else:
            low, high = 0, key + 64 ** (10 - len(value)) - 1  # every date starting with value
        return Q.range_query(h.schema, "date_asc", tantivy.FieldType.Unsigned, low, high)
    kinds = list(ENTITY_KINDS) if field == "entity" else [field]
    keys = store.variant_keys(db, kinds, normalise(value))
    terms = [f"{kind}:{key}" for kind in kinds for key in keys]
    if len(terms) == 1:
        return Q.term_query(h.schema, "tag", terms[0], index_option="basic")
    return Q.term_set_query(h.schema, "tag", terms)


def compile_node(h: Handle, node: Node, db: sqlite3.Connection) -> tuple[tantivy.Query, bool]:
    """The tantivy query of `node`, and whether it is scored (it has a text part, as in
    `parse.compile_query`: filters and the other non-text parts add no score)."""
    items = list(node.items) if isinstance(node, And) else [node]
    text = [i for i in items if _is_text(i)]
    negative = [i for i in items if isinstance(i, Not) and _is_text(i.item)]
    rest = [i for i in items if i not in text and i not in negative]
    if not text:
        return _node(h, node, db), False
    clauses = [(_MUST, _node(h, i, db)) for i in text]
    clauses += [(_NOT, _node(h, i.item, db)) for i in negative]
    clauses += [(_MUST, Q.const_score_query(_node(h, i, db), 0.0)) for i in rest]
    return (clauses[0][1] if len(clauses) == 1 else Q.boolean_query(clauses)), True
