"""Cleaning: boilerplate, stamps, headers, reflow, hyphenation, OCR repairs. Every text here is invented."""

from __future__ import annotations

import pytest

from dipcorpus.ingest.clean import clean_document
from dipcorpus.ingest.textmap import identity_map
from dipcorpus.model import Document


def _clean(text: str, fmt: str = "txt") -> Document:
    doc = Document(id="t", source="t.txt", format=fmt, raw=text, text=text, offsets=identity_map(text))
    return clean_document(doc)


WRAPPED = """ Deputy Chair of the Invented Standing
Gommittee and Gentral Planning Minister
Ana Lee Briefs the Press ()
 On May 2, 2024, a press conference was held at the Media Center, where the
minister answered questions from Chinese and foreign me-
dia about the China-Russia relationship and the Belt-and-
Road cooperation in a changing world. It was a long and very
detailed session that touched on national reju-
venation and many Head-of-
state meetings held over the past year in the region.
'We will keep our word, she said at the end of the session
which lasted for two hours in the morning of that day.
"""


def test_clean_boilerplate_lines_removed() -> None:
    doc = _clean("Home > News & Events\nA title here\n\nBody text of the invented page.\n\nSuggest to a friend:\n")
    assert "Home" not in doc.text and "Suggest" not in doc.text
    assert doc.text.startswith("A title here\n\nBody text")
    assert {r.kind for r in doc.removals} == {"boilerplate"}


@pytest.mark.parametrize(
    "line",
    [
        "Share now",
        "<Suggest To A Friend>",
        "Print | Close",
        "English | 中文 | Français",
        "【打印本页】【关闭窗口】",
    ],
)
def test_clean_share_and_language_lines(line: str) -> None:
    doc = _clean(f"Invented title\n\nSome body sentence.\n{line}\n")
    assert line not in doc.text


def test_clean_timestamp_becomes_published() -> None:
    doc = _clean("Invented Title\n2022-09-23 20:10\n\nOn September 22, 2022 local time, they met.\n")
    assert doc.published == "2022-09-23 20:10"
    assert "20:10" not in doc.text


def test_clean_archive_header_parsed() -> None:
    doc = _clean("Journal : Invented Archive Date : Author : NA Page No. : 12\n\nTitle\n\nBody.\n")
    assert doc.header["journal"] == "Invented Archive"
    assert doc.header["page"] == "12"
    assert "author" not in doc.header and "Journal" not in doc.text


def test_clean_wrapped_text_is_reflowed_and_repaired() -> None:
    doc = _clean(WRAPPED)
    paras = doc.text.split("\n\n")
    assert (
        paras[0]
        == "Deputy Chair of the Invented Standing Committee and Central Planning Minister Ana Lee Briefs the Press"
    )
    assert "media about the China-Russia relationship" in doc.text
    assert "Belt-and-Road" in doc.text
    assert "rejuvenation" in doc.text and "Head-of-state" in doc.text
    assert "\n" not in paras[1]
    kinds = [r.kind for r in doc.repairs]
    assert kinds.count("misread") == 2 and "empty_brackets" in kinds and "stray_quote" in kinds
    assert "We will keep our word" in doc.text and "'We will" not in doc.text


def test_clean_repairs_point_at_raw_spans() -> None:
    doc = _clean(WRAPPED)
    for repair in doc.repairs:
        assert doc.raw[repair.raw_start : repair.raw_end] == repair.before
        assert doc.text[repair.start : repair.end] == repair.after


def test_clean_real_hyphens_survive_outside_ocr() -> None:
    doc = _clean("Invented title\n\nThe China-Russia and Belt-and-Road talks. It is a long-term plan.\n")
    assert "China-Russia" in doc.text and "long-term" in doc.text and not doc.repairs


def test_clean_pdf_page_furniture_dropped() -> None:
    pages = [
        "RUNNING HEAD",
        "First page line of a paragraph that goes on",
        "and on across the page break",
        "1",
    ]
    pages2 = ["RUNNING HEAD", "and still continues on the next page.", "2"]
    text = "\n".join(pages) + "\n\f\n" + "\n".join(pages2)
    doc = _clean(text, fmt="pdf")
    assert "RUNNING HEAD" not in doc.text
    assert "break and still continues" in doc.text
    assert {r.kind for r in doc.removals} >= {"page", "running"}


