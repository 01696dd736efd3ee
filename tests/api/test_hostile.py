"""An invented hostile document (script tags, a 6,000-character line, a 1 MB paragraph) is shown as
text, quickly, a page at a time."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from api_corpus import BIG_SENTENCE, HOSTILE_ID, SCRIPT
from fastapi.testclient import TestClient

from dipcorpus.api.app import create_app
from dipcorpus.api.routes import upload_folder

ESCAPED = "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;"


def timed_get(client: TestClient, path: str) -> tuple[str, float]:
    start = time.perf_counter()
    resp = client.get(path, headers={"Accept": "text/html"})
    assert resp.status_code == 200, resp.text[:500]
    return resp.text, time.perf_counter() - start


def test_hostile_document_page_escapes_markup(client: TestClient) -> None:
    html, seconds = timed_get(client, f"/documents/{HOSTILE_ID}")
    assert SCRIPT not in html and "<img src=x" not in html and "<i>invented</i>" not in html
    assert ESCAPED in html  # in the title, the speaker and the text
    assert html.count("<script") == 1 and '<script src="/static/app.js" defer></script>' in html
    assert "&lt;b&gt;bold?&lt;/b&gt; &amp; &amp;amp;" in html
    assert seconds < 3, f"document page took {seconds:.1f} s"


def test_hostile_huge_paragraph_is_paged(client: TestClient) -> None:
    html, _ = timed_get(client, f"/documents/{HOSTILE_ID}")
    assert len(html) < 200_000, "the first page must not carry the whole 1 MB paragraph"
    assert "Show more" in html and "?page=1" in html
    last, seconds = timed_get(client, f"/documents/{HOSTILE_ID}?page=25")
    assert BIG_SENTENCE.strip() in last and "Show more" not in last
    assert seconds < 3


def test_hostile_entity_inside_hostile_text_is_still_linked(client: TestClient) -> None:
    html, _ = timed_get(client, f"/documents/{HOSTILE_ID}")
    assert 'href="/entities/CHN"' in html and 'data-id="CHN"' in html
    assert 'class="rep"' in html  # the invented OCR repair Chlna → China


def test_hostile_source_view_escapes_and_marks_repairs(client: TestClient) -> None:
    html, seconds = timed_get(client, f"/documents/{HOSTILE_ID}/source")
    assert SCRIPT not in html and ESCAPED in html
    assert '<mark class="repair"' in html and "Chlna" in html
    assert seconds < 3


def test_hostile_search_snippet_escapes_markup(client: TestClient) -> None:
    html, seconds = timed_get(client, "/search?q=pwned")
    assert "<mark>pwned</mark>" in html
    assert SCRIPT not in html and "&lt;script&gt;" in html
    assert seconds < 3


def test_hostile_json_keeps_the_text_verbatim(client: TestClient) -> None:
    doc = client.get(f"/api/documents/{HOSTILE_ID}").json()
    assert doc["text"].startswith("Spokesperson: " + SCRIPT) and doc["chars"] > 1_000_000
    assert client.get(f"/api/documents/{HOSTILE_ID}?format=json").json() == doc


def test_hostile_pages_forbid_inline_script(client: TestClient) -> None:
    resp = client.get(f"/documents/{HOSTILE_ID}")
    csp = resp.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert resp.headers["x-content-type-options"] == "nosniff"


def test_upload_cannot_write_through_a_planted_symlink(writable_db: Any, tmp_path: Path) -> None:
    """The upload folder is the corpus's own `DB.uploads/` (mode 0700); a link planted in it, or in
    its place, is never written through."""
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched\n", encoding="utf-8")
    app = create_app(writable_db, ingest_token="s3cret")
    body = b"Title: Invented upload\n\nAn invented paragraph.\n"
    headers = {"Authorization": "Bearer s3cret"}
    with TestClient(app, raise_server_exceptions=False) as c:
        ok = c.post("/api/ingest", files=[("files", ("first.txt", body, "text/plain"))], headers=headers)
        assert ok.status_code == 200, ok.text
        folder = upload_folder(str(writable_db))
        assert folder.is_dir() and (folder.stat().st_mode & 0o777) == 0o700
        (folder / "planted.txt").symlink_to(victim)
        bad = c.post("/api/ingest", files=[("files", ("planted.txt", body, "text/plain"))], headers=headers)
        assert bad.status_code == 500 and bad.json()["error"]["code"] == "unsafe_upload_folder"
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()
        folder.symlink_to(tmp_path)  # the whole folder replaced by a link
        bad = c.post("/api/ingest", files=[("files", ("victim.txt", body, "text/plain"))], headers=headers)
        assert bad.status_code == 500 and bad.json()["error"]["code"] == "unsafe_upload_folder"
    assert victim.read_text(encoding="utf-8") == "untouched\n"
