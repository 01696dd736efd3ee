"""Subjects of reported speech for the statements stage: which words before a reporting verb name
its speaker, and which person they name.

`subject_span` walks back from the verb over capitalised words, titles and joiners ('State Councilor
and Foreign Minister Wang Yi') to a sentence or clause edge; `person` turns those words into a
person's name (titles stripped, a surname resolved to the full name, a bare title to the person
printed after it), or None for a country, a body or a stray capitalised word.
"""

from __future__ import annotations

import re

from dipcorpus.model import Turn
from dipcorpus.parse.names import TITLE_WORDS, NameIndex, is_person_name, name_words

__all__ = [
    "LEADS",
    "coordinated_subject",
    "delegate",
    "is_title",
    "person",
    "same_person",
    "sentence_start",
    "split_joint",
    "subject_span",
    "turn_person",
]

_ABBREVIATIONS = frozenset(
    ["mr.", "ms.", "mrs.", "dr.", "prof.", "gen.", "sen.", "rep.", "st.", "u.s.", "u.n.", "u.k."]
)

_GROUP_NOUNS = frozenset(
    {"leaders", "presidents", "heads", "state", "ministers", "secretaries", "chancellors", "counterparts", "prime",
     "sides", "parties", "interlocutors"}
)  # fmt: skip

# Words that describe an unnamed delegate by whom they speak for ('The representative of Invland',
# "Invland's delegate", 'The speaker for the Invented Group').
_DELEGATE_WORDS = frozenset({"representative", "delegate", "speaker", "observer", "permanent"})

_JOINERS = frozenset({"and", "of", "the", "two", "both", *TITLE_WORDS, *_GROUP_NOUNS, *_DELEGATE_WORDS})

_EDGE_WORDS = frozenset({"and", "but", "that", "when", "while", "after", "where", "then", "so", "because"})

_NOT_APPOSITIVE = frozenset(
    {"what", "which", "that", "who", "whom", "whose", "as", "if", "than", "how", "why", "to", "with", "on", "in",
     "at", "by", "from", "for", "of", "about", "into", "via"}
)  # fmt: skip

# Words opening a phrase set before the subject ('On the Invented side, Li Ming ...').
_INTRO = re.compile(r"(?:On|In|At|During|After|Following|For) [^,;:.\n]{1,60}, (?=[A-Z])")

_SENTENCE_ADVERB = re.compile(r"[a-z]+ly|also|then|now|indeed|later|earlier|today|yesterday")

_PRONOUN_WORDS = frozenset({"he", "she", "you"})

LEADS = frozenset({"as", "just", "and", "but", "so", "then", "when", "while", "indeed", "also"})

_CONTRACTED = re.compile(r"^([Hh]e|[Ss]he|[Yy]ou)['’](?:s|ve|d)$")

_GLUED = re.compile(r"([A-Z][a-z]+)([A-Z][a-z]+)$")


def coordinated_subject(text: str, verb_start: int, floor: int) -> tuple[int, list[str]] | None:
    """'Li Ming emphasised ..., and said that ...', 'Li Ming issued a statement, saying that ...':
    the subject that opens the sentence."""
    before = text[max(floor, verb_start - 6) : verb_start]
    participle = re.match(
        r"(?:saying|alleging|adding|noting|stressing|stating|claiming|making (?:it )?clear)\b", text[verb_start:]
    )
    if not re.search(r"\s(?:and|but)\s+$", before) and not (participle and before.endswith(", ")):
        return None
    sentence = sentence_start(text, floor, verb_start)
    intro = _INTRO.match(text, sentence, verb_start)
    if intro:
        sentence = intro.end()  # 'On the Invented side, Li Ming ...'
    words: list[str] = []
    for tok in re.finditer(r"\S+", text[sentence:verb_start]):
        word = tok.group(0)
        if word[:1].isupper() or (words and word.casefold() in _JOINERS):
            words.append(word.rstrip(","))
            if word.endswith(","):
                break
            continue
        break
    else:
        return None
    return sentence, words  # empty when the sentence opens otherwise: the last speaker may hold


