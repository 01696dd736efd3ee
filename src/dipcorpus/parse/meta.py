"""Document metadata read from the clean text: title, event date, place, event type, event name, language.

Never invents: a value is set only when the text (or the source's own metadata) states it.
The event date is what the text says happened ('On September 22, 2022 local time', a dated
title); the publication date (a page stamp, a feed's pubDate) stays separate in `published`.
"""

from __future__ import annotations

import dataclasses
import re

from dipcorpus.model import Document, format_date

__all__ = ["find_metadata", "parse_date"]

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_FULL_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH = rf"(?P<month>{_FULL_MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_MDY = rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)"
_DMY = rf"(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{_FULL_MONTHS})\s+(?P<year2>(?:19|20)\d\d)"
_ZH = r"(?P<year3>(?:19|20)\d\d)年(?P<month3>\d{1,2})月(?P<day3>\d{1,2})日"
_DATE = re.compile(rf"{_MDY}|{_DMY}|{_ZH}")
_ANY = re.sub(r"\?P<\w+>", "", rf"(?:{_MDY}|{_DMY})")  # the same dates, without group names
_EVENT_DATE = re.compile(rf"(?:^|[.;]\s+)(?:On|on)\s+{_ANY}|{_ANY},?\s+local\s+time|^{_ZH}")
_TITLE_DATE = re.compile(rf"\b(?:on|On|of|,)\s+{_ANY}|\(\s*{_ANY}\s*\)|{_ZH}")

_PLACE = re.compile(
    r"\b(?:in|at)\s+(?P<place>(?:the\s+)?(?:[A-Z][\w'’.-]+|of|the)(?:\s+(?:[A-Z][\w'’.-]+|of|the|de|and)){0,5})"
    r"(?=\s*(?:[.,;]|\bon\b|\bduring\b|\bvia\b|\bwhen\b|\bwhile\b|\bto\b|$))"
)
_NOT_PLACES = re.compile(r"^(?:the\s+)?(?:UN|United Nations|Security Council|General Assembly|Ministry|Council)\b")
_MONTH_WORD = re.compile(rf"^{_MONTH}$")

# Checked in this order on the lower-cased title, then on the first paragraph; the first type named wins.
_EVENT_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        (
            "press conference",
            r"press conference|meets the press|press briefing|news conference|press availability|briefing"
            r"|记者会|答记者问|吹风会",
        ),
        ("interview", r"\binterview|采访|专访"),
        ("phone call", r"phone|通电话|video call"),
        (
            "multilateral meeting",
            r"ministers'? meeting|foreign ministers|summit|multilateral|council of|\bforum\b|conference on"
            r"|countries'? (?:foreign )?ministers|\bg20\b|\bg7\b|brics|asean|session of|general debate|会议|峰会",
        ),
        ("bilateral meeting", r"\bmeets?\b|\bmet with\b|holds? talks|\btalks with\b|会见|会谈"),
        ("speech", r"\bspeech|\bremarks\b|\baddress(?:es)?\b|讲话|致辞|演讲"),
        ("statement", r"statement|spokesperson'?s? remarks|declaration|communiqu|readout|声明|谈话"),
    )
)
_EVENT_NAME = re.compile(
    r"(?:attending|attended|on the sidelines of|on the margins of|at the invitation of|during)\s+"
    r"(?P<name>the\s+(?:[A-Z0-9][\w'’-]*|of|the|and|for|on)(?:\s+(?:[A-Z0-9][\w'’-]*|of|the|and|for|on|-)){1,14})"
)


def parse_date(text: str) -> str | None:
    """The first full date in `text` as YYYY-MM-DD, or None."""
    m = _DATE.search(text)
    return _iso(m) if m else None


