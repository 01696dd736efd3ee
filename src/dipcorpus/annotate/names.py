"""People the knowledge base does not know, found by two signals that need no list of people:

- a speaker label: the name printed before a turn ('Jane Roe:') is a person's, so every place
  the document names them gets the same id;
- a common given name before one or two capitalised words ('Andrew Smith', 'Maria van Dijk'),
  unless the words go on into an organisation's or a place's name ('George Washington
  University').

Each becomes 'person:' + the name's slug. Both are found with `str.find` and one regex pass over
the text, never a loop over its tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence

from dipcorpus.annotate.given_names import GIVEN, east_asian_surnames, is_long_list_given
from dipcorpus.annotate.orgs import ORG_HEADS, is_common_word
from dipcorpus.annotate.words import HONORIFIC_WORDS, MONTHS, NAMED_AFTER_PLACE, STOP, TITLE_EXTRA
from dipcorpus.kb.matcher import Hit, Pattern
from dipcorpus.model import Turn

__all__ = [
    "find_appositive_names",
    "find_given_names",
    "find_long_list_given",
    "find_speaker_names",
    "find_surname_first",
    "is_given",
    "name_slug",
    "speaker_names",
]

_SURNAME = r"(?:(?:[A-Z]\.|[A-Z][a-z]{0,3}\.?)\s)?(?:(?:van|von|de|da|del|der|al|el|bin|ibn)[\s\-])?[A-Z][a-z][\w\-]*"
_AFTER_GIVEN = re.compile(rf" ({_SURNAME}(?: [A-Z][a-z][\w’\-]+)?)")
_NOT_SURNAME = frozenset(
    STOP
    | MONTHS
    | TITLE_EXTRA
    | set(ORG_HEADS)
    | HONORIFIC_WORDS
    | {w.title() for w in NAMED_AFTER_PLACE}
    | {"Chief", "Accords", "School", "System", "Hub", "Justice", "Publication", "Aboard"}
    | {"Battalion", "Brigade", "Regiment", "Division", "Corps", "Army", "Fleet", "Squadron", "Sea", "Ocean"}
    | {"En", "Route", "One", "Two", "Three", "Police", "High", "County", "Counties", "Day", "Weekend", "Egg"}
    | {"Lake", "Field", "Harbor", "Harbour", "Cemetery", "Tower", "Towers", "Trucks", "Vineyard", "Valley", "River"}
)
_AWARD_BEFORE = re.compile(r"\b(?:Order|Medal|Cross|Prize) of (?:the |St\.? )?$")
_LABEL = re.compile(r"^[A-Z][\w'’.\-]+(?: (?:[A-Z][\w'’.\-]+|de|da|van|von|al|el|bin|ibn)){1,3}$")
_AFTER_NAME_ORG = re.compile(
    r" (?:[A-Z][\w'’\-]* ){0,3}(?:"
    + "|".join(ORG_HEADS)
    + r"|Street|Square|Avenue|Airport|Room|Building|Hall|House|Memorial|Park|Bridge|Prize|Award|Act|Doctrine|Plan"
    + r"|Declaration|Agreement|Treaty|Accords?|Initiative|Process|Summit|Dialogue|Format|Charter|Protocol|Road"
    + r"|Island|Islands|Valley|River|Lake|Hill|Bay|Station|Port|Harbor|Harbour|Sea|Field|Cemetery|County|Counties"
    + r"|Day|Weekend|Roll|Breakfast|Dinner|Tower|Towers|Police|High|Trucks|Motors|Airlines|Mall|Stadium|Arena|Beach"
    + r"|Falls|Springs|Heights|Gardens?|Hospital|Library|Museum|Church|Cathedral|Mosque|Temple|Palace|Fort|Base)\b"
)


def speaker_names(text: str, turns: Sequence[Turn], title_words: Iterable[str]) -> list[str]:
    """The personal names printed as speaker labels (not 'THE PRESIDENT', 'Q', 'MS. ROE' or a role;
    a question's label is an outlet's unless it starts with a given name)."""
    titles = set(title_words)
    names: list[str] = []
    for turn in turns:
        if turn.label_start is None:
            continue
        label = text[turn.label_start : turn.start].strip().rstrip(":：").strip()
        label = re.sub(r"\s*\(.*\)$", "", label)
        if not _LABEL.match(label) or label.isupper():
            continue
        words = label.split()
        if any(w.rstrip(".").title() in _NOT_SURNAME or w in titles or len(w) < 2 for w in words):
            continue
        if not is_given(words[0]) and (turn.role == "question" or is_common_word(words[0], text)):
            continue  # 'Via Teleconference', 'So I'm': words, not a name
        if label not in names:
            names.append(label)
    return names


def find_speaker_names(norm: str, names: Iterable[str]) -> Iterator[Hit]:
    """Every place `norm` prints one of the speakers' names, as a new person."""
    for name in names:
        target = f"person:{name_slug(name)}"
        pos = norm.find(name)
        while pos != -1:
            end = pos + len(name)
            if (pos == 0 or not norm[pos - 1].isalnum()) and (end == len(norm) or not norm[end].isalnum()):
                yield Hit(pos, end, Pattern("entity", target, name, flag="new"))
            pos = norm.find(name, end)


_CAP_WORD = re.compile(
    r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zà-ɏ]{2,}(?:-[A-Za-zà-ɏ][a-zà-ɏ]+)?(?= (?:[A-Z]|(?:van|von|de|da|del|der|al|el|bin|ibn)[\s\-]))"
)


