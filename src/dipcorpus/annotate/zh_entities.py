"""Entities and formulations in Chinese text, linked to the same canonical ids as English ones.

Chinese is written without spaces, so a name found by the automaton may sit inside a longer word
(美国 in 南美国家, 中国 in 发展中国家, 印度 in 印度洋). Every hit is checked against the word
boundaries of the project's segmenter (`zh_segment`, rjieba). A hit is kept when:

- it starts and ends on word boundaries, and is not joined by a middle dot to a transliterated
  name (多米尼克·拉布 is a person, not Dominica);
- or the word it starts extends it by a head (rules.yaml `zh_rules.heads`: 美国人 is not needed, the
  segmenter splits it, but 东盟方 is one word) or by another dictionary word of two or more
  characters (中国政府, 美国国务院: one word each for the segmenter);
- or the word it ends starts with a prefix (驻, 访, 涉 ...) or with another KB name (中国台湾).

Names come from the `zh` field of every KB record (people included, so names added to people.yaml
flow through) and formulations' `zh` forms; a capital (`zh_capitals`) counts only when a cue word
follows (华盛顿方面); Chinese phrases listed in `not_entities` hide the names inside them (美元).
The longest hit wins, as in English. Short forms (美 for the United States) are read word by word,
see `short_form_hits`. Pages in traditional script are read in simplified script (OpenCC).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import ahocorasick

from dipcorpus.annotate.zh_segment import has_cjk
from dipcorpus.annotate.zh_shorts import short_form_hits
from dipcorpus.annotate.zh_text import ZhText, has_word
from dipcorpus.kb import KnowledgeBase
from dipcorpus.kb.matcher import Hit, Pattern, select_longest

__all__ = ["with_twins", "zh_entity_hits", "zh_formulation_hits"]

_MIDDOTS = frozenset("·・•‧･")
_ZH_GAP = 10  # characters allowed between the parts of a split Chinese form (干涉香港事务和中国内政)
_CLAUSE_END = re.compile(r"[。！？；，,;!?\n]")
# Latin names of organisations and outlets also written inside Chinese text (FireEye, NBA, G20).
_LATIN_TYPES = frozenset({"organization", "media"})
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z0-9&.\-]{2,}|[A-Z]+[0-9]+")


class _ZhAutomaton:
    """Chinese names -> patterns, in one Aho-Corasick automaton (same interface as `Matcher` for
    `MatcherCache`: `build` returns self)."""

    def __init__(self) -> None:
        self._table: dict[str, list[Pattern]] = {}
        self._automaton: ahocorasick.Automaton | None = None
        self.names: frozenset[str] = frozenset()

    def add(self, name: str, pattern: Pattern) -> None:
        name = name.strip()
        if name:
            self._table.setdefault(name, []).append(pattern)
            if "（" in name:  # 刚果（金） is also written with ASCII parentheses
                self._table.setdefault(name.replace("（", "(").replace("）", ")"), []).append(pattern)

    def build(self) -> _ZhAutomaton:
        automaton = ahocorasick.Automaton()
        for name, patterns in self._table.items():
            automaton.add_word(name, (len(name), tuple(dict.fromkeys(patterns))))
        if len(automaton):
            automaton.make_automaton()
        self._automaton = automaton
        self.names = frozenset(n for n, ps in self._table.items() if any(p.kind == "entity" for p in ps))
        return self

    def scan(self, text: str) -> Iterator[Hit]:
        if self._automaton is None or not len(self._automaton):
            return
        for end, (length, patterns) in self._automaton.iter(text):
            for pattern in patterns:
                yield Hit(end - length + 1, end + 1, pattern)


class _Cache:
    """Built automata kept per knowledge base (as `MatcherCache` does for the English matchers)."""

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._built: dict[int, tuple[KnowledgeBase, _ZhAutomaton]] = {}

    def get(self, kb: KnowledgeBase, fill: Callable[[_ZhAutomaton], None]) -> _ZhAutomaton:
        cached = self._built.get(id(kb))
        if cached is not None and cached[0] is kb:
            return cached[1]
        auto = _ZhAutomaton()
        fill(auto)
        if len(self._built) >= self._size:
            self._built.clear()
        self._built[id(kb)] = (kb, auto.build())
        return auto


_ENTITY_AUTOMATA = _Cache()
_FORMULATION_AUTOMATA = _Cache()


def _entity_automaton(kb: KnowledgeBase) -> _ZhAutomaton:
    def fill(auto: _ZhAutomaton) -> None:
        for ent in kb.entities.values():
            for name in ent.zh:
                auto.add(name, Pattern("entity", ent.id, name, flag="zh"))
            for name in ent.zh_capitals:
                auto.add(name, Pattern("entity", ent.id, name, flag="capital"))
        for word, ids in kb.rules.zh.compounds.items():
            for target in ids:
                auto.add(word, Pattern("entity", target, word, flag="compound"))
        for phrase in kb.rules.not_entities:
            if has_cjk(phrase):
                auto.add(phrase, Pattern("block", "", phrase))
        for ent in kb.entities.values():
            if ent.type in _LATIN_TYPES:
                for name in (ent.name, *ent.aliases):
                    if _LATIN_NAME.fullmatch(name) and name not in ent.ambiguous and name not in kb.rules.zh.not_latin:
                        auto.add(name, Pattern("entity", ent.id, name, flag="latin"))

    return _ENTITY_AUTOMATA.get(kb, fill)


def _formulation_automaton(kb: KnowledgeBase) -> _ZhAutomaton:
    def fill(auto: _ZhAutomaton) -> None:
        for form in kb.formulations.values():
            for name in form.zh:
                if " ... " in name:  # 干涉 ... 内政: a few characters between the two parts
                    head, tail = name.split(" ... ", 1)
                    auto.add(head, Pattern("gap", form.id, name, tail=tail, gap=_ZH_GAP))
                else:
                    auto.add(name, Pattern("formulation", form.id, name))

    return _FORMULATION_AUTOMATA.get(kb, fill)


def zh_entity_hits(text: str, kb: KnowledgeBase, zt: ZhText | None = None) -> list[Hit]:
    """The KB entities named in the Chinese parts of `text`, as hits in `text` offsets (several
    hits share a span where one word names several ids: 港澳, 中美)."""
    if not has_cjk(text):
        return []
    zt = zt or ZhText(text)
    auto = _entity_automaton(kb)
    hits = [h for h in auto.scan(zt.text) if _edges_ok(zt, h, kb, auto.names)]
    chosen = _longest_with_ties(hits)
    cues = kb.rules.zh.capital_cues
    kept = [h for h in chosen if h.pattern.kind == "entity" and _capital_ok(zt.text, h, cues)]
    return sorted([*kept, *short_form_hits(zt, kb.rules.zh, chosen)], key=lambda h: (h.start, h.end))


def zh_formulation_hits(text: str, kb: KnowledgeBase) -> list[Hit]:
    """The KB formulations written in Chinese in `text`, as hits in `text` offsets."""
    if not has_cjk(text):
        return []
    zt = ZhText(text)
    auto = _formulation_automaton(kb)
    hits = (_gap_end(zt.text, h) if h.pattern.kind == "gap" else h for h in auto.scan(zt.text))
    return select_longest(h for h in hits if h is not None and (h.length > 3 or _edges_ok(zt, h, kb, auto.names)))


def _gap_end(text: str, hit: Hit) -> Hit | None:
    """`hit` (the first part of a split form) stretched to the second part, when that follows within
    the form's gap and the same clause."""
    tail = hit.pattern.tail
    window = text[hit.end : hit.end + hit.pattern.gap + len(tail)]
    found = window.find(tail)
    if found < 0 or _CLAUSE_END.search(window, 0, found):
        return None
    return Hit(hit.start, hit.end + found + len(tail), Pattern("formulation", hit.pattern.target, hit.pattern.alias))