def _iso(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    if groups.get("year3"):
        year, month, day = int(groups["year3"]), int(groups["month3"]), int(groups["day3"])
    elif groups.get("year2"):
        year, month, day = int(groups["year2"]), _MONTHS[groups["month2"].lower()], int(groups["day2"])
    elif groups.get("year"):
        year, month, day = (
            int(groups["year"]),
            _MONTHS[groups["month"].lower().rstrip(".")],
            int(groups["day"]),
        )
    else:
        return None
    return format_date(year, month, day)


def _paragraphs(text: str, limit: int = 6) -> list[str]:
    return [p for p in text.split("\n\n", limit)[:limit] if p.strip()]


def _title(doc: Document, paras: list[str]) -> str | None:
    if doc.title:
        return doc.title.strip()
    if not paras:
        return None
    first = paras[0].strip()
    if len(first) > 300 or re.search(r"\w[.;]$", first) or re.match(r"(?:On|At|In)\s", first):
        return None
    if re.match(r"^(?:\d+\.\s*)?[A-Z][\w’' .-]{0,40}:\s", first) and re.search(r"\w[.?!]\s+[A-Z]", first):
        return None  # a speaker turn (several sentences), not a title
    return first


def _event_date(title: str | None, body: list[str]) -> str | None:
    if title:
        m = _TITLE_DATE.search(title)
        if m:
            return parse_date(m.group())
    for para in body[:3]:
        m = _EVENT_DATE.search(para[:600])
        if m:
            return parse_date(m.group())
    return None


_EVENT_CUE = re.compile(
    r"\b(?:On|on)\s+\w+\s+\d|local time|\b(?:met|meets|held|hosted|attend(?:ed|ing)|visit(?:ed|ing)?|arrived|"
    r"press conference|chaired|delivered|signed)\b"
)


def _place(body: list[str]) -> str | None:
    """Where the event happened, from the first sentence that reports the event."""
    for para in body[:2]:
        sentence = re.split(r"(?<=[.!?])\s", para, maxsplit=1)[0]
        if _EVENT_CUE.search(sentence) is None or re.match(r"^(?:\d+\.\s*)?[\w’' .-]{1,40}:\s", sentence):
            continue
        for m in _PLACE.finditer(sentence):
            place = m.group("place").strip()
            place = re.sub(r"^the\s+", "", place)
            place = re.sub(r"[\s.,;]+$", "", place)
            place = re.sub(r"\s+(?:of|the|and|de)$", "", place)
            words = place.split()
            if not words or _MONTH_WORD.match(words[0]) or _NOT_PLACES.match(place) or place[0].isdigit():
                continue
            return place
    return None


def _event_type(title: str | None, body: list[str]) -> str | None:
    """The first type, in the order of _EVENT_TYPES, that the title (else the first paragraph) names."""
    for text in ((title or "").lower(), body[0][:400].lower() if body else ""):
        for name, pattern in _EVENT_TYPES:
            if text and pattern.search(text):
                return name
    return None


def _event_name(body: list[str]) -> str | None:
    for para in body[:2]:
        m = _EVENT_NAME.search(para[:600])
        if m:
            name = re.sub(r"^the\s+", "", m.group("name"))
            name = re.sub(r"\s+(?:via|in|on|of|the|and|for|-)$", "", name).strip()
            if len(name.split()) >= 2:
                return name
    return None


_LETTER = re.compile(r"[^\W\d_]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _language(text: str) -> str | None:
    sample = text[:1500]
    letters = len(_LETTER.findall(sample))
    if letters < 20:
        return None
    return "zh" if len(_CJK.findall(sample)) > 0.3 * letters else "en"


def find_metadata(doc: Document) -> Document:
    """Set title, event date, place, event type, event name and language where the text states them."""
    paras = _paragraphs(doc.text)
    title = _title(doc, paras)
    body = paras[1:] if paras and title and paras[0].strip() == title else paras
    event_type = doc.event_type or _event_type(title, body)
    return dataclasses.replace(
        doc,
        title=title,
        date=doc.date or _event_date(title, body),
        place=doc.place or _place(body),
        event_type=event_type,
        event_name=doc.event_name or _event_name(body),
        language=doc.language or _language(doc.text),
    )
