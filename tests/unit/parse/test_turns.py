"""Turn finding on invented fixtures (every sentence here is invented for the tests)."""

from __future__ import annotations

import pytest

from dipcorpus.model import Document, Sentence
from dipcorpus.parse.turns import answerer_from_title, find_turns


def make(text: str, title: str | None = None, **kw: object) -> Document:
    if title is None:
        title = text.split("\n\n", 1)[0]
    return Document(id="x", source="x.txt", format="txt", text=text, title=title, **kw)  # type: ignore[arg-type]


def summary(doc: Document) -> list[tuple[str, str, str]]:
    return [(t.speaker, t.role, doc.text[t.start : t.start + 12]) for t in doc.turns]


def test_turns_numbered_outlet_and_named_answerer() -> None:
    text = (
        "Interview Given by Foreign Minister Li Ming to Xinhua News Agency\n\n"
        "The full text is as follows:\n\n"
        "1. Xinhua News Agency: Invented question one?\n\n"
        "Li Ming: Invented answer one.\n\nMore of answer one.\n\n"
        "2.Xinhua:Invented question two?\n\n"
        "Li Ming: Invented answer two."
    )
    doc = find_turns(make(text))
    assert summary(doc) == [
        ("Xinhua", "question", "Invented que"),
        ("Li Ming", "answer", "Invented ans"),
        ("Xinhua", "question", "Invented que"),
        ("Li Ming", "answer", "Invented ans"),
    ]
    assert [t.number for t in doc.turns] == [1, None, 2, None]
    assert doc.text[doc.turns[1].start : doc.turns[1].end].endswith("More of answer one.")
    assert doc.text[doc.turns[0].label_start : doc.turns[0].start] == "1. Xinhua News Agency: "


def test_turns_bare_q_a_take_the_answerer_from_the_title() -> None:
    title = "Foreign Ministry Spokesperson Zhang San's Regular Press Conference on May 1, 2019"
    text = f"{title}\n\nAn invented announcement paragraph.\n\nQ: Invented question?\n\nA: Invented answer."
    doc = find_turns(make(text))
    assert summary(doc) == [
        ("Zhang San", "announcement", "An invented "),
        ("Reporter", "question", "Invented que"),
        ("Zhang San", "answer", "Invented ans"),
    ]


def test_turns_q_a_without_colons() -> None:
    text = "Invented Briefing\n\nQ    Invented question?\n\nA    Invented answer.\n\nQ Another one?\n\nA Sure."
    doc = find_turns(make(text))
    assert [t.role for t in doc.turns] == ["question", "answer", "question", "answer"]


@pytest.mark.parametrize(
    ("label", "speaker"),
    [
        ("CCTV", "China Central Television"),
        ("People's Daily", "People’s Daily"),
        ("Rossiya Segodnya", "Rossiya Segodnya"),
    ],
)
def test_turns_outlet_names_are_canonical(label: str, speaker: str) -> None:
    text = (
        "Foreign Minister Li Ming Meets the Press\n\n"
        "Li Ming: Good morning to everyone in the briefing room.\n\n"
        f"{label}: An invented question?\n\nLi Ming: An invented answer."
    )
    doc = find_turns(make(text))
    assert summary(doc)[0] == ("Li Ming", "opening statement", "Good morning")
    assert doc.turns[1].speaker == speaker
    assert doc.turns[1].role == "question"
    assert doc.turns[2].role == "answer"


def test_turns_us_labels_resolve_to_full_names() -> None:
    title = "Press Briefing by Press Secretary Jane Roe and Secretary of Parks John Doe"
    text = (
        f"{title}\n\nMS. ROE: Good afternoon.\n\nSECRETARY DOE: Thanks, Jane.\n\n"
        "Q Invented question?\n\nSECRETARY DOE: Invented answer.\n\nQ: Follow on?\n\nMS. ROE: Next."
    )
    doc = find_turns(make(text))
    assert [(t.speaker, t.role) for t in doc.turns] == [
        ("Jane Roe", "announcement"),
        ("John Doe", "opening statement"),
        ("Reporter", "question"),
        ("John Doe", "answer"),
        ("Reporter", "question"),
        ("Jane Roe", "answer"),
    ]


