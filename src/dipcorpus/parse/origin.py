"""Where a document comes from: the country (or organisation) whose office published it, and which
office (the head of state's, the foreign ministry's, an international organisation's).

Read from the source URLs in the header (url, link, canonical, ...), then the links in the raw page,
then cue phrases in the title and the first lines of the text. The speaker stage uses it to say
whose spokesperson 'MR. PRICE' is, or who 'The President' was on the document's date.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from dipcorpus.model import Document

__all__ = ["HEAD", "INTERNATIONAL", "MINISTRY", "Origin", "find_origin"]

HEAD = "head"  # the office of a head of state or government (a presidency, a prime minister's office)
MINISTRY = "ministry"  # a foreign ministry / department of state
INTERNATIONAL = "international"  # an international organisation's secretariat

# Domain suffixes of official sites: (country or organisation id, office). The longest suffix wins.
_DOMAINS: dict[str, tuple[str, str | None]] = {
    "whitehouse.gov": ("USA", HEAD),
    "whitehouse.archives.gov": ("USA", HEAD),
    "state.gov": ("USA", MINISTRY),
    "kremlin.ru": ("RUS", HEAD),
    "government.ru": ("RUS", HEAD),
    "mid.ru": ("RUS", MINISTRY),
    "fmprc.gov.cn": ("CHN", MINISTRY),
    "mfa.gov.cn": ("CHN", MINISTRY),
    "english.www.gov.cn": ("CHN", HEAD),
    "un.org": ("org:un", INTERNATIONAL),
    "gov.uk": ("GBR", None),
    "elysee.fr": ("FRA", HEAD),
    "diplomatie.gouv.fr": ("FRA", MINISTRY),
    "bundesregierung.de": ("DEU", HEAD),
    "auswaertiges-amt.de": ("DEU", MINISTRY),
    "kantei.go.jp": ("JPN", HEAD),
    "mofa.go.jp": ("JPN", MINISTRY),
    "mea.gov.in": ("IND", MINISTRY),
    "pmindia.gov.in": ("IND", HEAD),
    "gov": ("USA", None),
}
_TLDS = {"ru": "RUS", "cn": "CHN", "uk": "GBR", "fr": "FRA", "de": "DEU", "jp": "JPN", "in": "IND", "kr": "KOR"}
_URL = re.compile(r"https?://([a-z0-9.-]+\.[a-z]{2,})", re.IGNORECASE)
_HEADER_URLS = ("url", "source_url", "link", "canonical", "guid", "og:url")
_CUES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"\bWhite House\b|Office of the Press Secretary|Brady Press Briefing Room|Air Force One"), "USA", HEAD),
    (re.compile(r"Department of State|State Department|Department Press Briefing"), "USA", MINISTRY),
    (re.compile(r"\bKremlin\b|President of Russia"), "RUS", HEAD),
    (re.compile(r"Ministry of Foreign Affairs of the Russian Federation"), "RUS", MINISTRY),
    (re.compile(r"Foreign Ministry Spokesperson|Ministry of Foreign Affairs of the People's Republic of China"),
     "CHN", MINISTRY),
    (re.compile(r"外交部"), "CHN", MINISTRY),
    (re.compile(r"General Assembly|Secretary-General"), "org:un", INTERNATIONAL),
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Origin:
    """`country` is a KB id (an ISO3 country or an organisation), `office` one of HEAD, MINISTRY,
    INTERNATIONAL; either may be None when nothing says. `date` is the day the roles are read on."""

    country: str | None = None
    office: str | None = None
    date: str | None = None


@functools.lru_cache(maxsize=4096)
def _by_domain(host: str) -> tuple[str, str | None] | None:
    host = host.lower().rstrip(".")
    best: tuple[str, str | None] | None = None
    best_len = -1
    for suffix, value in _DOMAINS.items():
        if (host == suffix or host.endswith("." + suffix)) and len(suffix) > best_len:
            best, best_len = value, len(suffix)
    if best is None and host.rsplit(".", 1)[-1] in _TLDS and ".gov." in f".{host}.":
        best = (_TLDS[host.rsplit(".", 1)[-1]], None)
    return best


def _from_urls(doc: Document) -> tuple[str, str | None] | None:
    for key in _HEADER_URLS:
        value = doc.header.get(key) or ""
        m = _URL.match(value.strip())
        if m and (hit := _by_domain(m.group(1))):
            return hit
    counts: Counter[tuple[str, str | None]] = Counter()
    for m in _urls(doc.raw[:200_000]):
        hit = _by_domain(m.group(1))
        if hit:
            counts[hit] += 1
    return counts.most_common(1)[0][0] if counts else None


def _urls(page: str) -> Iterator[re.Match[str]]:
    """`_URL.finditer(page)`, trying the pattern only where a URL can start (four or five characters
    before a '://', found with `str.find`) rather than at every character of the page."""
    end = 0  # where the last match ended: the next one starts there or later
    colon = page.find("://")
    while colon != -1:
        for start in (colon - 5, colon - 4):
            if start >= end and (m := _URL.match(page, start)) is not None:
                yield m
                end = m.end()
                break
        colon = page.find("://", colon + 1)


def _from_text(doc: Document) -> tuple[str, str] | None:
    head = "\n".join(
        (doc.title or "", doc.header.get("site_name", ""), doc.header.get("creator", ""), doc.header.get("venue", ""),
         doc.text[:1500])
    )  # fmt: skip
    for pattern, country, office in _CUES:
        if pattern.search(head):
            return country, office
    counts = Counter({(country, office): _count(pattern, doc.text) for pattern, country, office in _CUES})
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] >= 2 else None  # the cue the whole text repeats most


_META = re.compile(r"[.^$*+?{}\[\]|()\\]")
# The words each cue pattern is made of (None when one of its alternatives is more than a word):
# a text holding none of them has no match, and `str.find` says so faster than the pattern.
_CUE_WORDS = {
    pattern: None if pattern.flags & re.IGNORECASE or any(_META.search(w) for w in words) else words
    for pattern, _, _ in _CUES
    for words in [pattern.pattern.replace(r"\b", "").split("|")]
}


def _count(pattern: re.Pattern[str], text: str) -> int:
    """`len(pattern.findall(text))` for a cue pattern."""
    words = _CUE_WORDS.get(pattern)
    if words is not None and not any(w in text for w in words):
        return 0
    return len(pattern.findall(text))


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")  # fmt: skip
_PRINTED_DATE = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2}),\s+((?:19|20)\d\d)\b", re.IGNORECASE)


_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)?\d\d)(?![\d/])")


def _printed_date(head: str) -> str | None:
    """The first 'July 9, 2009' (or US-style '7/9/09') in `head`, as an ISO date (roles are read on it)."""
    m = _PRINTED_DATE.search(head)
    if m:
        return f"{m.group(3)}-{_MONTHS.index(m.group(1).casefold()) + 1:02d}-{int(m.group(2)):02d}"
    n = _NUMERIC_DATE.search(head)
    if n and 1 <= int(n.group(1)) <= 12 and 1 <= int(n.group(2)) <= 31:
        year = n.group(3) if len(n.group(3)) == 4 else f"20{n.group(3)}"
        return f"{year}-{int(n.group(1)):02d}-{int(n.group(2)):02d}"
    return None


def find_origin(doc: Document) -> Origin:
    """The country and office behind `doc`, and the date roles are read on (the event date, else
    the publication date, else a date in the header)."""
    date = doc.date or doc.published or doc.header.get("date") or _printed_date(doc.title or "")
    date = date or _printed_date(doc.text[:1000])
    hit = _from_urls(doc)
    cue = _from_text(doc)
    if hit and hit[1] is None and cue and cue[0] == hit[0]:
        hit = cue  # a country's generic domain: the text says which office
    found = hit or cue
    return Origin(country=found[0] if found else None, office=found[1] if found else None, date=date)
