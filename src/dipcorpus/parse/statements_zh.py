"""Reported speech in Chinese: '王毅国务委员兼外长指出：', '美国总统特朗普在推特上称，', '她表示'.

A statement is a reporting verb (表示, 指出, 强调, 重申, 认为, 称, 说, 宣布, 表明, 介绍, 提出 ...) whose
subject names a person the text names (`annotate.zh_people`: knowledge-base persons, whose speaker is
the canonical English name and `speaker_id` the person's id, and open-class '·' names). Its text
starts right after the verb (a '，' or '：' skipped; a '：' closing the paragraph: the next paragraph)
and runs to the end of the paragraph or to the next statement's subject. The subject is found in the
verb's clause (from the last '，。；：！？' before it):

- the first person named in the clause, when what comes before the name only describes them
  ('美国务院负责非洲事务的助卿纳吉昨天发推特称') and the name is not a possessor ('孟晚舟的法律团队称')
  nor the object of a preposition ('中方向X表示', '以X为首的');
- '他'/'她': the last speaker nearby when no one else was named since, else the only person named
  in this sentence and the one before; '你'/'您' in a question: the person who answers it;
- no subject at all ('..., 表明...', '并称'): the person who opens the sentence ('王毅国务委员兼外长
  在会见毕晓普外长时，是从...层面，表明...'), unless a later clause opens with another subject.

Not statements: collective or unnamed speakers (中方, 双方, 有关官员, 越南外交部发言人 — no person named),
relative clauses ('X所说的'), habits ('多次表示'), negations ('没有表示'), '介绍'/'提出' with an
object rather than words ('介绍了有关情况'), and a speaker's own past words inside their turn.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from dipcorpus.annotate.zh_people import (
    ZH_PERSON_NOUNS,
    ZH_TITLES,
    ZhPerson,
    simplified,
    zh_country_names,
    zh_person_mentions,
    zh_person_of,
)
from dipcorpus.kb import KnowledgeBase
from dipcorpus.model import Document, Statement, Turn

__all__ = ["find_zh_statements"]

# Longer verbs first; single-character 称/说 are checked against the compounds they sit in.
_VERB = re.compile(
    r"说清楚了?|讲清楚了?|补充说|补充道|表示|指出|强调|重申|认为|宣布|表明|声称|宣称|透露|警告|呼吁|敦促|祝贺|承诺|"
    r"坦言|介绍|提出|称|说道?"
)
# '称' in '名称', '号称', '据称' ... (but '总统称', '首相称', '发言人称' are verbs); '称为', '称赞' ...
_NOT_CHENG = (re.compile(r"[名号简堪据职俗尊自昵]$"), re.compile(r"[为之号赞职呼谓作霸道心颂]"))
_NOT_SHUO = (
    re.compile(r"(?:所|据|听|来|如果|就是|小|游|劝|解|演|传|虽|再|比如|好|难|以|该|话|实|是)$"),
    re.compile(r"[明服法话得过起出来三不瞎谎一]"),
)
_NEEDS_WORDS = frozenset({"介绍", "提出"})  # with a noun object they report no words ('介绍了有关情况')
_BOUNDARY = "，,。；;：:！!？?\n"
_SENTENCE_END = "。！!？?\n"
_ADVERBS = re.compile(
    r"(?:并|还|也|又|同时|随后|此外|另外|则|再次|再度|进一步|亦|更|特别|明确|坦率地|郑重|当即|随即|当天|当日|"
    r"日前|近日|近期|此前|昨天|今天|上周|本周|公开|专门|曾|曾经|已|已经|均|都|亲自|正式|在会上|会上)*"
)
# Words that join a second verb to a speaker's first ('X表示，...，并强调').
_JOINED = re.compile(r"并|还|也|同时|又|随后|进而|此外|另外|另")
_HABIT = re.compile(r"(?:多次|一再|反复|屡次|一直|多番|早就|历来|始终|一贯)[^，。]{0,4}$")
_NEGATED = re.compile(r"(?:没有|并未|从未|尚未|未曾|不|未|没|无意)$")
# A collective or a pronoun: no person named after it is the subject ('中方向X表示').
_COLLECTIVE = re.compile(r"[中美俄日英法德澳加韩朝印双各我贵对]方|有关方面|我|你|他|她|大家|外界|国际社会")
# What after a name makes it no speaker: a possessor ('X的团队'), a case or a government named after
# them ('X事件', 'X政府'), a document ('X新书称', 'X在贺电中表示').
_NOT_AFTER = re.compile(r"^(?:的|之|事件|案|一案|政府|当局|团队|家族|时期|时代|任内|执政)")
_DOCUMENT = re.compile(r"报告|文章|新书|书中|回忆录|信中|贺电|贺信|唁电|回信|来信|复信|贺词|社论|撰文|致信|致函")
# A preposition before the name makes it an object ('对国务卿X表示', '以X为首'); '在...时' frames a verb.
_PREPOSITION = re.compile(r"对|向|同|与|跟|给|被|让|把|以|替|由|请|在|应|将|从|经|就|为|和")
_WHILE = re.compile(r"在[^，。]{0,30}?时")
_TIME = (
    r"[0-9０-９一二三四五六七八九十]+[日月年号时]|昨天|今天|明天|前天|当天|当日|日前|近日|近期|此前|上周.?|本周.?|"
    r"周.|上午|下午|晚上|凌晨|昨晚|今晨|当地时间|北京时间"
)
_CONNECTIVE = re.compile(r"(?:但|而|并|且|此外|另外|同时|可是|不过|然而|随后|之后|然后|据)$")
# 'As X said, ...': the words follow the clause ('正如X所说，', '正如X在演讲中指出的，').
_AS = re.compile(r"(?:正如|如同|就像|正像|诚如)")
# Clauses that frame a sentence before its subject ('就中方而言，', '会谈后，', '4月9日，').
_FRAME = re.compile(
    rf"^(?:据|就|在|当|随着|关于|对于|针对|应|为了|会谈后|会见后|此后|随后|之后|所以|因此|但是|但|而|同时|此外|另外|"
    rf"其中|首先|其次|最后|第[一二三四五六七八九十]+|[一二三四五六七八九十]+、|{_TIME})|(?:时|后|前|期间|而言|来说|以来|之际)$"
)
_NAMING = re.compile(r"(?:他|她|其|之|它)们?为")  # '称他为...': calls him, reports no words
_PRONOUN = re.compile(r"(?P<who>他|她|你|您)")


@lru_cache(maxsize=1)
def _describing() -> re.Pattern[str]:
    """What may come right before a speaker's name: a title, a word for a person, a country, a time,
    a connective ('美商务部长罗斯', '澳大利亚外长毕晓普', '5月27日特朗普')."""
    words = sorted({*ZH_TITLES, *ZH_PERSON_NOUNS, *zh_country_names()}, key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, words))}|{_TIME})$")


def _describes(prefix: str) -> bool:
    return not prefix or bool(_describing().search(prefix)) or bool(_CONNECTIVE.fullmatch(prefix))


class _Found(NamedTuple):
    start: int  # start of the statement text
    end: int  # end of its paragraph
    anchor: int  # where its subject (or verb) begins
    speaker: str
    speaker_id: str
    verb: str


class _Scan:
    """What one document's scan needs: its (simplified) text, persons, turns and knowledge base."""

    def __init__(self, doc: Document, kb: KnowledgeBase) -> None:
        self.doc = doc
        self.kb = kb
        self.text = simplified(doc.text)
        self.people = zh_person_mentions(doc.text, kb=kb, date=doc.date)
        self.starts = [p.start for p in self.people]
        self.turn_people: dict[int, ZhPerson | None] = {}

    def between(self, start: int, end: int) -> list[ZhPerson]:
        """The persons named inside [start, end)."""
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.people) and self.people[i].start < end:
            if self.people[i].end <= end:
                out.append(self.people[i])
            i += 1
        return out

    def turn_person(self, n: int | None) -> ZhPerson | None:
        if n is None:
            return None
        if n not in self.turn_people:
            speaker = self.doc.turns[n].speaker
            self.turn_people[n] = zh_person_of(speaker, kb=self.kb, date=self.doc.date) if speaker else None
        return self.turn_people[n]


