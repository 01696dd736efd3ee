"""Chinese text names the same KB ids as English: boundaries, short forms, traditional script.

Every sentence here is invented for the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dipcorpus.annotate import find_entities, find_formulations
from dipcorpus.annotate.zh_text import ZhText, to_simplified
from dipcorpus.kb import KnowledgeBase, load_kb
from dipcorpus.model import Document


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _doc(text: str) -> Document:
    return Document(id="invented", source="invented.txt", format="txt", text=text)


def _ids(text: str, kb: KnowledgeBase, type_: str | None = None) -> set[str]:
    return {e.id for e in find_entities(_doc(text), kb=kb).entities if type_ is None or e.type == type_}


def test_zh_full_names_carry_canonical_ids_names_and_spans(kb: KnowledgeBase) -> None:
    text = "美国和日本的代表在会上发言。"
    entities = find_entities(_doc(text), kb=kb).entities
    assert [(e.id, e.name, text[e.start : e.end]) for e in entities] == [
        ("USA", "United States", "美国"),
        ("JPN", "Japan", "日本"),
    ]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("发展中国家的代表出席了会议。", "CHN"),  # 中国 inside 发展中国家
        ("多个南美国家发表了声明。", "USA"),  # 美国 inside 南美国家
        ("两国在中美洲开展合作。", "USA"),  # 中美 in 中美洲 is Central America
        ("这笔贷款为30亿美元。", "USA"),  # a currency
        ("会议讨论了印度洋航运。", "IND"),  # the Indian Ocean
        ("多米尼克·拉布发表讲话。", "DMA"),  # a transliterated person's name
        ("双方于8月9日中英两国代表会谈。", "JPN"),  # the 日 of a date
    ],
)
def test_zh_names_inside_longer_words_are_not_mentions(kb: KnowledgeBase, text: str, absent: str) -> None:
    assert absent not in _ids(text, kb)


def test_zh_longer_word_wins_over_the_name_inside(kb: KnowledgeBase) -> None:
    assert "region:central-america" in _ids("两国在中美洲开展合作。", kb)
    assert "region:indian-ocean" in _ids("会议讨论了印度洋航运。", kb)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中美关系保持稳定。", {"CHN", "USA"}),
        ("美方表示愿意继续对话。", {"USA"}),
        ("中俄两国外长举行会谈。", {"CHN", "RUS"}),
        ("中英双方同意加强合作。", {"CHN", "GBR"}),
        ("他将于下周访华。", {"CHN"}),
        ("港澳同胞踊跃参加。", {"HKG", "MAC"}),
        ("美日印澳举行会谈。", {"USA", "JPN", "IND", "AUS"}),
    ],
)
def test_zh_short_forms_in_words_of_known_shape(kb: KnowledgeBase, text: str, expected: set[str]) -> None:
    assert _ids(text, kb, "country") == expected


def test_zh_short_form_alone_only_where_it_is_safe(kb: KnowledgeBase) -> None:
    assert _ids("他说法律面前人人平等。", kb, "country") == set()  # 法 is 'law' here
    assert _ids("这一天日程很满。", kb, "country") == set()  # 日 is 'day'


def test_zh_government_compounds(kb: KnowledgeBase) -> None:
    assert _ids("中国政府高度重视此事。", kb, "country") == {"CHN"}
    assert _ids("加拿大人普遍关心此事。", kb, "country") == {"CAN"}


def test_zh_capital_only_as_the_government(kb: KnowledgeBase) -> None:
    assert _ids("华盛顿方面拒绝置评。", kb, "country") == {"USA"}
    assert _ids("会议在华盛顿举行。", kb, "country") == set()


def test_zh_traditional_script_reads_as_simplified(kb: KnowledgeBase) -> None:
    text = "美國政府與臺灣地區的交往引發關注。"
    entities = find_entities(_doc(text), kb=kb).entities
    assert {(e.id, text[e.start : e.end]) for e in entities} >= {("USA", "美國"), ("TWN", "臺灣地區")}


def test_zh_to_simplified_keeps_offsets() -> None:
    text = "臺灣與美國"
    assert to_simplified(text) == "台湾与美国"
    assert len(to_simplified(text)) == len(text)


def test_zh_text_word_boundaries() -> None:
    zt = ZhText("发展中国家")
    assert zt.is_boundary(0) and zt.is_boundary(5)
    assert not zt.is_boundary(2)  # 中国 would start inside the word
    assert zt.word_at(2) == (0, 5)


def test_zh_latin_names_inside_chinese_text(kb: KnowledgeBase) -> None:
    assert "org:nba" in _ids("一名美国NBA球星昨天抵达。", kb)
    assert "org:nba" not in _ids("一名美国NBAX球星昨天抵达。", kb)


def test_zh_organisations_media_and_regions(kb: KnowledgeBase) -> None:
    ids = _ids("新华社报道，联合国安理会就南海问题和东盟的立场进行了讨论。", kb)
    assert {"media:xinhua", "org:unsc", "region:south-china-sea", "org:asean"} <= ids


def test_zh_names_of_people_flow_through_from_the_kb(tmp_path: Path) -> None:
    extra = tmp_path / "people.yaml"
    extra.write_text(
        "entities:\n- {id: 'person:jane-roe', type: person, name: Jane Roe, zh: [罗珍妮], country: USA}\n",
        encoding="utf-8",
    )
    kb = load_kb([extra])
    text = "罗珍妮表示欢迎。"
    people = [(e.id, e.name) for e in find_entities(_doc(text), kb=kb).entities if e.type == "person"]
    assert people == [("person:jane-roe", "Jane Roe")]


@pytest.mark.parametrize(
    ("text", "form_id"),
    [
        ("中方坚持一个中国原则。", "one-china-principle"),
        ("推动构建人类命运共同体。", "community-shared-future"),
        ("停止粗暴干涉香港事务和中国内政。", "non-interference"),
        ("双方打击三股势力。", "three-evil-forces"),
    ],
)
def test_zh_formulations(kb: KnowledgeBase, text: str, form_id: str) -> None:
    formulations = find_formulations(_doc(text), kb=kb).formulations
    assert [f.id for f in formulations] == [form_id]
    assert formulations[0].name == kb.formulations[form_id].name


def test_zh_split_form_stays_within_its_clause(kb: KnowledgeBase) -> None:
    formulations = find_formulations(_doc("他们干涉了此事。这是内政。"), kb=kb).formulations
    assert [f.id for f in formulations] == []


def test_zh_english_text_is_left_to_the_english_matcher(kb: KnowledgeBase) -> None:
    assert _ids("The United States and Japan held talks.", kb, "country") == {"USA", "JPN"}
