"""`dipcorpus speakers` over invented documents (names and labels invented for the test)."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from dipcorpus.cli import cli
from dipcorpus.model import Document, Turn
from dipcorpus.store.db import connect
from dipcorpus.store.queries import save_document


def _doc(doc_id: str, label: str) -> Document:
    text = f"Invented Briefing\n\nInvented Radio: Will rivers rise?\n\n{label}: They will not.\n"
    q_label = text.index("Invented Radio")
    a_label = text.index(label + ":")
    turns = (
        Turn(start=q_label + 16, end=a_label - 2, n=1, speaker="Invented Radio", role="question",
             label_start=q_label, speaker_id="outlet:invented-radio"),
        Turn(start=a_label + len(label) + 2, end=len(text) - 1, n=2, speaker="Ann Vale", role="answer",
             label_start=a_label, speaker_id="name:ann-vale"),
    )  # fmt: skip
    return Document(id=doc_id, source=f"{doc_id}.txt", format="txt", text=text, title="Invented Briefing", turns=turns)


def test_speakers_cli_lists_canonical_speakers_with_printed_labels(tmp_path):
    path = tmp_path / "invented.db"
    db = connect(path)
    for doc_id, label in (("a1", "MS. VALE"), ("b2", "Ann Vale")):
        doc = _doc(doc_id, label)
        save_document(db, doc, path=doc.source, data=doc.text.encode())
    db.close()
    result = CliRunner().invoke(cli, ["speakers", "--db", str(path), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows == [
        {"id": "name:ann-vale", "name": "Ann Vale", "turns": 2, "statements": 0, "documents": 2,
         "printed": "Ann Vale | MS. VALE"}
    ]  # fmt: skip
    result = CliRunner().invoke(cli, ["speakers", "--db", str(path), "--format", "csv", "--questions"])
    ids = [row["id"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert ids == ["name:ann-vale", "outlet:invented-radio"]
