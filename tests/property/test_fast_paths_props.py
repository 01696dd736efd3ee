"""The fast paths of the parse and annotate stages give what the plain scans they stand for give.

Each fast path (a search from a rare anchor, a prefilter, a trie, a per-text cache) was written for
speed only; these properties check it against the plain regex or loop on generated text. The words
and names are invented (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dipcorpus.kb.matcher import _key_char, word_key
from dipcorpus.model import Document, Sentence
from dipcorpus.parse import meta, name_scan, names, origin, points, sentences, statements, turn_labels

WORDS = [
    "President", "Minister", "Foreign", "Secretary-General", "Head of State", "Chair", "Ambassador",
    "Mr.", "Mr", "Dr", "Ms", "King", "Envoy", "of", "the", "for", "to", "and", "Affairs", "State",
    "Ann", "Roe", "ROE", "roe", "Roeberg", "J.", "X.", "de", "van", "Zembla", "Ózil", "x`Y", "A`B", "’s",
    "Q", "A", "Q:", "ANN ROE:", "said", "also", "once again", "noted", "pointed out", "quickly", "made",
    "clear", "told", "has", "It", "was", "stressed", "that", "http://a.example.org", "HTTPS://b.gov",
    "ſ", "K", "İ", "ı", "Σ", "中国", "：", "-", "’", "'", ".", ",", "…", "7", "12.05.2023", "May", "5,",
    "2023", "January", "Sept.", "local", "time", "On", "White House", "Kremlin",
]  # fmt: skip
SEPARATORS = [" ", " ", "  ", "\n", "", ". ", ", ", "\t", "\u00a0"]
text = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=16).map(
    lambda parts: "".join(w + s for w, s in parts)
)
SURNAMES = ["Roe", "ROE", "roe", "ſ", "s", "k", "K", "i", "J.", "Ann Roe", "Zembla"]


def _spans(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


@settings(max_examples=400)
@given(text)
def test_titled_and_apposed_names_from_their_tails(s: str) -> None:
    assert _spans(names._titled_matches(s)) == _spans(names._TITLED.finditer(s))
    assert _spans(names._apposed_matches(s)) == _spans(names._APPOSED.finditer(s))


@settings(max_examples=400)
@given(text)
def test_runs_of_two_words_or_more(s: str) -> None:
    plain = [m.span() for m in names._PLAIN_NAME.finditer(s) if len(m.group("name").split()) >= 2]
    if "`" not in s:
        assert [m.span() for m in names._PLAIN_NAMES.finditer(s)] == plain


@settings(max_examples=400)
@given(text)
def test_verb_trie_and_verb_prefilter(s: str) -> None:
    plain = re.compile(r"(?<=\s)(?:" + statements._ADVERB + r"\s+)*(?P<verb>" + statements._VERBS + r")\b")
    found = [(m.span(), m.group("verb")) for m in statements._VERB.finditer(s)]
    assert found == [(m.span(), m.group("verb")) for m in plain.finditer(s)]
    region = statements._Region(0, len(s), None)
    assert statements._VerbSpans(s).within(region) or not found


@settings(max_examples=300)
@given(text, st.sampled_from(SURNAMES))
def test_surname_scans(s: str, surname: str) -> None:
    name = "(?i:" + re.escape(surname) + ")"
    given_first = re.compile(r"(?=[A-Z])(?<![\w’'-])((?:[A-Z][\w’'-]*\.?[ \u00a0]+){1,2})(" + name + r")\b")
    initial = re.compile(r"(?=[A-Z])(?<![\w’'-])([A-Z][\w’'-]*[ \u00a0]+(?:[A-Z]\.[ \u00a0]+)?)" + name + r"\b")
    surname_first = re.compile(r"(?<![\w’'-])(" + name + r")((?:[ \u00a0]+[A-Z][a-z][\w’'-]*){1,2})(?![\w’'-])")
    assert [tuple(f) for f in name_scan.given_surname(s, surname)] == [
        (m.start(), m.start(2), m.end()) for m in given_first.finditer(s)
    ]
    assert [tuple(f) for f in name_scan.given_initial_surname(s, surname)] == [
        (m.start(), m.end(1), m.end()) for m in initial.finditer(s)
    ]
    assert [tuple(f) for f in name_scan.surname_given(s, surname)] == [
        (m.start(), m.start(2), m.end()) for m in surname_first.finditer(s)
    ]


@settings(max_examples=300)
@given(st.text(max_size=30))
def test_word_key_of_any_text(s: str) -> None:
    assert word_key(s) == "".join(map(_key_char, s))  # the key character by character


@settings(max_examples=300)
@given(st.text(alphabet="ab _-é1.中ßİ", max_size=4), st.text(alphabet="ab _-é1.中ßİ", max_size=12))
def test_whole_words_without_a_pattern(part: str, s: str) -> None:
    assert turn_labels._stands_in(part, s) == bool(re.search(rf"(?<!\w){re.escape(part)}(?!\w)", s))


@settings(max_examples=200)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=12),
    st.booleans(),
    st.integers(0, 60),
    st.integers(1, 30),
)
def test_bold_start_by_bisection(runs: list[tuple[int, int]], ordered: bool, start: int, length: int) -> None:
    spans = tuple(Sentence(start=a, end=a + n) for a, n in (sorted(runs) if ordered else runs))  # pages: in order
    doc = Document(id="p", source="p.html", format="html", text="x" * 100, emphasis=spans)
    end = start + length
    covered, expected = 0, None
    for span in spans:  # the plain loop over every run
        if span.end <= start or span.start >= end:
            continue
        if not covered and span.start > start + 2:
            expected = False
            break
        covered += min(span.end, end) - max(span.start, start)
    if expected is None:
        expected = covered >= 0.6 * (end - start)
    assert turn_labels._bold_start(doc, start, end) == expected


@settings(max_examples=300)
@given(text)
def test_label_patterns_need_a_colon_or_a_bare_q_or_a(s: str) -> None:
    """`_read_label` returns early on a paragraph without a colon that does not open with Q or A."""
    if ":" in s or "：" in s or s[:1] in ("Q", "A"):
        return
    for pattern in (turn_labels._ASKER_BRACKET, turn_labels._QA_NAMED, turn_labels._QA_COLON,
                    turn_labels._QA_BARE, turn_labels._ZH_LABEL, turn_labels._LABEL):  # fmt: skip
        assert pattern.match(s) is None


@settings(max_examples=300)
@given(text)
def test_urls_and_cue_counts(s: str) -> None:
    assert [m.span() for m in origin._urls(s)] == [m.span() for m in origin._URL.finditer(s)]
    for pattern, _, _ in origin._CUES:
        assert origin._count(pattern, s) == len(pattern.findall(s))


@settings(max_examples=300)
@given(text)
def test_dates_and_sentence_ends(s: str) -> None:
    plain_any = meta._ANY.replace(r"(?:(?=[A-Z\d])", "(?:", 1)
    plain = re.compile(meta._EVENT_DATE.pattern.replace(meta._ANY, plain_any))
    assert [m.span() for m in meta._EVENT_DATE.finditer(s)] == [m.span() for m in plain.finditer(s)]
    first_then_rest = re.compile(
        r"(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<=[^\sA-Z.][.!?])\s+(?=[A-Z“\"‘])"
    )
    assert meta._SENTENCE_END.split(s) == first_then_rest.split(s)
    assert meta._qa(s) == bool(meta._QA.search(s))


ENDS = st.lists(st.sampled_from([*"。！？.!?…\"”’')]」』） \nA0a中“‘([", "Mr", "e.g", " The", "the"]), max_size=14).map(
    "".join
)


@settings(max_examples=400)
@given(ENDS, st.integers(0, 40), st.integers(0, 40))
def test_sentence_ends_from_one_class(s: str, a: int, b: int) -> None:
    plain = re.compile(r"[。！？]+[”’」』）)]*|[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[A-Z0-9\u3400-\u9fff]|\s*$)")
    start, end = min(a, b, len(s)), min(max(a, b), len(s))
    assert _spans(sentences._END.finditer(s, start, end)) == _spans(plain.finditer(s, start, end))


@settings(max_examples=400)
@given(
    st.lists(
        st.sampled_from(["The", "the", "first", "Second", "is", "to", " ", "  ", "\n", "breathe", ","]), max_size=12
    ).map("".join)
)
def test_point_markers_with_articles_only_before_an_ordinal(s: str) -> None:
    plain = re.compile(
        points._WORD_CANDIDATE.pattern.replace(f"The{points._THE_TAIL}|the{points._THE_TAIL}", "The|the")
    )
    assert plain.pattern != points._WORD_CANDIDATE.pattern
    kept = [m.start() for m in points._WORD_CANDIDATE.finditer(s)]
    every = [m.start() for m in plain.finditer(s)]
    assert set(kept) <= set(every)
    assert [p for p in every if points._POINT.match(s, p)] == [p for p in kept if points._POINT.match(s, p)]
