"""Who asks, when the label alone does not say (for the turn parser, `parse/turns.py`).

- An interview whose interviewer is labelled by their own name: the interviewee answers, everyone
  else asks; the interviewer's outlet is the single outlet the title names ('interview to TASS')
  or the one the opening text prints after the interviewer's name.
- A question labelled only `Q`/`QUESTION`: the outlet a moderator's hand-off printed just before it
  ('Next, Ana Lopes from Daily Gazette.', 'Ana Lopes, Evening Post.') or the reporter's own
  introduction ('Hi, this is Evening Post.', 'I'm representing Morning News').
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from dipcorpus.parse.turn_labels import _fold, _is_asker, _is_outlet, _Label
from dipcorpus.parse.turn_names import strip_office

__all__ = ["handoff_outlet", "interview_askers", "interview_outlet", "intro_outlet", "principal", "zh_interview_outlet"]

_PHRASE = r"((?:the\s+)?[A-Z][\w.&'’-]*(?:\s+(?:[A-Z][\w.&'’-]*|of|the|&|de|di))*)"
_INTERVIEW = re.compile(r"\binterview", re.I)
_INTERVIEW_TO = re.compile(
    r"\binterview(?:\s+\w+){0,3}?\s+(?:to|with|for)\s+(?:the\s+)?"
    r"([A-Z][\w.&'’-]*(?:\s+(?:[A-Z][\w.&'’-]*|of|the|and|&))*)",
    re.I,
)
_AFTER_NAME = re.compile(r"\s*(?:,|\(|\s(?:from|of|with)\s)\s*" + _PHRASE)
_HANDOFF = re.compile(r"(?:\bfrom|\bof|\bwith|\bat|,)\s+" + _PHRASE + r"\s*(?:,?\s*please)?\s*[.!]?\s*$")
_SELF_INTRO = re.compile(
    r"\b(?:this is|I am|I'm|I’m|it's|it’s|my name is)\s+(?:[A-Z][\w'’.-]*\s+){0,3}?"
    r"(?:(?:from|with|of|at|representing)\s+)?" + _PHRASE
)
_NAME_COMMA = re.compile(r"^(?:[A-Z][\w'’.-]+\s+){1,3}?[A-Z][\w'’-]+,\s+" + _PHRASE + r"\s*[.,;]?\s")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# a reporter naming themselves and their outlet: 'I am Ana from ABC', 'Sir, Ana Lopes from The Post'
_NAME_FROM = re.compile(
    r"^(?:(?:Hi|Hello|Sir|Madam|Ma'am|Minister|Good \w+)[,.!]?\s+)?(?:(?:I am|I'm|I’m|this is|my name is)\s+)?"
    r"(?:[A-Z][\w'’.-]+\s+){0,2}[A-Z][\w'’-]+\s+(?:from|with|of|representing)\s+" + _PHRASE + r"\s*[.,;]"
)


def _outlet(phrase: str) -> str | None:
    phrase = re.split(r"\.\s", phrase, maxsplit=1)[0]
    phrase = re.sub(r"^the\s+", "", phrase.strip(" .,"), flags=re.I)
    words = phrase.split()
    while words and words[-1].casefold() in ("of", "the", "&", "de", "di"):
        words.pop()
    phrase = " ".join(words)
    return phrase if phrase and 1 <= len(words) <= 6 and _is_outlet(phrase) else None


def _printed_outlet(phrase: str) -> str | None:
    """An outlet a reporter names after their own name: a known outlet, an acronym ('WION') or a
    short name with its article ('The Hindu')."""
    phrase = re.split(r"\.\s", phrase, maxsplit=1)[0].strip(" .,")
    words = phrase.split()
    if _outlet(phrase):
        return _outlet(phrase)
    if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 8:
        return words[0]
    if 2 <= len(words) <= 4 and words[0] == "The" and all(w[0].isupper() for w in words[1:]):
        return phrase
    return None


_INTERVIEW_WORD = re.compile(r"\b[Ii]nterview(?:ed)?\b")
_AFTER_PREPOSITION = re.compile(
    r"\s(?:to|with|for|by|of|in)\s+((?:The\s+)?[A-Z][\w.&'’-]*(?:\s+(?:[A-Z][\w.&'’-]*|of|&))*)"
)


def interview_outlet(title: str) -> str | None:
    """The outlet an interview's title names ('Interview of the Minister, Ana Roe, with The Daily
    Post' -> 'The Daily Post'), as printed: who asks the questions labelled only 'Q'."""
    m = _INTERVIEW_WORD.search(title)
    if not m:
        return None
    for phrase in _AFTER_PREPOSITION.finditer(title, m.end()):
        name = phrase.group(1).strip()
        while name.split()[-1] in ("of", "&"):
            name = name.rsplit(" ", 1)[0]
        if _outlet(name) or (name.isupper() and len(name) > 1 and " " not in name):
            joint = re.match(r"\s*(?:,|and\b|&)", title[phrase.end() :])
            return None if joint else name  # 'interview to Daily Post and Evening Star': either asks
    return None


