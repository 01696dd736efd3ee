"""Speaker labels at the start of a paragraph, for the turn parser (`parse/turns.py`).

A label is short, capitalised and at the start of a paragraph: `Q:`/`A:` (with or without the
colon, `Q.`, `Q —`), `问：`/`答：`, an outlet, an official, `Follow-up:`. Annotations after the
name ('(retranslated)') and a hover card's copy of the name glued to it are dropped.
The names here are shared with `turns.py` and `turn_names.py` only.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re

from dipcorpus.model import Document, Sentence
from dipcorpus.parse.zh_text import simplified, zh_country_names

QUESTION, ANSWER = "question", "answer"
OPENING = "opening statement"
ANNOUNCEMENT = OPENING  # a spokesperson's unlabelled opening announcement
REPORTER = "Reporter"

# Outlets whose name we normalise: a Chinese label becomes the name the ministry's English transcripts
# print for the same outlet ('CCTV', 'RIA Novosti'); the speaker stage gives other Chinese outlets the
# knowledge base's English name. An English label on an English page keeps its printed form.
_OUTLETS = {
    "xinhua": "Xinhua",
    "xinhua news agency": "Xinhua",
    "cctv": "CCTV",
    "china central television": "CCTV",
    "people's daily": "People’s Daily",
    "agence france-presse": "AFP",
    "新华社": "Xinhua",
    "央视": "CCTV",
    "总台央视": "CCTV",
    "中央广播电视总台央视": "CCTV",
    "中央电视台": "CCTV",
    "俄新社": "RIA Novosti",
    "人民日报": "People’s Daily",
    "路透社": "Reuters",
    "法新社": "AFP",
    "彭博社": "Bloomberg",
    "塔斯社": "TASS",
}
_KNOWN_OUTLETS = frozenset(
    {
        "afp", "ap", "associated press", "reuters", "bloomberg", "bbc", "cnn", "nbc", "abc", "cbs",
        "nhk", "kyodo", "tass", "sputnik", "cgtn", "cri", "cnr", "cns", "pti", "efe", "ansa", "dpa",
        "yonhap", "rossiya segodnya", "ria novosti", "phoenix tv", "the paper", "global times",
        "china daily", "shenzhen tv", "beijing daily", "beijing youth daily", "china news service",
        "south china morning post", "scmp", "the australian", "financial times", "nikkei", "mbc",
        "kbs", "fuji tv", "prensa latina", "al jazeera", "dw", "rtl", "wall street journal",
    }
)  # fmt: skip
_MEDIA_WORDS = frozenset(
    {
        "news", "agency", "television", "tv", "daily", "times", "post", "radio", "press", "journal",
        "herald", "tribune", "broadcasting", "network", "media", "monthly", "weekly", "review",
        "telegraph", "shimbun", "ilbo", "novosti", "segodnya", "gazette", "magazine", "channel",
        "newspaper", "corporation", "service", "wire", "izvestia", "pravda", "observer", "mail",
    }
)  # fmt: skip
_ASKER_WORDS = frozenset({"reporter", "journalist", "correspondent", "question", "q", "follow-up", "follow up"})
_TITLE_WORDS = frozenset(
    {
        "mr", "ms", "mrs", "dr", "secretary", "president", "minister", "spokesperson", "spokesman",
        "spokeswoman", "premier", "ambassador", "chairman", "chair", "moderator", "operator",
        "official", "director", "senator", "governor", "general", "prime", "vice", "deputy",
        "councilor", "counselor", "chancellor", "king", "queen", "prince", "admiral", "state",
        "foreign", "press", "under", "assistant", "senior", "administration", "department",
        "chief", "envoy", "special", "representative", "minster", "commissioner", "mayor", "speaker",
        "external", "affairs", "defense", "defence", "national", "security", "advisor", "adviser",
        "member", "councillor", "high", "acting", "administrator", "coordinator", "aide", "principal",
        "sir", "madam", "dame", "lord", "his", "her", "excellency", "shri", "smt", "shrimati", "miss",
        "hon", "honourable", "honorable", "rt", "spokesman's", "official's",
        "captain", "colonel", "lieutenant", "commander", "sergeant", "capt", "col", "lt", "gen", "cmdr",
        "major", "brigadier", "rear", "education", "energy", "commerce", "treasury", "labor", "agriculture",
        "homeland", "interior", "transportation", "health", "justice", "veterans", "attorney",
    }
)  # fmt: skip
_NOT_LABELS = frozenset(
    {
        "note", "notes", "editor's note", "source", "sources", "date", "time", "location", "venue",
        "subject", "title", "tags", "translation", "update", "updated", "correction", "contents",
        "photo", "video", "attachment", "attachments", "background", "summary", "example", "p.s",
        "ps", "first", "second", "third", "fourth", "fifth", "finally", "answer", "transcript",
        "read more", "see also", "related", "keywords", "tel", "fax", "email", "address", "url",
        "website", "via", "and", "but", "so", "yes", "no", "well", "however", "quote", "unquote",
    }
)  # fmt: skip
_TOPIC_WORDS = frozenset(
    {"on", "in", "regarding", "about", "as", "for", "with", "to", "at", "from", "re", "concerning", "if", "when"}
)
_CONNECTORS = frozenset({"of", "the", "and", "de", "del", "la", "le", "von", "van", "al", "bin", "&", "du", "da"})
_STOP_IN_NAME = frozenset(
    {
        "meets", "meet", "met", "holds", "hold", "says", "said", "attends", "speaks", "talks", "regular",
        "press", "interview", "interviews", "gives", "delivers", "answers", "remarks", "briefing",
        "conference", "and", "to", "on", "at", "with", "in", "of", "the", "for", "by", "a", "an",
    }
)  # fmt: skip

_PARA = re.compile(r"[^\n]+")
_NUMBER = re.compile(r"(\d{1,3})\s*[.、)．]\s*")
# Chinese labels, with a full-width or an ASCII colon: 问/答/追问, an outlet's reporter ('新华社记者',
# '总台央视记者提问', '彭博社记者追问'), a question asked after the conference ('会后有记者问及'), a name
_ZH_LABEL = re.compile(
    r"(问|答|追问[一二三四五六七八九十\d]?|会后有?[^\s:：，。（(]{0,10}?记者问及?"
    r"|[^\s:：，。（(]{1,24}?记者(?:追问|提问|问)?|[\u4e00-\u9fff]{2,4})\s*[：:]\s*"
)
# the answer to a question asked after the conference, reported: '华春莹表示，...' (a known name)
_ZH_SAID = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:表示|说)\s*[，,：:]\s*")
# words that open a paragraph before a colon without naming a speaker
_ZH_NOT_NAMES = frozenset(
    {
        "首先", "其次", "再次", "最后", "总之", "例如", "比如", "注", "附", "来源", "编者按", "按", "说明", "备注",
        "全文如下", "内容如下", "具体如下", "具体来说", "我想说", "我要说", "需要指出", "请注意", "问题", "答案",
        "时间", "地点", "主题", "标题", "摘要", "附件", "另外", "此外", "同时", "当然", "事实上", "目前", "现在",
    }
)  # fmt: skip
_ZH_ORDINAL = frozenset("第一二三四五六七八九十")
_ZH_ASKED = re.compile(r"(?<=记者)(?:追问|提问|问)$")  # '路透社记者提问' asks as '路透社记者'
_ZH_AFTER = re.compile(r"^会后有?.*记者问及?$")  # 'a reporter asked after the conference': a reporter
_QA_COLON = re.compile(r"(Q|A|QUESTION|Question|Follow[- ]?up|FOLLOW[- ]?UP)\s*[:：]\s*")
# a question label with the reporter's name after it (German government press conferences):
# 'QUESTION MUELLER:', 'Question Dr. Krause:'
_QA_NAMED = re.compile(r"(QUESTION|Question|FRAGE|Frage)\s+(?:[A-Z][\w’'.-]*\s?){1,3}[:：]\s*")
# an asker word with the outlet in brackets: 'Reporter (NHK):', 'Question (Kyodo News):'
_ASKER_BRACKET = re.compile(
    r"(?:Reporter|Journalist|Correspondent|Question|Q|REPORTER|JOURNALIST|QUESTION)\s*[(\[]"
    r"([A-Z][^()\[\]:]{0,40}?)[)\]]\s*[:：]\s*"
)
_NOT_OUTLET = re.compile(r"(?i)inaudible|mic\b|interpret|translat|cont|unidentified|follow|off|through|via|english")
_HONORIFIC_START = frozenset({"mr", "ms", "mrs", "miss", "dr", "mme", "m"})
_QA_BARE = re.compile(r"([QA])(?:\s*$|\s{2,}|\s*[.—–]\s+|\s+-{1,2}\s+|\s+(?=[A-Z\"“‘'(]))")
_LABEL = re.compile(r"([A-Z\u00c0-\u00de][^:：\n]{0,120}?)\s*[:：]\s*")
# an annotation after the name: '(retranslated)', '(via interpreter)', '(in English)'
_ANNOTATION = re.compile(r"\s*[(\[][^()\[\]]{1,30}[)\]]\s*$")
_LEAD_ANNOTATION = re.compile(r"[(\[][a-z][^()\[\]]{1,28}[)\]]\s*")
_GLUED = re.compile(r"[a-z]{2}[A-Z]")  # two words run together ('ShinzoPrime')
_GLUED_PAIR = re.compile(r"([a-z]{2})([A-Z])")
# a speaker addressing the room, not a label: 'Mr. President:', 'Distinguished Ladies and Gentlemen:'
_VOCATIVE = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Madam|Madame)\.? (?:President|Chair\w*|Secretary-General|Speaker|Moderator)"
    r"|(?:(?:Distinguished|Dear|Honou?rable) )*(?:Ladies and Gentlemen|Excellencies|Friends|Colleagues|Delegates))$",
    re.I,
)
_WORD = re.compile(r"[\w’'.&-]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")


# who a Chinese reporter label describes without naming an outlet: '外国记者', '中外记者', '有记者'
_ZH_UNNAMED = frozenset(
    {"", "外国", "外籍", "境外", "外媒", "中外", "中方", "有", "一位", "一名", "某", "其他", "另一位"}
)


def zh_unnamed_reporter(label: str) -> bool:
    """True when a Chinese reporter label, without '记者', names no outlet: nothing, a word like
    '外国' (foreign), or a country ('俄罗斯记者', a Russian reporter)."""
    label = label.strip()
    return label in _ZH_UNNAMED or label in zh_country_names() or label.rstrip("籍") in zh_country_names()


@dataclasses.dataclass(slots=True)
class _Label:
    """A speaker label found at the start of a paragraph."""

    label_start: int
    start: int  # where the turn text starts
    raw: str  # the label as written
    kind: str  # "q", "a", "name", "followup"
    number: int | None = None
    strong: bool = True
    para_end: int = 0
    asks: bool = False  # set in bold or ending in a question: a question label
    affiliation: bool = False  # 'Ms Ana Roe, Daily Post:' / 'Reporter (NHK):': `raw` is the outlet
    said: bool = False  # '华春莹表示，': a label only right after a question


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line of `text`, leading and trailing spaces excluded."""
    spans = []
    for m in _PARA.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start] in " \t\u00a0\u3000":
            start += 1
        while end > start and text[end - 1] in " \t\u00a0\u3000\r":
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _fold(text: str) -> str:
    if len(text) <= 200:  # labels, folded again and again: memoised
        return _fold_short(text)
    return " ".join(text.replace("’", "'").replace("‘", "'").split()).casefold()


