"""Person names inside one document, for the statements stage: who 'Blinken', 'the Secretary' or 'he' is.

One pass over the text collects the persons it names: a name after a title ('Secretary of State
Antony J. Blinken', 'President of Kazakhstan Nursultan Nazarbayev', 'Mr Putin') or a two-to-four
word capitalised name that holds no organisation or place word. From these the index answers:
the full name of a surname ('Blinken' -> 'Antony Blinken'; middle initials are dropped), the person
a bare title stands for ('the Secretary', 'the WHO Director-General': the name printed after that
title anywhere in the document), the last person named before an offset (for 'he'/'she') and the
first two persons named (the parties of a readout, for 'Both leaders').
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["TITLE_WORDS", "NameIndex", "is_person_name", "name_words"]


def _casefolded(words: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in words.split())


TITLE_WORDS = _casefolded(
    "State Councilor Councillor Foreign Minister Ministers Secretary General Secretary-General President "
    "Vice Vice-President Premier Prime Deputy Assistant Under Ambassador Spokesperson Spokesman "
    "Spokeswoman Chairman Chairwoman Chair Chairperson Director Director-General Member Special "
    "Envoy Representative Chancellor Senior Executive High Commissioner Chief Mr Mr. Ms Ms. Mrs "
    "Mrs. Dr Dr. Sir Madam His Her Excellency Majesty Highness King Queen Prince Princess Crown "
    "Emir Sheikh Sultan Pope Senator Congressman Congresswoman Governor Mayor Speaker Leader "
    "Counselor Counsellor Adviser Advisor National Security Defence Defense Commerce Trade "
    "Finance Health Interior Justice Treasury Attorney Press Officer Official Acting Principal "
    "Lieutenant Colonel Admiral Commander Marshal Major Captain Professor Prof. Rev. Father "
    "Minister-Counselor Attaché Charge Chargé d'Affaires Consul Consul-General Coordinator Head "
    "Administrator Commissioner-General Envoys Economic Affairs Political Public Diplomacy "
    "Global Strategic Communications Cooperation Development Environment Energy Education "
    "Culture Ecology External Relations Security Council NSC"
)
# Words that make a capitalised sequence an organisation, place or document, not a person.
_NOT_NAME_WORDS = _casefolded(
    "Ministry Department Council Government Embassy Consulate Union Nations States Republic Kingdom "
    "Federation Committee Commission Party Office House Agency News Times Post Press Bank Fund "
    "Organization Organisation Association Chamber Assembly Congress Parliament Senate Court Forum "
    "Summit Conference Treaty Agreement Initiative Charter Declaration Statement Report Act Plan "
    "Group Institute University Center Centre Service Force Forces Army Navy Corps Company "
    "Corporation Airlines Daily Journal Television Radio Network Society Foundation Program "
    "Programme Community Secretariat Authority Board Bureau Cabinet Administration Alliance "
    "Coalition Movement Front Area Zone Region Province City County Island Islands Sea Ocean Gulf "
    "Strait Mountain River Street Road Square Hall Palace Kremlin Capitol China Russia America "
    "United Africa Asia Europe Korea Arabia Lanka Zealand Rica Salvador Leone Guinea Faso Sudan "
    "Timor Verde Herzegovina Macedonia Ossetia Abkhazia Kong Macao Taiwan Tibet Xinjiang Crimea "
    "Donbas Gaza Bank Strip Heights Middle East West North South Central Eastern Western Northern "
    "Southern Chinese Russian American British French German European Japanese Indian Iranian "
    "Israeli Palestinian Ukrainian Turkish Syrian Afghan Pakistani Korean Australian Canadian "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December Today Yesterday Tonight However "
    "Meanwhile Moreover Furthermore Also Then Both Two All Each Every Some Many Most Several The "
    "This That These Those It Its They We Our Us You Your I My He She His Her Their There Here "
    "What Why How When Where Who Which Whether If As At In On Of For To From With By And But Or "
    "Nor So Yet After Before During While Since Until Thank Thanks Yes No Well Okay OK Q A "
    "COVID-19 Covid Coronavirus Internet Twitter Facebook WHO NATO UN EU ASEAN BRICS SCO G20 G7 "
    "OSCE IAEA WTO IMF AU OAS APEC CIS Olympic Olympics Games Day Week Year Cup Expo Belt "
    "Like Unlike According Given Despite Under Over Through Against Among Between Without Within "
    "Following Regarding Including Dear Please Let Just Only Even Still Now Later Earlier Recently "
    "Nam Marino Lucia Kitts Nevis Tome Principe Bissau Emirates Vincent Grenadines Barbuda Tobago "
    "Marshall Solomon Cook Faroe Cayman Virgin Leste Coast Ivory Republic's "
    "War Revolution Victory Olympiad Memorial Museum Cathedral Church Monastery Station Airport Port "
    "Bridge Plant Factory Project Pipeline Stream Patriotic Great "
    "Silk Party's Presidential Foreign Affairs Security Defense Defence Climate Change Human Rights"
)
_PARTICLES = _casefolded("de van von der den al el bin ibn da di du la le dos")
# capitals of names beyond ASCII ('Étienne', 'Özil', 'Łukasz', 'Şahin'): Latin-1 and Latin Extended-A upper case
_CAPS = "A-ZÀ-ÖØ-Þ" + "".join(chr(c) for c in range(0x100, 0x17F) if chr(c).isupper())
_WORD = rf"(?:[{_CAPS}]\.(?=[^\S\n])|[{_CAPS}][\w’'`-]*)"
_NAME = rf"{_WORD}(?:[^\S\n]+(?:(?:{'|'.join(sorted(_PARTICLES))})[^\S\n]+)?{_WORD}){{0,3}}"
_TITLED = re.compile(
    r"\b(?P<title>(?:(?:[A-Z][\w’'.-]*|of|the|and|for)[^\S\n]+){0,6}?"
    r"(?:President|Premier|Minister|Secretary|Secretary-General|Chancellor|Ambassador|Spokesperson|"
    r"Spokesman|Spokeswoman|Envoy|Representative|Director|Director-General|Chairman|Chairperson|Chair|"
    r"Commissioner|Councilor|Councillor|Adviser|Advisor|Senator|Governor|Mayor|King|Queen|Prince|Emir|"
    r"Sheikh|Pope|Dr\.?|Mr\.?|Ms\.?|Mrs\.?|Excellency|Coordinator|Administrator|Speaker|Leader)"
    r"(?: (?:of|for|to)(?: the)? [A-Z][\w’'-]*(?: Affairs)?)?)[^\S\n]+"
    r"(?!(?:Dr|Mr|Ms|Mrs|Prof)\b)(?P<name>" + _NAME + r")"
)
# 'The President of the Republic, Ann Lee,': a title set off by commas before the name.
_APPOSED = re.compile(
    r"\b(?P<title>(?:[A-Z][\w’'.-]*[^\S\n]+){0,3}?"
    r"(?:President|Premier|Minister|Secretary|Secretary-General|Chancellor|Ambassador|Spokesperson|Envoy|"
    r"Representative|Director-General|Chairman|Chairperson|Chair|Commissioner|Adviser|Advisor|King|Queen|"
    r"Head of State|Head of Government)"
    r"(?: (?:of|for|to)(?: the)? [A-Z][\w’'-]*(?: Affairs)?){0,2}),[^\S\n]+"
    r"(?P<name>" + _NAME + r")(?=,)"
)
_PLAIN_NAME = re.compile(rf"(?=[{_CAPS}])(?<![\w’'-])(?P<name>" + _NAME + r")")  # the lookahead: a fast scan
# Its runs of two words or more (the only ones that can be names), the single capitalised words skipped
# by the regex rather than one by one in Python. The same runs in a text without a backtick: a word
# can then start a run only where no other word goes on (a backtick is part of a word, yet not a
# word character before a run's start).
_PLAIN_NAMES = (
    re.compile(_PLAIN_NAME.pattern.removesuffix("){0,3})") + "){1,3})")
    if _PLAIN_NAME.pattern.endswith("){0,3})")
    else _PLAIN_NAME
)
_WORD_START = re.compile(r"\b(?=[A-Zotaf])")
_COURTESY = _casefolded("mr mr. ms ms. mrs mrs. dr dr. prof. sir madam his her excellency")
_INITIAL = re.compile(r"^[A-Z]\.$")


def name_words(name: str) -> list[str]:
    """The words of a printed name without middle initials ('Antony J. Blinken' -> Antony, Blinken)
    and without a glued index form ('Ann Lee Lee Ann' -> Ann, Lee)."""
    words = name.split()
    return _dedupe_reversed([w for i, w in enumerate(words) if not (_INITIAL.match(w) and 0 < i < len(words) - 1)])


def is_person_name(name: str) -> bool:
    """Could `name` (titles already removed) be a person's name? No organisation or place words."""
    words = name.split()
    if not words or len(words) > 5:
        return False
    if any(w.casefold().rstrip(".,") in _NOT_NAME_WORDS for w in words if w not in _PARTICLES):
        return False
    if words[-1].isupper() and len(words[-1]) > 1:  # acronyms: 'NATO', 'UNICEF'
        return False
    return all(w[:1].isupper() or w in _PARTICLES for w in words)