def find_zh_statements(
    doc: Document, regions: Sequence[tuple[int, int, int | None]], *, kb: KnowledgeBase
) -> list[Statement]:
    """Reported speech of named persons in the Chinese text of `doc`, in text order (numbered from 1).
    `regions` are the paragraphs cut at turn edges, each with the index of its turn (None at narrator
    level)."""
    scan = _Scan(doc, kb)
    found: list[_Found] = []
    for region in regions:
        found += _scan_region(scan, region, found)
    found.sort(key=lambda f: f.start)
    statements = []
    for i, f in enumerate(found):
        end = f.end
        if i + 1 < len(found) and found[i + 1].anchor < f.end:
            end = _cut(scan.text, f.start, found[i + 1].anchor)
        statements.append(
            Statement(
                start=f.start, end=max(end, f.start), n=i + 1, speaker=f.speaker, verb=f.verb, speaker_id=f.speaker_id
            )
        )
    return statements


def _scan_region(scan: _Scan, region: tuple[int, int, int | None], before: list[_Found]) -> Iterator[_Found]:
    text = scan.text
    start, end, turn = region
    last = before[-1] if before else None
    for m in _VERB.finditer(text, start, end):
        verb = m.group(0)
        if not _is_verb(text, m.start(), m.end(), verb, start):
            continue
        subject = _subject(scan, m.start(), region, last)
        if subject is None:
            continue
        anchor, person, who = subject
        own = scan.turn_person(turn)
        if own is not None and own.id == person.id:
            continue  # the speaker's own past words
        content = _content(text, m.end(), end, verb, as_clause=bool(_AS.match(text, anchor)))
        if content is None or (who in ("你", "您") and _asks(text, verb, content[0], end)):
            continue
        found = _Found(content[0], content[1], anchor, person.name, person.id, verb)
        last = found
        yield found


