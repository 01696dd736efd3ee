"""Recognise lines that are not the document: site boilerplate, date stamps, archive headers, page furniture."""

from __future__ import annotations

import re

from dipcorpus.model import format_date

__all__ = [
    "RELEASE_LINE",
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
    r"|END"  # a transcript's end mark
    r"|[_=\-–—]{5,}|#(?:\s*#){2}|-\s*30\s*-"  # rules and end-of-release marks
    r"|(?:Begin|End)(?:\s+of)?\s+(?:the\s+)?text\s*[.:]?|Text\s+(?:begins|ends)\s*[.:]?"  # text quotation marks
    r"|Office\s+of\s+the\s+(?:(?:Principal\s+)?Deputy\s+)?(?:Spokes(?:person|man|woman)|Press\s+Secretary"
    r"|Press\s+Office|Press\s+Secretary\s+to\s+the\s+\w+(?:\s+\w+)?)"  # press-office header lines
    r"|\(?\s*The\s+(?:press\s+)?(?:briefing|conference|gaggle|call|meeting|session)\s+(?:was\s+)?"
    r"(?:concluded|ended|adjourned)\s+at\s+\d{1,2}[:.]\d{2}\s*[AaPp]\.?\s?[Mm]\.?(?:\s*[A-Z]{2,4})?\s*\.?\s*\)?"
    r")\s*$",
    re.IGNORECASE,
)

# a press-release dateline kept as a header field: 'For Immediate Release' (and the date)
RELEASE_LINE = re.compile(r"^\s*For\s+(?:Immediate\s+)?Release\b\s*[:.,]?\s*(.{0,40}?)\s*$", re.IGNORECASE)
# a release's note on its source: 'The text of the following statement was released by ...'
_RELEASED_BY = re.compile(
    r"^\s*The\s+(?:(?:full\s+)?text\s+of\s+the\s+)?following\s+(?:\w+\s+){0,3}"
    r"(?:statement|communiqu[eé]|declaration|readout|letter|message|remarks)\s+(?:was|were|is|has\s+been)\s+"
    r"(?:released|issued|published)\s+by\b.{0,300}$",
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
    """A short line that only navigates, shares or switches language, or marks a release's edges."""
    if len(line) <= 160 and _BOILERPLATE.match(line) is not None:
        return True
    return len(line) <= 400 and _RELEASED_BY.match(line) is not None


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
    r"|[_=\-–—#]|Begin|Text|Office\s+of|The\s+(?:text|following|full)|For\s+(?:Immediate\s+)?Release"
    rf"|{_HEADER_KEYS})",
    re.MULTILINE | re.IGNORECASE,
)


def candidate_line_starts(text: str) -> list[int]:
    """Offsets of line beginnings that may hold boilerplate, a date stamp or an archive header."""
    return [m.start() for m in _CANDIDATE.finditer(text)]