def _longest_with_ties(hits: list[Hit]) -> list[Hit]:
    """`select_longest`, keeping every hit on the span it picks (a compound names several ids)."""
    by_span: dict[tuple[int, int], list[Hit]] = {}
    for hit in hits:
        by_span.setdefault((hit.start, hit.end), []).append(hit)
    firsts = select_longest(group[0] for group in by_span.values())
    return [hit for first in firsts for hit in by_span[(first.start, first.end)]]


def with_twins(chosen: list[Hit], candidates: Iterable[Hit]) -> list[Hit]:
    """`chosen` (non-overlapping hits) plus the candidates on exactly the span of a chosen hit that
    name another id: one word that names several places (港澳) keeps all of them."""
    spans = {(h.start, h.end): h.pattern.target for h in chosen}
    twins = [h for h in candidates if spans.get((h.start, h.end), h.pattern.target) != h.pattern.target]
    return sorted([*chosen, *dict.fromkeys(twins)], key=lambda h: (h.start, h.end))


def _capital_ok(text: str, hit: Hit, cues: Iterable[str]) -> bool:
    return hit.pattern.flag != "capital" or any(text.startswith(cue, hit.end) for cue in cues)


def _edges_ok(zt: ZhText, hit: Hit, kb: KnowledgeBase, names: frozenset[str]) -> bool:
    """Whether `hit` is a word (or words) of its own, or one of the compounds the module docstring
    lists."""
    text = zt.text
    if hit.pattern.flag == "latin":
        return _latin_edges_ok(text, hit)
    if (hit.start > 0 and text[hit.start - 1] in _MIDDOTS) or text[hit.end : hit.end + 1] in _MIDDOTS:
        return False
    return _left_ok(zt, hit.start, kb, names) and _right_ok(zt, hit.end, kb, names)


def _latin_edges_ok(text: str, hit: Hit) -> bool:
    """A Latin name (FireEye, NBA) stands apart from other Latin letters and digits and touches a
    Chinese character, where the English matcher, which wants spaces or punctuation, cannot see it."""
    before = text[hit.start - 1 : hit.start] if hit.start > 0 else ""
    after = text[hit.end : hit.end + 1]
    if (before and before.isascii() and before.isalnum()) or (after and after.isascii() and after.isalnum()):
        return False
    return has_cjk(before + after)


def _left_ok(zt: ZhText, start: int, kb: KnowledgeBase, names: frozenset[str]) -> bool:
    if zt.is_boundary(start):
        return True
    word = zt.word_at(start)
    if word is None or not has_word(zt.text[word[0] : word[1]]):
        return True  # a word the segmenter guessed (应王毅): no dictionary word is cut
    before = zt.text[word[0] : start]
    return before in kb.rules.zh.prefixes or before in names


def _right_ok(zt: ZhText, end: int, kb: KnowledgeBase, names: frozenset[str]) -> bool:
    if zt.is_boundary(end):
        return True
    word = zt.word_at(end)
    if word is None or not has_word(zt.text[word[0] : word[1]]):
        return True
    after = zt.text[end : word[1]]
    rules = kb.rules.zh
    return after in rules.heads or after in rules.name_heads or after in names or (len(after) >= 2 and has_word(after))
