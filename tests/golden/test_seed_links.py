"""Golden test: links between the seed documents (../shared/seeds, read by path).

The gold (../shared/gold/seeds.json, "links") says 000 and 001 are two translations of one
question and answer, aligned paragraph by paragraph with 001's turns 9 and 10; no other pair of
seeds is linked. Annotation stages whose modules are not there yet are skipped: linking must work
with or without entities.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from dipcorpus.link.linker import LinkConfig, LinkState, features, link_new
from dipcorpus.model import Document

_ANNOTATE = {"annotate.entities.v1": "dipcorpus.annotate.entities",
             "annotate.formulations.v1": "dipcorpus.annotate.formulations"}  # fmt: skip


def _available(name: str) -> bool:
    try:
        importlib.import_module(_ANNOTATE.get(name, "dipcorpus"))
    except ImportError:
        return False
    return True


def _parsed(seeds_dir: Path) -> dict[str, Document]:
    import dipcorpus.stages  # noqa: F401  (registers the built-in stages)
    from dipcorpus.ingest.loaders import read_paths
    from dipcorpus.pipeline import DEFAULT_STAGES, Context, check_order, run

    stages = check_order([n for n in DEFAULT_STAGES if _available(n)])
    docs = {}
    for result in read_paths([seeds_dir]):
        assert result.doc is not None, result.error
        out = run(result.doc, stages, Context())
        assert isinstance(out, Document), out
        docs[Path(out.source).name] = out
    return docs


def test_seed_links_match_gold(seeds_dir: Path, gold: dict[str, Any]) -> None:
    docs = _parsed(seeds_dir)
    cfg = LinkConfig()
    links = link_new([features(d, cfg=cfg) for d in docs.values()], LinkState(cfg), lambda _: None)
    name = {d.id: n for n, d in docs.items()}
    pairs = {frozenset((name[k.a_doc], name[k.b_doc])) for k in links}
    assert pairs == {frozenset((g["a"], g["b"])) for g in gold["links"]}
    for g in gold["links"]:
        a, b = docs[g["a"]], docs[g["b"]]
        rows = [k for k in links if {k.a_doc, k.b_doc} == {a.id, b.id}]
        assert {k.kind for k in rows} == {g["kind"]}
        spans = [(k.a_start, k.b_start) if k.a_doc == a.id else (k.b_start, k.a_start) for k in rows if k.a_start]
        a_starts, b_starts = [s for s, _ in spans], [s for _, s in spans]
        assert len(set(a_starts)) == len(a_starts) == len(set(b_starts)) > 1  # one to one
        assert a_starts == sorted(a_starts) and b_starts == sorted(b_starts)  # monotonic
        b_turns = {t.n for t in b.turns for s in b_starts if t.start <= s < t.end}
        assert b_turns == set(g["b_turns"])
        a_covered = {t.n for t in a.turns for s in a_starts if t.start <= s < t.end}
        assert a_covered == {t.n for t in a.turns}  # the question and the answer
