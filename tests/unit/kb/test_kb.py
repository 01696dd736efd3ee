"""Knowledge base: loading, validation, roles, user extensions. Sentences here are invented."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from dipcorpus.kb import KnowledgeBase, load_kb, validate_kb


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def test_kb_validates_clean(kb: KnowledgeBase) -> None:
    assert validate_kb(kb) == []


def test_kb_ids_unique_across_entities_and_formulations(kb: KnowledgeBase) -> None:
    assert not set(kb.entities) & set(kb.formulations)


def test_kb_sizes(kb: KnowledgeBase) -> None:
    assert len(kb.of_type("organization")) >= 150
    assert len(kb.formulations) >= 120
    assert len(kb.of_type("media")) >= 20
    assert len(kb.of_type("person")) >= 100


def test_kb_every_iso_country_present(kb: KnowledgeBase) -> None:
    countries = {e.id for e in kb.of_type("country")}
    assert {c.alpha_3 for c in pycountry.countries} <= countries
    assert {"TWN", "XKX"} <= countries


@pytest.mark.parametrize(
    ("entity_id", "name"),
    [
        ("CHN", "China"),
        ("USA", "United States"),
        ("RUS", "Russia"),
        ("org:unsc", "UN Security Council"),
        ("org:eaeu", "Eurasian Economic Union"),
        ("media:xinhua", "Xinhua"),
        ("person:sergey-lavrov", "Sergey Lavrov"),
        ("region:latin-america-caribbean", "Latin America and the Caribbean"),
    ],
)
def test_kb_canonical_names(kb: KnowledgeBase, entity_id: str, name: str) -> None:
    assert kb.entities[entity_id].name == name


def test_kb_role_dates_ordered(kb: KnowledgeBase) -> None:
    for ent in kb.of_type("person"):
        for role in ent.roles:
            assert role.start is None or role.end is None or role.start <= role.end, ent.id


def test_kb_role_at_resolves_for_a_date(kb: KnowledgeBase) -> None:
    titles_2020 = {r.title for r in kb.role_at("person:wang-yi", "2020-09-16")}
    assert "Foreign Minister" in titles_2020
    assert "Foreign Minister" not in {r.title for r in kb.role_at("person:wang-yi", "2023-03-01")}
    assert [r.of for r in kb.role_at("person:jens-stoltenberg", "2022-09-22")] == ["org:nato"]
    assert kb.role_at("person:nobody", "2020-01-01") == []


def test_kb_extra_file_adds_and_extends(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "entities:\n"
        "- {id: 'org:example-forum', type: organization, name: Example Forum, aliases: [EXF]}\n"
        "- {id: CHN, type: country, name: China, aliases: [Middle Kingdom], extend: true}\n"
        "formulations:\n"
        "- {id: example-slogan, name: invented slogan of harmony}\n",
        encoding="utf-8",
    )
    kb = load_kb(extra=[mine])
    assert kb.entities["org:example-forum"].aliases == ("EXF",)
    assert "Middle Kingdom" in kb.entities["CHN"].aliases
    assert "PRC" in kb.entities["CHN"].aliases
    assert "example-slogan" in kb.formulations
    assert validate_kb(kb) == []


def test_kb_validate_reports_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "entities:\n"
        "- {id: 'org:a', type: organization, name: Alpha Body, aliases: [ABX]}\n"
        "- {id: 'org:b', type: organization, name: Beta Body, aliases: [ABX]}\n"
        "- {id: 'org:a', type: organization, name: Alpha Again, aliases: [ABX]}\n"
        "- {id: 'person:x', type: person, name: Invented Person, roles: [{title: Envoy, start: 2020-05-01,"
        " end: 2019-01-01}]}\n",
        encoding="utf-8",
    )
    problems = validate_kb(load_kb(extra=[bad]))
    assert any("duplicate id 'org:a'" in p for p in problems)
    assert any("'ABX'" in p for p in problems)
    assert any("ends (2019-01-01) before it starts" in p for p in problems)


def test_kb_default_is_cached() -> None:
    assert load_kb() is load_kb()


def test_kb_issue4_no_bare_common_word_aliases(kb: KnowledgeBase) -> None:
    usa = kb.entities["USA"]
    assert "the States" in usa.aliases
    assert "States" not in usa.aliases  # "Member States" is not the United States
    assert "Mexico City" in kb.entities["MEX"].capitals
