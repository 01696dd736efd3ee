"""Bytes to text: BOMs, UTF-8, UTF-16 without BOM, GB18030, cp1252; binary files refused."""

from __future__ import annotations

import codecs
import re

from dipcorpus.errors import E, IngestError

__all__ = ["decode_bytes"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_HTML_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.IGNORECASE)


# Characters real documents almost never hold: controls, private use, presentation forms, specials, BOMs inside.
_UNLIKELY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ue000-\uf8ff\ufb50-\ufdff\ufe70-\ufeff\ufff0-\uffff]")
_SPACE = re.compile(r"\s")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def _looks_binary(text: str) -> bool:
    """Decoded bytes that are not text: many controls or unlikely characters, or no spaces in non-CJK text."""
    sample = text[:16384]
    if not sample:
        return False
    n = len(sample)
    if len(_CONTROL.findall(sample)) > 0.01 * n or len(_UNLIKELY.findall(sample)) > 0.05 * n:
        return True
    spaces = sample.count(" ") + sample.count("\n")
    return (
        n > 200 and spaces < 0.01 * n and len(_SPACE.findall(sample)) < 0.01 * n and len(_CJK.findall(sample)) < 0.5 * n
    )


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    encoding = "utf-16-le" if odd_nuls > 0.4 > even_nuls else "utf-16-be" if even_nuls > 0.4 > odd_nuls else None
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_bytes(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Decode `data`; return (text, encoding). Raise IngestError for empty or binary input."""
    if not data.strip():
        raise IngestError(E.E101)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            if _looks_binary(text):
                raise IngestError(E.E102)
            return text, _lossy(text, data, encoding)
    if b"\x00" in data[:65536]:
        wide = _utf16_without_bom(data)
        if wide is None or _looks_binary(wide):
            raise IngestError(E.E102)
        return wide, "utf-16"
    candidates = ["utf-8"]
    if html:
        m = _HTML_CHARSET.search(data[:4096])
        if m:
            candidates.insert(0, m.group(1).decode("ascii").lower())
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_binary(text):
            raise IngestError(E.E102)
        return text, encoding
    return _guess(data)


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


_HIGH_RUN = re.compile(rb"[\x80-\xff]+")


def _single_high_bytes(data: bytes) -> bool:
    """Some non-ASCII bytes, (nearly) all of them alone between ASCII bytes."""
    runs = _HIGH_RUN.findall(data)
    if not runs:
        return False
    longer = sum(1 for run in runs if len(run) > 1)
    return longer <= 0.05 * len(runs)


def _guess(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    if len(_UTF8_MULTIBYTE.findall(data[:1_000_000])) >= 3:
        # Mostly UTF-8 with a few bad bytes: keep the text, say how many bytes were replaced.
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        if bad <= 0.01 * len(text) and not _looks_binary(text):
            return text, f"utf-8 ({bad} invalid bytes replaced)"

    if _single_high_bytes(data[:1_000_000]):
        # Latin text with a few accented letters: each non-ASCII byte stands alone, which a
        # double-byte CJK encoding (big5, GB18030, Shift JIS) almost never shows.
        text = data.decode("cp1252", errors="replace")
        if not _looks_binary(text):
            return text, _lossy(text, data, "cp1252")
    best = from_bytes(data[:1_000_000], cp_isolation=["gb18030", "cp1252", "big5", "shift_jis", "cp1251"]).best()
    encoding = best.encoding if best is not None else None
    if encoding is None:
        # A mostly-valid UTF-8 text with a few bad bytes is still text.
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") > 0.05 * len(text) or _looks_binary(text):
            raise IngestError(E.E103)
        return text, _lossy(text, data, "utf-8")
    text = data.decode(encoding, errors="replace")
    if _looks_binary(text):
        raise IngestError(E.E102)
    return text, _lossy(text, data, encoding)


def _lossy(text: str, data: bytes, encoding: str) -> str:
    """`encoding`, with the number of bytes it could not decode (each became U+FFFD) when there are
    any: lossy decoding is reported, never silent."""
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    return f"{encoding} ({bad} invalid bytes replaced)" if bad > 0 else encoding
