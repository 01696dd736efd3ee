"""Translation pairs and their turn alignment on invented bilingual samples (tests/support/bilingual.py)."""

from __future__ import annotations

import dataclasses

from dipcorpus.link.translation import TRANSLATION, evidence, pair_score, pair_side, translation_pairs
from dipcorpus.link.translation import TranslationConfig as Cfg
from dipcorpus.link.turn_align import align_documents
from dipcorpus.linking import entity_names
from dipcorpus.model import Document
from support.bilingual import (
    EN_TURNS,
    ZH_TURNS,
    chinese_conference,
    chinese_remarks,
    chinese_split_conference,
    english_conference,
    make_doc,
)

NAMES = entity_names()


def _pairs(*docs: Document) -> set[tuple[str, str]]:
    sides = [s for s in (pair_side(d) for d in docs) if s is not None]
    links = translation_pairs(sides, NAMES)
    assert all(k.kind == TRANSLATION and k.a_start is None for k in links)
    return {(k.a_doc, k.b_doc) for k in links}


def test_the_two_pages_of_one_press_conference_are_a_pair() -> None:
    en, zh = english_conference(), chinese_conference()
    assert _pairs(zh, en) == {(en.id, zh.id)}  # the English page (language sorts first) is a_doc
    found = evidence(pair_side(en), pair_side(zh), NAMES, cfg=Cfg())  # type: ignore[arg-type]
    assert found["names"] == 1.0  # Kenya, Brazil, France... found in Chinese through CLDR and the KB
    assert found["turns"] == 1.0 and found["title_date"] == 1.0 and found["length"] > 0.8


def test_a_same_day_remarks_page_is_not_linked() -> None:
    en, zh, remarks = english_conference(), chinese_conference(), chinese_remarks()
    assert _pairs(en, zh, remarks) == {(en.id, zh.id)}
    assert _pairs(en, remarks) == set()  # a press conference is never a remarks page
    untyped = chinese_remarks(event_type=None)  # type unknown: the content says it is another event
    score = pair_score(pair_side(en), pair_side(untyped), NAMES, cfg=Cfg())  # type: ignore[arg-type]
    assert score is not None and score < Cfg().threshold
    assert _pairs(en, untyped) == set()


def test_a_traditional_script_page_pairs_too() -> None:
    import opencc

    en, zh = english_conference(), chinese_conference()
    traditional = dataclasses.replace(zh, text=opencc.OpenCC("s2t").convert(zh.text), language="zh-Hant")
    assert len(traditional.text) == len(zh.text) and traditional.text != zh.text
    found = evidence(pair_side(en), pair_side(traditional), NAMES, cfg=Cfg())  # type: ignore[arg-type]
    assert found["names"] == 1.0  # 肯尼亞, 巴西, 法國 through OpenCC
    assert _pairs(en, traditional) == {(en.id, zh.id)}
    assert _pairs(zh, traditional) == set()  # two scripts of one language are not a translation


def test_a_pair_never_links_two_days() -> None:
    en = english_conference()
    assert _pairs(en, chinese_conference(date="2031-03-15")) == set()
    assert _pairs(en, chinese_conference(date=None)) == set()


def test_same_language_pages_are_never_a_translation() -> None:
    en = english_conference()
    other = dataclasses.replace(english_conference("en00000000other"), title="Another invented title")
    assert _pairs(en, other) == set()


def test_a_second_copy_of_a_page_joins_its_twins_partner() -> None:
    en, zh = english_conference(), chinese_conference()
    copy = english_conference("en000000000copy")
    assert _pairs(en, copy, zh) == {(en.id, zh.id), (copy.id, zh.id)}


def test_alignment_of_equal_turns_is_one_to_one() -> None:
    steps = align_documents(english_conference(), chinese_conference(), NAMES)
    assert [(s.a_first, s.a_last, s.b_first, s.b_last) for s in steps] == [(n, n, n, n) for n in range(1, 6)]
    assert [s.role for s in steps] == [role for role, _, _ in EN_TURNS]
    assert all(s.score > 0.6 and s.unit == "turn" for s in steps)


def test_alignment_keeps_a_split_turn_together() -> None:
    steps = align_documents(english_conference(), chinese_split_conference(), NAMES)
    groups = [(s.a_first, s.a_last, s.b_first, s.b_last) for s in steps]
    assert groups == [(1, 1, 1, 1), (2, 2, 2, 2), (3, 3, 3, 4), (4, 4, 5, 5), (5, 5, 6, 6)]
    split = steps[2]
    zh = chinese_split_conference()
    assert (split.b_start, split.b_end) == (zh.turns[2].start, zh.turns[3].end)


def test_alignment_leaves_an_omitted_turn_alone() -> None:
    # invented: the Chinese page leaves out the opening statement and the last question and answer
    zh = make_doc("zh000000omitted", "zh", ZH_TURNS[1:3], title="2031年3月14日外交部发言人林梅主持例行记者会")
    steps = align_documents(english_conference(), zh, NAMES)
    groups = [(s.a_first, s.b_first) for s in steps]
    assert groups == [(1, None), (2, 1), (3, 2), (4, None), (5, None)]
    assert [s.n for s in steps] == [1, 2, 3, 4, 5]


def test_alignment_without_turns_goes_by_paragraph() -> None:
    en, zh = english_conference(), chinese_conference()
    steps = align_documents(dataclasses.replace(en, turns=()), zh, NAMES)
    assert steps and all(s.unit == "paragraph" for s in steps)
    assert [(s.a_first, s.b_first) for s in steps] == [(n, n) for n in range(1, 6)]
