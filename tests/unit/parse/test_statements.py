"""Reported speech on invented readouts (all sentences invented for the tests)."""

from __future__ import annotations

import dataclasses

import pytest

from dipcorpus.model import Document
from dipcorpus.parse.statements import find_statements
from dipcorpus.parse.turns import find_turns


def parse(text: str, title: str = "Invented Readout") -> Document:
    doc = Document(id="x", source="x", format="txt", text=f"{title}\n\n{text}", title=title)
    return find_statements(find_turns(doc))


@pytest.mark.parametrize(
    ("paragraph", "speaker", "verb", "starts"),
    [
        ("Li Ming noted, the river is long.", "Li Ming", "noted", "the river is long"),
        ("Li Ming said that the river is long.", "Li Ming", "said", "that the river is long"),
        ("Li Ming stressed: rivers matter.", "Li Ming", "stressed", "rivers matter"),
        ("Li Ming expressed the hope that rivers stay clean.", "Li Ming", "expressed", "the hope that"),
        ("Li Ming also elaborated on the invented policy.", "Li Ming", "elaborated", "on the invented"),
        ("Li Ming said at the meeting that rivers matter.", "Li Ming", "said", "at the meeting that rivers"),
        ("As President Li Ming said, rivers matter.", "Li Ming", "said", "rivers matter"),
        (
            "On May 1, while attending an invented forum, State Councilor and Foreign Minister "
            "Li Ming noted, rivers are long.",
            "Li Ming",
            "noted",
            "rivers are long",
        ),
    ],
)
def test_statements_patterns(paragraph: str, speaker: str, verb: str, starts: str) -> None:
    doc = parse(paragraph)
    assert len(doc.statements) == 1
    st = doc.statements[0]
    assert (st.speaker, st.verb) == (speaker, verb)
    assert doc.text[st.start : st.end].startswith(starts)


def test_statements_surname_resolves_to_full_name() -> None:
    doc = parse(
        "Li Ming met with Invented Secretary General Jon Smithson.\n\nSmithson said that ties are good.",
        title="Li Ming Meets Invented Secretary General Jon Smithson",
    )
    assert [s.speaker for s in doc.statements] == ["Jon Smithson"]


def test_statements_pronoun_takes_the_last_speaker() -> None:
    doc = parse("Li Ming said, ties are good. He stressed that talks help.")
    assert [(s.speaker, s.verb) for s in doc.statements] == [("Li Ming", "said"), ("Li Ming", "stressed")]
    first = doc.statements[0]
    assert doc.text[first.start : first.end] == "ties are good."


@pytest.mark.parametrize(
    "paragraph",
    [
        "Rivers matter, as President Li said.",
        "The statement said rivers matter.",
        "The two sides agreed that rivers matter.",
        "Both sides agreed to protect rivers.",
        "Li Ming said in his speech.",
        "Li Ming agreed on the schedule of contacts.",
        "Li Ming maintained close contact with Jon Smithson.",
        "President Li Ming has stressed many times that rivers matter.",
        "In his report to the invented congress, President Li Ming pointed out that rivers matter.",
        "China believes that rivers matter.",
        "Critics remarked on the slowness of the rivers.",
        "Prime Minister Ivo Marant came. The Prime Minister of Invland said that rivers matter.",
        "It is said that rivers matter.",
    ],
)
def test_statements_not_reported_speech(paragraph: str) -> None:
    assert parse(paragraph).statements == ()


def test_statements_skip_text_inside_turns() -> None:
    text = "Reporter: A question?\n\nLi Ming: Our side said that rivers matter. Li Ming said, fine."
    doc = parse(text, title="Invented Interview with Li Ming")
    assert doc.turns and doc.statements == ()


def _said(doc: Document) -> list[tuple[str, str, str]]:
    return [(s.speaker, s.verb, doc.text[s.start : s.end]) for s in doc.statements]


