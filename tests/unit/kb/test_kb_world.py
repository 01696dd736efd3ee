"""The second people and organisations files (people_world.yaml, organizations_world.yaml): dated
roles that the title rule reads, `extend: true` records that add to people.yaml rather than replace,
and bare-surname aliases that name one person only."""

from __future__ import annotations

from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from dipcorpus.kb import KnowledgeBase, load_kb, validate_kb


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _entries(name: str) -> list[dict[str, Any]]:
    text = resources.files("dipcorpus.kb").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)["entities"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("person_id", "date", "title", "of"),
    [
        ("person:francois-hollande", "2014-06-01", "President", "FRA"),
        ("person:gordon-brown", "2009-04-02", "Prime Minister", "GBR"),
        ("person:ollanta-humala", "2013-05-01", "President", "PER"),
        (
            "person:javier-solana",
            "2005-01-01",
            "High Representative for the Common Foreign and Security Policy",
            "org:eu",
        ),
        ("person:tony-blair", "2010-01-01", "Quartet Representative", "org:quartet"),
    ],
)
def test_kb_world_roles_hold_on_their_dates(kb: KnowledgeBase, person_id: str, date: str, title: str, of: str) -> None:
    assert (title, of) in {(r.title, r.of) for r in kb.role_at(person_id, date)}


def test_kb_world_extend_adds_roles_and_keeps_the_record(kb: KnowledgeBase) -> None:
    wang = kb.entities["person:wang-yi"]
    assert wang.source == "people.yaml" and wang.name == "Wang Yi"
    titles = {r.title for r in kb.role_at("person:wang-yi", "2010-05-01")}
    assert "Director of the Taiwan Affairs Office" in titles  # from people_world.yaml
    assert "Foreign Minister" in {r.title for r in kb.role_at("person:wang-yi", "2015-05-01")}  # from people.yaml


def test_kb_world_files_add_no_duplicate_ids(kb: KnowledgeBase) -> None:
    for name in ("people_world.yaml", "organizations_world.yaml"):
        ids = [e["id"] for e in _entries(name)]
        assert len(ids) == len(set(ids)), name
    assert validate_kb(kb) == []


def test_kb_world_bare_surname_aliases_name_one_person(kb: KnowledgeBase) -> None:
    """A one-word alias matches anywhere, with no date: it must not be another KB person's surname
    ('Carney' would take Jay Carney's 'MR. CARNEY:' labels for Mark Carney)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for person in kb.of_type("person"):
        owners[person.surname.casefold()].add(person.id)
        for alias in person.aliases:
            if " " not in alias:
                owners[alias.casefold()].add(person.id)
    clashes = [
        (entry["id"], alias)
        for entry in _entries("people_world.yaml")
        if not entry.get("extend")
        for alias in entry.get("aliases", ())
        if " " not in alias and len(owners[alias.casefold()]) > 1
    ]
    assert clashes == []


def test_kb_world_extend_record_for_an_id_no_file_holds_is_added(tmp_path: Path) -> None:
    """An `extend: true` record whose id no earlier file defines stands as a record of its own
    (organizations_world.yaml relies on it for ids another file may or may not define)."""
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "entities:\n"
        "- {id: 'org:invented-fund', type: organization, name: Invented Fund, extend: true, aliases: [IVF]}\n",
        encoding="utf-8",
    )
    kb = load_kb(extra=[mine])
    assert kb.entities["org:invented-fund"].aliases == ("IVF",)
    assert validate_kb(kb) == []
