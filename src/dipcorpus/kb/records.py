"""Typed, frozen records of the knowledge base: entities, roles, formulations, matching rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["ENTITY_TYPES", "EntityRecord", "FormulationRecord", "KnowledgeBase", "Role", "Rules", "ZhRules"]

ENTITY_TYPES = ("country", "region", "organization", "media", "person")


@dataclass(frozen=True, slots=True, kw_only=True)
class Role:
    """A role held by a person: `title` of `of` (a country or organisation id) from `start` to
    `end` (ISO dates; None means open)."""

    title: str
    of: str | None = None
    start: str | None = None
    end: str | None = None

    def holds_on(self, date: str) -> bool:
        day = date[:10]
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityRecord:
    """One canonical entity. `aliases` are other names, `adjectives` adjectives and demonyms that
    count as mentions, `capitals` capital cities used as metonyms, `ambiguous` names that need
    context, `context` ids whose presence elsewhere in a document confirms an ambiguous name; `zh` the names
    in Chinese (simplified script; traditional text is converted when matching), `zh_capitals` the
    capital's Chinese name, kept only where it stands for the government."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()
    zh_capitals: tuple[str, ...] = ()
    country: str | None = None
    family_first: bool = False
    roles: tuple[Role, ...] = ()
    source: str = ""

    @property
    def surname(self) -> str:
        """The family name of a person (first token when `family_first`, else the last one)."""
        parts = [p for p in self.name.split() if p.rstrip(".") not in ("Jr", "Sr", "II", "III")]
        if not parts:
            return self.name
        return parts[0] if self.family_first else parts[-1]


@dataclass(frozen=True, slots=True, kw_only=True)
class FormulationRecord:
    """An official formulation. A variant containing ' ... ' matches with up to `gap` words
    between its two parts. `zh` are its Chinese forms (simplified script)."""

    id: str
    name: str
    variants: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()
    gap: int = 4
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ZhRules:
    """How Chinese text names places without a full name (data/rules.yaml `zh_rules`; the rules that
    use them are in annotate/zh_entities.py and zh_shorts.py).

    `short`: one-character forms (美 -> USA) that name a country inside a word of a known shape (美方,
    中美, 美日印澳); `after_prefix`: forms that do so right after a prefix (华 in 访华, 藏 in 涉藏);
    `prefixes`: those prefixes; `heads`: heads after a name or short form (方 in 美方, 国会 in
    美国会); `name_heads`: heads after a full name only (人 in 加拿大人); `pair_words`: words after
    short forms written apart (关系 in 中/法/关系); `alone`: short forms that are a country as a word
    of their own (美, 俄); `anchors`: short forms one of which a word of short forms needs (中美;
    哈蒙德 is a name); `compounds`: fixed words naming several ids (港澳 -> HKG, MAC);
    `not_compounds`: words of short forms that are ordinary words (美德, virtue); `capital_cues`:
    words after a capital that make it the government (华盛顿方面); `not_latin`: Latin words Chinese
    text uses as ordinary words (APP), not as the KB name they spell."""

    short: Mapping[str, str] = field(default_factory=dict)
    after_prefix: Mapping[str, str] = field(default_factory=dict)
    prefixes: frozenset[str] = frozenset()
    heads: frozenset[str] = frozenset()
    name_heads: frozenset[str] = frozenset()
    pair_words: frozenset[str] = frozenset()
    alone: frozenset[str] = frozenset()
    anchors: frozenset[str] = frozenset()
    compounds: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    not_compounds: frozenset[str] = frozenset()
    capital_cues: tuple[str, ...] = ()
    not_latin: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class Rules:
    """Matching rules kept as data (see data/rules.yaml)."""

    titles: Mapping[str, str] = field(default_factory=dict)
    honorifics: tuple[str, ...] = ()
    not_entities: tuple[str, ...] = ()
    country_context: frozenset[str] = frozenset()
    not_country_context: frozenset[str] = frozenset()
    locatives: frozenset[str] = frozenset()
    zh: ZhRules = field(default_factory=ZhRules)


@dataclass(frozen=True, slots=True, kw_only=True)
class KnowledgeBase:
    """Entities and formulations by id, matching rules, and the problems met while loading
    (duplicate ids across files that were not marked `extend: true`)."""

    entities: Mapping[str, EntityRecord]
    formulations: Mapping[str, FormulationRecord]
    rules: Rules = field(default_factory=Rules)
    load_problems: tuple[str, ...] = ()

    def role_at(self, person_id: str, date: str | None) -> list[Role]:
        """The roles `person_id` held on `date` (all roles when `date` is None)."""
        person = self.entities.get(person_id)
        if person is None:
            return []
        if not date:
            return list(person.roles)
        return [role for role in person.roles if role.holds_on(date)]

    def of_type(self, type_: str) -> list[EntityRecord]:
        return [ent for ent in self.entities.values() if ent.type == type_]