def test_statements_titles_resolve_to_the_person_named_elsewhere() -> None:
    doc = parse(
        "Secretary of State Jon K. Smithson spoke today with Invented Foreign Minister Ana Velar. "
        "The Secretary underscored the value of rivers. Secretary Smithson also emphasized that lakes matter.",
        title="Secretary Smithson's Call with Invented Foreign Minister Velar",
    )
    assert [(s, v) for s, v, _ in _said(doc)] == [("Jon Smithson", "underscored"), ("Jon Smithson", "emphasized")]
    assert _said(doc)[1][2].startswith("that lakes matter")


def test_statements_joint_subjects() -> None:
    doc = parse(
        "President Ivo Marant had a telephone conversation with President of Invland Ana Velar.\n\n"
        "Both leaders reaffirmed their wish to protect rivers. "
        "President Marant and President Velar agreed to meet soon.",
        title="Telephone conversation with President of Invland Ana Velar",
    )
    assert [s for s, _, _ in _said(doc)] == ["Ivo Marant and Ana Velar", "Ivo Marant"]


def test_statements_passives_have_no_speaker() -> None:
    doc = parse("It was stressed that rivers matter. In this context, the need for clean lakes was noted.")
    assert [(s, v) for s, v, _ in _said(doc)] == [("", "stressed"), ("", "noted")]
    assert _said(doc)[0][2].startswith("that rivers matter")
    assert "the need for clean lakes" in _said(doc)[1][2]


def test_statements_no_junk_subjects() -> None:
    text = "Talks were held in Libya. Spain said nothing new. Developing countries said rivers matter."
    assert parse(text).statements == ()


def test_statements_inside_answers_and_questions() -> None:
    text = (
        "Reporter: Invented Minister Jon Smithson said yesterday that lakes are drying. You said last week "
        "that rivers matter. What is your comment?\n\n"
        "Li Ming: I said that rivers matter. As Invented Minister Smithson noted, lakes are drying."
    )
    doc = parse(text, title="Invented Press Conference with Li Ming")
    assert [(s, v) for s, v, _ in _said(doc)] == [
        ("Jon Smithson", "said"),
        ("Li Ming", "said"),
        ("Jon Smithson", "noted"),
    ]


def test_statements_a_country_is_not_a_speaker() -> None:
    text = "Reporter: Any comment?\n\nLi Ming: China believes that rivers matter. Invland stressed that lakes do."
    assert parse(text, title="Invented Press Conference with Li Ming").statements == ()


def test_statements_on_many_repeated_paragraphs() -> None:
    """Every repeated paragraph gives its statements (speed is measured in `make bench`, not here)."""
    one = "Invented Minister Jon Smithson said that rivers matter. He stressed that lakes matter too.\n\n"
    small = parse(one * 100)
    big = parse(one * 1000)
    assert len(big.statements) == 10 * len(small.statements) == 2000
    assert {st.speaker for st in big.statements} == {"Jon Smithson"}


def test_statements_as_a_title_noted_and_a_pronoun() -> None:
    text = (
        "Reporter: Any comment?\n\n"
        "Li Ming: As the Invented Agency Director-General noted, rivers set a new standard. "
        "In the same speech, he said that lakes matter. We agree with Invented Agency Director-General Dr. Ivo Marant."
    )
    doc = parse(text, title="Invented Press Conference with Li Ming")
    assert [(s, v) for s, v, _ in _said(doc)] == [("Ivo Marant", "noted"), ("Ivo Marant", "said")]


def test_statements_quote_in_the_next_paragraph() -> None:
    doc = parse("As Ivo Marant said at the start of his term,\n\n“Rivers matter to us all.”")
    assert [(s, t) for s, _, t in _said(doc)] == [("Ivo Marant", "“Rivers matter to us all.”")]


def test_statements_glued_index_names_and_titles_after_the_name() -> None:
    doc = parse(
        "Vladimir Ostap had a telephone conversation with President of Invland Ana Velar.\n\n"
        "Ana Velar Velar AnaPresident of Invland expressed her condolences over the floods.",
    )
    assert [s for s, _, _ in _said(doc)] == ["Ana Velar"]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Reporter: Are the steps that Ivo Marant called for that are in place enough?",
        "Li Ming: Rivers matter, Invented Minister Ivo Marant said at a meeting with the river group.",
    ],
)
def test_statements_not_content(paragraph: str) -> None:
    doc = parse(f"{paragraph}\n\nLi Ming: Fine.", title="Invented Press Conference with Li Ming")
    assert doc.statements == ()