def _strip_titles(words: list[str]) -> list[str]:
    i = 0
    while i < len(words) - 1 and (words[i].casefold() in TITLE_WORDS or words[i] in ("of", "the", "and")):
        i += 1
    return words[i:]


@dataclass(slots=True)
class NameIndex:
    """The persons one document names, built in one pass by `build`."""

    full: dict[str, str] = field(default_factory=dict)  # surname (casefolded) -> full name
    titles: dict[str, list[str]] = field(default_factory=dict)  # title phrase (casefolded) -> names
    positions: list[int] = field(default_factory=list)  # offsets of titled person mentions, ascending
    names: list[str] = field(default_factory=list)  # the name at each offset
    _titled: set[str] = field(default_factory=set)  # surnames whose full name came after a title
    _after_title: set[str] = field(default_factory=set)  # surnames printed after a title at least once
    _by_title: dict[str, str | None] = field(default_factory=dict)  # memo of by_title
    _variants: dict[str, Counter[str]] = field(default_factory=dict)  # surname -> full names printed, counted
    in_title: list[str] = field(default_factory=list)  # persons the document's title names, in order
    any_named: list[tuple[int, str]] = field(default_factory=list)  # titled and plain mentions

    @classmethod
    def build(cls, text: str, title: str = "") -> NameIndex:
        index = cls()
        mentions: dict[int, str] = {}
        plain: dict[int, str] = {}
        for source, offset in ((title, -1), (text, 0)):
            for m in sorted([*_titled_matches(source), *_apposed_matches(source)], key=lambda m: m.start()):
                name = index._add(m.group("name"), titled=True)
                if name is None:
                    continue
                for k in _title_keys(m.group("title")):
                    index.titles.setdefault(k, []).append(name)
                if offset == 0:
                    mentions[m.start("name")] = name
                else:
                    index.in_title.append(name)
            for m in (_PLAIN_NAMES if "`" not in source else _PLAIN_NAME).finditer(source):
                candidate = _plain_candidate(m.group("name"))
                if candidate is not None:
                    name = index._add(candidate, titled=False)
                    if name and offset == 0:
                        plain.setdefault(m.start("name"), name)
        index.in_title = [index.resolve(n) for n in index.in_title]
        for pos in sorted(mentions):
            index.positions.append(pos)
            index.names.append(index.resolve(mentions[pos]))
        index.any_named = sorted((pos, index.resolve(n)) for pos, n in {**plain, **mentions}.items())
        return index

    def _add(self, printed: str, *, titled: bool) -> str | None:
        parsed = _parsed_name(printed)
        if parsed is None:
            return None
        name, key, count = parsed
        if titled:
            self._after_title.add(key)
        if count >= 2:
            self._variants.setdefault(key, Counter())[name] += 1
        known = self.full.get(key)
        longer = known is not None and len(known.split()) < count
        if count >= 2 and (known is None or ((titled or longer) and key not in self._titled)):
            self.full[key] = name
            if titled:
                self._titled.add(key)
        elif count == 1 and titled:
            self.full.setdefault(key, name)
        return name

    def resolve(self, name: str) -> str:
        """The full name of `name` ('Blinken' -> 'Antony Blinken'), else `name` itself."""
        parsed = _resolve_key(name)
        if parsed is None:
            return name
        first, count, key, joined = parsed
        full = self.full.get(key)
        variants = self._variants.get(key, _NO_VARIANTS)
        if count == 1 and key not in self._titled and (len(variants) > 1 or max(variants.values(), default=2) < 2):
            return first  # 'Biden' when the only full name is printed once, never after a title ('his son X Biden')
        if full and (count == 1 or full.endswith(joined) or joined.endswith(" " + full)):
            return full
        return joined

    def knows(self, name: str) -> bool:
        """Was `name` named in this document: a surname after a title somewhere ('Blinken': 'Secretary
        Blinken'), or a longer name printed as a full name ('Ann Lee')?"""
        words = name_words(name)
        if len(words) == 1:
            return _surname_key(words[0]) in self._after_title
        return bool(words) and _surname_key(words[-1]) in self.full

    def by_title(self, title: str) -> str | None:
        """The person printed after `title` ('Secretary', 'WHO Director-General'): the only one, or the
        one printed at least twice as often as any other; else None."""
        key = " ".join(w for w in title.casefold().split() if w != "the")
        if key not in self._by_title:
            self._by_title[key] = self._most_titled(key)
        return self._by_title[key]

    def _most_titled(self, key: str) -> str | None:
        names = self.titles.get(key)
        if not names:
            return None
        counter = Counter(self.resolve(n) for n in names)
        counts = sorted(((c, n) for n, c in counter.items()), reverse=True)
        return counts[0][1] if len(counts) == 1 or counts[0][0] >= 2 * counts[1][0] else None

    def last_before(self, offset: int, floor: int) -> str | None:
        """The last person named in [floor, offset)."""
        i = bisect.bisect_left(self.positions, offset) - 1
        return self.names[i] if i >= 0 and self.positions[i] >= floor else None

    def first_after(self, offset: int, before: int) -> str | None:
        """The first person named in [offset, before)."""
        i = bisect.bisect_left(self.positions, offset)
        return self.names[i] if i < len(self.positions) and self.positions[i] < before else None

    def parties(self, text: str) -> tuple[str, str] | None:
        """The two parties of a readout when it names exactly two: the persons its title names, else
        those of the first sentence that names anyone with the one the title names; None when that
        is one person or more than two."""
        titled = _distinct(self.in_title)
        if len(titled) >= 2 or not self.any_named:
            return (titled[0], titled[1]) if len(titled) == 2 else None
        i = 0
        while i < len(self.any_named):
            end = _SENTENCE_END.search(text, self.any_named[i][0])
            stop = end.end() if end else len(text)
            j = bisect.bisect_left(self.any_named, (stop, ""), lo=i)
            sentence = [name for _, name in self.any_named[i:j]]
            i += len(sentence)
            named = _distinct(sentence + titled)
            if named != titled:  # not the title printed again at the top of the text
                return (named[0], named[1]) if len(named) == 2 else None
        return None

    def named_between(self, start: int, end: int) -> list[str]:
        """The persons named in [start, end), in order."""
        i = bisect.bisect_left(self.any_named, (start, ""))
        j = bisect.bisect_left(self.any_named, (end, ""))
        return [name for _, name in self.any_named[i:j]]

    def first_two(self, text: str) -> tuple[str, str] | None:
        """The parties of a readout: the two the title names, else the first sentence naming two
        persons, else the first two named."""
        titled = list(dict.fromkeys(self.in_title))
        if len(titled) == 2:
            return titled[0], titled[1]
        for (pa, a), (pb, b) in zip(self.any_named, self.any_named[1:], strict=False):
            between = text[pa:pb]
            if a != b and a not in b and b not in a and not re.search(r"[.!?]\s|\n", between):
                return a, b
        seen: list[str] = []
        for _, name in self.any_named:
            if name not in seen and not any(name in s or s in name for s in seen):
                seen.append(name)
            if len(seen) == 2:
                return seen[0], seen[1]
        return None


