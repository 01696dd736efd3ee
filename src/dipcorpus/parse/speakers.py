"""Speaker identity: one canonical name and a stable id for every turn and statement speaker.

A printed speaker ('MR PRICE', 'The President', 'President of Russia Vladimir Putin', 'SECRETARY
BLINKEN') is resolved against the knowledge base's people and their dated roles, read on the
document's date for the document's country and office (`origin.py`):

- a known person's name or alias inside the label gives that person ('President of Russia
  Vladimir Putin' -> Vladimir Putin); a trailing word after a name is not part of it;
- a title alone ('The President', 'THE SECRETARY') gives the person who held that role of the
  document's country on its date (or, undated, the holder the document names);
- a surname after an honorific or title ('MR. PRICE') gives the known person of that surname the
  document names in full, else the one holding a role of the document's country on its date, else
  the full name printed in the document;
- anything else keeps its printed form, tidied (capitals to title case, 'MS.' -> 'Ms.'), with an
  id of its own: `name:<slug>` for a person, `label:<slug>` for an anonymous label ('Senior
  Administration Official'), `outlet:<slug>` for an asking outlet the knowledge base lacks.

Question turns keep their outlet name (the turn parser's convention) and get the KB media id.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from collections import Counter
from collections.abc import Callable

from dipcorpus.kb.loader import alias_key
from dipcorpus.kb.records import EntityRecord, KnowledgeBase
from dipcorpus.model import Document, Statement, Turn
from dipcorpus.parse.name_scan import given_surname
from dipcorpus.parse.names import is_person_name
from dipcorpus.parse.origin import HEAD, MINISTRY, Origin, find_origin
from dipcorpus.parse.speaker_names import (
    HONORIFICS,
    KbIndex,
    is_title_word,
    kb_index,
    slug,
    split_title,
    tidy,
)
from dipcorpus.parse.zh_text import simplified

__all__ = ["assign_speakers", "office_holder", "speaker_key"]

REPORTER = "reporter"
_QUESTION = "question"
_JOINT = re.compile(r"\s+(?:and|&)\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Chinese titles used alone as a label ('发言人' where the title names no spokesperson), in English
_ZH_TITLES = {"发言人": "Spokesperson", "外交部发言人": "Spokesperson", "主持人": "Moderator"}
_INITIAL = re.compile(r"[A-Z]\.")
_OFFICE_WORDS = {HEAD: ("white house", "kremlin", "president", "prime minister"), MINISTRY: ("state", "foreign")}


def speaker_key(name: str) -> str:
    """The comparison key of a speaker name (casefolded words)."""
    return alias_key(name)


class _Resolver:
    """Resolves printed speakers of one document."""

    def __init__(self, doc: Document, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.doc = doc
        self.index: KbIndex = kb_index(kb)
        header = " ".join(str(doc.header.get(k, "")) for k in ("description", "creator", "title"))
        self.context = f"{doc.title or ''}\n{header}\n{doc.text}"
        self.doc_names: dict[str, tuple[str, str]] = {}  # surname key -> (name, id), from this document
        self.cache: dict[str, tuple[str, str | None]] = {}

    # read on first use: most documents' speakers resolve without them (a KB name in the label)
    @functools.cached_property
    def origin(self) -> Origin:
        return find_origin(self.doc)

    @functools.cached_property
    def key_text(self) -> str:
        return f" {alias_key(self.context)} "

    # -- the knowledge base -------------------------------------------------------------------
    def mentions(self, person: EntityRecord) -> int:
        """How often the document prints the person's full name (or a multi-word alias)."""
        names = {alias_key(n) for n in (person.name, *person.aliases) if " " in n.strip()}
        return sum(self.key_text.count(f" {key} ") for key in names if key)

    def _person(self, person: EntityRecord) -> tuple[str, str]:
        return person.name, person.id

    def holders(self, title: str) -> list[EntityRecord]:
        """People who held a role matching `title` of the document's country on its date."""
        title = title.casefold()
        org = "org:un" if "secretary-general" in title or "secretary general" in title else self.origin.country
        out = []
        for person in self.index.people:
            for role in person.roles:
                if role.of != org or not _title_matches(role.title.casefold(), title):
                    continue
                if self.origin.date and not role.holds_on(self.origin.date):
                    continue
                out.append(person)
                break
        if not self.origin.date:  # undated: only a holder the document names
            out = [p for p in out if self.mentions(p) or self.key_text.count(f" {alias_key(p.surname)} ") > 0]
        return self._prefer(out, title)

    def _prefer(self, people: list[EntityRecord], title: str) -> list[EntityRecord]:
        if len(people) <= 1:
            return people
        words = _OFFICE_WORDS.get(self.origin.office or "", ())
        by_office = [
            p
            for p in people
            if any(w in r.title.casefold() for r in p.roles for w in words if _title_matches(r.title.casefold(), title))
        ]
        if len(by_office) == 1:
            return by_office
        named = [p for p in people if self.mentions(p)]
        return named if named else people

    def by_surname(self, surname: str, title: str) -> EntityRecord | None:
        people = self.index.surnames.get(alias_key(surname), [])
        if not people:
            return None
        named = sorted(((self.mentions(p), p.id) for p in people if self.mentions(p)), reverse=True)
        if named:
            return self.kb.entities[named[0][1]]
        country, date = self.origin.country, self.origin.date
        serving = [
            p
            for p in people
            if country
            and date
            and any(
                r.of == country and r.holds_on(date) and (not title or _title_matches(r.title.casefold(), title))
                for r in p.roles
            )
        ]
        if len(serving) == 1:
            return serving[0]
        if not country and date:  # the country unknown: the one person of that surname in office then
            in_office = [p for p in people if any(r.holds_on(date) for r in p.roles)]
            if len(in_office) == 1:
                return in_office[0]
        # the KB lists a bare surname as an alias only where it is distinctive ('Obama', 'Psaki')
        listed = [p for p in people if any(alias_key(a) == alias_key(surname) for a in p.aliases)]
        return listed[0] if len(listed) == 1 else None

    # -- the document ----------------------------------------------------------------------------
    def printed_full(self, surname: str) -> str | None:
        """A full name the document prints for `surname` ('Denis McDonough' for 'MCDONOUGH'): the
        most frequent given name(s) written before it in mixed case, the shorter on a tie."""
        counts: Counter[str] = Counter()
        for m in given_surname(self.context, surname):  # one or two capitalised words, then the surname
            given, printed = self.context[m.start : m.mid].split(), self.context[m.mid : m.end]
            if not printed[0].isupper() or printed.isupper() or any(g.isupper() and len(g) > 2 for g in given):
                continue
            while given and (is_title_word(given[0]) or not (is_person_name(given[0]) or _INITIAL.fullmatch(given[0]))):
                given = given[1:]  # 'Secretary', 'As' ('As Todd said') are not given names
            if not given or is_title_word(given[-1]):
                continue
            for k in range(1, len(given) + 1):
                if not re.fullmatch(r"[A-Z]\.", given[-k]):
                    counts[" ".join([*given[-k:], printed])] += 1
        if not counts:
            return None
        return min(counts, key=lambda name: (-counts[name], len(name.split()), name))

    def cased(self, name: str) -> str:
        """`name` as the document writes it in mixed case, else tidied."""
        if not name.isupper():
            return name
        m = re.search(r"(?<![\w-])" + r"[ \u00a0]+".join(re.escape(w) for w in name.split()) + r"(?![\w-])",
                      self.context, re.IGNORECASE)  # fmt: skip
        if m and not m.group(0).isupper():
            return " ".join(m.group(0).split())
        return tidy(name)

    # -- resolution ----------------------------------------------------------------------------
    def resolve(self, printed: str) -> tuple[str, str | None]:
        if printed not in self.cache:
            self.cache[printed] = self._resolve(printed)
        return self.cache[printed]

    def _resolve(self, printed: str) -> tuple[str, str | None]:
        clean = " ".join(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", printed).split()).strip(" :：,")
        if _CJK.search(clean):
            return self._resolve_zh(clean)
        person = self.index.find_in(clean)
        if person is not None:
            return self._person(person)
        lead, rest = split_title(clean, self.index)
        title = " ".join(w for w in lead if w.casefold().rstrip(".") not in HONORIFICS and w.casefold() != "the")
        if not rest:
            holders = self.holders(title) if title else []
            if len(holders) == 1:
                return self._person(holders[0])
            label = tidy(clean)
            return label, f"label:{slug(label)}"
        rest = self._without_outlet(rest)
        if len(rest) == 1:
            return self._surname(clean, lead, rest[0], title)
        name = self.cased(" ".join(rest))
        return name, f"name:{slug(name)}"

    def _resolve_zh(self, clean: str) -> tuple[str, str | None]:
        """A Chinese label: the KB person it names (canonical English name), else a title alone
        ('发言人': the one holder of the office then, else 'Spokesperson' as an anonymous label),
        else the printed form with an id of its own."""
        person = self.index.find_zh(clean)
        if person is not None:
            return self._person(person)
        title = _ZH_TITLES.get(simplified(clean))
        if title is None:
            return clean, f"name:{slug(clean)}"
        holders = self.holders(title.casefold())
        return self._person(holders[0]) if len(holders) == 1 else (title, f"label:{slug(title)}")

    def _surname(self, clean: str, lead: list[str], surname: str, title: str) -> tuple[str, str | None]:
        person = self.by_surname(surname, title)
        if person is not None:
            return self._person(person)
        known = self.doc_names.get(alias_key(surname))
        if known:
            return known
        full = self.printed_full(surname)
        if full:
            person = self.index.names.get(alias_key(full))
            return (person.name, person.id) if person else (full, f"name:{slug(full)}")
        honorific = [w for w in lead if w.casefold().rstrip(".") in HONORIFICS]
        shown = tidy(" ".join([*(honorific or lead), surname]))
        return shown, f"name:{slug(shown)}"

    def _without_outlet(self, words: list[str]) -> list[str]:
        """'Invented Daily Jo Quill' -> 'Jo Quill': an outlet's name before a journalist's name."""
        for n in (3, 2, 1):
            if len(words) >= n + 2 and alias_key(" ".join(words[:n])) in self.index.media:
                return words[n:]
        return words


# a word before an office that makes it another, lower office ('vice president' is not 'president')
_RANKS = frozenset({"vice", "deputy", "assistant", "under", "associate", "adjunct"})


def _title_matches(role_title: str, title: str) -> bool:
    """'white house press secretary' matches 'press secretary'; 'secretary of state' 'secretary';
    'vice president' and 'deputy press secretary' do not match 'president' and 'press secretary'."""
    title = title.casefold().strip()
    if not title:
        return False
    if role_title == title or role_title.startswith((title + " of ", title + " to ")):
        return True
    head = role_title[: -len(title)].split() if role_title.endswith(" " + title) else []
    return bool(head) and head[-1] not in ("the", "for", "of", "to") and head[-1] not in _RANKS


def _honorific_first(name: str) -> bool:
    return name.split()[0].rstrip(".").casefold() in HONORIFICS


def _near(a: str, b: str) -> bool:
    return len(a) >= 5 and abs(len(a) - len(b)) <= 1 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def _merge_misspelt(resolved: dict[str, tuple[str, str | None]]) -> dict[str, tuple[str, str | None]]:
    """A surname-only speaker one letter away from another speaker's surname is that speaker."""
    full = {
        v
        for v in resolved.values()
        if v[1] and v[1].startswith(("person:", "name:")) and " " in v[0] and not _honorific_first(v[0])
    }
    out = dict(resolved)
    for printed, (name, sid) in resolved.items():
        words = name.split()
        if not sid or not sid.startswith("name:") or len(words) != 2 or not _honorific_first(name):
            continue
        for other in full:
            other_surname = other[0].split()[-1].casefold()
            if other != (name, sid) and _near(words[1].casefold(), other_surname):
                out[printed] = other
                break
    return out


_HANDOFF = re.compile(r"(?:^|,[ \u00a0]+)([A-Z][a-z]{1,15})[.!]?$")
_LINE_BREAK = re.compile(r"\n|\\n")  # a real line break, or an escaped one in a bytes-repr page
_ESCAPES = re.compile(r"\\x[0-9a-f]{2}|\\[tr]")
_NOT_GIVEN = frozenset({"thanks", "please", "yes", "okay", "everyone", "everybody", "all", "you", "again", "sir"})


def _handed_over(
    doc: Document, res: _Resolver, resolved: dict[str, tuple[str, str | None]]
) -> dict[str, tuple[str, str | None]]:
    """'Mr. Stoneking' whose turns follow a hand-off line ending in 'Dan.' is 'Dan Stoneking'."""
    givens: dict[str, Counter[str]] = {}
    for turn in doc.turns:
        name, sid = resolved.get(turn.speaker, ("", None))
        if not sid or not sid.startswith("name:") or len(name.split()) != 2 or not _honorific_first(name):
            continue
        before = doc.text[max(0, (turn.label_start or turn.start) - 200) : turn.label_start or turn.start]
        lines = [ln for ln in (_ESCAPES.sub(" ", ln).strip() for ln in _LINE_BREAK.split(before)) if ln]
        m = _HANDOFF.search(lines[-1]) if lines else None
        given = m.group(1) if m else ""
        if given and given.casefold() not in _NOT_GIVEN and not is_title_word(given) and not _is_place(res, given):
            givens.setdefault(turn.speaker, Counter())[given] += 1
    out = dict(resolved)
    for printed, counts in givens.items():
        full = f"{counts.most_common(1)[0][0]} {resolved[printed][0].split()[-1]}"
        person = res.index.names.get(alias_key(full))
        out[printed] = (person.name, person.id) if person else (full, f"name:{slug(full)}")
    return out


def _is_place(res: _Resolver, word: str) -> bool:
    return alias_key(word) in res.index.places


def _outlet(kb_idx: KbIndex, speaker: str) -> str | None:
    key = alias_key(speaker)
    if not key or key == REPORTER:
        return None
    media = kb_idx.media.get(key)
    return media.id if media else f"outlet:{slug(speaker)}"


def office_holder(doc: Document, kb: KnowledgeBase) -> Callable[[str], str | None]:
    """A lookup from an office named alone ('President', 'Secretary') to the person who held it for
    the document's country on its date, when exactly one did (as for a turn labelled 'THE
    PRESIDENT'); the knowledge base is read only when the lookup is first used."""
    resolver: _Resolver | None = None

    def holder(title: str) -> str | None:
        nonlocal resolver
        resolver = resolver or _Resolver(doc, kb)
        people = resolver.holders(title)
        return people[0].name if len(people) == 1 else None

    return holder


def assign_speakers(doc: Document, *, kb: KnowledgeBase) -> Document:
    """`doc` with each turn's and statement's speaker canonical and its `speaker_id` set."""
    if not doc.turns and not doc.statements:
        return doc
    res = _Resolver(doc, kb)
    printed = [t.speaker for t in doc.turns if t.role != _QUESTION and t.speaker.strip()]
    for name in sorted(set(printed), key=lambda s: -len(s.split())):  # full names first
        name_out, sid = res.resolve(name)
        if sid and " " in name_out and not _honorific_first(name_out):
            res.doc_names.setdefault(alias_key(name_out.split()[-1]), (name_out, sid))
    resolved = {p: res.resolve(p) for p in set(printed)}
    resolved = _merge_misspelt(_handed_over(doc, res, resolved))
    turns = tuple(_turn(t, res, resolved) for t in doc.turns)
    statements = tuple(_statement(s, res) for s in doc.statements)
    return dataclasses.replace(doc, turns=turns, statements=statements)


def _turn(turn: Turn, res: _Resolver, resolved: dict[str, tuple[str, str | None]]) -> Turn:
    if turn.role == _QUESTION:
        key = alias_key(turn.speaker)
        if key in res.index.media or key == REPORTER:
            return dataclasses.replace(turn, speaker_id=_outlet(res.index, turn.speaker))
        media = res.index.find_zh_media(turn.speaker) if _CJK.search(turn.speaker) else None
        if media is not None:  # a Chinese outlet: the KB's English name
            return dataclasses.replace(turn, speaker=media.name, speaker_id=media.id)
        name, sid = res.resolve(turn.speaker)
        if sid and sid.startswith("person:"):  # an official's line read as a question
            return dataclasses.replace(turn, speaker=name, speaker_id=sid)
        return dataclasses.replace(turn, speaker_id=_outlet(res.index, turn.speaker))
    if not turn.speaker.strip():
        return turn  # an address whose speaker neither the text nor the source names
    name, sid = resolved.get(turn.speaker) or res.resolve(turn.speaker)
    if name == turn.speaker and sid == turn.speaker_id:
        return turn  # nothing to change: no copy
    return dataclasses.replace(turn, speaker=name, speaker_id=sid)


def _statement(st: Statement, res: _Resolver) -> Statement:
    parts = _JOINT.split(st.speaker)
    if len(parts) > 1:
        names = [res.resolve(p) for p in parts]
        if all(sid and sid.startswith("person:") for _, sid in names):
            return dataclasses.replace(st, speaker=" and ".join(n for n, _ in names), speaker_id=None)
        return st
    name, sid = res.resolve(st.speaker)
    if not sid or not (sid.startswith("person:") or _personal(name)):
        return st  # a group, a pronoun or an unnamed official: the printed form stays, no identity
    return dataclasses.replace(st, speaker=name, speaker_id=sid)


_NOT_PERSONAL = frozenset(
    {"both", "the", "all", "some", "someone", "critics", "he", "she", "they", "we", "it", "this", "that", "these",
     "those", "many", "others", "officials", "sides", "parties", "leaders", "ministers", "people"}
)  # fmt: skip


def _personal(name: str) -> bool:
    """A name of a person: two or more capitalised words, none a pronoun or a collective word."""
    words = name.split()
    return (
        len(words) >= 2
        and all(w[:1].isupper() for w in words)
        and not any(w.casefold().strip(".") in _NOT_PERSONAL for w in words)
    )
