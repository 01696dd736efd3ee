"""Load, validate and match source profiles (see the package docstring and docs/sources.md)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dipcorpus.errors import E, IngestError

__all__ = ["Profile", "Selector", "add_folder", "find_profile", "load_profile", "profile_by_name", "profiles"]

BUILTIN = Path(__file__).with_name("profiles")
ENV = "DIPCORPUS_SOURCES"
NO_BUILTIN = "DIPCORPUS_NO_BUILTIN_SOURCES"  # set to 1: only the user's folders (to check the generic path)
FIELDS = ("title", "date", "place")
_MARKER_WINDOW = 65536  # characters of the raw page searched for hosts and markers
_SELECTOR_PART = re.compile(r"^([a-z][a-z0-9]*)?((?:[.#][A-Za-z0-9_-]+)*)(?:@([a-z_:-]+))?$")
_KEYS = {"name", "description", "match", "content", "furniture", "furniture_lines", "fields", "labels"}


@dataclass(frozen=True, slots=True)
class Selector:
    """A compound selector ('tag', '.class', '#id', 'tag.class#id'), optionally '@attribute'."""

    text: str
    tag: str | None
    labels: tuple[str, ...]
    attr: str | None = None

    @classmethod
    def parse(cls, text: str) -> Selector:
        m = _SELECTOR_PART.match(text.strip())
        if m is None or not (m.group(1) or m.group(2)):
            raise ValueError(f"unsupported selector {text!r} (use tag, .class, #id, tag.class#id, optional @attr)")
        labels = tuple(p.lower() for p in re.split(r"[.#]", m.group(2) or "") if p)
        return cls(text=text, tag=m.group(1), labels=labels, attr=m.group(3))

    def matches(self, tag: str, labels: str) -> bool:
        if self.tag is not None and tag != self.tag:
            return False
        if not self.labels:
            return True
        have = labels.split()
        return all(label in have for label in self.labels)


@dataclass(frozen=True, slots=True)
class FieldRule:
    """Where one field sits: a selector, a line pattern (group 1 or the whole line), or a fixed value."""

    select: tuple[Selector, ...] = ()
    line: re.Pattern[str] | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    name: str
    description: str = ""
    hosts: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    paths: tuple[re.Pattern[str], ...] = ()
    content: tuple[Selector, ...] = ()
    furniture: tuple[Selector, ...] = ()
    furniture_lines: tuple[re.Pattern[str], ...] = ()
    fields: Mapping[str, FieldRule] = field(default_factory=dict)
    labels: str | None = None
    origin: str = ""

    def matches(self, source: str, raw: str, header: Mapping[str, str]) -> bool:
        """Whether a document (its source path, raw text and loader header) comes from this site."""
        name = Path(source.split("!")[-1].split("#")[0]).name
        if self.paths and any(p.search(name) for p in self.paths):
            return True
        head = raw[:_MARKER_WINDOW]
        if self.hosts:
            urls = " ".join(str(v) for k, v in header.items() if "url" in k or k in ("link", "canonical", "source"))
            if not any(_host_in(host, urls) or _host_in(host, head) for host in self.hosts):
                return False
        if self.markers and not all(marker in head for marker in self.markers):
            return False
        return bool(self.hosts or self.markers)


def _host_in(host: str, text: str) -> bool:
    return re.search(rf"(?:^|[/.@\s\"'])({re.escape(host)})(?:[/:\"'\s]|$)", text) is not None


def _strings(value: Any, key: str, origin: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError(f"{origin}: {key} must be a string or a list of strings")


def _field_rule(value: Any, key: str, origin: str) -> FieldRule:
    if isinstance(value, str | list):
        value = {"select": value}
    if not isinstance(value, dict) or not value.keys() <= {"select", "line", "value"}:
        raise ValueError(f"{origin}: fields.{key} must be selectors or a mapping of select/line/value")
    return FieldRule(
        select=tuple(Selector.parse(s) for s in _strings(value.get("select"), f"fields.{key}.select", origin)),
        line=re.compile(value["line"], re.MULTILINE) if value.get("line") else None,
        value=str(value["value"]) if value.get("value") is not None else None,
    )


def profile_from_mapping(data: Mapping[str, Any], origin: str) -> Profile:
    """A profile from its parsed YAML; ValueError names the file and the problem."""
    unknown = set(data) - _KEYS
    if unknown:
        raise ValueError(f"{origin}: unknown keys {sorted(unknown)} (known: {sorted(_KEYS)})")
    if not isinstance(data.get("name"), str) or not data["name"]:
        raise ValueError(f"{origin}: a profile needs a name")
    match = data.get("match") or {}
    if not isinstance(match, dict) or not match.keys() <= {"hosts", "markers", "paths"}:
        raise ValueError(f"{origin}: match takes hosts, markers and paths")
    fields = data.get("fields") or {}
    if not isinstance(fields, dict) or not fields.keys() <= set(FIELDS):
        raise ValueError(f"{origin}: fields takes {', '.join(FIELDS)}")
    try:
        return Profile(
            name=data["name"],
            description=str(data.get("description") or ""),
            hosts=_strings(match.get("hosts"), "match.hosts", origin),
            markers=_strings(match.get("markers"), "match.markers", origin),
            paths=tuple(re.compile(p) for p in _strings(match.get("paths"), "match.paths", origin)),
            content=tuple(Selector.parse(s) for s in _strings(data.get("content"), "content", origin)),
            furniture=tuple(Selector.parse(s) for s in _strings(data.get("furniture"), "furniture", origin)),
            furniture_lines=tuple(
                re.compile(p) for p in _strings(data.get("furniture_lines"), "furniture_lines", origin)
            ),
            fields={k: _field_rule(v, k, origin) for k, v in fields.items()},
            labels=str(data["labels"]) if data.get("labels") else None,
            origin=origin,
        )
    except re.error as exc:
        raise ValueError(f"{origin}: bad pattern: {exc}") from exc


def load_profile(path: Path) -> Profile:
    """One profile file; IngestError E115 names the file and what is wrong with it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: not a mapping")
        return profile_from_mapping(data, str(path))
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise IngestError(E.E115, path=str(path), reason=str(exc)) from exc