def find_long_list_given(norm: str) -> Iterator[Hit]:
    """Where a name of the long list (given_names.more_given_names) stands before a capitalised
    word: one regex pass and a set look-up, so its 19k names add nothing to the KB automaton."""
    for m in _CAP_WORD.finditer(norm):
        word = m.group(0)
        if is_long_list_given(word) and not norm[m.start() - 1 : m.start()].isalnum():
            yield Hit(m.start(), m.end(), Pattern("given", "", word, word))


def find_given_names(norm: str, given: Iterable[Hit]) -> Iterator[Hit]:
    """'Given Surname' sequences that are not the start of an organisation's or a place's name.
    `given`: where given names stand (the KB automaton's scan finds them with every other name)."""
    for hit in given:
        if norm[hit.start - 1 : hit.start] in ("-", ".", "'", "’") or norm[hit.end : hit.end + 1] != " ":
            continue
        if _AWARD_BEFORE.search(norm, max(0, hit.start - 16), hit.start):
            continue  # 'the Order of Jane Roe', 'Medal of ...': an award named after someone
        if _AFTER_NAME_ORG.match(norm, hit.end):
            continue  # 'Roosevelt Room', 'Harper Lake': a place named after someone
        m = _AFTER_GIVEN.match(norm, hit.end)
        if m is None or (hit.pattern.alias not in GIVEN and is_common_word(hit.pattern.alias, norm)):
            continue  # a name from the long list that the document also writes as a word
        surname_words = m.group(1).split()
        if any(w in _NOT_SURNAME for w in surname_words):
            surname_words = surname_words[: next(i for i, w in enumerate(surname_words) if w in _NOT_SURNAME)]
            if not surname_words or all(len(w) <= 2 or w.endswith(".") for w in surname_words):
                continue
        while len(surname_words) > 1 and (
            surname_words[-1] in GIVEN or surname_words[-1] == surname_words[-2] or surname_words[-1].islower()
        ):
            surname_words.pop()  # 'Anna Smith Smith', 'Anna Smith Maria': a list of names, not one
        end = m.start(1) + len(" ".join(surname_words))
        if _AFTER_NAME_ORG.match(norm, end):
            continue  # 'John Hopkins University', 'Martin Luther King Street'
        if norm[end : end + 1] == "-":
            continue
        name = norm[hit.start : end]
        yield Hit(hit.start, end, Pattern("entity", f"person:{name_slug(name)}", name, flag="new"))


_WORDS = r"[A-Z][\w'’\-]+(?: (?:[A-Z][\w'’\-]+|de|da|van|von|al|el|bin|ibn)){1,3}"
_NAME_BEFORE = re.compile(
    rf"({_WORDS}), (?:the |our |a |his |her |its )?(?:(?:former|then|new|current) )?(?:[A-Z][a-z]+ )?$"
)
_TITLE_OF = r"(?: (?:of|for) (?:the )?[A-Z][\w'’\-]*(?: (?:of|the|and|[A-Z][\w'’\-]*)){0,5})?"
_NAME_AFTER = re.compile(rf"{_TITLE_OF}, ({_WORDS})(?=[,.;:]| and | who | said)")


def find_appositive_names(norm: str, titles: Iterable[Hit], is_known: Callable[[str], bool]) -> Iterator[Hit]:
    """'Jane Roe, the Director of X' and 'the X Administrator, Jane Roe,': a name set off by commas
    next to a title. `is_known`: whether the KB names the words (then they are not a new person)."""
    for title in titles:
        if title.pattern.kind != "title":
            continue
        before = _NAME_BEFORE.search(norm, max(0, title.start - 90), title.start)
        after = _NAME_AFTER.match(norm, title.end)
        for m in (before, after):
            if m is None:
                continue
            words = m.group(1).split(" ")
            if any(w in _NOT_SURNAME or w.isupper() or is_known(w) for w in words) or is_common_word(words[0], norm):
                continue
            name = m.group(1)
            yield Hit(m.start(1), m.end(1), Pattern("entity", f"person:{name_slug(name)}", name, flag="new"))


_HYPHEN_GIVEN = re.compile(r"[A-Z][a-z]{1,6}-[a-z]{1,6}(?![\w\-])")
_FAMILY_BEFORE = re.compile(r"(?<![\w\-.])[A-Z][a-z]{1,5} $")


def find_surname_first(norm: str) -> Iterator[Hit]:
    """'Choi Min-seo': an East Asian family name before a hyphenated given name (Korean names
    in English), anywhere in the text. The hyphenated part is found first (a fast scan)."""
    surnames = east_asian_surnames()
    for m in _HYPHEN_GIVEN.finditer(norm):
        family = _FAMILY_BEFORE.search(norm, max(0, m.start() - 8), m.start())
        if family is None or family.group(0)[:-1] not in surnames or _AFTER_NAME_ORG.match(norm, m.end()):
            continue
        name = norm[family.start() : m.end()]
        yield Hit(family.start(), m.end(), Pattern("entity", f"person:{name_slug(name)}", name, flag="new"))


def is_given(word: str) -> bool:
    """Whether `word` is a given name of the hand list or of the long one (given_names.py)."""
    return word in GIVEN or is_long_list_given(word)


def name_slug(name: str) -> str:
    """The slug of an unknown name's id, accents folded: 'person:' + name_slug('Juan Q. Doé') is
    'person:juan-q-doe'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
