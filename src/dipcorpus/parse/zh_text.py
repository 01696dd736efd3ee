"""Chinese-text helpers shared by the parse stages: the simplified script of a label or title (OpenCC
't2s', so a Hong Kong, Macao or Taiwan page reads like a mainland one) and CLDR's Chinese country
names (through babel), which mark a reporter's nationality ('俄罗斯记者') or an outlet's ('日本共同社')."""

from __future__ import annotations

import functools
import re

import opencc

__all__ = ["has_cjk", "simplified", "zh_country_names"]

_CJK = re.compile(r"[\u3400-\u9fff]")


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


@functools.lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=8192)
def simplified(text: str) -> str:
    """`text` in simplified Chinese script; text without Chinese characters unchanged."""
    return str(_t2s().convert(text)) if has_cjk(text) else text


@functools.lru_cache(maxsize=1)
def zh_country_names() -> tuple[str, ...]:
    """CLDR's Chinese country and territory names (simplified script), longest first."""
    from babel import Locale

    names = {name for name in Locale.parse("zh").territories.values() if len(name) >= 2}
    return tuple(sorted(names, key=len, reverse=True))
