"""Chinese press-conference structure: turn labels, the spokesperson from the title, Chinese speakers
and outlets resolved to the knowledge base's English names, Chinese dates, event types and datelines.

Every sentence, name and outlet below is invented for the tests (an invented knowledge base), except
the one test that reads the shipped knowledge base for a real spokesperson's two names."""

from __future__ import annotations

import datetime

import pytest

from dipcorpus.kb.loader import load_kb
from dipcorpus.kb.records import EntityRecord, KnowledgeBase, Role
from dipcorpus.model import Document, Statement, Turn
from dipcorpus.parse.meta import find_metadata
from dipcorpus.parse.meta_zh import english_place, zh_dateline_place, zh_event_date
from dipcorpus.parse.speakers import assign_speakers
from dipcorpus.parse.turns import answerer_from_title, find_turns

TITLE = "2019年5月6日外交部发言人张三主持例行记者会"


def _turns(text: str, title: str = TITLE) -> list[tuple[str, str, str]]:
    doc = find_turns(Document(id="x", source="x", format="txt", text=text, title=title, language="zh"))
    return [(t.speaker, t.role, doc.text[t.start : t.start + 6]) for t in doc.turns]


# --- labels (invented sample text) ---


def test_zh_labels_question_answer_and_outlets() -> None:
    text = (
        "问：虚构的第一个问题？\n\n答:虚构的第一个回答。\n\n"  # an ASCII colon after 答
        "俄新社记者：虚构的第二个问题？\n\n张三：虚构的第二个回答。\n\n"
        "总台央视记者提问：虚构的第三个问题？\n\n答：虚构的第三个回答。\n\n"
        "虚构日报记者追问：虚构的追问？\n\n答：虚构的回答。"
    )
    assert _turns(text) == [
        ("Reporter", "question", "虚构的第一个"),
        ("张三", "answer", "虚构的第一个"),
        ("RIA Novosti", "question", "虚构的第二个"),  # the ministry's English name for the outlet
        ("张三", "answer", "虚构的第二个"),
        ("CCTV", "question", "虚构的第三个"),
        ("张三", "answer", "虚构的第三个"),
        ("虚构日报", "question", "虚构的追问？"),  # the speaker stage gives the KB's English name
        ("张三", "answer", "虚构的回答。"),
    ]


@pytest.mark.parametrize(
    ("label", "speaker"),
    [
        ("外国记者提问", "Reporter"),
        ("记者", "Reporter"),
        ("俄罗斯记者", "Reporter"),  # a country: a reporter of no named outlet
        ("加拿大《虚构邮报》记者", "虚构邮报"),  # the outlet in book-title marks
        ("《虚构晚报》记者", "虚构晚报"),
    ],
)
def test_zh_reporter_labels(label: str, speaker: str) -> None:
    text = f"问：虚构的问题？\n\n答：虚构的回答。\n\n{label}：又一个虚构的问题？\n\n答：虚构的回答。"
    assert _turns(text)[2][:2] == (speaker, "question")


def test_zh_question_after_the_conference_and_its_reported_answer() -> None:
    text = "问：虚构的问题？\n\n答：虚构的回答。\n\n会后有记者问及：虚构的会后问题？\n\n张三表示，虚构的会后回答。"
    assert _turns(text)[2:] == [("Reporter", "question", "虚构的会后问"), ("张三", "answer", "虚构的会后回")]


def test_zh_reported_words_without_a_question_are_not_a_turn() -> None:
    text = "张三表示，虚构的一段话。\n\n问：虚构的问题？\n\n答：虚构的回答。"
    assert [s for s, _, _ in _turns(text, "外交部发言人张三就虚构事件答记者问")] == ["Reporter", "张三"]


def test_zh_bracketed_aside_is_not_a_label() -> None:
    text = "问：虚构的问题？\n\n答：虚构的回答。\n\n（记者点头）\n\n虚构的下文。"
    assert len(_turns(text)) == 2


