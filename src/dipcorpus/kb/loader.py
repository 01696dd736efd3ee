"""Read the knowledge-base YAML files (the packaged ones, then the user's) into a KnowledgeBase,
and check it for problems."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from dipcorpus.kb.records import (
    ENTITY_TYPES,
    EntityRecord,
    FormulationRecord,
    KnowledgeBase,
    Role,
    Rules,
    ZhRules,
)

__all__ = ["DATA_DIR", "alias_key", "load_kb", "validate_kb"]

DATA_DIR = Path(__file__).parent / "data"
_BUILTIN = (
    "countries.yaml",
    "regions.yaml",
    "organizations.yaml",
    "organizations_world.yaml",
    "media.yaml",
    "people.yaml",
    "people_world.yaml",
    "formulations.yaml",
    "rules.yaml",
)
_LIST_FIELDS = ("aliases", "adjectives", "capitals", "ambiguous", "context", "zh", "zh_capitals")
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NONWORD = re.compile(r"[^\w]|_")


def alias_key(text: str) -> str:
    """The comparison key of a name: punctuation as spaces, casefolded, spaces collapsed."""
    if len(text) <= 120:  # names, asked again and again: memoised
        return _short_alias_key(text)
    return " ".join(_WORD_RUN.findall(text)).lower()  # the same key, faster on a whole text


_WORD_RUN = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=16384)
def _short_alias_key(text: str) -> str:
    return " ".join(_NONWORD.sub(" ", text).lower().split())


def load_kb(extra: Sequence[Path] = ()) -> KnowledgeBase:
    """The packaged knowledge base plus the user's files in `extra` (same schema). A record whose
    id exists already replaces it, or with `extend: true` adds its names and roles to it."""
    if not extra:
        return _default_kb()
    return _load([DATA_DIR / name for name in _BUILTIN] + [Path(p) for p in extra])


@functools.cache
def _default_kb() -> KnowledgeBase:
    return _load([DATA_DIR / name for name in _BUILTIN])


def _load(paths: Iterable[Path]) -> KnowledgeBase:
    entities: dict[str, EntityRecord] = {}
    formulations: dict[str, FormulationRecord] = {}
    rules: dict[str, Any] = {}
    problems: list[str] = []
    for path in paths:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
        for raw in data.get("entities") or ():
            _add(entities, _entity(raw, path.name), raw, problems)
        for raw in data.get("formulations") or ():
            _add(formulations, _formulation(raw, path.name), raw, problems)
        for key in ("titles", "honorifics", "not_entities", "country_context", "not_country_context", "locatives"):
            if key in data:
                rules[key] = _merge_rule(rules.get(key), data[key])
        for key, value in (data.get("zh_rules") or {}).items():  # each Chinese rule merges on its own
            zh = rules.setdefault("zh", {})
            zh[key] = _merge_rule(zh.get(key), value)
    return KnowledgeBase(
        entities=entities, formulations=formulations, rules=_rules(rules), load_problems=tuple(problems)
    )


def _add(table: dict[str, Any], record: Any, raw: Mapping[str, Any], problems: list[str]) -> None:
    old = table.get(record.id)
    if old is None:
        table[record.id] = record
    elif raw.get("extend"):
        table[record.id] = _extend(old, record)
    else:
        problems.append(f"duplicate id {record.id!r} in {record.source} (also in {old.source})")
        table[record.id] = record


def _extend(old: Any, new: Any) -> Any:
    changes: dict[str, Any] = {}
    for name in (*_LIST_FIELDS, "roles", "variants"):
        if hasattr(old, name):
            merged = tuple(dict.fromkeys((*getattr(old, name), *getattr(new, name))))
            changes[name] = merged
    return type(old)(**{**_fields(old), **changes})


def _fields(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _entity(raw: Mapping[str, Any], source: str) -> EntityRecord:
    roles = tuple(
        Role(title=str(r["title"]), of=r.get("of"), start=_date(r.get("start")), end=_date(r.get("end")))
        for r in raw.get("roles") or ()
    )
    return EntityRecord(
        id=str(raw["id"]),
        type=str(raw.get("type", "")),
        name=str(raw["name"]),
        **{name: _strings(raw.get(name)) for name in _LIST_FIELDS},
        country=raw.get("country"),
        family_first=bool(raw.get("family_first", False)),
        roles=roles,
        source=source,
    )


def _formulation(raw: Mapping[str, Any], source: str) -> FormulationRecord:
    return FormulationRecord(
        id=str(raw["id"]),
        name=str(raw["name"]),
        variants=_strings(raw.get("variants")),
        zh=_strings(raw.get("zh")),
        gap=int(raw.get("gap", 4)),
        source=source,
    )


def _merge_rule(old: Any, new: Any) -> Any:
    if old is None:
        return new
    if isinstance(old, dict):
        return {**old, **(new or {})}
    return [*old, *(new or [])]


def _rules(raw: Mapping[str, Any]) -> Rules:
    return Rules(
        titles={str(k): str(v) for k, v in (raw.get("titles") or {}).items()},
        honorifics=_strings(raw.get("honorifics")),
        not_entities=_strings(raw.get("not_entities")),
        country_context=frozenset(_strings(raw.get("country_context"))),
        not_country_context=frozenset(_strings(raw.get("not_country_context"))),
        locatives=frozenset(_strings(raw.get("locatives"))),
        zh=_zh_rules(raw.get("zh") or {}),
    )


def _zh_rules(raw: Mapping[str, Any]) -> ZhRules:
    return ZhRules(
        short={str(k): str(v) for k, v in (raw.get("short") or {}).items()},
        after_prefix={str(k): str(v) for k, v in (raw.get("after_prefix") or {}).items()},
        prefixes=frozenset(_strings(raw.get("prefixes"))),
        heads=frozenset(_strings(raw.get("heads"))),
        name_heads=frozenset(_strings(raw.get("name_heads"))),
        pair_words=frozenset(_strings(raw.get("pair_words"))),
        alone=frozenset(_strings(raw.get("alone"))),
        anchors=frozenset(_strings(raw.get("anchors"))),
        compounds={str(k): _strings(v) for k, v in (raw.get("compounds") or {}).items()},
        not_compounds=frozenset(_strings(raw.get("not_compounds"))),
        capital_cues=_strings(raw.get("capital_cues")),
        not_latin=frozenset(_strings(raw.get("not_latin"))),
    )


def validate_kb(kb: KnowledgeBase) -> list[str]:
    """Problems in `kb`: duplicate ids, unknown types, a name that resolves to two ids of the same
    type without a disambiguation rule (being listed as `ambiguous`), roles with dates out of order
    or pointing at unknown ids."""
    problems = list(kb.load_problems)
    problems += _type_problems(kb)
    problems += _alias_problems(kb)
    problems += _zh_problems(kb)
    problems += _role_problems(kb)
    return problems


def _type_problems(kb: KnowledgeBase) -> list[str]:
    return [f"{ent.id}: unknown type {ent.type!r}" for ent in kb.entities.values() if ent.type not in ENTITY_TYPES]


def _alias_problems(kb: KnowledgeBase) -> list[str]:
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ent in kb.entities.values():
        for name in (ent.name, *ent.aliases, *ent.adjectives, *ent.capitals):
            if name not in ent.ambiguous:
                owners[(ent.type, _cased_key(name))].add(ent.id)
    problems = [f"{kind} name {key!r} resolves to {sorted(ids)}" for (kind, key), ids in owners.items() if len(ids) > 1]
    f_owners: dict[str, set[str]] = defaultdict(set)
    for form in kb.formulations.values():
        for variant in (form.name, *form.variants):
            f_owners[alias_key(variant)].add(form.id)
    problems += [f"formulation {key!r} resolves to {sorted(ids)}" for key, ids in f_owners.items() if len(ids) > 1]
    return problems


def _zh_problems(kb: KnowledgeBase) -> list[str]:
    """A Chinese name claimed by two records (entities and formulations apart; a name a record marks
    `ambiguous` may be shared), and Chinese rules
    (rules.yaml `zh_rules`) that point at unknown ids."""
    owners: dict[str, set[str]] = defaultdict(set)
    for ent in kb.entities.values():
        for name in (*ent.zh, *ent.zh_capitals):
            if name not in ent.ambiguous:  # a surname two people share, resolved by date and title
                owners[name].add(ent.id)
    f_owners: dict[str, set[str]] = defaultdict(set)
    for form in kb.formulations.values():
        for name in form.zh:
            f_owners[name].add(form.id)
    problems = [f"Chinese name {n!r} resolves to {sorted(ids)}" for n, ids in owners.items() if len(ids) > 1]
    problems += [f"Chinese formulation {n!r} resolves to {sorted(ids)}" for n, ids in f_owners.items() if len(ids) > 1]
    zh = kb.rules.zh
    pointed = [*zh.short.items(), *zh.after_prefix.items(), *((w, i) for w, ids in zh.compounds.items() for i in ids)]
    unknown = [(word, target) for word, target in pointed if target not in kb.entities]
    problems += [f"Chinese rule {word!r} points at unknown id {target!r}" for word, target in unknown]
    return problems


def _cased_key(name: str) -> str:
    return " ".join(_NONWORD.sub(" ", name).split())


def _role_problems(kb: KnowledgeBase) -> list[str]:
    problems = []
    for ent in kb.entities.values():
        for role in ent.roles:
            if role.start and role.end and role.end < role.start:
                problems.append(f"{ent.id}: role {role.title!r} ends ({role.end}) before it starts ({role.start})")
            if role.of and role.of not in kb.entities:
                problems.append(f"{ent.id}: role {role.title!r} of unknown id {role.of!r}")
        if ent.country and ent.country not in kb.entities:
            problems.append(f"{ent.id}: unknown country {ent.country!r}")
    return problems
