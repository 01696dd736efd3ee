"""Entity + formulation annotation throughput, side by side with spaCy's NER, and country agreement.

Usage:
    python bench/entities_bench.py [--shared ../shared] [--per-source 120 | --limit N] [--spacy-mb 3] [--examples 8]

Reads a spread sample of ../shared/corpus (English fmprc pages, State Department rows, White House
briefings, UN General Debate speeches) through the project's loaders and the `ingest.clean.v1`
stage, then measures on the clean text:
  - ours: `annotate_entities` + `annotate_formulations`, MB of clean text (UTF-8) per CPU-second,
    which is MB/s per core; target >= 2;
  - spaCy: the small English pipeline with only `ner` (`nlp.pipe`), on the first `--spacy-mb` MB
    of the same documents, and ours on exactly those documents for the speed ratio;
  - countries: per document, our set of ISO3 countries vs the countries spaCy's GPE/NORP spans
    name once mapped through the KB's country names, aliases and adjectives (capitals are not
    mapped: a capital is a place unless it speaks for the government). Precision/recall/F1 of ours
    with spaCy as the reference, and the reverse, over (document, country) pairs.
Prints a table and the most frequent disagreements with a little context (stdout only), and writes
bench/results/entities.json (numbers and ids only, no corpus text).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from dipcorpus.annotate.entities import annotate_entities
from dipcorpus.annotate.formulations import annotate_formulations
from dipcorpus.ingest.loaders import read_paths
from dipcorpus.kb import KnowledgeBase, alias_key, load_kb
from dipcorpus.model import Document
from dipcorpus.pipeline import Context, check_order, run

HERE = Path(__file__).resolve().parent
MB = 1_000_000
TARGET_MB_S = 2.0


def spread(items: list[Any], n: int) -> list[Any]:
    """`n` items evenly spaced over `items` (all of them when there are fewer)."""
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def sample_paths(corpus: Path, per_source: int) -> dict[str, list[Path]]:
    index = corpus / "fmprc_html" / "index.jsonl"
    rows = [json.loads(line) for line in index.read_text(encoding="utf-8").splitlines() if line.strip()]
    fmprc = sorted(
        corpus / "fmprc_html" / r["file"] for r in rows if r.get("lang") == "en" and r["page_type"] != "list"
    )
    return {
        "fmprc": spread(fmprc, per_source),
        "wh_briefings": spread(sorted((corpus / "wh_briefings" / "press-briefings").rglob("*.md")), per_source),
        "ungdc": spread(sorted((corpus / "ungdc").rglob("*.txt")), per_source),
        "state_dept": [corpus / "state_dept" / "state_press_releases.jsonl"],
    }


def load_docs(paths: dict[str, list[Path]], per_source: int) -> list[tuple[str, Document]]:
    stages = check_order(["ingest.clean.v1"])
    out: list[tuple[str, Document]] = []
    for source, files in paths.items():
        loaded = [r.doc for r in read_paths(files) if r.doc is not None]
        for doc in spread(loaded, per_source):
            clean = run(doc, stages, Context())
            if isinstance(clean, Document) and clean.text and _english(clean.text):
                out.append((source, clean))
    return out


def _english(text: str) -> bool:
    sample = text[:4000]
    return sum(c.isascii() for c in sample) >= 0.9 * len(sample)


def time_ours(docs: list[tuple[str, Document]], kb: KnowledgeBase) -> tuple[dict[str, Any], list[set[str]]]:
    annotate_entities("warm up: China.", kb=kb)
    annotate_formulations("warm up", kb=kb)
    by_source: dict[str, list[float]] = {}
    countries = []
    for source, doc in docs:
        t0 = time.process_time()
        entities, _ = annotate_entities(doc.text, kb=kb, date=doc.date)
        annotate_formulations(doc.text, kb=kb)
        cpu = time.process_time() - t0
        size = len(doc.text.encode("utf-8"))
        row = by_source.setdefault(source, [0.0, 0.0, 0.0])
        row[0] += size
        row[1] += cpu
        row[2] += 1
        countries.append({e.id for e in entities if e.type == "country"})
    table = {
        s: {"docs": int(n), "mb": b / MB, "cpu_s": c, "mb_s_per_core": b / MB / c} for s, (b, c, n) in by_source.items()
    }
    total = sum(r[0] for r in by_source.values())
    total_cpu = sum(r[1] for r in by_source.values())
    table["all"] = {"docs": len(docs), "mb": total / MB, "cpu_s": total_cpu, "mb_s_per_core": total / MB / total_cpu}
    return table, countries


def country_names(kb: KnowledgeBase) -> dict[str, str]:
    """alias_key(name) -> ISO3 for every country name, alias and adjective."""
    names: dict[str, str] = {}
    for ent in kb.of_type("country"):
        for name in (ent.name, *ent.aliases, *ent.adjectives):
            names.setdefault(alias_key(name), ent.id)
    return names


def spacy_countries(text: str, spans: list[Any], names: dict[str, str]) -> tuple[set[str], dict[str, str]]:
    found: dict[str, str] = {}
    for span in spans:
        surface = text[span.start : span.end]
        key = alias_key(re.sub(r"^(?:the|The)\s+|['’]s$", "", surface))
        iso = names.get(key) or names.get(key.rstrip("s"))  # "Chinese", "Americans" -> "American"
        if iso:
            found.setdefault(iso, surface)
    return set(found), found


def prf(pred: list[set[str]], gold: list[set[str]]) -> dict[str, float]:
    tp = sum(len(p & g) for p, g in zip(pred, gold, strict=True))
    n_pred = sum(len(p) for p in pred)
    n_gold = sum(len(g) for g in gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "tp": tp,
        "pred": n_pred,
        "ref": n_gold,
    }


def run_spacy(
    docs: list[tuple[str, Document]], ours: list[set[str]], kb: KnowledgeBase, budget_mb: float, examples: int
) -> dict[str, Any]:
    try:
        from dipcorpus.annotate.ner import load_ner, ner_spans
    except ImportError as exc:  # pragma: no cover - the module itself needs no spaCy
        return {"error": str(exc)}
    try:
        nlp = load_ner()
    except Exception as exc:
        return {"error": str(exc)}
    nlp("Warm up in Paris with the French side.")
    picked, size = [], 0
    for i, (_, doc) in enumerate(docs):
        if size >= budget_mb * MB:
            break
        picked.append(i)
        size += len(doc.text.encode("utf-8"))
    t0 = time.process_time()
    spans = [ner_spans(docs[i][1].text, nlp, labels=("GPE", "NORP")) for i in picked]
    spacy_cpu = time.process_time() - t0
    t0 = time.process_time()
    for i in picked:
        annotate_entities(docs[i][1].text, kb=kb, date=docs[i][1].date)
        annotate_formulations(docs[i][1].text, kb=kb)
    ours_cpu = time.process_time() - t0
    names = country_names(kb)
    theirs, surfaces = [], []
    for i, sp in zip(picked, spans, strict=True):
        found, surface = spacy_countries(docs[i][1].text, sp, names)
        theirs.append(found)
        surfaces.append(surface)
    mine = [ours[i] for i in picked]
    agreement = {"ours_vs_spacy": prf(mine, theirs), "spacy_vs_ours": prf(theirs, mine)}
    _print_disagreements(docs, picked, mine, theirs, surfaces, kb, examples)
    return {
        "docs": len(picked),
        "mb": size / MB,
        "spacy_cpu_s": spacy_cpu,
        "spacy_mb_s_per_core": size / MB / spacy_cpu,
        "ours_cpu_s": ours_cpu,
        "ours_mb_s_per_core": size / MB / ours_cpu,
        "speed_ratio": spacy_cpu / ours_cpu,
        "countries": agreement,
        "disagreements": _disagreement_counts(mine, theirs),
    }


def _disagreement_counts(mine: list[set[str]], theirs: list[set[str]]) -> dict[str, list[tuple[str, int]]]:
    only_ours = Counter(c for m, t in zip(mine, theirs, strict=True) for c in m - t)
    only_spacy = Counter(c for m, t in zip(mine, theirs, strict=True) for c in t - m)
    return {"only_ours": only_ours.most_common(15), "only_spacy": only_spacy.most_common(15)}


def _print_disagreements(
    docs: list[tuple[str, Document]],
    picked: list[int],
    mine: list[set[str]],
    theirs: list[set[str]],
    surfaces: list[dict[str, str]],
    kb: KnowledgeBase,
    examples: int,
) -> None:
    """A few disagreements with context, to stdout only (never into the results file)."""
    shown = 0
    print("\nsome disagreements (ours vs spaCy):")
    for i, m, t, surface in zip(picked, mine, theirs, surfaces, strict=True):
        source, doc = docs[i]
        for iso in sorted(m ^ t):
            if shown >= examples:
                return
            who = "only ours " if iso in m else "only spaCy"
            needle = surface.get(iso) if iso in t else _our_surface(doc, kb, iso)
            pos = doc.text.find(needle) if needle else -1
            context = " ".join(doc.text[max(0, pos - 60) : pos + 60].split()) if pos >= 0 else ""
            print(f"  {who} {iso} [{source}] {needle!r}: …{context}…")
            shown += 1


def _our_surface(doc: Document, kb: KnowledgeBase, iso: str) -> str:
    entities, _ = annotate_entities(doc.text, kb=kb, date=doc.date)
    return next((doc.text[e.start : e.end] for e in entities if e.id == iso), "")


def print_table(ours: dict[str, Any], spacy: dict[str, Any]) -> None:
    print(f"{'source':14} {'docs':>5} {'MB':>7} {'CPU s':>7} {'MB/s/core':>10}")
    for source, row in ours.items():
        print(f"{source:14} {int(row['docs']):5d} {row['mb']:7.2f} {row['cpu_s']:7.2f} {row['mb_s_per_core']:10.2f}")
    verdict = "meets" if ours["all"]["mb_s_per_core"] >= TARGET_MB_S else "MISSES"
    print(f"ours {verdict} the target of {TARGET_MB_S} MB/s per core")
    if "error" in spacy:
        print(f"spaCy: skipped ({spacy['error']})")
        return
    print(
        f"\nsame {spacy['docs']} documents ({spacy['mb']:.2f} MB):"
        f" spaCy ner {spacy['spacy_mb_s_per_core']:.3f} MB/s/core,"
        f" ours {spacy['ours_mb_s_per_core']:.2f} MB/s/core, ours is {spacy['speed_ratio']:.0f}x faster"
    )
    print(f"\n{'countries':16} {'P':>6} {'R':>6} {'F1':>6} {'tp/pred/ref':>16}")
    for name, row in spacy["countries"].items():
        counts = f"{row['tp']}/{row['pred']}/{row['ref']}"
        print(f"{name:16} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} {counts:>16}")
    print(f"most frequent only-ours: {spacy['disagreements']['only_ours'][:8]}")
    print(f"most frequent only-spaCy: {spacy['disagreements']['only_spacy'][:8]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    parser.add_argument("--per-source", type=int, default=120, help="documents per source")
    parser.add_argument("--limit", type=int, default=None, help="documents in all (sets --per-source to a quarter)")
    parser.add_argument("--spacy-mb", type=float, default=3.0, help="MB of text for the spaCy side")
    parser.add_argument("--examples", type=int, default=10, help="disagreements to print")
    args = parser.parse_args(argv)
    corpus = args.shared / "corpus"
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 1
    if args.limit:
        args.per_source = max(args.limit // 4, 1)
    kb = load_kb()
    docs = load_docs(sample_paths(corpus, args.per_source), args.per_source)
    # interleave the sources so the spaCy sample (a prefix) covers all four
    docs = [d for _, d in sorted(enumerate(docs), key=lambda p: _rank(docs, p[0]))]
    ours, countries = time_ours(docs, kb)
    spacy = run_spacy(docs, countries, kb, args.spacy_mb, args.examples)
    print()
    print_table(ours, spacy)
    out = {
        "mb_s_per_core": ours["all"]["mb_s_per_core"],
        "speed_ratio": spacy.get("speed_ratio"),  # spaCy ner CPU time / ours, same documents
        "countries_f1": spacy.get("countries", {}).get("ours_vs_spacy", {}).get("f1"),
        "ours": ours,
        "spacy": spacy,
        "target_mb_s_per_core": TARGET_MB_S,
        "per_source": args.per_source,
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "entities.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


def _rank(docs: list[tuple[str, Document]], i: int) -> tuple[int, str]:
    source = docs[i][0]
    nth = sum(1 for s, _ in docs[:i] if s == source)
    return (nth, source)


if __name__ == "__main__":
    sys.exit(main())