_NO_VARIANTS: Counter[str] = Counter()  # read only: `resolve` of a surname printed in no full name
# Names repeat within a document and across documents: the pure steps of `build`, `_add` and `resolve`
# (from a printed string to its words and key) are memoised per process.
_MEMO = 1 << 16


@functools.lru_cache(maxsize=_MEMO)
def _plain_candidate(printed: str) -> str | None:
    """A capitalised run ('As Ann Lee') as a plain name to add ('Ann Lee'), or None."""
    words = printed.split()
    if len(words) < 2:
        return None
    lead = next((i for i, w in enumerate(words) if w.casefold() not in _NOT_NAME_WORDS), 0)
    words = words[lead:]  # 'As Ann Lee said' -> 'Ann Lee'
    if len(words) >= 2 and is_person_name(" ".join(words)) and not _has_title(words):
        return " ".join(words)
    return None


@functools.lru_cache(maxsize=_MEMO)
def _parsed_name(printed: str) -> tuple[str, str, int] | None:
    """(name, surname key, word count) of a printed name for `NameIndex._add`, or None."""
    words = _strip_titles(_dedupe_reversed(name_words(printed.rstrip("."))))
    for i, w in enumerate(words):
        if w.endswith(("'s", "’s")):  # 'Secretary Smith's Call with ...'
            words = [*words[:i], w[:-2]]
            break
    if len(words) == 1 and words[0].casefold() in TITLE_WORDS:
        return None
    while words and words[0].casefold() in _NOT_NAME_WORDS:
        words = words[1:]
    cut = next((i for i, w in enumerate(words) if w.casefold() in _NOT_NAME_WORDS), len(words))
    words = words[:cut]
    if not is_person_name(" ".join(words)):
        return None
    return " ".join(words), _surname_key(words[-1]), len(words)


