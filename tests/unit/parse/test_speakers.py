"""Speaker identity on invented documents with an invented knowledge base (every person, outlet and
sentence here is invented for the tests)."""

from __future__ import annotations

from typing import Any

import pytest

from dipcorpus.kb.records import EntityRecord, KnowledgeBase, Role
from dipcorpus.model import Document, Statement, Turn
from dipcorpus.parse.origin import HEAD, MINISTRY, find_origin
from dipcorpus.parse.speaker_names import slug, tidy
from dipcorpus.parse.speakers import assign_speakers


def _person(pid: str, name: str, *roles: Role, aliases: tuple[str, ...] = ()) -> EntityRecord:
    return EntityRecord(id=pid, type="person", name=name, aliases=aliases, country="USA", roles=roles)


KB = KnowledgeBase(
    entities={
        e.id: e
        for e in (
            EntityRecord(id="USA", type="country", name="United States"),
            EntityRecord(id="RUS", type="country", name="Russia"),
            EntityRecord(id="media:idn", type="media", name="Invented Daily News", aliases=("IDN",)),
            _person(
                "person:ada-stone", "Ada Stone", Role(title="President", of="USA", start="2001-01-20", end="2009-01-20")
            ),
            _person(
                "person:bo-lind", "Bo Lind", Role(title="President", of="USA", start="2009-01-20", end="2017-01-20")
            ),
            _person(
                "person:cy-marsh",
                "Cy Marsh",
                Role(title="State Department Spokesperson", of="USA", start="2015-01-01", end="2017-01-20"),
            ),
            _person(
                "person:dee-fox",
                "Dee Fox",
                Role(title="Secretary of State", of="USA", start="2013-01-01", end="2017-01-20"),
                aliases=("Dee J. Fox",),
            ),
            _person("person:eli-park", "Eli Park", Role(title="President", of="RUS", start="2000-01-01")),
        )
    },
    formulations={},
)

WH = {"url": "https://www.whitehouse.gov/briefing-room/invented"}
STATE = {"link": "https://www.state.gov/briefings/invented"}


def _doc(
    labels: list[tuple[str, str]],
    *,
    text: str = "",
    date: str | None = "2016-03-01",
    header: dict[str, str] | None = None,
    statements: tuple[str, ...] = (),
    title: str = "Invented Briefing",
) -> Document:
    body = text + "\n\n"
    turns = []
    for n, (speaker, role) in enumerate(labels, 1):
        start = len(body)
        body += f"{speaker}: Invented words number {n}.\n\n"
        turns.append(
            Turn(start=start + len(speaker) + 2, end=len(body) - 2, n=n, speaker=speaker, role=role, label_start=start)
        )
    sts = tuple(Statement(start=0, end=1, n=i, speaker=s, verb="said") for i, s in enumerate(statements, 1))
    return Document(
        id="x", source="x", format="txt", text=body, title=title, date=date, header=header or {},
        turns=tuple(turns), statements=sts,
    )  # fmt: skip


def _speakers(doc: Document) -> list[tuple[str, Any]]:
    out = assign_speakers(doc, kb=KB)
    return [(t.speaker, t.speaker_id) for t in out.turns]


@pytest.mark.parametrize(
    ("label", "header", "date", "expected"),
    [
        ("MR. MARSH", STATE, "2016-03-01", ("Cy Marsh", "person:cy-marsh")),
        ("MR MARSH", STATE, "2016-03-01", ("Cy Marsh", "person:cy-marsh")),
        ("THE PRESIDENT", WH, "2010-05-01", ("Bo Lind", "person:bo-lind")),
        ("The President", WH, "2005-05-01", ("Ada Stone", "person:ada-stone")),
        ("The Secretary", STATE, "2014-05-01", ("Dee Fox", "person:dee-fox")),
        ("SECRETARY FOX", STATE, "2014-05-01", ("Dee Fox", "person:dee-fox")),
        ("Dee J. Fox", STATE, "2014-05-01", ("Dee Fox", "person:dee-fox")),
        ("President of the United States Bo Lind", WH, None, ("Bo Lind", "person:bo-lind")),
        ("Cy Marsh Daily", STATE, None, ("Cy Marsh", "person:cy-marsh")),
        ("The President", {"url": "http://en.kremlin.ru/events/1"}, "2016-01-01", ("Eli Park", "person:eli-park")),
    ],
)
def test_speakers_resolve_by_name_title_and_date(
    label: str, header: dict[str, str], date: str | None, expected: tuple[str, str]
) -> None:
    assert _speakers(_doc([(label, "answer")], header=header, date=date)) == [expected]


