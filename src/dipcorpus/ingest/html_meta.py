"""Page metadata from an `html_tree.Tree`: meta tags, title, language and publication date."""

from __future__ import annotations

import html as htmllib
import re

from dipcorpus.ingest.html_blocks import DATE_RE, node_text
from dipcorpus.ingest.html_tree import Node, Tree
from dipcorpus.model import format_date

__all__ = ["Meta", "guess_language", "iso_date", "read_meta", "title_node"]

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
_TITLE_SPLIT = re.compile(r"\s+[-–—|_:]+\s+|\s*[|_]\s*|\s*——\s*")
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

    __slots__ = ("date", "doc_title", "lang", "values")

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.date: str | None = None
        self.lang: str | None = None
        self.doc_title: str | None = None


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


def _primary(lang: str) -> str | None:
    lang = lang.strip().lower().replace("_", "-").split("-")[0]
    return lang if 2 <= len(lang) <= 3 and lang.isalpha() else None


def read_meta(tree: Tree) -> Meta:
    out = Meta()
    html = tree.html
    for node in tree.nodes:
        tag = node.tag
        if tag == "meta":
            _read_meta_tag(node, out)
        elif tag == "html" and out.lang is None:
            out.lang = _primary(node.get("lang") or node.get("xml:lang"))
        elif tag == "title" and out.doc_title is None:
            out.doc_title = node_text(html, node) or None
        elif tag == "link" and "canonical" in node.get("rel").lower() and node.get("href"):
            out.values["canonical"] = htmllib.unescape(node.get("href"))
        elif node.attr_text and tag != "meta":
            _read_named(html, node, out)
    if "url" not in out.values and "canonical" in out.values:
        out.values["url"] = out.values["canonical"]
    return out


def _read_meta_tag(node: Node, out: Meta) -> None:
    key = (node.get("property") or node.get("name") or node.get("http-equiv") or node.get("itemprop")).lower()
    content = htmllib.unescape(node.get("content")).strip()
    if not key or not content:
        return
    if key in _META_KEYS:
        out.values.setdefault(_META_KEYS[key], content)
    elif key in _DATE_KEYS and out.date is None:
        out.date = iso_date(content)
    elif key in _LANG_KEYS and out.lang is None:
        out.lang = _primary(content)


def _read_named(html: str, node: Node, out: Meta) -> None:
    labels = node.labels()
    if not labels or not node.text_len:
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
    """The article title and the element showing it (None when it comes from <title> or og:title)."""
    html = tree.html
    doc_title = _clean_doc_title(meta.doc_title) if meta.doc_title else None
    candidates: list[tuple[str, Node]] = []
    for node in tree.nodes:
        if id(node) in skip or not (4 <= node.text_len <= 400):
            continue
        if node.tag == "h1" or (
            node.tag in ("h2", "h3", "div", "p", "span", "td") and _TITLE_LABEL.search(node.labels())
        ):
            text = node_text(html, node)
            if text:
                candidates.append((text, node))
    ref = meta.values.get("og_title") or doc_title
    candidates = [(_CJK_GAP.sub("", text), node) for text, node in candidates]
    if ref:
        for text, node in candidates:
            if text == ref or (len(text) >= 8 and (text in ref or ref in text)):
                return text, node
    if candidates:
        return candidates[0]
    return (ref, None) if ref else (None, None)


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
