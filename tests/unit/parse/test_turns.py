"""Turn finding on invented fixtures (every sentence here is invented for the tests)."""

from __future__ import annotations

import pytest

from dipcorpus.model import Document, Sentence
from dipcorpus.parse.turn_outlets import intro_outlet
from dipcorpus.parse.turns import answerer_from_title, find_turns, strip_office


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
        ("Xinhua News Agency", "question", "Invented que"),  # English outlets as printed
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
        ("Zhang San", "opening statement", "An invented "),
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
        ("CCTV", "CCTV"),  # English outlets are kept as printed
        ("People's Daily", "People's Daily"),
        ("Rossiya Segodnya", "Rossiya Segodnya"),
    ],
)
def test_turns_english_outlet_names_as_printed(label: str, speaker: str) -> None:
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
        ("Jane Roe", "opening statement"),
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
        ("Secretary Ana B. Lopes at a Press Availability", "Ana Lopes"),
        ("Spokesperson Li Ming's Daily Briefing Online on May 1, 2020", "Li Ming"),
    ],
)
def test_turns_answerer_from_title(title: str, name: str | None) -> None:
    assert answerer_from_title(title) == name


# --- other layouts (every name, outlet and sentence below is invented) ---


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("President of Freedonia Ivan Petrov", "Ivan Petrov"),
        ("Prime Minister of the Republic of Sylvania Ana Lopes", "Ana Lopes"),
        ("President of Elbonia Luiz Carlos da Souza", "Carlos da Souza"),
        ("Prime Minister Ana Lopes", "Ana Lopes"),
        ("Ivan Petrov", "Ivan Petrov"),
        ("Secretary Petrov", "Secretary Petrov"),
    ],
)
def test_turns_strip_office(label: str, name: str) -> None:
    assert strip_office(label) == name


def test_turns_meeting_labels_with_office_annotation_and_hover_card() -> None:
    text = (
        "Meeting with Prime Minister of Sylvania Ana Lopes\n\n"
        "President of Freedonia Ivan Petrov: Madam Prime Minister, welcome.\n\n"
        "Prime Minister of Sylvania Ana Lopes Lopes AnaPrime Minister of Sylvania (retranslated): Thank you.\n\n"
        "Ivan Petrov: Let us begin."
    )
    doc = find_turns(make(text))
    assert summary(doc) == [
        ("Ivan Petrov", "opening statement", "Madam Prime "),
        ("Ana Lopes", "opening statement", "Thank you.\n\n"),
        ("Ivan Petrov", "opening statement", "Let us begin"),
    ]


def test_turns_interviewer_labelled_by_name_asks_for_the_outlet() -> None:
    text = (
        "On rivers and bridges (interview to Morning Wire)\n\n"
        "Olga Smirnova: Bridges.\n\nIvan Petrov: Yes, bridges. We build many of them every year.\n\n"
        "Olga Smirnova: How many?\n\nIvan Petrov: More than last year, and more next year too."
    )
    doc = find_turns(make(text))
    assert [(t.speaker, t.role) for t in doc.turns] == [
        ("Morning Wire", "question"),
        ("Ivan Petrov", "answer"),
        ("Morning Wire", "question"),
        ("Ivan Petrov", "answer"),
    ]


def test_turns_q_dot_and_anonymous_official() -> None:
    text = (
        "Press Gaggle by Senior Official\n\nSENIOR OFFICIAL: The trip went well.\n\n"
        "Q. Did it?\n\nSENIOR OFFICIAL: It did.\n\nQ — And then?\n\nSENIOR OFFICIAL: Then we flew home."
    )
    doc = find_turns(make(text))
    assert [(t.speaker, t.role) for t in doc.turns] == [
        ("SENIOR OFFICIAL", "opening statement"),
        ("Reporter", "question"),
        ("SENIOR OFFICIAL", "answer"),
        ("Reporter", "question"),
        ("SENIOR OFFICIAL", "answer"),
    ]


def test_turns_outlet_from_hand_off_and_self_introduction() -> None:
    text = (
        "Minister Ana Lopes at a Press Availability\n\nMINISTER LOPES: Good evening.\n\n"
        "MODERATOR: Olga Smirnova from Evening Post.\n\nQUESTION: Thank you. What next?\n\n"
        "MINISTER LOPES: Talks.\n\nMODERATOR: Next one, please.\n\n"
        "QUESTION: Hi, this is Daily Gazette. When?\n\nMINISTER LOPES: Soon.\n\n"
        "QUESTION: And where?\n\nMINISTER LOPES: Here."
    )
    doc = find_turns(make(text))
    assert [t.speaker for t in doc.turns if t.role == "question"] == ["Evening Post", "Daily Gazette", "Reporter"]


def test_turns_all_caps_full_name_is_capitalised() -> None:
    text = "Press Briefing\n\nANA LOPES: Hello.\n\nQ: Why?\n\nANA LOPES: Because."
    doc = find_turns(make(text))
    assert [t.speaker for t in doc.turns] == ["Ana Lopes", "Reporter", "Ana Lopes"]


