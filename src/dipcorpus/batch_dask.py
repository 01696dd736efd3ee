"""Run a batch's loading and stages on Dask workers (`dipcorpus ingest --dask ADDRESS`).

The work is `batch.process_file`, as with `--jobs`; only where it runs changes. Files are grouped in
chunks of about the same size, a few chunks per worker are in flight at a time (so memory stays
bounded and the main process stores while the workers compute), and the results come back in file
order, so the main process stores them exactly as a local run would: the same ids, versions and
exports. A chunk whose task fails (its worker died, or the task raised) is tried again file by file;
a file that still fails is reported with E206 and the batch goes on.

Workers read the files themselves: on a cluster of several machines they need the same paths (a
shared file system) and the same dipcorpus version (docs/scaling.md).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dipcorpus import pipeline
from dipcorpus.errors import DipcorpusError, E
from dipcorpus.ingest.loaders import Columns, LoadLimits, format_of, path_text
from dipcorpus.model import Document

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

    from dipcorpus.batch import _Processed

__all__ = ["chunks", "connected", "local_cluster", "parse_address", "processed", "warm"]

_HINT = "pip install 'dipcorpus[dask]'"
_IN_FLIGHT_PER_WORKER = 4  # chunks submitted ahead per worker: enough to keep it busy, few enough to bound memory
_CHUNKS_PER_WORKER = 8  # a batch is cut in at least this many chunks per worker, so the last ones end together
_MIN_CHUNK, _MAX_CHUNK = 32 * 1024, 1024 * 1024  # bytes of input per chunk
_MAX_CHUNK_FILES = 64


def parse_address(address: str) -> int | str:
    """`local:N` (or `local`: one worker per core) → the number of local workers; anything else is
    the address of a running scheduler (`tcp://host:8786`)."""
    if address == "local":
        return os.cpu_count() or 1
    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"--dask local:N needs a number of workers ≥ 1, not {count!r}")
        return int(count)
    return address


@contextmanager
def connected(address: str | Client) -> Iterator[Client]:
    """A client of the scheduler at `address`, or of a local cluster of worker processes (one thread
    each: the stages are CPU-bound Python) started for the batch and closed after it. A client given
    as it is (tests, a notebook's own cluster) is used and left open."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise DipcorpusError(E.E207, package="dask[distributed]", hint=_HINT) from exc
    if not isinstance(address, str):
        yield address
        return
    target = parse_address(address)
    if isinstance(target, str):
        with Client(target) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    with local_cluster(target) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


def local_cluster(workers: int, *, processes: bool = True) -> LocalCluster:
    """A cluster on this machine: `workers` processes of one thread each (the stages are CPU-bound
    Python), quiet, with no dashboard, and its HTTP server on a free loopback port (not 8787, which
    another cluster may hold). Its monitors tick less often than Dask's defaults (`_UPKEEP`)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(_UPKEEP):
        return LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        )


# Dask's event-loop tick (20 ms), memory monitor (100 ms) and system monitor (500 ms) cost this process
# and each worker about 3% of a core while a batch runs; at these intervals 0.6% here, 1.6% per worker
# (bench/dask_bench.py, idle_cpu). They only feed diagnostics and the memory limit's reaction time.
_UPKEEP = {
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


def chunks(files: Sequence[Path], *, workers: int) -> list[list[Path]]:
    """`files` in order, cut into runs of about the same number of bytes: at least
    `_CHUNKS_PER_WORKER` per worker, each between `_MIN_CHUNK` and `_MAX_CHUNK` bytes."""
    sizes = [_size(path) for path in files]
    target = min(max(sum(sizes) // (workers * _CHUNKS_PER_WORKER), _MIN_CHUNK), _MAX_CHUNK)
    out: list[list[Path]] = []
    run: list[Path] = []
    held = 0
    for path, size in zip(files, sizes, strict=True):
        run.append(path)
        held += size
        if held >= target or len(run) >= _MAX_CHUNK_FILES:
            out.append(run)
            run, held = [], 0
    if run:
        out.append(run)
    return out


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # the worker's read reports it
        return 0


def processed(
    client: Client,
    files: Sequence[Path],
    stage_names: Sequence[str],
    options: dict[str, Any],
    limits: LoadLimits,
    columns: Columns,
) -> Iterator[list[_Processed]]:
    """What `batch.process_file` gives for each file, in file order, computed on the workers. Up to
    `_IN_FLIGHT_PER_WORKER` chunks per worker are submitted ahead of the one being stored; their results
    are fetched as they finish (while this process stores), and held until their turn."""
    from distributed import as_completed

    workers = max(len(client.scheduler_info().get("workers", {})), 1)
    args = (list(stage_names), options, limits, columns)
    groups = chunks(files, workers=workers)
    arrived = as_completed(with_results=True, raise_errors=False)  # type: ignore[no-untyped-call]
    turn: dict[Future[Any], int] = {}
    ready: dict[int, tuple[Future[Any], Any]] = {}
    submitted = 0
    for n, group in enumerate(groups):
        for ahead in range(submitted, min(n + _IN_FLIGHT_PER_WORKER * workers, len(groups))):
            future = client.submit(process_chunk, groups[ahead], *args, pure=False)
            turn[future] = ahead
            arrived.add(future)  # type: ignore[no-untyped-call]
            submitted = ahead + 1
        while n not in ready:
            future, result = next(arrived)
            ready[turn.pop(future)] = (future, result)
        future, result = ready.pop(n)
        future.release()  # type: ignore[no-untyped-call]
        if isinstance(result, list):  # else the error's (type, exception, traceback), or a CancelledError
            yield from result
        else:
            yield from _alone(client, group, result[1] if isinstance(result, tuple) else result, args)


def process_chunk(
    paths: list[Path], stage_names: list[str], options: dict[str, Any], limits: LoadLimits, columns: Columns
) -> list[list[_Processed]]:
    """The task a worker runs: `batch.process_file` on each path of a chunk."""
    from dipcorpus.batch import process_file

    return [process_file(path, stage_names, options, limits, columns) for path in paths]


def _alone(
    client: Client, group: list[Path], exc: BaseException, args: tuple[list[str], dict[str, Any], LoadLimits, Columns]
) -> list[list[_Processed]]:
    """A failed chunk's files, each tried again in a task of its own; E206 for a file that fails again."""
    if len(group) == 1:
        return [[_lost(group[0], exc, args[2])]]
    out = []
    for path, future in [(path, client.submit(process_chunk, [path], *args, pure=False)) for path in group]:
        try:
            out.append(future.result()[0])
        except Exception as again:  # the task raised, or its worker was lost: never the batch's end
            out.append([_lost(path, again, args[2])])
        finally:
            future.release()  # type: ignore[no-untyped-call]
    return out


def _lost(path: Path, exc: BaseException, limits: LoadLimits) -> _Processed:
    from dipcorpus.batch import _Processed

    fmt = format_of(path.name)
    if fmt == "unknown" and limits.unknown_as:
        fmt = limits.unknown_as
    label = path_text(path)
    said = str(exc)
    reason = E.E206.format(reason=f"{type(exc).__name__}: {said[:300]}{' …' if len(said) > 300 else ''}")
    return _Processed(source=label, path=label, format=fmt, doc=None, data=b"", error=reason, warnings=())


def warm(client: Client, stage_names: Sequence[str], options: dict[str, Any]) -> None:
    """Load what the stages load once per process (word lists, the knowledge base, the segmenter)
    on every worker, so the batch's first chunks are not slower than the rest. A worker that fails
    here fails each file's task the same way, and those failures are reported file by file."""
    workers = list(client.scheduler_info().get("workers", {}))
    futures = [
        client.submit(_warm_worker, list(stage_names), options, workers=[w], allow_other_workers=False, pure=False)
        for w in workers
    ]
    client.gather(futures, errors="skip")  # type: ignore[no-untyped-call]


_WARM_TEXTS = (  # invented, one per script the stages read
    "Invented text. Q: Will the minister visit Berlin on 3 May 2024? A: The Foreign Minister said the talks "
    "were constructive and that both sides support peaceful reunification.",
    "虚构文本。问：外交部长是否将访问柏林？答：双方同意加强合作，坚持一个中国原则。",
)


def _warm_worker(stage_names: list[str], options: dict[str, Any]) -> None:
    stages = pipeline.check_order(stage_names)
    ctx = pipeline.Context(options=options)
    for n, text in enumerate(_WARM_TEXTS):
        pipeline.run(_invented(n, text), stages, ctx)


def _invented(n: int, text: str) -> Document:
    from dipcorpus.ingest.textmap import identity_map

    return Document(id=f"warm{n}", source=f"warm{n}.txt", format="txt", raw=text, text=text, offsets=identity_map(text))
