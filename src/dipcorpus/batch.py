"""Run a batch: load every file under some paths, run the stages, store each document.

Loading and the stages run in worker processes when `jobs > 1`, or on Dask workers when `dask`
names a cluster (`batch_dask.py`): they are pure functions of a file's bytes. Storing happens in
this process, in file order, one transaction per document, so a failure never leaves half a
document behind, the rest of the batch goes on, and where the work ran changes nothing stored.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dipcorpus import pipeline
from dipcorpus.ingest.loaders import Columns, LoadLimits, LoadResult, iter_files, read_paths
from dipcorpus.model import Document
from dipcorpus.store import queries
from dipcorpus.store.db import database_path

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["IngestReport", "ItemResult", "ingest", "process_file"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemResult:
    source: str
    format: str
    status: str  # ingested | new version | unchanged | duplicate | failed
    doc_id: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()
    chars: int = 0
    raw_bytes: int = 0


@dataclass(slots=True)
class IngestReport:
    items: list[ItemResult] = field(default_factory=list)
    linked: int = 0  # documents linked to the corpus after storing

    def counts(self) -> dict[str, int]:
        return dict(Counter(item.status for item in self.items))

    def by_format(self) -> dict[str, dict[str, int]]:
        table: dict[str, Counter[str]] = {}
        for item in self.items:
            table.setdefault(item.format, Counter())[item.status] += 1
        return {fmt: dict(c) for fmt, c in sorted(table.items())}

    @property
    def failed(self) -> list[ItemResult]:
        return [i for i in self.items if i.status == "failed"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "by_format": self.by_format(),
            "failed": [{"source": i.source, "format": i.format, "reason": i.error} for i in self.failed],
            "warnings": [{"source": i.source, "warning": w} for i in self.items for w in i.warnings],
            "linked": self.linked,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class _Processed:
    source: str
    path: str
    format: str
    doc: Document | None
    data: bytes
    error: str | None
    warnings: tuple[str, ...]


def process_file(
    path: Path, stage_names: Sequence[str], options: dict[str, Any], limits: LoadLimits, columns: Columns
) -> list[_Processed]:
    """Load one file (all its documents, for archives and exports) and run the stages on each."""
    stages = pipeline.check_order(stage_names)
    ctx = pipeline.Context(options=options)
    out = []
    for result in read_paths([path], limits=limits, columns=columns):
        doc, error = result.doc, result.error
        if doc is not None:
            processed = pipeline.run(doc, stages, ctx)
            if isinstance(processed, pipeline.Rejected):
                doc, error = None, processed.reason
            elif not processed.text.strip():
                doc, error = None, "E110: no text left after cleaning"
            else:
                doc = processed
        out.append(
            _Processed(
                source=result.source,
                path=result.path or result.source,
                format=result.format,
                doc=doc,
                data=result.data,
                error=error,
                warnings=result.warnings,
            )
        )
    return out


def _store_key(item: _Processed) -> str:
    """The version key: the file path, or path#row / archive!member for documents inside a file."""
    return item.source


def ingest(
    db: sqlite3.Connection,
    paths: Sequence[Path],
    *,
    stage_names: Sequence[str] = pipeline.DEFAULT_STAGES,
    options: dict[str, Any] | None = None,
    limits: LoadLimits | None = None,
    columns: Columns | None = None,
    jobs: int = 1,
    dask: str | Client | None = None,
    on_item: Callable[[ItemResult], None] | None = None,
    index: bool = True,
    link: bool = True,
    on_phase: Callable[[str, int | None], None] | None = None,
    on_file: Callable[[], None] | None = None,
) -> IngestReport:
    """Ingest every file under `paths` into `db`; report what was stored, unchanged or failed.

    Then bring the derived data up to every stored document, by difference (`heal_index`,
    `needs_linking`): the search index (`index`) and the links (`link`), whether the documents were
    stored now or by an earlier run that was killed; both can be rebuilt (`reindex`, `link --rebuild`).
    `dask` (an address, `local:N`, or a client) runs loading and the stages on Dask workers instead
    of `jobs` local processes; the result is the same.
    `on_phase(name, total)` is told when a phase starts (total files, or None), `on_file()` after each file."""
    pipeline.check_order(stage_names)  # fail early, before any file is read
    options, limits, columns = options or {}, limits or LoadLimits(), columns or Columns()
    report = IngestReport()
    refused: list[LoadResult] = []
    files = _input_files(db, paths, limits, refused)
    for skipped in refused:
        failed = ItemResult(source=skipped.source, format=skipped.format, status="failed", error=skipped.error)
        report.items.append(failed)
        if on_item is not None:
            on_item(report.items[-1])
    phase = on_phase or (lambda name, total: None)
    with ExitStack() as workers:
        if dask is not None and files:
            from dipcorpus import batch_dask

            phase("start Dask workers", None)
            client = workers.enter_context(batch_dask.connected(dask))
            batch_dask.warm(client, stage_names, options)
            batches = batch_dask.processed(client, files, stage_names, options, limits, columns)
        else:
            batches = _processed(files, stage_names, options, limits, columns, jobs)
        phase("read, process and store", len(files))
        _store_all(db, batches, report, on_item, on_file)
    if index:
        phase("index", None)
        heal_index(db)
    if link:
        from dipcorpus.linking import link_corpus, needs_linking

        if needs_linking(db):
            phase("link", None)
            report.linked = link_corpus(db).linked
    return report


