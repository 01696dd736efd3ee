"""Speaker names from labels and from the document, for the turn parser (`parse/turns.py`).

A label becomes the best name the document itself gives: an office before the name is dropped
('President of Russia Ivan Petrov' -> 'Ivan Petrov'); 'MS. ROE' becomes the full name the title
or the opening text prints; 'A:' becomes the official the title names. Identity in the knowledge
base is not decided here.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Sequence

from dipcorpus.model import Document, Turn
from dipcorpus.parse.name_scan import given_initial_surname, surname_given
from dipcorpus.parse.turn_labels import (
    _CJK,
    _CONNECTORS,
    _OUTLETS,
    _STOP_IN_NAME,
    _TITLE_WORDS,
    REPORTER,
    _fold,
    _words,
    zh_unnamed_reporter,
)
from dipcorpus.parse.zh_text import simplified

_NAME = r"[A-Z][\w’'-]*\.?(?:[ \u00a0]+(?:[A-Z][\w’'-]*\.?|bin|al|de|van|von|la)){0,4}"
_TITLE_NAME = re.compile(
    r"(?:Spokes(?:person|man|woman)|Minist?er|Councilor|Secretary|President|Premier|Ambassador|"
    r"Chancellor|Director[- ]General|Chairman)[ \u00a0]+(" + _NAME + ")"
)
# an office and the holder's name in commas: 'Interview of the Minister of Foreign Affairs, Ana Roe, with ...'
_APPOSITIVE = re.compile(
    r"\b(?:Minist?er|Secretary|President|Premier|Chancellor|Spokes(?:person|man|woman)|Ambassador)\b"
    r"[^,:;()]{0,60},[ \u00a0]+(" + _NAME + r")(?=,|[ \u00a0]+(?:with|to|for|at|on|in)\b|$)"
)
_POSSESSIVE_NAME = re.compile(
    r"(" + _NAME + r")['’]s[ \u00a0]+(?:Regular|Interview|Remarks|Press|(?i:speech|address|keynote|statement|lecture))"
)
# 'Speech by Ana Roe at ...', 'Keynote address by the Foreign Minister, Ana Roe'
_BY_NAME = re.compile(
    r"(?i:speech|address|remarks|statement|lecture|delivered)[ \u00a0]+by[ \u00a0]+(?:the[ \u00a0]+)?"
    r"(?:[A-Z][\w’'-]*,?[ \u00a0]+(?:(?:of|for|the)[ \u00a0]+)*){0,5}?"
    r"(" + _NAME + r")(?=[ \u00a0]+(?:at|to|on|in|before|during)\b|[,:.;(–—-]|$)"
)
_ZH_SPOKESPERSON = re.compile(
    r"发言人([\u4e00-\u9fff]{2,3}?)(?:\d{1,2}月\d{1,2}日)?(?:主持|答|就|宣布|表示|发表|回答|谈)"
)
_ZH_TITLED = re.compile(r"《([^《》]+)》")
_ZH_COLLECTIVE = ("方", "国", "部", "院", "会", "府", "局", "处", "馆", "团", "党", "军")
# an official the title names after an office or at its start, before what they did ('外长王五接受...专访')
_ZH_OFFICIAL = re.compile(
    r"(?:^|外长|部长|外交部长|国务委员|主席|总理|大使|总领事|特使|代表|司长|部长助理|副部长|秘书长|总统|首相)"
    r"([\u4e00-\u9fff]{2,3}?)(?:接受|答|就)"
)
_TAG = re.compile(r"<[^>]*>")
# 'Senator the Hon Ana Roe, Minister for Foreign Affairs': a name, then its office
_NAME_COMMA_OFFICE = re.compile(
    r"(?<![\w’'-])((?:[A-Z][a-z][\w’'-]*[ \u00a0]+){1,3}[A-Z][a-z][\w’'-]*)(?: MP)?,[ \u00a0]+"
    r"((?:(?:Deputy|Vice|Prime|Foreign|Minister|Secretary|President|Premier|Chancellor|Spokes\w+)[ \u00a0]+)+"
    r"(?:(?:for|of|and|the|[A-Z][a-z]+)[ \u00a0]*){0,6})"
)
_CAPS_WORD = re.compile(r"[^\W\d_]+")
_MID_WORD = re.compile(r"[ \u00a0]+")


def answerer_from_title(title: str | None) -> str | None:
    """The official the title names ('Spokesperson Hua Chunying's ...' -> 'Hua Chunying')."""
    if not title:
        return None
    return _answerer(title)


@functools.lru_cache(maxsize=4096)  # a document's title and front are read several times
def _answerer(title: str) -> str | None:
    zh_title = simplified(title)  # a Hong Kong or Taiwan page's '發言人' reads as '发言人'
    m = _ZH_SPOKESPERSON.search(zh_title) or _ZH_OFFICIAL.search(zh_title)
    if m and not m.group(1).endswith(_ZH_COLLECTIVE):  # '中方就...', '外交部就...': not a person
        return m.group(1)
    for pattern in (_POSSESSIVE_NAME, _TITLE_NAME, _BY_NAME, _APPOSITIVE):
        for m in pattern.finditer(title):
            name = _no_middle_initial(_trim_name(m.group(1)))
            if name and " " in name:
                return name
    return None


def _no_middle_initial(name: str) -> str:
    """'Ana B. Lopes' -> 'Ana Lopes' (the form names are usually known by)."""
    words = name.split()
    if len(words) < 3:
        return name
    return " ".join([words[0], *(w for w in words[1:-1] if not re.fullmatch(r"[A-Z]\.", w)), words[-1]])


def _trim_name(name: str) -> str:
    kept: list[str] = []
    for word in _MID_WORD.split(name):
        if word.endswith(("'s", "’s")):
            kept.append(word[:-2])
            break
        if word.casefold() in _STOP_IN_NAME or word.casefold().strip(".") in _TITLE_WORDS:
            if kept:
                break
            continue
        kept.append(word)
    return " ".join(kept)


_NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "six"})


