"""JSON endpoints under /api. Each returns a dict built in `data.py`; web pages render the same dicts."""

from __future__ import annotations

import contextlib
import hmac
import os
import sqlite3
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from dipcorpus.api import data
from dipcorpus.api.db import Settings, get_db, settings
from dipcorpus.api.errors import ApiError
from dipcorpus.errors import DipcorpusError, E
from dipcorpus.store import queries
from dipcorpus.store.backend import is_postgres

__all__ = ["SearchParams", "router"]

Db = Annotated[sqlite3.Connection, Depends(get_db)]
Limit = Annotated[int, Query(ge=0, le=data.MAX_LIMIT, description=f"Page size (at most {data.MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=data.MAX_OFFSET, description=f"Skip this many (at most {data.MAX_OFFSET}).")]
Text = Annotated[str | None, Query(max_length=200)]

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": f'{{"error": {{"status": {status}, "code": "...", "message": "..."}}}}'}
    for status in (400, 404, 503)
}

router = APIRouter(prefix="/api", responses=ERRORS)


@dataclass(slots=True)
class SearchParams:
    """The search form: a query plus filters, sort and page."""

    q: Annotated[str, Query(max_length=data.MAX_QUERY_CHARS, description="docs/query-language.md")] = ""
    speaker: Text = None
    country: Text = None
    org: Text = None
    formulation: Text = None
    type: Text = None
    lang: Annotated[str | None, Query(max_length=40, description="Document language: zh, en, Chinese, 中文…")] = None
    from_: Annotated[str | None, Query(alias="from", max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD")] = None
    to: Annotated[str | None, Query(max_length=10)] = None
    sort: Literal["relevance", "date", "newest"] = "relevance"
    limit: Limit = 20
    offset: Offset = 0

    def filters(self) -> dict[str, str | None]:
        return {
            "speaker": self.speaker,
            "country": self.country,
            "org": self.org,
            "formulation": self.formulation,
            "type": self.type,
            "lang": self.lang,
            "from": self.from_,
            "to": self.to,
        }

    def run(self, db: sqlite3.Connection, *, facets: bool = True) -> dict[str, Any]:
        return data.search_data(
            db, self.q, self.filters(), sort=self.sort, limit=self.limit, offset=self.offset, with_facets=facets
        )


@router.get("", summary="What this API offers")
def index(db: Db) -> dict[str, Any]:
    return {
        "name": "dipcorpus",
        "stats": queries.stats(db),
        "endpoints": sorted({getattr(r, "path", "") for r in router.routes}),
        "openapi": "/openapi.json",
    }


@router.get("/search", summary="Search passages (query language, filters, facets)")
def search(db: Db, params: Annotated[SearchParams, Depends()], facets: bool = True) -> dict[str, Any]:
    return params.run(db, facets=facets)


@router.get("/kwic", summary="Keyword in context")
def kwic(
    db: Db,
    q: Annotated[str, Query(max_length=data.MAX_QUERY_CHARS)],
    width: Annotated[int, Query(ge=1, le=200)] = 60,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
    sort: Annotated[str, Query(max_length=60, description="left, right, date, or levels like L1,R1,R2")] = "left",
) -> dict[str, Any]:
    return data.kwic_data(db, q, width=width, limit=limit, offset=offset, sort=sort)


@router.get("/timeline", summary="Uses of a term, entity or formulation per period")
def timeline(
    db: Db,
    target: Annotated[str, Query(max_length=data.MAX_QUERY_CHARS)],
    by: Literal["month", "quarter", "year"] = "month",
) -> dict[str, Any]:
    return data.timeline_data(db, target, by=by)


@router.get("/documents", summary="Documents (current versions), by date")
def documents(db: Db, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return data.documents_data(db, limit=limit, offset=offset)


@router.get("/documents/{doc_id}", summary="One document: text, turns, statements, entities, formulations, repairs")
def document(db: Db, doc_id: str) -> dict[str, Any]:
    return data.document_data(db, data.get_document(db, doc_id))


@router.get("/documents/{doc_id}/source", summary="The raw text as read, a page at a time, with repairs")
def document_source(db: Db, doc_id: str, page: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    return data.source_data(data.get_document(db, doc_id), page=page)


@router.get("/entities", summary="Entities by number of mentions")
def entities(
    db: Db, type: Text = None, name: Text = None, limit: Annotated[int, Query(ge=0, le=500)] = 100, offset: Offset = 0
) -> dict[str, Any]:
    return data.mention_list_data(db, "entity", type=type, name=name, limit=limit, offset=offset)


@router.get("/entities/{entity_id:path}", summary="One entity: mentions per month and documents")
def entity(db: Db, entity_id: str, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return data.mention_data(db, "entity", entity_id, limit=limit, offset=offset)


@router.get("/formulations", summary="Official formulations by number of uses")
def formulations(
    db: Db, name: Text = None, limit: Annotated[int, Query(ge=0, le=500)] = 100, offset: Offset = 0
) -> dict[str, Any]:
    return data.mention_list_data(db, "formulation", type=None, name=name, limit=limit, offset=offset)


@router.get("/formulations/{formulation_id:path}", summary="One formulation: uses per month and documents")
def formulation(db: Db, formulation_id: str, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return data.mention_data(db, "formulation", formulation_id, limit=limit, offset=offset)


@router.get("/links", summary="Near duplicates and translation variants, both texts side by side")
def links(
    db: Db,
    doc: Annotated[str | None, Query(max_length=128)] = None,
    kind: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return data.links_data(db, doc=doc, kind=kind, limit=limit, offset=offset)


@router.get("/pairs", summary="Translation pairs: the same event's pages in two languages")
def pairs(
    db: Db, doc: Annotated[str | None, Query(max_length=128)] = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    return data.pairs_data(db, doc=doc, limit=limit, offset=offset)


@router.get("/pairs/{doc_id}", summary="A document and its translation, aligned turn by turn")
def pair(
    db: Db, doc_id: str, with_: Annotated[str | None, Query(alias="with", max_length=128)] = None
) -> dict[str, Any]:
    return data.pair_data(db, doc_id, with_)


_INGEST_LOCK = threading.Lock()


def _check_token(request: Request, cfg: Settings) -> None:
    if cfg.ingest_token is None:
        raise ApiError(403, "ingest_disabled", "ingest is disabled (start the server with --ingest-token)")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "unauthorized", "send Authorization: Bearer <token>")
    if not hmac.compare_digest(token.strip().encode(), cfg.ingest_token.encode()):
        raise ApiError(401, "unauthorized", "wrong ingest token")


@router.post(
    "/ingest",
    summary="Add files to the corpus (multipart field `files`; needs --ingest-token and a bearer token)",
    responses={401: ERRORS[400], 403: ERRORS[400], 413: ERRORS[400]},
)
async def ingest(request: Request) -> dict[str, Any]:
    cfg = settings(request)
    _check_token(request, cfg)
    length = request.headers.get("content-length")
    if length is None or not length.isdigit() or int(length) > cfg.max_upload_bytes:
        raise ApiError(413, "too_large", f"send at most {cfg.max_upload_bytes} bytes, with a Content-Length")
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise ApiError(415, "unsupported_media_type", "send multipart/form-data with one or more `files`")
    uploads = []
    async with request.form(max_files=cfg.max_upload_files, max_fields=10, max_part_size=cfg.max_upload_bytes) as form:
        for upload in form.getlist("files"):
            if isinstance(upload, UploadFile):
                name = Path(upload.filename or "upload.txt").name.lstrip(".") or "upload.txt"
                uploads.append((name, await upload.read()))
    if not uploads:
        raise ApiError(400, "no_files", "no `files` in the form")
    try:
        return await run_in_threadpool(_ingest_files, cfg, uploads)
    except DipcorpusError as exc:  # E305: another process is writing the corpus
        raise ApiError(503, "busy", str(exc)) from exc


def _ingest_files(cfg: Settings, uploads: list[tuple[str, bytes]]) -> dict[str, Any]:
    """Store the uploads in the corpus's private upload folder (so a re-upload is a new version of the
    same path) and ingest them, all under the corpus's writer lock."""
    from dipcorpus.batch import ingest as run_ingest
    from dipcorpus.index.passages import build_passages
    from dipcorpus.store.db import connect
    from dipcorpus.store.lock import writer_lock

    with _INGEST_LOCK, writer_lock(cfg.db_path, wait=cfg.timeout * 6):
        folder = upload_folder(cfg.db_path)
        paths = [_write_private(folder / name, content) for name, content in uploads]
        db = connect(cfg.db_path)
        try:
            report = run_ingest(db, paths)
            indexed = build_passages(db)
        finally:
            db.close()
    items = [
        {
            "source": Path(i.source).name,
            "format": i.format,
            "status": i.status,
            "doc_id": i.doc_id,
            "error": i.error,
            "warnings": list(i.warnings),
        }
        for i in report.items
    ]
    return {"counts": report.counts(), "items": items, "indexed_passages": indexed}


def upload_folder(db_path: str) -> Path:
    """`DB.uploads/` beside the corpus (for PostgreSQL, its side folder): made with mode 0700 in one
    step, and refused (E306) when it is a symbolic link, not a folder, not ours, or open to others."""
    if is_postgres(db_path):  # no file to sit beside (store/pg.py side_folder)
        from dipcorpus.store.pg import side_folder

        folder = side_folder(db_path, "uploads")
    else:
        folder = Path(f"{Path(db_path).resolve()}.uploads")
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder, 0o700)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise ApiError(500, "unsafe_upload_folder", E.E306.format(path=folder))
    return folder


def _write_private(target: Path, content: bytes) -> Path:
    """Write `content` to `target` without following a symbolic link planted there."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    except OSError as exc:  # ELOOP: a link was planted where the upload goes
        raise ApiError(500, "unsafe_upload_folder", E.E306.format(path=target)) from exc
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    return target
