"""Chinese annotation throughput, rjieba against jieba as the word segmenter, beside English annotation.

Usage:
    python bench/zh_entities_bench.py [--shared ../shared] [--docs 300]

Reads a spread sample of the ministry's Chinese pages (and as many of its English pages) from
../shared/corpus/fmprc_html through the project's loaders and the `ingest.clean.v1` stage, then measures
on the clean text, in MB of text (UTF-8) per CPU-second, which is MB/s per core:
  - zh annotation: `annotate_entities` + `annotate_formulations` on the Chinese pages, with the project's
    segmenter (rjieba, `zh_segment`) and again with jieba cutting the words (`zh_text.segmented_by`);
    target >= 1 MB/s per core; and how often the two segmenters give the same entity and formulation ids;
  - segmentation alone: every run of Chinese characters cut by rjieba and by jieba;
  - en annotation: the same two functions on the English pages (the English path's own speed).
Prints a table and writes bench/results/zh_entities.json (numbers only, no corpus text).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from dipcorpus.annotate.entities import annotate_entities
from dipcorpus.annotate.formulations import annotate_formulations
from dipcorpus.annotate.zh_segment import CJK_RUN, zh_word_spans
from dipcorpus.annotate.zh_text import segmented_by
from dipcorpus.ingest.loaders import read_paths
from dipcorpus.kb import KnowledgeBase, load_kb
from dipcorpus.model import Document
from dipcorpus.pipeline import Context, check_order, run

HERE = Path(__file__).resolve().parent
MB = 1_000_000
TARGET_ZH_MB_S = 1.0


def spread(items: list[Any], n: int) -> list[Any]:
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def load_pages(corpus: Path, lang: str, n: int) -> list[Document]:
    folder = corpus / "fmprc_html"
    rows = [json.loads(line) for line in (folder / "index.jsonl").read_text(encoding="utf-8").splitlines() if line]
    files = sorted(folder / r["file"] for r in rows if r.get("lang") == lang and r["page_type"] != "list")
    stages = check_order(["ingest.clean.v1"])
    docs = []
    for result in read_paths(spread(files, n)):
        if result.doc is not None:
            clean = run(result.doc, stages, Context())
            if isinstance(clean, Document) and clean.text:
                docs.append(clean)
    return docs


def annotate(docs: Iterable[Document], kb: KnowledgeBase) -> tuple[float, list[set[str]]]:
    """CPU seconds for entities + formulations over `docs`, and each document's ids."""
    cpu = 0.0
    ids = []
    for doc in docs:
        t0 = time.process_time()
        entities, _ = annotate_entities(doc.text, kb=kb, date=doc.date)
        forms = annotate_formulations(doc.text, kb=kb)
        cpu += time.process_time() - t0
        ids.append({e.id for e in entities} | {f.id for f in forms})
    return cpu, ids


def jieba_spans() -> Callable[[str], Iterable[tuple[int, int]]]:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()

    def spans(text: str) -> Iterable[tuple[int, int]]:
        for run_ in CJK_RUN.finditer(text):
            base = run_.start()
            for _word, start, end in jieba.tokenize(run_.group()):
                yield base + start, base + end

    return spans


def segment_cpu(texts: list[str], spans: Callable[[str], Iterable[tuple[int, int]]]) -> float:
    t0 = time.process_time()
    for text in texts:
        for _ in spans(text):
            pass
    return time.process_time() - t0


def rate(size: int, cpu: float) -> float:
    return size / MB / cpu if cpu else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    parser.add_argument("--docs", type=int, default=300, help="pages per language")
    args = parser.parse_args(argv)
    corpus = args.shared / "corpus"
    if not (corpus / "fmprc_html").is_dir():
        print(f"no ministry pages under {corpus}", file=sys.stderr)
        return 1
    kb = load_kb()
    zh_docs, en_docs = load_pages(corpus, "zh", args.docs), load_pages(corpus, "en", args.docs)
    annotate([Document(id="w", source="w", format="txt", text="中美关系。China.")], kb)  # build the automata
    zh_size = sum(len(d.text.encode("utf-8")) for d in zh_docs)
    en_size = sum(len(d.text.encode("utf-8")) for d in en_docs)
    zh_cpu, zh_ids = annotate(zh_docs, kb)
    peer = jieba_spans()
    with segmented_by(peer):
        jieba_cpu, jieba_ids = annotate(zh_docs, kb)
    en_cpu, _ = annotate(en_docs, kb)
    texts = [d.text for d in zh_docs]
    same = sum(a == b for a, b in zip(zh_ids, jieba_ids, strict=True))
    differ = sum(len(a ^ b) for a, b in zip(zh_ids, jieba_ids, strict=True))
    out = {
        "zh_docs": len(zh_docs),
        "zh_mb": zh_size / MB,
        "zh_mb_s_per_core_rjieba": rate(zh_size, zh_cpu),
        "zh_mb_s_per_core_jieba": rate(zh_size, jieba_cpu),
        "segment_mb_s_per_core_rjieba": rate(zh_size, segment_cpu(texts, zh_word_spans)),
        "segment_mb_s_per_core_jieba": rate(zh_size, segment_cpu(texts, peer)),
        "same_ids_docs": same,
        "ids_differing": differ,
        "en_docs": len(en_docs),
        "en_mb": en_size / MB,
        "en_mb_s_per_core": rate(en_size, en_cpu),
        "target_zh_mb_s_per_core": TARGET_ZH_MB_S,
    }
    print(f"{'measure':44} {'value':>10}")
    for key, value in out.items():
        print(f"{key:44} {value:>10.3f}" if isinstance(value, float) else f"{key:44} {value:>10}")
    verdict = "meets" if out["zh_mb_s_per_core_rjieba"] >= TARGET_ZH_MB_S else "MISSES"
    print(f"Chinese annotation {verdict} the target of {TARGET_ZH_MB_S} MB/s per core")
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "zh_entities.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
