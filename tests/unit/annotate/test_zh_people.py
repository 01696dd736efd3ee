"""Persons named in Chinese text (annotate/zh_people.py), on invented sentences."""

from __future__ import annotations

import pytest

from dipcorpus.annotate import find_entities
from dipcorpus.annotate.zh_people import zh_people_entities, zh_person_mentions, zh_person_of
from dipcorpus.kb import KnowledgeBase, load_kb
from dipcorpus.model import Document


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _names(text: str, kb: KnowledgeBase, date: str | None = "2019-06-01") -> list[tuple[str, str]]:
    return [(text[p.start : p.end], p.name) for p in zh_person_mentions(text, kb=kb, date=date)]


@pytest.mark.parametrize(
    ("text", "printed", "name"),
    [
        ("王毅国务委员兼外长会见了来访的客人。", "王毅", "Wang Yi"),
        ("美国总统特朗普昨天发表讲话。", "特朗普", "Donald Trump"),
        ("蓬佩奥国务卿将访问亚洲。", "蓬佩奥", "Mike Pompeo"),
        ("美商务部长罗斯将率团访华。", "罗斯", "Wilbur Ross"),  # two characters, after a title
        ("泰国总理巴育出席了会议。", "巴育", "Prayut Chan-o-cha"),
        ("唐纳德·特朗普就任总统。", "唐纳德·特朗普", "Donald Trump"),
        ("委内瑞拉总统马杜罗胜选连任。", "马杜罗", "Nicolás Maduro"),  # the segmenter glues the next word on
    ],
)
def test_zh_person_names(kb: KnowledgeBase, text: str, printed: str, name: str) -> None:
    assert (printed, name) in _names(text, kb)


@pytest.mark.parametrize(
    "text",
    [
        "俄罗斯外长会见了来访的客人。",  # '罗斯' inside '俄罗斯'
        "白俄罗斯总统出席了会议。",
        "克里米亚的局势引人关注。",  # '克里' (Kerry) inside a longer word
        "阿扎利以多数票当选。",  # '阿扎' (Azar) starting another name, with no title anywhere
        "有人说这是麦卡锡主义。",  # a doctrine named after a person
        "美国参议员桑德斯发表讲话。",  # a senator is not the press secretary named Sanders
    ],
)
def test_zh_not_person_names(kb: KnowledgeBase, text: str) -> None:
    assert _names(text, kb) == []


def test_zh_short_name_from_a_later_era_is_someone_else(kb: KnowledgeBase) -> None:
    assert _names("美军司令哈里斯访问了韩国。", kb, date="2017-03-01") == []
    assert _names("美国副总统哈里斯访问了亚洲。", kb, date="2022-03-01") == [("哈里斯", "Kamala Harris")]


def test_zh_shared_name_goes_to_the_office_holder_of_the_date(kb: KnowledgeBase) -> None:
    assert _names("美国国务卿赖斯访问了亚洲。", kb, date="2006-05-01") == [("赖斯", "Condoleezza Rice")]
    assert _names("美国常驻联合国代表赖斯发言。", kb, date="2011-05-01") == [("赖斯", "Susan Rice")]


def test_zh_open_class_dotted_names(kb: KnowledgeBase) -> None:
    text = "澳籍毒贩卡姆·吉莱斯比被判刑。厄立特里亚外长奥斯曼·萨利赫将访华。"
    assert _names(text, kb) == [("卡姆·吉莱斯比", "卡姆·吉莱斯比"), ("奥斯曼·萨利赫", "奥斯曼·萨利赫")]
    ids = [p.id for p in zh_person_mentions(text, kb=kb)]
    assert ids == ["person:卡姆·吉莱斯比", "person:奥斯曼·萨利赫"]


@pytest.mark.parametrize(
    "text",
    [
        "“卡尔·文森”号航母驶入海域。",  # a ship named after a person
        "他参加了亨利·杰克逊协会的活动。",  # a society
        "据说洛克希德·马丁将供货。",  # no title nor word for a person before it: not safe
    ],
)
def test_zh_dotted_names_that_are_not_persons(kb: KnowledgeBase, text: str) -> None:
    assert _names(text, kb) == []


def test_zh_traditional_script(kb: KnowledgeBase) -> None:
    assert _names("美國國務卿蓬佩奧說", kb) == [("蓬佩奧", "Mike Pompeo")]


def test_zh_person_of_a_printed_speaker(kb: KnowledgeBase) -> None:
    found = zh_person_of("华春莹", kb=kb)
    assert found is not None and (found.id, found.name) == ("person:hua-chunying", "Hua Chunying")
    found = zh_person_of("Hua Chunying", kb=kb)
    assert found is not None and found.id == "person:hua-chunying"
    assert zh_person_of("记者", kb=kb) is None


def test_zh_people_entities_add_the_title_persons(kb: KnowledgeBase) -> None:
    found = zh_people_entities("问：普京总统表示……\n答：我们注意到了。", kb=kb, title="外交部发言人耿爽答记者问")
    first = found[0]
    assert (first.id, first.start, first.end) == ("person:geng-shuang", 0, 0)
    assert {e.name for e in found} == {"Geng Shuang", "Vladimir Putin"}


def test_zh_find_entities_hook(kb: KnowledgeBase) -> None:
    text = "俄罗斯外长拉夫罗夫表示，合作很重要。"
    doc = Document(id="zh", source="zh.txt", format="txt", text=text, date="2019-06-01")
    people = [(e.id, e.name) for e in find_entities(doc, kb=kb).entities if e.type == "person"]
    assert people == [("person:sergey-lavrov", "Sergey Lavrov")]