def subject_span(text: str, verb_start: int, floor: int) -> tuple[int, list[str]] | None:
    """The subject words ending right before `verb_start`, and where they start."""
    window_start = max(floor, verb_start - 160)
    tokens = list(re.finditer(r"\S+", text[window_start:verb_start]))
    words: list[str] = []
    start = verb_start
    for n, tok in enumerate(reversed(tokens)):
        word = tok.group(0)
        if n == 0 and word.endswith(",") and word[:1].isupper() and len(tokens) > 1:
            word = word[:-1]  # 'the president of France, President Macron, said'
        elif word[-1] in ',;:!?"”)' or (word.endswith(".") and not abbreviation(word)):
            if not words:
                return None
            break
        word = _CONTRACTED.sub(r"\1", word) if n == 0 else word  # "he’s asked", "you’ve said"
        if not (word[:1].isupper() or word.casefold() in _JOINERS or word in _PRONOUN_WORDS):
            low = word.casefold()
            named = words and (words[0][:1].isupper() or (words[0] == "the" and words[1:2] and words[1][:1].isupper()))
            if low in ("for", "to") and named and _title_before(tokens, n):
                words.insert(0, word)  # 'Special Representative for Invland Ann Lee', 'The speaker for the Group'
                start = window_start + tok.start()
                continue
            at = window_start + tok.start()
            if low == "as" and words and (_opens_sentence(text, at, floor) or text[max(floor, at - 2) : at] == ", "):
                break  # 'As X noted, ...', 'Just as X said, ...', '..., as X put it
            if words == [w for w in words if w in _PRONOUN_WORDS] and _SENTENCE_ADVERB.fullmatch(low):
                break  # 'And actually you just said ...'
            if not words or (low not in _EDGE_WORDS and (low in _NOT_APPOSITIVE or not _appositive(words))):
                return None
            break
        words.insert(0, word)
        start = window_start + tok.start()
        if len(words) > 14:
            return None
    else:
        if start - window_start > 0 and window_start > floor:
            return None
    while words and words[0].casefold() in ("and", "of"):
        words.pop(0)
        if not words:
            return None
    return (start, words) if words else None


_DELEGATE = re.compile(
    r"(?:the )?(?P<role>(?:permanent )?(?:representative|delegate|observer)) (?P<prep>of|for) (?P<who>(?:the )?[A-Z].*)"
    r"|(?:the )?(?P<role2>speaker) (?P<prep2>for) (?P<who2>(?:the )?[A-Z].*)"
    r"|(?P<who3>[A-Z][^']*?)['’]s? (?P<role3>(?:permanent )?(?:representative|delegate|observer))",
    re.IGNORECASE,
)


def delegate(words: list[str]) -> str | None:
    """'The representative of Invland', "Invland's delegate", 'The speaker for the Invented Group':
    an unnamed speaker identified by whom they speak for, as 'representative of Invland' (the role
    lowercased, a possessive turned into 'of'); None for anything else."""
    m = _DELEGATE.fullmatch(" ".join(words))
    if m is None:
        return None
    if m.group("role"):
        role, prep, who = m.group("role"), m.group("prep"), m.group("who")
    elif m.group("role2"):
        role, prep, who = m.group("role2"), m.group("prep2"), m.group("who2")
    else:
        role, prep, who = m.group("role3"), "of", m.group("who3")
    if not who[:1].isupper() and not who.startswith("the "):
        return None
    if any(w in _DELEGATE_WORDS for w in who.casefold().split()):
        return None
    return f"{role.casefold()} {prep.casefold()} {who}"


def sentence_start(text: str, floor: int, at: int) -> int:
    """Where the sentence holding `at` begins (not after 'Mr.', 'J.' or 'U.S.'), at least `floor`."""
    cut = text.rfind(". ", floor, at)
    while cut > floor:
        word = text[text.rfind(" ", floor, cut) + 1 : cut + 1]
        if not abbreviation(word):
            return cut + 2
        cut = text.rfind(". ", floor, cut)
    return floor


def _title_before(tokens: list[re.Match[str]], n: int) -> bool:
    """Is the token left of the n-th token from the right a title word?"""
    i = len(tokens) - n - 2
    return i >= 0 and is_title(tokens[i].group(0))