def _full_name(label: str, context: str) -> str | None:
    """A label like 'MS. PSAKI' or 'Stoltenberg' resolved to a full name the context mentions:
    the surname with the given name (and a middle initial) written before it. A number word is the
    tag of an anonymous speaker ('OFFICIAL ONE'), never a surname."""
    words = [
        w
        for w in _words(label)
        if w.casefold() not in _TITLE_WORDS and w.casefold() not in _CONNECTORS and w.casefold() not in _NUMBER_WORDS
    ]
    if not words or len(words) > 2:
        return None
    surname = words[-1]
    for m in given_initial_surname(context, surname):  # a word and a middle initial, then the surname
        given, printed = context[m.start : m.mid].split(), context[m.start : m.end][-len(surname) :]
        if given[0].casefold().strip(".") in _TITLE_WORDS or given[0].casefold() in _STOP_IN_NAME:
            continue
        if not printed[0].isupper():
            continue
        return _no_middle_initial(" ".join([*given, printed]))
    return _surname_first(surname, context)


_BEFORE_NAME = re.compile(r"([\w.]+)[ \u00a0]+$")


def _surname_first(surname: str, context: str) -> str | None:
    """A full name printed surname first ('TANABE Kenji', 'Dr Lim Wei Ming'): the East Asian order.
    A surname in capitals marks that order (the given name then comes first: 'Kenji Tanabe');
    otherwise the name must follow a title or honorific and is kept in its printed order."""
    for m in surname_given(context, surname):  # the surname, then one or two capitalised words
        printed = context[m.start : m.mid]
        given = [w.removesuffix("'s").removesuffix("’s") for w in context[m.mid : m.end].split()]
        stop = [i for i, w in enumerate(given) if w.casefold() in _STOP_IN_NAME or w.casefold() in _TITLE_WORDS]
        given = given[: stop[0]] if stop else given
        if not given or not printed[0].isupper():
            continue
        if printed.isupper() and len(printed) > 1:
            return " ".join([*given, printed.capitalize()])
        before = _BEFORE_NAME.search(context, 0, m.start)
        if before and before.group(1).casefold().strip(".") in _TITLE_WORDS:
            return " ".join([printed, *given])
    return None


def _zh_outlet(label: str) -> str:
    """The outlet of a Chinese reporter label without '记者': the title in book-title marks when it
    has one ('加拿大《环球邮报》' -> '环球邮报', '《北京青年报》' -> '北京青年报'), else the label."""
    m = _ZH_TITLED.search(label)
    return m.group(1).strip() if m else label.strip("《》 ")


