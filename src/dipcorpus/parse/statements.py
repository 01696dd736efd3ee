"""Reported speech: 'Secretary Blinken underscored ...', 'Wang Yi noted that ...', 'It was stressed that ...'.

A statement is a subject naming a person, then a reporting verb; its text starts right after the
verb (a comma or colon skipped; a leading 'that' kept) and runs to the end of the paragraph or to
the next statement's subject. Subjects (parsed in `speech_subjects`):
- a name, possibly after titles ('State Councilor and Foreign Minister Wang Yi', 'President Putin',
  'Mr Putin'), resolved to the full name the document prints elsewhere ('Blinken' -> 'Antony
  Blinken'); a bare name must be printed elsewhere after a title or as a full name, so that
  countries, bodies and other capitalised words ('China believes', 'Critics remarked') are not speakers;
- a bare title ('The Secretary', 'the WHO Director-General'): the person printed after that title
  elsewhere in the document (most often, when several are);
- a joint subject ('Secretary Blinken and Foreign Minister Mangoush'): the first person named;
  'Both leaders' / 'The two presidents': the two parties of the readout, as 'A and B'; at narrator
  level also 'The leaders', 'The two sides', 'The ministers' when the readout names exactly two
  parties (never in a joint statement, whose parties are its authors, nor after 'that');
  'X met Y, and they agreed': the first person named in the sentence;
- at narrator level only: a delegate named by whom they speak for ('The representative of X',
  "X's delegate", 'The speaker for X' -> 'representative of X', 'delegate of X', 'speaker for X'),
  meetings coverage 'ANN LEE (Invland) said', and a title naming the readout's own principal ('The
  Head of State', 'The President of the Republic') or printed before several names (the first);
- a coordinated verb ('X praised ... and stressed ...'): the subject that opens the sentence (after
  an opening phrase such as 'On the Invented side,');
- 'He'/'She': the first person named earlier in the sentence, the last speaker nearby, or the last
  person named with a title in the paragraph; 'you' in a question: the person who answers it;
- the subject ends before a relative 'who' ('Ann Lee, who told me that ...') or an aside ('X, I
  believe, said', 'X, speaking for Y, said'); a title set off by commas after a name is the
  name's ('ANN LEE, Special Envoy for X, said' -> 'Ann Lee').
Inside speaker turns the same rules apply, except that a speaker's own past words ('Li Ming said'
in Li Ming's answer) are left out. Narrator passives ('It was stressed that ...', '... was
noted.') are statements with an empty speaker. Not statements: verbs without reported content
('agreed on the schedule', 'said at a meeting with ...', 'said about the plan'), habits ('has
stressed many times'), documents ('In his report, X pointed out'). The stage is linear in the
text: names are indexed once (`names.NameIndex`) and each verb looks back a bounded window for
its subject. Chinese text goes through `statements_zh` as well (its own verbs and subjects; persons
known from the knowledge base), merged in text order.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

import ahocorasick

from dipcorpus.annotate.zh_segment import CJK_RUN
from dipcorpus.kb import KnowledgeBase, load_kb
from dipcorpus.model import Document, Statement
from dipcorpus.parse.names import NameIndex, is_person_name
from dipcorpus.parse.speakers import office_holder
from dipcorpus.parse.speech_subjects import (
    LEADS,
    coordinated_subject,
    delegate,
    is_title,
    person,
    same_person,
    sentence_start,
    split_joint,
    subject_span,
    turn_person,
)

__all__ = ["find_statements"]

_VERBS = (
    "saying|alleging|adding|noting|stressing|stating|claiming|"
    "said|says|noted|notes|stressed|stresses|stated|pointed out|points out|emphasized|emphasised|"
    "emphasizes|emphasises|underscored|underscores|underlined|reiterated|reaffirmed|affirmed|highlighted|"
    "added|told|informed|announced|warned|urged|called on|called for|expressed|expresses|welcomed|praised|"
    "commended|congratulated|wished|thanked|agreed|shared|pledged|asked|made clear|made it clear|making it clear|"
    "making clear|"
    "made the point|explained|recalled|remarked|observed|acknowledged|insisted|declared|proposed|"
    "suggested|conveyed|assured|confirmed|clarified|refuted|tweeted|boasted|"
    "boasts|claimed|claims|alleged|lambasted|criticized|criticised|vowed|promised|argued|"
    "indicated|elaborated|spoke highly of|maintained|asserted|put it|reminded|invited|condemned"
)
_ADVERB = (
    r"(?:also|further|again|once again|repeatedly|then|even|has|have|had|today|yesterday|earlier|recently|"
    r"publicly|specifically|particularly|strongly|warmly|personally|separately|likewise|both|just|[a-z]+ly)"
)
_LITERAL = re.compile(r"[a-z][a-z ]*")
_Trie = dict[str, "_Trie"]


def _trie(alternatives: str) -> str:
    """The alternation `alternatives` ('said|says|pointed out|[a-z]+ly') with its literal words merged
    into a trie ('(?:pointed\\ out|sa(?:id|ys))|[a-z]+ly'): the regex engine then reads a word's
    letters once, not once per alternative. For an alternation followed by a word boundary or by
    whitespace the matches are the same, as long as no literal is a prefix of another one followed
    by a non-word character and the literals come first (otherwise `alternatives` is returned)."""
    parts = alternatives.split("|")
    words = [p for p in parts if _LITERAL.fullmatch(p)]
    if parts[: len(words)] != words or any(
        b.startswith(a) and len(b) > len(a) and not b[len(a)].isalnum() for a in words for b in words
    ):
        return alternatives
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return "|".join([f"(?:{_emit(trie)})", *parts[len(words) :]])


def _emit(node: _Trie) -> str:
    branches = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")" if branches else ""
    return f"(?:{body})?" if body and "" in node else body


_ADVERBS = _trie(_ADVERB[3:-1]) if _ADVERB.startswith("(?:") and _ADVERB.count("(") == 1 else _ADVERB
_VERB = re.compile(r"(?<=\s)(?:(?:" + _ADVERBS + r")\s+)*(?P<verb>" + _trie(_VERBS) + r")\b")
# Most paragraphs hold none of the verbs: one Aho-Corasick pass over the text finds where the verbs
# are, and `_VERB` (slow: tried at every word) runs only on a paragraph that holds one whole.
_VERB_WORDS = _VERBS.split("|") if all(_LITERAL.fullmatch(v) for v in _VERBS.split("|")) else None


@functools.cache
def _verb_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in _VERB_WORDS or ():
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton


class _VerbSpans:
    """Where the literal verbs stand in a text: `within` says whether one lies wholly inside a region."""

    def __init__(self, text: str) -> None:
        spans = sorted((end - n + 1, end + 1) for end, n in _verb_automaton().iter(text)) if _VERB_WORDS else []
        self.starts = [start for start, _ in spans]
        # the smallest end of the verbs starting at or after each one
        self.ends = list(itertools.accumulate((end for _, end in reversed(spans)), min))[::-1]

    def within(self, region: _Region) -> bool:
        if _VERB_WORDS is None:
            return True
        i = bisect.bisect_left(self.starts, region.start)
        return i < len(self.starts) and self.ends[i] <= region.end


_GROUP = re.compile(
    r"(?:both|the two)\s+(?:leaders|presidents|heads of state|prime ministers|foreign ministers|"
    r"ministers|secretaries|chancellors|counterparts)",
    re.IGNORECASE,
)
# At narrator level a readout's plural subject names its two parties too ('The leaders agreed',
# 'The two sides agreed'); inside a turn 'both sides' is a collective (often the speaker's own side).
_NARRATOR_GROUP = re.compile(
    r"(?:both|the two|the)\s+(?:leaders|presidents|heads of state|heads of government|prime ministers|"
    r"foreign ministers|ministers|secretaries|chancellors|counterparts|sides|parties|interlocutors)",
    re.IGNORECASE,
)
# Titles of texts written by the parties themselves ('Joint Statement', 'Leaders’ Declaration').
_JOINT_TEXT = re.compile(
    r"\bJoint\b.*\b(?i:statement|declaration|communiqu[eé]|press release)\b"
    r"|\b(?:Statement|Declaration|Communiqu[eé])\b.*\bJoint\b"
    r"|\b(?:Ministers|Leaders)['’]? (?:Joint )?(?i:statement|declaration|communiqu[eé])"
)
# A bare title that names the readout's own principal: its first person.
_HOST_TITLES = frozenset(
    {"head of state", "head of government", "president of republic", "chief of state", "head of state and government"}
)
_PRONOUNS = frozenset({"he", "she"})
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


def find_statements(doc: Document, *, inside_turns: bool = True, kb: KnowledgeBase | None = None) -> Document:
    """Find reported speech at narrator level and (when `inside_turns`) inside speaker turns; in
    Chinese text also through `statements_zh` (persons known from `kb`, the packaged one by default)."""
    index = NameIndex.build(doc.text, doc.title or "")
    regions = [r for r in _regions(doc) if inside_turns or r.turn is None]
    office = office_holder(doc, kb if kb is not None else load_kb())
    found = sorted(_scan(doc, regions, index, office), key=lambda f: f.start)
    statements = []
    for i, f in enumerate(found):
        end = f.end
        if i + 1 < len(found) and found[i + 1].start < f.end:
            end = _previous_sentence_end(doc.text, f.start, found[i + 1].anchor)
        end = max(end, f.start)
        statements.append(Statement(start=f.start, end=end, n=i + 1, speaker=f.speaker, verb=f.verb))
    if CJK_RUN.search(doc.text):
        from dipcorpus.parse.statements_zh import find_zh_statements

        chinese = find_zh_statements(doc, regions, kb=kb if kb is not None else load_kb())
        merged = sorted([*statements, *chinese], key=lambda s: s.start)
        statements = [dataclasses.replace(s, n=i + 1) for i, s in enumerate(merged)]
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


def _scan(
    doc: Document, regions: Sequence[_Region], index: NameIndex, office: Callable[[str], str | None]
) -> Iterator[_Found]:
    text = doc.text
    last: tuple[int, str] | None = None  # (offset, speaker) of the last named statement
    verbs = _VerbSpans(text)
    for region in regions:
        for m in _VERB.finditer(text, region.start, region.end) if verbs.within(region) else ():
            found = subject_span(text, _subject_end(text, m.start(), region.start), region.start)
            anchor = found[0] if found else m.start()
            found = found or coordinated_subject(text, m.start(), region.start) or _they(text, m.start(), region, index)
            bracket = _bracketed(text, m.start(), region, index) if found is None else None
            if bracket is not None:
                found = (bracket[0], bracket[1].split())
            if found is None:
                continue
            speaker = bracket[1] if bracket else _speaker(doc, found[1], found[0], region, index, last, office)
            if not speaker and text[max(region.start, found[0] - 2) : found[0]] == ", ":
                speaker = _named_before(text, found[0] - 2, region, index)  # 'ANN LEE, Special Envoy for X, said'
            if anchor == m.start() and last is not None and last[0] >= found[0]:
                if m.group("verb").endswith("ing") and not re.search(r"\s(?:and|but)\s+$", text[anchor - 6 : anchor]):
                    continue  # 'X elaborated on ..., saying that ...': one statement ('..., and alleging': two)
                speaker = last[1]  # 'On May 1, X said ... and called on ...': the same speaker
            if not speaker:
                continue
            if " and " not in speaker:
                last = (m.start(), speaker)
            if region.turn is not None and same_person(speaker, turn_person(doc.turns[region.turn])):
                continue  # the speaker's own past words ('Li Ming said' in Li Ming's answer)
            start, end = _content(text, m.end(), region.end)
            pronoun = bool(found[1]) and found[1][-1].casefold() in ("he", "she", "you")
            preceding = None if pronoun else _preceding(text, found[0], region)
            if preceding and _trails(text[m.end() : region.end]):
                yield _Found(preceding[0], speaker, m.group("verb"), preceding[1], preceding[0])
                continue
            if (
                start < end
                and _has_content(text, m.group("verb"), start)
                and not _in_writing(text, found[0], region)
                and speaker.split()[-1] not in text[start : start + 40].split(". ")[0]  # 'He congratulated Mr X'
            ):
                yield _Found(start, speaker, m.group("verb"), end, anchor)
        yield from _passives(text, region, index, named_only=region.turn is not None)


_ASIDE = re.compile(
    r"(?:,\s+(?:who|which)|,\s+(?:I|we)\s+(?:believe|think|recall|understand|guess|remember),"
    r"|,\s+speaking\s+(?:also\s+)?(?:for|on behalf of)\s[^,;.\n]{1,80},)\s+"
    r"(?:(?:also|then|later|once again|again|has|have|had)\s+)*$"
)


def _subject_end(text: str, verb_start: int, floor: int) -> int:
    """Where the subject before the verb at `verb_start` ends: before a relative 'who' ('Ann Lee,
    who told me that ...') or an aside ('Ambassador Lee, I believe, said ...'), else the verb."""
    m = _ASIDE.search(text, max(floor, verb_start - 120), verb_start)
    return m.start() if m else verb_start


_BEFORE_QUOTE = re.compile(r"(?:on|in|at|during|when|after|before)\b[^,;:“\"\n]{0,120},\s*(?=[“\"])")


def _preceding(text: str, subject_start: int, region: _Region) -> tuple[int, int] | None:
    """'These are our values, as President X put it yesterday.': the clause before ', as'."""
    if text[max(region.start, subject_start - 5) : subject_start] != ", as ":
        return None
    begin = sentence_start(text, region.start, subject_start)
    return (begin, subject_start - 5) if subject_start - 5 - begin > 20 else None


def _trails(rest: str) -> bool:
    """Is `rest` (after '..., as X put it') only a trailing circumstance, with no content of its own?"""
    head = rest.split(". ")[0]
    return len(head) < 80 and not re.search(r"[,“\"]|\bthat\b", head)


def _content(text: str, verb_end: int, para_end: int) -> tuple[int, int]:
    """The statement text after the verb; 'noted that' closing a paragraph: the next paragraph."""
    start = _CONTENT_GAP.match(text, verb_end, para_end).end()  # type: ignore[union-attr]
    quote = _BEFORE_QUOTE.match(text, start, para_end)
    if quote:  # 'as X said on the day of ..., “...”': the quotation
        start = quote.end()
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
    if verb in _SAY and (nxt.startswith("about ") or _NO_WORDS.match(nxt)):
        return False  # 'what you said about the plan': a topic; 'X said nothing', 'said the fewest words'
    if nxt[:1] in (".", ")", "") or (verb == "agreed" and nxt.startswith("on ")) or _HABIT.match(nxt):
        return False
    if _RELATIVE.match(nxt):  # 'the steps X called for that are in place'
        return False
    if verb == "invited" and _INVITED_TO.match(nxt):
        return True  # 'X invited Y to visit ...': an invitation
    return verb not in _THAT_VERBS or bool(_THAT_SOON.match(nxt))


_BARE_PLACE = re.compile(r"\s*(?:(?:in|at|during)(?:\s+\S+){1,3}|so|it|this|earlier|later|before)?\s*")
_NO_WORDS = re.compile(
    r"(?:nothing(?=[.,;]| (?:about|on|of|to|at|in|during|when|publicly|more|else)\b)|not a word|a word|"
    r"(?:a |very )?few words|a couple of words|"
    r"the (?:fewest|least|most|fewer|more) words|(?:fewer|more) words)\b"
)
_SAY = frozenset({"said", "says", "stated", "announced", "noted", "added", "told", "remarked", "made it clear"})
_CIRCUMSTANCE = re.compile(r"\s*(?:in|at|during|on|after|before|while|when)\b(?![^\n]*\bthat\b)[^,;:]*")
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
_INVITED_TO = re.compile(r"[^.;:!?\n]{1,60}?\bto (?:visit|come|attend|join|take part|participate|hold|travel)\b")
_THAT_SOON = re.compile(r"[^.;:!?\n]{0,50}?\bthat\b")
_WRITING = re.compile(
    r"(?:In|Through|With) (?:his|her|their|a|the|this) (?:[\w-]+ ){0,4}?(?:report|article|book|letter|"
    r"message|op-ed|essay|paper|editorial|column|note)\b"
)


def _in_writing(text: str, subject_start: int, region: _Region) -> bool:
    """'In his report to the Congress, X pointed out ...': a document speaks, not a person."""
    sentence = sentence_start(text, region.start, subject_start)
    return bool(_WRITING.match(text, sentence, subject_start))


def _speaker(
    doc: Document,
    words: list[str],
    start: int,
    region: _Region,
    index: NameIndex,
    last: tuple[int, str] | None,
    office: Callable[[str], str | None],
) -> str | None:
    """The speaker the subject `words` names, or None when they name no person."""
    if not words:
        return None
    while len(words) > 1 and words[0].casefold() in LEADS:
        words = words[1:]  # 'As X noted, ...', 'Just as X said, ...'
    subject = " ".join(words)
    low = subject.casefold()
    group = bool(_GROUP.fullmatch(subject))
    narrator = region.turn is None and _opens_clause(doc.text, start, region.start)
    if group or (narrator and _NARRATOR_GROUP.fullmatch(subject)):
        if region.turn is None and _JOINT_TEXT.search(doc.title or ""):
            return None  # in a joint statement the parties are its authors: their words are the text itself
        pair = index.first_two(doc.text) if group else index.parties(doc.text)
        return f"{pair[0]} and {pair[1]}" if pair else None
    if low in _PRONOUNS:
        return _pronoun(doc.text, start, region, index, last)
    if low == "you":
        addressee = _addressee(doc, region)
        return index.resolve(addressee) if addressee else None
    first = split_joint(words)[0]
    found = person(first, index)
    title = _office_title(first) if found is not None else ""
    if title:
        found = office(title) or found  # named in the document: by its country and date
    if found is None and region.turn is None:
        found = delegate(words) or _host(first, index)
    return found


_BRACKETED = re.compile(
    r"(?P<name>(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|al|el|bin|da|di|dos)){0,4})"
    r"\s+\((?P<who>[A-Z][^()\n]{1,80})\)\s+(?:(?:also|then|further)\s+)?$"
)
_COURTESY = re.compile(r"(?:Mr|Ms|Mrs|Dr)\.?\s+")


def _bracketed(text: str, verb_start: int, region: _Region, index: NameIndex) -> tuple[int, str] | None:
    """Meetings coverage: 'ANN LEE (Invland) said ...', 'Mr. Lee (Invland) said ...' at narrator level:
    the person, with the name in mixed case."""
    if region.turn is not None:
        return None
    m = _BRACKETED.search(text, max(region.start, verb_start - 160), verb_start)
    if m is None or not _opens_clause(text, m.start(), region.start):
        return None
    courtesy = _COURTESY.match(m.group("name"))
    name = m.group("name")[courtesy.end() if courtesy else 0 :]
    if name.isupper():
        name = " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in name.split())
    if not is_person_name(name):
        return None
    return m.start(), index.resolve(name)


def _named_before(text: str, comma: int, region: _Region, index: NameIndex) -> str | None:
    """The person named right before an appositive title ('Ann Lee, Minister of Invland, said')."""
    span = subject_span(text, comma, region.start)
    if span is None or len(span[1]) < 2 or any(is_title(w) for w in span[1]):
        return None
    name = " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in span[1])
    return index.resolve(name) if is_person_name(name) else None


_AND_THEY = re.compile(r"(?:,|\sand)\s+they\s+$")


def _they(text: str, verb_start: int, region: _Region, index: NameIndex) -> tuple[int, list[str]] | None:
    """'X held a meeting with Y, and they agreed ...': the first of two or more persons named earlier
    in the sentence (as for 'X and Y agreed'); None otherwise."""
    m = _AND_THEY.search(text, max(region.start, verb_start - 12), verb_start)
    if m is None:
        return None
    named = index.named_between(sentence_start(text, region.start, m.start()), m.start())
    return (m.start(), named[0].split()) if len(set(named)) >= 2 else None


def _office_title(words: list[str]) -> str:
    """'The President', 'the Secretary': an office named alone, capitalised, of the document's own
    country (not 'the Secretary-General', the head of some organisation); '' otherwise. Such a
    subject is a speaker only where the document prints a holder of the title ('President X');
    who it is comes from the knowledge base, by the document's country and date, when it knows
    exactly one holder: 'as the President said' in a White House briefing that mostly names a
    visiting president is still the President of the United States."""
    titles = [w for w in words if w.casefold() != "the"]
    if not titles or not titles[0][:1].isupper() or not all(is_title(w) for w in titles):
        return ""
    phrase = " ".join(titles)
    return "" if "general" in phrase.casefold() else phrase


def _opens_clause(text: str, start: int, floor: int) -> bool:
    """Does the subject at `start` open its sentence or a clause after a comma ('On Monday, the
    leaders agreed'), rather than follow 'that' ('confirmed that the parties had agreed')?"""
    return sentence_start(text, floor, start) == start or text[max(floor, start - 2) : start] == ", "


def _host(words: list[str], index: NameIndex) -> str | None:
    """'The Head of State', 'The President of the Republic' in a readout: its own principal, the
    first person it names, when no one is printed after that title; a title printed before several
    names ('The Prime Minister' in a call of two prime ministers): the first of them."""
    phrase = " ".join(w for w in words if w.casefold() != "the").casefold()
    if phrase in _HOST_TITLES:
        return index.names[0] if index.names else None
    if not all(is_title(w) or w in ("of", "for", "to") for w in phrase.split()):
        return None
    holders = index.titles.get(phrase)  # several persons printed after this title: the first, the readout's own
    return index.resolve(holders[0]) if holders else None


def _pronoun(text: str, start: int, region: _Region, index: NameIndex, last: tuple[int, str] | None) -> str | None:
    """'he'/'she': the first person named earlier in the sentence, else the last speaker nearby,
    else the first person named in the sentence before (its subject, in a readout), else the last
    person named in the paragraph."""
    sentence = sentence_start(text, region.start, start)
    first = index.first_after(sentence, start)
    if first is not None:
        return first
    if last is not None and start - last[0] < 600:
        return last[1]
    previous = sentence_start(text, region.start, max(sentence - 2, region.start))
    return index.first_after(previous, sentence) or index.last_before(start, region.start)


def _addressee(doc: Document, region: _Region) -> str | None:
    """'you' in a question: the speaker of the next turn that is not a question."""
    if region.turn is None or doc.turns[region.turn].role != "question":
        return None
    for turn in doc.turns[region.turn + 1 :]:
        if turn.role != "question":
            return turn_person(turn)
    return None


# The literal words each passive pattern needs (checked before running it), while the patterns keep them.
_PASSIVE_LITERALS = _PASSIVE_THAT.pattern.startswith(r"\b[Ii]t (?:was|has been|had been) ") and (
    r"{10,300}?) (?:was|were) (?:also )?" in _PASSIVE_END.pattern
)


def _passives(text: str, region: _Region, index: NameIndex, *, named_only: bool) -> Iterator[_Found]:
    """'It was stressed that ...' and '... was noted.': no speaker unless an agent is named
    ('It was noted by President X that ...'). Inside a turn only passives with a named agent count."""
    s, e = region.start, region.end  # both patterns need a literal ' was '/' were ': checked first
    that = not _PASSIVE_LITERALS or (
        text.find("t was ", s, e) >= 0 or text.find("t has been ", s, e) >= 0 or text.find("t had been ", s, e) >= 0
    )
    end_ = not _PASSIVE_LITERALS or text.find(" was ", s, e) >= 0 or text.find(" were ", s, e) >= 0
    for m in _PASSIVE_THAT.finditer(text, region.start, region.end) if that else ():
        speaker = ""
        if m.group("agent"):
            speaker = person(m.group("agent").split(), index) or ""
        if named_only and not speaker:
            continue
        start, end = _content(text, m.end(), region.end)
        yield _Found(start, speaker, m.group("verb"), end, m.start())
    if named_only:
        return
    for m in _PASSIVE_END.finditer(text, region.start, region.end) if end_ else ():
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
