"""The metadata stage: event type, event date, publication date, place, title. Every fixture is INVENTED."""

from __future__ import annotations

import pytest

from dipcorpus.model import Document
from dipcorpus.parse.meta import EVENT_TYPES, find_metadata


def make(text: str, *, title: str | None = None, published: str | None = None, **fields: str) -> Document:
    return Document(
        id="t", source="invented.txt", format="txt", raw=text, text=text, title=title, published=published, **fields
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Press Briefing by Press Secretary Ann Example, 3/4/2015", "briefing"),
        ("Press Gaggle by Deputy Press Secretary Bo Sample En Route Springfield, IL", "briefing"),
        ("Background Press Call by Senior Administration Officials on Ruritania", "briefing"),
        ("Department Press Briefing – May 2, 2022", "briefing"),
        ("Secretary Ann Example at a Press Availability", "press conference"),
        ("Remarks by the President and the Prime Minister of Ruritania in Joint Press Conference", "press conference"),
        ("Foreign Ministry Spokesperson Li Ming's Daily Briefing Online on March 2, 2020", "press conference"),
        ("Foreign Ministry Spokesperson Li Ming's Regular Press Conference on May 2, 2019", "press conference"),
        ("Interview to the Daily Example newspaper", "interview"),
        ("Telephone conversation with President of Ruritania Jan Novak", "phone call"),
        ("Secretary Example’s Call with Ruritanian Foreign Minister Novak", "phone call"),
        ("Meeting with Prime Minister of Ruritania Jan Novak", "meeting"),
        ("Deputy Secretary Sample’s Meeting with Ruritanian State Secretary Novak", "meeting"),
        ("President Jan Novak met with the Prime Minister of Borduria", "meeting"),
        ("Li Ming Meets with Ruritanian Foreign Minister Jan Novak", "bilateral meeting"),
        ("Joint Statement on the Strategic Dialogue between Ruritania and Borduria", "joint statement"),
        ("Statement by the Press Secretary on Ruritania", "statement"),
        ("Greetings on the anniversary of the Example Railway", "statement"),
        ("Foreign Ministry Spokesperson Li Ming's Remarks on May 3, 2019", "remarks"),
        ("Address to the Nation", "speech"),
        ("President Jan Novak laid a wreath at the Memorial in Example City", "readout-other"),
        ("President Jan Novak visited the City Hall of Example City", "readout-other"),
        ("Wreath-laying ceremony at the Example Memorial", "readout-other"),
    ],
)
def test_event_type_from_the_title(title: str, expected: str) -> None:
    doc = find_metadata(make("Some body text that says nothing about its kind at all, in one sentence.", title=title))
    assert doc.event_type == expected
    assert doc.event_type in EVENT_TYPES


def test_event_type_speech_of_an_untitled_general_debate_address() -> None:
    text = (
        "It is an honour for me to address this Assembly on behalf of my country. "
        "We have come a long way since our last session, and I want to thank the Secretary-General. " * 12
    )
    doc = find_metadata(make(text))
    assert (doc.event_type, doc.place, doc.title, doc.date) == ("speech", "New York", None, None)


def test_a_salutation_is_not_a_title() -> None:
    text = "Mr. President,\n\nExcellencies,\n\n" + "I thank you and we in my country stand ready to work. " * 40
    doc = find_metadata(make(text))
    assert doc.title is None
    assert doc.event_type == "speech"


def test_event_type_from_the_text_when_the_title_names_none() -> None:
    qa = "MR. SAMPLE: Good afternoon.\n\nQ Thanks. A question on trade?\n\nMR. SAMPLE: No comment."
    assert find_metadata(make(qa, title="Daily update")).event_type == "briefing"
    talk = "MR. SAMPLE: Good afternoon, friends.\n\nMS. EXAMPLE: Thank you, and welcome."
    assert find_metadata(make(talk, title="Evening at the Example Museum")).event_type == "remarks"
    assert find_metadata(make(qa)).event_type == "briefing"
    call = "President Jan Novak had a telephone conversation with the Prime Minister of Borduria."
    assert find_metadata(make(call)).event_type == "phone call"


def test_relative_dates_are_read_against_the_publication_day() -> None:
    body = (
        "Office of the Spokesperson\n\n"
        "Secretary Ann Example met {when} in Example City with Minister Jan Novak of Ruritania."
    )
    cases = {
        "today": "2022-04-20",
        "yesterday": "2022-04-19",
        "on Sunday": "2022-04-17",
        "on April 4": "2022-04-04",
        "on December 30": "2021-12-30",
    }
    for when, expected in cases.items():
        doc = find_metadata(
            make(body.format(when=when), title="Secretary Example’s Meeting", published="2022-04-20 14:00")
        )
        assert doc.date == expected, when
        assert doc.place == "Example City"


