"""Turn layouts of other governments' sites, on INVENTED fixtures (every name and sentence here is
invented): comma labels, bracketed outlets, named question labels, self-introductions,
surname-first names, contact and header fields, titled speeches and Q./A. interviews."""

from __future__ import annotations

from pathlib import Path

from dipcorpus.ingest.sidecar import sidecar_speaker
from dipcorpus.model import Document
from dipcorpus.parse.speaker_names import tidy
from dipcorpus.parse.turn_outlets import interview_outlet, intro_outlet
from dipcorpus.parse.turns import answerer_from_title, find_turns


def make(text: str, title: str | None = None) -> Document:
    if title is None:
        title = text.split("\n\n", 1)[0]
    return Document(id="x", source="x.txt", format="txt", text=text, title=title)


def summary(doc: Document) -> list[tuple[str, str, str]]:
    return [(t.speaker, t.role, doc.text[t.start : t.start + 12]) for t in doc.turns]


def test_office_comma_name_labels_answer_and_name_comma_outlet_labels_ask() -> None:
    text = (
        "Transcript of the Invented Weekly Briefing\n\n"
        "Official Spokesperson, Shri Arun Mehta: Good afternoon, an invented opening.\n\n"
        "Question: Sir, an invented question?\n\n"
        "Official Spokesperson, Shri Arun Mehta: An invented answer.\n\n"
        "Ms Ana Roe, The Morning Ledger: Another invented question?\n\n"
        "Arun Mehta, Spokesperson: Another invented answer.\n\n"
        "Mr Jo Quill, XYZ: A third invented question?\n\n"
        "Official Spokesperson, Shri Arun Mehta: A third invented answer."
    )
    doc = find_turns(make(text))
    assert summary(doc) == [
        ("Arun Mehta", "opening statement", "Good afterno"),
        ("Reporter", "question", "Sir, an inve"),
        ("Arun Mehta", "answer", "An invented "),
        ("The Morning Ledger", "question", "Another inve"),
        ("Arun Mehta", "answer", "Another inve"),
        ("XYZ", "question", "A third inve"),
        ("Arun Mehta", "answer", "A third inve"),
    ]


def test_a_comma_phrase_that_is_no_speaker_is_no_label() -> None:
    text = "Invented Note\n\nIn the end, we agreed: invented text follows.\n\nDear Colleagues, Friends: more text."
    assert find_turns(make(text)).turns == ()


def test_bracketed_outlet_and_named_question_labels() -> None:
    text = (
        "Press Conference by Foreign Minister ROE Ana\n\n"
        "Minister Roe: An invented announcement.\n\n"
        "Reporter (Invented News): An invented question?\n\n"
        "Minister Roe: An invented answer.\n\n"
        "QUESTION QUILL: Another invented question?\n\n"
        "Minister Roe: Another invented answer."
    )
    doc = find_turns(make(text))
    assert summary(doc) == [
        ("Ana Roe", "opening statement", "An invented "),  # the capitals mark the surname
        ("Invented News", "question", "An invented "),
        ("Ana Roe", "answer", "An invented "),
        ("Reporter", "question", "Another inve"),
        ("Ana Roe", "answer", "Another inve"),
    ]


def test_a_bracketed_annotation_after_q_is_no_outlet() -> None:
    text = "Invented Briefing\n\nMR. ROE: An invented opening.\n\nQ (Off-mic): An invented question?\n\nMR. ROE: No."
    assert [t.speaker for t in find_turns(make(text)).turns if t.role == "question"] == ["Reporter"]


def test_surname_first_name_after_a_title_keeps_its_order() -> None:
    text = (
        "Transcript of Minister for Foreign Affairs Dr Tan Wei Lin's Doorstop Interview\n\n"
        "Mr Jo Quill, The Evening Ledger: An invented question?\n\n"
        "Minister Tan: An invented answer."
    )
    doc = find_turns(make(text))
    assert summary(doc) == [
        ("The Evening Ledger", "question", "An invented "),
        ("Tan Wei Lin", "answer", "An invented "),
    ]


def test_an_office_label_is_the_holder_the_title_names() -> None:
    title = "Transcript: Foreign Minister Ana Roe, doorstop interview, Invented City"
    text = f"{title}\n\nFOREIGN MINISTER: An invented opening.\n\nJOURNALIST: A question?\n\nFOREIGN MINISTER: Yes."
    doc = find_turns(make(text))
    assert [(t.speaker, t.role) for t in doc.turns] == [
        ("Ana Roe", "opening statement"),
        ("Reporter", "question"),
        ("Ana Roe", "answer"),
    ]
    other = f"{title}\n\nTHE PRESIDENT: An invented opening.\n\nJOURNALIST: A question?\n\nTHE PRESIDENT: Yes."
    assert find_turns(make(other)).turns[0].speaker == "THE PRESIDENT"


