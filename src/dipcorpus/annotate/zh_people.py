"""People named in Chinese text: the knowledge base's `zh` names of persons, made safe for text
without spaces, and transliterated foreign names written with '·' that the knowledge base lacks.

The ministry names a foreign person by the transliterated surname alone ('蓬佩奥', '罗斯'), with a
title before or after it ('美国务卿蓬佩奥', '蓬佩奥国务卿'), or in full with '·' ('迈克·蓬佩奥'); a
Chinese person by the full name ('王毅'). Every `zh` name of every knowledge-base record, plus the
Chinese country names of CLDR (through babel), go into one automaton, and the longest name wins,
so '罗斯' (Wilbur Ross) inside '俄罗斯' is Russia. A person's name must also start where a word
starts (the shared segmenter, `zh_segment`); a name of one or two characters must end on a word
end or touch a title ('助卿纳吉', '巴育总理'), which keeps '克里' (Kerry) out of '克里米亚'. A
name several people share ('赖斯') goes to the one who held a role on the document's date, else
to nobody. Traditional script is matched through OpenCC's t2s conversion.

A '·' name the knowledge base lacks ('卡姆·吉莱斯比') is an open-class person when every part is
made of characters the knowledge base's transliterated names use and the whole name is one run
of segmenter words; it keeps its printed Chinese form as name (the canonical English form is
unknown). A '·' name whose last part is a known person's surname ('唐纳德·特朗普') is that person.

`zh_people_entities` also returns the persons the document's title names ('外交部发言人耿爽
主持例行记者会': the answers are his even where the text prints only '答：'), as zero-width
entities at offset 0: named by the document, not at a place in its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from dipcorpus.annotate.zh_segment import has_cjk, zh_word_spans
from dipcorpus.kb import EntityRecord, KnowledgeBase
from dipcorpus.model import Entity

__all__ = [
    "ZH_PERSON_NOUNS",
    "ZH_TITLES",
    "ZhPerson",
    "simplified",
    "zh_country_names",
    "zh_people_entities",
    "zh_person_mentions",
    "zh_person_of",
]


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Titles the ministry writes next to a person's name (before: '外长拉夫罗夫'; after: '拉夫罗夫外长').
ZH_TITLES = _word_set(
    "总统 副总统 总理 副总理 首相 副首相 外长 外交部长 外交部部长 外交大臣 外相 国务卿 副国务卿 助理国务卿 "
    "副助理国务卿 助卿 部长 副部长 部长助理 大臣 国务委员 主席 副主席 委员长 议长 众议长 众议院议长 参议员 众议员 "
    "发言人 大使 特使 特别代表 常驻代表 代表 秘书长 副秘书长 总干事 主任 局长 署长 总书记 书记 国王 女王 王储 "
    "亲王 埃米尔 女士 先生 阁下 夫人 将军 防长 国防部长 商务部长 财长 财政部长 司法部长 贸易代表 总检察长 "
    "高级代表 首席执行官 总裁 董事长 领导人 最高领袖 总督 州长 市长 行政长官 执政官 议员 顾问 国家安全顾问 "
    "白宫发言人 新闻秘书 主任委员 总司令 司令 元首 副首相兼外长 助理 国家安全事务助理 长官 官房长官 副外相 副外长 "
    "专员 高专 高级专员 幕僚长 参谋长 总参谋长 次长 国务秘书 司长 大法官 法官 检察官 警察总监 防卫相"
)
_TITLE_RE = re.compile("|".join(sorted(map(re.escape, ZH_TITLES), key=len, reverse=True)))
_DOT = "·•‧・"
_DOTTED = re.compile(rf"[\u4e00-\u9fff]+(?:[{_DOT}][\u4e00-\u9fff]+)+")
_NOT_FOREIGN = frozenset({"CHN", "TWN", "HKG", "MAC"})
# What follows a name that is a thing's, not a person's ('麦卡锡主义', '亨利·杰克逊协会').
_THING_AFTER = re.compile(
    "主义|协会|学会|公司|集团|基金会|研究所|研究中心|大学|学院|奖|定律|效应|号航母|航母|号|酒店|广场|大街|大道|体育场|银行"
)
_QUOTED_THING = re.compile('[”"』」]号')
# Words for a person, set before a name ('澳籍毒贩卡姆·吉莱斯比', '经济学家X').
ZH_PERSON_NOUNS = _word_set(
    "籍 公民 人士 专家 学者 记者 作家 教授 博士 男子 女子 囚犯 毒贩 嫌疑人 被告 律师 商人 企业家 运动员 球员 演员 "
    "歌手 导演 艺术家 科学家 经济学家 分析师 牧师 主教 士兵"
)
# Before an open-class '·' name, these make it a person's too ('任命X为', '应X邀请').
_CUE_VERBS = _word_set("任命 提名 当选 继任 接任 会见 会晤 接见 致电 邀请 应")


@dataclass(frozen=True, slots=True)
class ZhPerson:
    """A person named at start..end: `id` and `name` of the knowledge base (canonical English), or
    for an open-class '·' name 'person:<printed>' and the printed Chinese form (`known` False)."""

    start: int
    end: int
    id: str
    name: str
    known: bool


@dataclass(frozen=True, slots=True)
class _Index:
    automaton: ahocorasick.Automaton
    persons: dict[str, EntityRecord]
    surnames: dict[str, tuple[str, ...]]  # last part of a person's '·' name -> ids
    translit: frozenset[str]  # characters of the transliterated names


_INDEXES: dict[int, tuple[KnowledgeBase, _Index]] = {}


def _index(kb: KnowledgeBase) -> _Index:
    """The automaton over every `zh` name (and CLDR's Chinese country names), per KB (cached)."""
    cached = _INDEXES.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    table: dict[str, list[str]] = {}
    for name in zh_country_names():
        table.setdefault(name, [])
    persons: dict[str, EntityRecord] = {}
    surnames: dict[str, list[str]] = {}
    chars: set[str] = set()
    for ent in kb.entities.values():
        for name in ent.zh:
            ids = table.setdefault(name, [])
            if ent.type == "person":
                ids.append(ent.id)
            elif not ids:
                ids.append("")  # a name of something else: blocks the persons inside it
        if ent.type == "person" and ent.zh:
            persons[ent.id] = ent
            foreign = not ent.family_first and ent.country not in _NOT_FOREIGN
            for name in ent.zh:
                if foreign or any(d in name for d in _DOT):
                    chars.update(c for c in name if c not in _DOT)
                    surnames.setdefault(re.split(f"[{_DOT}]", name)[-1], []).append(ent.id)
    automaton = ahocorasick.Automaton()
    for name, ids in table.items():
        automaton.add_word(name, (len(name), tuple(dict.fromkeys(i for i in ids if i))))
    automaton.make_automaton()
    index = _Index(automaton, persons, {k: tuple(dict.fromkeys(v)) for k, v in surnames.items()}, frozenset(chars))
    if len(_INDEXES) >= 4:
        _INDEXES.clear()
    _INDEXES[id(kb)] = (kb, index)
    return index


@lru_cache(maxsize=1)
def zh_country_names() -> tuple[str, ...]:
    """Chinese names of countries and territories (CLDR through babel): they hide the persons'
    names inside them ('罗斯' in '俄罗斯')."""
    from babel import Locale

    return tuple(n for n in Locale("zh").territories.values() if len(n) >= 2)


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s").convert


def simplified(text: str) -> str:
    """`text` in simplified script when the conversion keeps every offset, else `text`."""
    converted: str = _t2s()(text)
    return converted if len(converted) == len(text) else text


# The last few answers of `zh_person_mentions`: the statements and entity stages both ask it about a
# document, one after the other. Keyed by (text, date), with the KB they were found with.
_MENTIONS: dict[tuple[str, str | None], tuple[KnowledgeBase, tuple[ZhPerson, ...]]] = {}
_MENTIONS_KEPT = 4


def zh_person_mentions(text: str, *, kb: KnowledgeBase, date: str | None = None) -> list[ZhPerson]:
    """The persons named in the Chinese parts of `text`, in text order."""
    if not has_cjk(text):
        return []
    cached = _MENTIONS.get((text, date))
    if cached is not None and cached[0] is kb:
        return list(cached[1])
    found = _person_mentions(text, kb, date)
    if len(_MENTIONS) >= _MENTIONS_KEPT:
        del _MENTIONS[next(iter(_MENTIONS))]
    _MENTIONS[(text, date)] = (kb, tuple(found))
    return found


def _person_mentions(text: str, kb: KnowledgeBase, date: str | None) -> list[ZhPerson]:
    index = _index(kb)
    text = simplified(text)
    words = _Words(text)
    hits = _longest(index.automaton, text)
    dotted = [s for m in _DOTTED.finditer(text) if (s := _translit_span(text, m.start(), m.end(), index.translit))]
    found = [f for f in (_known(text, hit, kb, date, words, dotted) for hit in hits if hit[2]) if f is not None]
    titled = {person.id for _, person, touches in found if touches}
    out = [
        ZhPerson(start, end, person.id, person.name, True)
        for (start, end), person, _ in found
        if end - start > 2 or not _foreign(person) or person.id in titled
    ]
    blocked = [(p.start, p.end) for p in out] + [(s, e) for s, e, ids in hits if not ids]
    out += _dotted(text, dotted, index, kb, date, words, blocked)
    return sorted(out, key=lambda p: p.start)


def _known(
    text: str,
    hit: tuple[int, int, tuple[str, ...]],
    kb: KnowledgeBase,
    date: str | None,
    words: _Words,
    dotted: list[tuple[int, int]],
) -> tuple[tuple[int, int], EntityRecord, bool] | None:
    """A knowledge-base person's name at a safe place: ((start, end), person, touches a title).
    A foreign surname alone ('罗斯') must not sit inside a longer '·' name, nor name someone whose
    roles all begin after `date`; one of one or two characters must also end a word."""
    start, end, ids = hit
    person = _on_date(kb, ids, date)
    if person is None or not words.starts(text, start) or _THING_AFTER.match(text, end):
        return None
    if _foreign(person) and not any(d in text[start:end] for d in _DOT):
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e in dotted):
            return None
        if date and person.roles and all((r.start or "") > date[:10] for r in person.roles):
            return None
        if end - start <= 2 and not words.ends(text, end):
            return None
        if not _title_fits(text, start, end, person):
            return None
    return (start, end), person, _touches_title(text, start, end)


