"""Reported speech: 'Secretary Blinken underscored ...', 'Wang Yi noted that ...', 'It was stressed that ...'.

A statement is a subject naming a person, then a reporting verb; its text starts right after the
verb (a comma or colon skipped; a leading 'that' kept) and runs to the end of the paragraph or to
the sentence before the next statement. Subjects:
- a name, possibly after titles ('State Councilor and Foreign Minister Wang Yi', 'President Putin',
  'Mr Putin'), resolved to the full name the document prints elsewhere ('Blinken' -> 'Antony
  Blinken'); a bare name must be printed elsewhere with a title or a first name, so that countries,
  bodies and other capitalised words ('China believes', 'Critics remarked') are not speakers;
- a bare title ('The Secretary', 'the WHO Director-General'): the one person printed after that
  title somewhere in the document;
- a joint subject ('Secretary Blinken and Foreign Minister Mangoush'): the first person named;
  'Both leaders' / 'The two presidents': the two persons the readout names first, as 'A and B';
- 'He'/'She': the last speaker, or the last person named in the paragraph;
- 'you' in a question: the person who answers it.
Narrator passives ('It was stressed that ...', '... was noted.') are statements without a speaker.
Reported speech inside speaker turns is found the same way, except passives; see `find_statements`.
The stage is linear in the text: names are indexed once (`names.NameIndex`) and each verb looks
back a bounded window for its subject.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from dipcorpus.model import Document, Statement, Turn
from dipcorpus.parse.names import TITLE_WORDS, NameIndex, is_person_name, name_words

__all__ = ["find_statements"]

_VERBS = (
    "said|says|saying|noted|notes|stressed|stresses|stated|pointed out|points out|emphasized|emphasised|"
    "emphasizes|emphasises|underscored|underscores|underlined|reiterated|reaffirmed|affirmed|highlighted|"
    "added|told|informed|announced|warned|urged|called on|called for|expressed|expresses|welcomed|praised|"
    "commended|congratulated|wished|thanked|agreed|shared|pledged|asked|made clear|made it clear|"
    "made the point|explained|recalled|remarked|observed|acknowledged|insisted|declared|proposed|"
    "suggested|conveyed|assured|confirmed|clarified|refuted|tweeted|boasted|"
    "boasts|claimed|claims|alleged|lambasted|criticized|criticised|vowed|promised|argued|"
    "indicated|elaborated|spoke highly of|maintained|asserted|put it|reminded|invited|condemned"
)
_ADVERB = (
    r"(?:also|further|again|once again|repeatedly|then|even|has|have|had|today|yesterday|earlier|recently|"
    r"publicly|specifically|particularly|strongly|warmly|personally|separately|likewise|both|just|[a-z]+ly)"
)
_VERB = re.compile(r"(?<=\s)(?:" + _ADVERB + r"\s+)*(?P<verb>" + _VERBS + r")\b")
_GROUP = re.compile(
    r"(?:both|the two)\s+(?:leaders|presidents|heads of state|prime ministers|foreign ministers|"
    r"ministers|secretaries|chancellors|counterparts)",
    re.IGNORECASE,
)
_PRONOUNS = frozenset({"he", "she"})
_ABBREVIATIONS = frozenset(
    ["mr.", "ms.", "mrs.", "dr.", "prof.", "gen.", "sen.", "rep.", "st.", "u.s.", "u.n.", "u.k."]
)
_GROUP_NOUNS = frozenset(
    {"leaders", "presidents", "heads", "state", "ministers", "secretaries", "chancellors", "counterparts", "prime"}
)
_JOINERS = frozenset({"and", "of", "the", "two", "both", *TITLE_WORDS, *_GROUP_NOUNS})
_EDGE_WORDS = frozenset({"and", "but", "that", "when", "while", "after", "where", "then", "so", "because"})
_NOT_APPOSITIVE = frozenset(
    {"what", "which", "that", "who", "whom", "whose", "as", "if", "than", "how", "why", "to", "with", "on", "in",
     "at", "by", "from", "for", "of", "about", "into", "via"}
)  # fmt: skip
_PASSIVE_THAT = re.compile(
    r"\b[Ii]t (?:was|has been|had been) (?:also |further |repeatedly )?(?P<verb>" + _VERBS + r")"
    r"(?: by (?P<agent>[^,;.\n]{3,60}?))?(?: (?:in|at|during) [^,;.\n]{1,60}?)?\s+(?=that\b)"
)
_PASSIVE_END = re.compile(
    r"(?:^|(?<=[.!?]\s))(?P<body>[A-Z][^.!?\n]{10,300}?) (?:was|were) (?:also )?"
    r"(?P<verb>noted|stressed|emphasi[sz]ed|underlined|underscored|highlighted|reaffirmed|reiterated)\.",
    re.MULTILINE,
)
_CONTENT_GAP = re.compile(r"[\s,:]*")


class _Region(NamedTuple):
    start: int
    end: int
    turn: int | None  # index into doc.turns, None at narrator level


class _Found(NamedTuple):
    start: int  # start of the statement text
    speaker: str
    verb: str
    end: int  # end of the paragraph
    anchor: int  # where its sentence part begins (the subject, or the verb of a coordinated one)


def find_statements(doc: Document, *, inside_turns: bool = True) -> Document:
    """Find reported speech at narrator level and (when `inside_turns`) inside speaker turns."""
    index = NameIndex.build(doc.text, doc.title or "")
    regions = [r for r in _regions(doc) if inside_turns or r.turn is None]
    found = sorted(_scan(doc, regions, index), key=lambda f: f.start)
    statements = []
    for i, f in enumerate(found):
        end = f.end
        if i + 1 < len(found) and found[i + 1].start < f.end:
            end = _previous_sentence_end(doc.text, f.start, found[i + 1].anchor)
        end = max(end, f.start)
        statements.append(Statement(start=f.start, end=end, n=i + 1, speaker=f.speaker, verb=f.verb))
    return dataclasses.replace(doc, statements=tuple(statements))


def _regions(doc: Document) -> Iterator[_Region]:
    """Each paragraph, cut at turn edges, with the turn it lies in (labels left out). Linear."""
    spans = sorted(
        ((t.label_start if t.label_start is not None else t.start), t.start, t.end, i) for i, t in enumerate(doc.turns)
    )
    k = 0
    for m in re.finditer(r"[^\n]+", doc.text):
        s, e = m.start(), m.end()
        while s < e:
            while k < len(spans) and spans[k][2] <= s:
                k += 1
            if k == len(spans) or spans[k][0] >= e:
                yield _Region(s, e, None)
                break
            label, body, end, i = spans[k]
            if s < label:
                yield _Region(s, label, None)
            a, b = max(s, body), min(e, end)
            if a < b:
                yield _Region(a, b, i)
            s = max(b, label + 1, s + 1) if b > s else max(body, s + 1)


def _scan(doc: Document, regions: Sequence[_Region], index: NameIndex) -> Iterator[_Found]:
    text = doc.text
    last: tuple[int, str] | None = None  # (offset, speaker) of the last named statement
    for region in regions:
        for m in _VERB.finditer(text, region.start, region.end):
            found = _subject_span(text, m.start(), region.start)
            anchor = found[0] if found else m.start()
            found = found or _coordinated(text, m.start(), region.start)
            if found is None:
                continue
            speaker = _speaker(doc, found[1], found[0], region, index, last)
            if not speaker:
                continue
            if " and " not in speaker:
                last = (m.start(), speaker)
            if region.turn is not None and _same_person(speaker, _turn_person(doc.turns[region.turn])):
                continue  # the speaker's own past words ('Li Ming said' in Li Ming's answer)
            start, end = _content(text, m.end(), region.end)
            if (
                start < end
                and _has_content(text, m.group("verb"), start)
                and not _in_writing(text, found[0], region)
                and speaker.split()[-1] not in text[start : start + 40].split(". ")[0]  # 'He congratulated Mr X'
            ):
                yield _Found(start, speaker, m.group("verb"), end, anchor)
        if region.turn is None:
            yield from _passives(text, region, index)


def _coordinated(text: str, verb_start: int, floor: int) -> tuple[int, list[str]] | None:
    """'Li Ming emphasised ..., and said that ...': the subject that opens the sentence."""
    if not re.search(r"\s(?:and|but)\s+$", text[max(floor, verb_start - 6) : verb_start]):
        return None
    sentence = max(text.rfind(". ", floor, verb_start) + 2, floor)
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
    return (sentence, words) if words else None


def _content(text: str, verb_end: int, para_end: int) -> tuple[int, int]:
    """The statement text after the verb; 'noted that' closing a paragraph: the next paragraph."""
    start = _CONTENT_GAP.match(text, verb_end, para_end).end()  # type: ignore[union-attr]
    rest = text[start:para_end].strip()
    if rest in ("", "that", "that:") or (len(rest) < 80 and rest[-1] in ",:" and "that" not in rest.split()):
        nxt = re.compile(r"\n\s*(?P<p>[^\n]+)").match(text, para_end)
        if nxt and text[start:para_end].strip():
            return nxt.start("p"), nxt.end("p")
    return start, para_end


def _has_content(text: str, verb: str, start: int) -> bool:
    """False for a verb with no reported content ('agreed on the schedule', 'said in his speech.',
    'maintained communication'), or a habit rather than an occasion ('has stressed many times')."""
    nxt = text[start : start + 160]
    sentence = re.match(r"[^.!?\n]*", nxt)
    if sentence is not None and len(sentence.group(0)) < len(nxt):
        bare = _BARE_PLACE.fullmatch(sentence.group(0))
        if bare or (verb in _SAY and _CIRCUMSTANCE.fullmatch(sentence.group(0))):
            return False  # 'X said in his speech.', 'X said at a meeting with the group.'
    nxt = nxt[:60]
    if nxt[:1] in (".", ")", "") or (verb == "agreed" and nxt.startswith("on ")) or _HABIT.match(nxt):
        return False
    if _RELATIVE.match(nxt):  # 'the steps X called for that are in place'
        return False
    return verb not in _THAT_VERBS or bool(_THAT_SOON.match(nxt))


_BARE_PLACE = re.compile(r"\s*(?:(?:in|at|during)(?:\s+\S+){1,3}|so|it|this|earlier|later|before)?\s*")
_SAY = frozenset({"said", "says", "stated", "announced", "noted", "added", "told", "remarked"})
_CIRCUMSTANCE = re.compile(r"\s*(?:in|at|during|on|after|before|while)\b(?![^\n]*\bthat\b)[^,;:]*")
_RELATIVE = re.compile(
    r"(?:that (?:are|is|was|were|have|has|had|will|would)\b|(?:earlier|before|yesterday|today)\s*[-—–,])"
)
_HABIT = re.compile(
    r"(?:(?:this|it|so|that)\s+)?(?:many times|on many occasions|time and again|more than once|over and over|"
    r"repeatedly|on several occasions|for (?:some|a long) time)\b",
    re.IGNORECASE,
)
# Verbs that report speech only with a 'that' clause: 'maintained that ...', not 'maintained contact'.
_THAT_VERBS = frozenset(
    {"maintained", "observed", "indicated", "confirmed", "acknowledged", "argued", "claimed", "claims", "recalled",
     "explained", "suggested", "asserted", "insisted", "invited", "reminded"}
)  # fmt: skip
_THAT_SOON = re.compile(r"[^.;:!?\n]{0,50}?\bthat\b")
_WRITING = re.compile(
    r"(?:In|Through|With) (?:his|her|their|a|the|this) (?:[\w-]+ ){0,4}?(?:report|article|book|letter|"
    r"message|op-ed|essay|paper|editorial|column|note)\b"
)


def _in_writing(text: str, subject_start: int, region: _Region) -> bool:
    """'In his report to the Congress, X pointed out ...': a document speaks, not a person."""
    sentence = max(text.rfind(". ", region.start, subject_start) + 2, region.start)
    return bool(_WRITING.match(text, sentence, subject_start))


def _subject_span(text: str, verb_start: int, floor: int) -> tuple[int, list[str]] | None:
    """The subject words ending right before `verb_start`, and where they start."""
    window_start = max(floor, verb_start - 160)
    tokens = list(re.finditer(r"\S+", text[window_start:verb_start]))
    words: list[str] = []
    start = verb_start
    for n, tok in enumerate(reversed(tokens)):
        word = tok.group(0)
        if n == 0 and word.endswith(",") and word[:1].isupper() and len(tokens) > 1:
            word = word[:-1]  # 'the president of France, President Macron, said'
        elif word[-1] in ',;:!?"”)' or (word.endswith(".") and not _abbreviation(word)):
            if not words:
                return None
            break
        word = _CONTRACTED.sub(r"\1", word) if n == 0 else word  # "he’s asked", "you’ve said"
        if not (word[:1].isupper() or word.casefold() in _JOINERS or word in _PRONOUN_WORDS):
            low = word.casefold()
            if low == "as" and words and _opens_sentence(text, window_start + tok.start(), floor):
                break  # 'As X noted, ...' / 'Just as X said, ...': the content follows
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


_PRONOUN_WORDS = frozenset({"he", "she", "you"})
_LEADS = frozenset({"as", "just", "and", "but", "so", "then", "when", "while", "indeed", "also"})
_CONTRACTED = re.compile(r"^([Hh]e|[Ss]he|[Yy]ou)['’](?:s|ve|d)$")


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
        if _is_title(w):
            break
        run.insert(0, w)
    titled = len(run) < len(words)
    return (len(run) >= 2 or (titled and len(run) == 1)) and is_person_name(" ".join(run))


def _abbreviation(word: str) -> bool:
    return word.casefold() in _ABBREVIATIONS or bool(re.fullmatch(r"[A-Z]\.", word))


def _speaker(
    doc: Document,
    words: list[str],
    start: int,
    region: _Region,
    index: NameIndex,
    last: tuple[int, str] | None,
) -> str | None:
    """The speaker the subject `words` names, or None when they name no person."""
    while len(words) > 1 and words[0].casefold() in _LEADS:
        words = words[1:]  # 'As X noted, ...', 'Just as X said, ...'
    subject = " ".join(words)
    low = subject.casefold()
    if _GROUP.fullmatch(subject):
        pair = index.first_two(doc.text)
        return f"{pair[0]} and {pair[1]}" if pair else None
    if low in _PRONOUNS:
        return _pronoun(doc.text, start, region, index, last)
    if low == "you":
        return _addressee(doc, region)
    first = _split_joint(words)[0]
    return _person(first, index)


def _pronoun(text: str, start: int, region: _Region, index: NameIndex, last: tuple[int, str] | None) -> str | None:
    """'he'/'she': the first person named earlier in the sentence, else the last speaker nearby,
    else the last person named in the paragraph."""
    sentence = max(text.rfind(". ", region.start, start) + 2, region.start)
    first = index.first_after(sentence, start)
    if first is not None:
        return first
    if last is not None and start - last[0] < 600:
        return last[1]
    return index.last_before(start, region.start)


def _split_joint(words: list[str]) -> list[list[str]]:
    """'A and Foreign Minister B' -> two parts; 'State Councilor and Foreign Minister B' -> one;
    'The Secretary and Foreign Minister B' -> two (a bare title with 'the' is a person)."""
    parts: list[list[str]] = [[]]
    for w in words:
        bare = bool(parts[-1]) and parts[-1][0].casefold() == "the" and all(_is_title(x) for x in parts[-1][1:])
        if w == "and" and parts[-1] and (not _is_title(parts[-1][-1]) or bare):
            parts.append([])
        else:
            parts[-1].append(w)
    return [p for p in parts if p]


def _is_title(word: str) -> bool:
    return word.casefold() in TITLE_WORDS


def _person(words: list[str], index: NameIndex) -> str | None:
    """A person from one subject part: titles, then a name (or a bare title named elsewhere)."""
    words = [x for w in words if w.casefold() != "the" for x in _unglue(w)]
    for i in range(1, len(words) - 1):
        if words[i] == "of" and not _is_title(words[i - 1]):  # 'President Al Sisi of Egypt'
            words = words[:i]
            break
    if "of" in words:
        at = len(words) - 1 - words[::-1].index("of")
        if at > 0 and len(words) - at <= 3 and _is_title(words[at - 1]):
            words = words[:at]  # '... President of Invland': the place is not the name
    cut = len(words)
    while cut > 1 and _is_title(words[cut - 1]):
        cut -= 1
    if cut < len(words) and not _is_title(words[cut - 1]) and is_person_name(" ".join(words[:cut])):
        words = words[:cut]  # 'Ann Lee President of Invland' (the title after the name)
    run: list[str] = []
    for w in reversed(words):
        if _is_title(w) or w in ("of", "and"):
            break
        run.insert(0, w)
    titled = len(run) < len(words)
    if titled and len(run) >= 2 and words[len(words) - len(run) - 1] == "of":
        run = run[1:]  # 'President of Kazakhstan Nursultan Nazarbayev'
    if not run:
        return _by_title(words, index)
    name = " ".join(name_words(" ".join(run)))
    if not is_person_name(name):
        return None
    resolved = index.resolve(name)
    if not titled and not (index.knows(name) and (len(run) == 1 or resolved == name)):
        return None
    return resolved


_GLUED = re.compile(r"([A-Z][a-z]+)([A-Z][a-z]+)$")


def _unglue(word: str) -> list[str]:
    """'LeeSecretary' (a name glued to a title by the page markup) -> 'Lee', 'Secretary'."""
    m = _GLUED.match(word)
    return [m.group(1), m.group(2)] if m and _is_title(m.group(2)) else [word]


def _by_title(words: list[str], index: NameIndex) -> str | None:
    if not words or words[0].casefold() in ("and", "of"):
        return None
    phrase = " ".join(words)
    found = index.by_title(phrase)
    if found is None and len(words) == 1:
        found = index.by_title(words[0])
    return found


def _addressee(doc: Document, region: _Region) -> str | None:
    """'you' in a question: the speaker of the next turn that is not a question."""
    if region.turn is None or doc.turns[region.turn].role != "question":
        return None
    for turn in doc.turns[region.turn + 1 :]:
        if turn.role != "question":
            return _turn_person(turn)
    return None


def _same_person(a: str, b: str | None) -> bool:
    return b is not None and a.split()[-1].casefold() == b.split()[-1].casefold()


def _turn_person(turn: Turn) -> str | None:
    words = [w.capitalize() if w.isupper() else w for w in turn.speaker.split()]
    while words and _is_title(words[0]):
        words.pop(0)
    name = " ".join(words)
    return name if is_person_name(name) else None


def _passives(text: str, region: _Region, index: NameIndex) -> Iterator[_Found]:
    """'It was stressed that ...' and '... was noted.': no speaker unless an agent is named."""
    for m in _PASSIVE_THAT.finditer(text, region.start, region.end):
        speaker = ""
        if m.group("agent"):
            speaker = _person(m.group("agent").split(), index) or ""
        start, end = _content(text, m.end(), region.end)
        yield _Found(start, speaker, m.group("verb"), end, m.start())
    for m in _PASSIVE_END.finditer(text, region.start, region.end):
        body = m.start("body")
        comma = text.find(", ", body, body + 40)
        start = comma + 2 if comma != -1 and text[comma + 2 : comma + 3].islower() else body
        yield _Found(start, "", m.group("verb"), m.end(), start)


def _previous_sentence_end(text: str, start: int, before: int) -> int:
    """The end of the text before the next statement's subject, without a dangling 'and'."""
    cut = text.rfind(". ", start, before)
    if cut > start and not text[cut + 2 : before].strip(" ,"):
        return cut + 1
    head = re.sub(r"(?:[\s,]+(?:and|but|while|as well as))?[\s,]*$", "", text[start:before])
    return start + len(head) if head else before