def _store_all(
    db: sqlite3.Connection,
    batches: Iterator[list[_Processed]],
    report: IngestReport,
    on_item: Callable[[ItemResult], None] | None,
    on_file: Callable[[], None] | None,
) -> None:
    """Store each file's documents as they come (in file order), reporting each one and each file."""
    for batch in batches:
        for item in batch:
            result = _store(db, item)
            report.items.append(result)
            if on_item is not None:
                on_item(result)
        if on_file is not None:
            on_file()


_CORPUS_COMPANIONS = ("", "-wal", "-shm", "-journal", ".lock")
_CORPUS_FOLDERS = (".tantivy", ".tantivy.new", ".tantivy.old", ".uploads")


def _input_files(
    db: sqlite3.Connection, paths: Sequence[Path], limits: LoadLimits, refused: list[LoadResult]
) -> list[Path]:
    """The files under `paths` to read: what a folder walk finds of the corpus's own files (the
    database, its companions, its derived folders) is left out; a file named on its own (an upload)
    is read."""
    own_file = database_path(db)
    own = str(Path(own_file).resolve()) if own_file else ""
    named = {str(Path(p).resolve()) for p in paths}
    files = []
    for found in iter_files(paths, follow_symlinks=limits.follow_symlinks, refused=refused):
        real = str(found.resolve()) if own else ""
        if own and real not in named and _belongs_to_corpus(real, own):
            continue
        files.append(found)
    return files


def _belongs_to_corpus(path: str, db_path: str) -> bool:
    """The corpus database, its SQLite and lock companions, or a file in its derived folders (both
    paths resolved)."""
    return path in {db_path + s for s in _CORPUS_COMPANIONS} or any(
        path.startswith(db_path + folder + "/") for folder in _CORPUS_FOLDERS
    )


def heal_index(db: sqlite3.Connection) -> None:
    """Bring the derived search index up to the stored documents, by difference: index every stored
    document that has no passages (stored now, or left unindexed by an earlier run that was killed),
    and rebuild the tantivy folder when it is missing, stale, or half-built (a `.new` folder left
    behind). A re-run after a crash thus ends in the state of a clean run."""
    from dipcorpus.index import tantivy_index
    from dipcorpus.index.passages import build_passages

    build_passages(db)  # FTS5, and the tantivy folder too when it was current
    path = tantivy_index.index_path(db)
    if path is None:
        return
    half_built = path.with_name(path.name + ".new").exists()
    if half_built or not path.exists() or not tantivy_index.is_fresh(db, path):
        tantivy_index.build(db, path)


def _processed(
    files: list[Path],
    stage_names: Sequence[str],
    options: dict[str, Any],
    limits: LoadLimits,
    columns: Columns,
    jobs: int,
) -> Iterator[list[_Processed]]:
    if jobs <= 1 or len(files) < 4:
        for path in files:
            yield process_file(path, stage_names, options, limits, columns)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        n = len(files)
        yield from pool.map(
            process_file,
            files,
            [stage_names] * n,
            [options] * n,
            [limits] * n,
            [columns] * n,
            chunksize=8,
        )


def _store(db: sqlite3.Connection, item: _Processed) -> ItemResult:
    if item.doc is None and item.error is None:  # read, and not a document (a speaker table beside the files)
        return ItemResult(source=item.source, format=item.format, status="skipped", warnings=item.warnings)
    if item.doc is None:
        return ItemResult(
            source=item.source, format=item.format, status="failed", error=item.error, warnings=item.warnings
        )
    try:
        status = queries.save_document(db, item.doc, path=_store_key(item), data=item.data)
    except sqlite3.Error as exc:
        return ItemResult(source=item.source, format=item.format, status="failed", error=f"E301: database error: {exc}")
    return ItemResult(
        source=item.source,
        format=item.format,
        status=status,
        doc_id=item.doc.id,
        warnings=item.warnings,
        chars=len(item.doc.text),
        raw_bytes=len(item.data),
    )
