"""Speaker turns of press conferences, interviews and briefings.

`find_turns` reads the clean text paragraph by paragraph (paragraphs are separated by a blank
line) and looks for a speaker label at the start of each one: `Q:`/`A:` (with or without the
colon), `问：`/`答：`, an outlet (`Xinhua:`, `1. Xinhua:`, `4.Xinhua:During`), an official
(`Wang Yi:`, `MS. PSAKI:`, `SECRETARY BLINKEN:`), `Follow-up:`, or a question set in bold.
A turn runs from the text after its label to the end of the last paragraph before the next
label. Text before the first question is an opening statement (or, at a spokesperson's regular
press conference, an announcement).

A label is short, capitalised and at the start of a paragraph. Besides its shape it needs one
piece of evidence: a known speaker word (outlet, `Reporter`, a title such as `Secretary`), a
name the title names, all capitals (US transcripts), or being used as a label twice.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Iterator, Sequence

from dipcorpus.model import Document, Turn

__all__ = ["answerer_from_title", "find_turns", "paragraphs"]

QUESTION, ANSWER = "question", "answer"
OPENING, ANNOUNCEMENT = "opening statement", "announcement"
REPORTER = "Reporter"

# Outlets whose name we normalise; any other outlet keeps its label as written.
_OUTLETS = {
    "xinhua": "Xinhua",
    "xinhua news agency": "Xinhua",
    "cctv": "China Central Television",
    "china central television": "China Central Television",
    "people's daily": "People’s Daily",
    "agence france-presse": "AFP",
    "新华社": "Xinhua",
    "央视": "China Central Television",
    "总台央视": "China Central Television",
    "中央广播电视总台央视": "China Central Television",
    "中央电视台": "China Central Television",
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
        "sir", "madam", "dame", "lord", "his", "her", "excellency",
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
_ZH_LABEL = re.compile(r"(问|答|追问|[^\s:：，。]{1,24}?记者|[\u4e00-\u9fff]{2,4})\s*：\s*")
_QA_COLON = re.compile(r"(Q|A|QUESTION|Question|Follow[- ]?up|FOLLOW[- ]?UP)\s*[:：]\s*")
_QA_BARE = re.compile(r"([QA])(?:\s*$|\s{2,}|\s+(?=[A-Z\"“‘'(]))")
_LABEL = re.compile(r"([A-Z\u00c0-\u00de][^:：\n]{0,70}?)\s*[:：]\s*")
_WORD = re.compile(r"[\w’'.&-]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_NAME = r"[A-Z][\w’'-]*\.?(?:[ \u00a0]+(?:[A-Z][\w’'-]*\.?|bin|al|de|van|von|la)){0,4}"
_TITLE_NAME = re.compile(
    r"(?:Spokes(?:person|man|woman)|Minist?er|Councilor|Secretary|President|Premier|Ambassador|"
    r"Chancellor|Director[- ]General|Chairman)[ \u00a0]+(" + _NAME + ")"
)
_POSSESSIVE_NAME = re.compile(r"(" + _NAME + r")['’]s[ \u00a0]+(?:Regular|Interview|Remarks|Press)")
_ZH_SPOKESPERSON = re.compile(r"发言人([\u4e00-\u9fff]{2,3}?)(?:主持|答|就)")
_MID_WORD = re.compile(r"[ \u00a0]+")


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
    return " ".join(text.replace("’", "'").replace("‘", "'").split()).casefold()


def _words(label: str) -> list[str]:
    return [w.strip(".") for w in _WORD.findall(label)]


def _is_outlet(label: str) -> bool:
    folded = _fold(label)
    if folded in _OUTLETS or folded in _KNOWN_OUTLETS:
        return True
    return any(w.casefold() in _MEDIA_WORDS for w in _words(label))


def _is_asker(label: str) -> bool:
    folded = _fold(label)
    if folded.endswith("记者") or folded in ("问", "追问"):
        return True
    return _is_outlet(label) or any(w.casefold() in _ASKER_WORDS for w in _words(label)[:2])


def _name_shaped(label: str) -> bool:
    """Short and capitalised: every word capitalised except connectors; no digits-only words."""
    words = label.split()
    if not 1 <= len(words) <= 6 or _fold(label) in _NOT_LABELS:
        return False
    if any(ch in label for ch in ',;!?"“”()[]') or label.endswith("."):
        return False
    for word in words:
        if word.isdigit():
            return False
        if not (word[0].isupper() or word[0].isdigit() or word.casefold() in _CONNECTORS):
            return False
    return not (("'s " in label or "’s " in label) and not _is_outlet(label))


def _shouting(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _strong(label: str, known_names: set[str]) -> bool:
    folded = _fold(label)
    if _is_asker(label) or any(re.search(rf"(?<!\w){re.escape(folded)}(?!\w)", k) for k in known_names):
        return True
    letters = [c for c in label if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return True
    return any(w.casefold() in _TITLE_WORDS for w in _words(label))


def _read_label(text: str, start: int, end: int, known_names: set[str]) -> _Label | None:
    pos, number = start, None
    m = _NUMBER.match(text, pos, end)
    if m and m.end() < end and not text[m.end()].isdigit():
        pos, number = m.end(), int(m.group(1))
    for pattern, kind in ((_QA_COLON, ""), (_QA_BARE, "bare")):
        m = pattern.match(text, pos, end)
        if m:
            raw = m.group(1)
            kind = "followup" if raw.casefold().startswith("follow") else "q" if raw[0] in "Qq" else "a"
            return _Label(start, m.end(), raw, kind, number, para_end=end)
    m = _ZH_LABEL.match(text, pos, end)
    if m:
        raw = m.group(1)
        kind = {"问": "q", "答": "a", "追问": "followup"}.get(raw, "name")
        if kind != "name" or raw.endswith("记者") or raw in known_names:
            return _Label(start, m.end(), raw, kind, number, para_end=end)
        return None
    m = _LABEL.match(text, pos, end)
    if m and _name_shaped(m.group(1)):
        raw = m.group(1)
        return _Label(start, m.end(), raw, "name", number, _strong(raw, known_names), end)
    return None


def _bold_start(doc: Document, start: int, end: int) -> bool:
    """True when an emphasised run starts the paragraph and covers most of it."""
    covered = 0
    for span in doc.emphasis:
        if span.end <= start or span.start >= end:
            continue
        if not covered and span.start > start + 2:
            return False
        covered += min(span.end, end) - max(span.start, start)
    return covered >= 0.6 * (end - start)


def answerer_from_title(title: str | None) -> str | None:
    """The official the title names ('Spokesperson Hua Chunying's ...' -> 'Hua Chunying')."""
    if not title:
        return None
    m = _ZH_SPOKESPERSON.search(title)
    if m:
        return m.group(1)
    for pattern in (_POSSESSIVE_NAME, _TITLE_NAME):
        for m in pattern.finditer(title):
            name = _trim_name(m.group(1))
            if name and " " in name:
                return name
    return None


def _trim_name(name: str) -> str:
    words = _MID_WORD.split(name.replace("’s", "").replace("'s", ""))
    kept: list[str] = []
    for word in words:
        if word.casefold() in _STOP_IN_NAME or word.casefold().strip(".") in _TITLE_WORDS:
            if kept:
                break
            continue
        kept.append(word)
    return " ".join(kept)


def _full_name(label: str, context: str) -> str | None:
    """A label like 'MS. PSAKI' or 'Stoltenberg' resolved to a full name the context mentions:
    the surname with the given name (and a middle initial) written before it."""
    words = [w for w in _words(label) if w.casefold() not in _TITLE_WORDS and w.casefold() not in _CONNECTORS]
    if not words or len(words) > 2:
        return None
    surname = words[-1]
    pattern = re.compile(
        r"(?<![\w’'-])([A-Z][\w’'-]*[ \u00a0]+(?:[A-Z]\.[ \u00a0]+)?)(?i:" + re.escape(surname) + r")\b"
    )
    for m in pattern.finditer(context):
        given = m.group(1).split()
        if given[0].casefold().strip(".") in _TITLE_WORDS or given[0].casefold() in _STOP_IN_NAME:
            continue
        if not m.group(0)[-len(surname) :][0].isupper():
            continue
        return " ".join([*given, m.group(0)[-len(surname) :]])
    return None


class _Speakers:
    """Turns raw labels into canonical speaker names for one document."""

    def __init__(self, doc: Document, front: str) -> None:
        self.answerer = answerer_from_title(doc.title) or answerer_from_title(front[:600])
        self.context = f"{doc.title or ''}\n{front}"
        self.cache: dict[str, str] = {}

    def asker(self, raw: str) -> str:
        folded = _fold(raw)
        if folded in ("q", "question", "问", "记者", "follow-up", "follow up", "followup", "追问"):
            return REPORTER
        if folded.endswith("记者"):
            raw = raw[: -len("记者")].strip("《》 ")
            folded = _fold(raw) or "记者"
        if folded in _OUTLETS:
            return _OUTLETS[folded]
        if folded in ("reporter", "journalist", "记者", "foreign journalist"):
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
        if len(words) >= 2 and not raw.isupper():
            return " ".join(raw.split())
        return _full_name(raw, self.context) or " ".join(raw.split())


def _known_names(doc: Document, front: str) -> set[str]:
    """Folded names of the officials the title and front text name, and the title itself."""
    names = {_fold(doc.title)} if doc.title else set()
    for source in (doc.title, front[:600]):
        name = answerer_from_title(source)
        if name:
            names.add(_fold(name))
    return names


def _labels(doc: Document, paras: Sequence[tuple[int, int]]) -> list[_Label]:
    front = doc.text[: paras[min(3, len(paras) - 1)][1]] if paras else ""
    known = _known_names(doc, front)
    title = _fold(doc.title or "")
    found = [
        None if i < 5 and _fold(doc.text[s:e]) == title else _read_label(doc.text, s, e, known)
        for i, (s, e) in enumerate(paras)
    ]
    counts = Counter(_fold(lab.raw) for lab in found if lab)
    n_strong = sum(1 for lab in found if lab and lab.strong)
    out = []
    for i, lab in enumerate(found):
        start, end = paras[i]
        if lab is None:
            if n_strong and _bold_start(doc, start, end) and "?" in doc.text[start:end]:
                out.append(_Label(start, start, "", "q", None, para_end=end))
            continue
        if lab.strong or counts[_fold(lab.raw)] >= 2 or _weak_ok(doc, lab, n_strong):
            lab.asks = _bold_start(doc, start, end) or (
                doc.text[start:end].rstrip("”\"’' ").endswith("?") and not _official(lab.raw, known)
            )
            out.append(lab)
    return _drop_bare_a(out, doc.text)


def _official(label: str, known_names: set[str]) -> bool:
    folded = _fold(label)
    if any(re.search(rf"(?<!\w){re.escape(folded)}(?!\w)", k) for k in known_names):
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


def _is_regular_presser(title: str | None) -> bool:
    return bool(title) and bool(re.search(r"Regular Press Conference|例行记者会|Press Briefing", title or ""))


def _cjk_share(text: str) -> float:
    cjk = len(_CJK_RUN.findall(text))
    if not cjk:
        return 0.0
    latin = len(_LATIN_WORD.findall(text)) * 5  # a Latin word counts about as much as 5 characters
    return cjk / (cjk + latin)


def find_turns(doc: Document) -> Document:
    """Find the speaker turns of `doc` (question, answer, opening statement, announcement)."""
    paras = paragraphs(doc.text)
    if not paras:
        return dataclasses.replace(doc, turns=())
    labels = _labels(doc, paras)
    first_label = labels[0].label_start if labels else len(doc.text)
    front = doc.text[:first_label]
    speakers = _Speakers(doc, front)
    turns = list(_build(doc, paras, labels, speakers))
    return dataclasses.replace(doc, turns=tuple(turns))


def _para_index(paras: Sequence[tuple[int, int]], pos: int) -> int:
    lo, hi = 0, len(paras)
    while lo < hi:
        mid = (lo + hi) // 2
        if paras[mid][1] < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _build(
    doc: Document, paras: Sequence[tuple[int, int]], labels: Sequence[_Label], speakers: _Speakers
) -> Iterator[Turn]:
    text = doc.text
    bilingual = doc.language != "zh" and _is_bilingual(text, paras)
    n, seen_question, last_asker = 0, False, REPORTER
    if labels and _is_regular_presser(doc.title):
        opening = list(_announcement(doc, paras, labels[0].label_start, speakers))
        yield from opening
        n = len(opening)
    chinese = [bilingual and _cjk_share(text[lab.label_start : lab.para_end]) > 0.5 for lab in labels]
    for i, lab in enumerate(labels):
        next_start = labels[i + 1].label_start if i + 1 < len(labels) else len(text)
        english_next = i + 1 < len(labels) and not chinese[i + 1]
        if chinese[i] and english_next and _only_chinese(text, paras, lab.label_start, next_start):
            continue  # the Chinese half of a bilingual pair: kept as the English turn's parallel
        end = _turn_end(text, paras, lab.start, next_start, bilingual and english_next)
        speaker, role = _speaker_role(lab, speakers, seen_question, last_asker, doc.title)
        if role == QUESTION:
            seen_question, last_asker = True, speaker
        start = min(lab.start, end)
        if start >= end and lab.start >= lab.para_end:  # a label alone on its paragraph
            j = _para_index(paras, lab.para_end) + 1
            start = paras[j][0] if j < len(paras) and paras[j][0] < next_start else end
        par = _parallel(text, paras, lab.label_start) if bilingual else None
        n += 1
        yield Turn(
            start=start, end=max(end, start), n=n, speaker=speaker, role=role,
            label_start=lab.label_start, number=lab.number,
            parallel_start=par[0] if par else None, parallel_end=par[1] if par else None,
        )  # fmt: skip


def _speaker_role(
    lab: _Label, speakers: _Speakers, seen_question: bool, last_asker: str, title: str | None
) -> tuple[str, str]:
    if lab.kind == "q":
        return speakers.asker(lab.raw or "Q"), QUESTION
    if lab.kind == "followup":
        return last_asker, QUESTION
    is_answerer = _fold(lab.raw) == _fold(speakers.answerer or "")
    if lab.kind == "name" and (_is_asker(lab.raw) or lab.asks) and not is_answerer:
        return speakers.asker(lab.raw), QUESTION
    speaker = speakers.official(lab.raw)
    if seen_question:
        return speaker, ANSWER
    announcing = _is_regular_presser(title) and speaker == speakers.answerer
    return speaker, ANNOUNCEMENT if announcing else OPENING


def _looks_like_title(paragraph: str, title: str | None) -> bool:
    if title and _fold(paragraph) == _fold(title):
        return True
    return len(paragraph) < 200 and not paragraph.rstrip("”\"’' ").endswith((".", "。", "!", "?", ":"))


def _announcement(
    doc: Document, paras: Sequence[tuple[int, int]], first_label: int, speakers: _Speakers
) -> Iterator[Turn]:
    """Unlabelled paragraphs between the title and the first label of a regular press conference."""
    body = [p for p in paras if p[1] <= first_label]
    if body and _looks_like_title(doc.text[body[0][0] : body[0][1]], doc.title):
        body = body[1:]
    elif body and len(body) == 1 and not doc.title:
        body = []
    if body:
        speaker = speakers.answerer or "Spokesperson"
        yield Turn(start=body[0][0], end=body[-1][1], n=1, speaker=speaker, role=ANNOUNCEMENT)


def _turn_end(text: str, paras: Sequence[tuple[int, int]], start: int, next_start: int, bilingual: bool) -> int:
    j = bisect.bisect_left(paras, (next_start, -1)) - 1
    if bilingual:  # stop before the Chinese paragraphs that pair with the next English label
        while j >= 0 and paras[j][0] > start and _cjk_share(text[paras[j][0] : paras[j][1]]) > 0.5:
            j -= 1
    return paras[j][1] if j >= 0 and paras[j][1] > start else start


def _only_chinese(text: str, paras: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """True when every paragraph in start..end is mostly Chinese."""
    i = _para_index(paras, start)
    while i < len(paras) and paras[i][0] < end:
        if _cjk_share(text[paras[i][0] : paras[i][1]]) <= 0.5:
            return False
        i += 1
    return True


def _is_bilingual(text: str, paras: Sequence[tuple[int, int]]) -> bool:
    if not _CJK.search(text):
        return False
    shares = [_cjk_share(text[s:e]) for s, e in paras[:200]]
    zh = sum(1 for x in shares if x > 0.5)
    return zh >= 2 and len(shares) - zh >= 2


def _parallel(text: str, paras: Sequence[tuple[int, int]], label_start: int) -> tuple[int, int] | None:
    j = _para_index(paras, label_start) - 1
    k = j
    while k >= 0 and _cjk_share(text[paras[k][0] : paras[k][1]]) > 0.5:
        k -= 1
    if k == j:
        return None
    start = paras[k + 1][0]
    m = _ZH_LABEL.match(text, start, paras[k + 1][1])
    return (m.end() if m else start), paras[j][1]
