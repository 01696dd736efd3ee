"""Furniture and template lines make no near-duplicate link; the stored index links incrementally as
a rebuild does, also when a line becomes furniture between runs; the numpy MinHash equals datasketch's
(invented documents)."""

from __future__ import annotations

import random
import sqlite3

import numpy as np

from dipcorpus.link.linker import LinkConfig, LinkState, features, link_new
from dipcorpus.link.minhash import band_keys, signatures
from dipcorpus.link.passages import source_group
from dipcorpus.linking import link_corpus
from dipcorpus.store import links as store
from dipcorpus.store import queries
from unit.link.invented_texts import HARBOUR, ORCHESTRA, RAILWAY, VACCINE, doc

# invented: a sign-off line that closes every release of one ministry
SIGN_OFF = (
    "For further information journalists may call the duty officer of the press section on the usual "
    "number during office hours, or write to the press section at its usual address."
)
# invented: a daily bulletin filled with other numbers each day
BULLETIN = (
    "Today the consular section issued {a} visas, answered {b} calls from citizens abroad, registered {c} "
    "new residents and closed {d} cases, according to the daily report of the section."
)

# invented: filler paragraphs, each a different sentence, so no two documents share one
_WORDS = [
    "garden",
    "lantern",
    "copper",
    "meadow",
    "orbit",
    "pepper",
    "quarry",
    "ribbon",
    "saddle",
    "timber",
    "velvet",
    "walnut",
]


def _unique(i: int) -> str:
    rng = random.Random(i)
    return " ".join(rng.choice(_WORDS) + str(i) for _ in range(20)) + "."


def _release(i: int, *extra: str) -> object:
    return doc(f"r{i:02d}", [_unique(i), *extra, SIGN_OFF], date=f"2021-03-{i + 1:02d}")


def _link(*docs):  # type: ignore[no-untyped-def]
    cfg = LinkConfig()
    state = LinkState(cfg)
    return link_new([features(d, cfg=cfg) for d in docs], state, lambda _: None)


def test_signatures_equal_datasketch() -> None:
    from datasketch import MinHash

    rng = random.Random(3)
    sets = [{rng.getrandbits(32) for _ in range(rng.randrange(0, 120))} for _ in range(40)]
    ours = signatures(sets)
    for s, row in zip(sets, ours, strict=True):
        m = MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=int)
        m.update_batch(sorted(s))
        assert np.array_equal(np.asarray(m.hashvalues, dtype=np.uint32), row)
    keys = band_keys(ours)
    assert keys.shape == (40, 21) and len({int(k) for k in keys[0]}) == 21


def test_source_group_folds_dated_folders_and_export_rows() -> None:
    assert source_group("/c/briefings/2021-05/a.md") == source_group("/c/briefings/2022-01/b.md") == "/c/briefings"
    assert source_group("/c/state/releases.jsonl#12") == "/c/state/releases.jsonl"


def test_furniture_line_makes_no_link_but_real_repeats_do() -> None:
    docs = [_release(i) for i in range(9)]  # the sign-off is in 9 documents of one group (≥ 3)
    docs.append(doc("x1", [_unique(50), HARBOUR, SIGN_OFF]))
    docs.append(doc("x2", [_unique(51), HARBOUR, RAILWAY]))
    links = _link(*docs)
    assert {(k.a_doc, k.b_doc) for k in links if k.a_start is not None} == {("x1", "x2")}


def test_below_the_furniture_count_the_line_still_links() -> None:
    links = _link(*[_release(i) for i in range(2)])  # a long line in two documents: a republished passage
    assert len([k for k in links if k.a_start is not None]) == 1


def test_a_short_line_in_two_documents_is_furniture() -> None:
    contact = "Journalists with questions may write to the press section of the ministry at its usual address."
    assert _link(doc("a", [_unique(1), contact]), doc("b", [_unique(2), contact])) == []


def test_same_template_other_numbers_is_not_a_near_duplicate() -> None:
    a = doc("a", [BULLETIN.format(a=312, b=1045, c=87, d=230), VACCINE])
    b = doc("b", [BULLETIN.format(a=298, b=1177, c=64, d=251), ORCHESTRA])
    c = doc("c", [BULLETIN.format(a=312, b=1045, c=87, d=230), RAILWAY])  # the same numbers: a duplicate
    assert [k for k in _link(a, b) if k.a_start is not None] == []
    links = [k for k in _link(a, c) if k.a_start is not None]
    assert [(k.a_doc, k.b_doc, k.kind) for k in links] == [("a", "c", "near duplicate")]


def _save(db: sqlite3.Connection, docs) -> None:  # type: ignore[no-untyped-def]
    for d in docs:
        queries.save_document(db, d, path=d.source, data=d.text.encode())


def _links(db: sqlite3.Connection) -> list[tuple[object, ...]]:
    return sorted((tuple(r.values()) for r in queries.export_rows(db, "links")), key=repr)


def test_incremental_equals_rebuild_when_a_line_becomes_furniture(fresh_db: sqlite3.Connection) -> None:
    docs = [_release(i, HARBOUR if i % 3 == 0 else VACCINE) for i in range(6)]
    _save(fresh_db, docs[:2])
    link_corpus(fresh_db)  # 2 documents carry the sign-off: not furniture yet, so it links them
    assert any(k[4] is not None and k[2] == "near duplicate" for k in _links(fresh_db))
    _save(fresh_db, docs[2:])
    second = link_corpus(fresh_db)  # now 6 carry it: the first two are linked again without it
    assert second.linked == 4 and second.relinked == 2
    incremental, clusters = _links(fresh_db), store.cluster_rows(fresh_db)
    rebuilt = link_corpus(fresh_db, rebuild=True)
    assert rebuilt.rebuilt and _links(fresh_db) == incremental
    assert store.cluster_rows(fresh_db) == clusters
    texts = {r["a_text"] for r in store.link_rows(fresh_db) if r["a_text"]}
    assert SIGN_OFF not in texts and HARBOUR in texts


def test_shingle_arrays_equal_one_by_one() -> None:
    from dipcorpus.link.text import shingle_array, shingle_arrays

    rng = random.Random(5)
    texts = [[rng.choice(_WORDS) for _ in range(rng.choice([0, 1, 2, 3, 4, 40]))] for _ in range(60)]
    for batch, one in zip(shingle_arrays(texts), [shingle_array(t) for t in texts], strict=True):
        assert np.array_equal(batch, one)