def test_speakers_surname_in_office_when_the_country_is_unknown() -> None:
    # no URL or text names the country: the one Marsh in office on the date is meant
    assert _speakers(_doc([("MR. MARSH", "answer")], header={}, date="2016-03-01")) == [
        ("Cy Marsh", "person:cy-marsh")
    ]
    assert _speakers(_doc([("MR MARSH", "answer")], header={}, date="2003-01-01")) == [("Mr Marsh", "name:mr-marsh")]


def test_speakers_surname_outside_any_role_keeps_printed_form() -> None:
    # Marsh held no role in 2003: the printed form stays, tidied, with an id of its own.
    assert _speakers(_doc([("MR. MARSH", "answer")], header=STATE, date="2003-01-01")) == [
        ("Mr. Marsh", "name:mr-marsh")
    ]


def test_speakers_undated_title_uses_the_holder_the_document_names() -> None:
    doc = _doc(
        [("THE PRESIDENT", "opening statement")], text="Remarks by President Stone on rivers", header=WH, date=None
    )
    assert _speakers(doc) == [("Ada Stone", "person:ada-stone")]


def test_speakers_unknown_people_and_labels() -> None:
    doc = _doc(
        [("SENIOR ADMINISTRATION OFFICIAL", "answer"), ("MS. TROTTER", "answer"), ("MR. QUILL", "answer"),
         ("ANN VALE", "answer")],
        text="Our guest today is Jon Quill, who works on invented rivers.", header=WH,
    )  # fmt: skip
    assert _speakers(doc) == [
        ("Senior Administration Official", "label:senior-administration-official"),
        ("Ms. Trotter", "name:ms-trotter"),
        ("Jon Quill", "name:jon-quill"),
        ("Ann Vale", "name:ann-vale"),
    ]


def test_speakers_handoff_name_and_misspelt_label() -> None:
    doc = _doc([("MR. STONEWALL", "answer"), ("MR. STONEWELL", "answer")], text="Thank you all, Dan.", header=WH)
    assert _speakers(doc) == [("Dan Stonewall", "name:dan-stonewall")] * 2


def test_speakers_question_turns_are_outlets() -> None:
    doc = _doc([("IDN", "question"), ("Reporter", "question"), ("Invented Radio", "question")], header=WH)
    assert _speakers(doc) == [
        ("IDN", "media:idn"),
        ("Reporter", None),
        ("Invented Radio", "outlet:invented-radio"),
    ]


def test_speakers_statements() -> None:
    doc = _doc([], header=STATE, date="2014-05-01", statements=("Secretary Fox", "Both sides", "Fox and Marsh"))
    out = assign_speakers(doc, kb=KB)
    assert [(s.speaker, s.speaker_id) for s in out.statements] == [
        ("Dee Fox", "person:dee-fox"),
        ("Both sides", None),
        ("Fox and Marsh", None),
    ]


@pytest.mark.parametrize(
    ("header", "text", "expected"),
    [
        ({"url": "http://en.kremlin.ru/events/1"}, "", ("RUS", HEAD)),
        ({"link": "https://www.state.gov/x"}, "", ("USA", MINISTRY)),
        ({}, "Office of the Press Secretary\nTHE WHITE HOUSE", ("USA", HEAD)),
        ({}, "Invented text with no cue.", (None, None)),
    ],
)
def test_origin_from_urls_and_cues(header: dict[str, str], text: str, expected: tuple[Any, Any]) -> None:
    origin = find_origin(Document(id="x", source="x", format="txt", text=text, header=header))
    assert (origin.country, origin.office) == expected


@pytest.mark.parametrize(
    ("label", "tidied"),
    [
        ("MR PRICE", "Mr Price"),
        ("MR. PRICE", "Mr. Price"),
        ("MS. ROSE-HILL", "Ms. Rose-Hill"),
        ("SECRETARY OF THE NAVY", "Secretary of the Navy"),
    ],
)
def test_tidy_labels(label: str, tidied: str) -> None:
    assert tidy(label) == tidied


def test_speakers_undated_document_reads_roles_on_the_date_it_prints() -> None:
    doc = _doc([("THE PRESIDENT", "answer")], text="For Immediate Release July 9, 2010", header=WH, date=None)
    assert _speakers(doc) == [("Bo Lind", "person:bo-lind")]


