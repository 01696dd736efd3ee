"""Chinese names of countries for `_build_countries`: CLDR through babel (zh, zh_Hant, zh_Hant_HK) and
the ISO 3166-1 translations pycountry ships (zh_CN, zh_TW, zh_HK), every form turned into simplified
script with OpenCC (t2s), plus the small overlay below: forms the ministry uses that neither source
has, names dropped because they are also common words or name syllables, and capitals.

Matching works on simplified text (traditional pages are converted at match time), so the Taiwan and
Hong Kong forms (纽西兰, 义大利) are kept in their simplified spelling as extra names.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from functools import cache

__all__ = ["ZH_CAPITALS", "zh_capitals", "zh_names"]

# Forms the ministry uses that CLDR and ISO's translations do not give.
ZH_ALIASES: dict[str, list[str]] = {
    "HKG": ["中国香港", "香港特区"],
    "MAC": ["中国澳门", "澳门特区"],
    "TWN": ["中国台湾", "台湾地区", "台湾省"],
    "JPN": ["日本国"],
    "SAU": ["沙特"],
    "BIH": ["波黑"],
    "PNG": ["巴新"],
    "DOM": ["多米尼加"],
    "MKD": ["马其顿"],
    "VAT": ["教廷", "梵蒂冈城国"],
    "XKX": ["科索沃"],
}

# Names that are also common words, parts of other names or transliterated given names: not matched.
# 中非 is China-Africa far more often than the Central African Republic (中非共和国 stays).
ZH_DROP = frozenset({"中非", "狮子山", "泽西", "东加", "马利", "卡达", "查德", "乔治亚", "尼日", "萌岛"})

# Capitals as metonyms for governments (the English overlay's CAPITALS, in Chinese); matched only
# where they read as the government ("华盛顿方面").
ZH_CAPITALS: dict[str, list[str]] = {
    "USA": ["华盛顿"],
    "MEX": ["墨西哥城"],
    "CHN": ["北京"],
    "RUS": ["莫斯科", "克里姆林宫"],
    "GBR": ["伦敦"],
    "JPN": ["东京"],
    "KOR": ["首尔"],
    "PRK": ["平壤"],
    "FRA": ["巴黎"],
    "DEU": ["柏林"],
    "IND": ["新德里"],
    "PAK": ["伊斯兰堡"],
    "IRN": ["德黑兰"],
    "TUR": ["安卡拉"],
    "UKR": ["基辅"],
    "KAZ": ["阿斯塔纳", "努尔苏丹"],
    "KGZ": ["比什凯克"],
    "TJK": ["杜尚别"],
    "UZB": ["塔什干"],
    "TKM": ["阿什哈巴德"],
    "MNG": ["乌兰巴托"],
    "AFG": ["喀布尔"],
    "TWN": ["台北"],
    "AUS": ["堪培拉"],
    "CAN": ["渥太华"],
    "ISR": ["特拉维夫"],
    "SAU": ["利雅得"],
    "PHL": ["马尼拉"],
    "VNM": ["河内"],
    "IDN": ["雅加达"],
    "THA": ["曼谷"],
    "MMR": ["内比都"],
    "BLR": ["明斯克"],
    "SYR": ["大马士革"],
    "EGY": ["开罗"],
    "BRA": ["巴西利亚"],
}

_CLDR_LOCALES = ("zh", "zh_Hant", "zh_Hant_HK")
_ISO_LOCALES = ("zh_CN", "zh_TW", "zh_HK")
_SPACES = re.compile(r"\s+")


@cache
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def _clean(name: str) -> str:
    """Simplified script, no spaces, full-width parentheses (the form Chinese text uses)."""
    name = _SPACES.sub("", _t2s().convert(name))
    return name.replace("(", "（").replace(")", "）")


@cache
def _cldr() -> tuple[dict[str, str], ...]:
    import babel

    return tuple(dict(babel.Locale.parse(code).territories) for code in _CLDR_LOCALES)


@cache
def _iso() -> tuple[gettext.NullTranslations, ...]:
    import pycountry

    return tuple(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[code]) for code in _ISO_LOCALES)


def _raw_names(alpha2: str, iso_names: list[str]) -> Iterator[str]:
    for table in _cldr():
        if alpha2 in table:
            yield table[alpha2]
    for translation in _iso():
        for english in iso_names:
            translated = translation.gettext(english)
            if translated != english:
                yield translated


def zh_names(alpha3: str, alpha2: str | None, iso_names: list[str]) -> list[str]:
    """The Chinese names of a country (simplified script), CLDR's first, then ISO's translations of
    `iso_names` (pycountry's name, common and official names), then the overlay."""
    raw = list(_raw_names(alpha2, iso_names)) if alpha2 else []
    names = [_clean(n) for n in [*raw, *ZH_ALIASES.get(alpha3, [])]]
    return [n for n in dict.fromkeys(names) if n and n not in ZH_DROP]


def zh_capitals(alpha3: str) -> list[str]:
    return list(ZH_CAPITALS.get(alpha3, []))