def test_an_announced_future_event_is_not_the_event_date() -> None:
    body = "The Minister will travel to Example City on May 30, 2022 to meet his counterpart there next week."
    doc = find_metadata(make(body, title="Minister’s Travel to Ruritania", published="2022-05-20"))
    assert doc.date == "2022-05-20"  # the page's own date, not the trip's
    assert doc.place is None


def test_an_interview_takes_no_date_from_its_publication() -> None:
    doc = find_metadata(
        make(
            "Journalist: A question?\n\nPresident: An answer.",
            title="Interview to a news agency",
            published="2020-03-02",
        )
    )
    assert (doc.event_type, doc.date) == ("interview", None)


def test_transcript_header_gives_date_published_and_place() -> None:
    text = (
        "THE WHITE HOUSE\n\nOffice of the Press Secretary\n\nFor Immediate Release July 9, 2011\n\n"
        "PRESS BRIEFING BY\n\nPRESS SECRETARY ANN EXAMPLE\n\nPress Filing Center\n\nExample City, Ruritania\n\n"
        "MS. EXAMPLE: Good evening, everyone."
    )
    doc = find_metadata(make(text, title="Press Briefing by Press Secretary Ann Example"))
    assert (doc.date, doc.published) == ("2011-07-09", "2011-07-09")
    assert doc.place == "Press Filing Center, Example City, Ruritania"


def test_aboard_en_route_header_and_title() -> None:
    text = "Aboard Air Force One\n\nEn Route Springfield, Illinois\n\nMR. SAMPLE: Welcome aboard."
    doc = find_metadata(make(text, title="Press Gaggle by Press Secretary Bo Sample"))
    assert doc.place == "Aboard Air Force One, en route to Springfield, Illinois"
    doc = find_metadata(
        make("MR. SAMPLE: Hi.", title="Press Gaggle by Press Secretary Bo Sample En Route Springfield, IL")
    )
    assert doc.place == "En route to Springfield, IL"


def test_teleconference_is_not_a_place_and_title_dates_are_read() -> None:
    text = "Via Teleconference\n\nMODERATOR: Thanks for joining."
    doc = find_metadata(make(text, title="Press Call by Senior Officials on Ruritania, 6/13/12"))
    assert (doc.place, doc.date) == (None, "2012-06-13")


def test_opening_sentence_date_a_year_before_publication_is_a_quoted_past() -> None:
    text = (
        "The President attended the final match of the season held at the Example Arena.\n\n"
        "The first match of the league took place in Example City on May 7, 2012, and drew a crowd."
    )
    doc = find_metadata(make(text, title="League gala match", published="2017-05-10"))
    assert doc.date == "2017-05-10"


def test_page_place_field_wins() -> None:
    doc = find_metadata(
        make(
            "Jan Novak held talks in Example City.",
            title="Meeting with Jan Novak",
            header={"place": "The Palace, Capital"},
        )
    )
    assert doc.place == "The Palace, Capital"


def test_news_dateline_gives_place_and_date() -> None:
    text = "EXAMPLE CITY, March 3, 2022 — The foreign ministers of Ruritania and Borduria met for talks on trade."
    doc = find_metadata(make(text, title="Foreign Ministers Hold Talks", published="2022-03-04"))
    assert (doc.place, doc.date) == ("Example City", "2022-03-03")


def test_labelled_location_and_delivery_date() -> None:
    text = "Location: Example City\n\nDelivered on: 12 May 2022\n\nThank you all for coming to this conference today."
    doc = find_metadata(
        make(text, title="Foreign Secretary's speech at the Example Conference", published="2022-05-13")
    )
    assert (doc.place, doc.date, doc.event_type) == ("Example City", "2022-05-12", "speech")


def test_weekday_and_month_together_are_one_date() -> None:
    text = "On Tuesday, March 29, officials of ten governments convened a workshop on resettlement in Example City."
    doc = find_metadata(make(text, title="Joint Statement on the Resettlement Workshop", published="2022-03-31"))
    assert doc.date == "2022-03-29"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Minister Ann Example On XYZ’s Sunday Show with Jane Roe", "interview"),
        ("Minister Ann Example With Jane Roe of Channel 9", "interview"),
        ("Minister Ann Example with Ruritanian Foreign Minister Jan Novak of Ruritania", "statement"),
        ("Secretary Example’s Calls with Republic of Ruritania Officials", "phone call"),
        ("On the 30th Anniversary of the Example Treaty with Borduria Signed in 1991", "statement"),
        ("Vladimir Example answered Ruritanian journalists’ questions", "press conference"),
        ("The Ruritanian and Bordurian presidents visited the old town", "readout-other"),
        ("President Jan Novak will meet with the Prime Minister of Borduria on May 3", "statement"),
    ],
)
def test_event_type_interviews_and_announcements(title: str, expected: str) -> None:
    doc = find_metadata(make("A body that gives no hint of its kind, in one plain sentence.", title=title))
    assert doc.event_type == expected