def test_zh_opening_announcement_and_a_page_with_only_the_announcement() -> None:
    text = "虚构的开场消息，将于下周举行。\n\n问：虚构的问题？\n\n答：虚构的回答。"
    assert _turns(text)[0] == ("张三", "opening statement", "虚构的开场消")
    assert _turns("虚构的开场消息，将于下周举行。\n\n虚构的第二段消息。") == [
        ("张三", "opening statement", "虚构的开场消")
    ]


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("2019年5月6日外交部发言人张三主持例行记者会", "张三"),
        ("外交部发言人李四维2月15日答记者问", "李四维"),
        ("外交部发言人张三就虚构事件发表谈话", "张三"),
        ("外交部发言人答记者问", None),
    ],
)
def test_zh_spokesperson_from_title(title: str, name: str | None) -> None:
    assert answerer_from_title(title) == name


# --- speakers (an invented knowledge base with Chinese names) ---

KB = KnowledgeBase(
    entities={
        e.id: e
        for e in (
            EntityRecord(id="CHN", type="country", name="China"),
            EntityRecord(
                id="person:zhang-san", type="person", name="Zhang San", zh=("张三",), country="CHN",
                roles=(Role(title="Spokesperson", of="CHN", start="2018-01-01"),),
            ),
            EntityRecord(
                id="person:li-siwei", type="person", name="Li Siwei", zh=("李四维",), country="CHN",
                roles=(Role(title="Spokesperson", of="CHN", start="2018-01-01"),),
            ),
            EntityRecord(id="media:invented-daily", type="media", name="Invented Daily", zh=("虚构日报",)),
            EntityRecord(id="media:invented-wire", type="media", name="Invented Wire", zh=("虚构社",)),
            EntityRecord(id="media:ivn", type="media", name="IVN", aliases=("Invented Vision News",)),
        )
    },
    formulations={},
)  # fmt: skip


def _doc(labels: list[tuple[str, str]], statements: tuple[str, ...] = ()) -> Document:
    body, turns = "", []
    for n, (speaker, role) in enumerate(labels, 1):
        start = len(body)
        body += f"{speaker}：虚构的话{n}。\n\n"
        turns.append(Turn(start=start + len(speaker) + 1, end=len(body) - 2, n=n, speaker=speaker, role=role,
                          label_start=start))  # fmt: skip
    sts = tuple(Statement(start=0, end=1, n=i, speaker=s, verb="表示") for i, s in enumerate(statements, 1))
    return Document(id="x", source="x", format="txt", text=body, title=TITLE, date="2019-05-06",
                    language="zh", turns=tuple(turns), statements=sts)  # fmt: skip


def test_zh_speakers_resolve_to_english_names_and_ids() -> None:
    doc = assign_speakers(
        _doc(
            [
                ("虚构日报", "question"), ("张三", "answer"), ("日本虚构社", "question"), ("張三", "answer"),
                ("美国IVN电视台", "question"), ("不知名报", "question"), ("发言人", "answer"), ("王五", "answer"),
            ],
            statements=("外交部发言人李四维", "中方"),
        ),
        kb=KB,
    )  # fmt: skip
    assert [(t.speaker, t.speaker_id) for t in doc.turns] == [
        ("Invented Daily", "media:invented-daily"),
        ("Zhang San", "person:zhang-san"),
        ("Invented Wire", "media:invented-wire"),  # a country before the outlet's name
        ("Zhang San", "person:zhang-san"),  # traditional script
        ("IVN", "media:ivn"),  # a Latin name inside the label
        ("不知名报", "outlet:不知名报"),
        ("Spokesperson", "label:spokesperson"),  # two spokespersons then: no one person
        ("王五", "name:王五"),
    ]
    assert [(s.speaker, s.speaker_id) for s in doc.statements] == [("Li Siwei", "person:li-siwei"), ("中方", None)]


def test_zh_name_inside_a_longer_name_is_not_that_person() -> None:
    doc = assign_speakers(_doc([("张三丰", "answer")]), kb=KB)
    assert doc.turns[0].speaker_id == "name:张三丰"


