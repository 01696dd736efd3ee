from __future__ import annotations

from dipcorpus.ingest.textmap import TextBuilder
from dipcorpus.model import raw_offset


def test_textmap_copy_and_put_compose() -> None:
    raw = "ab  cd-\nef gh"
    builder = TextBuilder(raw)
    builder.copy(0, 2)
    builder.put(" ", 2, 4)
    builder.put("cdef", 4, 10, kind="dehyphenate")
    builder.copy(10, 13)
    text, segments, repairs = builder.build()
    assert text == "ab cdef gh"
    assert raw[raw_offset(segments, text.index("gh"))] == "g"
    assert repairs[0].before == "cd-\nef" and raw[repairs[0].raw_start : repairs[0].raw_end] == "cd-\nef"
    # a second builder over the first one's output still reaches the raw text
    second = TextBuilder(text, segments)
    second.copy(text.index("gh"), len(text))
    text2, segments2, _ = second.build()
    assert text2 == "gh" and raw[raw_offset(segments2, 0)] == "g"


def test_textmap_moved_positions() -> None:
    builder = TextBuilder("xxhello")
    builder.copy(2, 7)
    assert builder.moved(2) == 0 and builder.moved(7) == 5 and builder.moved(0) is None