class _Speakers:
    """Turns raw labels into canonical speaker names for one document."""

    def __init__(self, doc: Document, front: str) -> None:
        self.answerer = answerer_from_title(doc.title) or answerer_from_title(front[:600])
        byline = "\n".join(doc.header[k] for k in ("creator", "author", "byline") if doc.header.get(k))
        self.context = f"{doc.title or ''}\n{byline}\n{front}"  # cleaning drops a byline the header names
        self.front = front
        self.text = doc.text
        self.raw = doc.raw if doc.raw != doc.text else ""  # the page with its banner, for an office label
        self.cache: dict[str, str] = {}
        self.english = doc.language != "zh"  # English outlets are kept as printed

    def asker(self, raw: str) -> str:
        folded = _fold(raw)
        if folded in ("q", "question", "问", "记者", "follow-up", "follow up", "followup", "追问"):
            return REPORTER
        if folded.endswith("记者"):
            raw = _zh_outlet(raw[: -len("记者")])
            folded = "记者" if zh_unnamed_reporter(raw) else _fold(raw)
        if folded in _OUTLETS and (_CJK.search(raw) or not self.english):
            return _OUTLETS[folded]
        if folded in ("reporter", "journalist", "记者") or (folded == "foreign journalist" and not self.english):
            return REPORTER
        return " ".join(raw.split())

    def official(self, raw: str) -> str:
        if raw in ("A", "答"):
            return self.answerer or ("Spokesperson" if raw == "A" else "发言人")
        if raw not in self.cache:
            self.cache[raw] = self._resolve(raw)
        return self.cache[raw]

    def _resolve(self, raw: str) -> str:
        words = [w for w in _words(raw) if w.casefold() not in _TITLE_WORDS]
        if not words and self.answerer and self._holds(raw, self.answerer):
            return self.answerer  # 'FOREIGN MINISTER:' where the title names 'Foreign Minister Ana Roe'
        if not words:
            holder = self._page_holder(raw)
            if holder:
                return holder
        if len(words) >= 2:  # a full name: as printed, without its office ('ANA LOPES' -> 'Ana Lopes')
            name = strip_office(" ".join(raw.split()))
            return _CAPS_WORD.sub(_capitalise, name) if name.isupper() else name
        full = _full_name(raw, self.context) or _full_name(raw, self.text)
        if full and full.isupper():
            return _CAPS_WORD.sub(_capitalise, full)
        return full or " ".join(raw.split())

    def _page_holder(self, office: str) -> str | None:
        """The one person the page's banner or byline names with the office of a label made of
        title words only ('Senator the Hon Ana Roe, Minister for Foreign Affairs' for 'FOREIGN
        MINISTER:'): every word of the label is a word of the office written after the name."""
        wanted = {w.casefold() for w in _words(office)} - {"the", "mr", "ms", "mrs", "madam"}
        if not wanted or not self.raw:
            return None
        found = {name for office_words, name in self._page_offices if wanted <= office_words}
        found.discard("")
        return found.pop() if len(found) == 1 else None

    @functools.cached_property
    def _page_offices(self) -> list[tuple[set[str], str]]:
        """(the office's words, the name) of each 'Name, Office' the page prints: read once per page."""
        page = " ".join(_TAG.sub(" ", self.raw[:60000]).split())
        return [
            ({w.casefold() for w in m.group(2).split()}, _trim_name(m.group(1)))
            for m in _NAME_COMMA_OFFICE.finditer(page)
        ]

    def _holds(self, office: str, name: str) -> bool:
        """True when the title or opening text writes `office` just before `name`."""
        words = [w for w in _words(office) if w.casefold() not in ("the", "mr", "ms", "mrs", "madam")]
        if not words:
            return False
        pattern = r"[ \u00a0]+".join(map(re.escape, words)) + r"\W{0,3}(?:[A-Z][\w.’'-]*[ \u00a0]+){0,3}?"
        return re.search(r"(?i:" + pattern + r")" + re.escape(name), self.context[:3000]) is not None


def _capitalise(m: re.Match[str]) -> str:
    word = m.group(0)
    return word.lower() if word.casefold() in _CONNECTORS else word.capitalize()


