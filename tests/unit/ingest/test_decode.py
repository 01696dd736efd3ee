from __future__ import annotations

import codecs

import pytest

from dipcorpus.errors import IngestError
from dipcorpus.ingest.decode import decode_bytes

SAMPLE = "Invented: 外交部发言人 said “hello” — café"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),
        SAMPLE.encode("utf-16-le"),
    ],
)
def test_decode_unicode_encodings(data: bytes) -> None:
    text, _ = decode_bytes(data)
    assert text.lstrip("\ufeff") == SAMPLE


def test_decode_gb18030() -> None:
    text = "外交部发言人在例行记者会上回答了记者的提问。" * 5
    decoded, _ = decode_bytes(text.encode("gb18030"))
    assert decoded == text


def test_decode_cp1252() -> None:
    text = "The minister’s café visit – an invented sentence about the régime of talks. " * 3
    decoded, _ = decode_bytes(text.encode("cp1252"))
    assert decoded == text


def test_decode_invalid_utf8_replaced_and_said() -> None:
    data = ("Invented text with é and ü and ö characters. " * 20).encode("utf-8") + b"\xff\xfe bad"
    text, encoding = decode_bytes(data)
    assert "replaced" in encoding and "Invented text" in text


@pytest.mark.parametrize("data", [b"", b"   \n"])
def test_decode_empty_refused(data: bytes) -> None:
    with pytest.raises(IngestError, match="E101"):
        decode_bytes(data)


def test_decode_binary_refused() -> None:
    with pytest.raises(IngestError, match="E102"):
        decode_bytes(bytes(range(256)) * 50)
