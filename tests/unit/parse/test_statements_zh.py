"""Reported speech in Chinese (parse/statements_zh.py). Every sentence is invented for these tests;
the persons are knowledge-base persons so that speakers come out with canonical English names."""

from __future__ import annotations

import re

import pytest

from dipcorpus.kb import KnowledgeBase, load_kb
from dipcorpus.model import Document, Statement, Turn
from dipcorpus.parse.statements import find_statements


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _doc(text: str, *, date: str = "2020-06-01", turns: tuple[Turn, ...] = ()) -> Document:
    return Document(id="zh", source="zh.txt", format="txt", text=text, title="发言人答记者问", date=date, turns=turns)


def _found(text: str, kb: KnowledgeBase, **kw: object) -> list[Statement]:
    return list(find_statements(_doc(text, **kw), kb=kb).statements)  # type: ignore[arg-type]


def _qa(*parts: tuple[str, str, str]) -> tuple[str, tuple[Turn, ...]]:
    """Text and turns of labelled paragraphs: (label, speaker, role) and the paragraph after it."""
    text, turns = "", []
    for n, (label, speaker, body) in enumerate(parts, 1):
        label_start = len(text)
        text += f"{label}："
        start = len(text)
        text += body
        role = "question" if label == "问" else "answer"
        turns.append(Turn(start=start, end=len(text), n=n, speaker=speaker, role=role, label_start=label_start))
        text += "\n\n"
    return text, tuple(turns)


@pytest.mark.parametrize(
    ("sentence", "speaker", "verb", "starts"),
    [
        ("王毅国务委员兼外长指出，各方应保持克制。", "Wang Yi", "指出", "各方应保持克制"),
        ("美国总统特朗普在推特上称，关税将会提高。", "Donald Trump", "称", "关税将会提高"),
        ("俄罗斯外长拉夫罗夫昨天表示，俄方愿意对话。", "Sergey Lavrov", "表示", "俄方愿意对话"),
        ("蓬佩奥国务卿强调：美方立场没有改变。", "Mike Pompeo", "强调", "美方立场没有改变"),
        ("普京总统认为，两国合作前景广阔。", "Vladimir Putin", "认为", "两国合作前景广阔"),
        ("美商务部长罗斯5月3日宣布，新规定将于下月生效。", "Wilbur Ross", "宣布", "新规定将于下月生效"),
        ("马杜罗总统在电视讲话中说，国家将度过难关。", "Nicolás Maduro", "说", "国家将度过难关"),
        ("澳大利亚外长毕晓普重申，澳方重视对华关系。", "Julie Bishop", "重申", "澳方重视对华关系"),
        ("习近平主席表明了中方对地区局势的原则立场。", "Xi Jinping", "表明", "中方对地区局势"),
        ("王毅外长介绍说，会谈取得了积极成果。", "Wang Yi", "介绍", "会谈取得了积极成果"),
        ("王毅外长提出：双方应加强沟通。", "Wang Yi", "提出", "双方应加强沟通"),
        ("正如王毅外长所说，合作是唯一正确的选择。", "Wang Yi", "说", "合作是唯一正确的选择"),
        ("正如普京总统在演讲中指出的，合作符合两国利益。", "Vladimir Putin", "指出", "合作符合两国利益"),
        ("美国务院发言人奥特加斯转发一条推文并称这是虚构的说法。", "Morgan Ortagus", "称", "这是虚构的说法"),
        ("泰国总理巴育表示了感谢。", "Prayut Chan-o-cha", "表示", "感谢"),
        ("他不认罪。特朗普总统称，关税将提高。", "Donald Trump", "称", "关税将提高"),  # '统称' is a word, '总统称' not
        ("约翰逊首相称，英方愿意合作。", "Boris Johnson", "称", "英方愿意合作"),
    ],
)
def test_zh_statement_patterns(kb: KnowledgeBase, sentence: str, speaker: str, verb: str, starts: str) -> None:
    found = _found(sentence, kb)
    assert [(s.speaker, s.verb) for s in found] == [(speaker, verb)]
    assert sentence[found[0].start :].startswith(starts)
    assert found[0].speaker_id and found[0].speaker_id.startswith("person:")


@pytest.mark.parametrize(
    "sentence",
    [
        "中方表示，愿同各方加强合作。",  # a collective speaker
        "双方一致认为，应继续推进合作。",
        "有美国官员称，制裁将继续。",  # unnamed
        "越南外交部发言人表示，越方反对有关做法。",
        "孟晚舟的法律团队称，有关文件不完整。",  # a possessor is no speaker
        "中方向普京总统表示热烈祝贺。",  # the object of a preposition
        "以彭斯为首的一些政客说三道四。",
        "你所说的美方决定我不了解。",  # a relative clause, no person
        "王毅外长所说的原则得到各方赞同。",
        "刘鹤副总理在磋商结束后接受了媒体采访，介绍了有关情况。",  # no words reported
        "王毅外长提出了三点建议。",
        "特朗普总统多次表示，他喜欢这个计划。",  # a habit
        "普京总统没有表示反对。",  # a negation
        "名称是“东方论坛”。",  # '称' inside a word
        "他说明了情况。",
        "梅德韦杰夫8日发表文章称，条约很重要。",  # a document speaks
        "习近平主席宣布的举措受到欢迎。",  # the verb describes a noun
        "特朗普政府称，关税将提高。",  # the government, not the person
    ],
)
def test_zh_not_statements(kb: KnowledgeBase, sentence: str) -> None:
    assert _found(sentence, kb) == []


