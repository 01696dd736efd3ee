"""The FastAPI application: JSON API under /api, web pages beside it, OpenAPI at /openapi.json.

    from dipcorpus.api.app import create_app
    app = create_app("dipcorpus.db")                     # read-only
    app = create_app("dipcorpus.db", ingest_token="s3")  # and POST /api/ingest with that bearer token
    app = create_app("dipcorpus.db", limits=ClientLimits(rate=10, burst=20, in_flight=4))  # per client

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
from typing import cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from dipcorpus import __version__
from dipcorpus.api.db import Pool, Settings
from dipcorpus.api.errors import CODES, ApiError, error_body
from dipcorpus.api.limits import Asgi, ClientLimits, LimitMiddleware, Message, Receive, Scope, Send
from dipcorpus.query.deadline import RequestTimeout
from dipcorpus.query.parse import QueryError
from dipcorpus.store.backend import is_postgres

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


def create_app(
    db_path: str | Path,
    *,
    ingest_token: str | None = None,
    timeout: float = 5.0,
    limits: ClientLimits | None = None,
) -> FastAPI:
    """The app over the corpus at `db_path`, opened read-only per request. `ingest_token` enables
    `POST /api/ingest` for requests carrying `Authorization: Bearer <token>`. `timeout` bounds the
    SQLite work of one request (seconds). `limits`: requests per second and in flight per client
    address, over which a request gets 429 (none by default; `dipcorpus serve` sets `ClientLimits()`)."""
    path = str(db_path) if is_postgres(db_path) else str(Path(db_path))  # a PostgreSQL URL stays as it is
    if not (is_postgres(path) or Path(path).is_file()):
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
    app.state.settings = Settings(db_path=path, ingest_token=ingest_token or None, timeout=timeout)
    app.state.pool = Pool(path, app.state.settings.pool_size)
    _add_error_handlers(app)

    if limits is not None and limits.active:
        app.add_middleware(LimitMiddleware, limits=limits)
    app.add_middleware(SecurityHeaders)  # outermost: a 429 has them too

    from dipcorpus.api.routes import router
    from dipcorpus.api.tools import router as tools
    from dipcorpus.web.pages import router as pages

    app.include_router(router)
    app.include_router(tools)
    app.include_router(pages)
    static = resources.files("dipcorpus.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every HTTP response that does not set its own (plain
    ASGI: no second task and no response copy per request, as `@app.middleware` makes)."""

    def __init__(self, app: Asgi) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


def app_from_environment() -> FastAPI:
    """The app over the corpus named by DIPCORPUS_SERVE_DB (with DIPCORPUS_INGEST_TOKEN,
    DIPCORPUS_SERVE_TIMEOUT and the limits per client DIPCORPUS_CLIENT_RATE, _BURST, _IN_FLIGHT): the
    factory each worker process of `dipcorpus serve --workers N` calls."""
    import os

    defaults = ClientLimits()
    env = os.environ
    return create_app(
        env["DIPCORPUS_SERVE_DB"],
        ingest_token=env.get("DIPCORPUS_INGEST_TOKEN") or None,
        timeout=float(env.get("DIPCORPUS_SERVE_TIMEOUT", "5")),
        limits=ClientLimits(
            rate=float(env.get("DIPCORPUS_CLIENT_RATE", defaults.rate)),
            burst=int(env.get("DIPCORPUS_CLIENT_BURST", defaults.burst)),
            in_flight=int(env.get("DIPCORPUS_CLIENT_IN_FLIGHT", defaults.in_flight)),
        ),
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
