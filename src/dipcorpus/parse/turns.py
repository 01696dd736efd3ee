"""Speaker turns of press conferences, interviews and briefings.

`find_turns` reads the clean text paragraph by paragraph (paragraphs are separated by a blank
line) and looks for a speaker label at the start of each one: `Q:`/`A:` (with or without the
colon), `问：`/`答：`, an outlet (`Xinhua:`, `1. Xinhua:`, `4.Xinhua:During`), an official
(`Wang Yi:`, `MS. PSAKI:`, `SECRETARY BLINKEN:`), `Follow-up:`, or a question set in bold.
A turn runs from the text after its label to the end of the last paragraph before the next
label. Turns before the first question are opening statements (so is a spokesperson's unlabelled
announcement before the first label at a regular press conference); later non-questions are
answers, moderator hand-offs included. A named speaker asks when a question mark ends their turn at
a press event (never the main speaker), and in an interview the interviewers labelled by their own
name ask for their outlet (`turn_outlets.py`). An unlabelled address to an assembly (a UN General
Debate statement) is one opening statement; other unlabelled texts have no turns.

A label is short, capitalised and at the start of a paragraph. Besides its shape it needs one
piece of evidence: a known speaker word (outlet, `Reporter`, a title such as `Secretary`), a
name the title names, all capitals (US transcripts), or being used as a label twice. A label that
only ever introduces a short value is a list field, not a speaker.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Iterator, Sequence

from dipcorpus.model import Document, Turn
from dipcorpus.parse.turn_labels import (
    _CJK,
    _LATIN_WORD,
    _TITLE_WORDS,
    _ZH_LABEL,
    ANNOUNCEMENT,
    ANSWER,
    OPENING,
    QUESTION,
    REPORTER,
    _bold_start,
    _drop_bare_a,
    _fold,
    _has_title_word,
    _is_asker,
    _Label,
    _official,
    _read_label,
    _shouting,
    _weak_ok,
    paragraphs,
)
from dipcorpus.parse.turn_names import (
    _known_names,
    _Speakers,
    answerer_from_title,
    first_names_from_hand_backs,
    misspelt_labels,
    strip_office,
)
from dipcorpus.parse.turn_outlets import (
    handoff_outlet,
    interview_askers,
    interview_outlet,
    intro_outlet,
    principal,
    zh_interview_outlet,
)
from dipcorpus.parse.zh_text import simplified

__all__ = ["answerer_from_title", "find_turns", "paragraphs", "strip_office"]

# an address to an assembly, in its opening: 'the General Assembly', 'this Hall', 'the general debate'
_ASSEMBLY = re.compile(
    r"\bGeneral Assembly\b|\bthis (?:Assembly|Hall|rostrum|podium|august (?:body|Assembly|gathering))\b"
    r"|\bPresident of the Assembly\b|\bgeneral debate\b|\b(?:sixty|seventy|eighty)-\w+ session\b"
)
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|my|My|our|Our)\b")
SPEAKER = ""  # an address whose speaker neither the text nor the source names (for a later stage)
_PRESSER = re.compile(r"Regular Press Conference|例行记者会|Daily Briefing|Spokes\w+['’]s Press Briefing")


def _labels(doc: Document, paras: Sequence[tuple[int, int]]) -> list[_Label]:
    front = doc.text[: paras[min(3, len(paras) - 1)][1]] if paras else ""
    known = _known_names(doc, front)
    title = _fold(doc.title or "")
    found = [
        None if i < 5 and _fold(doc.text[s:e]) == title else _read_label(doc.text, s, e, known)
        for i, (s, e) in enumerate(paras)
    ]
    # a question mark makes a named speaker an asker only at a press event (someone else asks
    # under 'Q' or an outlet); at a meeting, a participant's question is not a reporter's
    press = any(lab and (lab.kind in ("q", "followup") or _is_asker(lab.raw)) for lab in found)
    counts = Counter(_fold(strip_office(lab.raw)) for lab in found if lab)
    n_strong = sum(1 for lab in found if lab and lab.strong)
    fields = _fields(doc.text, found)
    header = _header_fields(doc.text, found)
    out = []
    for i, lab in enumerate(found):
        start, end = paras[i]
        if i in header:
            continue
        if lab is None:
            if n_strong and _bold_start(doc, start, end) and "?" in doc.text[start:end]:
                out.append(_Label(start, start, "", "q", None, para_end=end))
            continue
        if _fold(lab.raw) in fields or (lab.kind == "name" and _contact(doc.text[lab.start : end])):
            continue  # 'Vessel Type: Crude Oil Tanker' is a field of a list, not a speaker
        if lab.said and not (out and (out[-1].kind in ("q", "followup") or _is_asker(out[-1].raw))):
            continue  # '华春莹表示，' answers only a question just asked
        zh_name = not lab.strong and _CJK.match(lab.raw) is not None  # '王五：' recurring beside '问：'
        if (
            lab.strong
            or (counts[_fold(strip_office(lab.raw))] >= 2 and (n_strong or not zh_name))
            or (not zh_name and _weak_ok(doc, lab, n_strong))
        ):
            lab.asks = (
                lab.affiliation
                or (lab.start < end and _bold_start(doc, lab.start, end))
                or (press and doc.text[start:end].rstrip("”\"’' ").endswith("?") and not _official(lab.raw, known))
            )
            out.append(lab)
    return _drop_bare_a(out, doc.text)


_CONTACT = re.compile(r"(?:\+?\(?\d[\d ()./-]{6,}\d|\S+@\S+\.\w+|https?://\S+|www\.\S+)\W*(?:\s|$)")


def _contact(value: str) -> bool:
    """A phone number, an e-mail or a web address as the whole value: a contact field
    ('Media Liaison: (02) 6261 1555'), not a turn."""
    value = value.strip()
    return bool(value) and len(value) < 120 and bool(_CONTACT.match(value))


def _header_fields(text: str, found: Sequence[_Label | None]) -> set[int]:
    """Indexes of the field lines of a transcript's header ('Chair: Chairman Ana Roe', 'Speakers:
    ...') where the speakers' labels are in capitals: a mixed-case label used once before the first
    capitalised label whose value is not a sentence."""
    caps = [i for i, lab in enumerate(found) if lab and lab.kind == "name" and _shouting(lab.raw)]
    if len(caps) < 3:
        return set()
    out = set()
    for i, lab in enumerate(found[: caps[0]]):
        if lab and lab.kind == "name" and not _shouting(lab.raw) and not lab.affiliation:
            value = text[lab.start : lab.para_end].strip()
            if value and not value.endswith((".", "?", "!", "…", "”", '"')) and len(value) < 250:
                out.add(i)
    return out


def _fields(text: str, found: Sequence[_Label | None]) -> set[str]:
    """Folded labels used more than once that (almost) only ever introduce a short value
    ('VESSEL NAME: Alpha'), unless they carry a title word or name an outlet or a reporter."""
    values: dict[str, list[bool]] = {}
    for lab in found:
        if lab and lab.kind == "name" and not _is_asker(lab.raw) and not _has_title_word(lab.raw):
            values.setdefault(_fold(lab.raw), []).append(_field_value(text[lab.start : lab.para_end]))
    return {key for key, flags in values.items() if len(flags) >= 2 and sum(flags) >= 0.8 * len(flags)}


def _field_value(value: str) -> bool:
    """A short value without a sentence's end: the label before it names a field."""
    value = value.strip()
    if _NEXT_FIELD.match(value):  # 'Vessel Name: Alpha Vessel Type: Tanker' on one line
        return True
    return bool(value) and len(value) < 60 and not _SENTENCE_MARK.search(value)


