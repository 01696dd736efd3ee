"""The JSON API and the web pages over the invented test corpus (ASGI client, no network)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from dipcorpus.api.app import create_app
from dipcorpus.api.db import open_readonly
from dipcorpus.cli import cli


def test_api_openapi_lists_the_endpoints(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/search",
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/kwic",
        "/api/timeline",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/formulations",
        "/api/links",
        "/api/pairs",
        "/api/pairs/{doc_id}",
        "/api/ingest",
    ):
        assert path in spec["paths"], path
    assert "/search" not in spec["paths"]  # pages are not part of the API contract


def test_api_search_hits_snippets_and_facets(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "water"}).json()
    assert body["total"] >= 1 and body["hits"]
    hit = body["hits"][0]
    assert {"doc_id", "title", "date", "speaker", "snippet", "marks", "start", "end", "score"} <= hit.keys()
    s, e = hit["marks"][0]
    assert hit["snippet"][s:e].lower() == "water"
    assert "<mark>" not in hit["snippet"]  # plain text in JSON; offsets say what to highlight
    assert {"event_type", "country", "speaker"} <= body["facets"].keys()


def test_api_search_filters_compose_into_the_query(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "cooperation", "type": "statement", "from": "2025"}).json()
    assert body["query"] == 'cooperation type:"statement" from:"2025"'
    assert all(h["event_type"] == "statement" for h in body["hits"])


def test_api_search_lang_filter_by_code_or_name(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "minister", "lang": "English"}).json()
    assert body["query"] == 'minister lang:"English"' and body["filters"] == {"lang": "English"}
    assert body["total"] == client.get("/api/search", params={"q": "minister lang:en"}).json()["total"] > 0
    assert client.get("/api/search", params={"q": "minister", "lang": "中文"}).json()["total"] == 0


def test_api_search_pages_with_limit_and_offset(client: TestClient) -> None:
    full = client.get("/api/search", params={"q": "minister", "limit": 6}).json()
    assert full["total"] > 4
    second = client.get("/api/search", params={"q": "minister", "limit": 2, "offset": 2}).json()
    assert [h["start"] for h in second["hits"]] == [h["start"] for h in full["hits"][2:4]]
    assert client.get("/api/search", params={"q": "minister", "limit": 101}).status_code == 400


def test_api_documents_list_and_detail(client: TestClient, ids: dict[str, str]) -> None:
    listing = client.get("/api/documents", params={"limit": 3}).json()
    assert listing["total"] >= 8 and len(listing["items"]) == 3
    doc = client.get(f"/api/documents/{ids['conference']}").json()
    assert doc["turns"] and {"speaker", "role", "start", "end"} <= doc["turns"][0].keys()
    for ent in doc["entities"]:
        assert doc["text"][ent["start"] : ent["end"]] == ent["text"]
    assert {"statements", "formulations", "repairs", "removals", "links"} <= doc.keys()
    assert doc["links"][0]["other_doc"] == ids["booklet"]


def test_api_document_prefix_id_and_source(client: TestClient, ids: dict[str, str]) -> None:
    assert client.get(f"/api/documents/{ids['conference'][:8]}").json()["id"] == ids["conference"]
    src = client.get(f"/api/documents/{ids['hostile']}/source").json()
    assert src["pages"] > 1 and src["repairs"][0]["before"] == "Chlna"


def test_api_entities_and_one_entity(client: TestClient) -> None:
    listing = client.get("/api/entities", params={"type": "country"}).json()
    assert listing["items"] and all(e["type"] == "country" for e in listing["items"])
    china = client.get("/api/entities/CHN").json()
    assert china["name"] == "China" and china["mentions"] >= 1 and china["by_month"] and china["items"]


def test_api_formulations(client: TestClient) -> None:
    listing = client.get("/api/formulations").json()
    assert listing["total"] >= 1
    first = listing["items"][0]["id"]
    assert client.get(f"/api/formulations/{first}").json()["id"] == first


def test_api_kwic_and_timeline(client: TestClient) -> None:
    lines = client.get("/api/kwic", params={"q": "minister", "width": 30}).json()["lines"]
    assert lines and all(line["match"].lower() == "minister" for line in lines)
    assert all(len(line["left"]) <= 30 for line in lines)
    tl = client.get("/api/timeline", params={"target": "water", "by": "year"}).json()
    assert tl["kind"] == "term" and tl["total"] >= 1 and {"period", "count", "per_10k"} <= tl["rows"][0].keys()


def test_api_links_side_by_side(client: TestClient, ids: dict[str, str]) -> None:
    body = client.get("/api/links", params={"doc": ids["conference"]}).json()
    assert body["total"] == 1 and body["items"][0]["a_text"] and body["items"][0]["b_text"]
    page = client.get("/links", params={"doc": ids["conference"]}).text
    assert page.count('class="side-text"') == 2


def test_api_translation_pair_turn_by_turn(client: TestClient, ids: dict[str, str]) -> None:
    listing = client.get("/api/pairs").json()
    assert listing["total"] == 1 and listing["items"][0]["a_doc"] == ids["pair_en"]
    assert listing["items"][0]["b_doc"] == ids["pair_zh"]
    body = client.get(f"/api/pairs/{ids['pair_zh']}").json()
    assert body["a"]["language"] == "en" and body["b"]["language"] == "zh"
    assert [s["role"] for s in body["steps"]][:3] == ["opening statement", "question", "answer"]
    assert body["steps"][1]["b_text"].startswith("与巴西")
    assert client.get(f"/api/pairs/{ids['pair_en']}", params={"with": ids["pair_zh"]}).json() == body
    missing = client.get(f"/api/pairs/{ids['remarks_zh']}")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "pair_not_found"
    assert client.get("/api/pairs/0000000000000000").json()["error"]["code"] == "document_not_found"
    assert client.get(f"/pairs/{ids['pair_zh']}", params={"format": "json"}).json() == body
    page = client.get(f"/pairs/{ids['pair_en']}").text
    assert page.count('class="step ') == 5 and 'lang="zh"' in page
    doc_page = client.get(f"/documents/{ids['pair_en']}").text
    assert f'href="/pairs/{ids["pair_en"]}?with={ids["pair_zh"]}"' in doc_page


@pytest.mark.parametrize(
    ("page", "api"),
    [
        ("/search?q=water", "/api/search?q=water"),
        ("/kwic?q=water", "/api/kwic?q=water"),
        ("/timeline?target=water", "/api/timeline?target=water"),
        ("/documents?limit=5", "/api/documents?limit=5"),
        ("/entities", "/api/entities"),
        ("/entities/CHN", "/api/entities/CHN"),
        ("/formulations", "/api/formulations"),
        ("/links", "/api/links"),
        ("/pairs", "/api/pairs"),
    ],
)
def test_web_every_page_has_a_json_twin(client: TestClient, page: str, api: str) -> None:
    html = client.get(page)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    twin = client.get(page + ("&" if "?" in page else "?") + "format=json")
    assert twin.headers["content-type"] == "application/json"
    assert twin.json() == client.get(api).json()


def test_web_document_twin_and_highlighted_entity(client: TestClient, ids: dict[str, str]) -> None:
    doc_id = ids["conference"]
    assert client.get(f"/documents/{doc_id}?format=json").json() == client.get(f"/api/documents/{doc_id}").json()
    html = client.get(f"/documents/{doc_id}").text
    assert 'class="ent ent-country"' in html and 'data-id="' in html and 'href="/entities/' in html
    assert 'class="turn ' in html and 'class="role"' in html


def test_web_search_page_highlights_and_facets(client: TestClient) -> None:
    html = client.get("/search", params={"q": "water"}).text
    assert "<mark>" in html.lower() and "Event type" in html and "Countries" in html and "Speakers" in html


def test_web_charts_are_inline_svg(client: TestClient) -> None:
    assert "<svg" in client.get("/entities/CHN").text
    assert "<svg" in client.get("/timeline", params={"target": "water"}).text


def test_web_static_assets_are_served_from_the_package(client: TestClient) -> None:
    html = client.get("/").text
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200


def test_api_connections_are_read_only(corpus: tuple[Path, dict[str, str]]) -> None:
    db = open_readonly(str(corpus[0]), timeout=5)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.execute("CREATE TABLE intruder (x TEXT)")
    db.close()


def test_api_ingest_with_token(writable_db: Path) -> None:
    app = create_app(writable_db, ingest_token="s3cret")
    text = b"Title: Invented upload\nDate: 2025-04-01\n\nThe zanzibarian proposal was welcomed by all sides.\n"
    with TestClient(app) as c:
        resp = c.post("/api/ingest", files=[("files", ("upload.txt", text, "text/plain"))],
                      headers={"Authorization": "Bearer s3cret"})  # fmt: skip
        assert resp.status_code == 200, resp.text
        assert resp.json()["items"][0]["status"] == "ingested"
        assert c.get("/api/search", params={"q": "zanzibarian"}).json()["total"] == 1


def test_serve_get_prints_the_body(corpus: tuple[Path, dict[str, str]]) -> None:
    result = CliRunner().invoke(cli, ["serve", str(corpus[0]), "--get", "/api/search?q=water&limit=1"])
    assert result.exit_code == 0, result.output
    assert '"total"' in result.output
    bad = CliRunner().invoke(cli, ["serve", str(corpus[0]), "--get", "/api/documents/nope"])
    assert bad.exit_code == 1 and '"document_not_found"' in bad.output


def test_web_kwic_left_context_keeps_its_reading_order(client: TestClient) -> None:
    """The left column is right-aligned and clipped at its start (direction: rtl on the cell), but its
    text is an isolated left-to-right run, so a comma ending the left context stays next to the keyword
    instead of jumping to the far end of the cell."""
    html = client.get("/kwic", params={"q": "water"}).text
    cells = re.findall(r'<td class="left">(.*?)</td>', html)
    assert cells and all(c.startswith('<span class="ltr">') and c.endswith("</span>") for c in cells)
    css = client.get("/static/app.css").text
    assert re.search(r"table\.kwic \.left \.ltr \{[^}]*direction: ltr;[^}]*unicode-bidi: isolate", css)


def test_pool_gives_busy_not_a_hang_when_every_connection_is_held(corpus: tuple[Path, dict[str, str]]) -> None:
    """Abandoned requests that still hold connections must not stop the API: the next request waits
    a bounded time and gets a coded 503, and a released connection serves again."""
    from dipcorpus.api.db import Pool
    from dipcorpus.api.errors import ApiError

    pool = Pool(str(corpus[0]), 1)
    held = pool.acquire()
    with pytest.raises(ApiError) as caught:
        pool.acquire(wait=0.05)
    assert caught.value.status == 503 and caught.value.code == "busy"
    pool.release(held)
    assert pool.acquire(wait=0.05) is held
    pool.close()