def _opens_sentence(text: str, at: int, floor: int) -> bool:
    """Does the word at `at` open a sentence (possibly after 'Just', 'And', 'But')?"""
    before = text[max(floor, at - 20) : at].rstrip()
    lead = re.search(r"(?:^|\s)(?:Just|And|But|So)$", before)
    if lead:
        before = before[: lead.start()].rstrip()
    if not before:
        return max(floor, at - 20) == floor
    return before[-1] in '.!?:"”'


def _appositive(words: list[str]) -> bool:
    """'the reporter for the website X Ann Lee says': a two-word name after a title or a lowercase word."""
    run: list[str] = []
    for w in reversed(words):
        if is_title(w):
            break
        run.insert(0, w)
    titled = len(run) < len(words)
    return (len(run) >= 2 or (titled and len(run) == 1)) and is_person_name(" ".join(run))


def abbreviation(word: str) -> bool:
    return word.casefold() in _ABBREVIATIONS or bool(re.fullmatch(r"[A-Z]\.", word))


def split_joint(words: list[str]) -> list[list[str]]:
    """'A and Foreign Minister B' -> two parts; 'State Councilor and Foreign Minister B' -> one;
    'The Secretary and Foreign Minister B' -> two (a bare title with 'the' is a person)."""
    parts: list[list[str]] = [[]]
    for w in words:
        bare = bool(parts[-1]) and parts[-1][0].casefold() == "the" and all(is_title(x) for x in parts[-1][1:])
        if w == "and" and parts[-1] and (not is_title(parts[-1][-1]) or bare):
            parts.append([])
        else:
            parts[-1].append(w)
    return [p for p in parts if p]


def is_title(word: str) -> bool:
    return word.casefold() in TITLE_WORDS


def person(words: list[str], index: NameIndex) -> str | None:
    """A person from one subject part: titles, then a name (or a bare title named elsewhere)."""
    words = [x for w in words if w.casefold() != "the" for x in _unglue(w)]
    for i in range(1, len(words) - 1):
        if words[i] == "of" and not is_title(words[i - 1]):  # 'President Al Sisi of Egypt'
            words = words[:i]
            break
    if "of" in words:
        at = len(words) - 1 - words[::-1].index("of")
        named = any(not is_title(w) for w in words[: at - 1])
        if at > 0 and len(words) - at <= 3 and is_title(words[at - 1]) and named:
            words = words[:at]  # 'Ann Lee President of Invland': the place is not the name
    cut = len(words)
    while cut > 1 and is_title(words[cut - 1]):
        cut -= 1
    if cut < len(words) and not is_title(words[cut - 1]) and is_person_name(" ".join(words[:cut])):
        words = words[:cut]  # 'Ann Lee President of Invland' (the title after the name)
    run: list[str] = []
    for w in reversed(words):
        if is_title(w) or w in ("of", "and", "for", "to"):
            break
        run.insert(0, w)
    titled = len(run) < len(words)
    if titled and words[len(words) - len(run) - 1] in ("of", "for", "to"):
        run = run[1:]  # 'President of Kazakhstan Nursultan Nazarbayev'; 'the Prime Minister of Invland'
    if not run:
        return _by_title(words, index)
    name = " ".join(name_words(" ".join(run)))
    if not is_person_name(name):
        return None
    resolved = index.resolve(name)
    if not titled and not (index.knows(name) and (len(run) == 1 or resolved == name)):
        return None
    return resolved


def _unglue(word: str) -> list[str]:
    """'LeeSecretary' (a name glued to a title by the page markup) -> 'Lee', 'Secretary'."""
    m = _GLUED.match(word)
    return [m.group(1), m.group(2)] if m and is_title(m.group(2)) else [word]


def _by_title(words: list[str], index: NameIndex) -> str | None:
    if not words or words[0].casefold() in ("and", "of"):
        return None
    phrase = " ".join(words)
    found = index.by_title(phrase)
    if found is None and len(words) == 1:
        found = index.by_title(words[0])
    return found


def same_person(a: str, b: str | None) -> bool:
    return b is not None and a.split()[-1].casefold() == b.split()[-1].casefold()


def turn_person(turn: Turn) -> str | None:
    words = [w.capitalize() if w.isupper() else w for w in turn.speaker.split()]
    while words and is_title(words[0]):
        words.pop(0)
    name = " ".join(words)
    return name if is_person_name(name) else None