def test_statements_surname_not_resolved_to_a_namesake_printed_once() -> None:
    doc = parse("President Marant said that rivers matter. A reporter asked about his son, Ivo Marant.")
    assert [s for s, _, _ in _said(doc)] == ["Marant"]


def test_statements_participles() -> None:
    doc = parse("Invented Speaker Li Ming issued a statement on May 1, saying that rivers matter.")
    assert [(s, v) for s, v, _ in _said(doc)] == [("Li Ming", "saying")]
    doc = parse("Li Ming elaborated on the river policy, saying that the two sides should talk.")
    assert [(s, v) for s, v, _ in _said(doc)] == [("Li Ming", "elaborated")]


def test_statements_as_x_put_it_takes_the_clause_before_or_the_quote_after() -> None:
    doc = parse("Rivers are the wealth of all nations, as President Ivo Marant put it yesterday (see the record).")
    assert [(s, t) for s, _, t in _said(doc)] == [("Ivo Marant", "Rivers are the wealth of all nations")]
    doc = parse("And, as Ivo Marant said on the day of the invented treaty, “rivers belong to all”.")
    assert [(s, t) for s, _, t in _said(doc)] == [("Ivo Marant", "“rivers belong to all”.")]


def test_statements_passives_inside_a_turn_need_a_named_agent() -> None:
    text = (
        "Reporter: Any comment?\n\nLi Ming: It was stressed that rivers matter. "
        "It was noted by President Ivo Marant in this hall that lakes matter."
    )
    doc = parse(text, title="Invented Press Conference with Li Ming")
    assert [(s, v) for s, v, _ in _said(doc)] == [("Ivo Marant", "noted")]


def test_statements_delegates_named_by_whom_they_speak_for() -> None:
    doc = parse(
        "The Invented Council met today.\n\n"
        "Speaking after the vote, the representative of the Invented Republic said the text is balanced.\n\n"
        "Outland's delegate stressed that rivers matter. The speaker for the Invented Group noted that lakes "
        "matter. The representative of Farland, speaking also for Nearland, said seas matter."
    )
    assert [(s, v) for s, v, _ in _said(doc)] == [
        ("representative of the Invented Republic", "said"),
        ("delegate of Outland", "stressed"),
        ("speaker for the Invented Group", "noted"),
        ("representative of Farland", "said"),
    ]


def test_statements_delegates_only_at_narrator_level() -> None:
    text = "Reporter: A question?\n\nLi Ming: The representative of Outland said that rivers matter."
    assert parse(text, title="Invented Press Conference with Li Ming").statements == ()


def test_statements_host_titles_resolve_to_the_readouts_principal() -> None:
    doc = parse(
        "The President of the Republic, Ivo Marant, spoke today with the President of Invland, Ana Velar.\n\n"
        "The President of the Republic reaffirmed his support for clean rivers.\n\n"
        "The Head of State informed his interlocutor about the floods.",
        title="Telephone conversation between the President of the Republic and the President of Invland",
    )
    assert [(s, v) for s, v, _ in _said(doc)] == [("Ivo Marant", "reaffirmed"), ("Ivo Marant", "informed")]


@pytest.mark.parametrize("subject", ["The leaders", "The two sides", "The ministers", "The interlocutors"])
def test_statements_plural_subjects_of_a_readout_are_its_two_parties(subject: str) -> None:
    doc = parse(
        f"Prime Minister Ivo Marant spoke today with President of Invland Ana Velar.\n\n"
        f"{subject} agreed to stay in close contact.",
        title="Prime Minister Marant speaks with President of Invland Ana Velar",
    )
    assert [s for s, _, _ in _said(doc)] == ["Ivo Marant and Ana Velar"]