@functools.lru_cache(maxsize=16384)
def _fold_short(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split()).casefold()


def _words(label: str) -> list[str]:
    return [w.strip(".") for w in _WORD.findall(label)]


@functools.lru_cache(maxsize=16384)  # labels repeat: memoised
def _is_outlet(label: str) -> bool:
    folded = _fold(label)
    if folded in _OUTLETS or folded in _KNOWN_OUTLETS:
        return True
    return any(w.casefold() in _MEDIA_WORDS for w in _words(label))


@functools.lru_cache(maxsize=16384)  # labels repeat: memoised
def _is_asker(label: str) -> bool:
    folded = _fold(label)
    if folded.endswith("记者") or folded in ("问", "追问"):
        return True
    return _is_outlet(label) or any(w.casefold() in _ASKER_WORDS for w in _words(label)[:2])


def _name_shaped(label: str) -> bool:
    """Short and capitalised: every word capitalised except connectors; no digits-only words."""
    words = label.split()
    if not 1 <= len(words) <= 6 or _fold(label) in _NOT_LABELS or _VOCATIVE.match(label):
        return False
    if words[0].casefold() in _TOPIC_WORDS:  # 'On Iran: ...' opens a topic, not a speaker
        return False
    if any(ch in label for ch in ',;!?"“”()[]') or label.endswith("."):
        return False
    for word in words:
        if word.isdigit():
            return False
        if not (word[0].isupper() or word[0].isdigit() or word.casefold() in _CONNECTORS):
            return False
    return not (("'s " in label or "’s " in label) and not _is_outlet(label))


