"""Turn coverage on the ministry's English regular press conferences.

Usage:
    python bench/turns_coverage.py [--shared ../shared] [--limit N] [--json]

Reports, over the English regular press-conference pages of ../shared/corpus/fmprc_html:
  - coverage: the share of pages where `find_turns` found at least one question and one answer;
  - speaker agreement: the share of pages with turns whose answer turns are all attributed to
    the spokesperson named in the page title (index.jsonl `spokesperson`);
  - throughput of find_turns + find_statements + find_points + find_sentences, in MB/s of clean text.

Pages are read and cleaned by the project's ingest stages (`ingest.clean.v1`, `parse.metadata.v1`);
with --trafilatura, by trafilatura instead, bold runs turned into `Document.emphasis` spans.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from dipcorpus.model import Document, Sentence
from dipcorpus.parse.points import find_points
from dipcorpus.parse.sentences import find_sentences
from dipcorpus.parse.statements import find_statements
from dipcorpus.parse.turns import find_turns

_SPOKESPERSON = re.compile(r"Spokesperson ([A-Z][a-z]+ [A-Z][a-z]+)['’]s")


def coverage(docs: Sequence[Document], expected: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Coverage and speaker agreement of parsed `docs` (turns already found).

    `expected` maps a document id to the spokesperson; missing ids fall back to the name in the title.
    """
    expected = expected or {}
    with_turns, agree, checked, misses = 0, 0, 0, []
    for doc in docs:
        roles = {turn.role for turn in doc.turns}
        if {"question", "answer"} <= roles:
            with_turns += 1
        else:
            misses.append(doc.source)
            continue
        m = _SPOKESPERSON.search(doc.title or "")
        want = expected.get(doc.id) or (m.group(1) if m else None)
        if not want:
            continue
        checked += 1
        answerers = {turn.speaker for turn in doc.turns if turn.role == "answer"}
        if answerers == {want}:
            agree += 1
    n = len(docs)
    return {
        "pages": n,
        "with_turns": with_turns,
        "coverage": round(with_turns / n, 4) if n else 0.0,
        "checked": checked,
        "speaker_agreement": round(agree / checked, 4) if checked else 0.0,
        "missed": misses[:20],
    }


def parse_all(docs: Sequence[Document]) -> tuple[list[Document], float]:
    """Run the parse stages over `docs`; return the results and the throughput in MB/s."""
    stages: list[Callable[[Document], Document]] = [find_turns, find_statements, find_points, find_sentences]
    size = sum(len(doc.text.encode("utf-8")) for doc in docs)
    began = time.perf_counter()
    out = []
    for doc in docs:
        for stage in stages:
            doc = stage(doc)
        out.append(doc)
    seconds = time.perf_counter() - began
    return out, (size / 1e6) / seconds if seconds else 0.0


def _bold_to_spans(marked: str) -> tuple[str, tuple[Sentence, ...]]:
    parts, spans, pos, bold_from = [], [], 0, None
    for piece in re.split(r"(\*\*)", marked):
        if piece == "**":
            if bold_from is None:
                bold_from = pos
            else:
                spans.append(Sentence(start=bold_from, end=pos))
                bold_from = None
            continue
        parts.append(piece)
        pos += len(piece)
    return "".join(parts), tuple(spans)


def _load_fallback(path: Path, row: Mapping[str, Any]) -> Document:
    import trafilatura

    html = path.read_text(encoding="utf-8", errors="replace")
    marked = trafilatura.extract(html, include_formatting=True) or ""
    marked = re.sub(r"\n+", "\n\n", marked.strip())
    text, emphasis = _bold_to_spans(marked)
    title = str(row.get("title") or "")
    shift = len(title) + 2
    return Document(
        id=str(row["file"]), source=str(path), format="html", text=f"{title}\n\n{text}",
        title=title, language=str(row.get("lang") or "en"),
        emphasis=tuple(Sentence(start=s.start + shift, end=s.end + shift) for s in emphasis),
    )  # fmt: skip


def _load_ingest(path: Path) -> Document | None:
    """The page read and cleaned by the project's own ingest and clean stages, with metadata."""
    from dipcorpus.ingest.loaders import read_paths
    from dipcorpus.pipeline import Context, check_order, run

    stages = check_order(("ingest.clean.v1", "parse.metadata.v1"))
    for result in read_paths([path]):
        if result.doc is not None:
            out = run(result.doc, stages, Context())
            return out if isinstance(out, Document) else None
    return None


def load_pages(
    shared: Path, limit: int | None, *, fallback: bool = False
) -> tuple[list[Document], dict[str, str]]:
    base = shared / "corpus" / "fmprc_html"
    rows = [json.loads(line) for line in (base / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r.get("lang") == "en" and r.get("kind") == "regular_press_conference"]
    rows = rows[:limit] if limit else rows
    docs, expected = [], {}
    for row in rows:
        path = base / row["file"]
        doc = _load_fallback(path, row) if fallback else _load_ingest(path)
        if doc is None:
            continue
        docs.append(doc)
        if row.get("spokesperson"):
            expected[doc.id] = row["spokesperson"]
    return docs, expected


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--trafilatura", action="store_true", help="read pages with trafilatura, not ingest")
    args = ap.parse_args(argv)
    docs, expected = load_pages(Path(args.shared), args.limit, fallback=args.trafilatura)
    parsed, mb_s = parse_all(docs)
    result = coverage(parsed, expected)
    result["parse_mb_per_s"] = round(mb_s, 2)
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / "turns_coverage.json").write_text(json.dumps(result, indent=1) + "\n")
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        for key, value in result.items():
            print(f"{key:18} {value}", file=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