_NEXT_FIELD = re.compile(r"[^.?!:]{1,60}?\s[A-Z][\w ]{0,30}:\s")

_SENTENCE_MARK = re.compile(r"[.?!…,:;\"“”’'()\[\]—–。？！，；：、-]|\s[a-z]")


def _is_regular_presser(title: str | None) -> bool:
    return bool(title) and bool(_PRESSER.search(simplified(title or "")))


def _cjk_share(text: str) -> float:
    cjk = len(_CJK.findall(text))
    if not cjk:
        return 0.0
    latin = len(_LATIN_WORD.findall(text)) * 5  # a Latin word counts about as much as 5 characters
    return cjk / (cjk + latin)


def find_turns(doc: Document) -> Document:
    """Find the speaker turns of `doc` (question, answer, opening statement)."""
    paras = paragraphs(doc.text)
    if not paras:
        return dataclasses.replace(doc, turns=())
    labels = _labels(doc, paras)
    for _ in range(3):  # each split can reveal another label used twice
        split = _split_inline_labels(doc.text, paras, labels)
        if len(split) == len(paras):
            break
        paras, labels = split, _labels(doc, split)
    first_label = labels[0].label_start if labels else len(doc.text)
    front = doc.text[:first_label]
    speakers = _Speakers(doc, front)
    if labels:
        turns = list(_build(doc, paras, labels, speakers))
    elif _is_regular_presser(doc.title):  # a press conference page that kept only the announcement
        turns = list(_announcement(doc, paras, len(doc.text), speakers))
    else:
        turns = _assembly_speech(doc, paras)
    named = first_names_from_hand_backs(turns, doc.text) | misspelt_labels(turns)
    turns = [dataclasses.replace(t, speaker=named[t.speaker]) if t.speaker in named else t for t in turns]
    return dataclasses.replace(doc, turns=tuple(turns))


