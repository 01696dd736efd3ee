"""A small invented bilingual corpus for the Chinese search tests. Every sentence here is invented for
the tests; the countries (泽德兰 Zedland ZZA, 扬德 Yonder ZZB) and the formulation (银桥伙伴关系, the
silver bridge partnership) are made up too. One English passage names Xi Jinping, a real knowledge-base
person, to check that his Chinese name in the knowledge base works as a filter value."""

from __future__ import annotations

import sqlite3

from dipcorpus.index.passages import build_passages
from dipcorpus.model import Document, Entity, Formulation, Turn
from dipcorpus.store.db import connect
from dipcorpus.store.queries import save_document

ZH_Q = "问：泽德兰外长下周访问海洋城，中方对此有何期待？"
ZH_A = "答：我们欢迎泽德兰外长来访。双方将深化银桥伙伴关系，推进海洋合作。同时，我们反对任何集团对抗。"
ZH_B = (
    "外交部发言人表示，G20峰会将在扬德举行，中方愿同各方加强海洋合作。\n\n"
    "The spokesperson said the G20 summit will be held in Yonder, and that ocean cooperation matters."
)
ZH_C = "银桥伙伴关系向扬德开放。我们坚持合作共赢，反对集团对抗和单边制裁。"
EN_D = (
    "Readout of the call.\n\n"
    "Xi Jinping said the silver bridge partnership with Zedland serves ocean cooperation.\n\n"
    "Both sides rejected bloc confrontation."
)

# (kind, id, name, surface forms) of the invented annotations, found by their surface form
ANNOTATIONS = [
    ("country", "ZZA", "Zedland", ("泽德兰", "Zedland")),
    ("country", "ZZB", "Yonder", ("扬德", "Yonder")),
    ("person", "person:xi-jinping", "Xi Jinping", ("Xi Jinping",)),
    ("formulation", "silver-bridge", "silver bridge partnership", ("银桥伙伴关系", "silver bridge partnership")),
]


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    out, pos = [], text.find(needle)
    while pos >= 0:
        out.append((pos, pos + len(needle)))
        pos = text.find(needle, pos + 1)
    return out


def _doc(doc_id: str, text: str, *, date: str, language: str | None, turns: tuple[Turn, ...] = ()) -> Document:
    ents, forms = [], []
    for kind, key, name, surfaces in ANNOTATIONS:
        for surface in surfaces:
            for s, e in _spans(text, surface):
                if kind == "formulation":
                    forms.append(Formulation(start=s, end=e, id=key, name=name))
                else:
                    ents.append(Entity(start=s, end=e, type=kind, id=key, name=name))
    return Document(
        id=doc_id, source=f"invented/{doc_id}.txt", format="txt", text=text, title=text.split("\n")[0][:30],
        date=date, event_type="press conference", language=language, turns=turns,
        entities=tuple(sorted(ents, key=lambda x: x.start)), formulations=tuple(forms),
    )  # fmt: skip


def documents() -> list[Document]:
    text_a = f"{ZH_Q}\n\n{ZH_A}"
    a_start = text_a.index(ZH_A)
    turns = (
        Turn(n=1, speaker="记者", role="question", start=2, end=len(ZH_Q), label_start=0),
        Turn(n=2, speaker="发言人", role="answer", start=a_start + 2, end=len(text_a), label_start=a_start),
    )
    return [
        _doc("zh-a", text_a, date="2019-03-05", language="zh", turns=turns),
        _doc("zh-b", ZH_B, date="2019-03-20", language="zh-CN"),
        _doc("zh-c", ZH_C, date="2019-04-02", language="zh"),
        _doc("en-d", EN_D, date="2019-03-11", language="en"),
    ]


def make_db(path: str = ":memory:") -> sqlite3.Connection:
    db = connect(path)
    for doc in documents():
        save_document(db, doc, path=doc.source, data=doc.text.encode())
    build_passages(db)
    return db


def passage_texts(db: sqlite3.Connection) -> list[str]:
    return [r[0] for r in db.execute("SELECT text FROM passages ORDER BY id")]
