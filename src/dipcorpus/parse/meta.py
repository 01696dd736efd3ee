"""Document metadata read from the clean text: title, event date, place, event type, event name, language.

Never invents: a value is set only when the text (or the source's own metadata) states it.
The event date is what the text says happened ('On September 22, 2022 local time', a dated
title, a transcript header's 'For Immediate Release' line, 'met today' read against the
publication date); the publication date (a page stamp, a feed's pubDate) stays separate in
`published`. When nothing else dates the event, a readout, briefing or statement takes its
publication day (the page's displayed date); an interview or a speech does not.
The place comes from the page's place field, a transcript header ('James S. Brady Press
Briefing Room', 'Aboard Air Force One' / 'En Route X'), the first sentence that reports the
event, or the family of the text (a General Assembly general debate speech is given in New York).
The event type follows the taxonomy in docs/event-types.md.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
import re

from dipcorpus.model import Document, format_date
from dipcorpus.parse.meta_zh import zh_dateline_place, zh_event_date
from dipcorpus.parse.zh_text import simplified

__all__ = ["EVENT_TYPES", "find_metadata", "parse_date"]

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
_DMY = (
    rf"(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{_FULL_MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov"
    r"|Dec)\.?,?\s+(?P<year2>(?:19|20)\d\d)"
)
_ZH = r"(?P<year3>(?:19|20)\d\d)年(?P<month3>\d{1,2})月(?P<day3>\d{1,2})日"
# '07.06.2023': dotted numbers are day.month.year (the European order; US pages write '6/7/2023')
_DOTTED = r"(?<![\d.])(?P<day4>\d{1,2})\.(?P<month4>\d{1,2})\.(?P<year4>(?:19|20)\d\d)(?![\d.]\d)"
_DATE = re.compile(rf"{_MDY}|{_DMY}|{_ZH}|{_DOTTED}")
# the same dates, without group names; each starts with a capital or a digit, which the lookahead checks
# first (a pattern that opens with a date is tried at every character: most fail at once)
_ANY = re.sub(r"\?P<\w+>", "", rf"(?:(?=[A-Z\d])(?:{_MDY}|{_DMY}|{_DOTTED}))")
_EVENT_DATE = re.compile(rf"(?:^|[.;]\s+)(?:On|on)\s+{_ANY}|{_ANY},?\s+local\s+time|^{_ZH}")
_TITLE_DATE = re.compile(rf"\b(?:on|On|of|,)\s+{_ANY}|\(\s*{_ANY}\s*\)|{_ZH}")

_PLACE = re.compile(
    r"\b(?:in|at)\s+(?P<place>(?:the\s+)?(?:[A-Z][\w'’.-]+|of|the)(?:\s+(?:[A-Z][\w'’.-]+|of|the|de|and)){0,5})"
    r"(?=\s*(?:[.,;]|\bon\b|\bduring\b|\bvia\b|\bwhen\b|\bwhile\b|\bto\b|\bwith\b|\bat\b|\bfor\b|\bprior\b|\bahead\b|\bbefore\b|\bafter\b|$))"
)
_NOT_PLACES = re.compile(
    r"^(?:the\s+)?(?:UN|United Nations|Security Council|General Assembly|Ministry|Council)\b"
    r"|(?<=\s)(?:Call|Conference|Meeting|Ministerial|Summit|Dialogue|Forum|Session|Initiative|Program|Action|Committee"
    r"|Commission|Group|Talks)\b"
)
_MONTH_WORD = re.compile(rf"^{_MONTH}$")

# The taxonomy (docs/event-types.md). 'bilateral meeting' and 'multilateral meeting' refine 'meeting'
# where a news-style headline says who met whom ('X Meets Y') or the report opens at a multilateral event.
EVENT_TYPES = (
    "press conference",
    "briefing",
    "interview",
    "meeting",
    "bilateral meeting",
    "multilateral meeting",
    "phone call",
    "speech",
    "statement",
    "joint statement",
    "remarks",
    "readout-other",
)

# Checked in this order on the lower-cased title; the first type named wins.
_TITLE_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        (
            "joint statement",
            r"\bjoint (?:press )?(?:statement|declaration|communiqu)|联合声明|联合公报|联合新闻公报|联合宣言",
        ),
        # a spokesperson's answers to media questions are the spokesperson's remarks (as 答记者问)
        (
            "remarks",
            r"\bspokes(?:wo)?(?:man|person)\b[^,;:]{0,60}\banswers? to (?:the )?(?:[\w-]+ )?(?:media|journalists)",
        ),
        (
            "press conference",
            r"press conference|news conference|press availability|meets? the press|spokesperson.{0,40}briefing"
            r"|(?:answers?|answered|replies|replied) (?:to )?(?:the )?(?:[\w-]+ )?(?:media|journalists|reporters)[’']? "
            r"questions|answered (?:the )?questions of"
            r"|记者会|新闻发布会|记者招待会",
        ),
        ("briefing", r"briefing|\bgaggle|press call|conference call|background call|teleconference|吹风会"),
        ("interview", r"\binterview|采访|专访"),
        (
            "phone call",
            r"telephone|\bphone\b|phone call|video call|\bcalls? with\b|[’']s calls?\b|\bcalls? (?:on|to) "
            r"|通电话|视频通话"
            # a readout's 'X speaks with President Y': a call with a foreign leader
            r"|\b(?:speaks|spoke|talks|talked) (?:today )?with (?:the )?(?:new |newly elected )?"
            r"(?:president|prime minister|chancellor|king|queen|emir|sultan|crown prince|premier"
            r"|(?:[\w-]+ )?(?:foreign )?minister|secretary-general)\b",
        ),
        (
            "statement",
            r"^(?:press )?statement|statement (?:by|of|from|on)\b|\bcommuniqu|\bdeclaration\b|声明|谈话|公报"
            r"|贺电|贺信|唁电|慰问电|致电|致函|宣布",
        ),
        ("remarks", r"\bremarks\b|答记者问|表明立场|阐明立场"),
        ("speech", r"\bspeech|\baddress(?:es)?\b|\bkeynote|\blecture\b|讲话|致辞|演讲"),
        ("bilateral meeting", r"^[^,:]{3,80} (?:meets|holds talks) (?:with )?[a-z]"),
        (
            "meeting",
            r"\bmeeting\b|\bmeets?\b|\bmet\b|\btalks\b|\bnegotiations\b|\bsummit\b|\bsession of\b|\bconsultations?\b"
            r"|\bdialogue\b|videoconference|video conference|会见|会谈|会晤|会议|峰会|磋商|对话",
        ),
    )
)
_MULTILATERAL = re.compile(
    r"(?:attending|attended|while attending|at|to|during) (?:the )?[\w ,’'-]{0,80}?"
    r"(?:ministers[’']? meeting|summit|forum|session of|general assembly|conference of)",
    re.I,
)
_NARRATIVE_TITLE = re.compile(
    r"^(?:(?:[A-Z][\w.’'-]*|and|of|the)\s+){1,12}(?:[a-z]+\s+)?"
    r"(?:visited|visits|laid|attended|took part|opened|inspected|arrived|arrives|toured|presented|awarded|"
    r"congratulated|sent|paid|hosted|received|chaired|addressed|signed|unveiled|exchanged|gave|wished|launched|"
    r"honou?red|was presented|were presented)\b"
)
# An official on a broadcaster's programme ('On ABC’s This Week', 'On NBC Meet the Press') or with a
# journalist of an outlet ('with Jane Roe of Channel 9'): an interview.
_INTERVIEW_TITLE = re.compile(
    r"\b[Oo]n\b.{0,60}\b[Ww]ith (?P<host>(?:[A-Z][\w.'’-]+ ?){2,3})$"
    r"|\b[Ww]ith (?P<name>(?:[A-Z][\w.'’-]+ ){2,3})(?:of|from) (?:the )?[A-Z]"
)
_ROLE_WORDS = re.compile(
    r"\b(?:Minister|President|Secretary|Prime|King|Queen|Prince|Premier|Chancellor|Foreign|Ambassador|Leaders?|"
    r"Staff|Envoy|Governor|Mayor|Chairman|Chair|Director|Commissioner|Representatives?|Officials?|Members?|Council|"
    r"Councilor|Republic|Activists|People|Delegation|Government|Ministers|Students|Youth|Business|Act|Day|"
    r"Anniversary|Agreement|Treaty|Initiative|States|Nations|Union)\b"
)
_EVENT_NOUN = re.compile(
    r"^(?:visit|trip|tour|ceremony|inauguration|parade|gala|reception|concert|exhibition|opening|presentation|"
    r"celebration|commemoration|wreath)\b|\b(?:ceremony|parade|gala|reception|wreath-laying|wreath laying)\b"
)
_PHONE_BODY = re.compile(
    r"\b(?:had|held) (?:a )?(?:telephone|phone) (?:conversation|call|talk)|\bspoke (?:today |yesterday |by phone |"
    r"on the phone |by telephone )*(?:with|to)\b|\btelephone conversation\b|\bphone call\b",
    re.I,
)
_MEETING_BODY = re.compile(r"\b(?:met|meets) (?:with|today|yesterday)\b|\bheld talks\b|\bhad a meeting\b", re.I)
_ADDRESS = re.compile(
    r"^(?:(?:Mr|Madam|Madame|Mister)\.? (?:President|Secretary-General|Chair(?:man|person)?)"
    r"|Your Excellenc|Excellencies|Distinguished|Honou?rable|Ladies and gentlemen)",
    re.M,
)
_GENERAL_DEBATE = re.compile(
    r"\bGeneral Assembly\b|\bgeneral debate\b|\b\d{2}(?:st|nd|rd|th) session\b|this (?:august )?Assembly"
    r"|this (?:august )?Hall|this (?:rostrum|podium)\b",
    re.I,
)
_LABEL = re.compile(r"^(?:Q\b[:.]?|[A-Z][\w.’' -]{0,48}:\s)", re.M)
_QA = re.compile(r"^(?:Q\b[:.]?\s|QUESTION:|问：)", re.M)

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
    if groups.get("year4"):
        year, month, day = int(groups["year4"]), int(groups["month4"]), int(groups["day4"])
    elif groups.get("year3"):
        year, month, day = int(groups["year3"]), int(groups["month3"]), int(groups["day3"])
    elif groups.get("year2"):
        year, month, day = int(groups["year2"]), _MONTHS[groups["month2"].lower().rstrip(".")], int(groups["day2"])
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
    if found := _headline_after_masthead(paras):
        return found
    if len(first) > 300 or re.search(r"\w[.;,:]$", first) or re.match(r"(?:On|At|In)\s|(?:I|We)\s+[a-z]", first):
        return None
    if re.match(r"^(?:\d+\.\s*)?[A-Z][\w’' .-]{0,40}:\s", first) and re.search(r"\w[.?!]\s+[A-Z]", first):
        return None  # a speaker turn (several sentences), not a title
    return first


_SYMBOL = re.compile(r"^[A-Z]{1,8}(?:/[A-Z0-9.]+)*/\d[\w./-]*$")  # a document symbol ('SC/15298', 'GA/12345')


def _headline_after_masthead(paras: list[str]) -> str | None:
    """A release that opens with its issuer ('Security Council'), a meeting number, a document symbol and
    a date before the headline: the first headline-like paragraph after those lines."""
    first = " ".join(paras[0].split())
    if len(first.split()) > 5 or first.endswith((".", ":", ",")):
        return None
    marked = False
    for para in paras[1:6]:
        line = " ".join(para.split())
        if _SYMBOL.match(line) or _DATE_LINE.match(line) or _MEETING_RECORD.match(line):
            marked = True
            continue
        if len(line.split()) <= 5 and not line.endswith("."):
            continue
        if marked and len(line) <= 300 and not re.search(r"[.;:,]$", line):
            return line
        return None
    return None


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUM_DATE = re.compile(r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)?\d\d)(?![\d/])")
_RELEASE = re.compile(
    rf"(?:For Immediate Release|Release Date|Released|Published|Publication date|Date)(?:\s+on)?\s*:?\s*(?:{_ANY})",
    re.I,
)
_DATE_LINE = re.compile(
    rf"^[(\[]?\s*(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?{_ANY}"
    r"(?:\s*(?:[,–—-]|\bat)?\s+\d{1,2}[:.]\d\d(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?)?\s*[)\]]?"
    r"(?=$|[,;.]?\s+[A-Z]|\s+[-–—|]\s+[A-Z][\w ]{2,30}$)"
    # a place may follow on the same line ('..., 3:26 p.m. Press Room, Ministry')
)
_ON_DATE = re.compile(rf"\b[Oo]n\s+{_ANY}")
_EVENT_VERB = re.compile(
    r"\b(?:met|meets|spoke|speaks|held|holds|hosted|discussed|signed|visited|attended|took place|was held|were held|"
    r"convened|participated|joined|co-chaired|chaired|welcomed|talked|had a|launched|opened|concluded|reaffirmed)\b"
)
_RELATIVE = re.compile(
    r"\b(?P<word>today|yesterday|this (?:morning|afternoon|evening)|tonight|last night)\b"
    r"|\b[Oo]n (?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!,? (?:" + _FULL_MONTHS + r"))"
    r"|\b[Oo]n (?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?(?P<month>"
    + _FULL_MONTHS
    + r")\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s+(?:19|20)\d\d)"
)


_SENTENCE_END = re.compile(  # the assertion that fails at most characters first
    r"(?<=[^\sA-Z.][.!?])(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)\s+(?=[A-Z“\"‘])"
)


def _first_sentence(para: str) -> str:
    """The first sentence; an initial ('Antony J. Blinken') or 'D.C.' does not end it."""
    return _SENTENCE_END.split(re.sub(r"^\(?\d{1,3}[.)]\s+", "", para), maxsplit=1)[0]


def _day(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _title_date(title: str) -> str | None:
    m = _TITLE_DATE.search(title)
    if m:
        return parse_date(m.group())
    m = _NUM_DATE.search(title)  # US style '1/20/2010', '6/13/12'
    if m:
        year = int(m.group("y"))
        return format_date(year + 2000 if year < 100 else year, int(m.group("m")), int(m.group("d")))
    return None


def _relative_date(para: str, published: datetime.date) -> str | None:
    """'spoke today', 'met yesterday', 'on Sunday', 'on August 4' read against the publication day."""
    sentence = _first_sentence(para)
    if _EVENT_VERB.search(sentence) is None or re.search(r"\bwill\b|\bto (?:travel|meet|visit)\b", sentence):
        return None
    m = _RELATIVE.search(sentence)
    if m is None:
        return None
    when = published
    if m.group("word"):
        if m.group("word") in ("yesterday", "last night"):
            when = published - datetime.timedelta(days=1)
    elif m.group("weekday"):
        back = (published.weekday() - _WEEKDAYS.index(m.group("weekday").lower())) % 7
        when = published - datetime.timedelta(days=back)
    else:
        month, day = _MONTHS[m.group("month").lower()], int(m.group("day"))
        for year in (published.year, published.year - 1):
            found = format_date(year, month, day)
            if found and found <= published.isoformat():
                return found
        return None
    return when.isoformat()


def _event_date(
    title: str | None,
    body: list[str],
    header: list[str],
    published: str | None,
    event_type: str | None,
    stated: str | None = None,
    dated: str | None = None,
    zh: bool = False,
) -> str | None:
    """The title's date, an event-date field ('Delivered on:') or dateline, a header's date or release line
    (an interview's transcript that prints its own date line too), the opening sentence's date, a 'Date:'
    field (the release's day), a relative word read against the publication day, else (not for
    interviews and speeches) that day."""
    pub = _day(published)

    def ok(found: str | None) -> str | None:  # never a date after the publication day
        return found if found and (pub is None or found[:10] <= pub.isoformat()) else None

    if title and (found := _title_date(title)):  # the title names its event, whatever the page stamp says
        return found
    if zh:  # a Chinese text: a readout's or an interview's opening sentence, else the publication day
        found = zh_event_date(body, pub) if pub and event_type in _ZH_NARRATED else None
        return found or (pub.isoformat() if pub and event_type not in (None, "interview", "speech") else None)
    if stated and (found := ok(parse_date(stated))):
        return found
    for line in header:
        m = _RELEASE.search(line)
        found = ok(parse_date(m.group() if m else line)) if m or _DATE_LINE.match(line.strip()) else None
        if found:
            return found
    narrator = _narrator(body)

    def recent(found: str | None) -> str | None:  # a date in the text a year before publication is a quoted past
        found = ok(found)
        return found if found and (pub is None or found >= (pub - datetime.timedelta(days=365)).isoformat()) else None

    for para in narrator[:2]:
        m = _EVENT_DATE.search(para[:600])
        if m and (found := recent(parse_date(m.group()))):
            return found
        sentence = _first_sentence(para)
        if _EVENT_VERB.search(sentence) and not re.search(r"\bwill\b", sentence):
            m = _ON_DATE.search(sentence)
            if m and (found := recent(parse_date(m.group()))):
                return found
    if dated and (found := ok(parse_date(dated))):
        return found
    if pub is not None:
        for para in narrator[:2]:
            if found := _relative_date(para[:600], pub):
                return found
        if event_type not in (None, "interview", "speech"):
            return pub.isoformat()
    return None


# Chinese types whose opening sentence dates the event itself (a statement's or an answer's opening
# sentence dates what it comments on)
_ZH_NARRATED = ("meeting", "bilateral meeting", "multilateral meeting", "phone call", "readout-other", "interview")


def _narrator(body: list[str]) -> list[str]:
    """The first two narrative paragraphs (no speaker label, not a short header or 'attributable to' line)."""
    out = []
    for para in body[:6]:
        if _FIELD.match(" ".join(para.split())):
            continue  # a labelled header field ('Date: ...', 'Location: ...'), not a speaker
        if _LABEL.match(para):
            break
        if len(para) >= 80 and not (len(para) < 160 and para.rstrip().endswith(":")):
            out.append(para)
    return out[:2]


_FIELD = re.compile(
    r"^(?P<key>Location|Place|Venue|Delivered on|Date|Event date|Dateline)\s*:\s*(?P<value>.{2,100})$", re.I
)
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'’ -]{{2,40}}(?:,\s*[A-Z][\w.'’ -]{{1,30}})?)\s*[,:]\s*(?P<date>{_ANY})"
    r"\s*(?:\([^)]{0,30}\)\s*)?[-—–:]"
)


# 'Dublin, 5 December 2022' alone on a line: the place and day the text was given
_DATELINE_ALONE = re.compile(
    rf"^(?P<place>[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){{0,2}}(?:,\s*[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){{0,2}})?)"
    rf",\s+(?P<date>{_ANY})$"
)
_NOT_DATELINE_PLACE = re.compile(
    rf"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|{_FULL_MONTHS}|Updated|Published|Released|"
    r"Posted|Date|Issued|Announcement|Statement|Release|News|Transcript|Speech|Remarks|Interview|Readout|Briefing|"
    r"Communiqu\w*|Notice|Message|Report|Article|Press|Media|Update|Comment|Event|Photo|Video)\b"
)


def _fields(body: list[str]) -> dict[str, str]:
    """Labelled header fields ('Location: X', 'Delivered on: <date>') and a news dateline ('CITY, <date> —')."""
    out: dict[str, str] = {}
    for para in body[:12]:
        line = " ".join(para.split())
        m = _FIELD.match(line)
        if m:
            key = m.group("key").lower()
            key = "place" if key in ("location", "place", "venue") else "dated" if key == "date" else "date"
            out.setdefault(key, m.group("value").strip())
            continue
        m = _DATELINE_ALONE.match(line)
        if m and not _NOT_DATELINE_PLACE.search(m.group("place")):
            out.setdefault("place", m.group("place").strip())
            out.setdefault("date", m.group("date"))
            continue
        m = _DATELINE.match(line)
        if m:
            out.setdefault("place", m.group("place").strip().title())
            out.setdefault("date", m.group("date"))
        if len(line) > 120:
            break
    return out


_TIME_END = re.compile(r"\d\s*[AaPp]\.[Mm]\.$")


def _header(body: list[str]) -> list[str]:
    """The short lines before the first speaker label or narrative paragraph (a transcript's header)."""
    out = []
    for para in body[:12]:
        line = " ".join(para.split())
        if _FIELD.match(line):
            continue
        if _LABEL.match(para) or len(line) > 120 or (re.search(r"[a-z][.!?]$", line) and not _TIME_END.search(line)):
            break
        out.append(line)
    return out


_PLACE_WORDS = re.compile(
    r"\b(?:Room|Hall|Cent(?:er|re)|House|Hotel|Palace|Aboard|En Route|Place|Building|Residence|Embassy|Airport|"
    r"Base|Kremlin|Headquarters|Plaza|Castle|Villa|Pavilion|Auditorium|Theat(?:er|re)|Stadium|Lawn|Garden|Museum|"
    r"Casa|Palacio|Ministry|Parliament|Capitol|Library|University|College|Office Building)\b"
)
_CITY_REGION = re.compile(r"^(?:[A-Z][\w.’'-]*\s?){1,4},\s(?:[A-Z][\w.’'-]*\s?){1,4}$")
_NOT_PLACE_LINE = re.compile(
    r"\b(?:Secretary|Spokesperson|Minister|President|Press Secretary|Office of|Ambassador|Director|Advisor|"
    r"Premier|Chancellor|King|Queen|Prince|Chairman|Chair|Commissioner|Representative|Envoy|Deputy|Counselor|"
    r"Administrator|Spokesman|Coordinator|"
    r"Senator|Governor|Official|Release|Transcript|Conference Call|Teleconference|Telephonic|Virtual|"
    r"WHITE HOUSE)\b|\d{1,2}:\d\d|^[^a-z]*$"
)


def _en_route(text: str) -> str:
    """'Aboard Air Force One En Route X' -> 'Aboard Air Force One, en route to X'."""
    text = re.sub(r"\b[Ee]n [Rr]oute(?: to)?\s+", "en route to ", text)
    return re.sub(r"(?i)^(aboard [^,]+?),?\s+en route to ", r"\1, en route to ", text)


def _header_place(header: list[str]) -> str | None:
    """'James S. Brady Press Briefing Room'; 'Aboard Air Force One' + 'En Route X'; 'Amman, Jordan' + 'A Hotel'."""
    parts = []
    for line in header:
        bare = line.strip("*_() ")
        dated = _DATE_LINE.match(bare)
        if dated and dated.end() < len(bare):
            bare = bare[dated.end() :].strip(" ,;.*_()")
        elif dated:
            continue
        travel = re.match(r"(?i)^(?:aboard|en route)\b", bare)
        if travel or ((_PLACE_WORDS.search(bare) or _CITY_REGION.match(bare)) and not _NOT_PLACE_LINE.search(bare)):
            parts.append(bare)
    if not parts:
        return None
    place = _en_route(", ".join(parts))
    return place[0].upper() + place[1:]


_EVENT_CUE = re.compile(
    r"\b(?:On|on)\s+\w+\s+\d|local time|\b(?:met|meets|held|hosted|attend(?:ed|ing)|visit(?:ed|ing)?|arrived|"
    r"press conference|chaired|delivered|signed|laid|spoke)\b"
)


_EN_ROUTE_TITLE = re.compile(r"\b(?:[Aa]board [A-Z][\w ]*?\s+)?[Ee]n [Rr]oute(?: to)?\s+[A-Z][\w .,’'-]+?(?=,\s*\d|$)")


_NAME = r"[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){0,2}"
_NAMED_PLACE = rf"(?P<place>{_NAME}(?:,\s{_NAME})?)"
# '... at the Baltic Sea Forum in Kiel', '... with the Media in Jakarta, 6 September 2023': the title ends 'in X'
_TITLE_IN = re.compile(rf"\s(?P<prep>in|at)\s{_NAMED_PLACE}(?:,?\s+(?:on\s+)?{_ANY})?\s*$")
# ... and names its event as a transcript does ('Speech by ...', 'Interview with ...', 'Meeting with ...')
_TITLE_EVENT = re.compile(
    r"\b(?:speech|remarks|address|press conference|news conference|media conference|press availability|interview"
    r"|doorstop|briefing|gaggle|meeting|talks|lecture|keynote)\s+(?:by|of|at|with|to|before|for)\b"
    r"|^(?:speech|remarks|address|press conference|interview|doorstop|briefing|meeting|talks)\b",
    re.I,
)
_VENUE = re.compile(r"\b(?:Airfield|Air Base|Base|Airport|Hotel|Palace|Cent(?:er|re)|House|Embassy|Residence|Room)$")
_ANNOUNCED = re.compile(r"\bwill\b|\bto (?:deliver|participate|travel|attend|visit|host|meet|hold|give|speak)\b", re.I)
_LANGUAGE_NAMES = re.compile(r"^(?:English|French|Spanish|Russian|Arabic|Chinese|German|Portuguese|Japanese|Italian)$")
# 'Doorstop interview, Suva, Fiji': a transcript's type, then its place
_TITLE_TAIL = re.compile(
    r"^(?:[\w’'-]+\s){0,4}(?:interview|press conference|news conference|media conference|doorstop|press availability"
    rf"|remarks|transcript|briefing|speech|address)\s*,\s*{_NAMED_PLACE}\s*$",
    re.I,
)
_TOPIC = re.compile(r"\s(?:on|about|over|regarding|concerning|against)\s", re.I)
# Types whose title may end with the venue ('... in Kiel'); a statement's 'in X' is its topic
_VENUED: tuple[str | None, ...] = ("speech", "remarks", "press conference", "briefing", "interview", "meeting")
_VENUED += ("bilateral meeting", "multilateral meeting", "readout-other")


def _title_place(title: str | None, event_type: str | None = None) -> str | None:
    """'... En Route Boise, ID' -> 'en route to Boise, ID'; 'Aboard Air Force One en route X' likewise; a
    venued type's title that ends 'in X' ('... in Jakarta, 6 September 2023') or names its place after the
    transcript's type ('Doorstop interview, Suva, Fiji')."""
    if not title:
        return None
    title = " ".join(title.split())
    m = _EN_ROUTE_TITLE.search(title)
    if m is not None:
        place = _en_route(m.group().rstrip(" ,"))
        return place[0].upper() + place[1:]
    if event_type not in _VENUED:
        return None
    if _ANNOUNCED.search(title):
        return None  # an announced event's place is not yet the event's
    m = _TITLE_TAIL.match(title)
    if m is None and (m := _TITLE_IN.search(title)) is not None:
        head = title[: m.start() + 1]
        if _TOPIC.search(head) or not _TITLE_EVENT.search(head):
            m = None  # 'Remarks on the Situation in X', 'Threats to Free Speech in X': X is the topic
        elif m.group("prep") == "at" and not _VENUE.search(m.group("place")):
            m = None  # 'at Signing Ceremony' names an event; 'at Example Air Base' a venue
    if m is None:
        return None
    place = m.group("place").strip()
    if _NOT_PLACES.search(place) or _NOT_PLACE_LINE.search(place) or _MONTH_WORD.match(place.split()[0]):
        return None
    return None if _LANGUAGE_NAMES.match(place) else place


_SIGN_OFF_PLACE = re.compile(rf"^{_NAME}(?:,\s{_NAME})?$")


def _sign_off_place(paras: list[str]) -> str | None:
    """A release signed off with its place and day at the end ('New Delhi' + 'October 14, 2022')."""
    lines = [" ".join(p.split()) for p in paras[-3:] if p.strip()]
    m = _DATELINE_ALONE.match(lines[-1]) if lines else None
    if m and not _NOT_DATELINE_PLACE.search(m.group("place")) and not m.group("place").isupper():
        return m.group("place")  # 'New Delhi, October 14, 2022' on one line
    if len(lines) < 2 or not _DATE_LINE.match(lines[-1]) or len(lines[-1]) > 40:
        return None
    place = lines[-2]
    if not _SIGN_OFF_PLACE.match(place) or place.isupper() or _NOT_PLACE_LINE.search(place):
        return None
    if _NOT_PLACES.search(place):
        return None
    return place


# Types whose opening narrative sentence may say where the event was (a call or a statement has no place).
_NARRATED: tuple[str | None, ...] = (None, "meeting", "bilateral meeting", "multilateral meeting", "readout-other")
_NARRATED += ("joint statement", "press conference", "briefing")


def _place(title: str | None, body: list[str], header: list[str], event_type: str | None) -> str | None:
    """Where the event happened, from the transcript header, the title or the first sentence that reports it."""
    if found := _header_place(header):
        return found
    if found := _title_place(title, event_type):
        return found
    narrator = _narrator(body) if event_type in _NARRATED else []
    if event_type in ("press conference", "briefing") and narrator:
        # only the sentence that says where the conference was held
        narrator = [p for p in narrator[:1] if re.search(r"(?:conference|briefing) was held|held a press", p[:300])]
    for para in narrator:
        sentence = _first_sentence(para)
        if _EVENT_CUE.search(sentence) is None or re.search(r"\bwill\b", sentence):
            continue
        for m in _PLACE.finditer(sentence):
            place = m.group("place").strip()
            place = re.sub(r"^the\s+", "", place)
            place = re.sub(r"[\s.,;]+$", "", place)
            place = re.sub(r"\s+(?:of|the|and|de)$", "", place)
            words = place.split()
            if not words or _MONTH_WORD.match(words[0]) or _NOT_PLACES.search(place) or place[0].isdigit():
                continue
            return place
    return None


_SALUTATION = re.compile(
    r"(?:(?:Mr|Madam|Madame|Mister)\.? (?:President|Chair\w*|Secretary-General|Speaker)|Ladies and [Gg]entlemen"
    r"|Excellenc\w*|Your Excellenc\w*|Distinguished \w+|Dear \w+|Honou?rable \w+|Colleagues|Friends)\b"
)


def _speech_family(text: str, titled: bool = True) -> bool:
    """One long address with no speaker labels: a salutation ('Mr. President', 'Excellencies'), a speaker
    who addresses an assembly in the first person ('this Assembly', 'the General Assembly', 'this Hall'),
    or, with no title at all, any long first-person monologue."""
    head = text[:3000]
    labels = [m for m in _LABEL.finditer(head[:1500]) if not _SALUTATION.match(m.group())]
    if len(text) < 1500 or labels or _qa(text[:20000]):
        return False
    first_person = sum(1 for _ in itertools.islice(_FIRST_PERSON.finditer(text[:10000]), 5)) >= 5  # five will do
    return first_person and (not titled or bool(_ADDRESS.search(head)) or _names_general_debate(text))


_FIRST_PERSON = re.compile(r"\b(?:I|my|we|our|us)\b")


def _qa(text: str) -> bool:
    """`_QA.search(text)`, not run on a text without the 'Q' or '问：' every label of it has."""
    return ("Q" in text or "问：" in text) and _QA.search(text) is not None


@functools.lru_cache(maxsize=8)  # asked twice per speech (its type, then its place)
def _names_general_debate(text: str) -> bool:
    return _GENERAL_DEBATE.search(text[:50000]) is not None


# '9412th Meeting (AM)', 'Seventy-eighth Session, 12th & 13th Meetings (AM & PM)': a header line of meetings coverage
_MEETING_RECORD = re.compile(
    r"^(?:[\w-]+ Session,? )?\d{1,5}(?:st|nd|rd|th)(?: (?:&|and) \d{1,5}(?:st|nd|rd|th))? (?:Plenary )?Meetings?"
    r"(?: \((?:AM|PM|Night)(?: (?:&|and) (?:AM|PM|Night))?\))?$",
    re.I,
)


# a Chinese title's topic, 'X就<topic>答记者问' / 'X就<topic>发表谈话': what it names is not the page's type
_ZH_TOPIC = re.compile(r"就.+?(?=(?:答记者问|答问|发表谈话|发表声明|表明立场|阐明立场|表态)$)")


def _event_type(title: str | None, body: list[str], text: str) -> str | None:
    """The type the title names (first in the order of _TITLE_TYPES), else what the text's shape shows."""
    if title:
        low = _ZH_TOPIC.sub("", simplified(" ".join(title.split()).lower()))
        m = _INTERVIEW_TITLE.search(" ".join(title.split()))
        if m and not _ROLE_WORDS.search(m.group("host") or m.group("name") or "") and "press avail" not in low:
            return "interview"
        if re.search(r"\bwill (?:meet|visit|hold|take part|attend|travel|take place)\b", low):
            return "statement"  # an announcement of a coming event
        for name, pattern in _TITLE_TYPES:
            if pattern.search(low):
                return name
        if _NARRATIVE_TITLE.match(title) or _EVENT_NOUN.search(low) or re.search(r"抵达|参观|出席|访问", low):
            return "readout-other"
        if re.match(r"(?:greetings|congratulations|condolences|message|letter)\b", low):
            return "statement"
    first = body[0][:600] if body else ""
    if any(_MEETING_RECORD.match(" ".join(p.split())) for p in body[:6]):
        return "multilateral meeting"  # the record of a numbered meeting of a body ('9412th Meeting (AM)')
    if _speech_family(text, bool(title)):
        return "speech"
    if _qa(text[:30000]):
        return "press conference" if re.search(r"press conference|news conference", text[:2000], re.I) else "briefing"
    if _MULTILATERAL.search(first[:400]) and re.match(r"(?:On|At|In|While)\b", first):
        return "multilateral meeting"
    if _PHONE_BODY.search(first):
        return "phone call"
    if _MEETING_BODY.search(first):
        return "meeting"
    if re.search(r"\binterview\b", first, re.I):
        return "interview"
    return _fallback_type(title, first, text)


_PAST_EVENT = re.compile(
    r"\b(?:visited|laid|attended|took part|inspected|toured|opened|presented|awarded|signed|congratulated|sent|"
    r"held|hosted|received|chaired|watched|arrived|paid|took place|was held|exchanged|appointed|unveiled)\b"
)


def _fallback_type(title: str | None, first: str, text: str) -> str | None:
    """No type named: labelled speakers make 'remarks'; a narrator reporting a past event 'readout-other';
    another titled text from the page's own voice (a message, an announcement) a 'statement'."""
    if not first:
        return None
    if len({m.group().strip() for m in _LABEL.finditer(text[:5000])}) >= 1 and _LABEL.match(first):
        return "remarks"
    sentence = _first_sentence(first)
    if _PAST_EVENT.search(sentence) and not re.search(r"\bwill\b|\b(?:I|we)\b", sentence):
        return "readout-other"
    return "statement" if title else None


def _general_debate(text: str, event_type: str | None, titled: bool) -> bool:
    """A speech to the General Assembly: named, or (untitled) to the United Nations' Member States."""
    if event_type != "speech":
        return False
    if _names_general_debate(text):
        return True
    return not titled and bool(_UN_FAMILY.search(text[:50000]))


_UN_FAMILY = re.compile(r"\bUnited Nations\b(?=[\s\S]*\b(?:Member States|Secretary-General|Charter)\b)")


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


def _release_date(doc: Document) -> str | None:
    """The date of a release line cleaning kept in the header ('For Immediate Release July 9, 2009')."""
    release = (doc.header or {}).get("release")
    return parse_date(release) if release else None


def _published(doc: Document, header: list[str]) -> str | None:
    """The page's own stamp, else a transcript header's release line ('For Immediate Release July 9, 2009'),
    else a date line in the header."""
    if doc.published:
        return doc.published
    if found := _release_date(doc):
        return found
    for line in header:
        m = _RELEASE.search(line)
        if m:
            return parse_date(m.group())
    for line in header:  # else the date the page shows above its text ('22 August 2023', 'Tuesday, March 7, 2023')
        if _DATE_LINE.match(line.strip("*_()[] ")):
            return parse_date(line)
    return None


def find_metadata(doc: Document) -> Document:
    """Set title, event date, place, event type, event name and language where the text states them."""
    paras = _paragraphs(doc.text, 14)
    title = _title(doc, paras)
    body = [p for p in paras if p.strip() != title] if title else paras  # the headline is not the body
    venue = (doc.header or {}).get("venue")  # the room or building line cleaning took off the text's head
    header = [*(venue.split("\n") if venue else ()), *_header(body)]
    fields = _fields(body)
    event_type = doc.event_type or _event_type(title, body, doc.text)
    published = _published(doc, header)
    language = doc.language or _language(doc.text)
    place = doc.place or (doc.header or {}).get("place") or fields.get("place")
    if place is None and language == "zh":
        place = zh_dateline_place(body)
    place = place or _place(title, body, header, event_type)
    if place is None and event_type != "phone call":
        place = _sign_off_place(doc.text[-400:].split("\n\n"))
    if place is None and _general_debate(doc.text, event_type, bool(title)):
        place = "New York"  # the General Assembly's general debate is held at UN Headquarters
    hints = doc.header or {}
    title = title or hints.get("profile.title")  # a source profile's fields come last: the generic reading wins
    place = place or hints.get("profile.place")
    return dataclasses.replace(
        doc,
        title=title,
        date=doc.date
        or _event_date(
            title,
            body,
            header,
            published,
            event_type,
            fields.get("date") or _release_date(doc),
            fields.get("dated"),
            zh=language == "zh",
        ),
        published=published,
        place=place,
        event_type=event_type,
        event_name=doc.event_name or _event_name(body),
        language=language,
    )
