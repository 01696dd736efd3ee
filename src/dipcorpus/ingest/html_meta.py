"""Page metadata from an `html_tree.Tree`: meta tags, JSON-LD, title, language, publication date, place.

The headline comes from the page itself (an h1, og:title, a JSON-LD headline, a labelled heading),
never from the site name that `<title>` or og:site_name carries. The publication date prefers the
head's meta tags and JSON-LD, then a `datePublished` element of the article (a `<time>`), then a
date displayed alone in its own element ('October 14, 2022' under the title, 'Published on
9 February 2023', a definition list's 'Published' term: the one nearest after the h1, never one in a
navigation, aside, footer or list of other items), and only then `datePublished` metadata inside the
body (often a photo's or a video's). A place shown in a labelled element (class `place`/`location`/
`dateline`, the h-entry `p-location`, itemprop `contentLocation`) goes to `values['place']`.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from typing import Any

from dipcorpus.ingest.html_blocks import DATE_RE, node_text
from dipcorpus.ingest.html_tree import Node, Tree
from dipcorpus.model import format_date

__all__ = ["Meta", "guess_language", "iso_date", "read_meta", "shown_date", "title_node"]

_META_KEYS = {
    "description": "description",
    "og:description": "description",
    "author": "author",
    "article:author": "author",
    "keywords": "keywords",
    "og:site_name": "site_name",
    "og:url": "url",
    "og:title": "og_title",
    "twitter:title": "og_title",
    "og:type": "type",
}
_DATE_KEYS = (
    "article:published_time",
    "publishdate",
    "pubdate",
    "publish_date",
    "publication_date",
    "og:published_time",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "date",
    "citation_publication_date",
    "sailthru.date",
    "parsely-pub-date",
    "firstpublishedtime",
    "datepublished",
    "article:modified_time",
)
_LANG_KEYS = ("content-language", "language", "dc.language", "og:locale")
_TITLE_LABEL = re.compile(
    r"(?:^|[\s_-])(?:title|headline|news_body_title|article-title|entry-title|arttitle)(?:$|[\s_-])"
)
_TITLE_SPLIT = re.compile(r"\s+[-–—|_:•·»]+\s+|\s*[|_•·»]\s*|\s*——\s*")
_PLACE_LABEL = re.compile(r"(?:^|[\s_-])(?:location|place|dateline)(?:$|[\s_-])")
_PUBLISHED_LABEL = re.compile(r"(?:^|[\s_-])(?:published|pubdate|publish-date|post-date)(?:$|[\s_-])")
_MONTH_NAMES = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
_YEAR = r"(?:19|20)\d\d"
_TIME = r"(?:\s*(?:[-–—,|]|at)?\s*\d{1,2}[:.]\d\d(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?)?"
# A displayed date alone in its element: 'October 14, 2022', '21 September 2022 17:05', '06 Sep 2023',
# '14 November 2022 - 16:20', 'Published on 9 February 2023', 'Date: 3 March 2022', '07.06.2023 - Speech'
# (dotted numbers are day.month.year). A short category may follow a dash ('- Speech', '| News').
_SHOWN_DATE = re.compile(
    r"^(?:(?:Published|Posted|Released|Issued|Date|Publication date)(?:\s+on)?\s*:?\s*)?"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH_WORD}),?\s+(?P<y1>{_YEAR})"
    rf"|(?P<m2>{_MONTH_WORD})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>{_YEAR})"
    rf"|(?P<d3>\d{{1,2}})\.(?P<m3>\d{{1,2}})\.(?P<y3>{_YEAR}))"
    rf"{_TIME}(?:\s*[-–—|]\s*[A-Z][\w ]{{2,30}})?$",
    re.I,
)
_SITE = re.compile(
    r"ministry|foreign affairs|外交部|政府|department of state|embassy|consulate|government|"
    r"\bgov\b|state\.gov|"
    r"official (?:web)?site|mfa|affaires étrangères|大使馆|领事馆|u\.s\. department",
    re.I,
)
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef“”]) (?=\S)|(?<=\S) (?=[\u3000-\u9fff\uff00-\uffef“”])")
_CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_EN_WORDS = re.compile(r"\b(?:the|of|and|to|in|is|that)\b")


class Meta:
    """What the head and a few named elements say about the page."""

    __slots__ = ("date", "date_rank", "doc_title", "headline", "lang", "shown", "values")

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.date: str | None = None
        self.date_rank = 9  # 0 head meta or JSON-LD, 1 an article's datePublished element, 2 body metadata
        self.lang: str | None = None
        self.doc_title: str | None = None
        self.headline: str | None = None  # JSON-LD headline
        self.shown: list[tuple[int, str]] = []  # dates displayed alone in an element: (position, YYYY-MM-DD)

    def offer_date(self, value: str, rank: int) -> None:
        """Keep `value` as the publication date when nothing of a better rank was seen."""
        if rank < self.date_rank:
            found = iso_date(value)
            if found:
                self.date, self.date_rank = found, rank


def iso_date(value: str) -> str | None:
    """'2022-09-23T20:10:00+08:00' -> '2022-09-23 20:10'; '2019-06-12' -> '2019-06-12'."""
    m = DATE_RE.search(value)
    if m is None:
        return None
    y, mo, d, hh, mm = m.groups()
    if hh is None:
        t = re.match(r"[T ](\d{2}):(\d{2})", value[m.end() :])
        hh, mm = (t.group(1), t.group(2)) if t else (None, None)
    if not hh or (hh, mm) == ("00", "00"):  # a bare midnight is a date without a time
        return format_date(int(y), int(mo), int(d))
    return format_date(int(y), int(mo), int(d), int(hh), int(mm))


def shown_date(text: str) -> str | None:
    """A displayed date line ('October 14, 2022', 'Published on 9 February 2023', '07.06.2023') as YYYY-MM-DD."""
    m = _SHOWN_DATE.match(" ".join(text.split()))
    if m is None:
        return None
    if m.group("y3"):
        return format_date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
    day, month, year = (m.group("d1"), m.group("m1"), m.group("y1")) if m.group("y1") else m.group("d2", "m2", "y2")
    name = month.lower()[:3]
    if name not in _MONTH_NAMES:
        return None
    return format_date(int(year), _MONTH_NAMES.index(name) + 1, int(day))


def _primary(lang: str) -> str | None:
    lang = lang.strip().lower().replace("_", "-").split("-")[0]
    return lang if 2 <= len(lang) <= 3 and lang.isalpha() else None


def read_meta(tree: Tree) -> Meta:
    out = Meta()
    html = tree.html
    head_end = next((n.end for n in tree.nodes if n.tag == "head"), -1)
    for node in tree.nodes:
        tag = node.tag
        if tag == "meta":
            _read_meta_tag(node, out, 0 if node.start < head_end or node.parent is None else 2)
        elif tag == "script" and "ld+json" in node.get("type").lower():
            _read_json_ld(html, node, out)
        elif tag == "html" and out.lang is None:
            out.lang = _primary(node.get("lang") or node.get("xml:lang"))
        elif tag == "title" and out.doc_title is None:
            out.doc_title = node_text(html, node) or None
        elif tag == "link" and "canonical" in node.get("rel").lower() and node.get("href"):
            out.values["canonical"] = htmllib.unescape(node.get("href"))
        elif node.attr_text and tag != "meta":
            _read_named(html, node, out)
        elif tag == "dd" and out.date_rank > 1 and node.text_len <= 40:
            _read_field_date(html, node, out)
    if out.date_rank > 1 and out.shown:
        # the displayed date nearest after the headline (else the last one above it) is the page's stamp
        h1 = next((n.start for n in tree.nodes if n.tag == "h1"), 0)
        after = [date for start, date in out.shown if start >= h1]
        out.date, out.date_rank = (after[0] if after else out.shown[-1][1]), 1
    if "url" not in out.values and "canonical" in out.values:
        out.values["url"] = out.values["canonical"]
    return out


def _read_meta_tag(node: Node, out: Meta, rank: int) -> None:
    key = (node.get("property") or node.get("name") or node.get("http-equiv") or node.get("itemprop")).lower()
    content = " ".join(htmllib.unescape(node.get("content")).split())
    if not key or not content:
        return
    if key in _META_KEYS and rank == 0:
        out.values.setdefault(_META_KEYS[key], content)
    elif key in _DATE_KEYS:
        out.offer_date(content, rank)
    elif key in _LANG_KEYS and out.lang is None:
        out.lang = _primary(content)
    elif key in ("contentlocation", "locationcreated", "dateline") and rank == 0:
        out.values.setdefault("place", content)


def _ld_items(data: Any) -> list[dict[str, Any]]:
    """The objects of a JSON-LD block (a list, a @graph or one object)."""
    if isinstance(data, list):
        return [x for item in data for x in _ld_items(item)]
    if isinstance(data, dict):
        return [data, *_ld_items(data["@graph"])] if "@graph" in data else [data]
    return []


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _read_json_ld(html: str, node: Node, out: Meta) -> None:
    """headline, datePublished and contentLocation of an article described in JSON-LD."""
    try:
        data = json.loads(html[node.start : node.end].split(">", 1)[-1].rsplit("<", 1)[0])
    except ValueError:
        return
    for item in _ld_items(data):
        kind = str(item.get("@type", ""))
        if not re.search(r"Article|Posting|Report|Page|Event", kind):
            continue
        headline = _ld_name(item.get("headline"))
        if headline and out.headline is None and "Page" not in kind:
            out.headline = htmllib.unescape(headline)
        if isinstance(item.get("datePublished"), str):
            out.offer_date(item["datePublished"], 0)
        place = _ld_name(item.get("contentLocation") or item.get("locationCreated"))
        if place:
            out.values.setdefault("place", place)


_ASIDE_TAGS = frozenset(("nav", "aside", "footer", "a"))
_ASIDE_LABEL = re.compile(r"related|sidebar|side-bar|listing|teaser|latest|more-news|recent|footer|menu|widget|archive")


def _in_furniture(node: Node) -> bool:
    """Inside a navigation, footer, aside or a list of other items (a 'related' or 'latest' block)."""
    up = node.parent
    while up is not None:
        if up.tag in _ASIDE_TAGS or (up.attr_text and _ASIDE_LABEL.search(up.labels())):
            return True
        up = up.parent
    return False


_DATE_TERM = re.compile(r"^(?:Published|Date|Released|Issued|Posted|Publication date|Date of publication)\s*:?$", re.I)


def _read_field_date(html: str, node: Node, out: Meta) -> None:
    """A definition list's 'Published' / 'Date' term and its value ('<dt>Published</dt><dd>3 March 2022</dd>')."""
    parent = node.parent
    if parent is None or _in_furniture(node):
        return
    siblings = [c for c in parent.children if isinstance(c, Node)]
    at = next(i for i, c in enumerate(siblings) if c is node)
    term = siblings[at - 1] if at else None
    if term is not None and term.tag == "dt" and _DATE_TERM.match(node_text(html, term)):
        found = shown_date(node_text(html, node))
        if found:
            out.shown.append((node.start, found))


