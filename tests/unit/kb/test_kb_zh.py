"""Chinese names in the knowledge base: generated from CLDR and ISO's translations for countries,
checked by `validate_kb`, and the Chinese rules pointing at real ids."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dipcorpus.kb import KnowledgeBase, load_kb, validate_kb
from dipcorpus.kb._build_countries import OUT, build
from dipcorpus.kb._zh_countries import ZH_DROP, zh_names


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def test_kb_zh_country_names_come_from_cldr_and_iso() -> None:
    usa = zh_names("USA", "US", ["United States", "United States of America"])
    assert usa[0] == "美国"  # CLDR's name first
    assert "美利坚合众国" in usa  # ISO's official name, translated
    nzl = zh_names("NZL", "NZ", ["New Zealand"])
    assert {"新西兰", "纽西兰"} <= set(nzl)  # the Taiwan form, in simplified script


def test_kb_zh_country_names_drop_common_words() -> None:
    assert "中非" in ZH_DROP
    assert "中非" not in zh_names("CAF", "CF", ["Central African Republic"])


def test_kb_zh_countries_file_is_the_build_output() -> None:
    """countries.yaml is generated: the checked-in file holds what the build script writes."""
    written = yaml.safe_load(OUT.read_text(encoding="utf-8"))["entities"]
    assert [(r["id"], r.get("zh"), r.get("zh_capitals")) for r in written] == [
        (r["id"], r.get("zh"), r.get("zh_capitals")) for r in build()
    ]


@pytest.mark.parametrize(
    ("entity_id", "name"),
    [("CHN", "中国"), ("HKG", "香港"), ("TWN", "台湾"), ("region:south-china-sea", "南海"), ("org:un", "联合国")],
)
def test_kb_zh_names_present(kb: KnowledgeBase, entity_id: str, name: str) -> None:
    assert name in kb.entities[entity_id].zh


def test_kb_zh_formulations_present(kb: KnowledgeBase) -> None:
    assert "人类命运共同体" in kb.formulations["community-shared-future"].zh
    assert "一个中国原则" in kb.formulations["one-china-principle"].zh


def test_kb_zh_rules_loaded(kb: KnowledgeBase) -> None:
    zh = kb.rules.zh
    assert zh.short["美"] == "USA"
    assert zh.compounds["港澳"] == ("HKG", "MAC")
    assert "方" in zh.heads


def test_kb_zh_validate_reports_problems(tmp_path: Path) -> None:
    extra = tmp_path / "zh.yaml"
    extra.write_text(
        "entities:\n"
        "- {id: 'org:invented', type: organization, name: Invented Body, zh: [美国]}\n"
        "zh_rules:\n"
        "  short: {宇: XXX}\n",
        encoding="utf-8",
    )
    problems = validate_kb(load_kb([extra]))
    assert any("'美国'" in p and "org:invented" in p for p in problems)
    assert any("'宇'" in p and "XXX" in p for p in problems)


def test_kb_zh_rules_merge_from_user_files(tmp_path: Path) -> None:
    extra = tmp_path / "zh.yaml"
    extra.write_text("zh_rules:\n  compounds: {英美: [GBR, USA]}\n", encoding="utf-8")
    zh = load_kb([extra]).rules.zh
    assert zh.compounds["英美"] == ("GBR", "USA")
    assert zh.compounds["港澳"] == ("HKG", "MAC")  # the packaged rules stay
