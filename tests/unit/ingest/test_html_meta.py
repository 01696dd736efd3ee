"""Page-level HTML metadata: headline, publication date, place. Every fixture here is INVENTED."""

from __future__ import annotations

import pytest

from dipcorpus.ingest.html import extract_html

# INVENTED: a president's site page whose <title> ends with the site name, whose header repeats the
# site name in a 'title'-labelled div before the article's h1, and whose photo carries an older date.
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Meeting with Prime Minister of Ruritania Jan Novak &#8226; President of Example</title>
<meta property="og:site_name" content="President of&nbsp;Example">
<meta property="og:title" content="Meeting with Prime Minister of&nbsp;Ruritania Jan Novak">
</head><body>
<div class="header"><div class="mobile_title">President of Example</div></div>
<article>
<div class="photo"><meta itemprop="datePublished" content="2019-01-05"></div>
<h1 class="entry-title">Meeting with Prime Minister of Ruritania Jan Novak</h1>
<div class="read__meta">
<time class="read__published" datetime="2020-06-23" itemprop="datePublished">June 23, 2020</time>
<div class="read__place p-location">The Palace, Example City</div></div>
<div class="content"><p>The two leaders discussed trade and the situation in the region at some length today.</p>
<p>They agreed to meet again before the end of the year in the capital of Ruritania.</p></div>
</article></body></html>"""

# INVENTED: a page described in JSON-LD only.
PAGE_LD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Example Ministry</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "name": "Example Ministry"},
 {"@type": "NewsArticle", "headline": "Minister Holds Talks with Ruritanian Counterpart",
  "datePublished": "2021-04-02T10:00:00+02:00", "contentLocation": {"@type": "Place", "name": "Example City"}}]}
</script></head><body><div class="content">
<p>The Minister held talks with his Ruritanian counterpart on trade and the region, the ministry said.</p>
<p>Both sides agreed to continue the dialogue at the next session of the joint commission.</p></div></body></html>"""


def test_headline_is_the_article_not_the_site_name() -> None:
    page = extract_html(PAGE)
    assert page.title == "Meeting with Prime Minister of Ruritania Jan Novak"
    assert page.title not in page.text


def test_published_prefers_the_article_date_over_a_photo_date() -> None:
    assert extract_html(PAGE).published == "2020-06-23"


def test_place_field_reaches_the_header_values() -> None:
    assert extract_html(PAGE).meta.get("place") == "The Palace, Example City"


def test_json_ld_headline_date_and_place() -> None:
    page = extract_html(PAGE_LD)
    assert page.title == "Minister Holds Talks with Ruritanian Counterpart"
    assert page.published == "2021-04-02 10:00"
    assert page.meta.get("place") == "Example City"


def _page(shown: str) -> str:
    # INVENTED: a page with no meta date that shows its date under the headline
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Minister Roe visited Portsville</title>'
        f'</head><body><main><h1>Minister Roe visited Portsville</h1><p class="date">{shown}</p>'
        "<p>The Minister visited the port of Portsville and met local business leaders to discuss trade.</p>"
        "<p>She announced a new programme of cooperation with the region for the coming years.</p></main>"
        '<footer><p class="updated">Last updated on 01 January 2024</p></footer></body></html>'
    )


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("October 14, 2022", "2022-10-14"),
        ("21 September 2022 17:05", "2022-09-21"),
        ("14 November 2022 - 16:20", "2022-11-14"),
        ("Published on 9 February 2023", "2023-02-09"),
        ("Published 3 March 2022", "2022-03-03"),
        ("Date: 28 July 2023", "2023-07-28"),
        ("07.06.2023 - Speech", "2023-06-07"),
        ("06 Sep 2023", "2023-09-06"),
    ],
)
def test_displayed_date_is_the_publication_date(shown: str, expected: str) -> None:
    assert extract_html(_page(shown), date_fallback=False).published == expected


def test_a_sentence_with_a_date_is_not_a_displayed_date() -> None:
    page = _page("The Minister arrived on 3 March 2022 in the morning")
    assert extract_html(page, date_fallback=False).published is None


def test_displayed_date_of_the_article_not_of_a_listing() -> None:
    # INVENTED: a sidebar of other news with their dates above the article, and a related list below it
    page = _page("5 May 2021").replace(
        "<main>",
        '<div class="latest-news"><ul><li><span class="date">1 May 2021</span> Other news</li></ul></div><main>',
    )
    page = page.replace("</main>", '<aside><p class="date">2 May 2021</p></aside></main>')
    assert extract_html(page, date_fallback=False).published == "2021-05-05"


def test_published_term_of_a_definition_list() -> None:
    # INVENTED: a 'From:' / 'Published' metadata block without classes
    block = "<dl><dt>From:</dt><dd>Ministry of Examples</dd><dt>Published</dt><dd>3 March 2022</dd></dl>"
    page = _page("").replace('<p class="date"></p>', block)
    assert extract_html(page, date_fallback=False).published == "2022-03-03"