_SHOWN_TAGS = frozenset(("p", "div", "span", "dd", "td", "time", "li", "small", "strong", "em", "h4", "h5", "h6"))


def _read_named(html: str, node: Node, out: Meta) -> None:
    stamp = node.get("datetime") or node.get("content")
    if stamp and (
        node.get("itemprop").lower() == "datepublished"
        or (node.tag == "time" and _PUBLISHED_LABEL.search(node.labels()))
    ):
        out.offer_date(stamp, 1)
    labels = node.labels()
    if not node.text_len:
        return
    if out.date_rank > 1 and node.text_len <= 60 and node.tag in _SHOWN_TAGS and not node.link_len:
        # a date displayed alone in its element (under the title, a 'Published' field): the page's stamp
        found = shown_date(node_text(html, node))
        if found and not _in_furniture(node):
            out.shown.append((node.start, found))
            return
    if (_PLACE_LABEL.search(labels) or node.get("itemprop").lower() == "contentlocation") and node.tag != "meta":
        text = node_text(html, node)
        if 2 <= len(text) <= 80 and node.link_len * 2 < node.text_len and "place" not in out.values:
            out.values["place"] = text
        return
    if not labels:
        return
    if ("subitle" in labels or "subtitle" in labels or "futitle" in labels) and "subtitle" not in out.values:
        out.values["subtitle"] = node_text(html, node)
    elif re.search(r"(?:^|[\s_-])(?:source|news_body_source)(?:$|\s)", labels) and "source" not in out.values:
        text = re.sub(r"^(?:来源|source)\s*[:：]\s*", "", node_text(html, node), flags=re.I)
        text = text.replace("（供稿）", "").strip()
        if text:
            out.values["source"] = text


