"""`dipcorpus serve DB`: the HTTP API and web UI (FastAPI under uvicorn); `--get /path` for scripting."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from dipcorpus.store.backend import is_postgres

__all__ = ["COMMANDS", "serve"]


@click.command("serve")
@click.argument("db_arg", metavar="[DB]", required=False, type=click.Path(dir_okay=False))
@click.option(
    "--db",
    "db_opt",
    envvar="DIPCORPUS_DB",
    show_envvar=True,
    type=click.Path(dir_okay=False),
    help="Corpus database, like every other command (or the DB argument).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--ingest-token",
    envvar="DIPCORPUS_INGEST_TOKEN",
    help="Enable POST /api/ingest for requests with `Authorization: Bearer TOKEN` (or set DIPCORPUS_INGEST_TOKEN).",
)
@click.option(
    "--ingest-token-file",
    type=click.Path(exists=True, dir_okay=False),
    help="Read the ingest token from this file (a token given as a flag shows in `ps`).",
)
@click.option("--timeout", default=5.0, show_default=True, help="Seconds of database work allowed per request.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes (several readers at once use several cores; each opens the corpus read-only).",
)
@click.option(
    "--client-rate",
    default=50.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Requests per second each client address may make (bursts of --client-burst); 0: no limit. Over it: 429.",
)
@click.option("--client-burst", default=100, show_default=True, type=click.IntRange(1), help="See --client-rate.")
@click.option(
    "--client-in-flight",
    default=16,
    show_default=True,
    type=click.IntRange(0),
    help="Requests each client address may have running at once; 0: no limit. Over it: 429.",
)
@click.option(
    "--access-log/--no-access-log",
    default=False,
    show_default=True,
    help="Log one line per request on stderr (costs time on every request).",
)
@click.option("--get", "get_path", metavar="/PATH", help="Run one GET request through the app, print the body, exit.")
def serve(
    db_arg: str | None,
    db_opt: str | None,
    host: str,
    port: int,
    ingest_token: str | None,
    ingest_token_file: str | None,
    timeout: float,
    workers: int,
    client_rate: float,
    client_burst: int,
    client_in_flight: int,
    access_log: bool,
    get_path: str | None,
) -> None:
    """Serve the JSON API (/api, OpenAPI at /openapi.json) and the web UI over a corpus, read-only."""
    if ingest_token_file:
        ingest_token = Path(ingest_token_file).read_text(encoding="utf-8").strip() or None
    db_path = db_arg or db_opt
    if not db_path:
        raise click.UsageError("name the corpus: `dipcorpus serve DB`, `--db DB` or DIPCORPUS_DB")
    if not (is_postgres(db_path) or Path(db_path).is_file()):
        raise click.ClickException(f"no corpus at {db_path} (create one with `dipcorpus ingest PATH --db {db_path}`)")
    from dipcorpus.api.app import create_app
    from dipcorpus.api.limits import ClientLimits

    limits = ClientLimits(rate=client_rate, burst=client_burst, in_flight=client_in_flight)
    app = create_app(db_path, ingest_token=ingest_token, timeout=timeout, limits=limits)
    if get_path is not None:
        from fastapi.testclient import TestClient

        if not get_path.startswith("/"):
            raise click.UsageError("--get takes a path starting with /, e.g. --get '/api/search?q=sovereignty'")
        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get(get_path)
        sys.stdout.write(response.text if response.text.endswith("\n") else response.text + "\n")
        if response.status_code >= 400:
            sys.exit(1)
        return
    import uvicorn

    click.echo(f"dipcorpus: serving {db_path} on http://{host}:{port}/ (read-only; Ctrl-C stops)", err=True)
    if ingest_token:
        click.echo("dipcorpus: POST /api/ingest is enabled (bearer token)", err=True)
    if workers > 1:  # each worker process builds the app from the environment
        os.environ["DIPCORPUS_SERVE_DB"] = db_path if is_postgres(db_path) else str(Path(db_path).resolve())
        os.environ["DIPCORPUS_SERVE_TIMEOUT"] = str(timeout)
        os.environ["DIPCORPUS_CLIENT_RATE"] = str(client_rate)
        os.environ["DIPCORPUS_CLIENT_BURST"] = str(client_burst)
        os.environ["DIPCORPUS_CLIENT_IN_FLIGHT"] = str(client_in_flight)
        if ingest_token:
            os.environ["DIPCORPUS_INGEST_TOKEN"] = ingest_token
        uvicorn.run(
            "dipcorpus.api.app:app_from_environment", factory=True, workers=workers, host=host, port=port,
            log_level="info", access_log=access_log, timeout_graceful_shutdown=5,
        )  # fmt: skip
        return
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=access_log, timeout_graceful_shutdown=5)


COMMANDS: list[click.Command] = [serve]
