"""Property tests: turns are ordered, disjoint and cover the body; spans stay inside the text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dipcorpus.model import Document
from dipcorpus.parse.points import find_points
from dipcorpus.parse.sentences import find_sentences
from dipcorpus.parse.statements import find_statements
from dipcorpus.parse.turns import find_turns, paragraphs

# Invented building blocks: labels of every layout, and paragraphs that are not labels.
LABELS = [
    "Q: ",
    "A: ",
    "Q ",
    "问：",
    "答：",
    "Xinhua: ",
    "1. CCTV: ",
    "Li Ming: ",
    "MS. ROE: ",
    "Follow-up: ",
    "",
]
BODIES = [
    "Invented text.", "Why now?", "The answer is simple: no.", "Note: edited.", "12:07 P.M.", "First, one.",
    "Second, two.", "Li Ming said, rivers matter.", "虚构的句子。", "Mr. Li met the U.S. side. Done.",
]  # fmt: skip
paragraph = st.tuples(st.sampled_from(LABELS), st.sampled_from(BODIES)).map("".join)


def build(paras: list[str], title: str) -> Document:
    text = "\n\n".join([title, *paras])
    return Document(id="p", source="p", format="txt", text=text, title=title)


@given(
    st.lists(paragraph, min_size=1, max_size=25),
    st.sampled_from(
        [
            "Invented Interview with Li Ming",
            "Spokesperson Zhang San's Regular Press Conference",
            "Press Briefing by Press Secretary Jane Roe",
        ]
    ),
)
def test_turns_props_ordered_disjoint_covering(paras: list[str], title: str) -> None:
    doc = find_turns(build(paras, title))
    text = doc.text
    previous_end = -1
    for i, turn in enumerate(doc.turns):
        assert turn.n == i + 1
        label = turn.label_start if turn.label_start is not None else turn.start
        assert 0 <= label <= turn.start <= turn.end <= len(text)
        assert label >= previous_end
        previous_end = turn.end
        if turn.parallel_start is not None:
            assert turn.parallel_end is not None
            assert 0 <= turn.parallel_start <= turn.parallel_end <= label
    if not doc.turns:
        return
    first = doc.turns[0].label_start if doc.turns[0].label_start is not None else doc.turns[0].start
    spans = [(t.label_start if t.label_start is not None else t.start, t.end) for t in doc.turns]
    # a parallel span starts after its Chinese label ('问：'): count it from its paragraph start
    spans += [
        (text.rfind("\n", 0, t.parallel_start) + 1, t.parallel_end)
        for t in doc.turns
        if t.parallel_start is not None and t.parallel_end is not None
    ]
    for start, end in paragraphs(text):
        if start >= first:
            assert any(a <= start and end <= b for a, b in spans if a is not None and b is not None), text[start:end]


@given(st.lists(paragraph, min_size=0, max_size=25))
def test_turns_props_all_spans_inside_text(paras: list[str]) -> None:
    doc = find_sentences(find_points(find_statements(find_turns(build(paras, "Invented Readout")))))
    n = len(doc.text)
    for span in (*doc.sentences, *doc.turns, *doc.statements, *doc.points):
        assert 0 <= span.start <= span.end <= n
    assert all(a.end <= b.start for a, b in zip(doc.sentences, doc.sentences[1:], strict=False))


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_turns_props_never_crash_on_arbitrary_text(text: str) -> None:
    doc = Document(id="p", source="p", format="txt", text=text, title=text[:20])
    out = find_sentences(find_points(find_statements(find_turns(doc))))
    for span in (*out.sentences, *out.turns, *out.statements, *out.points):
        assert 0 <= span.start <= span.end <= len(text)
