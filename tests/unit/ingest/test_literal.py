"""Bodies saved as a Python bytes literal (all fixtures invented)."""

from __future__ import annotations

from pathlib import Path

from dipcorpus.ingest.literal import unwrap_bytes_literal
from dipcorpus.ingest.loaders import BYTES_LITERAL, read_paths
from dipcorpus.model import raw_offset

BODY = (
    "<div class=\"body\">\n<p>MS. INVENTED:\xa0 Good morning, everyone.\xa0 It\u2019s a 'quiet' day.</p>\n"
    "<p>Q\xa0\xa0 Any news on the caf\u00e9 talks?</p>\n<p>MS. INVENTED:\xa0 None \u2014 yet.</p>\n</div>"
)


def _page(title: str = "Press Gaggle by an Invented Spokesperson, 1/2/2013") -> bytes:
    return f"<h1>{title}</h1>\n".encode("cp1252") + repr(BODY.encode("utf-8")).encode("ascii")


def test_literal_unwraps_with_exact_map() -> None:
    wrapped = repr(BODY.encode("utf-8"))
    text = "<h1>T</h1>\n" + wrapped
    found = unwrap_bytes_literal(text)
    assert found is not None
    assert found.text == "<h1>T</h1>\n" + BODY
    assert found.encoding == "utf-8"
    curly = found.text.index("\u2019")
    a = raw_offset(found.offsets, curly)
    b = raw_offset(found.offsets, curly + 1)
    assert text[a:b] == "\\xe2\\x80\\x99"
    for seg in found.offsets:  # verbatim runs are verbatim
        if seg.clean_len == seg.raw_len:
            assert (
                found.text[seg.clean_start : seg.clean_start + seg.clean_len]
                == text[seg.raw_start : seg.raw_start + seg.raw_len]
            )


def test_literal_needs_a_real_bytes_literal() -> None:
    assert unwrap_bytes_literal("<p>b'not a literal' here and more text after it</p>") is None
    assert unwrap_bytes_literal("<h1>T</h1>\nb'unclosed \\' quote'x'") is None
    assert unwrap_bytes_literal("plain text\nb'short'\n" + "and then a lot of ordinary text. " * 20) is None
    assert unwrap_bytes_literal("b'__import__(\"os\")'") is not None  # a literal, never evaluated as code


def test_literal_not_utf8_falls_back_to_cp1252() -> None:
    found = unwrap_bytes_literal(repr("caf\u00e9 cr\u00e8me".encode("cp1252")))
    assert found is not None
    assert found.text == "caf\u00e9 cr\u00e8me"
    assert found.encoding == "cp1252"


def test_loader_reads_bytes_literal_page_as_html(tmp_path: Path) -> None:
    path = tmp_path / "7.html"
    path.write_bytes(_page())
    (result,) = list(read_paths([path]))
    doc = result.doc
    assert doc is not None, result.error
    assert doc.header["body"] == BYTES_LITERAL
    assert "\\n" not in doc.text and "\\x" not in doc.text and "b'" not in doc.text
    assert "It\u2019s a 'quiet' day." in doc.text
    assert "caf\u00e9 talks?" in doc.text
    assert doc.raw.startswith("<h1>") and "\\xe2\\x80\\x99" in doc.raw  # raw is the file as saved
    start = doc.text.index("Good morning")
    end = start + len("Good morning, everyone.")
    assert doc.raw[doc.raw_offset(start) : doc.raw_offset(end)] == "Good morning, everyone."
    dash = doc.text.index("\u2014")
    assert doc.raw[doc.raw_offset(dash) : doc.raw_offset(dash + 1)] == "\\xe2\\x80\\x94"
    for seg in doc.offsets:
        assert seg.raw_start >= 0 and seg.raw_start + seg.raw_len <= len(doc.raw)


def test_loader_latin_title_line_is_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "8.html"
    path.write_bytes(_page("Remarks by Invented Leaders Le\u00f3n and Mu\u00f1oz, 3/4/2014"))
    (result,) = list(read_paths([path]))
    assert result.doc is not None
    assert "Le\u00f3n and Mu\u00f1oz" in result.doc.raw