def test_speakers_printed_full_name_prefers_the_most_frequent_form() -> None:
    text = "Invented Rivers Affairs Jo Quill spoke first. Then Jo Quill spoke again."
    assert _speakers(_doc([("MR. QUILL", "answer")], text=text, header=WH)) == [("Jo Quill", "name:jo-quill")]


def test_speakers_handoff_to_a_known_alias_gives_the_known_person() -> None:
    doc = _doc([("MR. FOX", "answer")], text="Over to you, Dee.", header=WH, date=None)
    assert _speakers(doc) == [("Dee Fox", "person:dee-fox")]


def test_speakers_empty_speaker_stays_empty_without_id() -> None:
    turn = Turn(start=0, end=5, n=1, speaker="", role="opening statement")
    doc = Document(id="x", source="x", format="txt", text="Invented address.", header=WH, turns=(turn,))
    assert _speakers(doc) == [("", None)]


def test_speakers_bare_surname_listed_as_alias() -> None:
    kb = KnowledgeBase(
        entities={
            "person:gil-oak": _person("person:gil-oak", "Gil Oak", aliases=("Oak",)),
            "person:hal-oak": _person("person:hal-oak", "Hal Oak"),
        },
        formulations={},
    )
    doc = _doc([], date=None, statements=("Oak",), text="Ivy Oak said rivers are long.")
    out = assign_speakers(doc, kb=kb)
    assert [(s.speaker, s.speaker_id) for s in out.statements] == [("Gil Oak", "person:gil-oak")]


def test_speakers_outlet_before_a_journalist_name_is_dropped() -> None:
    doc = _doc([("IDN Jo Quill", "answer")], header=WH)
    assert _speakers(doc) == [("Jo Quill", "name:jo-quill")]


@pytest.mark.parametrize(
    ("title", "text", "date"),
    [
        ("Invented Briefing, 12/3/2013", "Recalling March 1, 2001, ...", "2013-12-03"),
        ("Invented Briefing 1/13/14", "", "2014-01-13"),
        ("Invented Briefing", "For Immediate Release July 9, 2009", "2009-07-09"),
        ("Invented Briefing", "", None),
    ],
)
def test_origin_date_printed_in_title_then_text(title: str, text: str, date: str | None) -> None:
    doc = Document(id="x", source="x", format="txt", title=title, text=text)
    assert find_origin(doc).date == date


def test_origin_cue_repeated_in_the_body() -> None:
    text = "Invented opening.\n\n" + "x " * 900 + "The Kremlin said so. The Kremlin agreed. The White House did not."
    origin = find_origin(Document(id="x", source="x", format="txt", text=text))
    assert (origin.country, origin.office) == ("RUS", HEAD)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Ms. Trotter", "ms-trotter"), ("Stéphane Dujarric", "stephane-dujarric"), ("李明", "李明"), ("", "unknown")],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_speakers_printed_full_name_skips_a_word_opening_the_sentence() -> None:
    text = "Ann Vell chaired. As Quill said, rivers matter. And as Quill said, lakes matter."
    out = assign_speakers(_doc([], text=text, statements=("Quill",)), kb=KB)
    assert [s.speaker for s in out.statements] == ["Quill"]


def test_speakers_arabic_article_either_way() -> None:
    kb = KnowledgeBase(
        entities={"person:omar-el-tarek": _person("person:omar-el-tarek", "Omar el-Tarek", aliases=("el-Tarek",))},
        formulations={},
    )
    doc = _doc([], date=None, statements=("Al Tarek",), text="I met President Al Tarek today.")
    out = assign_speakers(doc, kb=kb)
    assert [(s.speaker, s.speaker_id) for s in out.statements] == [("Omar el-Tarek", "person:omar-el-tarek")]


def test_speakers_title_alone_is_not_the_vice_office() -> None:
    # invented: a vice president in office beside the president; 'THE PRESIDENT' is the president
    kb = KnowledgeBase(
        entities={
            **KB.entities,
            "person:fay-holt": _person(
                "person:fay-holt",
                "Fay Holt",
                Role(title="Vice President", of="USA", start="2009-01-20", end="2017-01-20"),
            ),
        },
        formulations={},
    )
    doc = _doc([("THE PRESIDENT", "answer"), ("THE VICE PRESIDENT", "answer")], header=WH, date="2010-05-01")
    out = assign_speakers(doc, kb=kb)
    assert [(t.speaker, t.speaker_id) for t in out.turns] == [
        ("Bo Lind", "person:bo-lind"),
        ("Fay Holt", "person:fay-holt"),
    ]