def test_an_office_label_is_the_holder_the_page_banner_names() -> None:
    text = "Doorstop interview, Invented City\n\nFOREIGN MINISTER: An invented opening.\n\nJOURNALIST: A question?"
    raw = f"<div>Senator the Hon Ana Roe, Minister for Foreign Affairs</div><h1>Doorstop</h1><p>{text}</p>"
    title = "Doorstop interview, Invented City"
    doc = Document(id="x", source="x.html", format="html", text=text, raw=raw, title=title)
    assert [t.speaker for t in find_turns(doc).turns] == ["Ana Roe", "Reporter"]


def test_self_introduced_outlets() -> None:
    assert intro_outlet("Hi, I am Ana from XYZ. Sir, an invented question?") == "XYZ"
    assert intro_outlet("Sir, Jo Quill from The Ledger. An invented question?") == "The Ledger"
    assert intro_outlet("Sir, I am from Norway. An invented question?") is None


def test_contact_lines_and_header_fields_are_not_turns() -> None:
    text = (
        "Invented Government Press Conference\n\n"
        "Chair: Chairman Roe\n\n"
        "Speakers: Government spokesman Quill, Ms Lee (Invented Office)\n\n"
        "CHAIRMAN ROE: Good morning, an invented opening.\n\n"
        "SPOKESMAN QUILL: An invented statement.\n\n"
        "QUESTION MILLER: An invented question?\n\n"
        "MS LEE: An invented answer.\n\n"
        "Press Office: (01) 2345 6789"
    )
    doc = find_turns(make(text))
    assert [(t.speaker, t.role) for t in doc.turns] == [
        ("CHAIRMAN ROE", "opening statement"),
        ("SPOKESMAN QUILL", "opening statement"),
        ("Reporter", "question"),
        ("MS LEE", "answer"),
    ]
    assert doc.text[doc.turns[2].start : doc.turns[2].end] == "An invented question?"
    assert tidy("MS LEE") == "Ms Lee"


def test_a_titled_speech_is_one_opening_statement_by_its_speaker() -> None:
    body = " ".join(["We will keep working with our partners, and I thank you for our invented talks."] * 10)
    title = "Speech by Foreign Minister Ana Roe at the Invented Forum"
    head = "Speech\n\n07.06.2023 - Speech\n\n-- check against delivery --"
    text = f"{head}\n\nLadies and gentlemen,\n\n{body}\n\nShare page"
    doc = find_turns(make(text, title))
    assert summary(doc) == [("Ana Roe", "opening statement", "Ladies and g")]
    assert doc.text[doc.turns[0].start : doc.turns[0].end].endswith("talks.")
    standfirst = "Foreign Secretary Jo Quill set out an invented plan."
    office = make(f"Speech\n\n{standfirst}\n\nLocation: Invented Hall\n\n{body}", "Foreign Secretary's speech on trade")
    assert summary(find_turns(office)) == [("Jo Quill", "opening statement", "We will keep")]


def test_speech_speakers_from_titles() -> None:
    assert answerer_from_title("Jo Quill's speech at the Invented Institute") == "Jo Quill"
    assert answerer_from_title("Speech by Ana Roe at the Invented Forum") == "Ana Roe"
    assert answerer_from_title("Interview of the Minister of Foreign Affairs, Ana Roe, with The Ledger") == "Ana Roe"


def test_q_a_interview_named_in_the_title() -> None:
    title = "Interview of the Minister of Foreign Affairs of Invented Land, Ana Roe, with The Evening Times"
    text = (
        f"{title}\n\nQ. An invented question?\n\nA. An invented answer.\n\nQ. Another question?\n\nA. Another answer."
    )
    doc = find_turns(make(text))
    assert [(t.speaker, t.role) for t in doc.turns] == [
        ("The Evening Times", "question"),
        ("Ana Roe", "answer"),
        ("The Evening Times", "question"),
        ("Ana Roe", "answer"),
    ]
    assert interview_outlet("Interview with President Ana Roe") is None
    assert interview_outlet("Interview to Invented News Agency and XYZ Daily") is None


def test_sidecar_table_names_the_speaker(tmp_path: Path) -> None:
    (tmp_path / "Session 1").mkdir()
    speech = tmp_path / "Session 1" / "INV_1_2001.txt"
    speech.write_text("An invented speech.", encoding="utf-8")
    (tmp_path / "speakers.csv").write_text(
        "Year,Session,ISO Code,Name of Person Speaking,Post\n2001,1,INV,H.E. Mr. Ana Roe,President\n"
        "2001,1,OTH,Jo Quill,Minister\n",
        encoding="utf-8",
    )
    assert sidecar_speaker(speech) == ("Ana Roe", "President")
    assert sidecar_speaker(tmp_path / "Session 1" / "NONE_9_1999.txt") is None
