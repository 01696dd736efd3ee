"""The value of a `lang:` filter: a language code (`zh`, `zh-CN`, `ZH`, ISO 639-2 `chi`/`zho`), or a
language's name in English or Chinese as CLDR spells it (`Chinese`, `中文`, `English`, `英语`, read
through babel). Both engines compare the code with the primary subtag of the document's language
(`zh-CN` is `zh`)."""

from __future__ import annotations

import functools

__all__ = ["language_code", "primary_subtag"]


def primary_subtag(value: str) -> str:
    """`zh-CN`, `ZH_cn` → `zh` (what a document's stored language is compared by)."""
    return value.strip().replace("_", "-").split("-")[0].lower()


@functools.cache
def _names() -> dict[str, str]:
    """Casefolded language name (CLDR, in Chinese and in English) → its primary subtag."""
    from babel import Locale

    out: dict[str, str] = {}
    for ui in ("zh", "en"):  # English names win where both spell a name the same way
        for code, name in Locale(ui).languages.items():
            out[name.casefold()] = primary_subtag(code)
    return out


def language_code(value: str) -> str:
    """The code a `lang:` value names: a code's primary subtag (a three-letter ISO 639 code mapped
    to its two-letter one where there is one), or a language name by CLDR; else the value lower-cased."""
    code = primary_subtag(value)
    if code.isascii() and code.isalpha() and 2 <= len(code) <= 3:
        return _two_letter(code) if len(code) == 3 else code
    return _names().get(" ".join(value.split()).casefold(), value.strip().lower())


@functools.cache
def _two_letter(code: str) -> str:
    import pycountry

    found = pycountry.languages.get(alpha_3=code) or pycountry.languages.get(bibliographic=code)
    return str(getattr(found, "alpha_2", code)) if found is not None else code