def test_statements_plural_subjects_of_a_joint_statement_are_its_authors() -> None:
    doc = parse(
        "The Foreign Minister of Invland, Ivo Marant, and the Foreign Minister of Outland, Ana Velar, met today.\n\n"
        "The Ministers reaffirmed their commitment to clean rivers.",
        title="Joint Statement by the Foreign Ministers of Invland and Outland",
    )
    assert doc.statements == ()


def test_statements_invitations_relative_clauses_and_asides() -> None:
    doc = parse(
        "President Ana Velar invited Prime Minister Ivo Marant to visit the invented capital.\n\n"
        "Last week I met the Foreign Minister of Outland, Jon Smithson, who told me that lakes matter.\n\n"
        "Ambassador Lia Norrend, I believe, said that seas matter.\n\n"
        "Ivo Marant issued a note, making it clear that rivers matter.",
    )
    assert [(s, v) for s, v, _ in _said(doc)] == [
        ("Ana Velar", "invited"),
        ("Jon Smithson", "told"),
        ("Lia Norrend", "said"),
        ("Ivo Marant", "making it clear"),
    ]
    assert _said(doc)[0][2].startswith("Prime Minister Ivo Marant to visit")


def test_statements_plural_subjects_need_exactly_two_parties_and_a_clause_of_their_own() -> None:
    three = parse(
        "Minister Ivo Marant met Minister Ana Velar and Minister Jon Smithson.\n\nThe ministers agreed to meet again.",
        title="Invented Ministerial Dialogue",
    )
    assert three.statements == ()
    nested = parse(
        "President Ivo Marant spoke today with President Ana Velar.\n\n"
        "President Marant welcomed the news that the parties had agreed to a truce.",
        title="President Marant's Call with President Velar",
    )
    assert [(s, v) for s, v, _ in _said(nested)] == [("Ivo Marant", "welcomed")]


def test_statements_participles_after_an_opening_phrase_and_after_and() -> None:
    doc = parse(
        "On the Invented side, State Councilor Li Ming approached the talks calmly, making it clear to Minister "
        "Jon Smithson that rivers matter.\n\n"
        "Minister Jon Smithson lambasted the dam plan, citing costs, and alleging that lakes are drying."
    )
    assert [(s, v) for s, v, _ in _said(doc)] == [
        ("Li Ming", "making it clear"),
        ("Jon Smithson", "lambasted"),
        ("Jon Smithson", "alleging"),
    ]


def test_statements_plural_subjects_with_one_party_in_the_title() -> None:
    doc = parse(
        "President Ivo Marant had a telephone conversation with President of Invland Ana Velar.\n\n"
        "Discussing the floods, the presidents praised the rescue teams.",
        title="Telephone conversation with President of Invland Ana Velar",
    )
    assert [s for s, _, _ in _said(doc)] == ["Ivo Marant and Ana Velar"]


def test_statements_said_about_is_a_topic() -> None:
    text = "Reporter: You said about the invented plan. Is it ready?\n\nLi Ming: It is."
    assert parse(text, title="Invented Press Conference with Li Ming").statements == ()


def test_statements_they_after_two_named_persons_and_an_adverb_before_you() -> None:
    doc = parse(
        "Reporter: Last year President Ivo Marant met Prime Minister Ana Velar, and they agreed to protect "
        "rivers. And actually you just underscored that very point, that lakes matter. Comment?\n\n"
        "Li Ming: Yes.",
        title="Invented Press Conference with Li Ming",
    )
    assert [(s, v) for s, v, _ in _said(doc)] == [("Ivo Marant", "agreed"), ("Li Ming", "underscored")]


def test_statements_they_needs_two_persons_in_the_sentence() -> None:
    doc = parse("Invland and Outland held talks, and they agreed to protect rivers.")
    assert doc.statements == ()


def test_statements_meetings_coverage_names_with_the_country_in_brackets() -> None:
    doc = parse(
        "The Invented Council met today.\n\n"
        "ANA VELAR (Invland) said the text is balanced. Mr. Smithson (Outland) stressed that rivers matter.\n\n"
        "The United Nations Mission in Outland (UNMO) said nothing.",
        title="Invented Council Meeting",
    )
    assert [(s, v) for s, v, _ in _said(doc)] == [("Ana Velar", "said"), ("Smithson", "stressed")]


