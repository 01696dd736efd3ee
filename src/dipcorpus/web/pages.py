"""Web pages: Jinja2 templates (autoescaped) over the dicts of `dipcorpus.api.data`.

Every page answers `?format=json` with exactly the dict it renders, which is also what the /api
endpoint of the same name returns.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Mapping
from importlib import resources
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from dipcorpus import __version__
from dipcorpus.api import data
from dipcorpus.api.db import get_db
from dipcorpus.api.routes import Limit, Offset, SearchParams, Text
from dipcorpus.query import wordstats
from dipcorpus.query.parse import QueryError
from dipcorpus.store import browse, queries
from dipcorpus.web import render

__all__ = ["render_error", "router"]

Db = Annotated[sqlite3.Connection, Depends(get_db)]
Format = Annotated[
    Literal["html", "json", "csv"], Query(description="json: the page's data as JSON; csv: its table as CSV")
]
_TABLE_KEYS = ("hits", "lines", "rows", "items")

_env = Environment(
    loader=FileSystemLoader(str(resources.files("dipcorpus.web") / "templates")),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)

router = APIRouter(include_in_schema=False)


def _url(path: str, params: Mapping[str, Any], **changes: Any) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "", 0, []) or k == "page"}
    return f"{path}?{urlencode(merged, doseq=True)}" if merged else path


_env.globals.update(
    version=__version__, snippet_html=render.snippet_html, url=_url, quote=lambda v: quote(str(v), safe="")
)
templates = Jinja2Templates(env=_env)


def page(request: Request, template: str, payload: dict[str, Any], fmt: str, **context: Any) -> Response:
    """The page, or with format=json the payload it renders, or with format=csv its table."""
    if fmt == "json":
        return JSONResponse(payload)
    if fmt == "csv":
        return csv_response(payload, template.removesuffix(".html"))
    return templates.TemplateResponse(request, template, {"data": payload, "url": _url, **context})


def query_problem(query: str, exc: QueryError) -> dict[str, Any]:
    """What the page shows of a malformed query: the message, the query, and where it went wrong."""
    column = exc.column if exc.column and 1 <= exc.column <= len(query) + 1 else None
    pointer = " " * (column - 1) + "^" if column else ""
    return {"message": str(exc), "query": query, "column": column, "pointer": pointer}


def _form_error(
    request: Request, template: str, context: dict[str, Any], query: str, exc: QueryError, fmt: str
) -> Response:
    """A page whose query could not be read: its form, filled, and the error (HTTP 400); JSON and CSV
    callers get the API's error instead."""
    if fmt != "html":
        raise exc
    full = {**context, "data": None, "url": _url, "error": query_problem(query, exc)}
    return templates.TemplateResponse(request, template, full, status_code=400)


