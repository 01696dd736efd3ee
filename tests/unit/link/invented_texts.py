"""Invented passages for the link tests (written for these tests; not corpus or seed text)."""

from __future__ import annotations

from dipcorpus.model import Document, Turn

# invented
HARBOUR = (
    "The delegations of Norland and Estavia agreed on Tuesday to reopen the northern harbour to grain ships, "
    "to share weather data from their coastal stations, and to hold a joint review of fishing quotas before "
    "the winter season begins, according to the statement released after four hours of talks in the capital."
)
# invented
RAILWAY = (
    "Minister Okafor told reporters that the new railway corridor would link seven inland provinces with the "
    "coast by 2031, cut freight costs by roughly a third, and create jobs for young engineers, while critics "
    "in parliament questioned the loan terms and the environmental surveys carried out along the river valley."
)
# invented
VACCINE = (
    "Health officials from twelve island states met online to coordinate cold storage for vaccines, pooled "
    "their orders through a regional purchasing office, and asked donors to finance solar freezers for remote "
    "clinics that lose power during storms, a plan they expect to present at the assembly in March."
)
# invented
ORCHESTRA = (
    "The cultural exchange programme will send a youth orchestra on a tour of nine cities next spring, with "
    "concerts in concert halls, schools and village squares, and the organisers hope that the musicians will "
    "record an album of folk melodies collected from both countries during the rehearsals in the mountains."
)
# invented: an edited copy of HARBOUR (two words changed)
HARBOUR_EDITED = HARBOUR.replace("Tuesday", "Wednesday").replace("four hours", "five hours")

# invented: two English renderings of one answer, with different wording
ANSWER_A = [
    "Norland values its partnership with Estavia and the Lakeland states, and it follows the security "
    "situation around the Amber Sea with great attention, hoping for lasting calm and prosperity there.",
    "During the visit the ministers agreed to deepen cooperation against smuggling of narcotics across "
    "the mountain border, and welcomed the data protection initiative proposed by Norland in 2021.",
    "Third, Norland supports each nation choosing its own path of development and opposes interference "
    "in the domestic affairs of Estavia or any Lakeland state under any pretext whatsoever.",
]
ANSWER_B = [
    "Estavia and the Lakeland countries are partners Norland cherishes; Norland watches the security "
    "picture around the Amber Sea closely and wishes the area enduring calm and prosperous development.",
    "The ministers decided during the trip to step up joint work on narcotics smuggling over the mountain "
    "frontier, and they praised Norland's 2021 initiative on protecting data.",
    "Third, Norland firmly supports every nation in independently choosing its development path and opposes "
    "any interference in the internal affairs of Estavia or a Lakeland state on any pretext.",
]


def doc(doc_id: str, paragraphs: list[str], *, date: str | None = None) -> Document:
    """A document of `paragraphs` separated by blank lines (no turns)."""
    return Document(id=doc_id, source=f"/invented/{doc_id}.txt", format="txt", text="\n\n".join(paragraphs), date=date)


def interview(doc_id: str, question: str, answer: list[str], *, date: str | None = None) -> Document:
    """A question turn and an answer turn whose paragraphs are separated by blank lines."""
    q_label = "Reporter: "
    a_label = "\n\nMinister: "
    text = q_label + question + a_label + "\n\n".join(answer)
    q_start = len(q_label)
    a_start = q_start + len(question) + len(a_label)
    turns = (
        Turn(n=1, speaker="Reporter", role="question", start=q_start, end=q_start + len(question), label_start=0),
        Turn(n=2, speaker="Minister", role="answer", start=a_start, end=len(text), label_start=a_start - 10),
    )
    return Document(id=doc_id, source=f"/invented/{doc_id}.txt", format="txt", text=text, turns=turns, date=date)