def test_zh_pronoun_is_the_speaker_named_just_before(kb: KnowledgeBase) -> None:
    found = _found("澳大利亚外长毕晓普表示，澳方愿意改善关系。她还表示，将尽快访华。", kb)
    assert [(s.speaker, s.verb) for s in found] == [("Julie Bishop", "表示"), ("Julie Bishop", "表示")]
    found = _found("会谈中，普京总统介绍了情况。他强调，俄方愿意合作。", kb)
    assert [(s.speaker, s.verb) for s in found] == [("Vladimir Putin", "强调")]


def test_zh_pronoun_with_two_persons_named_is_left_out(kb: KnowledgeBase) -> None:
    found = _found("普京总统会见了拉夫罗夫外长。他表示，合作很重要。", kb)
    assert found == []


def test_zh_subjectless_verb_takes_the_person_opening_the_sentence(kb: KnowledgeBase) -> None:
    text = "就此而言，王毅外长在会见拉夫罗夫外长时，从宏观的层面，表明双方应加强战略协作。"
    found = _found(text, kb)
    assert [(s.speaker, s.verb) for s in found] == [("Wang Yi", "表明")]
    assert text[found[0].start :].startswith("双方应加强战略协作")


def test_zh_subjectless_verb_after_another_subject_is_left_out(kb: KnowledgeBase) -> None:
    assert _found("安理会通过决议，支持古特雷斯秘书长的倡议，呼吁各方停火。", kb) == []
    assert _found("王毅外长访问了两国，据报道，当地媒体批评邻国，称邻国应负责。", kb) == []


def test_zh_joined_second_verb_keeps_the_speaker(kb: KnowledgeBase) -> None:
    found = _found("蓬佩奥国务卿称，美方将采取行动，并强调盟友应当配合。", kb)
    assert [(s.speaker, s.verb) for s in found] == [("Mike Pompeo", "称"), ("Mike Pompeo", "强调")]
    assert found[0].end <= found[1].start


def test_zh_first_person_of_a_joint_subject(kb: KnowledgeBase) -> None:
    found = _found("普京总统和拉夫罗夫外长都表示，俄方支持政治解决。", kb)
    assert [s.speaker for s in found] == ["Vladimir Putin"]


def test_zh_title_running_on_to_another_name(kb: KnowledgeBase) -> None:
    found = _found("习近平主席特别代表、国务委员兼外交部长王毅表示，中方愿意合作。", kb)
    assert [s.speaker for s in found] == ["Wang Yi"]


def test_zh_colon_closing_the_paragraph_takes_the_next_one(kb: KnowledgeBase) -> None:
    text = "外交部发言人华春莹宣布：\n\n应邀请，某国外长将访华。"
    found = _found(text, kb)
    assert [(s.speaker, s.verb) for s in found] == [("Hua Chunying", "宣布")]
    assert text[found[0].start :].startswith("应邀请")


def test_zh_statements_inside_questions_and_answers(kb: KnowledgeBase) -> None:
    text, turns = _qa(
        ("问", "Reporter", "据报道，美国国务卿蓬佩奥称，美方将加征关税。你昨天说，中方将作出回应。你认为会怎样？"),
        ("答", "华春莹", "你提到的情况我注意到了。普京总统也表示，单边主义没有出路。华春莹说过，中方立场是明确的。"),
    )
    found = _found(text, kb, turns=turns)
    assert [(s.speaker, s.verb) for s in found] == [
        ("Mike Pompeo", "称"),
        ("Hua Chunying", "说"),  # the addressee's words ('你昨天说'); '你认为...？' is a question
        ("Vladimir Putin", "表示"),
    ]  # '华春莹说过' in her own answer: her own words, left out


def test_zh_statement_ends_before_the_next_subject(kb: KnowledgeBase) -> None:
    text = "普京总统表示，合作很重要。习近平主席强调，双方应携手。"
    found = _found(text, kb)
    assert [text[s.start : s.end] for s in found] == ["合作很重要。", "双方应携手。"]


def test_zh_statements_are_numbered_in_text_order_with_english_ones(kb: KnowledgeBase) -> None:
    text = "President Li Ming said that rivers matter.\n\n普京总统表示，合作很重要。"
    found = _found(text, kb)
    assert [(s.n, s.speaker) for s in found] == [(1, "Li Ming"), (2, "Vladimir Putin")]


def test_zh_traditional_script(kb: KnowledgeBase) -> None:
    found = _found("俄羅斯總統普京表示，兩國關係很好。", kb)
    assert [(s.speaker, s.verb) for s in found] == [("Vladimir Putin", "表示")]


def test_zh_english_text_gives_no_chinese_statements(kb: KnowledgeBase) -> None:
    found = _found("The minister stressed that the river is long.", kb)
    assert all(not re.search(r"[\u4e00-\u9fff]", s.verb) for s in found)