def test_turns_assembly_speech_is_one_opening_statement() -> None:
    paras = [
        "Mr. President, I congratulate you on your election to preside over the General Assembly.",
        "Our country believes that we can do more together, and I am proud to say so in this Hall.",
        "We call on the United Nations to act, and our people expect it. My Government is ready.",
    ]
    paras += ["We will keep working with every delegation here, and our partners know it."] * 25
    doc = find_turns(make("\n\n".join(paras), title=None))
    assert [(t.speaker, t.role, t.start, t.end) for t in doc.turns] == [("", "opening statement", 0, len(doc.text))]
    named = find_turns(make("\n\n".join(paras), title=None, header={"speaker": "Ana Lopes"}))
    assert [t.speaker for t in named.turns] == ["Ana Lopes"]


def test_turns_vocative_is_not_a_label() -> None:
    text = "Statement\n\nMr. President: it is an honour to stand here.\n\nWe thank you."
    assert find_turns(make(text)).turns == ()


def test_turns_moderator_first_name_from_a_hand_back() -> None:
    text = (
        "Press Briefing by Envoy Ana Lopes\n\nMR. DOE: Good morning. The envoy will start.\n\n"
        "ENVOY LOPES: Thank you, Jim. Good morning to all.\n\nQ Invented question?\n\n"
        "ENVOY LOPES: Invented answer.\n\nMR. DOE: Last one.\n\nQ Another?\n\nENVOY LOPES: Sure."
    )
    doc = find_turns(make(text))
    assert {t.speaker for t in doc.turns if t.role != "question"} == {"Jim Doe", "Ana Lopes"}


@pytest.mark.parametrize(
    ("question", "outlet"),
    [
        ("Good afternoon. Ana Lopes, Evening Post. My question is this?", "Evening Post"),
        ("Hi, this is Daily Gazette. I was wondering?", "Daily Gazette"),
        ("I'm representing Morning News Network. When?", "Morning News Network"),
        ("Mr President, continuing on the topic. Why?", None),
    ],
)
def test_turns_intro_outlet(question: str, outlet: str | None) -> None:
    assert intro_outlet(question) == outlet


def test_turns_dialogue_run_into_one_paragraph_is_split() -> None:
    text = (
        "Invented Interview\n\nQuestion: First invented question?\n\nIvan Petrov: First answer.\n\n"
        "Question: Another?\n\nIvan Petrov: Another answer.\n\n"
        "Question: Second one? Ivan Petrov: Second answer. Question: Third? Ivan Petrov: Third answer."
    )
    doc = find_turns(make(text))
    assert [(t.role, doc.text[t.start : t.end]) for t in doc.turns][4:] == [
        ("question", "Second one?"),
        ("answer", "Second answer."),
        ("question", "Third?"),
        ("answer", "Third answer."),
    ]


def test_turns_site_profile_hints() -> None:
    text = (
        "Site Name\n\nOlga Smirnova: Rivers.\n\nIvan Petrov: Yes, rivers. We clean many of them every year.\n\n"
        "Olga Smirnova: How many?\n\nIvan Petrov: More than last year, and more next year too."
    )
    header = {"profile.title": "On rivers (interview to Morning Wire)"}
    doc = find_turns(make(text, title="Site Name", header=header))
    assert [t.speaker for t in doc.turns if t.role == "question"] == ["Morning Wire", "Morning Wire"]
    speech = "Our invented statement.\n\nWe thank everyone."
    doc = find_turns(make(speech, title=None, header={"profile.labels": "monologue"}))
    assert [(t.role, t.speaker) for t in doc.turns] == [("opening statement", "")]


def test_turns_a_label_misspelt_once_is_the_same_speaker() -> None:
    text = (
        "Invented Call\n\nMR. BARTON: Welcome.\n\nQ Invented question?\n\nMR. BARTON: Invented answer.\n\n"
        "Q Another?\n\nMR. BURTON: Sure.\n\nQ And you?\n\nMS. BARTON: Me too."
    )
    doc = find_turns(make(text))
    assert [t.speaker for t in doc.turns if t.role != "question"] == [
        "MR. BARTON", "MR. BARTON", "MR. BARTON", "MS. BARTON",
    ]  # fmt: skip


def test_turns_hand_back_word_written_in_lower_case_is_not_a_first_name() -> None:
    # invented: 'Questions.' opens the next turn; the text also writes 'questions', so it is no name
    text = (
        "Press Gaggle by Press Secretary Ana Lopes\n\nMS. LOPES: Welcome aboard.\n\n"
        "MR. DOE: I will add one thing on the schedule.\n\nMS. LOPES: Questions.\n\n"
        "Q Invented question about the questions of the day?\n\nMR. DOE: Invented answer."
    )
    doc = find_turns(make(text))
    assert "Questions Doe" not in {t.speaker for t in doc.turns}
    assert {t.speaker for t in doc.turns if t.role != "question"} == {"Ana Lopes", "MR. DOE"}


def test_turns_numbered_anonymous_official_is_not_a_surname() -> None:
    # invented: the moderator names the briefers 'Officials One and Two'; 'ONE' is their tag, no surname
    text = (
        "Briefing with Senior Officials on Invented Matters\n\n"
        "MODERATOR: They will be known as Senior Officials One and Two for this call.\n\n"
        "SENIOR OFFICIAL ONE: Invented opening words.\n\nQUESTION: Invented question?\n\n"
        "SENIOR OFFICIAL TWO: Invented answer."
    )
    doc = find_turns(make(text))
    assert [t.speaker for t in doc.turns if t.role != "question"] == [
        "MODERATOR",
        "SENIOR OFFICIAL ONE",
        "SENIOR OFFICIAL TWO",
    ]
