"""10,000 fuzzed queries (#15): NUL, lone surrogates, invalid UTF-8 (raw bytes in the URL), deep NOT
chains and nesting, odd Unicode, operators in any order. Over the search function on both engines
(FTS5 and tantivy), the HTTP API (search on all; KWIC and timeline on every fifth) and the CLI (every
tenth): 0 tracebacks, 0 HTTP 500, and the engines agree on every query both accept. Slow (a minute
or more): `make test-slow`. The corpus is invented (tests/unit/query/invented_corpus.py)."""

from __future__ import annotations

import os
import random
import sqlite3
import sys
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "query"))
from invented_corpus import make_db

from dipcorpus.index.passages import reindex
from dipcorpus.query.parse import QueryError
from dipcorpus.query.search import search

pytestmark = pytest.mark.slow

COUNT = int(os.environ.get("DIPCORPUS_FUZZ_QUERIES", 10_000))  # fewer for a quick look
ATOMS = ["ocean", "river*", '"silver bridge"', "Zedland", "yonder", "AND", "OR", "NOT", "-", "(", ")", "NEAR/3",
         "NEAR/0", "NEAR/999", "speaker:Lin", "country:ZZA", "org:ORGX", "from:2019", "from:2019-13", "to:abc",
         "lang:en", "lang:zz", "type:speech", "subcorpus:none", "\x00", "\ud800", "\udfff", "中国", "海洋", '"', "*",
         "*ocean", "oc*an", ":", "speaker:", "%", "_", "'", "\\", "\u200b", "\ufeff", "ｏｃｅａｎ", "İstanbul", "ß",
         "\U0001d52c", "\U0001f600", "\r\n", "\t", "\x7f", "\x1b[31m", "NOT(", ")NOT", "--", "-(ocean)",
         '"unclosed', "OR OR", "AND NOT", "NEAR/", "NEAR/x"]  # fmt: skip


def _query(rng: random.Random) -> tuple[str, bytes]:
    """A query as the function sees it, and the bytes of it a URL carries."""
    kind = rng.random()
    if kind < 0.12:
        text = "NOT " * rng.randint(1, 125) + rng.choice(["ocean", "(ocean)", '"silver bridge"', "-ocean", ""])
    elif kind < 0.18:
        depth = rng.randint(1, 240)
        text = "(" * depth + rng.choice(ATOMS) + ")" * rng.choice([depth, depth - 1, depth + 1, 0])
    elif kind < 0.22:
        text = " ".join(rng.choice(["-", "NOT", "-NOT", "NOT -"]) for _ in range(rng.randint(1, 80))) + " ocean"
    elif kind < 0.32:
        top = 0x10FFFF if rng.random() < 0.5 else 0x3000
        text = "".join(chr(rng.randint(0, top)) for _ in range(rng.randint(1, 30)))
    elif kind < 0.42:
        raw = bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 40)))
        if rng.random() < 0.5:
            raw = b"ocean " + raw + b" river"
        return raw.decode("utf-8", "surrogateescape"), raw
    else:
        text = " ".join(rng.choice(ATOMS) for _ in range(rng.randint(1, 15)))
    return text, text.encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    conn = make_db(path=str(tmp_path_factory.mktemp("fuzz10k") / "invented.db"))
    reindex(conn)
    yield conn
    conn.close()


def _run(db: sqlite3.Connection, query: str, engine: str) -> tuple[int, list[tuple[str, int]]] | None:
    try:
        result = search(db, query, limit=50, engine=engine)
    except QueryError:
        return None
    return result.total, sorted((h["doc_id"], h["n"]) for h in result.hits)


def test_ten_thousand_fuzzed_queries(db: sqlite3.Connection) -> None:
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from dipcorpus.api.app import create_app
    from dipcorpus.cli import cli
    from dipcorpus.store.db import database_path

    path = database_path(db)
    rng = random.Random(15)
    tally: Counter[str] = Counter()
    runner = CliRunner()
    with TestClient(create_app(path), raise_server_exceptions=False) as client:
        for k in range(COUNT):
            text, raw = _query(rng)
            fts5 = _run(db, text, "fts5")
            tantivy = _run(db, text, "tantivy")
            tally["fts5 accepted"] += fts5 is not None
            tally["tantivy accepted"] += tantivy is not None
            if fts5 is not None and tantivy is not None:
                tally["both accepted"] += 1
                assert tantivy == fts5, repr(text)
            encoded = urllib.parse.quote_from_bytes(raw, safe="")
            endpoints = [("/api/search", "q", "&facets=false")]
            if k % 5 == 0:  # facets, KWIC and timeline on every fifth
                endpoints = [("/api/search", "q", ""), ("/api/kwic", "q", ""), ("/api/timeline", "target", "")]
            for endpoint, key, extra in endpoints:
                resp = client.get(f"{endpoint}?{key}={encoded}{extra}")
                tally[f"HTTP {resp.status_code}"] += 1
                assert resp.status_code in (200, 400), (endpoint, repr(text), resp.text[:300])
                body: dict[str, Any] = resp.json()
                if resp.status_code == 400:
                    assert body["error"]["code"] and body["error"]["message"], body
                elif endpoint == "/api/search" and fts5 is not None and raw == text.encode("utf-8", "surrogatepass"):
                    assert body["total"] == fts5[0], repr(text)  # the API's engine agrees too
            if k % 10 == 0:
                result = runner.invoke(cli, ["search", text, "--db", path, "--format", "json", "--limit", "5"])
                tally[f"CLI exit {result.exit_code}"] += 1
                assert result.exit_code in (0, 2), (repr(text), result.output[-500:])
                assert result.exception is None or isinstance(result.exception, SystemExit), (
                    repr(text), repr(result.exception))  # fmt: skip
                assert "Traceback" not in result.output, repr(text)
    print(f"\n{COUNT} queries: {dict(sorted(tally.items()))}")
    assert tally["both accepted"] > COUNT // 10  # the fuzz reaches searches, not only refusals
