"""Entity annotation: countries, regions, organisations, media and people, linked to the
knowledge base's canonical ids.

One automaton pass finds every name (see `dipcorpus.kb.matcher`); the longest match wins
("China Daily" is an outlet, not China). Cheap checks then keep or drop a few kinds of hit:
money ("US$240 billion" is not the United States), ambiguous names ("Georgia", "Jordan", "Chad"
need country context), capitals ("Beijing said" is the government, "in Beijing" a place). Role
titles give people a name, role and country ("Foreign Minister X of Y"), acronyms defined in the
text ("Shanghai Cooperation Organization (SCO)") become aliases within the document, and a
person named in full may afterwards be named by surname alone. Chinese text is read by
`zh_entities` (same ids, the canonical English names).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from dipcorpus.annotate.given_names import GIVEN, east_asian_surnames
from dipcorpus.annotate.names import (
    find_appositive_names,
    find_long_list_given,
    find_surname_first,
    name_slug,
    speaker_names,
)
from dipcorpus.annotate.open_class import add_org_names, as_known, document_names, new_people, within_line
from dipcorpus.annotate.orgs import ORG_HEADS
from dipcorpus.annotate.words import (
    GIVEN_NAMES,
    HONORIFIC_WORDS,
    MONTHS,
    NAMED_AFTER_PLACE,
    PERSON_TITLE_WORDS,
    QUALIFIERS,
    STOP,
    TITLE_EXTRA,
)
from dipcorpus.annotate.zh_entities import with_twins, zh_entity_hits
from dipcorpus.annotate.zh_people import zh_people_entities
from dipcorpus.annotate.zh_segment import has_cjk
from dipcorpus.kb import EntityRecord, KnowledgeBase, Role
from dipcorpus.kb.matcher import Hit, Matcher, MatcherCache, Pattern, TextView, is_acronym, select_longest, text_view
from dipcorpus.model import Document, Entity, Turn

__all__ = ["PersonMention", "annotate_entities", "entity_matcher", "find_entities", "find_people", "name_slug"]

_PREV_WORD = re.compile(r"([\w.’'\-]+)([^\w]*)$")
_NEXT_WORD = re.compile(r"^([^\w]*)([\w’'\-]+)")
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪİĶĹĽŁŃŇŌŐŒŔŘŚŞŠŢŤŪŮŰŹŻŽ"  # Latin capitals, accented ones too
_NAME_PART = rf"(?:[{_UPPER}][\w'’\-]*\.?|(?:bin|ibn|al|el|de|da|dos|van|von|der|le|la|du)(?=\s[A-Z]))"
_NAME = re.compile(rf"[ ]({_NAME_PART}(?:[ ]{_NAME_PART}){{0,4}})")
_OF = re.compile(r"^ of (?:the )?")
_NOT_NAME_WORDS = frozenset({"En", "Route", "Via"})  # 'Administrator Jane Roe En Route X' in a headline
_CAPS = re.compile(r"(M(?:RS?|S)|DR)\.? ((?:Mc|Mac|O['’])?[A-Z][A-Z'’\-]{2,})\b(?!\.)")


@functools.lru_cache(maxsize=4)  # read twice per text: for titles, then for surnames
def _caps_honorifics(norm: str) -> tuple[re.Match[str], ...]:
    """'MR. ROE', 'MS. McROE': an honorific and a surname in capitals (a leading literal keeps the
    scan fast; the word boundary before it is checked here)."""
    return tuple(m for m in _CAPS.finditer(norm) if not norm[m.start() - 1 : m.start()].isalpha())


_ACRONYM_DEF = re.compile(r"\(\s*([A-Z][A-Za-z0-9&+.\-]{0,8}[A-Z0-9])\s*\)")


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonMention:
    """A person named in the text, with the role and country the text (or the KB, for the
    document's date) gives them. `known` is False for people not in the knowledge base."""

    start: int
    end: int
    id: str
    name: str
    role: str | None
    country: str | None
    known: bool


def find_entities(doc: Document, *, kb: KnowledgeBase) -> Document:
    """`doc` with `entities` set to the KB-linked entity spans of its text."""
    entities, _ = annotate_entities(doc.text, kb=kb, date=doc.date, turns=doc.turns or (), title=doc.title)
    if has_cjk(doc.text):  # Chinese person names (annotate/zh_people.py)
        entities += zh_people_entities(doc.text, kb=kb, title=doc.title, date=doc.date)
        entities.sort(key=lambda e: e.start)
    return dataclasses.replace(doc, entities=tuple(entities))


def find_people(doc: Document, *, kb: KnowledgeBase) -> list[PersonMention]:
    """The people named in `doc`, with role and country where known."""
    return annotate_entities(doc.text, kb=kb, date=doc.date, turns=doc.turns or (), title=doc.title)[1]


def annotate_entities(
    text: str,
    *,
    kb: KnowledgeBase,
    date: str | None = None,
    turns: Sequence[Turn] = (),
    title: str | None = None,
) -> tuple[list[Entity], list[PersonMention]]:
    """Entities and person mentions of `text`; `turns` (when parsed) give speakers' names; the
    people `title` names in full resolve a title and a surname in the text ('Minister Roe:' under
    a title 'Press Conference by Minister Jane Roe')."""
    speakers = [n for n in speaker_names(text, turns, _kb_index(kb)[1]) if not entity_matcher(kb).knows(n)]
    view = text_view(text)
    matcher = entity_matcher(kb)
    hits = [h for h in matcher.scan(view) if not _is_money(view.norm, h) and not _is_code(view.norm, h)]
    main = select_longest(h for h in hits if h.pattern.kind in ("entity", "block"))
    titles = select_longest(h for h in hits if h.pattern.kind in ("title", "honorific"))
    cues = {"given": [], "head": []}  # type: dict[str, list[Hit]]
    for h in hits:
        if h.pattern.kind in cues and view.norm[h.start : h.end] == h.pattern.alias:
            cues[h.pattern.kind].append(h)
    cues["given"] = sorted([*cues["given"], *find_long_list_given(view.norm)], key=lambda h: h.start)
    ctx = _Context(view.norm, kb, main, matcher)
    # persons in Chinese text come from annotate/zh_people.py (find_entities): dates, titles, '·' names
    zh_hits = [h for h in zh_entity_hits(view.norm, kb) if not h.pattern.target.startswith("person:")]
    accepted = [h for h in main if ctx.keep(h)] + zh_hits
    pairs = _kb_index(kb)[2]
    in_title = _title_people(title, kb, date)
    people = [
        (as_known(pairs, cut), role)
        for h, role in _people_from_titles(ctx, titles, accepted, date, matcher, in_title)
        if (cut := within_line(view, h, after_title=True) if h.pattern.flag == "new" else h) is not None
    ]
    seen = set(accepted)
    accepted += [h for h, _ in people if h not in seen]
    accepted = _drop_designations(ctx, _apply_acronyms(ctx, accepted))
    appositive = [*find_appositive_names(view.norm, titles, matcher.knows), *find_surname_first(view.norm)]
    newcomers = [as_known(pairs, h) for h in new_people(view, accepted, speakers, cues["given"], appositive)]
    accepted += newcomers
    accepted += _surname_hits(ctx, [*accepted, *in_title], matcher)
    final = select_longest(accepted)
    names = {h.pattern.target: h.pattern.alias for h in [*in_title, *newcomers]}
    names.update({h.pattern.target: h.pattern.alias for h, _ in people})
    mentions = _person_mentions(view, kb, final, people, names, date)
    final = add_org_names(
        view, final, cues["head"], kb=kb, matcher=matcher, type_of=ctx.type_of, title_words=PERSON_TITLE_WORDS
    )
    final = _with_places_in_org_names(ctx, hits, final)
    final = with_twins(final, zh_hits)  # 港澳: one word, two ids
    doc_names = document_names(view.norm, kb, final)
    return [_entity(view, kb, h, names, doc_names) for h in final], mentions


_MATCHERS = MatcherCache()


def entity_matcher(kb: KnowledgeBase) -> Matcher:
    """The automaton over every entity name, block phrase, title and honorific of `kb` (cached per KB)."""

    def fill(matcher: Matcher) -> None:
        for ent in kb.entities.values():
            _add_entity(matcher, ent)
        for phrase in kb.rules.not_entities:
            matcher.add(phrase, Pattern("block", "", phrase, phrase, is_acronym(phrase)))
        for title, family in kb.rules.titles.items():
            matcher.add(title, Pattern("title", family, title, title))
        for word in kb.rules.honorifics:
            matcher.add(word, Pattern("honorific", "", word, word))
        for word in GIVEN:  # cues for the open-class rules (annotate/names.py, orgs.py); the long list is
            matcher.add(word, Pattern("given", "", word, word))  # found by names.find_long_list_given
        for word in ORG_HEADS:
            matcher.add(word, Pattern("head", "", word, word))

    return _MATCHERS.get(kb, fill)


def _add_entity(matcher: Matcher, ent: EntityRecord) -> None:
    ambiguous = set(ent.ambiguous)
    surname = ent.surname if ent.type == "person" else ""
    groups = (((ent.name, *ent.aliases), ""), (ent.adjectives, "adjective"), (ent.capitals, "capital"))
    for names, flag in groups:
        for alias in names:
            mark = "ambiguous" if alias in ambiguous else ("surname" if alias == surname else flag)
            matcher.add(alias, Pattern("entity", ent.id, alias, alias, is_acronym(alias), mark))


_PLACE_IN_NAME = re.compile(r" (?:in|for)(?: the)? $")


def _with_places_in_org_names(ctx: _Context, hits: Sequence[Hit], final: list[Hit]) -> list[Hit]:
    """A country named after 'in' or 'for' inside a KB organisation's name stays a mention: the place
    of a mission or an office ('United Nations Mission in Liberia' names Liberia), as a country inside
    a name found by its shape does. 'Workers' Party of Korea', 'Bank of China' keep the name whole."""
    orgs = [h for h in final if h.pattern.target in ctx.kb.entities and ctx.type_of(h.pattern.target) == "organization"]
    if not orgs:
        return final
    taken = set(final)
    inner = [
        h
        for h in hits
        if h.pattern.kind == "entity"
        and not h.pattern.flag
        and h not in taken
        and ctx.type_of(h.pattern.target) == "country"
        and any(
            o.start < h.start and h.end <= o.end and _PLACE_IN_NAME.search(ctx.norm, o.start, h.start) for o in orgs
        )
    ]
    if not inner:
        return final
    return sorted([*final, *select_longest(inner)], key=lambda h: (h.start, -h.end))


def _is_money(norm: str, hit: Hit) -> bool:
    after = norm[hit.end : hit.end + 2]
    return after.startswith("$") or after == " $" or (hit.start > 0 and norm[hit.start - 1] == "$")


_CODE_NUMBER = re.compile(r" \d{5,}(?!\w)")


def _is_code(norm: str, hit: Hit) -> bool:
    """An acronym followed by a long number is an identifier ('IMO 9160994' is a ship's number)."""
    return hit.pattern.acronym and _CODE_NUMBER.match(norm, hit.end) is not None


def _prev_word(norm: str, pos: int) -> tuple[str, str]:
    m = _PREV_WORD.search(norm, max(0, pos - 40), pos)
    return (m.group(1), m.group(2)) if m else ("", "")


def _next_word(norm: str, pos: int) -> tuple[str, str]:
    m = _NEXT_WORD.match(norm[pos : pos + 40])
    return (m.group(2), m.group(1)) if m else ("", "")


def _capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


class _Context:
    """What the document says around a hit: used to keep or drop ambiguous names."""

    def __init__(self, norm: str, kb: KnowledgeBase, main: Sequence[Hit], matcher: Matcher) -> None:
        self.norm = norm
        self.kb = kb
        self.matcher = matcher
        firm = [h for h in main if h.pattern.kind == "entity" and h.pattern.flag in ("", "adjective")]
        self.firm_ids = {h.pattern.target for h in firm}
        self.country_starts = sorted(h.start for h in firm if self.type_of(h.pattern.target) == "country")

    def type_of(self, target: str) -> str:
        ent = self.kb.entities.get(target)
        return ent.type if ent else _unknown_type(target)

    def keep(self, hit: Hit) -> bool:
        flag = hit.pattern.flag
        if hit.pattern.kind != "entity":
            return False
        if flag == "capital":
            return self._capital_ok(hit)
        if flag == "ambiguous":
            return self._ambiguous_ok(hit)
        if flag == "surname":
            return self.surname_ok(hit)
        if flag == "adjective":  # "Mark Cuban" is a person's surname; "Sino-Indian" stays
            if self.norm[max(0, hit.start - 6) : hit.start].lower().endswith(("inter-", "pan-")):
                return False  # "inter-American", "pan-African": of a whole region
            return self.norm[hit.start - 1 : hit.start] != " " or not self._after_name(hit)
        return True

    def _after_name(self, hit: Hit) -> bool:
        """A capitalised word before the hit that is not a title: part of a longer name."""
        word, sep = _prev_word(self.norm, hit.start)
        if not _capitalised(word) or sep.strip():
            return False
        before = self.norm[max(0, hit.start - len(word) - len(sep) - 3) : hit.start - len(word) - len(sep)]
        sentence_start = not before.strip() or before.rstrip()[-1:] in '.:;!?"“'
        titles = self.kb.rules.titles
        honorific = word.rstrip(".").title() in HONORIFIC_WORDS
        return not sentence_start and word not in titles and word.title() not in titles and not honorific

    def _capital_ok(self, hit: Hit) -> bool:
        prev, _ = _prev_word(self.norm, hit.start)
        nxt, sep = _next_word(self.norm, hit.end)
        if prev in self.kb.rules.locatives or self._after_name(hit):
            return False
        if not sep.strip() and (nxt.lower() in NAMED_AFTER_PLACE or self._names_after(hit.end + len(sep + nxt))):
            return False  # "the Minsk agreements", "the Paris climate agreement": named after the place
        if self._listed_with_places(hit):
            return False  # "Tehran, Karaj and Tabriz": a city among cities
        return not (_capitalised(nxt) and (not sep.strip() or nxt in MONTHS))

    def _names_after(self, pos: int) -> bool:
        """A lower-case word, then a word like 'agreement' ('Paris climate agreement')."""
        nxt, sep = _next_word(self.norm, pos)
        return sep == " " and nxt.lower() in NAMED_AFTER_PLACE and self.norm[pos - 1 : pos].islower()

    def _listed_with_places(self, hit: Hit) -> bool:
        """Listed next to a capitalised name the KB does not know: a place among places."""
        m = _LIST_NEXT.match(self.norm[hit.end : hit.end + 40])
        word = m.group(1) if m else ""
        if not word:
            m = _LIST_PREV.search(self.norm[max(0, hit.start - 40) : hit.start])
            word = m.group(1) if m else ""
        return bool(word) and word not in STOP and not self.matcher.knows(word)

    def _ambiguous_ok(self, hit: Hit) -> bool:
        target = hit.pattern.target
        if target in self.firm_ids:
            return True
        ent = self.kb.entities.get(target)
        if ent is not None and ent.context:
            return any(c in self.firm_ids for c in ent.context)
        if self._after_name(hit):
            return False
        nxt, sep = _next_word(self.norm, hit.end)
        if _capitalised(nxt) and not sep.strip() and nxt not in ("and",):
            return False
        window = self.norm[max(0, hit.start - 80) : hit.end + 80]
        words = set(re.findall(r"[\w.]+", window))
        if words & self.kb.rules.not_country_context:
            return False
        return bool(words & self.kb.rules.country_context) or self._near_country(hit)

    def _near_country(self, hit: Hit) -> bool:
        i = bisect.bisect_left(self.country_starts, hit.start - 40)
        return i < len(self.country_starts) and self.country_starts[i] <= hit.end + 40

    def surname_ok(self, hit: Hit) -> bool:
        """Not inside a longer name: after a capitalised word ('Ivanka Trump' is not him), or
        before one ('Trump Tower', 'Trump Jr.'); speaker labels in capitals are exempt."""
        if self._after_name(hit):
            return False
        nxt, sep = _next_word(self.norm, hit.end)
        surface = self.norm[hit.start : hit.end]
        return not (sep == " " and _capitalised(nxt) and not surface.isupper() and nxt not in ("I",))


_LIST_NEXT = re.compile(r"^(?:, (?:and |or )?| (?:and|or) )([A-Z][\w’'\-]*)")
_LIST_PREV = re.compile(r"([A-Z][\w’'\-]*)(?:,? and |,? or )$")


def _role_matches(role: Role, family: str) -> bool:
    title = role.title.lower().replace("-", " ")
    fam = family.lower().replace("-", " ")
    if not re.search(rf"(?<!\w){re.escape(fam)}(?!\w)", title):
        return False
    return not any(q in title.split() and q not in fam.split() for q in QUALIFIERS)


_Index = tuple[dict[str, tuple[str, ...]], frozenset[str], dict[tuple[str, str], str]]
_INDEXES: dict[int, tuple[KnowledgeBase, _Index]] = {}


def _kb_index(kb: KnowledgeBase) -> _Index:
    """Per KB (cached): person ids by casefolded surname, every word of a role title, and person
    ids by (first word, last word) of their name (given-name-first names only, unique pairs)."""
    cached = _INDEXES.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    surnames: dict[str, list[str]] = {}
    pairs: dict[tuple[str, str], list[str]] = {}
    for ent in kb.of_type("person"):
        surnames.setdefault(ent.surname.casefold(), []).append(ent.id)
        words = ent.name.split()
        if len(words) >= 2 and not ent.family_first:
            pairs.setdefault((words[0].casefold(), words[-1].casefold()), []).append(ent.id)
    title_words = frozenset({w for title in kb.rules.titles for w in title.split()} | TITLE_EXTRA)
    if len(_INDEXES) >= 4:
        _INDEXES.clear()
    index = (
        {k: tuple(v) for k, v in surnames.items()},
        title_words,
        {k: v[0] for k, v in pairs.items() if len(v) == 1},
    )
    _INDEXES[id(kb)] = (kb, index)
    return index


def _by_surname(kb: KnowledgeBase, surname: str, family: str, date: str | None) -> str | None:
    """The one KB person of that surname whose role on `date` fits the title `family`; with no
    title ('MR. ROE:'), the one of that surname, or else the one of them in office on `date`."""
    found = []
    for ent_id in _kb_index(kb)[0].get(surname.casefold(), ()):
        roles = kb.role_at(ent_id, date)
        if not family or any(_role_matches(r, family) for r in roles):
            found.append(ent_id)
    if len(found) > 1 and not family and date:
        found = [ent_id for ent_id in found if kb.role_at(ent_id, date)] or found
    return found[0] if len(found) == 1 else None


def _title_people(title: str | None, kb: KnowledgeBase, date: str | None) -> list[Hit]:
    """The people a document's title names in full, as hits with no place in the text."""
    if not title:
        return []
    found = annotate_entities(title, kb=kb, date=date)[0]
    return [Hit(-1, -1, Pattern("entity", e.id, e.name, flag="title")) for e in found if e.type == "person"]


def _people_from_titles(
    ctx: _Context,
    titles: Sequence[Hit],
    accepted: Sequence[Hit],
    date: str | None,
    matcher: Matcher,
    elsewhere: Sequence[Hit] = (),
) -> list[tuple[Hit, str]]:
    """People introduced by a title: (hit, role title). Known people named in full are already
    in `accepted`; a title with a surname resolves through the roles, or else through a full name
    in the same document ('President Steinmeier' after 'Frank-Walter Steinmeier'), or names
    nobody we can tell apart ('Chairman Kim'); other names become new ids."""
    starts = {h.start: h for h in accepted}
    out: list[tuple[Hit, str]] = []
    pending: list[tuple[Hit, str]] = []
    for caps in _caps_honorifics(ctx.norm):  # 'MR. ROE:' in a transcript's speaker labels
        surname, role = caps.group(2), caps.group(1).title()
        if caps.start(2) in starts or surname.title() in STOP or surname.title() in _kb_index(ctx.kb)[1]:
            continue
        kb_id = _by_surname(ctx.kb, surname, "", date) or ""  # the KB's, unless the text names another
        pending.append((Hit(caps.start(2), caps.end(2), Pattern("entity", kb_id, surname, flag="title")), role))
    for title in titles:
        dot = title.pattern.kind == "honorific" and ctx.norm[title.end : title.end + 1] == "."
        after = title.end + dot
        of = _OF.match(ctx.norm[after : after + 8])
        place = starts.get(after + of.end()) if of else None
        if place is not None and ctx.type_of(place.pattern.target) in ("country", "region"):
            after = place.end  # 'Minister for Foreign Affairs of Zembla Jane Roe'
        m = _NAME.match(ctx.norm, after)
        if m is None:
            continue
        tokens = _name_tokens(m.group(1), ctx.kb, matcher)
        if not tokens:
            continue
        start = m.start(1)
        known = starts.get(start)
        if known is not None:
            if ctx.type_of(known.pattern.target) == "person":
                out.append((known, title.pattern.alias))
            continue
        end = start + len(" ".join(tokens))
        name = " ".join(t.title() if t.isupper() and len(t) > 2 else t for t in tokens)
        if len(tokens) > 1 and tokens[0].isupper() and len(tokens[0]) > 2 and not any(t.isupper() for t in tokens[1:]):
            name = " ".join([*tokens[1:], tokens[0].title()])  # 'Minister TANABE Kenji': family name in capitals first
        honorific = title.pattern.kind == "honorific"
        family = "" if honorific else title.pattern.target
        person_id = _by_surname(ctx.kb, tokens[0], family, date) if len(tokens) == 1 else None
        if person_id is not None and not honorific:
            pattern = Pattern("entity", person_id, name, flag="title")
        elif len(tokens) == 1:  # 'Mr. Roe': the Roe the text names in full, else the KB's
            hit = Hit(start, end, Pattern("entity", person_id or "", name, flag="title"))
            pending.append((hit, title.pattern.alias))
            continue
        else:
            pattern = Pattern("entity", f"person:{name_slug(name)}", name, flag="new")
        out.append((Hit(start, end, pattern), title.pattern.alias))
    return out + _by_full_name(ctx, pending, [*accepted, *(h for h, _ in out), *elsewhere])


def _by_full_name(ctx: _Context, pending: Sequence[tuple[Hit, str]], named: Iterable[Hit]) -> list[tuple[Hit, str]]:
    """Title + one-word name: the one person of the document named in full with that surname, or
    else the KB person a pending hit already carries (an honorific's surname)."""
    full: dict[str, set[tuple[str, str]]] = {}
    for hit in named:
        if ctx.type_of(hit.pattern.target) != "person":
            continue
        ent = ctx.kb.entities.get(hit.pattern.target)
        name = ent.name if ent is not None else hit.pattern.alias
        if " " in name and " " in hit.pattern.alias.strip():  # printed in full, not 'Secretary Roe'
            surname = ent.surname if ent is not None else name.split()[-1]
            full.setdefault(surname.casefold(), set()).add((hit.pattern.target, name))
            first = name.split()[0]
            if ent is None and first in east_asian_surnames() and first not in GIVEN:
                full.setdefault(first.casefold(), set()).add((hit.pattern.target, name))  # 'Lim Wei Ming'

    out = []
    other: dict[tuple[str, str], bool] = {}  # (KB id, surname) -> another person of that name printed
    for hit, role in pending:
        found = full.get(hit.pattern.alias.casefold(), set())
        if len(found) == 1:
            target, name = next(iter(found))
            out.append((Hit(hit.start, hit.end, Pattern("entity", target, name, flag="title")), role))
        elif hit.pattern.target:
            key = (hit.pattern.target, hit.pattern.alias.casefold())
            if key not in other:
                other[key] = _other_full_name(ctx, *key)
            if not other[key]:
                out.append((hit, role))
    return out


def _other_full_name(ctx: _Context, person_id: str, surname: str) -> bool:
    """Does the text print a given name and this surname that are not the KB person's ('Ms. Roe'
    after 'Andrea Roe', when the KB's Roe is George)? Then the honorific is not the KB's."""
    ent = ctx.kb.entities.get(person_id)
    own = {w for n in ((ent.name, *ent.aliases) if ent is not None else ()) for w in n.split()}
    not_names = _kb_index(ctx.kb)[1] | STOP | HONORIFIC_WORDS | MONTHS | own
    pattern = re.compile(rf"(?<![\w.])([A-Z][a-z]+) (?i:{re.escape(surname)})(?![\w-])")
    return any(m.group(1) not in not_names and not ctx.matcher.knows(m.group(1)) for m in pattern.finditer(ctx.norm))


def _name_tokens(candidate: str, kb: KnowledgeBase, matcher: Matcher) -> list[str]:
    """The raw tokens of a name after a title, up to a stop word, a title word or a KB name of
    something that is not a person ('Secretary of State Washington, D.C.' names nobody)."""
    title_words = _kb_index(kb)[1]
    tokens: list[str] = []
    for raw in candidate.split(" "):
        token = raw[:-2] if raw.endswith(("'s", "’s")) else raw.rstrip(".")
        given = bool(tokens) and token in GIVEN_NAMES  # "Liu He": a name part, not a pronoun
        if not given and (token in STOP or token.title() in STOP or token in title_words or token in MONTHS):
            break
        if token.title() in title_words or token in _NOT_NAME_WORDS:
            break
        if token.rstrip(".") in HONORIFIC_WORDS or (matcher.knows(token) and not matcher.knows_person(token)):
            break
        tokens.append(raw[:-2] if raw.endswith(("'s", "’s")) else raw)
        initial = len(raw) <= 2 or raw.endswith(("Jr.", "Sr."))
        if token != raw and not initial:
            break
    while tokens and tokens[-1].endswith(".") and len(tokens[-1]) > 2 and not tokens[-1].endswith(("Jr.", "Sr.")):
        tokens[-1] = tokens[-1][:-1]
    while tokens and tokens[-1].islower():  # 'X de' when the name stops before its last word
        tokens.pop()
    return tokens


def _apply_acronyms(ctx: _Context, accepted: list[Hit]) -> list[Hit]:
    """'Long Name (ACR)': ACR names the long name's entity in this document; an acronym defined
    for an unknown long name hides the KB's meaning of it."""
    by_end = {h.end: h for h in accepted}
    local: dict[str, str] = {}
    undefined: set[str] = set()
    for m in _ACRONYM_DEF.finditer(ctx.norm):
        acr = m.group(1)
        before = ctx.norm[max(0, m.start() - 2) : m.start()]
        prev = by_end.get(m.start() - (len(before) - len(before.rstrip())))
        if prev is not None:
            local[acr] = prev.pattern.target
        elif _initials_match(ctx.norm[max(0, m.start() - 120) : m.start()], acr):
            undefined.add(acr)
    if not local and not undefined:
        return accepted
    kept = [h for h in accepted if h.pattern.alias not in undefined or h.pattern.target == local.get(h.pattern.alias)]
    added = []
    for acr, target in local.items():
        for m in re.finditer(rf"(?<![\w.]){re.escape(acr)}(?![\w])", ctx.norm):
            added.append(Hit(m.start(), m.end(), Pattern("entity", target, acr, flag="acronym")))
    return added + kept


_MEMBER_OF = re.compile(r"(?<![\w])Member of (?:the )?$")
_CHAIN_GAP = re.compile(r"(?: of(?: the)?| ?\(|\) ?| )+")


def _drop_designations(ctx: _Context, accepted: list[Hit]) -> list[Hit]:
    """'Member of the Political Bureau of the CPC Central Committee and Foreign Minister X': the
    organs there are part of X's title, not mentions of them (they would tag every readout that
    gives a Politburo member's full designation). The chain of organisations joined by 'of the'
    or parentheses after 'Member of the' is dropped; other mentions stay."""
    if "Member of" not in ctx.norm:
        return accepted
    orgs = sorted((h for h in accepted if ctx.type_of(h.pattern.target) == "organization"), key=lambda h: h.start)
    dropped: set[Hit] = set()
    prev: Hit | None = None
    for hit in orgs:
        chained = prev is not None and _CHAIN_GAP.fullmatch(ctx.norm[prev.end : hit.start]) is not None
        if _MEMBER_OF.search(ctx.norm[max(0, hit.start - 16) : hit.start]) or (chained and prev in dropped):
            dropped.add(hit)
        prev = hit
    return [h for h in accepted if h not in dropped]


def _initials_match(before: str, acr: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w\-]*", before) if w[0].isupper()]
    letters = "".join(w[0] for w in words)
    return len(acr) >= 2 and letters.endswith(acr.replace(".", "").upper())


def _surname_hits(ctx: _Context, accepted: Iterable[Hit], matcher: Matcher) -> list[Hit]:
    """After 'Jens Stoltenberg', 'Stoltenberg' alone names him in this document."""
    by_surname: dict[str, set[str]] = {}
    for hit in accepted:
        if ctx.type_of(hit.pattern.target) != "person":
            continue
        ent = ctx.kb.entities.get(hit.pattern.target)
        if (ent is not None and ent.family_first) or " " not in hit.pattern.alias.strip():
            continue  # only after the name printed in full, not 'Secretary Roe'
        name = ent.name if ent is not None else hit.pattern.alias
        parts = name.split()
        if len(parts) < 2 or len(parts[-1]) < 3:
            continue
        by_surname.setdefault(parts[-1], set()).add(hit.pattern.target)
        if ent is None and parts[0] in east_asian_surnames() and parts[0] not in GIVEN:
            by_surname.setdefault(parts[0], set()).add(hit.pattern.target)  # 'Yun' after 'Yun Byung-se'
    out = []
    for surname, ids in by_surname.items():
        if len(ids) != 1 or matcher.knows(surname):
            continue
        target = next(iter(ids))
        for start in _word_positions(ctx.norm, surname):
            hit = Hit(start, start + len(surname), Pattern("entity", target, surname, flag="surname"))
            if ctx.surname_ok(hit):
                out.append(hit)
    folded = {k.casefold(): ids for k, ids in by_surname.items() if len(ids) == 1}
    for m in _caps_honorifics(ctx.norm):  # 'MS. ROE:' after 'Jane Roe'
        one = folded.get(m.group(2).casefold())
        if one is not None:
            out.append(Hit(m.start(2), m.end(2), Pattern("entity", next(iter(one)), m.group(2), flag="surname")))
    return out


def _word_positions(norm: str, word: str) -> Iterator[int]:
    """Where `word` stands alone in `norm` (not inside a longer word or hyphenated name);
    `str.find` loops rather than one regex scan per word."""
    pos = norm.find(word)
    while pos != -1:
        end = pos + len(word)
        before = norm[pos - 1] if pos else " "
        after = norm[end] if end < len(norm) else " "
        if not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-"):
            yield pos
        pos = norm.find(word, end)


def _unknown_type(target: str) -> str:
    """The type of an id the KB does not hold: 'org:...' from the name-shape rule, else a person."""
    return "organization" if target.startswith("org:") else "person"


def _entity(view: TextView, kb: KnowledgeBase, hit: Hit, names: dict[str, str], doc_names: dict[str, str]) -> Entity:
    target = hit.pattern.target
    ent = kb.entities.get(target)
    kind = ent.type if ent else _unknown_type(target)
    name = doc_names.get(target, ent.name) if ent else names.get(target, hit.pattern.alias)
    end = hit.end + 1 if hit.pattern.alias.endswith(".") and view.norm[hit.end : hit.end + 1] == "." else hit.end
    return Entity(start=view.to_text(hit.start), end=view.to_text(end), type=kind, id=target, name=name)


def _person_mentions(
    view: TextView,
    kb: KnowledgeBase,
    final: Sequence[Hit],
    people: Sequence[tuple[Hit, str]],
    names: dict[str, str],
    date: str | None,
) -> list[PersonMention]:
    titled = {h.start: role for h, role in people}
    starts = [h.start for h in final]
    out = []
    for hit in final:
        ent = kb.entities.get(hit.pattern.target)
        if ent is not None and ent.type != "person":
            continue
        roles = kb.role_at(hit.pattern.target, date) if ent else []
        role = titled.get(hit.start) or (roles[0].title if roles else None)
        country = ent.country if ent else _country_after(view, kb, hit, final, starts)
        out.append(
            PersonMention(
                start=view.to_text(hit.start),
                end=view.to_text(hit.end),
                id=hit.pattern.target,
                name=ent.name if ent else names.get(hit.pattern.target, hit.pattern.alias),
                role=role,
                country=country,
                known=ent is not None,
            )
        )
    return out


def _country_after(
    view: TextView, kb: KnowledgeBase, hit: Hit, final: Sequence[Hit], starts: Sequence[int]
) -> str | None:
    """'X of Y' or 'Y's/Yian Title X': the country of an unknown person. `starts`: the hits'
    starts, to look only at hits near this one."""
    m = _OF.match(view.norm[hit.end : hit.end + 10])
    lo = bisect.bisect_left(starts, hit.start - 200)
    hi = bisect.bisect_right(starts, hit.end + 12)
    for other in final[lo:hi]:
        ent = kb.entities.get(other.pattern.target)
        if ent is None or ent.type not in ("country", "organization"):
            continue
        if m is not None and other.start == hit.end + m.end():
            return ent.id
        if 0 < hit.start - other.end <= 40 and ent.type == "country":
            between = view.norm[other.end : hit.start]
            if re.fullmatch(r"(?:['’]s)?\s+(?:[A-Z][\w\-]*\s+){1,4}", between):
                return ent.id
    return None
