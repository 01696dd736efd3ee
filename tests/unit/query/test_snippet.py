"""The snippet window: the first window of 32 tokens with the most marked tokens (a running sum,
checked against counting every window afresh)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dipcorpus.query.snippet import Wanted, _marked, _spans, make_snippet


def _first_window_counting_afresh(text: str, want: Wanted, size: int) -> int:
    spans = _spans(text, {})
    hit = [0] * len(spans)
    for a, b in _marked([tok for _, _, tok in spans], want):
        for i in range(a, b + 1):
            hit[i] = 1
    if len(spans) <= size:
        return 0
    counts = [sum(hit[i : i + size]) for i in range(len(spans) - size + 1)]
    return counts.index(max(counts))


@given(
    words=st.lists(st.sampled_from(["peace", "talks", "the", "sea", "minister", "water", "a"]), max_size=150),
    marked=st.sets(st.sampled_from(["peace", "talks", "water", "sea"]), min_size=1, max_size=3),
    size=st.integers(3, 40),
)
def test_the_window_is_the_first_with_the_most_marks(words: list[str], marked: set[str], size: int) -> None:
    text = " ".join(words)
    want = Wanted(tuple(((w,), False) for w in sorted(marked)))
    snippet = make_snippet(text, want, {}, marks=("[", "]"), size=size)
    spans = _spans(text, {})
    if not spans:
        assert snippet == text
        return
    first = _first_window_counting_afresh(text, want, size)
    shown = snippet.replace("[", "").replace("]", "").strip("…")
    expected = text[spans[first][0] : spans[min(len(spans), first + size) - 1][1]]
    assert shown == expected or (first == 0 and shown == text[: spans[min(len(spans), size) - 1][1]])


TABLE = {0xE9: "e", 0xC9: "e", 0x301: "", 0xA0: " ", 0x2019: " ", 0xFF01: "!", 0x130: "i"}  # é É ◌́ nbsp ’ ！ İ


@given(st.text(alphabet=st.sampled_from(list("ab Z9,.'\n\x01") + [chr(c) for c in [*TABLE, 0x4E2D, 0x6587]])))
def test_tokens_over_a_translated_copy_are_the_tokens_char_by_char(text: str) -> None:
    from dipcorpus.query.snippet import _spans_by_char

    assert _spans(text, TABLE) == _spans_by_char(text, TABLE)
    longer = {**TABLE, 0xDF: "ss"}  # a character folding to two: the char-by-char reading is used
    assert _spans(text + "ß", longer) == _spans_by_char(text + "ß", longer)


@given(st.text(alphabet=st.sampled_from(list("ab c\x02\x03é中"))))
def test_marked_spans_reads_marks_as_a_scan_char_by_char_does(marked: str) -> None:
    from dipcorpus.query.kwic import marked_spans

    plain, spans, pos, start = [], [], 0, -1
    for ch in marked:
        if ch == "\x02":
            start = pos
        elif ch == "\x03":
            if start >= 0:
                spans.append((start, pos))
            start = -1
        else:
            plain.append(ch)
            pos += 1
    assert marked_spans(marked) == ("".join(plain), spans)