# Titles that say which office a person holds, with words of the knowledge base's role titles that
# fit them: '参议员桑德斯' is no White House Press Secretary.
_OFFICES = (
    (("副总统", "总统"), ("President",)),
    (("副总理", "总理", "副首相", "首相"), ("Prime Minister", "Premier", "Chancellor")),
    (("外交部长", "外交大臣", "外长", "外相"), ("Foreign", "External Affairs", "Secretary of State")),
    (("国务卿",), ("Secretary of State",)),
    (("参议员", "众议员", "议员"), ("Senator", "Congress", "Representative", "Member of")),
    (("发言人",), ("Spokesperson", "Spokesman", "Press Secretary")),
    (("大使",), ("Ambassador", "Permanent Representative")),
    (("秘书长",), ("Secretary-General", "Secretary General")),
    (("国防部长", "防长"), ("Defense", "Defence")),
    (("财政部长", "财长"), ("Treasury", "Finance", "Exchequer")),
    (("商务部长",), ("Commerce",)),
)


def _title_fits(text: str, start: int, end: int, person: EntityRecord) -> bool:
    """Does an office written right before or after the name fit one of the person's roles?"""
    for words, english in _OFFICES:
        if any(text.startswith(w, end) or text.endswith(w, 0, start) for w in words):
            return any(e in role.title for role in person.roles for e in english)
    return True