_extra: list[Path] = []
_cache: dict[tuple[str, ...], tuple[Profile, ...]] = {}


def add_folder(folder: str | Path) -> None:
    """Read profiles from `folder` too (after the built-in ones; a later profile of the same name wins)."""
    path = Path(folder)
    if path not in _extra:
        _extra.append(path)


def _folders() -> list[Path]:
    env = [Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p]
    builtin = [] if os.environ.get(NO_BUILTIN, "") not in ("", "0") else [BUILTIN]
    return [*builtin, *env, *_extra]


def profiles() -> tuple[Profile, ...]:
    """Every profile: built-in, then the DIPCORPUS_SOURCES folders, then added folders."""
    folders = _folders()
    key = tuple(str(f) for f in folders)
    found = _cache.get(key)
    if found is None:
        by_name: dict[str, Profile] = {}
        for folder in folders:
            for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else ():
                profile = load_profile(path)
                by_name.pop(profile.name, None)
                by_name[profile.name] = profile
        found = _cache[key] = tuple(by_name.values())
    return found


def find_profile(source: str, raw: str, header: Mapping[str, str] | None = None) -> Profile | None:
    """The profile of the site a document comes from (the last-loaded match), or None."""
    header = header or {}
    for profile in reversed(profiles()):
        if profile.matches(source, raw, header):
            return profile
    return None


def profile_by_name(name: str) -> Profile | None:
    return next((p for p in profiles() if p.name == name), None)


def names(items: Iterable[Profile]) -> list[str]:
    return [p.name for p in items]
