"""TEI (Parla-CLARIN conventions) and CWB vertical exports: well-formed, every pointer resolves,
structures nest, one token a line. On an invented document built here and on the seeds."""

from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from dipcorpus.cli import cli
from dipcorpus.export.tei import TEI_NS, to_tei
from dipcorpus.export.vertical import to_vertical
from dipcorpus.kb.loader import load_kb
from dipcorpus.model import Document, Entity, Formulation, Sentence, Turn

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# An invented press conference: every name and sentence is made up for this test.
TEXT = (
    "Invented briefing on 3 May 2018 & more\n\n"
    "Q: Will Zanland <join> the one-China principle talks?\n\n"
    "A: Spokesperson Lu Kang said Zanland and China support the one-China principle.\n\n"
    "Note: the next briefing is on Monday."
)


def _doc() -> Document:
    q = TEXT.index("Q:")
    a = TEXT.index("A:")
    note = TEXT.index("Note:")
    china = TEXT.index("China support")
    principle = TEXT.index("one-China principle.")
    lu = TEXT.index("Lu Kang")
    return Document(
        id="0123456789abcdef",
        source="invented.txt",
        format="txt",
        text=TEXT,
        title='Invented briefing <1> & "more"',
        date="2018-05-03",
        event_type="press conference",
        language="en",
        sentences=(
            Sentence(start=0, end=q - 2),
            Sentence(start=q + 3, end=a - 2),
            Sentence(start=a + 3, end=note - 2),
            Sentence(start=note, end=len(TEXT)),
        ),
        turns=(
            Turn(start=q + 3, end=a - 2, n=1, speaker="Reporter", role="question", speaker_id="label:reporter"),
            Turn(start=a + 3, end=note - 2, n=2, speaker="Lu Kang", role="answer", speaker_id="person:lu-kang"),
        ),
        entities=(
            Entity(start=lu, end=lu + 7, type="person", id="person:lu-kang", name="Lu Kang"),
            Entity(start=china, end=china + 5, type="country", id="CHN", name="China"),
            Entity(start=principle + 4, end=principle + 9, type="country", id="CHN", name="China"),
        ),
        formulations=(
            Formulation(start=principle, end=principle + 19, id="one-china-principle", name="one-China principle"),
            # crosses the sentence end: must be left out, not break the nesting
            Formulation(start=note - 5, end=note + 4, id="crossing", name="crossing"),
        ),
    )


def _check_tei(xml: str) -> ET.Element:
    root = ET.fromstring(xml)
    assert root.tag == f"{{{TEI_NS}}}TEI"
    ids = {el.get(XML_ID) for el in root.iter() if el.get(XML_ID)}
    for el in root.iter():
        for attr in ("who", "ref", "ana"):
            value = el.get(attr)
            if value is not None:
                assert value.startswith("#") and value[1:] in ids, (attr, value)
    return root


def test_tei_of_an_invented_press_conference() -> None:
    xml = to_tei(_doc(), load_kb())
    root = _check_tei(xml)
    ns = {"t": TEI_NS}
    turns = root.findall(".//t:u", ns)
    assert [u.get("who") for u in turns] == ["#spk.label.reporter", "#person.lu-kang"]
    assert [u.get("ana") for u in turns] == ["#role.question", "#role.answer"]
    assert root.find(".//t:titleStmt/t:title", ns).text == 'Invented briefing <1> & "more"'  # type: ignore[union-attr]
    answer = "".join(turns[1].itertext())
    assert answer == TEXT[TEXT.index("A:") + 3 : TEXT.index("Note:") - 2]  # markup adds no text
    term = turns[1].find(".//t:term", ns)
    assert term is not None and term.get("ref") == "#form.one-china-principle"
    assert [n.text for n in term.findall("t:name", ns)] == ["China"]  # nested inside the term
    assert "crossing" not in xml.split("</teiHeader>")[1]
    person = next(el for el in root.iterfind(".//t:person", ns) if el.get(XML_ID) == "person.lu-kang")
    assert person.find("t:affiliation", ns) is not None  # the roles held that day, from the knowledge base
    assert len(root.findall(".//t:body//t:p", ns)) == 2  # the title line and the closing note
    assert [n.text for n in root.findall(".//t:body//t:note", ns)] == ["Q:", "A:"]  # labels, not paragraphs


def test_vertical_of_an_invented_press_conference() -> None:
    lines = list(to_vertical(_doc()))
    assert all(line.endswith("\n") for line in lines)
    stack: list[str] = []
    for line in lines:
        tag = re.match(r"<(/?)(text|u|s)\b", line)
        if tag and tag.group(1):
            assert stack and stack.pop() == tag.group(2)
        elif tag:
            stack.append(tag.group(2))
        else:
            assert stack[-1] == "s" and line.count("\t") == 2 and "\n" not in line[:-1]
    assert not stack
    tokens = [line.rstrip("\n").split("\t") for line in lines if not line.startswith("<")]
    assert ["Lu", "person:lu-kang", "_"] in tokens
    assert ["one-China", "_", "one-china-principle"] in tokens
    assert '<u n="2" speaker="Lu Kang" speaker_id="person:lu-kang" role="answer">\n' in lines
    assert 'title="Invented briefing &lt;1&gt; &amp; &quot;more&quot;"' in lines[0]


def test_vertical_cuts_chinese_into_words() -> None:
    text = "外交部发言人表示，中方坚持一个中国原则。"  # invented sentence
    doc = Document(id="fedcba9876543210", source="zh.txt", format="txt", text=text, language="zh")
    words = [line.split("\t")[0] for line in to_vertical(doc) if not line.startswith("<")]
    assert "".join(words) == text and "外交部" in words and len(words) < len(text)


def test_cli_exports_the_seeds(seeds_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tei"
    result = CliRunner().invoke(cli, ["export", "--db", str(seeds_db), "--format", "tei", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    files = sorted(folder.glob("*.xml"))
    with sqlite3.connect(seeds_db) as db:
        assert len(files) == db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    for file in files:
        _check_tei(file.read_text(encoding="utf-8"))
    vrt = tmp_path / "seeds.vrt"
    result = CliRunner().invoke(cli, ["export", "--db", str(seeds_db), "--format", "vrt", "-o", str(vrt)])
    assert result.exit_code == 0, result.output
    body = vrt.read_text(encoding="utf-8")
    assert body.count("<text ") == len(files) == body.count("</text>")
    assert body.count("<u ") == body.count("</u>") and body.count("<s>") == body.count("</s>")


def test_document_feature_matrix_loads_in_scipy(tmp_path: Path) -> None:
    import scipy.io

    from dipcorpus.annotate.tokens import words
    from dipcorpus.export.dfm import write_dfm

    zh = Document(
        id="fedcba9876543210", source="zh.txt", format="txt", text="中方坚持一个中国原则。中方欢迎。", language="zh"
    )
    docs = [_doc(), zh]
    assert write_dfm(docs, tmp_path / "d") == 2
    matrix = scipy.io.mmread(tmp_path / "d" / "dfm.mtx").tocsr()
    features = (tmp_path / "d" / "features.txt").read_text(encoding="utf-8").splitlines()
    assert matrix.shape == (2, len(features))
    assert matrix.sum() == sum(len(list(words(d.text))) for d in docs)
    assert matrix[1, features.index("中方")] == 2 and matrix[0, features.index("zanland")] == 2
    assert "?" not in features and "." not in features
    assert write_dfm(docs, tmp_path / "t", unit="turns") == 2  # the invented Chinese text has no turns
    header = (tmp_path / "t" / "docvars.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("doc_id,n,speaker,speaker_id,role")