def strip_office(label: str) -> str:
    """The person's name from a label that starts with their office: 'President of Russia Ivan
    Petrov' -> 'Ivan Petrov', 'Prime Minister Ana Lopes' -> 'Ana Lopes'. A label that does not start
    with an office word is returned unchanged."""
    words = label.split()
    if len(words) < 3 or words[0].casefold().strip(".") not in _TITLE_WORDS:
        return label
    if "of" in words:
        tail = words[words.index("of") + 1 :]
        if len(tail) < 3:
            return label
        i = len(tail) - 1  # the surname, its particles, the given name and its particles
        while i > 1 and tail[i - 1].casefold() in _CONNECTORS:
            i -= 1
        i -= 1
        while i > 2 and tail[i - 1].casefold() in _CONNECTORS:
            i -= 2
        return " ".join(tail[max(i, 1) :])
    i = 0
    while i < len(words) and words[i].casefold().strip(".") in _TITLE_WORDS:
        i += 1
    return " ".join(words[i:]) if len(words) - i >= 2 else label


def _known_names(doc: Document, front: str) -> set[str]:
    """Folded names of the officials the title and front text name, and the title itself."""
    names = {_fold(doc.title)} if doc.title else set()
    for source in (doc.title, front[:600]):
        name = answerer_from_title(source)
        if name:
            names.add(_fold(name))
    return names


_HONORIFIC = re.compile(r"(?i:mr|ms|mrs|dr)\.?\s+([A-Z][\w’'-]+)$")
_VOCATIVE = re.compile(r"(?:(?:Thank you|Thanks)(?: very much| so much)?,\s*)?([A-Z][a-z]{1,12})[.,!]\s")
_NOT_FIRST_NAMES = frozenset(
    {
        "yes", "no", "sure", "okay", "ok", "great", "right", "well", "thanks", "hi", "hello", "good",
        "sorry", "absolutely", "exactly", "correct", "indeed", "fine", "yeah", "yep", "please", "sir",
        "madam", "alright", "all", "so", "oh", "certainly", "agreed", "perfect", "excellent", "again",
        "thank", "welcome", "morning", "afternoon", "evening", "everyone", "everybody", "folks", "guys",
        "senator", "secretary", "ambassador", "general", "admiral", "president", "look", "now", "and",
        "but", "first", "next", "last", "anyway", "listen", "operator", "moderator", "gentlemen",
        "dr", "mr", "mrs", "ms", "prof", "mister", "doctor", "professor",
    }
)  # fmt: skip


def first_names_from_hand_backs(turns: Sequence[Turn], text: str) -> dict[str, str]:
    """'MR. HAMMER' -> 'Mike Hammer' when the speaker who follows one of his turns opens with
    'Thank you, Mike.' or 'Mike.' (the document itself prints the first name). A word the document
    also writes in lower case is an ordinary word, not a name ('Questions.' opening the next turn)."""
    votes: dict[str, Counter[str]] = {}
    lower: dict[str, bool] = {}  # each word looked up once
    for prev, turn in itertools.pairwise(turns):
        m = _HONORIFIC.match(prev.speaker.strip())
        if not m or turn.speaker == prev.speaker or turn.role == "question":
            continue
        v = _VOCATIVE.match(text, turn.start, min(turn.end + 1, len(text)))
        if not v or v.group(1).casefold() in _NOT_FIRST_NAMES:
            continue
        word = v.group(1)
        if word not in lower:
            lower[word] = _written_lower(word, text)
        if not lower[word]:
            votes.setdefault(prev.speaker, Counter())[word] += 1
    names = {}
    for speaker, counter in votes.items():
        first, _ = counter.most_common(1)[0]
        surname = _HONORIFIC.match(speaker.strip())
        if surname:
            names[speaker] = f"{first} {_CAPS_WORD.sub(_capitalise, surname.group(1).lower())}"
    return names


def _written_lower(word: str, text: str) -> bool:
    """True when `text` also writes `word` in lower case as a whole word ('questions')."""
    return re.search(r"(?<![\w’'-])" + re.escape(word.lower()) + r"(?![\w’'-])", text) is not None


def misspelt_labels(turns: Sequence[Turn]) -> dict[str, str]:
    """A speaker label used once that differs by one letter from a label used more often
    ('MR. STOVEKING' beside 'MR. STONEKING') -> that label: a typo in the transcript."""
    counts = Counter(t.speaker for t in turns if t.role != "question")
    fixes = {}
    for once in (s for s, n in counts.items() if n == 1 and len(s) >= 6):
        for other, n in counts.items():
            same_start = once.split()[0] == other.split()[0]  # 'MR. X' and 'MS. X' are two people
            if n >= 2 and same_start and len(other) == len(once) and _letters_apart(once, other) == 1:
                fixes[once] = other
                break
    return fixes


def _letters_apart(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b, strict=True))