def _is_verb(text: str, start: int, end: int, verb: str, floor: int) -> bool:
    """A reporting verb here: not part of a compound ('名称', '所说', '说明'), nor a habit or a negation,
    nor '称' naming someone ('称他为')."""
    before, after = text[max(floor, start - 4) : start], text[end : end + 1]
    if verb == "称" and (_NOT_CHENG[0].search(before) or _NOT_CHENG[1].match(after) or _NAMING.match(text, end)):
        return False
    as_said = before.endswith("所") and _AS.search(text, _clause_start(text, start, floor), start)  # '正如X所说'
    shuo = verb in ("说", "说道") and (_NOT_SHUO[0].search(before) or (verb == "说" and _NOT_SHUO[1].match(after)))
    if shuo and not as_said:
        return False
    clause = text[_clause_start(text, start, floor) : start]
    return not (_HABIT.search(clause) or _NEGATED.search(before))


def _asks(text: str, verb: str, start: int, end: int) -> bool:
    """'你认为...吗？': a question to the addressee, not their words."""
    if verb == "认为":
        return True
    stop = min((i for i in (text.find(c, start, end) for c in "。！？?") if i != -1), default=end)
    return stop < end and text[stop] in "？?" and "“" not in text[start:stop]


def _clause_start(text: str, at: int, floor: int) -> int:
    i = at
    while i > floor and text[i - 1] not in _BOUNDARY:
        i -= 1
    return i


def _clause_end(text: str, at: int, limit: int) -> int:
    i = at
    while i < limit and text[i] not in _BOUNDARY:
        i += 1
    return i