def test_clean_is_idempotent_on_seedlike_text() -> None:
    once = _clean(WRAPPED)
    twice = _clean(once.text)
    assert twice.text == once.text


@pytest.mark.parametrize("line", ["1:05 P.M. EST", "END                1:19 P.M. EST", "12:07 p.m. EDT", "10:32"])
def test_clean_transcript_clock_lines_removed(line: str) -> None:
    doc = _clean(f"Invented Briefing\n\n     {line}\n\nMS. DOE: An invented answer.\n")
    assert "P.M." not in doc.text and ":0" not in doc.text.replace("DOE:", "") and "END" not in doc.text


# INVENTED: the head and tail of a press release in the shape many governments use.
RELEASE = """THE PALACE OF NOWHERE

Office of the Press Secretary

For Immediate Release May 3, 2020

The text of the following statement was released by the Governments of Nowhere and Elsewhere.

Begin text:

The two invented governments agreed to keep talking about the river.

End text.

(The briefing was concluded at 3:19 p.m.)

# # #

END"""


def test_clean_release_head_and_tail() -> None:
    doc = _clean(RELEASE)
    assert doc.text == "The two invented governments agreed to keep talking about the river."
    assert doc.header["release"] == "May 3, 2020"
    assert {r.kind for r in doc.removals} >= {"boilerplate", "release"}


def test_clean_byline_named_by_the_header() -> None:
    text = "Jane Roe, Invented Spokesperson\n\nMS ROE: Good afternoon, everyone.\n"
    doc = Document(
        id="t",
        source="t",
        format="jsonl",
        raw=text,
        text=text,
        offsets=identity_map(text),
        header={"creator": "Jane Roe, Invented Spokesperson"},
    )
    clean = clean_document(doc)
    assert clean.text == "MS ROE: Good afternoon, everyone."
    assert [r.kind for r in clean.removals] == ["byline"]


def test_clean_capitals_line_kept_without_press_header() -> None:
    doc = _clean("THE INVENTED TREATY\n\nArticle one of an invented treaty says nothing at all.")
    assert doc.text.startswith("THE INVENTED TREATY")


def test_clean_two_hyphen_joints_in_a_row_leave_one_space() -> None:
    """Found by the idempotence property: lines 'the-', 'the-', ' the' joined the first pair, dropped
    the second joint as overlapping, and kept the indentation as a second space."""
    once = _clean("the-\nthe-\n the", "pdf").text
    assert once == "the-the- the"
    assert _clean(once).text == once


def test_clean_venue_lines_above_the_clock_line_leave_the_text() -> None:
    # invented: a briefing transcript's head names its room, its building and its city above the clock line
    doc = _clean(
        "Invented Briefing on Rivers\n\nNorth Annex Press Room\n\nRiverside Conference Center\n\n"
        "Lakeport, Invented State\n\n2:05 P.M. EDT\n\nMS. DOE: Good afternoon.\n"
    )
    assert "Press Room" not in doc.text and "Conference Center" not in doc.text
    assert "Lakeport, Invented State" in doc.text  # a city line stays (it names a country or region)
    assert doc.header["venue"] == "North Annex Press Room\nRiverside Conference Center"
    venue = [r.text for r in doc.removals if r.kind == "venue"]
    assert venue == ["North Annex Press Room", "Riverside Conference Center"]


@pytest.mark.parametrize(
    "head",
    [
        "Remarks by the Envoy in the Rose Garden",  # a title line: small words in lower case
        "North Annex Press Room\n\nMS. DOE: Welcome.",  # no clock line right below
    ],
)
def test_clean_venue_needs_a_room_line_right_above_the_clock(head: str) -> None:
    # invented
    doc = _clean(f"{head}\n\n10:00 A.M. EST\n\nMS. DOE: Good morning.\n")
    assert head.split("\n")[0] in doc.text and "venue" not in doc.header
