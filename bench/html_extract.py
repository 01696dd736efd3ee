"""Speed of `extract_html` against `trafilatura.extract` over all fmprc pages (issue #2).

Usage: python bench/html_extract.py [--shared ../shared]
Prints a table and writes bench/results/html_extract.json (nothing else is written).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import trafilatura

from dipcorpus.ingest.html import extract_html
from dipcorpus.model import raw_offset

HERE = Path(__file__).resolve().parent


def _time(name: str, fn, pages: list[str]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for page in pages:
        fn(page)
    secs = time.perf_counter() - start
    mb = sum(len(p.encode("utf-8")) for p in pages) / 1e6
    return {
        "name": name,
        "seconds": round(secs, 3),
        "mb_per_s": round(mb / secs, 3),
        "pages_per_s": round(len(pages) / secs, 1),
    }


def _quality(rows: list[dict[str, object]], pages: list[str]) -> dict[str, float]:
    titled = title_ok = chars = exact = 0
    for row, page in zip(rows, pages, strict=True):
        x = extract_html(page)
        if row["page_type"] == "article":
            titled += 1
            title_ok += x.title == row["title"]
        for p in range(0, len(x.text), 7):  # a sample of positions
            if not x.text[p].isspace():
                chars += 1
                exact += page[raw_offset(x.offsets, p)] == x.text[p]
    return {
        "title_agreement": round(title_ok / max(titled, 1), 4),
        "offset_exact": round(exact / max(chars, 1), 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    args = parser.parse_args()
    base = Path(args.shared) / "corpus" / "fmprc_html"
    if not (base / "index.jsonl").is_file():
        print(f"no corpus at {base}", file=sys.stderr)
        return 1
    rows = [
        json.loads(line) for line in (base / "index.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]
    pages = [(base / r["file"]).read_text(encoding="utf-8", errors="replace") for r in rows]
    extract_html(pages[0])  # warm imports (htmldate, trafilatura) outside the timing
    trafilatura.extract(pages[0])
    results = [
        _time("extract_html", extract_html, pages),
        _time("extract_html (no htmldate)", lambda p: extract_html(p, date_fallback=False), pages),
        _time("trafilatura.extract", trafilatura.extract, pages),
    ]
    quality = _quality(rows, pages)
    print(f"{len(pages)} pages, {sum(len(p.encode()) for p in pages) / 1e6:.1f} MB")
    print(f"{'extractor':30} {'MB/s':>8} {'pages/s':>8} {'seconds':>8}")
    for r in results:
        print(f"{r['name']:30} {r['mb_per_s']:8.2f} {r['pages_per_s']:8.1f} {r['seconds']:8.2f}")
    print(f"title agreement {quality['title_agreement']:.2%}, offset exactness {quality['offset_exact']:.2%}")
    out = HERE / "results" / "html_extract.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"pages": len(pages), "results": results, **quality}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