def _sentence_start(text: str, at: int, floor: int) -> int:
    i = at
    while i > floor and text[i - 1] not in _SENTENCE_END:
        i -= 1
    return i


def _subject(
    scan: _Scan, verb_start: int, region: tuple[int, int, int | None], last: _Found | None
) -> tuple[int, ZhPerson, str] | None:
    """(where the subject starts, the person, how it was named: 'name', a pronoun or 'topic') of
    the verb at `verb_start`, or None."""
    text = scan.text
    floor = region[0]
    cs = _clause_start(text, verb_start, floor)
    named = _named_subject(scan, cs, verb_start)
    if named is not None:
        return named[0], named[1], "name"
    rest = _ADVERBS.sub("", text[cs:verb_start])
    pronoun = _PRONOUN.fullmatch(rest)
    if pronoun:
        person = _pronoun(scan, pronoun.group("who"), cs, region, last)
        return (cs, person, pronoun.group("who")) if person else None
    if rest or cs == floor or text[cs - 1] not in "，,":
        return None
    topic = _topic(scan, cs, floor, joined=bool(_JOINED.match(text, cs)))
    return (topic[0], topic[1], "topic") if topic else None


def _named_subject(scan: _Scan, cs: int, end: int, *, topic: bool = False) -> tuple[int, ZhPerson] | None:
    """The first person in the clause [cs, end) that is its subject (before the verb at `end`; or,
    for a `topic`, anywhere in the clause), else None. A person whose title goes on to name another
    ('习近平主席特别代表、国务委员兼外交部长王毅') gives way to that one."""
    text = scan.text
    as_clause = _AS.match(text, cs)
    people = scan.between(cs, end)
    for i, person in enumerate(people):
        prefix, after = text[as_clause.end() if as_clause else cs : person.start], text[person.end : end]
        if not _subject_prefix(prefix) or _NOT_AFTER.match(after):
            continue
        if i + 1 < len(people) and _titles_only(text[person.end : people[i + 1].start]):
            continue
        if _DOCUMENT.search(after):
            return None
        inner = _VERB.search(_WHILE.sub("", after)) or after.endswith("在")
        if not topic and (len(after) > 60 or (after.endswith("所") and not as_clause) or inner):
            return None
        return cs, person
    return None


def _subject_prefix(prefix: str) -> bool:
    """Can `prefix` stand before a speaker's name: short, describing them, with no collective, and
    no preposition before the description ('对国务卿X', '以X为首') nor opening the clause ('在X访问期间')?"""
    if len(prefix) > 30 or _COLLECTIVE.search(prefix) or not _describes(prefix):
        return False
    rest = prefix
    while (m := _describing().search(rest)) is not None and m.start() < len(rest):
        rest = rest[: m.start()].rstrip("的、兼")
    opening = next((prefix[len(n) :] for n in zh_country_names() if prefix.startswith(n)), prefix)
    return not (_PREPOSITION.match(opening) or (rest and _PREPOSITION.fullmatch(rest[-1:])))


def _titles_only(between: str) -> bool:
    """Only titles (and '、', '兼') between two names: the first one's title runs on to the second."""
    return bool(between) and bool(_title_run().fullmatch(between))


@lru_cache(maxsize=1)
def _title_run() -> re.Pattern[str]:
    words = sorted({*ZH_TITLES, "特别代表", "特使"}, key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, words))}|、|兼)+")


def _pronoun(
    scan: _Scan, who: str, at: int, region: tuple[int, int, int | None], last: _Found | None
) -> ZhPerson | None:
    """'他'/'她': the last speaker nearby when no one else was named since, else the only person
    named in this sentence and the one before; '你'/'您' in a question: the answering person."""
    if who in ("你", "您"):
        return _addressee(scan, region[2])
    text = scan.text
    if last is not None and 0 <= at - last.anchor < 300 and last.anchor >= region[0]:
        others = {p.id for p in scan.between(last.anchor, at)} - {last.speaker_id}
        if not others:
            return ZhPerson(last.anchor, last.anchor, last.speaker_id, last.speaker, True)
    sentence = _sentence_start(text, at, region[0])
    previous = _sentence_start(text, max(region[0], sentence - 1), region[0])
    named = {p.id: p for p in scan.between(previous, at)}
    return next(iter(named.values())) if len(named) == 1 else None