def test_statements_a_title_shared_by_both_parties_is_the_first_named() -> None:
    doc = parse(
        "Prime Minister Ivo Marant spoke today with Prime Minister Ana Velar of Invland.\n\n"
        "The Prime Minister underlined the value of clean rivers. Prime Minister Velar noted that lakes matter.",
        title="Prime Minister Marant speaks with Prime Minister Velar of Invland",
    )
    assert [(s, v) for s, v, _ in _said(doc)] == [("Ivo Marant", "underlined"), ("Ana Velar", "noted")]


def test_statements_surname_printed_without_its_accent() -> None:
    doc = parse(
        "Prime Minister Ivo Marant spoke today with President of Invland Ana Velázquez.\n\n"
        "President Velazquez invited Prime Minister Marant to visit the invented capital.",
    )
    assert [(s, v) for s, v, _ in _said(doc)] == [("Ana Velázquez", "invited")]


def test_statements_a_name_before_an_appositive_title() -> None:
    doc = parse(
        "The Invented Council met today.\n\n"
        "ANA VELAR, Special Envoy of the Secretary-General for Invland, said the talks had stalled. "
        "Outland, the host country, said nothing new.",
        title="Invented Council Meeting",
    )
    assert [(s, v) for s, v, _ in _said(doc)] == [("Ana Velar", "said")]


@pytest.mark.parametrize("rest", ["nothing about rivers.", "the fewest words of all.", "a few words at the dinner."])
def test_statements_saying_no_words(rest: str) -> None:
    assert parse(f"President Ivo Marant said {rest}").statements == ()


def test_statements_saying_nothing_has_changed_is_content() -> None:
    assert [s.verb for s in parse("President Ivo Marant said nothing has changed.").statements] == ["said"]


def test_a_bare_office_is_its_holder_for_the_documents_country_and_date() -> None:
    """'the President' in a dated White House text that mostly names a visiting president is the
    President of the United States on that date (the knowledge base and the text are invented)."""
    from dipcorpus.kb.records import EntityRecord, KnowledgeBase, Role

    def president(pid: str, name: str, of: str, start: str, end: str | None = None) -> EntityRecord:
        return EntityRecord(
            id=pid, type="person", name=name, country=of, roles=(Role(title="President", of=of, start=start, end=end),)
        )

    kb = KnowledgeBase(
        entities={
            e.id: e
            for e in (
                EntityRecord(id="USA", type="country", name="United States"),
                president("person:bo-lind", "Bo Lind", "USA", "2009-01-20", "2017-01-20"),
                president("person:ann-vale", "Ann Vale", "XXA", "2005-01-01"),
            )
        },
        formulations={},
    )
    text = (
        "President Ann Vale of Invland arrives today. President Ann Vale will meet officials.\n\n"
        "As the President said, the river matters to both countries."
    )
    doc = Document(
        id="x", source="x", format="txt", text=f"Invented Briefing\n\n{text}", title="Invented Briefing",
        date="2012-05-01", header={"url": "https://www.whitehouse.gov/briefing-room/invented"},
    )  # fmt: skip
    found = find_statements(doc, kb=kb).statements
    assert [(s.speaker, s.verb) for s in found] == [("Bo Lind", "said")]
    undated = find_statements(dataclasses.replace(doc, date=None), kb=kb).statements
    assert [s.speaker for s in undated] == ["Ann Vale"]  # no date: no office holder to read, the document's own


def test_a_coordinated_verb_after_a_subjectless_clause_does_not_break_the_stage() -> None:
    """'X said today and accord and said ...' after a sentence that ends in 'and.': the second verb
    continues the first one's speaker with no subject words of its own (random invented words, the
    shape of a machine-made page that made the stage raise IndexError)."""
    text = (
        "talk bridge today peace climate invented signed on river Yonder Zedland and. "
        "ocean minister Japan said today and accord and said invented Yonder the."
    )
    doc = parse(text)
    assert all(s.speaker for s in doc.statements)
