"""Loaders: every format, folders, archives, and bad input reported with a reason. Texts are invented."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from dipcorpus.ingest.loaders import Columns, LoadLimits, read_paths
from support.pdfmaker import make_pdf


def _one(path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    results = list(read_paths([path], **kwargs))  # type: ignore[arg-type]
    assert len(results) == 1, results
    return results[0]


def test_loaders_md_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    path.write_text("---\ntitle: Invented Briefing\ndate: '2024-01-02'\n---\nBody of the invented briefing.\n")
    result = _one(path)
    doc = result.doc
    assert doc is not None and doc.title == "Invented Briefing" and doc.date == "2024-01-02"
    assert doc.text.startswith("Body") and doc.raw[doc.offsets[0].raw_start :].startswith("Body")


def test_loaders_pdf_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(make_pdf([["Invented page one"], ["Invented page two"]]))
    doc = _one(path).doc
    assert doc is not None and "\f" in doc.text and doc.header["pages"] == "2"


def test_loaders_scanned_pdf_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([["x"]], with_text=False))
    result = _one(path)
    assert result.doc is None and result.error is not None and "E105" in result.error


def test_loaders_truncated_pdf_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(make_pdf([["Invented page"]])[:150])
    result = _one(path)
    assert result.doc is None and result.error is not None and result.error.startswith("E10")


def test_loaders_jsonl_rows(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    rows = [
        {"title": "Invented A", "pubDate": "Tue, 14 Jan 2025 19:20:00 +0000", "body": "Invented text one."},
        {"title": "Invented B", "date": "2025-01-15", "body": "<p>Invented <b>HTML</b> two.</p>"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json\n")
    results = list(read_paths([path]))
    assert [r.doc.title for r in results if r.doc] == ["Invented A", "Invented B"]
    assert results[0].doc is not None and results[0].doc.published == "2025-01-14 19:20"
    assert results[1].doc is not None and results[1].doc.date == "2025-01-15" and "<b>" not in results[1].doc.text
    assert results[2].error is not None and "row 3" in results[2].error
    assert results[0].doc.id != results[1].doc.id


def test_loaders_csv_needs_text_column(tmp_path: Path) -> None:
    path = tmp_path / "speakers.csv"
    path.write_text("year,country,name\n2020,XYZ,Invented Person\n")
    result = _one(path)
    assert result.error is not None and "no text column" in result.error and "--text-col" in result.error
    ok = list(read_paths([path], columns=Columns(text="name")))
    assert ok[0].doc is not None and ok[0].doc.text == "Invented Person"


def test_loaders_zip_members(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a/one.txt", "Invented one.")
        archive.writestr("two.md", "---\ntitle: T\n---\nInvented two.")
    path = tmp_path / "docs.zip"
    path.write_bytes(buf.getvalue())
    results = list(read_paths([path]))
    assert sorted(r.source.split("!")[1] for r in results) == ["a/one.txt", "two.md"]
    assert all(r.doc is not None for r in results)


def test_loaders_zip_bomb_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * (50 * 1024 * 1024))
    path = tmp_path / "bomb.zip"
    path.write_bytes(buf.getvalue())
    result = _one(path)
    assert result.error is not None and "E107" in result.error and "bomb" in result.error


def test_loaders_large_file_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2048)
    result = _one(path, limits=LoadLimits(max_file_bytes=1024))
    assert result.error is not None and "E108" in result.error


def test_loaders_folder_is_recursive_and_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Invented two.")
    (tmp_path / "1.txt").write_text("Invented one.")
    (tmp_path / ".hidden.txt").write_text("skip me")
    assert [Path(r.source).name for r in read_paths([tmp_path])] == ["1.txt", "2.txt"]