def csv_response(payload: Mapping[str, Any], name: str) -> Response:
    """The page's table (its hits, KWIC lines, timeline rows or listed items) as a CSV download;
    nested values are written as JSON."""
    key = next((k for k in _TABLE_KEYS if isinstance(payload.get(k), list)), None)
    rows: list[Mapping[str, Any]] = payload[key] if key else []
    columns = list(dict.fromkeys(c for row in rows for c in row))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    headers = {"Content-Disposition": f'attachment; filename="dipcorpus-{name}.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def render_error(request: Request, error: dict[str, Any], *, headers: dict[str, str] | None = None) -> Response:
    html = _env.get_template("error.html").render(request=request, error=error, url=_url)
    return HTMLResponse(html, status_code=int(error["status"]), headers=headers)


@router.get("/")
def home(request: Request, db: Db, format: Format = "html") -> Response:
    stats = queries.stats(db)
    newest = {"total": stats["documents"], "limit": 12, "offset": 0, "items": browse.newest_documents(db, limit=12)}
    collections = browse.documents_by_collection(db)
    return page(request, "home.html", {"stats": stats, "documents": newest, "collections": collections}, format)


@router.get("/search")
def search(request: Request, db: Db, params: Annotated[SearchParams, Depends()], format: Format = "html") -> Response:
    filters = {k: v for k, v in params.filters().items() if v}
    if not params.q and not filters:
        if format == "json":
            return JSONResponse(params.run(db))  # raises the empty-query error
        return templates.TemplateResponse(request, "search.html", {"data": None, "params": params, "url": _url})
    try:
        payload = params.run(db)
    except QueryError as exc:
        return _form_error(request, "search.html", {"params": params}, params.q, exc, format)
    state = {"q": params.q, **filters, "sort": params.sort if params.sort != "relevance" else None}
    return page(request, "search.html", payload, format, params=params, state=state)


@router.get("/kwic")
def kwic(
    request: Request,
    db: Db,
    q: Annotated[str, Query(max_length=data.MAX_QUERY_CHARS)] = "",
    width: Annotated[int, Query(ge=1, le=200)] = 60,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
    sort: Annotated[str, Query(max_length=60)] = "left",
    format: Format = "html",
) -> Response:
    if not q and format == "html":
        return templates.TemplateResponse(request, "kwic.html", {"data": None, "url": _url})
    try:
        payload = data.kwic_data(db, q, width=width, limit=limit, offset=offset, sort=sort)
    except QueryError as exc:
        return _form_error(request, "kwic.html", {"q": q}, q, exc, format)
    return page(request, "kwic.html", payload, format)


@router.get("/timeline")
def timeline(
    request: Request,
    db: Db,
    target: Annotated[str, Query(max_length=data.MAX_QUERY_CHARS)] = "",
    compare: Annotated[list[str], Query(max_length=data.MAX_QUERY_CHARS)] = [],  # noqa: B006 - FastAPI reads it
    by: Literal["month", "quarter", "year"] = "month",
    measure: Literal["per_10k", "count"] = "per_10k",
    format: Format = "html",
) -> Response:
    """One target's timeline as bars, or with `compare` (repeatable) several targets as lines."""
    others = [c for c in compare if c.strip()][:5]
    if not target and format == "html":
        return templates.TemplateResponse(request, "timeline.html", {"data": None, "url": _url, "by": by})
    try:
        payload = data.timeline_data(db, target, by=by)
        series = [payload, *(data.timeline_data(db, c, by=by) for c in others)]
    except QueryError as exc:
        return _form_error(request, "timeline.html", {"by": by, "target": target}, target, exc, format)
    unit = " per 10k words" if measure == "per_10k" else ""
    if others:
        payload = {**payload, "compare": others, "series": [{**s, "rows": s["rows"]} for s in series]}
        if format == "csv":
            long = [{"target": s["target"], "kind": s["kind"], **r} for s in series for r in s["rows"]]
            return csv_response({"rows": long}, "timeline")
        chart = render.line_chart([(s["target"], s["rows"]) for s in series], value=measure, unit=unit)
    else:
        chart = render.bar_chart(payload["rows"], value=measure, unit=unit)
    return page(request, "timeline.html", payload, format, chart=chart, by=by, measure=measure, compare=others)


@router.get("/collocates")
def collocates(
    request: Request,
    db: Db,
    q: Annotated[str, Query(max_length=data.MAX_QUERY_CHARS)] = "",
    left: Annotated[int, Query(ge=0, le=20)] = 5,
    right: Annotated[int, Query(ge=0, le=20)] = 5,
    measure: Literal["logdice", "mi", "tscore"] = "logdice",
    format: Format = "html",
) -> Response:
    opts: dict[str, Any] = {"left": left, "right": right, "measure": measure}

    def rows() -> dict[str, Any]:
        return wordstats.collocates(db, q, left=left, right=right, measure=measure, min_count=2)

    return _tool(request, "collocates", q, opts, format, rows)


@router.get("/ngrams")
def ngrams(
    request: Request,
    db: Db,
    q: Annotated[str, Query(max_length=data.MAX_QUERY_CHARS)] = "",
    n: Annotated[int, Query(ge=1, le=6)] = 2,
    format: Format = "html",
) -> Response:
    def rows() -> dict[str, Any]:
        return {"n": n, "rows": wordstats.ngrams(db, n=n, query=q or None, min_count=2 if n > 1 else 1)}

    return _tool(request, "ngrams", q, {"n": n}, format, rows, needs_query=False)


@router.get("/dispersion")
def dispersion(
    request: Request, db: Db, q: Annotated[str, Query(max_length=data.MAX_QUERY_CHARS)] = "", format: Format = "html"
) -> Response:
    def rows() -> dict[str, Any]:
        result = wordstats.dispersion(db, q)
        return {**{k: v for k, v in result.items() if k != "by_document"}, "rows": result["by_document"]}

    return _tool(request, "dispersion", q, {}, format, rows)


def _tool(
    request: Request,
    tool: str,
    q: str,
    opts: dict[str, Any],
    fmt: str,
    compute: Any,
    *,
    needs_query: bool = True,
) -> Response:
    """A corpus-linguistics page: its form, then its table (or the JSON/CSV of it)."""
    state = {"q": q, **opts}
    context: dict[str, Any] = {"tool": tool, "q": q, "opts": opts, "state": state, "url": _url, "data": None}
    if needs_query and not q.strip() and fmt == "html":
        return templates.TemplateResponse(request, "tool.html", context)
    try:
        payload = compute()
    except QueryError as exc:
        return _form_error(request, "tool.html", context, q, exc, fmt)
    return page(request, "tool.html", payload, fmt, **{k: v for k, v in context.items() if k != "data"})


@router.get("/documents")
def documents(request: Request, db: Db, limit: Limit = 50, offset: Offset = 0, format: Format = "html") -> Response:
    return page(request, "documents.html", data.documents_data(db, limit=limit, offset=offset), format)


@router.get("/documents/{doc_id}")
def document(
    request: Request,
    db: Db,
    doc_id: str,
    page_n: Annotated[int | None, Query(alias="page", ge=0)] = None,
    at: Annotated[int | None, Query(ge=0, description="Open the page holding this offset")] = None,
    hl: Annotated[str | None, Query(max_length=40, pattern=r"^\d+-\d+$", description="start-end to mark")] = None,
    format: Format = "html",
) -> Response:
    doc = data.get_document(db, doc_id)
    payload = data.document_data(db, doc)
    if format == "json":
        return JSONResponse(payload)
    number = page_n if page_n is not None else data.page_of(doc.text, at) if at is not None else 0
    start, end, pages = data.page_bounds(doc.text, number)
    hit = tuple(int(x) for x in hl.split("-")) if hl else None
    marks = render.entity_marks(doc, hit=(hit[0], hit[1]) if hit else None)
    blocks = render.document_blocks(doc, start, end, marks)
    in_page = [e for e in doc.entities if start <= e.start < end]
    context = {
        "blocks": blocks,
        "page_n": number,
        "pages": pages,
        "start": start,
        "end": end,
        "hl": hl,
        "entity_counts": _counts(payload["entities"]),
        "formulation_counts": _counts(payload["formulations"]),
        "in_page": len(in_page),
    }
    return page(request, "document.html", payload, format, **context)


def _counts(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for item in items:
        row = seen.setdefault(item["id"], {"id": item["id"], "name": item["name"], "type": item.get("type"), "n": 0})
        row["n"] += 1
    return sorted(seen.values(), key=lambda r: (-r["n"], r["name"]))


@router.get("/documents/{doc_id}/source")
def source(
    request: Request,
    db: Db,
    doc_id: str,
    page_n: Annotated[int, Query(alias="page", ge=0)] = 0,
    format: Format = "html",
) -> Response:
    payload = data.source_data(data.get_document(db, doc_id), page=page_n)
    html = render.source_html(payload["raw"], payload["raw_start"], payload["repairs"], payload["removals"])
    return page(request, "source.html", payload, format, html=html)


@router.get("/entities")
def entities(
    request: Request,
    db: Db,
    type: Text = None,
    name: Text = None,
    limit: Annotated[int, Query(ge=0, le=500)] = 100,
    offset: Offset = 0,
    format: Format = "html",
) -> Response:
    payload = data.mention_list_data(db, "entity", type=type, name=name, limit=limit, offset=offset)
    return page(request, "mentions.html", payload, format, base="/entities")


@router.get("/formulations")
def formulations(
    request: Request,
    db: Db,
    name: Text = None,
    limit: Annotated[int, Query(ge=0, le=500)] = 100,
    offset: Offset = 0,
    format: Format = "html",
) -> Response:
    payload = data.mention_list_data(db, "formulation", type=None, name=name, limit=limit, offset=offset)
    return page(request, "mentions.html", payload, format, base="/formulations")


def _mention_page(
    request: Request, db: sqlite3.Connection, kind: str, key: str, limit: int, offset: int, fmt: str
) -> Response:
    payload = data.mention_data(db, kind, key, limit=limit, offset=offset)
    chart = render.bar_chart(payload["by_month"], value="count", unit=" mentions")
    return page(request, "mention.html", payload, fmt, chart=chart)


@router.get("/entities/{entity_id:path}")
def entity(
    request: Request, db: Db, entity_id: str, limit: Limit = 50, offset: Offset = 0, format: Format = "html"
) -> Response:
    return _mention_page(request, db, "entity", entity_id, limit, offset, format)


@router.get("/formulations/{formulation_id:path}")
def formulation(
    request: Request, db: Db, formulation_id: str, limit: Limit = 50, offset: Offset = 0, format: Format = "html"
) -> Response:
    return _mention_page(request, db, "formulation", formulation_id, limit, offset, format)


@router.get("/links")
def links(
    request: Request,
    db: Db,
    doc: Annotated[str | None, Query(max_length=128)] = None,
    kind: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "html",
) -> Response:
    payload = data.links_data(db, doc=doc, kind=kind, limit=limit, offset=offset)
    return page(request, "links.html", payload, format)


@router.get("/pairs")
def pairs(
    request: Request,
    db: Db,
    doc: Annotated[str | None, Query(max_length=128)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "html",
) -> Response:
    return page(request, "pairs.html", data.pairs_data(db, doc=doc, limit=limit, offset=offset), format)


@router.get("/pairs/{doc_id}")
def pair(
    request: Request,
    db: Db,
    doc_id: str,
    with_: Annotated[str | None, Query(alias="with", max_length=128)] = None,
    format: Format = "html",
) -> Response:
    return page(request, "pair.html", data.pair_data(db, doc_id, with_), format)
