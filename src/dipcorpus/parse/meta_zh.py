"""Chinese metadata for the metadata stage (`parse/meta.py`): event dates written in Chinese and read
against the publication day, and the place of a Chinese news dateline.

- Dates: a full date ('2020年7月17日'), a month and day ('1月31日晚', the latest such day on or before
  publication), a day of the month alone ('12日', this month's, else last month's), or a relative word
  (今天/今日/即日/当天 the publication day, 昨天/昨日 the day before, 前天 two days before,
  (上|本)?周X/星期X the latest such weekday, 上周X the week before). Only the first sentence of a
  narrative paragraph is read, and never a date announced for the future ('将于6月16日').
- Place: a news agency's dateline ('新华社北京1月31日电', '本报东京5月3日讯') or a place in brackets
  opening the text ('（北京）'); the English name where CLDR has one (an exemplar city of a time zone,
  a country), else the name as printed.
"""

from __future__ import annotations

import datetime
import functools
import re

from dipcorpus.model import format_date
from dipcorpus.parse.zh_text import has_cjk, simplified

__all__ = ["ZH_LABEL_LINE", "english_place", "zh_dateline_place", "zh_event_date"]

# a speaker label opening a Chinese paragraph (the turn parser's labels): not narrative
ZH_LABEL_LINE = re.compile(
    r"^\s*(?:问|答|追问|会后有?[^\s：:，。]{0,10}记者问及?|[^\s：:，。（(]{1,24}记者(?:提问|追问|问)?)\s*[：:]"
)
_WEEKDAYS = "一二三四五六日天"
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
    r"|(?<![\d年])(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日"
    r"|(?<![\d月])(?P<d3>\d{1,2})日(?![\d电讯])"
    r"|(?P<word>今天|今日|即日|当天|昨天|昨日|前天)"
    r"|(?P<last>上)?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天])"
)
_FUTURE = re.compile(r"将于|将在|即将|将要|拟于|计划于|定于|明天|明日|下周")
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]?")


def zh_event_date(paragraphs: list[str], published: datetime.date) -> str | None:
    """The event date the first sentence of the first narrative paragraph states, read against
    the publication day, or None."""
    for para in paragraphs[:2]:
        if not has_cjk(para):
            continue
        para = simplified(para[:400])  # '上週五' reads as '上周五'
        if ZH_LABEL_LINE.match(para):
            continue
        sentence = _SENTENCE.match(para.strip())
        text = sentence.group() if sentence else ""
        for m in _DATE.finditer(text):
            if _FUTURE.search(text, max(0, m.start() - 4), m.end() + 4):
                return None  # an announcement: its date is not the event's
            found = _date(m, published)
            if found:
                return found
        return None
    return None


def _date(m: re.Match[str], pub: datetime.date) -> str | None:
    if m.group("y"):
        found = format_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        return found if found and found <= pub.isoformat() else None
    if m.group("m2"):
        for year in (pub.year, pub.year - 1):
            found = format_date(year, int(m.group("m2")), int(m.group("d2")))
            if found and found <= pub.isoformat():
                return found
        return None
    if m.group("d3"):
        day = int(m.group("d3"))
        month_start = pub.replace(day=1)
        previous = month_start - datetime.timedelta(days=1)
        for base in (pub, previous):
            found = format_date(base.year, base.month, day)
            if found and found <= pub.isoformat():
                return found
        return None
    if m.group("word"):
        back = {"昨天": 1, "昨日": 1, "前天": 2}.get(m.group("word"), 0)
        return (pub - datetime.timedelta(days=back)).isoformat()
    weekday = _WEEKDAYS.index(m.group("wd")) if m.group("wd") != "天" else 6
    back = (pub.weekday() - weekday) % 7
    if m.group("last"):
        back = back + 7 if back < pub.weekday() + 1 else back  # a day of the week before this one
    return (pub - datetime.timedelta(days=back)).isoformat()


_DATELINE = re.compile(
    r"^[【（(]?[\u4e00-\u9fff]{1,10}?(?:社|网|报|台|本报|中心)(?:记者[\u4e00-\u9fff]{2,4})?"
    r"(?P<place>[\u4e00-\u9fff]{2,8}?)(?:\d{1,2}月)?\d{1,2}日(?:电|讯)"
)
_BRACKETED = re.compile(r"^[（(](?P<place>[\u4e00-\u9fff]{2,8})[）)]")


def zh_dateline_place(paragraphs: list[str]) -> str | None:
    """The place of a Chinese news dateline opening one of the first paragraphs, in English where
    CLDR names it."""
    for para in paragraphs[:3]:
        para = simplified(para[:80].strip())
        m = _DATELINE.match(para) or _BRACKETED.match(para)
        if m:
            return english_place(m.group("place"))
    return None


def english_place(name: str) -> str:
    """A Chinese place name in English where CLDR has it (a time zone's city, a country), else as printed."""
    return _cldr_places().get(name, name)


@functools.lru_cache(maxsize=1)
def _cldr_places() -> dict[str, str]:
    from babel import Locale

    zh, en = Locale.parse("zh"), Locale.parse("en")
    out: dict[str, str] = {}
    for zone, names in zh.time_zones.items():
        city = names.get("city")
        if city:
            english = en.time_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
            out.setdefault(str(city), str(english))
    for code, name in zh.territories.items():
        if code.isalpha() and code in en.territories:
            out.setdefault(name, en.territories[code])
    return out
