"""The web UI in headless Chromium: search, open a result, see a highlighted entity and a chart;
a hostile document shows its markup as text. Screenshots go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from api_corpus import HOSTILE_ID, SCRIPT

pytestmark = pytest.mark.e2e
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_browser_search_open_result_entity_and_chart(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/search")
    page.fill("form.searchform input[name=q]", '"water cooperation"')
    page.press("form.searchform input[name=q]", "Enter")
    page.wait_for_selector("ol.hitlist li.result")
    assert "passage" in page.inner_text("p.total")
    assert page.inner_text("li.result mark").lower() == "water cooperation"
    assert page.locator("aside.facets li").count() >= 3
    shot(page, "1-search")

    page.click("li.result a.hit-title")
    page.wait_for_selector("article.doc")
    entity = page.locator(".text a.ent").first
    entity.wait_for()
    assert entity.is_visible()
    entity_id = entity.get_attribute("data-id")
    entity.hover()
    card = page.locator(".card-pop")
    card.wait_for(state="visible")
    assert entity_id in card.inner_text()
    assert page.locator("#hit").count() == 1  # the passage the search pointed at
    shot(page, "2-document")

    card.locator("a").click()
    page.wait_for_selector("svg.chart")
    assert page.locator("svg.chart rect.bar").count() >= 1
    assert entity_id in page.inner_text("p.meta")
    shot(page, "3-entity")


def test_browser_timeline_chart(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/timeline")
    page.fill("input[name=target]", "water")
    page.press("input[name=target]", "Enter")
    page.wait_for_selector("svg.chart")
    assert page.locator("svg.chart rect.bar").count() >= 2
    box = page.locator("svg.chart").bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 100
    shot(page, "4-timeline")


def test_browser_hostile_document_is_inert_text(page: Any, base_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base_url}/documents/{HOSTILE_ID}")
    page.wait_for_selector(".turn-text")
    assert SCRIPT in page.inner_text(".turn-text")
    assert page.evaluate("document.querySelectorAll('script').length") == 1  # /static/app.js only
    assert page.evaluate("document.querySelectorAll('.text img').length") == 0
    # long lines wrap: nothing sticks out sideways
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth + 1")
    assert page.locator("a.button", has_text="Show more").is_visible()
    assert dialogs == []
    shot(page, "5-hostile")


def test_browser_links_side_by_side_and_source_view(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/links")
    page.wait_for_selector("section.pair")
    pairs = page.locator("section.pair")
    assert pairs.count() >= 1
    assert all(pairs.nth(i).locator(".side-text").count() == 2 for i in range(pairs.count()))
    shot(page, "6-links")
    page.goto(f"{base_url}/documents/{HOSTILE_ID}/source")
    assert page.locator("mark.repair").count() >= 1
    shot(page, "7-source")


def test_browser_translation_pair_side_by_side(page: Any, base_url: str, e2e_corpus: Any) -> None:
    ids = e2e_corpus[1]
    page.goto(f"{base_url}/documents/{ids['pair_en']}")
    page.click("a.pair-link")
    page.wait_for_selector("section.aligned-pair")
    steps = page.locator("section.aligned-pair .step")
    assert steps.count() == 5
    question = steps.nth(1)
    sides = question.locator(".side-text")
    assert sides.count() == 2
    assert "trade fair" in sides.nth(0).inner_text() and "贸易博览会" in sides.nth(1).inner_text()
    left, right = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
    assert left is not None and right is not None
    assert left["x"] + left["width"] <= right["x"] + 1 and abs(left["y"] - right["y"]) < 2  # side by side
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth + 1")
    shot(page, "8-translation-pair")
