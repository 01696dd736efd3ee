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
  'Both leaders' / 'The two presidents': the two parties of the readout, as 'A and B';
- a coordinated verb ('X praised ... and stressed ...'): the subject that opens the sentence;
- 'He'/'She': the first person named earlier in the sentence, the last speaker nearby, or the last
  person named with a title in the paragraph; 'you' in a question: the person who answers it.
Inside speaker turns the same rules apply, except that a speaker's own past words ('Li Ming said'
in Li Ming's answer) are left out. Narrator passives ('It was stressed that ...', '... was
noted.') are statements with an empty speaker. Not statements: verbs without reported content
('agreed on the schedule', 'said at a meeting with ...'), habits ('has stressed many times'),
documents ('In his report, X pointed out'). The stage is linear in the text: names are indexed
once (`names.NameIndex`) and each verb looks back a bounded window for its subject.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from dipcorpus.model import Document, Statement
from dipcorpus.parse.names import NameIndex
from dipcorpus.parse.speech_subjects import (
    LEADS,
    coordinated_subject,
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
            found = subject_span(text, m.start(), region.start)
            anchor = found[0] if found else m.start()
            found = found or coordinated_subject(text, m.start(), region.start)
            if found is None:
                continue
            speaker = _speaker(doc, found[1], found[0], region, index, last)
            if anchor == m.start() and last is not None and last[0] >= found[0]:
                if m.group("verb").endswith("ing"):
                    continue  # 'X elaborated on ..., saying that ...': one statement
                speaker = last[1]  # 'On May 1, X said ... and called on ...': the same speaker
            if not speaker:
                continue
            if " and " not in speaker:
                last = (m.start(), speaker)
            if region.turn is not None and same_person(speaker, turn_person(doc.turns[region.turn])):
                continue  # the speaker's own past words ('Li Ming said' in Li Ming's answer)
            start, end = _content(text, m.end(), region.end)
            preceding = (
                _preceding(text, found[0], region) if found[1][-1].casefold() not in ("he", "she", "you") else None
            )
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
    if nxt[:1] in (".", ")", "") or (verb == "agreed" and nxt.startswith("on ")) or _HABIT.match(nxt):
        return False
    if _RELATIVE.match(nxt):  # 'the steps X called for that are in place'
        return False
    return verb not in _THAT_VERBS or bool(_THAT_SOON.match(nxt))


_BARE_PLACE = re.compile(r"\s*(?:(?:in|at|during)(?:\s+\S+){1,3}|so|it|this|earlier|later|before)?\s*")
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
) -> str | None:
    """The speaker the subject `words` names, or None when they name no person."""
    if not words:
        return None
    while len(words) > 1 and words[0].casefold() in LEADS:
        words = words[1:]  # 'As X noted, ...', 'Just as X said, ...'
    subject = " ".join(words)
    low = subject.casefold()
    if _GROUP.fullmatch(subject):
        pair = index.first_two(doc.text)
        return f"{pair[0]} and {pair[1]}" if pair else None
    if low in _PRONOUNS:
        return _pronoun(doc.text, start, region, index, last)
    if low == "you":
        addressee = _addressee(doc, region)
        return index.resolve(addressee) if addressee else None
    first = split_joint(words)[0]
    return person(first, index)


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
    chunk = text[region.start : region.end]  # both patterns need a literal ' was '/' were ': checked first
    that = not _PASSIVE_LITERALS or "t was " in chunk or "t has been " in chunk or "t had been " in chunk
    end_ = not _PASSIVE_LITERALS or " was " in chunk or " were " in chunk
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
