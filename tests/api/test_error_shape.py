"""Every error has one shape: {"error": {"status": N, "code": "...", "message": "..."}}."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dipcorpus.api.app import create_app


def assert_error(resp: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"] == "application/json"
    body = resp.json()
    assert list(body) == ["error"]
    assert sorted(body["error"]) == ["code", "message", "status"]
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code
    return body["error"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ('/api/search?q="unbalanced', "bad_query"),
        ("/api/search?q=nosuchfield:value", "bad_query"),
        ("/api/search?q=(a OR", "bad_query"),
        ("/api/search", "bad_query"),
        ("/api/search?q=x&limit=abc", "bad_request"),
        ("/api/search?q=x&limit=100000", "bad_request"),
        ("/api/search?q=x&offset=-1", "bad_request"),
        ("/api/search?q=x&sort=sideways", "bad_request"),
        ("/api/search?q=" + "a" * 600, "bad_request"),
        ("/api/search?q=x&from=2020-13", "bad_query"),
        ("/api/kwic?q=type:statement", "bad_query"),
        ("/api/kwic", "bad_request"),
        ("/api/timeline?target=x&by=decade", "bad_request"),
        ("/search?q=%22oops&format=json", "bad_query"),
        ("/search?q=x&format=xml", "bad_request"),
    ],
)
def test_error_shape_malformed_requests_are_400(client: TestClient, path: str, code: str) -> None:
    assert_error(client.get(path), 400, code)


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/api/documents/0000000000000000", "document_not_found"),
        ("/api/documents/zz", "document_not_found"),
        ("/api/documents/0000000000000000/source", "document_not_found"),
        ("/documents/0000000000000000?format=json", "document_not_found"),
        ("/api/entities/XXX-NOPE", "entity_not_found"),
        ("/api/formulations/nope", "formulation_not_found"),
        ("/api/links?doc=0000000000000000", "document_not_found"),
        ("/api/no-such-endpoint", "not_found"),
        ("/no-such-page", "not_found"),
    ],
)
def test_error_shape_unknown_things_are_404(client: TestClient, path: str, code: str) -> None:
    assert_error(client.get(path), 404, code)


def test_error_shape_wrong_method_is_405(client: TestClient) -> None:
    assert_error(client.delete("/api/documents"), 405, "method_not_allowed")


def test_error_shape_ingest_disabled_without_a_configured_token(client: TestClient) -> None:
    files = [("files", ("a.txt", b"text", "text/plain"))]
    assert_error(client.post("/api/ingest", files=files), 403, "ingest_disabled")
    assert_error(client.post("/api/ingest", files=files, headers={"Authorization": "Bearer x"}), 403)


def test_error_shape_ingest_needs_the_bearer_token(writable_db: Path) -> None:
    files = [("files", ("a.txt", b"Some invented text.", "text/plain"))]
    with TestClient(create_app(writable_db, ingest_token="right")) as c:
        missing = c.post("/api/ingest", files=files)
        assert_error(missing, 401, "unauthorized")
        assert missing.headers["www-authenticate"] == "Bearer"
        assert_error(c.post("/api/ingest", files=files, headers={"Authorization": "Bearer wrong"}), 401)
        assert_error(c.post("/api/ingest", files=files, headers={"Authorization": "Basic right"}), 401)
        assert_error(c.post("/api/ingest", headers={"Authorization": "Bearer right"}, data={"x": "1"}), 415)


def test_error_shape_timeout_is_503(corpus: tuple[Path, dict[str, str]]) -> None:
    app = create_app(corpus[0], timeout=0.0)
    app.state.settings = replace(app.state.settings, progress_steps=100)
    with TestClient(app) as c:
        err = assert_error(c.get("/api/search", params={"q": "minister OR China OR Norway OR water"}), 503, "timeout")
        assert "took longer" in err["message"]


def test_error_shape_html_pages_show_the_same_fields(client: TestClient) -> None:
    resp = client.get("/documents/<script>nope", headers={"Accept": "text/html"})
    assert resp.status_code == 404 and resp.headers["content-type"].startswith("text/html")
    assert "document_not_found" in resp.text
    assert "<script>nope" not in resp.text and "&lt;script&gt;nope" in resp.text