_ZH_INTERVIEW = re.compile(
    r"接受(?P<outlet>[^，,。：:]{2,24}?)(?:记者[\u4e00-\u9fff]{0,3})?(?:联合|书面)?(?:专访|采访)"
)
_ZH_JOINT = re.compile(r"[和、与及]|联合")


def zh_interview_outlet(title: str) -> str | None:
    """The one outlet a Chinese interview's title names ('王五接受虚构日报专访' -> '虚构日报', '接受新华社
    记者专访' -> '新华社'): who asks under '记者：' or '问：'. None for a joint interview."""
    m = _ZH_INTERVIEW.search(title)
    if not m or _ZH_JOINT.search(m.group(0)):
        return None
    outlet = m.group("outlet")
    titled = re.search(r"《([^《》]+)》", outlet)
    return titled.group(1) if titled else outlet.strip("《》 ") or None


def _title_outlet(title: str) -> str | None:
    """The single outlet an interview was given to ('... (interview to TASS)')."""
    m = _INTERVIEW_TO.search(title)
    if not m or re.search(r"\s(?:and|&)\s", m.group(1)):
        return None
    phrase = m.group(1).strip()
    return phrase if _outlet(phrase) or (phrase.isupper() and len(phrase) > 1) else None


def interview_askers(
    labels: Sequence[_Label], ends: Sequence[int], answerer: str | None, title: str, front: str
) -> dict[str, str]:
    """Interviewers labelled by their own name (folded name -> outlet or 'Reporter'), or {}.

    Only where the title or the opening says it is an interview: without that cue, a meeting
    where one side asks short questions would look the same."""
    if not (_INTERVIEW.search(title) or _INTERVIEW.search(front[:500])):
        return {}
    if any(lab.kind != "name" or lab.affiliation or _is_asker(lab.raw) for lab in labels):
        return {}
    chars: dict[str, int] = defaultdict(int)
    raw_of: dict[str, str] = {}
    for lab, end in zip(labels, ends, strict=True):
        key = _fold(strip_office(lab.raw))
        raw_of[key] = strip_office(lab.raw)
        chars[key] += max(0, end - lab.start)
    if len(chars) < 2:
        return {}
    folded_answerer = _fold(answerer or "")
    named = [k for k in chars if folded_answerer and (k == folded_answerer or k in folded_answerer)]
    interviewee = named[0] if named else max(chars, key=lambda k: chars[k])
    outlet = _title_outlet(title) or _title_outlet(front[:500])
    context = f"{title}\n{front}"
    return {k: outlet or _named_outlet(raw_of[k], context) or "Reporter" for k in chars if k != interviewee}


def principal(labels: Sequence[_Label], ends: Sequence[int]) -> str:
    """The folded name of the named speaker with the most text (who does not ask), or ''."""
    chars: dict[str, int] = defaultdict(int)
    for lab, end in zip(labels, ends, strict=True):
        if lab.kind == "name" and not lab.affiliation and not _is_asker(lab.raw):
            chars[_fold(strip_office(lab.raw))] += max(0, end - lab.start)
    return max(chars, key=lambda k: chars[k]) if chars else ""


def _named_outlet(name: str, context: str) -> str | None:
    """The outlet printed right after the interviewer's name in the introduction."""
    for m in re.finditer(re.escape(name), context):
        after = _AFTER_NAME.match(context, m.end())
        outlet = _outlet(after.group(1)) if after else None
        if outlet:
            return outlet
    return None


def handoff_outlet(previous_turn: str) -> str | None:
    """The outlet a short moderator hand-off ends with ('... Ana Lopes from Daily Gazette.')."""
    previous_turn = previous_turn.strip()
    if not previous_turn or len(previous_turn) > 300:
        return None
    last = _SENTENCE_END.split(previous_turn)[-1]
    m = _HANDOFF.search(last) if len(last) <= 100 else None
    return _outlet(m.group(1)) if m else None


def intro_outlet(question: str) -> str | None:
    """The outlet a reporter introduces themselves with at the start of the question."""
    sentences = _SENTENCE_END.split(question.strip()[:300], maxsplit=3)[:3]
    for sentence in sentences:  # 'Good afternoon. Ana Lopes, Evening Post.'
        m = _NAME_COMMA.match(sentence + " ")
        if m and _outlet(m.group(1)):
            return _outlet(m.group(1))
    for sentence in sentences[:2]:  # 'Hi, I am Ana from ABC.': an acronym or 'The ...' is an outlet there
        m = _NAME_FROM.match(sentence + " ")
        outlet = _printed_outlet(m.group(1)) if m else None
        if outlet:
            return outlet
    head = " ".join(sentences[:2])[:250]
    for m in _SELF_INTRO.finditer(head):
        outlet = _outlet(m.group(1))
        if outlet:
            return outlet
    return None