@functools.lru_cache(maxsize=_MEMO)
def _resolve_key(name: str) -> tuple[str, int, str, str] | None:
    """(first word, word count, surname key, words joined) of a name for `NameIndex.resolve`."""
    words = _dedupe_reversed(name_words(name))
    if not words:
        return None
    return words[0], len(words), _surname_key(words[-1]), " ".join(words)


@functools.lru_cache(maxsize=4096)
def _title_keys(title: str) -> tuple[str, ...]:
    """The keys a title printed before a name is filed under ('Secretary of State' -> 'secretary of
    state', 'of state', 'state', 'secretary')."""
    key = " ".join(w for w in title.casefold().split() if w not in _COURTESY | {"the"})
    parts = key.split()
    return tuple({" ".join(parts[i:]) for i in range(len(parts))} | {_title_tail(key)} - {""})


_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bM[rs])(?<!\bMrs)(?<!\bDr)[.!?](?=\s|$)|\n")


def _surname_key(word: str) -> str:
    """The comparison key of a surname: casefolded, accents dropped ('Ortúzar' ~ 'Ortuzar')."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


# `_TITLED` and `_APPOSED` tried at every word boundary are slow, and their matches are rare. A match
# lies on one line and starts at most six (three) words before its title keyword; from the keyword on,
# it reads like the rest of the pattern (its tail: '<keyword>[ of X] <Name>', '<keyword>[ of X],
# <Name>,'). So the tail is searched first, and the pattern tried only at the word starts just before
# it (`_anchored`): the same matches. Where a pattern no longer opens with the head written here, the
# pattern scans the whole text as before.
_TITLED_HEAD = r"\b(?P<title>(?:(?:[A-Z][\w’'.-]*|of|the|and|for)[^\S\n]+){0,6}?"
_APPOSED_HEAD = r"\b(?P<title>(?:[A-Z][\w’'.-]*[^\S\n]+){0,3}?"
_CAPITAL_START = re.compile(r"\b(?=[A-Z])")


def _tail(pattern: re.Pattern[str], head: str) -> re.Pattern[str] | None:
    """`pattern` from its title keyword on: without `head` and the title group's closing parenthesis."""
    if not pattern.pattern.startswith(head) or pattern.flags != re.compile("").flags:
        return None
    depth, i, src = 0, len(head), pattern.pattern
    while i < len(src):  # the first ')' closing a group opened before the tail
        if src[i] == "\\":
            i += 1
        elif src[i] == "[":  # a class: to its closing ']' (a ']' first in it, or escaped, is a member)
            i += 2 if src.startswith("[^", i) else 1
            i += src[i] == "]"
            while src[i] != "]":
                i += 2 if src[i] == "\\" else 1
        elif src[i] == "(":
            depth += 1
        elif src[i] == ")" and depth:
            depth -= 1
        elif src[i] == ")":
            try:
                return re.compile(src[len(head) : i] + src[i + 1 :])
            except re.error:
                return None
        i += 1
    return None