def test_turns_chinese_labels() -> None:
    title = "2019年5月1日外交部发言人张三主持例行记者会"
    text = f"{title}\n\n问：虚构的问题？\n\n答：虚构的回答。\n\n新华社记者：又一个问题？\n\n答：好的。"
    doc = find_turns(make(text, language="zh"))
    assert [(t.speaker, t.role) for t in doc.turns] == [
        ("Reporter", "question"),
        ("张三", "answer"),
        ("Xinhua", "question"),
        ("张三", "answer"),
    ]


def test_turns_follow_up_keeps_the_outlet() -> None:
    text = "Invented Conference\n\nAFP: Question?\n\nA: Answer.\n\nFollow-up: And then?\n\nA: Then."
    doc = find_turns(make(text))
    assert [(t.speaker, t.role) for t in doc.turns][2] == ("AFP", "question")


def test_turns_bold_question_without_label() -> None:
    text = "Invented Conference\n\nQ: First question?\n\nA: Answer.\n\nHow do you see this?\n\nA: Calmly."
    start = text.index("How do")
    doc = find_turns(make(text, emphasis=(Sentence(start=start, end=start + 20),)))
    assert [t.role for t in doc.turns] == ["question", "answer", "question", "answer"]
    assert doc.text[doc.turns[2].start :].startswith("How do")


@pytest.mark.parametrize(
    "paragraph",
    [
        "The answer is simple: we disagree.",
        "Note: this transcript was edited.",
        "12:07 P.M. EST",
        "A word of advice: be careful.",
        "What I want to stress is as follows: nothing.",
    ],
)
def test_turns_false_labels_are_not_turns(paragraph: str) -> None:
    text = f"Invented Interview\n\nReporter: Question?\n\nLi Ming: Answer.\n\n{paragraph}"
    doc = find_turns(make(text, title="Invented Interview with Li Ming"))
    assert len(doc.turns) == 2
    assert doc.turns[1].end == len(text)


def test_turns_bilingual_pairs_keep_chinese_as_parallel() -> None:
    text = (
        "Invented Bilingual Conference\n\n问：虚构的问题？\n\nQ: An invented question?\n\n"
        "答：虚构的回答。\n\nA: An invented answer."
    )
    doc = find_turns(make(text, title="Spokesperson Zhang San's Regular Press Conference", language="en"))
    assert [(t.speaker, t.role) for t in doc.turns] == [("Reporter", "question"), ("Zhang San", "answer")]
    q = doc.turns[0]
    assert q.parallel_start is not None and q.parallel_end is not None
    assert doc.text[q.parallel_start : q.parallel_end] == "虚构的问题？"
    assert doc.text[q.start : q.end] == "An invented question?"


def test_turns_none_in_a_readout() -> None:
    text = "Li Ming Meets Invented Guest\n\nOn May 1, Li Ming met Guest.\n\nLi Ming said, the talks went well."
    assert find_turns(make(text)).turns == ()


@pytest.mark.parametrize(
    ("title", "name"),
    [
        (
            "Foreign Ministry Spokesperson Hua Chunying's Regular Press Conference on May 2, 2019",
            "Hua Chunying",
        ),
        ("Interview Given by State Councilor and Foreign Minister Wang Yi to Xinhua News Agency", "Wang Yi"),
        ("2019年7月10日外交部发言人耿爽主持例行记者会", "耿爽"),
        ("An invented title without anyone", None),
    ],
)
def test_turns_answerer_from_title(title: str, name: str | None) -> None:
    assert answerer_from_title(title) == name
