"""Recognise lines that are not the document: site boilerplate, date stamps, archive headers, page furniture."""

from __future__ import annotations

import re

from dipcorpus.model import format_date

__all__ = [
    "candidate_line_starts",
    "is_boilerplate",
    "is_page_number",
    "parse_archive_header",
    "parse_timestamp",
]

_SHARE_WORDS = (
    r"(?:Print(?:\s+this\s+page)?|Close(?:\s+window)?|E-?mail(?:\s+this)?|Share(?:\s+(?:now|this(?:\s+page)?|on\s+\w+))?"
    r"|Tweet|Facebook|Twitter|Weibo|WeChat|LinkedIn|Whatsapp|Subscribe|Back\s+to\s+top|Top|Bookmark"
    r"|打印(?:本页)?|关闭(?:窗口)?|分享(?:到)?|字号|大|中|小|默认)"
)
_LANG_WORDS = (
    r"(?:English|中文|简体|繁體|繁体|Français|Francais|Español|Espanol|Русский|العربية|Deutsch|日本語|Português)"
)

_BOILERPLATE = re.compile(
    r"^\s*(?:"
    r"(?:Home|Homepage|首页|主页)\s*(?:>|›|»|＞|&gt;|/)\s*.*"  # breadcrumb
    r"|<?\s*Suggest\s+to\s+a\s+friend\s*:?\s*>?"
    r"|[\[【<(]?\s*"
    + _SHARE_WORDS
    + r"\s*[\]】>)]?\s*:?(?:\s*[|/·•]?\s*[\[【<(]?\s*"
    + _SHARE_WORDS
    + r"\s*[\]】>)]?)*"
    r"|" + _LANG_WORDS + r"(?:\s*[|/·•]\s*" + _LANG_WORDS + r")+"
    r"|(?:Copyright|©|版权所有).{0,150}"
    r"|(?:Related\s+(?:News|Stories|Articles)|Recommended)\s*:?"
    r"|(?:END\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?\s?[Mm]\.?)?\s*(?:[A-Z]{2,4})?"  # transcript clock lines
    r")\s*$",
    re.IGNORECASE,
)

_TIMESTAMP = re.compile(
    r"^\s*[\[(（]?\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+(\d{1,2}):(\d{2})(?::\d{2})?)?\s*[\])）]?\s*$"
)

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?\s*$|^\s*(?:Page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$",
    re.IGNORECASE,
)

_HEADER_KEYS = r"Journal|Date|Author|Page\s+No\.?|Page|Source|Section|Edition|Publication|Headline|Byline"
_ARCHIVE_HEADER = re.compile(rf"^\s*(?:{_HEADER_KEYS})\s*:.*\b(?:{_HEADER_KEYS})\s*:", re.IGNORECASE)
_HEADER_FIELD = re.compile(rf"\b({_HEADER_KEYS})\s*:\s*", re.IGNORECASE)
_EMPTY_VALUES = {"", "na", "n/a", "n.a.", "none", "-", "--", "nil", "null"}


def is_boilerplate(line: str) -> bool:
    """A short line that only navigates, shares or switches language."""
    return len(line) <= 160 and _BOILERPLATE.match(line) is not None


def is_page_number(line: str) -> bool:
    return _PAGE_NUMBER.match(line) is not None


def parse_timestamp(line: str) -> str | None:
    """'2022-09-23 20:10' alone on a line → '2022-09-23 20:10'; anything else → None."""
    m = _TIMESTAMP.match(line)
    if m is None:
        return None
    year, month, day, hour, minute = m.groups()
    return format_date(int(year), int(month), int(day), int(hour) if hour else None, int(minute) if minute else None)


def parse_archive_header(line: str) -> dict[str, str | None] | None:
    """'Journal : X Date : Author : NA Page No. : NA' → {'journal': 'X', 'date': None, ...}."""
    if len(line) > 400 or _ARCHIVE_HEADER.match(line) is None:
        return None
    fields: dict[str, str | None] = {}
    matches = list(_HEADER_FIELD.finditer(line))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        key = re.sub(r"\W+", "_", m.group(1).strip().lower()).strip("_")
        key = "page" if key.startswith("page") else key
        value = line[m.end() : end].strip()
        fields[key] = None if value.casefold() in _EMPTY_VALUES else value
    return fields


# Where a boilerplate line, a date stamp or an archive header could begin. One pass over the whole
# text in C finds the few lines worth checking with the precise single-line patterns above.
_CANDIDATE = re.compile(
    r"^[ \t\r\xa0\u3000\ufeff]*(?:Home|首页|主页|<|\[|【|\(|（|Suggest|Share|Print|Close|E-?mail|Tweet|Facebook|Twitter"
    r"|Weibo|WeChat|LinkedIn|Whatsapp|Subscribe|Back\s|Top|Bookmark|打印|关闭|分享|字号|大|中|小|默认|English|中文|简体|繁"
    r"|Fran|Espa|Русский|العربية|Deutsch|日本語|Portugu|Copyright|©|版权|Related|Recommended|\d{4}[-/.年]|END|\d{1,2}:"
    rf"|{_HEADER_KEYS})",
    re.MULTILINE | re.IGNORECASE,
)


def candidate_line_starts(text: str) -> list[int]:
    """Offsets of line beginnings that may hold boilerplate, a date stamp or an archive header."""
    return [m.start() for m in _CANDIDATE.finditer(text)]
