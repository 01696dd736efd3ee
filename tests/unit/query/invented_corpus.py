"""A small invented corpus for the search tests. Every sentence here is invented for the tests;
the countries (ZZA, ZZB), the organisation (ORGX) and the formulation are made up too."""

from __future__ import annotations

import sqlite3

from dipcorpus.index.passages import build_passages
from dipcorpus.model import Document, Entity, Formulation, Turn
from dipcorpus.store.db import connect
from dipcorpus.store.queries import save_document

Q1 = "Harbour Daily: What does the ministry expect from the ocean cooperation talks with Zedland?"
A1 = (
    "Spokesperson Lin: The ocean cooperation talks with Zedland will deepen the silver bridge partnership. "
    "We oppose any bloc confrontation near our shores."
)
Q2 = "Morning Wire: Will the minister visit Orgex headquarters?"
A2 = "Spokesperson Lin: The minister has no plan to visit Orgex this month. Ocean trade keeps growing."

PARA_B = (
    "Readout of the call between the two foreign ministers.\n\n"
    "The ministers agreed that the silver bridge will carry trade and culture. Zedland and Yonder "
    "signed a fisheries memorandum.\n\n"
    "Both sides rejected bloc confrontation and unilateral sanctions."
)
PARA_C = (
    "Speech at the opening of the river forum.\n\n"
    "Rivers connect people. Our river diplomacy serves development, and development serves peace.\n\n"
    "The silver-bridge partnership remains open to Yonder and to every riverside nation."
)
PARA_D = (
    "Interview notes.\n\n"
    "Harbour Daily: Is Yonder part of the ocean talks?\n\n"
    "Spokesperson Lin: Yonder is welcome. Ocean cooperation benefits the region."
)


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    out, pos = [], text.find(needle)
    while pos >= 0:
        out.append((pos, pos + len(needle)))
        pos = text.find(needle, pos + 1)
    return out


def _doc(doc_id: str, text: str, *, date: str | None, event_type: str, turns: bool) -> Document:
    ents = [Entity(start=s, end=e, type="country", id="ZZA", name="Zedland") for s, e in _spans(text, "Zedland")]
    ents += [Entity(start=s, end=e, type="country", id="ZZB", name="Yonder") for s, e in _spans(text, "Yonder")]
    ents += [Entity(start=s, end=e, type="organization", id="ORGX", name="Orgex") for s, e in _spans(text, "Orgex")]
    forms = [
        Formulation(start=s, end=e, id="silver-bridge", name="silver bridge partnership")
        for needle in ("silver bridge partnership", "silver-bridge partnership", "silver bridge will")
        for s, e in _spans(text, needle)
    ]
    turn_list = []
    if turns:
        pos = 0
        for line in text.split("\n\n"):
            start = text.index(line, pos)
            pos = start + len(line)
            if ": " not in line:
                continue
            speaker, _ = line.split(": ", 1)
            role = "answer" if speaker.startswith("Spokesperson") else "question"
            body = start + len(speaker) + 2
            turn_list.append(Turn(n=len(turn_list) + 1, speaker=speaker, role=role, start=body, end=pos,
                                  label_start=start))  # fmt: skip
    return Document(
        id=doc_id, source=f"invented/{doc_id}.txt", format="txt", text=text, title=text.split("\n")[0][:60],
        date=date, event_type=event_type, language="en", turns=tuple(turn_list),
        entities=tuple(sorted(ents, key=lambda x: x.start)), formulations=tuple(forms),
    )  # fmt: skip


def documents() -> list[Document]:
    return [
        _doc("doc-a", "\n\n".join([Q1, A1, Q2, A2]), date="2019-03-05", event_type="press conference", turns=True),
        _doc("doc-b", PARA_B, date="2019-07-20", event_type="phone call", turns=False),
        _doc("doc-c", PARA_C, date="2020-02-11", event_type="speech", turns=False),
        _doc("doc-d", PARA_D, date=None, event_type="interview", turns=True),
    ]


def make_db(*, index: bool = True, path: str = ":memory:") -> sqlite3.Connection:
    db = connect(path)
    for doc in documents():
        save_document(db, doc, path=doc.source, data=doc.text.encode())
    if index:
        build_passages(db)
    return db