def _assembly_speech(doc: Document, paras: Sequence[tuple[int, int]]) -> list[Turn]:
    """An unlabelled address to an assembly (a UN General Debate statement) is one opening
    statement by its speaker. The text rarely names the speaker, so the name comes from the
    source's header (`speaker`) when the loader has one, else it is left empty. Other unlabelled
    monologues and readouts have no turns."""
    head = doc.text[:4000]
    if _SPEECH_TITLE.search(doc.title or "") and not _NOT_SPEECH.search(doc.title or ""):
        return _titled_speech(doc, paras)
    monologue = doc.header.get("profile.labels") == "monologue"  # a site profile says so
    if not monologue and (
        len(doc.text) < 2000 or not _ASSEMBLY.search(head[:2500]) or len(_FIRST_PERSON.findall(head)) < 5
    ):
        return []
    speaker = doc.header.get("speaker") or SPEAKER
    return [Turn(start=paras[0][0], end=paras[-1][1], n=1, speaker=speaker, role=OPENING)]


# a page that is one speech: 'Speech by ...', '... 's speech at ...', 'Keynote address ...', 'Remarks by ...'
_SPEECH_TITLE = re.compile(
    r"\b(?:speech|keynote|lecture)\b|^address\b|['’]s address\b|\baddress (?:by|to|at|on|before)\b"
    r"|\bremarks (?:by|at|to)\b",
    re.I,
)
_NOT_SPEECH = re.compile(
    r"\binterview|press conference|\bbriefing|\bQ ?& ?A\b|\bquestions\b|\baddress(?:es|ed)\b", re.I
)
_SPEAKER_FIELD = re.compile(r"(?im)^(?:delivered by|speaker|by|from)\s*:\s*(.{3,120})$")
_HEAD_FIELD = re.compile(r"[A-Z][\w ]{0,30}:\s")
_SPEECH_END = (".", "!", "?", "…", ",", ":", ";", "”", '"', "’")


def _titled_speech(doc: Document, paras: Sequence[tuple[int, int]]) -> list[Turn]:
    """A page whose title says it is one speech: one opening statement by the speaker the
    title, a 'Delivered by:' field or the page's standfirst names (else the office the title
    names, for the knowledge base to resolve). The page's header lines (a page-type word, the
    standfirst, 'Location: ...', '-- check against delivery --') are not part of it."""
    text, title = doc.text, doc.title or ""
    if len(text) < 600 or len(_FIRST_PERSON.findall(text[:4000])) < 3:
        return []
    head = text[: paras[min(6, len(paras) - 1)][1]]
    field = _SPEAKER_FIELD.search(head)
    speaker = (
        doc.header.get("speaker")
        or answerer_from_title(title)
        or (answerer_from_title(field.group(1)) or _field_name(field.group(1)) if field else None)
        or answerer_from_title(head[:600])
        or _title_office(title)
        or SPEAKER
    )
    surname = speaker.split()[-1] if speaker else ""
    first, last = 0, len(paras) - 1
    while first < min(last, 6):
        para = text[paras[first][0] : paras[first][1]]
        header_line = (
            _fold(para) == _fold(title)
            or (len(para) < 100 and not para.endswith(_SPEECH_END))
            or _HEAD_FIELD.match(para) is not None
            or (bool(surname) and surname in para and first < 3 and not _FIRST_PERSON.search(para))
        )
        if not header_line:
            break
        first += 1
    while (
        last > first
        and len(text[paras[last][0] : paras[last][1]]) < 100
        and not text[paras[last][0] : paras[last][1]].endswith(_SPEECH_END)
    ):
        last -= 1
    return [Turn(start=paras[first][0], end=paras[last][1], n=1, speaker=speaker, role=OPENING)]


def _field_name(value: str) -> str | None:
    """The person a 'Delivered by:' field names, without honorifics and trailing letters ('MP')."""
    words = [w for w in value.replace(",", " ").split() if w[:1].isupper()]
    while words and _fold(words[0]).strip(".") in _TITLE_WORDS:
        words = words[1:]
    while words and (words[-1].isupper() and len(words[-1]) <= 3):
        words = words[:-1]
    return " ".join(words[:4]) if 2 <= len(words) <= 4 else None


_OFFICE_OF_TITLE = re.compile(
    r"^(?:the\s+)?((?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*)['’]s\s+(?i:speech|address|remarks|keynote)"
)


def _title_office(title: str) -> str | None:
    """'Foreign Secretary's speech on ...' -> 'Foreign Secretary' (an office, when it is one)."""
    m = _OFFICE_OF_TITLE.match(title)
    return m.group(1) if m and _has_title_word(m.group(1)) else None


