"""Offsets of the HTML loader, over generated small documents (all generated, nothing from the corpus)."""

from __future__ import annotations

import html as htmllib

from hypothesis import given
from hypothesis import strategies as st

from dipcorpus.ingest.html import extract_html
from dipcorpus.model import raw_offset

WORDS = st.sampled_from(["alpha", "Beta", "中国", "外交部", "Q:", "café", "x1", "—", "“quoted”", "a", "B.C."])
ENTITIES = st.sampled_from(["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&nbsp;", "&eacute;", "&#x4E2D;", "&mdash;"])
SPACES = st.sampled_from([" ", "  ", "\n", "\t ", " \n   ", "\u3000", "&nbsp;"])


@st.composite
def inline(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        piece = draw(st.one_of(WORDS, ENTITIES))
        if draw(st.booleans()):
            tag = draw(st.sampled_from(["b", "strong", "i", "span", "a", "em"]))
            piece = f"<{tag}>{piece}</{tag}>"
        parts.append(piece)
        parts.append(draw(SPACES))
    return "".join(parts)


@st.composite
def documents(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 5))):
        tag = draw(st.sampled_from(["p", "div", "li", "h3", "td"]))
        blocks.append(f"<{tag}>{draw(inline())}</{tag}>" + draw(st.sampled_from(["", "\n", "<br>", "<!-- c -->"])))
    body = "".join(blocks)
    if draw(st.booleans()):
        return body  # a fragment
    return f'<html><head><title>T</title></head><body><div class="content">{body}</div></body></html>'


@given(documents())
def test_html_offsets_copied_chars_match(doc: str) -> None:
    x = extract_html(doc, date_fallback=False)
    for seg in x.offsets:
        assert seg.clean_start + seg.clean_len <= len(x.text)
        if seg.clean_len == seg.raw_len:  # equal lengths: a verbatim copy
            a, b = seg.raw_start, seg.raw_start + seg.raw_len
            assert doc[a:b] == x.text[seg.clean_start : seg.clean_start + seg.clean_len]
    for p, ch in enumerate(x.text):
        if ch.isspace():
            continue
        r = raw_offset(x.offsets, p)
        if doc[r] != ch:  # only an entity may stand for a different character
            entity = doc[r : doc.index(";", r) + 1]
            assert htmllib.unescape(entity) == ch


@given(documents())
def test_html_text_shape(doc: str) -> None:
    x = extract_html(doc, date_fallback=False)
    for para in x.text.split("\n\n"):
        assert para == para.strip()
        assert "  " not in para and "\n" not in para and "\t" not in para
    for a, b in x.emphasis:
        assert 0 <= a < b <= len(x.text)
        assert not x.text[a].isspace() and not x.text[b - 1].isspace()
    assert sum(s.clean_len for s in x.offsets) == len(x.text)
