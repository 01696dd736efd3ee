"""The knowledge-base data files read as their authors meant: no stray keys, no name cut short.

An unquoted comma in a YAML flow map ends the value: `{id: x, name: one country, two systems}` is the
name 'one country' plus a stray key 'two systems' whose value is null. Both checks below catch it.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import pytest
import yaml

FILES = {
    "formulations.yaml": ("formulations", {"id", "name", "variants", "zh", "zh_variants"}),
    "organizations.yaml": ("entities", {"id", "type", "name", "aliases", "adjectives", "ambiguous", "context", "zh"}),
    "media.yaml": ("entities", {"id", "type", "name", "aliases", "zh"}),
    "people.yaml": (
        "entities",
        {"id", "type", "name", "family_first", "country", "aliases", "ambiguous", "roles", "zh"},
    ),
    "regions.yaml": ("entities", {"id", "type", "name", "adjectives", "aliases", "zh"}),
    "people_world.yaml": (
        "entities",
        {"id", "type", "name", "family_first", "country", "aliases", "roles", "zh", "extend"},
    ),
    "organizations_world.yaml": ("entities", {"id", "type", "name", "aliases", "ambiguous", "context", "zh", "extend"}),
}
_WORD = re.compile(r"[a-z0-9]+")


def _entries(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load(resources.files("dipcorpus.kb").joinpath("data", name).read_text(encoding="utf-8"))
    return data[FILES[name][0]]  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", sorted(FILES))
def test_kb_entries_have_no_stray_keys_or_null_values(name: str) -> None:
    allowed = FILES[name][1]
    bad = [(e.get("id"), k) for e in _entries(name) for k, v in e.items() if k not in allowed or v is None]
    assert not bad, f"{name}: stray keys or null values (an unquoted comma in a flow map?): {bad}"


@pytest.mark.parametrize("name", sorted(FILES))
def test_kb_names_are_not_cut_short_of_their_id(name: str) -> None:
    """A name whose words are only the first words of its id's ('one country' for one-country-two-systems)."""
    short = []
    for entry in _entries(name):
        id_words = _WORD.findall(str(entry["id"]).split(":")[-1].lower())
        name_words = _WORD.findall(str(entry["name"]).lower())
        if name_words and len(name_words) < len(id_words) and id_words[: len(name_words)] == name_words:
            short.append((entry["id"], entry["name"]))
    assert not short, f"{name}: names cut short: {short}"


def test_people_roles_have_no_stray_keys_or_null_values() -> None:
    """A role title with an unquoted comma ('Minister of Economy, Trade and Industry') would split."""
    allowed = {"title", "of", "start", "end"}
    bad = [
        (e["id"], role)
        for e in _entries("people.yaml")
        for role in e.get("roles", [])
        if set(role) - allowed or any(v is None for v in role.values())
    ]
    assert not bad, f"people.yaml: roles with stray keys or null values: {bad}"


def test_people_zh_names_are_chinese_and_unique_per_person() -> None:
    """`zh` holds Chinese names in simplified script (OpenCC t2s leaves them as they are), each listed
    once per person."""
    import opencc

    t2s = opencc.OpenCC("t2s").convert
    bad = []
    for e in _entries("people.yaml"):
        names = e.get("zh", [])
        if len(set(names)) != len(names) or any(not re.search(r"[\u4e00-\u9fff]", n) or t2s(n) != n for n in names):
            bad.append((e["id"], names))
    assert not bad, f"people.yaml: zh lists with repeats or non-Chinese names: {bad}"
