"""The web workbench (#12): CSV downloads, a malformed query that keeps the form and shows where it
went wrong, timelines of several terms, and an overview of what the corpus holds."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

HTML = {"Accept": "text/html"}


def _csv(client: TestClient, path: str, params: dict[str, object]) -> list[dict[str, str]]:
    resp = client.get(path, params={**params, "format": "csv"})
    assert resp.status_code == 200, resp.text[:300]
    assert resp.headers["content-type"].startswith("text/csv")
    assert "attachment" in resp.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(resp.text)))


def test_csv_downloads_match_the_json_of_the_same_page(client: TestClient) -> None:
    hits = _csv(client, "/search", {"q": "water"})
    api = client.get("/api/search", params={"q": "water"}).json()
    assert [h["doc_id"] for h in hits] == [h["doc_id"] for h in api["hits"]]
    lines = _csv(client, "/kwic", {"q": "water"})
    assert lines and {"left", "match", "right"} <= set(lines[0]) and all(r["match"].lower() == "water" for r in lines)
    rows = _csv(client, "/timeline", {"target": "water", "by": "year"})
    assert rows and {"period", "count", "per_10k"} <= set(rows[0])
    html = client.get("/search", params={"q": "water"}, headers=HTML).text
    assert "format=csv" in html


def test_malformed_query_keeps_the_form_and_points_at_the_column(client: TestClient) -> None:
    resp = client.get("/search", params={"q": 'water AND "unclosed'}, headers=HTML)
    assert resp.status_code == 400
    page = resp.text
    assert 'value="water AND &#34;unclosed"' in page or 'value="water AND &quot;unclosed"' in page
    assert 'class="query-error"' in page and "^" in page
    kwic = client.get("/kwic", params={"q": "water AND ("}, headers=HTML)
    assert kwic.status_code == 400 and 'class="query-error"' in kwic.text and "water AND (" in kwic.text
    api = client.get("/api/search", params={"q": 'water AND "unclosed'})
    assert api.status_code == 400 and api.json()["error"]["code"] == "bad_query"  # the API keeps its shape


def test_timeline_overlays_several_terms(client: TestClient) -> None:
    page = client.get(
        "/timeline", params=[("target", "water"), ("compare", "cooperation"), ("by", "year")], headers=HTML
    )
    assert page.status_code == 200
    assert page.text.count('<polyline points="') == 2 and "vs</span> cooperation" in page.text
    data = client.get("/timeline", params=[("target", "water"), ("compare", "cooperation"), ("format", "json")]).json()
    assert [s["target"] for s in data["series"]] == ["water", "cooperation"]
    rows = _csv(client, "/timeline", {"target": "water", "compare": "cooperation"})
    assert {r["target"] for r in rows} == {"water", "cooperation"}


def test_overview_shows_the_newest_documents_and_the_collections(client: TestClient) -> None:
    data = client.get("/", params={"format": "json"}).json()
    dates = [d["date"] for d in data["documents"]["items"] if d["date"]]
    assert dates == sorted(dates, reverse=True)
    assert data["collections"] and data["collections"][0]["documents"] >= 1
    assert sum(c["documents"] for c in data["collections"]) == data["stats"]["documents"]
    page = client.get("/", headers=HTML).text
    assert "Newest documents" in page and "By language" in page and "By collection" in page


def test_corpus_tools_over_http(client: TestClient) -> None:
    coll = client.get("/api/collocates", params={"q": "water", "min_count": 1}).json()
    assert coll["nodes"] >= 1 and coll["rows"] and {"word", "logdice", "mi", "tscore"} <= set(coll["rows"][0])
    grams = client.get("/api/ngrams", params={"n": 2, "min_count": 1}).json()
    assert grams["n"] == 2 and grams["rows"]
    words = client.get("/api/wordlist", params={"limit": 5}).json()
    assert len(words["rows"]) <= 5 and "word" in words["rows"][0]
    disp = client.get("/api/dispersion", params={"q": "water"}).json()
    assert disp["hits"] >= 1 and disp["by_document"]
    bad = client.get("/api/collocates", params={"q": 'water "unclosed'})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_query"


def test_corpus_tool_pages(client: TestClient) -> None:
    for path, params in (
        ("/collocates", {"q": "water"}),
        ("/ngrams", {"n": 2}),
        ("/ngrams", {"n": 1, "q": "water"}),
        ("/dispersion", {"q": "water"}),
    ):
        page = client.get(path, params=params, headers=HTML)
        assert page.status_code == 200, (path, page.text[:300])
        assert "<table" in page.text and "format=csv" in page.text
        assert _csv(client, path, params)
    assert "<svg class=\"strip\"" in client.get("/dispersion", params={"q": "water"}, headers=HTML).text
    bad = client.get("/collocates", params={"q": "water AND ("}, headers=HTML)
    assert bad.status_code == 400 and 'class="query-error"' in bad.text
    empty = client.get("/collocates", headers=HTML)
    assert empty.status_code == 200 and 'name="q"' in empty.text


def test_kwic_pages_and_sorts_on_levels(client: TestClient) -> None:
    whole = client.get("/api/kwic", params={"q": "water", "sort": "R1,L1", "limit": 500}).json()["lines"]
    first = client.get("/api/kwic", params={"q": "water", "sort": "R1,L1", "limit": 1}).json()
    second = client.get("/api/kwic", params={"q": "water", "sort": "R1,L1", "limit": 1, "offset": 1}).json()
    assert first["lines"] == whole[:1] and second["lines"] == whole[1:2] and first["sort"] == "R1,L1"
    bad = client.get("/api/kwic", params={"q": "water", "sort": "Q9"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_query"
