"""`ingest --dask`: the same corpus as a local run, the same coded errors, a failed task never the batch's end.

One `distributed.LocalCluster` of two worker processes serves the module (started once, a few seconds)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dipcorpus import batch, pipeline
from dipcorpus.batch_dask import chunks, local_cluster, parse_address
from dipcorpus.model import Document
from dipcorpus.store.db import connect
from support.exports import all_exports

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """Two worker processes with one thread each, as `--dask local:2` starts them."""
    with local_cluster(2) as cluster, distributed.Client(cluster) as dask_client:
        yield dask_client


def outcomes(report: batch.IngestReport) -> list[tuple[str, str, str, str | None, str | None]]:
    return [(item.source, item.format, item.status, item.doc_id, item.error) for item in report.items]


def test_seeds_on_dask_export_the_same_as_a_local_run(client: Any, seeds_db: Path, seeds_dir: Path) -> None:
    db = connect(":memory:")
    report = batch.ingest(db, [seeds_dir], dask=client)
    assert not report.failed, report.to_dict()["failed"]
    local = connect(seeds_db)
    assert all_exports(db) == all_exports(local)
    assert all_exports(db)["documents"], "the seeds were stored"


def invented_batch(folder: Path) -> Path:
    """Invented files: two documents, one of them twice (a duplicate), an empty file, a binary one."""
    folder.mkdir()
    speech = "Invented text. The minister said on 4 March 2021 that the talks in Geneva were useful.\n"
    (folder / "a.txt").write_text(speech, encoding="utf-8")
    (folder / "b.txt").write_text("Invented text. Q: Is the visit on? A: It is.\n", encoding="utf-8")
    (folder / "c.txt").write_text(speech, encoding="utf-8")
    (folder / "d.txt").write_bytes(b"")
    (folder / "e.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (folder / "f.html").write_text("<html><body><p>Invented page.</p>\n<p>Second paragraph here.</p></body></html>")
    return folder


def test_statuses_and_coded_errors_are_those_of_a_local_run(client: Any, tmp_path: Path) -> None:
    folder = invented_batch(tmp_path / "in")
    local = batch.ingest(connect(":memory:"), [folder], link=False)
    on_dask = batch.ingest(connect(":memory:"), [folder], link=False, dask=client)
    assert outcomes(on_dask) == outcomes(local)
    assert {item.error[:4] for item in on_dask.failed if item.error} == {"E101", "E102"}
    assert [item.status for item in on_dask.items].count("duplicate") == 1


def test_a_second_run_through_the_scheduler_address_finds_the_files_unchanged(client: Any, tmp_path: Path) -> None:
    """The second run connects as `--dask tcp://HOST:PORT` does, by the scheduler's address."""
    folder = invented_batch(tmp_path / "in")
    db = connect(tmp_path / "c.db")
    first = batch.ingest(db, [folder], link=False, dask=client)
    assert first.counts() == {"ingested": 3, "duplicate": 1, "failed": 2}
    address = client.scheduler.address
    assert address.startswith("tcp://")
    again = batch.ingest(db, [folder], link=False, dask=address)
    assert again.counts() == {"unchanged": 4, "failed": 2}  # c.txt too: its path holds those bytes


def test_a_stage_the_workers_do_not_know_fails_each_file_with_e206(client: Any, tmp_path: Path) -> None:
    """A plugin stage registered only in this process: every task fails on the workers, each file is tried
    alone and reported with E206 naming the reason, and the batch ends normally."""
    folder = invented_batch(tmp_path / "in")

    @pipeline.register("test.here-only.v1")
    def here_only(doc: Document, ctx: pipeline.Context) -> Document:
        return doc

    try:
        report = batch.ingest(connect(":memory:"), [folder], stage_names=["test.here-only.v1"], dask=client)
    finally:
        pipeline._REGISTRY.pop("test.here-only.v1")
    assert len(report.items) == 6
    assert all(item.status == "failed" for item in report.items)
    for item in report.items:
        assert item.error is not None and item.error.startswith("E206: "), item
        assert "test.here-only.v1" in item.error
    assert [item.source for item in report.items] == sorted(str(p) for p in folder.iterdir())


def test_one_bad_file_fails_alone_and_the_rest_are_stored_in_order(tmp_path: Path, monkeypatch: Any) -> None:
    """A chunk whose task raises is tried again file by file: only the file that raises again is lost (E206).
    Workers in this process (threads), so that the patched `process_file` is the one they run."""
    folder = invented_batch(tmp_path / "in")
    real = batch.process_file

    def flaky(path: Path, *args: Any) -> list[Any]:
        if path.name == "b.txt":
            raise RuntimeError("worker fell over")
        return real(path, *args)

    local = batch.ingest(connect(":memory:"), [folder], link=False)
    monkeypatch.setattr(batch, "process_file", flaky)
    with local_cluster(1, processes=False) as cluster, distributed.Client(cluster) as threads:
        on_dask = batch.ingest(connect(":memory:"), [folder], link=False, dask=threads)
    expected = [
        (s, f, "failed", None, "E206: processing this file on a Dask worker failed, also when tried alone: "
         "RuntimeError: worker fell over") if s.endswith("b.txt") else (s, f, st, d, e)
        for s, f, st, d, e in outcomes(local)
    ]  # fmt: skip
    assert outcomes(on_dask) == expected


def test_chunks_keep_the_order_and_cut_by_size(tmp_path: Path) -> None:
    files = []
    for n, size in enumerate([10, 50_000, 10, 10, 70_000, 10]):
        path = tmp_path / f"{n}.txt"
        path.write_bytes(b"x" * size)
        files.append(path)
    cut = chunks(files, workers=2)
    assert [p for group in cut for p in group] == files
    assert [len(group) for group in cut] == [2, 3, 1]  # each chunk closes once it holds ≥ 32 KB


def test_addresses() -> None:
    assert parse_address("local:3") == 3
    assert parse_address("tcp://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert isinstance(parse_address("local"), int)
    for bad in ("local:0", "local:two", "local:"):
        with pytest.raises(ValueError, match="local:N"):
            parse_address(bad)


def test_without_the_dask_extra_the_batch_stops_at_once_with_e207(tmp_path: Path, monkeypatch: Any) -> None:
    import sys

    from dipcorpus.errors import DipcorpusError

    folder = invented_batch(tmp_path / "in")
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    db = connect(":memory:")
    with pytest.raises(DipcorpusError, match=r"E207: .*dask\[distributed\].*pip install 'dipcorpus\[dask\]'"):
        batch.ingest(db, [folder], dask="local:2")
    assert batch.queries.count_documents(db) == 0


def test_cli_refuses_a_bad_address_and_dask_with_jobs(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dipcorpus.cli import cli

    folder = invented_batch(tmp_path / "in")
    db = str(tmp_path / "c.db")
    bad = CliRunner().invoke(cli, ["ingest", str(folder), "--db", db, "--dask", "local:zero"])
    assert bad.exit_code == 2 and "local:N" in bad.output
    both = CliRunner().invoke(cli, ["ingest", str(folder), "--db", db, "--dask", "local:2", "--jobs", "2"])
    assert both.exit_code == 2 and "--jobs" in both.output