def _has_title_word(label: str) -> bool:
    return any(w.casefold() in _TITLE_WORDS for w in _words(label))


def _shouting(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _strong(label: str, known_names: set[str]) -> bool:
    folded = _fold(label)
    if _is_asker(label) or any(_stands_in(folded, k) for k in known_names):
        return True
    letters = [c for c in label if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return True
    return any(w.casefold() in _TITLE_WORDS for w in _words(label))


def _stands_in(part: str, text: str) -> bool:
    r"""`re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text)`: `part` as a whole word or words of
    `text`, found with `str.find` (no pattern compiled per label). `\w` is a letter, digit or '_'."""
    if not part:
        return re.search(r"(?<!\w)(?!\w)", text) is not None
    i = text.find(part)
    while i != -1:
        j = i + len(part)
        if not (i and _word_char(text[i - 1])) and not (j < len(text) and _word_char(text[j])):
            return True
        i = text.find(part, i + 1)
    return False


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _read_label(text: str, start: int, end: int, known_names: set[str]) -> _Label | None:
    pos, number = start, None
    m = _NUMBER.match(text, pos, end)
    if m and m.end() < end and not text[m.end()].isdigit():
        pos, number = m.end(), int(m.group(1))
    if (
        text[pos : pos + 1] not in ("Q", "A")
        and text.find(":", pos, end) < 0
        and text.find("：", pos, end) < 0
        and not _CJK.search(text, pos, min(end, pos + 30))
    ):
        return None  # each pattern below needs a colon, but a bare 'Q' or 'A' and a Chinese 'X表示，' (most: none)
    m = _ASKER_BRACKET.match(text, pos, end)
    if m and not _NOT_OUTLET.search(m.group(1)):
        return _Label(start, m.end(), " ".join(m.group(1).split()), "name", number, para_end=end, affiliation=True)
    m = _QA_NAMED.match(text, pos, end)
    if m and _fold(m.group(0).split()[1].strip(":：")) not in _NOT_LABELS:
        return _Label(start, m.end(), "Q", "q", number, para_end=end)
    for pattern, kind in ((_QA_COLON, ""), (_QA_BARE, "bare")):
        m = pattern.match(text, pos, end)
        if m:
            raw = m.group(1)
            kind = "followup" if raw.casefold().startswith("follow") else "q" if raw[0] in "Qq" else "a"
            return _Label(start, m.end(), raw, kind, number, para_end=end)
    zh = _zh_label(text, pos, end, known_names, start, number)
    if zh is not _NO_ZH:
        return zh
    m = _LABEL.match(text, pos, end)
    raw = _clean_label(m.group(1)) if m else ""
    if m and raw.count(",") == 1:
        return _comma_label(text, start, end, m.end(), raw, number, known_names)
    if m and _name_shaped(raw):
        after = _LEAD_ANNOTATION.match(text, m.end(), end)
        begin = after.end() if after else m.end()
        return _Label(start, begin, raw, "name", number, _strong(raw, known_names), end)
    return None


_NO_ZH = _Label(0, 0, "", "")  # no Chinese label: read the paragraph as a Latin-script one


def _zh_label(text: str, pos: int, end: int, known_names: set[str], start: int, number: int | None) -> _Label | None:
    """A Chinese label at `pos` (None: a Chinese colon phrase that is no label; `_NO_ZH`: none)."""
    head = text[pos : min(end, pos + 48)]
    if not _CJK.search(head, 0, 30):  # ('CNN记者：', '《虚构报》记者：' open with no Chinese character)
        return _NO_ZH
    simple = simplified(head)  # '問：', '記者：' on a Hong Kong or Taiwan page
    head = simple if len(simple) == len(head) else head  # (offsets stay those of the text)
    m = _ZH_LABEL.match(head)
    if m:
        raw = "问" if _ZH_AFTER.match(m.group(1)) else _ZH_ASKED.sub("", m.group(1))
        kind = "followup" if raw.startswith("追问") else {"问": "q", "答": "a"}.get(raw, "name")
        if kind != "name" or raw.endswith("记者") or raw in known_names:
            return _Label(start, pos + m.end(), raw, kind, number, para_end=end)
        if raw in _ZH_NOT_NAMES or raw[0] in _ZH_ORDINAL or raw[-1] in "是为说":
            return None
        # another name ('王五：'): weak, a label only where it recurs beside question labels
        return _Label(start, pos + m.end(), raw, "name", number, strong=False, para_end=end)
    m = _ZH_SAID.match(head)
    if m and m.group(1) in known_names:
        return _Label(start, pos + m.end(), m.group(1), "name", number, para_end=end, said=True)
    return _NO_ZH


def _comma_label(
    text: str, start: int, end: int, after: int, raw: str, number: int | None, known_names: set[str]
) -> _Label | None:
    """A label with one comma: an office and the name ('Official Spokesperson, Shri Ana Roe:'), a
    name and the office ('Ana Roe, Foreign Minister:'), or a person and the outlet they ask for
    ('Ms Ana Roe, Daily Post:', 'Mr Jo Quill, ABC:'). Other comma phrases are not labels."""
    head, tail = (part.strip() for part in raw.split(","))
    if not (_name_shaped(head) and _name_shaped(tail)):
        return None
    head_words, tail_words = _words(head), _words(tail)
    if all(w.casefold() in _TITLE_WORDS or w.casefold() in _CONNECTORS for w in head_words):
        label = f"{head} {tail}"  # the office first: strip_office leaves the name
        return _Label(start, after, label, "name", number, _strong(label, known_names), end)
    if any(w.casefold() in _TITLE_WORDS for w in tail_words) and not _is_outlet(tail):
        return _Label(start, after, head, "name", number, True, end)
    if (head_words and head_words[0].casefold() in _HONORIFIC_START) or _is_outlet(tail):
        return _Label(start, after, tail, "name", number, True, end, affiliation=True)
    return None


def _clean_label(label: str) -> str:
    """The label without annotations ('(retranslated)') and without a tooltip's copy of the name
    that an HTML hover card glued to it ('... Shinzo Abe Abe ShinzoPrime Minister of Japan')."""
    while True:
        m = _ANNOTATION.search(label)
        if not m or m.start() == 0:
            break
        label = label[: m.start()]
    label = " ".join(label.split())
    if _GLUED.search(label):
        words = label.split()
        for i, word in enumerate(words):
            if i >= 2 and word in words[:i] and word.casefold() not in _CONNECTORS:
                return " ".join(words[:i])
        label = _GLUED_PAIR.sub(r"\1 \2", label)  # 'IvanPetrov' -> 'Ivan Petrov'
    return label


def _bold_start(doc: Document, start: int, end: int) -> bool:
    """True when an emphasised run starts the paragraph and covers most of it."""
    covered = 0
    spans = doc.emphasis
    index = _emphasis_index(spans)
    if index is not None:  # only the runs that can overlap [start, end), not every run of the page
        starts, reach = index
        spans = spans[bisect.bisect_right(reach, start) : bisect.bisect_left(starts, end)]
    for span in spans:
        if span.end <= start or span.start >= end:
            continue
        if not covered and span.start > start + 2:
            return False
        covered += min(span.end, end) - max(span.start, start)
    return covered >= 0.6 * (end - start)


_EMPHASIS: list[tuple[tuple[Sentence, ...], tuple[list[int], list[int]] | None]] = []  # the last document's


def _emphasis_index(spans: tuple[Sentence, ...]) -> tuple[list[int], list[int]] | None:
    """For emphasised runs listed in order of start (as pages give them): their starts, and the
    furthest end reached by each run and those before it. Every run before the first that
    reaches past an offset ends before it. None for runs out of order (then all are read)."""
    if _EMPHASIS and _EMPHASIS[0][0] is spans:
        return _EMPHASIS[0][1]
    starts = [span.start for span in spans]
    ordered = all(a <= b for a, b in itertools.pairwise(starts))
    index = (starts, list(itertools.accumulate((span.end for span in spans), max))) if ordered else None
    _EMPHASIS[:] = [(spans, index)]  # kept with its runs: `is` finds it again for the same document
    return index


def _official(label: str, known_names: set[str]) -> bool:
    folded = _fold(label)
    if any(_stands_in(folded, k) for k in known_names):
        return True
    return _shouting(label) or any(w.casefold() in _TITLE_WORDS for w in _words(label))


def _weak_ok(doc: Document, lab: _Label, n_strong: int) -> bool:
    """A weak label in a document with other labels: a question, or set in bold."""
    return (
        n_strong >= 2
        and len(lab.raw.split()) <= 4
        and ("?" in doc.text[lab.start : lab.para_end] or _bold_start(doc, lab.label_start, lab.para_end))
    )


def _drop_bare_a(labels: list[_Label], text: str) -> list[_Label]:
    """'A' without a colon counts only where bare 'Q' labels are used too (or it stands alone)."""
    bare_q = any(lab.kind == "q" and lab.raw == "Q" and ":" not in text[lab.label_start : lab.start]
                 for lab in labels)  # fmt: skip
    out = []
    for lab in labels:
        label_text = text[lab.label_start : lab.start]
        if lab.kind == "a" and lab.raw == "A" and ":" not in label_text and "：" not in label_text:
            alone = lab.start >= lab.para_end or "  " in label_text
            if not (bare_q or alone):
                continue
        out.append(lab)
    return out
