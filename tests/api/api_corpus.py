"""The corpus the API and browser tests run on: the invented samples of examples/sample, one invented
hostile document (script tags, a very long line, a 1 MB paragraph), one invented link, and an invented
English-Chinese press conference pair with a same-day Chinese remarks page (tests/support/bilingual.py)."""

from __future__ import annotations

from pathlib import Path

from dipcorpus.batch import ingest
from dipcorpus.index.passages import build_passages
from dipcorpus.linking import link_translations
from dipcorpus.model import Document, Entity, Formulation, Link, Repair, Segment, Turn
from dipcorpus.store import queries
from dipcorpus.store.db import connect
from support.bilingual import chinese_conference, chinese_remarks, english_conference

REPO = Path(__file__).resolve().parents[2]
HOSTILE_ID = "hostile0000000001"
SCRIPT = "<script>alert('pwned')</script>"
LONG_LINE = "x" * 6000
BIG_SENTENCE = "The ministry repeated that cooperation benefits both sides and harms no third party. "


def hostile_document() -> Document:
    """Invented. A press conference whose text holds markup, a 6,000-character word and a 1 MB paragraph."""
    label = "Spokesperson: "
    body = f"{SCRIPT} China rejects the claim. <b>bold?</b> & &amp; \"quotes\" 'single' <img src=x onerror=alert(1)>"
    big = BIG_SENTENCE * (1_000_000 // len(BIG_SENTENCE) + 1)
    text = f"{label}{body}\n\n{LONG_LINE}\n\n{big}\n"
    china = text.index("China")
    turn_end = len(label) + len(body)
    raw = text.replace("China rejects", "Chlna rejects", 1)
    return Document(
        id=HOSTILE_ID,
        source="invented/hostile.txt",
        format="txt",
        raw=raw,
        text=text,
        offsets=(Segment(clean_start=0, raw_start=0, clean_len=len(text), raw_len=len(raw)),),
        title=f"{SCRIPT} Hostile <i>invented</i> press conference",
        date="2024-05-01",
        event_type="press conference",
        language="en",
        turns=(Turn(n=1, speaker=f"Lin {SCRIPT}", role="spokesperson", label_start=0, start=len(label), end=turn_end),),
        entities=(Entity(start=china, end=china + 5, type="country", id="CHN", name="China"),),
        formulations=(
            Formulation(
                start=text.index("harms no third party"),
                end=text.index("harms no third party") + 20,
                id="not-targeted-at-third-party",
                name="harms no third party",
            ),
        ),
        repairs=(
            Repair(
                kind="ocr",
                start=china,
                end=china + 5,
                raw_start=china,
                raw_end=china + 5,
                before="Chlna",
                after="China",
            ),
        ),
    )


def build_corpus(path: Path | str) -> dict[str, str]:
    """Write the test corpus to `path`; return the ids the tests look for."""
    db = connect(path)
    report = ingest(db, [REPO / "examples" / "sample"])
    if report.failed:
        raise RuntimeError(report.to_dict()["failed"])
    doc = hostile_document()
    queries.save_document(db, doc, path=doc.source, data=doc.raw.encode())
    build_passages(db)
    ids = {r["source"].rsplit("/", 1)[-1]: r["id"] for r in queries.list_documents(db, limit=100)}
    a, b = ids["press-conference-invented.txt"], ids["press-booklet-invented.pdf"]
    a_doc, b_doc = queries.load_document(db, a), queries.load_document(db, b)
    assert a_doc is not None and b_doc is not None
    link = Link(a_doc=a, b_doc=b, kind="near duplicate", score=0.91, a_start=0, a_end=min(300, len(a_doc.text)),
                b_start=0, b_end=min(300, len(b_doc.text)))  # fmt: skip
    queries.replace_links(db, [link])
    bilingual = [english_conference(), chinese_conference(), chinese_remarks()]
    for item in bilingual:
        queries.save_document(db, item, path=item.source, data=item.text.encode())
    link_translations(db, [item.id for item in bilingual])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {
        "conference": a,
        "booklet": b,
        "hostile": HOSTILE_ID,
        "pair_en": bilingual[0].id,
        "pair_zh": bilingual[1].id,
        "remarks_zh": bilingual[2].id,
    }
