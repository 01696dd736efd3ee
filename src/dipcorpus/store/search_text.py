"""What the full-text index reads for a passage, and how its words are counted (Chinese included).

FTS5's `unicode61` tokenizer (and tantivy, which must give the same tokens) reads a run of Chinese
characters without spaces as one token, so part of a Chinese sentence could not be found. A passage
with Chinese characters is therefore indexed as `index_text(text)` (stored as `passages.ftext`): the
same text with two invisible marks inserted, never replacing a character:

- `SEP` (U+001F, a separator for both engines) next to every Chinese character that touches another
  letter or digit, so each Chinese character is a token of its own: a Chinese query, split the same
  way, is a phrase of characters and matches every passage that contains it as a substring, however
  the segmenter would cut the words around it (measured in docs/evaluation.md: cutting the index
  into the segmenter's words found 60% of the passages that contain a random Chinese string);
- `BARRIER` (U+10FFFD, a private-use code point: a token character for both engines that no query
  holds) after punctuation next to a Chinese character, so a phrase does not run on across
  `，` or `。` (`同时我` does not match `同时，我`), as a substring would not.

Removing both marks gives the passage text back, offsets included (`plain`, and `unmarked_sql` for
snippets and highlights made by SQLite). English passages have no `ftext` and are indexed as before.

Words (`count_words`, the denominator of every rate per 10,000 words): the project's segmenter
(`annotate.zh_segment`) counts the Chinese words, `\\w+` counts the rest.
"""

from __future__ import annotations

import re

from dipcorpus.annotate.zh_segment import CJK_RUN, has_cjk, zh_word_spans

__all__ = ["BARRIER", "SEP", "count_words", "index_text", "plain", "unmarked_sql"]

SEP = "\x1f"
BARRIER = "\U0010fffd"
_CJK = CJK_RUN.pattern.removesuffix("+")  # one Chinese character
_TOKEN = r"\w\ue000-\uf8ff\U000f0000-\U0010ffff"  # characters of a token: letters, digits, private use
_PUNCT_GAP = rf"[^{_TOKEN}]*[^{_TOKEN}\s][^{_TOKEN}]*"  # between two tokens, not only spaces
_GAP = re.compile(rf"(?<={_CJK}){_PUNCT_GAP}|{_PUNCT_GAP}(?={_CJK})")
_TOUCH = re.compile(rf"(?<={_CJK})(?=[{_TOKEN}])|(?<=[{_TOKEN}])(?={_CJK})")
_OWN_MARKS = str.maketrans({SEP: " ", BARRIER: " "})
_WORD = re.compile(r"\w+")


def index_text(text: str) -> str | None:
    """`text` as the index reads it, or None when it has no Chinese character (then the text itself
    is indexed). A mark already in `text` becomes a space, so that `plain` keeps its length."""
    if not has_cjk(text):
        return None
    text = text.translate(_OWN_MARKS)
    text = _GAP.sub(lambda m: m.group() + BARRIER + SEP, text)
    return _TOUCH.sub(SEP, text)


def plain(text: str) -> str:
    """`index_text` output (or a snippet of it) without the marks."""
    return text.replace(SEP, "").replace(BARRIER, "")


def unmarked_sql(expr: str) -> str:
    """SQL for `expr` (a snippet or highlight of `passages_fts`) without the marks, when the passage
    `p` has an `ftext` (an English passage's text is left exactly as it is)."""
    return f"CASE WHEN p.ftext IS NULL THEN {expr} ELSE replace(replace({expr}, char(31), ''), char(1114109), '') END"


def count_words(text: str) -> int:
    """Words of `text`: the segmenter's words in Chinese runs, `\\w+` runs elsewhere."""
    if not has_cjk(text):
        return len(_WORD.findall(text))
    return len(_WORD.findall(CJK_RUN.sub(" ", text))) + sum(1 for _ in zh_word_spans(text))
