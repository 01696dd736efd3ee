"""The FastAPI application: JSON API under /api, web pages beside it, OpenAPI at /openapi.json.

    from dipcorpus.api.app import create_app
    app = create_app("dipcorpus.db")                     # read-only
    app = create_app("dipcorpus.db", ingest_token="s3")  # and POST /api/ingest with that bearer token

Every error, from whichever layer, leaves as {"error": {"status", "code", "message"}} (see errors.py);
a browser asking for HTML gets the same fields on an error page.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from dipcorpus import __version__
from dipcorpus.api.db import Pool, Settings
from dipcorpus.api.errors import CODES, ApiError, error_body
from dipcorpus.query.deadline import RequestTimeout
from dipcorpus.query.parse import QueryError

__all__ = ["create_app"]

log = logging.getLogger("dipcorpus.api")

SECURITY_HEADERS = {
    # No inline script or style anywhere: even a text that escaped escaping could not run.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(db_path: str | Path, *, ingest_token: str | None = None, timeout: float = 5.0) -> FastAPI:
    """The app over the corpus at `db_path`, opened read-only per request. `ingest_token` enables
    `POST /api/ingest` for requests carrying `Authorization: Bearer <token>`. `timeout` bounds the
    SQLite work of one request (seconds)."""
    path = Path(db_path)
    if not path.is_file():
        raise FileNotFoundError(f"no corpus database at {path}")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.pool.close()

    app = FastAPI(
        lifespan=lifespan,
        title="dipcorpus",
        version=__version__,
        description="Search and read a corpus of diplomatic texts. Errors: "
        '{"error": {"status": N, "code": "...", "message": "..."}}. See docs/api.md.',
        docs_url=None,  # the Swagger and ReDoc pages load their assets from a CDN
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = Settings(db_path=str(path), ingest_token=ingest_token or None, timeout=timeout)
    app.state.pool = Pool(str(path), app.state.settings.pool_size)
    _add_error_handlers(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    from dipcorpus.api.routes import router
    from dipcorpus.api.tools import router as tools
    from dipcorpus.web.pages import router as pages

    app.include_router(router)
    app.include_router(tools)
    app.include_router(pages)
    static = resources.files("dipcorpus.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app


def app_from_environment() -> FastAPI:
    """The app over the corpus named by DIPCORPUS_SERVE_DB (with DIPCORPUS_INGEST_TOKEN and
    DIPCORPUS_SERVE_TIMEOUT): the factory each worker process of `dipcorpus serve --workers N` calls."""
    import os

    return create_app(
        os.environ["DIPCORPUS_SERVE_DB"],
        ingest_token=os.environ.get("DIPCORPUS_INGEST_TOKEN") or None,
        timeout=float(os.environ.get("DIPCORPUS_SERVE_TIMEOUT", "5")),
    )


def wants_html(request: Request) -> bool:
    """A page (not /api, not ?format=json) asked for by a browser."""
    if request.url.path.startswith(("/api", "/openapi", "/static")) or request.query_params.get("format") == "json":
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(request: Request, status: int, code: str | None, message: str) -> Response:
    body = error_body(status, code, message)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if wants_html(request):
        from dipcorpus.web.pages import render_error

        return render_error(request, body["error"], headers=headers)
    return JSONResponse(body, status_code=status, headers=headers)


def _add_error_handlers(app: FastAPI) -> None:
    async def api_error(request: Request, exc: Exception) -> Response:
        err = cast(ApiError, exc)  # registered for ApiError only
        return error_response(request, err.status, err.code, err.message)

    async def query_error(request: Request, exc: Exception) -> Response:
        return error_response(request, 400, "bad_query", str(exc))

    async def validation_error(request: Request, exc: Exception) -> Response:
        parts = []
        for err in cast(RequestValidationError, exc).errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
        return error_response(request, 400, "bad_request", "; ".join(parts) or "invalid request")

    async def http_error(request: Request, exc: Exception) -> Response:
        http = cast(StarletteHTTPException, exc)
        message = http.detail if isinstance(http.detail, str) else CODES.get(http.status_code, "error")
        if http.status_code == 404 and message == "Not Found":
            message = f"no such page or endpoint: {request.url.path}"
        return error_response(request, http.status_code, None, message)

    async def db_error(request: Request, exc: Exception) -> Response:
        if "interrupted" in str(exc):
            stopped = RequestTimeout(request.app.state.settings.timeout)
            return error_response(request, 503, "timeout", str(stopped))
        log.exception("database error on %s", request.url.path, exc_info=exc)
        return error_response(request, 500, "database_error", "the database could not answer this request")

    async def timeout_error(request: Request, exc: Exception) -> Response:
        return error_response(request, 503, "timeout", str(exc))

    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("error on %s", request.url.path, exc_info=exc)
        return error_response(request, 500, "internal_error", "internal error (logged on the server)")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(QueryError, query_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(sqlite3.Error, db_error)
    app.add_exception_handler(RequestTimeout, timeout_error)
    app.add_exception_handler(Exception, internal_error)