def test_salutation_lines_are_not_speaker_labels_or_titles() -> None:
    text = (
        "Mr. President:\n\n"
        + "Our country congratulates you, and we in my delegation thank the General Assembly. " * 30
    )
    doc = find_metadata(make(text))
    assert (doc.title, doc.event_type, doc.place) == (None, "speech", "New York")


def test_aboard_en_route_in_one_line() -> None:
    doc = find_metadata(make("Aboard Air Force One En Route Springfield, Illinois\n\nMS. ROE: Hello.", title="Gaggle"))
    assert doc.place == "Aboard Air Force One, en route to Springfield, Illinois"


def test_header_line_with_date_time_and_place() -> None:
    text = (
        "Wednesday, December 7, 2022, 3:26 p.m. Press Conference Room, Ministry of Foreign Affairs\n\n"
        "Opening Remarks\n\nMinister Roe: Good afternoon. I have one announcement today."
    )
    doc = find_metadata(make(text, title="Press Conference by Foreign Minister Roe", published="2022-12-08"))
    assert (doc.date, doc.event_type) == ("2022-12-07", "press conference")
    assert doc.place == "Press Conference Room, Ministry of Foreign Affairs"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("07.06.2023 - Speech", "2023-06-07"),
        ("06 Sep 2023", "2023-09-06"),
        ("14 November 2022 - 16:20", "2022-11-14"),
        ("Tuesday, March 7, 2023, 10:45 a.m.", "2023-03-07"),
    ],
)
def test_date_lines_in_other_forms(line: str, expected: str) -> None:
    # INVENTED header lines: dotted day.month.year, an abbreviated month, a time after a dash, a.m.
    text = f"{line}\n\nMinister Roe: Good afternoon. I have one announcement today about the Example Forum."
    doc = find_metadata(make(text, title="Press Conference by Foreign Minister Roe"))
    assert (doc.date, doc.published) == (expected, expected)


def test_header_line_ending_in_am_does_not_stop_the_header() -> None:
    text = (
        "Tuesday, March 7, 2023, 10:45 a.m.\n\nPress Conference Room, Ministry of Foreign Affairs\n\n"
        "Minister Roe: Good morning. I have one announcement today."
    )
    doc = find_metadata(make(text, title="Press Conference by Foreign Minister Roe"))
    assert (doc.date, doc.place) == ("2023-03-07", "Press Conference Room, Ministry of Foreign Affairs")


def test_interview_transcript_with_its_own_dateline() -> None:
    text = "Example City, 5 December 2022\n\nQ. Minister, are you optimistic?\n\nA. I am cautiously optimistic."
    doc = find_metadata(make(text, title="Interview of the Foreign Minister of Ruritania with The Daily Example"))
    assert (doc.event_type, doc.date, doc.place) == ("interview", "2022-12-05", "Example City")


def test_interview_page_without_a_date_line_has_no_event_date() -> None:
    text = "The Daily Example has published an interview with the President.\n\nQuestion: Why now?\n\nAnswer: Why not."
    doc = find_metadata(make(text, title="Interview to The Daily Example", published="2020-03-02"))
    assert (doc.date, doc.published) == (None, "2020-03-02")


def test_event_in_a_numbered_paragraph_beats_the_release_date_field() -> None:
    text = (
        "Date: 28 July 2023\n\n"
        "1. The Foreign Ministers of Ruritania and Borduria, Ann Roe and Jan Novak, met in Example City on "
        "27 July 2023 for their fourth strategic dialogue.\n\n2. The Ministers reaffirmed their commitment."
    )
    doc = find_metadata(make(text, title="Joint Statement by the Foreign Ministers of Ruritania and Borduria"))
    assert (doc.event_type, doc.date, doc.place) == ("joint statement", "2023-07-27", "Example City")


def test_published_on_line() -> None:
    text = "Published on 9 February 2023\n\nThe President spoke this afternoon by telephone with the King of Example."
    doc = find_metadata(make(text, title="Telephone conversation with the King of Example"))
    assert (doc.published, doc.date, doc.event_type, doc.place) == ("2023-02-09", "2023-02-09", "phone call", None)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Speech by Foreign Minister Ann Roe at the Example Sea Forum in Portsville", "Portsville"),
        ("Transcript of Minister Roe's Doorstop Interview with the Media in Example City, 6 May 2023", "Example City"),
        ("Doorstop interview, Portsville, Ruritania", "Portsville, Ruritania"),
        ("Press Gaggle by a Senior Official at Example Air Base", "Example Air Base"),
        ("Remarks by the Minister at Signing Ceremony", None),
        ("Remarks by the Minister on the Situation in Borduria", None),
        ("Statement by the Spokesperson on the Floods in Portsville", None),
        ("Remarks by the President in Joint Press Conference", None),
    ],
)
def test_place_from_the_title(title: str, expected: str | None) -> None:
    doc = find_metadata(make("Thank you all for coming today. It is a pleasure to be here with friends.", title=title))
    assert doc.place == expected