def _split_inline_labels(
    text: str, paras: Sequence[tuple[int, int]], labels: Sequence[_Label]
) -> list[tuple[int, int]]:
    """Paragraphs split where a label the document uses at paragraph starts (at least twice)
    reappears after a sentence's end inside a paragraph: a dialogue run into one paragraph."""
    used = Counter(text[lab.label_start : lab.start].strip(" :：") for lab in labels if lab.kind != "q" or lab.raw)
    known = sorted((raw for raw, n in used.items() if n >= 2 and len(raw) > 1), key=len, reverse=True)
    if not known or not any(_printed_more(text, raw, used[raw]) for raw in known):
        return list(paras)  # no label printed but at its own paragraph starts: no pattern to compile
    inline = re.compile(r"(?<=[.?!…])\s+(?:[–—-]\s*)?(?=(?:" + "|".join(map(re.escape, known)) + r")\s*[:：])")
    out: list[tuple[int, int]] = []
    for start, end in paras:
        for m in inline.finditer(text, start, end):
            out.append((start, m.start()))
            start = m.end()
        out.append((start, end))
    return out


def _printed_more(text: str, raw: str, times: int) -> bool:
    """Does `text` print `raw` more than `times` times (overlapping prints counted)?"""
    i = text.find(raw)
    while i != -1 and times >= 0:
        times -= 1
        i = text.find(raw, i + 1)
    return times < 0


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
    previous: list[str] = []  # the answers since the last question, for a moderator's hand-off
    if labels and _is_regular_presser(doc.title):
        opening = list(_announcement(doc, paras, labels[0].label_start, speakers))
        yield from opening
        n = len(opening)
    chinese = [bilingual and _cjk_share(text[lab.label_start : lab.para_end]) > 0.5 for lab in labels]
    nexts = [lab.label_start for lab in labels[1:]] + [len(text)]
    english_next = [i + 1 < len(labels) and not chinese[i + 1] for i in range(len(labels))]
    ends = [_turn_end(text, paras, lab.start, nexts[i], bilingual and english_next[i]) for i, lab in enumerate(labels)]
    main = principal(labels, ends)
    for lab in labels:  # the main speaker's own questions ('And then?') do not make them an asker
        lab.asks = lab.affiliation or (lab.asks and _fold(strip_office(lab.raw)) != main)
    # the title, or the one a site profile read (a page title the metadata missed), or its summary
    titles = "\n".join(doc.header.get(k) or "" for k in ("profile.title", "description"))
    askers = interview_askers(labels, ends, speakers.answerer, f"{doc.title or ''}\n{titles}", speakers.front)
    interviewer = interview_outlet(doc.title or "")  # 'Interview of X with The Daily Post': who asks 'Q.'
    zh_interviewer = None if speakers.english else zh_interview_outlet(simplified(doc.title or ""))

    for i, lab in enumerate(labels):
        if chinese[i] and english_next[i] and _only_chinese(text, paras, lab.label_start, nexts[i]):
            continue  # the Chinese half of a bilingual pair: kept as the English turn's parallel
        end = ends[i]
        start = min(lab.start, end)
        if start >= end and lab.start >= lab.para_end:  # a label alone on its paragraph
            j = _para_index(paras, lab.para_end) + 1
            start = paras[j][0] if j < len(paras) and paras[j][0] < nexts[i] else end
        speaker, role = _speaker_role(lab, speakers, seen_question, last_asker, doc.title, askers)
        if role == QUESTION and speaker == REPORTER and lab.kind == "q" and speakers.english:
            handoffs = (handoff_outlet(turn) for turn in reversed(previous))
            speaker = intro_outlet(text[start:end]) or next((o for o in handoffs if o), interviewer or REPORTER)
        elif role == QUESTION and speaker == REPORTER and zh_interviewer:  # '记者：' in '王五接受虚构日报专访'
            speaker = speakers.asker(zh_interviewer + "记者")
        if role == QUESTION:
            seen_question, last_asker, previous = True, speaker, []
        else:
            previous.append(text[start:end])
        par = _parallel(text, paras, lab.label_start) if bilingual else None
        n += 1
        yield Turn(
            start=start, end=max(end, start), n=n, speaker=speaker, role=role,
            label_start=lab.label_start, number=lab.number,
            parallel_start=par[0] if par else None, parallel_end=par[1] if par else None,
        )  # fmt: skip


def _speaker_role(
    lab: _Label,
    speakers: _Speakers,
    seen_question: bool,
    last_asker: str,
    title: str | None,
    askers: dict[str, str],
) -> tuple[str, str]:
    if lab.kind == "q":
        return speakers.asker(lab.raw or "Q"), QUESTION
    if lab.kind == "followup":
        return last_asker, QUESTION
    if askers:  # an interview whose interviewers are labelled by name
        if _fold(strip_office(lab.raw)) in askers:
            return askers[_fold(strip_office(lab.raw))], QUESTION
        return speakers.official(lab.raw), ANSWER if seen_question else OPENING
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