def test_zh_and_english_labels_of_a_real_spokesperson_are_one_speaker() -> None:
    """The shipped knowledge base: the Chinese and the English label give the same id and name."""
    kb = load_kb()
    zh = assign_speakers(_doc([("耿爽", "answer")]), kb=kb).turns[0]
    en_doc = Document(
        id="y", source="y", format="txt", text="GENG SHUANG: Invented words.", title="Invented Briefing",
        date="2019-05-06", turns=(Turn(start=13, end=28, n=1, speaker="GENG SHUANG", role="answer", label_start=0),),
    )  # fmt: skip
    en = assign_speakers(en_doc, kb=kb).turns[0]
    assert (zh.speaker, zh.speaker_id) == (en.speaker, en.speaker_id) == ("Geng Shuang", "person:geng-shuang")


# --- dates, event types, places (invented sample text) ---

PUB = datetime.date(2020, 7, 17)  # a Friday


@pytest.mark.parametrize(
    ("para", "date"),
    [
        ("2020年7月15日，虚构的甲方同乙方举行会谈。", "2020-07-15"),
        ("7月16日晚，虚构的包机抵达。", "2020-07-16"),
        ("12月30日，虚构的会议举行。", "2019-12-30"),  # the latest such day on or before publication
        ("16日，虚构的甲方同乙方通电话。", "2020-07-16"),
        ("20日，虚构的甲方同乙方通电话。", "2020-06-20"),  # after publication: last month's
        ("今天，虚构的甲方会见乙方。", "2020-07-17"),
        ("自即日起，虚构的措施生效。", "2020-07-17"),
        ("昨天，虚构的甲方会见乙方。", "2020-07-16"),
        ("前天，虚构的甲方会见乙方。", "2020-07-15"),
        ("周二，虚构的甲方会见乙方。", "2020-07-14"),
        ("上周五，虚构的甲方会见乙方。", "2020-07-10"),
        ("上周一，虚构的甲方会见乙方。", "2020-07-06"),
        ("虚构的甲方将于7月20日访问乙方。", None),  # announced: not the event
        ("问：7日，虚构的声明发表了吗？", None),  # a question label: not narrative
        ("虚构的甲方发表声明。", None),
    ],
)
def test_zh_event_dates_read_against_publication(para: str, date: str | None) -> None:
    assert zh_event_date([para], PUB) == date


@pytest.mark.parametrize(
    ("title", "event_type"),
    [
        ("2019年5月6日外交部发言人张三主持例行记者会", "press conference"),
        ("外交部发言人张三就虚构事件答记者问", "remarks"),
        ("外交部发言人张三就虚构国家宣布联合公报答记者问", "remarks"),  # the topic does not type the page
        ("外交部发言人张三就虚构事件发表谈话", "statement"),
        ("虚构国家领导人同虚构总统通电话", "phone call"),
        ("虚构部长同虚构外长视频通话", "phone call"),
        ("虚构部长会见虚构代表团", "meeting"),
        ("虚构部长同虚构外长举行会谈", "meeting"),
        ("甲国和乙国联合声明", "joint statement"),
        ("甲国和乙国联合公报", "joint statement"),
        ("虚构领导人致贺电", "statement"),
        ("虚构部长接受虚构日报专访", "interview"),
        ("虚构部长在虚构论坛上的主旨讲话", "speech"),
    ],
)
def test_zh_event_types(title: str, event_type: str) -> None:
    doc = Document(id="x", source="x", format="txt", text=f"{title}\n\n虚构的正文。", title=title)
    assert find_metadata(doc).event_type == event_type


def test_zh_metadata_date_and_place_of_a_readout() -> None:
    text = "新华社东京7月16日电 16日，虚构的甲方同乙方举行会谈。双方就虚构议题交换意见。"
    doc = Document(id="x", source="x", format="txt", text=text, title="虚构的甲方同乙方举行会谈",
                   published="2020-07-17")  # fmt: skip
    out = find_metadata(doc)
    assert (out.date, out.place, out.event_type, out.language) == ("2020-07-16", "Tokyo", "meeting", "zh")


