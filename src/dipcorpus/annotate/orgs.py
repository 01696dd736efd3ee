"""Organisations the knowledge base does not know, found by the shape of their names.

An organisation's name ends in a head noun ('Commission', 'Ministry', 'Bank', 'Party', 'Ltd' ...)
preceded by capitalised words ('Eurasian Economic Commission', 'VTB Bank'), or starts with one and
goes on with 'of', 'for', 'on' and capitalised words ('Ministry of Health', 'Council on Foreign
Relations', 'Embassy of X in Y'), or both ('Haitian Ministry of Health'). The knowledge base's
automaton finds the head nouns in its one pass; each is then widened to the left over capitalised
words and to the right over an 'of ...' tail, so the work is per head noun, never per token. A
name gets a stable id, 'org:' + its slug.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from dipcorpus.annotate.words import MONTHS, STOP
from dipcorpus.kb.matcher import Hit, Pattern

__all__ = ["ORG_HEADS", "find_org_names", "is_common_word"]

ORG_HEADS = (
    "Commission",
    "Council",
    "Committee",
    "Agency",
    "Bank",
    "Fund",
    "Corporation",
    "Company",
    "Party",
    "Network",
    "Centre",
    "Center",
    "Centers",
    "Service",
    "Services",
    "Institute",
    "University",
    "Court",
    "Tribunal",
    "Assembly",
    "Organization",
    "Organisation",
    "Group",
    "Ministry",
    "Department",
    "Office",
    "Bureau",
    "Administration",
    "Authority",
    "Association",
    "Federation",
    "Foundation",
    "Board",
    "Forces",
    "Army",
    "Guard",
    "Directorate",
    "Secretariat",
    "Command",
    "Mission",
    "Embassy",
    "Consulate",
    "Coalition",
    "Alliance",
    "Movement",
    "Academy",
    "Holding",
    "Inc",
    "Ltd",
    "LLC",
    "PJSC",
    "JSC",
    "Limited",
)
_COMPANY = frozenset({"Inc", "Ltd", "LLC", "PJSC", "JSC", "Limited", "Holding"})
_WORD = re.compile(r"[A-Z][\w'’\-]*(?:\.[A-Z]\.?)?|[A-Z]\.(?:[A-Z]\.)+|&|and")
_CAP = r"(?:[A-Z][\w'’\-]*|[A-Z]\.(?:[A-Z]\.)+)"
_TAIL = re.compile(
    rf" (?:of|for|on)(?: the)? ({_CAP}(?:(?: and| &| of| of the| for| de| on)? {_CAP}){{0,6}})"
    rf"(?: in ({_CAP}(?: {_CAP})?))?"
)
_TAIL_TO = re.compile(rf" to the ({_CAP}(?: {_CAP}){{0,3}})")
_NAME_WORDS = frozenset(
    {"Office", "Council", "Committee", "Ministry", "Commission", "Assembly", "Administration", "Bureau"}
    | {"Department", "Agency", "Division", "Mission", "Embassy", "Service", "Institute", "Center", "Centre"}
    | {"Forum", "Airport", "Affairs", "Island", "Islands", "City", "Resort", "Hotel", "Palace", "Hall"}
    | {"Street", "Square", "General", "Level", "Meeting", "Talks", "Visit"}
)
_LEAD = frozenset(
    (set(STOP) - _NAME_WORDS)
    | set(MONTHS)
    | {
        "A",
        "An",
        "Our",
        "Their",
        "His",
        "Her",
        "My",
        "Your",
        "Its",
        "Both",
        "Each",
        "Every",
        "Some",
        "Many",
        "Any",
        "No",
        "When",
        "If",
        "While",
        "After",
        "Before",
        "Since",
        "Under",
        "Through",
        "Between",
        "Against",
        "Within",
        "Without",
        "So",
        "Now",
        "Then",
        "Here",
        "There",
        "Thank",
        "Thanks",
        "Dear",
        "Oval",
        "Q",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "First",
        "Second",
        "Third",
        "Last",
        "Next",
        "Another",
        "Other",
        "Such",
        "Which",
        "What",
        "Whose",
        "Where",
        "Why",
        "How",
    }
)
_HEAD_WORDS = frozenset(ORG_HEADS)
_LOWER_PART = re.compile(r"-[a-z]")
_TAIL_END = frozenset({"and", "&", "of", "the", "for", "de", "on"})


def find_org_names(norm: str, heads: Iterable[Hit], title_words: frozenset[str] = frozenset()) -> Iterator[Hit]:
    """Candidate organisation names in `norm` (view offsets), the longest reading of each head noun.
    `heads`: where the head nouns are (the KB automaton's scan finds them with every other name)."""
    last_end = -1
    for head in sorted(heads, key=lambda h: h.start):
        start, end = head.start, head.end
        if start < last_end or norm[start - 1 : start] in ("-", "'", "’") or norm[end : end + 1] in ("-", "'", "’"):
            continue
        end += norm[end : end + 1] == "."
        hit = _widen(norm, start, end, title_words)
        if hit is not None:
            last_end = hit.end
            yield hit


def _widen(norm: str, head_start: int, head_end: int, title_words: frozenset[str]) -> Hit | None:
    head = norm[head_start:head_end].rstrip(".")
    if head != norm[head_start:head_end] and head not in _COMPANY:
        head_end -= 1  # a sentence's full stop, not part of the name
    start = _left(norm, head_start)
    end = head_end
    tail = None if head in _COMPANY else _TAIL.match(norm, head_end)
    if tail is None and head in ("Mission", "Embassy", "Consulate"):
        tail = _TAIL_TO.match(norm, head_end)
    if tail is not None:
        end = _tail_end(norm, tail, title_words)
    if start == head_start and end == head_end:
        return None  # a bare head noun ('the Commission') names nothing new
    nxt = norm[end : end + 2]
    if len(nxt) == 2 and nxt[0] == " " and nxt[1].isupper() and end == head_end:
        return None  # 'Security Council Resolution': the head noun is a modifier of something longer
    if norm[end - 2 : end] in ("'s", "’s"):
        end -= 2
    end -= norm[end - 1 : end] in ("'", "’")
    name = norm[start:end]
    if head in _COMPANY and start == head_start:
        return None
    return Hit(start, end, Pattern("entity", "", name, flag="org-pattern"))


def _left(norm: str, head_start: int) -> int:
    """Where the capitalised words before a head noun start (`head_start` when there are none)."""
    window_start = max(0, head_start - 120)
    words = list(_WORD.finditer(norm, window_start, head_start))
    start = head_start
    for w in reversed(words):
        gap = norm[w.end() : start]
        if gap != " ":
            break
        token = w.group()
        if token.endswith(("'s", "’s")) and token[:-2] not in ("People", "Women", "Children"):
            break  # "Russia's X Company": the owner is not part of the name
        if _LOWER_PART.search(token):
            break  # 'Riyadh-based X Center': the first word is not part of the name
        if (
            token in _LEAD
            or token.title() in _LEAD
            or token.rstrip(".") in ("Mr", "Ms", "Mrs", "Dr")
            or (token in _HEAD_WORDS and start != head_start)
        ):
            break
        start = w.start()
    while start < head_start and (norm[start] == "&" or norm.startswith("and ", start)):
        start = norm.find(" ", start) + 1
    return start


def _tail_end(norm: str, tail: re.Match[str], title_words: frozenset[str]) -> int:
    """The end of an 'of ...' tail: before a title word or after a possessive ('X of Y's Program'),
    without a trailing connector or a word that starts a sentence."""
    end = tail.start()
    words: list[str] = []
    for word in norm[tail.start() : tail.end()].split(" ")[1:]:
        if word in title_words and word[:1].isupper():
            break
        if word.endswith(("'s", "’s")):
            words.append(word[:-2])
            end += len(word) - 1
            break
        words.append(word)
        end += len(word) + 1
    while words and (words[-1] in _TAIL_END or (words[-1] in _LEAD and words[-1] not in _NAME_WORDS)):
        end -= len(words[-1]) + 1
        words.pop()
    return end


_DESCRIPTIVE = frozenset(
    {"media", "press", "business", "working", "advisory", "steering", "organizing", "organising", "executive"}
    | {"supervisory", "technical", "scientific", "coordination", "expert", "contact", "task", "reception"}
    | {"information", "visitor", "support", "service", "news", "data", "training", "research", "trade"}
    | {"investment", "security", "health", "education", "energy", "defense", "defence", "finance", "policy"}
)


def is_common_word(word: str, norm: str) -> bool:
    """Whether `word` is an ordinary word: one of a few descriptive words, or one that `norm` (the
    document) also writes in lower case ('the media ... the Media Center')."""
    low = word.lower()
    if low in _DESCRIPTIVE:
        return True
    pos = norm.find(low)
    while pos != -1:
        end = pos + len(low)
        if not norm[pos - 1 : pos].isalpha() and not norm[end : end + 1].isalpha():
            return True
        pos = norm.find(low, end)
    return False
