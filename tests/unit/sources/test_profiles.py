"""Source profiles: loading, matching, refining a page, user folders. Every page and profile here is INVENTED."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipcorpus.errors import IngestError
from dipcorpus.ingest.clean import clean_document
from dipcorpus.ingest.loaders import read_paths
from dipcorpus.sources import find_profile, load_profile, profiles

PROFILE = """
name: invented-ministry
description: An invented ministry site for tests.
match:
  hosts: [mfa.invented.example]
content: [div.story]
furniture: [.byline-box]
furniture_lines: ['Follow us on .*']
fields:
  title: h1.headline
  date: time.stamp@datetime
  place: {select: .where}
labels: caps-name-colon
"""

PAGE = """<html><head><link rel="canonical" href="https://mfa.invented.example/news/1.html"></head><body>
<h1 class="headline">Minister meets an invented delegation</h1>
<div class="meta"><time class="stamp" datetime="2021-04-05">5 April 2021</time>
<span class="where">Port Imaginary</span></div>
<div class="story"><div class="byline-box">Written by the invented press office team of the ministry</div>
<p>THE MINISTER: Welcome to our invented capital, we are glad to receive you here today.</p>
<p>Follow us on Invented Social</p>
<p>THE GUEST: Thank you, Minister, for the warm welcome and for these useful talks.</p></div>
<div class="aside">A long aside the generic reader might keep, about the weather in the invented capital today.</div>
</body></html>"""


def test_builtin_profiles_load() -> None:
    names = {p.name for p in profiles()}
    assert {"fmprc", "kremlin", "state-dept", "ungdc", "whitehouse", "whitehouse-obama"} <= names


def test_user_folder_profile_refines_a_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "invented.yaml").write_text(PROFILE, encoding="utf-8")
    page = tmp_path / "1.html"
    page.write_text(PAGE, encoding="utf-8")
    monkeypatch.setenv("DIPCORPUS_SOURCES", str(folder))
    (result,) = list(read_paths([page]))
    assert result.doc is not None
    doc = clean_document(result.doc)
    assert doc.header["profile"] == "invented-ministry"
    assert doc.header["profile.title"] == "Minister meets an invented delegation"
    assert doc.header["profile.date"] == "2021-04-05"
    assert doc.header["profile.place"] == "Port Imaginary"
    assert doc.header["profile.labels"] == "caps-name-colon"
    assert doc.text.startswith("THE MINISTER: Welcome")
    assert "Written by" not in doc.text and "Follow us" not in doc.text and "aside" not in doc.text
    assert "profile" in {r.kind for r in doc.removals}


def test_without_a_profile_the_generic_path_reads_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "1.html"
    page.write_text(PAGE, encoding="utf-8")
    monkeypatch.delenv("DIPCORPUS_SOURCES", raising=False)
    (result,) = list(read_paths([page]))
    assert result.doc is not None
    assert "profile" not in result.doc.header
    assert "THE MINISTER: Welcome" in result.doc.text and "THE GUEST: Thank you" in result.doc.text


def test_profile_matching_by_file_name_and_marker() -> None:
    ungdc = find_profile("speeches/ABC_70_2015.txt", "An invented speech.")
    assert ungdc is not None and ungdc.name == "ungdc"
    assert find_profile("notes/abc.txt", "An invented note.") is None


@pytest.mark.parametrize(
    "text",
    ["name: x\nmatch: {hosts: [a.example]}\ncontent: ['div > p']\n", "name: x\nsurprise: 1\n", "- not a mapping\n"],
)
def test_bad_profile_is_refused_with_its_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IngestError) as info:
        load_profile(path)
    assert "E115" in str(info.value) and "bad.yaml" in str(info.value)


def test_a_listing_stays_refused_when_a_profile_names_its_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "listing.yaml").write_text(
        "name: invented-list\nmatch: {markers: [invented-listing]}\ncontent: [ul.items]\n", encoding="utf-8"
    )
    items = "".join(f'<li><a href="/n/{i}">Invented news item number {i}</a></li>' for i in range(12))
    page = tmp_path / "list.html"
    page.write_text(f'<html><body class="invented-listing"><ul class="items">{items}</ul></body></html>', "utf-8")
    monkeypatch.setenv("DIPCORPUS_SOURCES", str(folder))
    (result,) = list(read_paths([page]))
    assert result.doc is None and result.error is not None and result.error.startswith("E114")