def test_zh_statement_keeps_the_publication_day() -> None:
    """A statement's opening sentence dates what it comments on, not the statement."""
    text = "7月15日，虚构的甲方发表了虚构的言论。我们对此表示坚决反对，这是虚构的立场。"
    doc = Document(id="x", source="x", format="txt", text=text, title="外交部发言人张三就虚构言论发表谈话",
                   published="2020-07-17")  # fmt: skip
    assert find_metadata(doc).date == "2020-07-17"


@pytest.mark.parametrize(
    ("para", "place"),
    [
        ("新华社北京7月16日电 虚构的正文。", "北京"),  # CLDR has no Beijing: the printed name
        ("本报莫斯科7月16日讯 虚构的正文。", "Moscow"),
        ("（上海）虚构的正文。", "Shanghai"),
        ("虚构的正文，没有电头。", None),
    ],
)
def test_zh_dateline_place(para: str, place: str | None) -> None:
    assert zh_dateline_place([para]) == place


def test_english_place_of_a_country() -> None:
    assert english_place("日本") == "Japan"


# --- interviews and other named speakers (invented sample text) ---


def test_zh_interview_named_answerer_and_the_titles_outlet() -> None:
    text = "记者：虚构的问题？\n\n王五：虚构的回答。\n\n记者：第二个虚构的问题？\n\n王五：第二个虚构的回答。"
    assert [(s, r) for s, r, _ in _turns(text, "外长王五接受虚构日报记者专访")] == [
        ("虚构日报", "question"),
        ("王五", "answer"),
        ("虚构日报", "question"),
        ("王五", "answer"),
    ]
    joint = _turns(text, "王五接受甲报和乙报联合采访")
    assert [s for s, _, _ in joint] == ["Reporter", "王五", "Reporter", "王五"]


def test_zh_name_label_used_once_or_without_questions_is_not_a_turn() -> None:
    assert _turns("王五：虚构的话。\n\n虚构的下文。", "虚构的标题") == []
    assert (
        _turns("首先：虚构的话。\n\n首先：又一句话。\n\n问：虚构的问题？\n\n答：回答。", "虚构的标题")[0][1]
        == "question"
    )


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("国务委员兼外长王五接受虚构日报记者专访", "王五"),
        ("驻虚构国大使李四维接受《虚构报》书面采访", "李四维"),
        ("王五就虚构议题接受虚构日报专访", "王五"),
        ("中方就虚构言论表明立场", None),
        ("外交部就虚构事件答记者问", None),
    ],
)
def test_zh_official_from_title(title: str, name: str | None) -> None:
    assert answerer_from_title(title) == name


def test_zh_short_answers_are_sentences_not_list_fields() -> None:
    """'张三：你说的是哪份声明？' twice is an exchange, not a 'field: value' list."""
    text = "问：虚构的问题？\n\n张三：你说的是哪份声明？\n\n记者：虚构的声明。\n\n张三：你知道是谁吗？\n\n记者：知道。"
    assert [s for s, _, _ in _turns(text)] == ["Reporter", "张三", "Reporter", "张三", "Reporter"]


def test_zh_traditional_script_reads_like_simplified() -> None:
    title = "2019年5月6日外交部發言人張三主持例行記者會"
    text = "虛構的開場消息。\n\n問：虛構的問題？\n\n答：虛構的回答。\n\n新華社記者：又一個問題？\n\n張三：好的。"
    assert [(s, r) for s, r, _ in _turns(text, title)] == [
        ("张三", "opening statement"),
        ("Reporter", "question"),
        ("张三", "answer"),
        ("Xinhua", "question"),
        ("张三", "answer"),
    ]
    assert zh_event_date(["上週五，虛構的甲方會見乙方。"], PUB) == "2020-07-10"
    doc = Document(id="x", source="x", format="txt", text=f"{title}\n\n虛構的正文。", title=title)
    assert find_metadata(doc).event_type == "press conference"
