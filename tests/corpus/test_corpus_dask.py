"""A slice of ../shared/corpus ingested on a two-worker LocalCluster exports what a local run does (slow)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipcorpus.batch import ingest
from dipcorpus.ingest.loaders import iter_files
from dipcorpus.store.db import connect
from support.exports import all_exports

distributed = pytest.importorskip("distributed")

SOURCES = ("fmprc_html", "kremlin", "ungdc", "wh_briefings", "wh_obama")


@pytest.mark.slow
def test_corpus_slice_on_dask_exports_the_same_as_a_local_run(shared: Path, tmp_path: Path) -> None:
    from dipcorpus.batch_dask import local_cluster

    files = []
    for source in SOURCES:  # every k-th file of each source, 12 each: English and Chinese, five layouts
        found = sorted(iter_files([shared / "corpus" / source]))
        files += found[:: max(len(found) // 12, 1)][:12]
    local = connect(tmp_path / "local.db")
    local_report = ingest(local, files)
    on_dask = connect(tmp_path / "dask.db")
    with local_cluster(2) as cluster, distributed.Client(cluster) as client:
        dask_report = ingest(on_dask, files, dask=client)
    assert [(i.source, i.status, i.doc_id, i.error) for i in dask_report.items] == [
        (i.source, i.status, i.doc_id, i.error) for i in local_report.items
    ]
    assert dask_report.counts().get("ingested", 0) > 40
    assert all_exports(on_dask) == all_exports(local)