_TITLED_TAIL = _tail(_TITLED, _TITLED_HEAD)
_APPOSED_TAIL = _tail(_APPOSED, _APPOSED_HEAD)


def _titled_matches(source: str) -> Iterator[re.Match[str]]:
    """`_TITLED.finditer(source)`, without trying `_TITLED` far from its tail."""
    if _TITLED_TAIL is None:
        yield from _TITLED.finditer(source)
        return
    yield from _anchored(_TITLED, _TITLED_TAIL, _WORD_START, 6, source)


def _apposed_matches(source: str) -> Iterator[re.Match[str]]:
    """`_APPOSED.finditer(source)`, without trying `_APPOSED` far from its tail."""
    if _APPOSED_TAIL is None:
        yield from _APPOSED.finditer(source)
        return
    yield from _anchored(_APPOSED, _APPOSED_TAIL, _CAPITAL_START, 3, source)


def _anchored(
    pattern: re.Pattern[str], anchor: re.Pattern[str], starts: re.Pattern[str], words: int, source: str
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(source)` for a pattern whose matches lie on one line and start at most `words`
    whitespace runs before a match of `anchor` (found first), at a position `starts` matches."""
    pos = 0  # no match starts before pos
    n, back, backwards = len(source), _words_back(words), ""
    while (key := anchor.search(source, pos)) is not None:
        k = key.start()
        lo = max(pos, source.rfind("\n", 0, k) + 1)
        backwards = backwards or source[::-1]  # read once per text, and only if an anchor is found
        run = back.match(backwards, n - k, n - lo)  # `words` words and their spaces before k, read backwards
        low = n - run.end() if run is not None and run.end() < n - lo else lo  # after the (words + 1)th space run
        for start in starts.finditer(source, low, k + 1):
            m = pattern.match(source, start.start())
            if m is not None:
                yield m
                pos = m.end()
                break
        else:
            pos = k + 1


@functools.cache
def _words_back(words: int) -> re.Pattern[str]:
    return re.compile(rf"(?:\S*+\s++){{{words}}}\S*+")  # possessive: every space run read whole


def _has_title(words: list[str]) -> bool:
    return any(w.casefold() in TITLE_WORDS for w in words)


def _distinct(names: list[str]) -> list[str]:
    """`names` in order without repeats, a name inside another counting as the same ('Lee', 'Ann Lee')."""
    seen: list[str] = []
    for name in names:
        same = next((i for i, s in enumerate(seen) if name in s or s in name), None)
        if same is None:
            seen.append(name)
        elif len(name) > len(seen[same]):
            seen[same] = name
    return seen


def _title_tail(key: str) -> str:
    """'secretary of state' -> 'secretary'; 'president of kazakhstan' -> 'president'."""
    return key.split(" of ")[0].split()[-1] if key else key


def _dedupe_reversed(words: list[str]) -> list[str]:
    """'Nursultan Nazarbayev Nazarbayev Nursultan' (a name and its index form glued) -> the name."""
    half = len(words) // 2
    if len(words) % 2 == 0 and half >= 1 and words[half:] == list(reversed(words[:half])):
        return words[:half]
    return words