def test_place_from_a_sign_off() -> None:
    text = (
        "Official Spokesperson: Good afternoon and welcome to this weekly briefing.\n\n"
        "Question: Can you confirm the timeline?\n\nOfficial Spokesperson: Not yet.\n\n(Concludes)\n\n"
        "Example City\n\nOctober 14, 2022"
    )
    doc = find_metadata(make(text, title="Weekly Media Briefing by the Official Spokesperson (October 14, 2022)"))
    assert (doc.event_type, doc.date, doc.place) == ("briefing", "2022-10-14", "Example City")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Prime Minister Roe speaks with President of Ruritania Jan Novak", "phone call"),
        ("Prime Minister Roe spoke with the Prime Minister of Borduria", "phone call"),
        ("Foreign Ministry Spokeswoman Ann Roe's answers to media questions", "remarks"),
        ("Minister Roe speaks with students at Example University", "statement"),
    ],
)
def test_event_type_calls_and_spokesperson_answers(title: str, expected: str) -> None:
    doc = find_metadata(make("A body that gives no hint of its kind, in one plain sentence.", title=title))
    assert doc.event_type == expected


def test_meeting_record_with_masthead_before_the_headline() -> None:
    text = (
        "Example Council\n\n9412th Meeting (AM)\n\nEC/15298\n\n22 August 2023\n\n"
        "Example Council Extends Mandate of Mission in Ruritania, Adopting Resolution 12 by 13 Votes\n\n"
        "The Example Council today extended the mandate of the Mission for one year.\n\n"
        "The meeting began at 10:05 a.m. and ended at 10:40 a.m."
    )
    doc = find_metadata(make(text))
    assert doc.title == "Example Council Extends Mandate of Mission in Ruritania, Adopting Resolution 12 by 13 Votes"
    assert (doc.event_type, doc.date, doc.published) == ("multilateral meeting", "2023-08-22", "2023-08-22")


def test_a_genre_label_before_the_date_is_not_a_dateline() -> None:
    text = "Announcement, April 11, 2018\n\nThe ceremony will take place in the Example Hall of the Palace."
    doc = find_metadata(make(text, title="The President will receive ambassadors’ credentials"))
    assert doc.place is None


@pytest.mark.parametrize(
    "title",
    [
        "Violence and Threats to Free Speech in Ruritania",
        "Minister Roe to Deliver Remarks at Example University",
        "Minister Roe will give a speech in Portsville",
        "Remarks by the Minister in Spanish",
        "Opening of Trial of Former Commander for Atrocities in Borduria",
    ],
)
def test_a_topic_or_an_announced_venue_in_the_title_is_not_the_place(title: str) -> None:
    doc = find_metadata(make("Thank you all for coming today. It is a pleasure to be here with friends.", title=title))
    assert doc.place is None


def test_sign_off_on_one_line_and_a_date_line_with_at() -> None:
    text = (
        "September 21, 2022 at 5:05 PM\n\n"
        "The Minister of Ruritania met the Minister of Borduria and discussed trade and energy at length.\n\n"
        "Example City, September 21, 2022"
    )
    doc = find_metadata(make(text, title="Meeting of the Ministers of Ruritania and Borduria"))
    assert (doc.date, doc.published, doc.place) == ("2022-09-21", "2022-09-21", "Example City")


def test_general_assembly_meetings_coverage_header() -> None:
    text = (
        "Example Assembly\n\nSeventy-eighth Session, 12th & 13th Meetings (AM & PM)\n\nEA/12345\n\n"
        "22 September 2023\n\nSpeakers in Example Assembly Debate Call for Reform of Global Financial Institutions\n\n"
        "The Example Assembly today continued its general debate, hearing from heads of State and Government."
    )
    doc = find_metadata(make(text))
    assert doc.title == "Speakers in Example Assembly Debate Call for Reform of Global Financial Institutions"
    assert (doc.event_type, doc.date) == ("multilateral meeting", "2023-09-22")


def test_place_from_the_venue_cleaning_took_off_the_head() -> None:
    # invented: the room line left the text at cleaning; the place still comes from it
    doc = Document(
        id="v", source="v.txt", format="txt", title="Invented Briefing",
        text="MS. DOE: Good afternoon, everyone.\n\nQ Invented question?\n\nMS. DOE: Invented answer.",
        header={"venue": "North Annex Press Room"},
    )  # fmt: skip
    assert find_metadata(doc).place == "North Annex Press Room"
