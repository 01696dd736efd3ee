"""Countries named by a one-character short form in Chinese text (美 for the United States, 俄 for
Russia), read word by word from the segmenter's words (rules.yaml `zh_rules`).

A short form is a country only inside a word of a known shape, never on its own character (日 is
also "day", 法 "law", 中 "middle"). The shapes, for a word `w` of the segmenter:

1. `w` is two or more short forms: 中美, 美日, 中日韩 (not a word listed in `not_compounds`, such as
   美德 "virtue");
2. short forms then a head: 美方, 日企, 俄军 (`heads`);
3. two or more short forms then a pair word: 中美关系, 中越关系 (`pair_words`);
4. a prefix, one short form and optionally a head, pair word or dictionary word: 访华, 赴美, 涉藏,
   驻华使馆 (`prefixes`, `after_prefix`);
5. a one-character word that is a short form, then a one-character word that is a head: 缅 / 方;
6. two or more one-character short-form words, then a pair word (中 / 英 / 双方), or with one that
   stands alone among them (中 / 美 / 作为);
7. a one-character word that names a country wherever it stands alone (`alone`: 美 / 对华).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache

from dipcorpus.annotate.zh_text import ZhText, has_word
from dipcorpus.kb import ZhRules
from dipcorpus.kb.matcher import Hit, Pattern

__all__ = ["short_form_hits"]

_Word = tuple[int, int]
_NUMERALS = frozenset("0123456789０１２３４５６７８９〇零一二三四五六七八九十廿卅")


@lru_cache(maxsize=8)
def _char_class(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(re.escape(c) for c in chars)) + "]")


class _Covered:
    """Spans already taken by full names (and blocked phrases): no short form inside them."""

    def __init__(self, hits: Sequence[Hit]) -> None:
        self._spans = sorted({(h.start, h.end) for h in hits})
        self._starts = [s for s, _ in self._spans]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end) - 1
        while i >= 0:
            s, e = self._spans[i]
            if e > start:
                return True
            if s < start - 64:  # names are short: nothing earlier reaches `start`
                return False
            i -= 1
        return False


def short_form_hits(zt: ZhText, rules: ZhRules, taken: Sequence[Hit]) -> list[Hit]:
    """Hits (one per character) for the short forms of `zt` that name a country, outside `taken`."""
    chars = frozenset(rules.short) | frozenset(rules.after_prefix)
    if not chars:
        return []
    covered = _Covered(taken)
    reader = _Reader(zt, rules, covered)
    seen: set[int] = set()
    out: list[Hit] = []
    for m in _char_class(chars).finditer(zt.text):
        word = zt.word_at(m.start())
        if word is None or word[0] in seen or covered.overlaps(*word):
            continue
        seen.add(word[0])
        for pos, target in reader.countries(word):
            out.append(Hit(pos, pos + 1, Pattern("entity", target, zt.text[pos], flag="short")))
    return out


class _Reader:
    """The word shapes of the module docstring."""

    def __init__(self, zt: ZhText, rules: ZhRules, covered: _Covered) -> None:
        self.zt = zt
        self.text = zt.text
        self.rules = rules
        self.covered = covered

    def countries(self, word: _Word) -> list[tuple[int, str]]:
        start, end = word
        if start > 0 and self.text[start] == "日" and self.text[start - 1] in _NUMERALS and end - start > 1:
            start += 1  # 1日中美 is one word for the segmenter: the 日 of a date, then 中美
        w = self.text[start:end]
        if len(w) == 1:
            return self._single((start, end))
        rules = self.rules
        shorts = self._short_prefix(w)
        rest = w[shorts:]
        if shorts >= 2 and not rest and w not in rules.not_compounds and self._anchored(start, end):
            return self._targets(start, shorts)
        if (shorts >= 2 and rest in rules.pair_words) or (shorts >= 1 and rest in rules.heads):
            return self._targets(start, shorts)
        return self._prefixed(start, w)

    def _anchored(self, start: int, end: int) -> bool:
        """A word of short forms only names countries with one of the anchors in it (中美, 美日),
        right after such a word (美日 / 印澳), or before a pair word or head (孟缅 / 双方): 哈蒙德 is a
        name, not three countries."""
        if any(c in self.rules.anchors for c in self.text[start:end]):
            return True
        prev = self.zt.word_at(start - 1) if start > 0 else None
        before = self.text[prev[0] : prev[1]] if prev is not None else ""
        if len(before) >= 2 and self._short_prefix(before) == len(before):
            return any(c in self.rules.anchors for c in before)
        following = self._next(end)
        head = following is not None and self.text[following[0] : following[1]] in self.rules.heads
        return head or self._pair_word_at(end)

    def _pair_word_at(self, pos: int) -> bool:
        """Whether a pair word starts at `pos` (the segmenter may join it to what follows: 双方同意)."""
        return any(self.text.startswith(word, pos) for word in self.rules.pair_words)

    def _short_prefix(self, w: str) -> int:
        """How many characters at the start of `w` are short forms."""
        n = 0
        while n < len(w) and w[n] in self.rules.short:
            n += 1
        return n

    def _targets(self, start: int, n: int) -> list[tuple[int, str]]:
        return [(start + i, self.rules.short[self.text[start + i]]) for i in range(n)]

    def _prefixed(self, start: int, w: str) -> list[tuple[int, str]]:
        if len(w) < 2 or w[0] not in self.rules.prefixes or w[1] not in self.rules.after_prefix:
            return []
        rest = w[2:]
        rules = self.rules
        known = rest in rules.heads or rest in rules.pair_words or (len(rest) >= 2 and has_word(rest))
        if rest and not known:
            return []
        return [(start + 1, rules.after_prefix[w[1]])]

    def _single(self, word: _Word) -> list[tuple[int, str]]:
        start, end = word
        char = self.text[start]
        if char not in self.rules.short or (start > 0 and self.text[start - 1] in _NUMERALS):
            return []  # 9日 / 政府: the 日 of a date
        prev = self.zt.word_at(start - 1) if start > 0 else None
        if prev is not None and not has_word(self.text[prev[0] : prev[1]]):
            return []  # 斯瓦拉 / 吉 / 外长: the end of a name the segmenter guessed
        following = self._next(end)
        if following is not None and self.text[following[0] : following[1]] in self.rules.heads:
            return self._targets(start, 1)
        chain = self._chain(word)
        after = self._next(chain[-1][1]) if chain else None
        paired = after is not None and self._pair_word_at(after[0])
        alone = any(self.text[s] in self.rules.alone for s, _ in chain)
        if len(chain) >= 2 and word in chain and (paired or alone):
            return self._targets(start, 1)
        if char in self.rules.alone:
            return self._targets(start, 1)
        return []

    def _next(self, pos: int) -> _Word | None:
        word = self.zt.word_at(pos)
        return word if word is not None and word[0] == pos else None

    def _before(self, pos: int) -> _Word | None:
        """The word that ends at `pos`, or at the enumeration comma there."""
        if pos > 1 and self.text[pos - 1] == "、":
            pos -= 1
        return self.zt.word_at(pos - 1) if pos > 0 else None

    def _after(self, pos: int) -> _Word | None:
        """The word that starts at `pos`, or after the enumeration comma there."""
        if self.text[pos : pos + 1] == "、":
            pos += 1
        return self._next(pos)

    def _chain(self, word: _Word) -> list[_Word]:
        """The one-character short-form words next to each other (or apart by an enumeration
        comma: 美、加双方) around `word`, in order."""
        chain = [word]
        prev = self._before(word[0])
        while prev is not None and self._one_short(prev):
            chain.insert(0, prev)
            prev = self._before(prev[0])
        nxt = self._after(word[1])
        while nxt is not None and self._one_short(nxt):
            chain.append(nxt)
            nxt = self._after(nxt[1])
        if chain[0][0] > 0 and self.text[chain[0][0] - 1] in _NUMERALS:
            del chain[0]  # 9日 / 中 / 英 / 双方: the 日 of a date
        return chain

    def _one_short(self, word: _Word) -> bool:
        return word[1] - word[0] == 1 and self.text[word[0]] in self.rules.short and not self.covered.overlaps(*word)