def _clean_doc_title(title: str) -> str:
    parts = [p.strip() for p in _TITLE_SPLIT.split(title) if p.strip()]
    if len(parts) <= 1:
        return title.strip()
    kept = [p for p in parts if not _SITE.search(p)] or parts
    return kept[0] if len(kept) == 1 or len(kept[0]) >= 12 else " - ".join(kept)


def title_node(tree: Tree, meta: Meta, skip: set[int]) -> tuple[str | None, Node | None]:
    """The article title and the element showing it (None when it comes from <title> or og:title).

    A heading that repeats og:title, the JSON-LD headline or the cleaned `<title>` wins; else the
    first h1, else the first labelled title element, that is not the site's name.
    """
    html = tree.html
    doc_title = _clean_doc_title(meta.doc_title) if meta.doc_title else None
    site = _norm(meta.values.get("site_name") or "")
    candidates: list[tuple[str, Node]] = []
    for node in tree.nodes:
        if id(node) in skip or not (4 <= node.text_len <= 400):
            continue
        if node.tag == "h1" or (
            node.tag in ("h2", "h3", "div", "p", "span", "td") and _TITLE_LABEL.search(node.labels())
        ):
            text = _CJK_GAP.sub("", node_text(html, node))
            if text and _norm(text) != site:
                candidates.append((text, node))
    refs = [_norm(r) for r in (meta.values.get("og_title"), meta.headline, doc_title) if r]
    refs = [r for r in refs if r and r != site]
    for ref in refs:
        for text, node in candidates:
            key = _norm(text)
            if key == ref or (len(key) >= 8 and (key in ref or ref in key)):
                return text, node
    h1 = [(text, node) for text, node in candidates if node.tag == "h1"]
    if h1 and not refs:
        return h1[0]
    if refs:
        shown = meta.values.get("og_title") or meta.headline or doc_title or ""
        return " ".join(shown.split()), None
    return candidates[0] if candidates else (None, None)


def _norm(text: str) -> str:
    return " ".join(_CJK_GAP.sub("", text).replace("\u2019", "'").split()).casefold()


def guess_language(text: str) -> str | None:
    """'zh', 'ja', 'ko' by the share of their scripts; 'en' by common words; else None."""
    sample = "".join(text[:4000].split())
    if not sample:
        return None
    if len(_KANA.findall(sample)) > 0.05 * len(sample):
        return "ja"
    if len(_HANGUL.findall(sample)) > 0.2 * len(sample):
        return "ko"
    if len(_CJK.findall(sample)) > 0.2 * len(sample):
        return "zh"
    words = text[:4000].lower()
    if len(_EN_WORDS.findall(words)) > 0.05 * max(len(words.split()), 1):
        return "en"
    return None