def _addressee(scan: _Scan, turn: int | None) -> ZhPerson | None:
    """The person who answers the question turn `turn`."""
    turns: Sequence[Turn] = scan.doc.turns
    if turn is None or turns[turn].role != "question":
        return None
    for n in range(turn + 1, len(turns)):
        if turns[n].role != "question":
            return scan.turn_person(n)
    return None


def _topic(scan: _Scan, cs: int, floor: int, *, joined: bool) -> tuple[int, ZhPerson] | None:
    """A verb with no subject of its own (its clause starts at `cs`): the person who opens the
    sentence, after clauses that only frame it ('就中方而言，'), when no later clause opens with a
    subject of its own; after that person's own reporting verb, only a `joined` verb ('，并强调')."""
    text = scan.text
    clause = _sentence_start(text, cs, floor)
    while clause < cs:
        end = _clause_end(text, clause, cs)
        found = _named_subject(scan, clause, end, topic=True)
        if found is not None:
            spoke = any(v.group(0) not in _NEEDS_WORDS for v in _VERB.finditer(text, found[1].end, end))
            if spoke:  # the clauses since are its words: only a joined verb is the same speaker's
                return found if joined else None
            return None if _later_subjects(scan, end + 1, cs) else found
        if not _FRAME.search(_ADVERBS.sub("", text[clause:end])):
            return None  # the sentence opens with a subject that is no person
        clause = end + 1
    return None


def _later_subjects(scan: _Scan, start: int, end: int) -> bool:
    """Does a clause of [start, end) open with a subject of its own (a collective, a pronoun, a
    person) or a new source ('据报道')?"""
    text = scan.text
    clause = start
    while clause < end:
        stop = _clause_end(text, clause, end)
        opening = _ADVERBS.sub("", text[clause:stop])
        if _COLLECTIVE.match(opening) or opening.startswith("据") or _named_subject(scan, clause, stop):
            return True
        clause = stop + 1
    return False


def _content(text: str, verb_end: int, para_end: int, verb: str, *, as_clause: bool) -> tuple[int, int] | None:
    """Where the words after the verb start and the paragraph ends; None when no words follow, or
    the verb describes a noun ('X宣布的举措'), except in an 'as' clause ('正如X指出的，...')."""
    i = verb_end
    if verb in _NEEDS_WORDS:
        if text.startswith("了", i):
            i += 1
        if not text.startswith(("，", "：", ":", ",", "说", "道"), i):
            return None
        i += text.startswith(("说", "道"), i)
    if text.startswith("的", i):
        if not as_clause:
            return None
        i += 3 if text.startswith("的那样", i) else 1
    if text.startswith("了", i) and verb not in ("说清楚了", "讲清楚了"):
        i += 1  # '表示了感谢'
    while i < para_end and text[i] in " \u3000，,：:":
        i += 1
    if i >= para_end and text[verb_end:para_end].strip(" \u3000") in ("：", ":"):
        nxt = re.compile(r"\n[\s\u3000]*(?P<p>[^\n]+)").match(text, para_end)
        return (nxt.start("p"), nxt.end("p")) if nxt else None
    if i >= para_end or text[i] in "。？?！!）)":
        return None
    return i, para_end


def _cut(text: str, start: int, before: int) -> int:
    """The end of a statement's text before the next statement's subject: after the last full stop
    in between, else right before that subject without a dangling comma."""
    stop = max(text.rfind(c, start, before) for c in "。！？")
    if stop > start:
        return stop + 1
    end = before
    while end > start and text[end - 1] in "，,、 \u3000":
        end -= 1
    return end