def _foreign(person: EntityRecord) -> bool:
    """A person whose Chinese name is a transliteration ('特朗普'), not a Chinese name ('王毅')."""
    return not person.family_first and person.country not in _NOT_FOREIGN


def _longest(automaton: ahocorasick.Automaton, text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """Non-overlapping automaton hits, the longest first, then the leftmost; in text order."""
    if not len(automaton):
        return []
    hits = [(end + 1 - length, end + 1, ids) for end, (length, ids) in automaton.iter(text)]
    hits.sort(key=lambda h: (h[0] - h[1], h[0]))
    chosen: list[tuple[int, int, tuple[str, ...]]] = []
    used = bytearray(len(text) + 1)
    for start, end, ids in hits:
        if not any(used[start:end]):
            used[start:end] = b"\x01" * (end - start)
            chosen.append((start, end, ids))
    return sorted(chosen)


class _Words:
    """Where the segmenter's words start and end in a text."""

    def __init__(self, text: str) -> None:
        self._starts: set[int] = set()
        self._ends: set[int] = set()
        for s, e in zh_word_spans(text):
            self._starts.add(s)
            self._ends.add(e)

    def starts(self, text: str, i: int) -> bool:
        """Does a word start at `i` (or does no Chinese character come before it)?"""
        return i in self._starts or not _is_cjk(text, i - 1)

    def ends(self, text: str, i: int) -> bool:
        """Does a word end at `i` (or does no Chinese character follow)?"""
        return i in self._ends or not _is_cjk(text, i)


def _is_cjk(text: str, i: int) -> bool:
    return 0 <= i < len(text) and "\u3400" <= text[i] <= "\u9fff"


def _touches_title(text: str, start: int, end: int) -> bool:
    """A title right after the name, or right before it ('蓬佩奥国务卿', '助卿纳吉')."""
    if _TITLE_RE.match(text, end):
        return True
    before = text[max(0, start - 8) : start]
    return any(before.endswith(t) for t in ZH_TITLES)


def _on_date(kb: KnowledgeBase, ids: tuple[str, ...], date: str | None) -> EntityRecord | None:
    """The one person of `ids`; among several, the only one holding a role on `date`."""
    people = [kb.entities[i] for i in ids if i in kb.entities]
    if len(people) > 1 and date:
        people = [p for p in people if kb.role_at(p.id, date)]
    return people[0] if len(people) == 1 else None


def _dotted(
    text: str,
    spans: Iterable[tuple[int, int]],
    index: _Index,
    kb: KnowledgeBase,
    date: str | None,
    words: _Words,
    blocked: Iterable[tuple[int, int]],
) -> Iterator[ZhPerson]:
    """'·' names not already found: a known person by the last part, else an open-class person.
    A name that is a thing's ('“卡尔·文森”号', '亨利·杰克逊协会') is left out."""
    taken = list(blocked)
    for start, end in spans:
        if not words.starts(text, start) or not words.ends(text, end) or _THING_AFTER.match(text, end):
            continue
        if _QUOTED_THING.match(text, end) or any(s < end and start < e for s, e in taken):
            continue
        if not _person_cue(text, start, end):
            continue
        printed = text[start:end]
        person = _on_date(kb, index.surnames.get(re.split(f"[{_DOT}]", printed)[-1], ()), date)
        if person is not None:
            yield ZhPerson(start, end, person.id, person.name, True)
        else:
            yield ZhPerson(start, end, f"person:{printed}", printed, False)


def _person_cue(text: str, start: int, end: int) -> bool:
    """A title or a word for a person right before an open-class name ('外长奥斯曼·萨利赫', '澳籍毒贩
    卡姆·吉莱斯比'), or a title right after it; and a last part of one character ('...·萨' cut from
    '萨金塔耶夫' by a character the knowledge base's names lack) only before a non-Chinese character."""
    last = re.split(f"[{_DOT}]", text[start:end])[-1]
    if len(last) < 2 and _is_cjk(text, end):
        return False
    before = text[max(0, start - 8) : start]
    return _touches_title(text, start, end) or any(before.endswith(w) for w in ZH_PERSON_NOUNS | _CUE_VERBS)


def _translit_span(text: str, start: int, end: int, translit: frozenset[str]) -> tuple[int, int] | None:
    """The transliterated name inside a run of '·'-joined Chinese: the transliteration characters
    next to the dots (at least one on each side of every dot), else None."""
    dot = next(i for i in range(start, end) if text[i] in _DOT)
    s = dot
    while s > start and text[s - 1] in translit:
        s -= 1
    last = max(i for i in range(start, end) if text[i] in _DOT)
    e = last + 1
    while e < end and text[e] in translit:
        e += 1
    parts = re.split(f"[{_DOT}]", text[s:e])
    if len(parts) < 2 or any(not p or any(c not in translit for c in p) for p in parts) or e - s > 24:
        return None
    return s, e


def zh_person_of(name: str, *, kb: KnowledgeBase, date: str | None = None) -> ZhPerson | None:
    """The person a printed name is, exactly ('华春莹', 'Hua Chunying'), else None."""
    person = _on_date(kb, _persons_named(kb, name.strip()), date)
    return ZhPerson(0, 0, person.id, person.name, True) if person else None


# Per KB: a printed name -> the ids of the persons of that name (speakers' names repeat from turn to
# turn and from document to document; each is looked up in the whole KB once).
_NAMED: dict[int, tuple[KnowledgeBase, dict[str, tuple[str, ...]]]] = {}


def _persons_named(kb: KnowledgeBase, name: str) -> tuple[str, ...]:
    """The persons whose Chinese name is `name`, else those whose English name or alias it is."""
    cached = _NAMED.get(id(kb))
    if cached is None or cached[0] is not kb:
        cached = _NAMED[id(kb)] = (kb, {})
    found = cached[1].get(name)
    if found is None:
        folded = name.casefold()
        zh = [ent.id for ent in _index(kb).persons.values() if name in ent.zh]
        found = tuple(
            zh
            or [
                ent.id
                for ent in kb.of_type("person")
                if folded in (ent.name.casefold(), *(a.casefold() for a in ent.aliases))
            ]
        )
        if len(cached[1]) >= 1 << 16:
            cached[1].clear()
        cached[1][name] = found
    return found


def zh_people_entities(
    text: str, *, kb: KnowledgeBase, title: str | None = None, date: str | None = None
) -> list[Entity]:
    """Person entities of a Chinese text: its mentions, then the persons only its title names
    (zero-width at offset 0)."""
    found = [
        Entity(start=p.start, end=p.end, type="person", id=p.id, name=p.name)
        for p in zh_person_mentions(text, kb=kb, date=date)
    ]
    named = {e.id for e in found}
    for p in zh_person_mentions(title or "", kb=kb, date=date):
        if p.known and p.id not in named:
            named.add(p.id)
            found.insert(0, Entity(start=0, end=0, type="person", id=p.id, name=p.name))
    return found
