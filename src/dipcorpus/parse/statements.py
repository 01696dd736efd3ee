"""Reported speech in readouts and meeting news: 'Wang Yi noted, ...', 'Stoltenberg said that ...'.

A statement is a capitalised subject (a name, possibly after titles; or a group such as 'Both
sides' / 'The two sides'; or 'He'/'She' for the last named speaker) at the start of a sentence
or after an introductory clause ('On July 16, ..., Foreign Minister Wang Yi noted, ...'), then a
reporting verb. The statement text starts after the verb and its comma or 'that'
('expressed the hope that ...' keeps 'the hope that ...'; 'elaborated on ...' keeps 'on ...')
and runs to the end of the paragraph or the next statement. Text inside speaker turns is
skipped: reported speech inside an answer belongs to the answer.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence

from dipcorpus.model import Document, Statement

__all__ = ["find_statements"]

_VERBS = (
    "said|says|noted|notes|stressed|stresses|stated|states|pointed out|points out|emphasized|emphasised|"
    "added|underlined|reiterated|reaffirmed|believed|believes|agreed|indicated|remarked|maintained|"
    "affirmed|highlighted|underscored|mentioned|explained|asserted|observed|commented|hoped|hopes|"
    "expressed|expresses|elaborated|welcomed|urged|called on|called for|briefed|introduced|"
    "acknowledged|recalled|announced|warned|told|declared|proposed|suggested|held|insisted|"
    "conveyed|spoke highly of|appreciated|thanked"
)
_ADVERBS = r"(?:(?:also|further|then|again|once again|has|have|had|repeatedly|particularly|specifically)\s+)*"
_VERB = re.compile(r"\s+" + _ADVERBS + r"(?P<verb>" + _VERBS + r")\b")
_GROUPS = re.compile(
    r"(?:Both|The two|All|The) (?:sides|parties|leaders|ministers|countries|heads of state|"
    r"foreign ministers|delegations)$"
)
_PRONOUNS = frozenset({"He", "She"})
_TITLE_WORDS = frozenset(
    {
        "State", "Councilor", "Councillor", "Foreign", "Minister", "Secretary", "General", "President",
        "Vice", "Premier", "Prime", "Deputy", "Assistant", "Under", "Ambassador", "Spokesperson",
        "Chairman", "Director", "Member", "Special", "Envoy", "Representative", "Chancellor", "NATO",
        "UN", "Senior", "Mr.", "Ms.", "Mrs.", "Dr.", "Executive", "High", "Commissioner", "Chief",
    }
)  # fmt: skip
_NOT_SUBJECTS = frozenset(
    {"The", "This", "That", "These", "Those", "It", "They", "We", "I", "You", "There", "Our", "Its",
     "On", "In", "At", "During", "After", "Before", "When", "While", "As", "If", "But", "And", "Some"}
)  # fmt: skip
_CAP_WORD = re.compile(r"[A-Z][\w’'.-]*")
_SENTENCE_EDGE = re.compile(r"(?:^|[.!?;:”\"]\s+|,\s+|\n)$")
_AFTER_VERB = re.compile(r"\s*[,:]\s*(?:that\s+)?|\s+that\s+|\s+")
_INTERVENING_THAT = re.compile(r"\s+[^,.;:\n]{1,60}?\s+that\s+")
_THAT_VERBS = frozenset(
    {"said", "says", "noted", "notes", "stressed", "stresses", "stated", "states", "pointed out",
     "points out",
     "emphasized", "emphasised", "added", "underlined", "reiterated", "believed", "believes", "agreed",
     "indicated", "remarked", "maintained", "affirmed", "highlighted", "underscored", "mentioned",
     "explained", "asserted", "observed", "commented", "acknowledged", "recalled", "announced", "warned",
     "declared", "insisted", "held"}
)  # fmt: skip


def _subject(text: str, verb_start: int, floor: int) -> tuple[int, str] | None:
    """The capitalised subject ending right before `verb_start`: (its start, the words)."""
    words: list[tuple[int, str]] = []
    pos = verb_start
    window = text[max(floor, verb_start - 120) : verb_start]
    base = verb_start - len(window)
    for m in reversed(list(re.finditer(r"\S+", window))):
        if m.end() + base != pos and text[m.end() + base : pos].strip():
            break
        word = m.group(0)
        if word.endswith(","):
            break
        if _CAP_WORD.fullmatch(word) or (words and word in ("and", "of", "the", "two")):
            words.insert(0, (m.start() + base, word))
            pos = m.start() + base
            if len(words) > 8:
                return None
            continue
        if word in ("sides", "parties", "leaders", "ministers", "countries", "delegations"):
            words.insert(0, (m.start() + base, word))
            pos = m.start() + base
            continue
        break
    while words and words[0][1] in ("and", "of", "the", "two"):
        words.pop(0)
    if not words:
        return None
    start = words[0][0]
    if not _SENTENCE_EDGE.search(text[max(floor, start - 3) : start]) and start != floor:
        return None
    return start, " ".join(w for _, w in words)


def _clean_speaker(subject: str) -> str | None:
    """The speaker named by `subject`, titles stripped; None when it names no speaker."""
    if _GROUPS.fullmatch(subject) or subject in _PRONOUNS:
        return subject
    words = subject.split()
    if words[0] in _NOT_SUBJECTS or not words[-1][:1].isupper():
        return None
    # Strip leading titles ('State Councilor and Foreign Minister Wang Yi' -> 'Wang Yi').
    i = len(words)
    while i > 0 and words[i - 1] not in _TITLE_WORDS and words[i - 1] not in ("and", "of", "the"):
        i -= 1
    return " ".join(words[i:]) or None


def _resolve(name: str, context: str) -> str:
    """'Stoltenberg' -> 'Jens Stoltenberg' when the full name appears in `context`."""
    if " " in name or name in _PRONOUNS:
        return name
    pattern = re.compile(r"\b((?:[A-Z][\w’'-]*\.?\s+){1,2})" + re.escape(name) + r"\b")
    m = pattern.search(context)
    while m:
        lead = [w for w in m.group(1).split() if w.rstrip(".") not in _TITLE_WORDS and w not in _TITLE_WORDS]
        if lead:
            return " ".join([*lead, name])
        m = pattern.search(context, m.end())
    return name


def _content_start(text: str, verb: str, verb_end: int, para_end: int) -> int:
    m = _AFTER_VERB.match(text, verb_end, para_end)
    if verb in _THAT_VERBS and m and m.group(0).strip() == "":
        that = _INTERVENING_THAT.match(text, verb_end, para_end)
        if that:
            return that.end()
    return m.end() if m else verb_end


def _outside_turns(doc: Document) -> Iterator[tuple[int, int]]:
    """Paragraph spans that lie outside every turn (and its label)."""
    taken = sorted(((t.label_start if t.label_start is not None else t.start), t.end) for t in doc.turns)
    for m in re.finditer(r"[^\n]+", doc.text):
        s, e = m.start(), m.end()
        if not any(a < e and s < b for a, b in taken):
            yield s, e


def _statements_in(doc: Document, spans: Sequence[tuple[int, int]]) -> Iterator[tuple[int, str, str, int]]:
    """(start of the statement text, speaker, verb, paragraph end) for each match."""
    text = doc.text
    last: str | None = None
    for s, e in spans:
        for m in _VERB.finditer(text, s, e):
            found = _subject(text, m.start(), s)
            if found is None:
                continue
            speaker = _clean_speaker(found[1])
            if speaker is None:
                continue
            if speaker in _PRONOUNS:
                if last is None:
                    continue
                speaker = last
            speaker = _resolve(speaker, f"{doc.title or ''}\n{text[: m.start()]}")
            if not _GROUPS.fullmatch(speaker):
                last = speaker
            yield _content_start(text, m.group("verb"), m.end(), e), speaker, m.group("verb"), e


def find_statements(doc: Document) -> Document:
    """Find reported speech outside speaker turns."""
    found = list(_statements_in(doc, list(_outside_turns(doc))))
    statements = []
    for i, (start, speaker, verb, para_end) in enumerate(found):
        end = para_end
        if i + 1 < len(found) and found[i + 1][0] < para_end:
            end = _previous_sentence_end(doc.text, start, found[i + 1][0])
        end = max(end, start)
        statements.append(Statement(start=start, end=end, n=i + 1, speaker=speaker, verb=verb))
    return dataclasses.replace(doc, statements=tuple(statements))


def _previous_sentence_end(text: str, start: int, before: int) -> int:
    cut = max(text.rfind(". ", start, before), text.rfind(", ", start, before))
    return cut + 1 if cut > start else before
