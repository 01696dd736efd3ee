"""Passages are bounded (#15): a huge one-line paragraph or turn becomes passages of at most
MAX_PASSAGE_CHARS, cut at a sentence end where there is one, covering the text without gaps."""

from __future__ import annotations

from dipcorpus.index.passages import MAX_PASSAGE_CHARS, split_passages


def test_a_huge_paragraph_is_cut_at_sentence_ends() -> None:
    text = "The invented ministry said peace. " * 3000 + "\n\nA short invented closing line."
    passages = split_passages(text, [])
    assert len(passages) > 3 and all(p["end"] - p["start"] <= MAX_PASSAGE_CHARS for p in passages)
    assert all(text[p["end"] - 1] == "." for p in passages)
    covered = "".join(text[p["start"] : p["end"]] for p in passages).replace(" ", "")
    assert covered == text.replace(" ", "").replace("\n", "")
    assert [p["n"] for p in passages] == list(range(1, len(passages) + 1))


def test_a_long_turn_keeps_its_speaker_in_every_piece_and_text_without_spaces_is_cut_at_the_limit() -> None:
    text = "Q: Invented?\n\nA: " + "x" * (2 * MAX_PASSAGE_CHARS + 5)
    turns = [
        {"speaker": "Reporter", "role": "question", "start": 3, "end": 12},
        {"speaker": "Invented Official", "role": "answer", "start": 17, "end": len(text)},
    ]
    answers = [p for p in split_passages(text, turns) if p["role"] == "answer"]
    assert len(answers) == 3 and {p["speaker"] for p in answers} == {"Invented Official"}
    assert [p["end"] - p["start"] for p in answers] == [MAX_PASSAGE_CHARS, MAX_PASSAGE_CHARS, 5]
