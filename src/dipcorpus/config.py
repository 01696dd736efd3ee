"""Every setting, declared once: name, default, help. Stages take the values they need as arguments."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SETTINGS", "Setting", "default", "int_default"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Setting:
    name: str
    default: int | float | str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="max_file_bytes", default=64 * 1024 * 1024, help="Largest single file ingested, in bytes (--max-file-mb)."
    ),
    Setting(name="max_archive_members", default=20_000, help="Most members read from one archive."),
    Setting(
        name="max_archive_bytes",
        default=2 * 1024 * 1024 * 1024,
        help="Most uncompressed bytes read from one archive (archive-bomb guard).",
    ),
    Setting(
        name="max_compression_ratio",
        default=200,
        help="Largest uncompressed/compressed ratio accepted for an archive member (archive-bomb guard).",
    ),
    Setting(name="max_archive_depth", default=2, help="How deep archives inside archives are opened."),
    Setting(
        name="max_document_seconds",
        default=50,
        help="Time budget of one document through every stage; past it the document is refused (E205).",
    ),
    Setting(
        name="max_document_mb",
        default=1024,
        help="Memory budget of one document through every stage (growth of the process, in MB); past it "
        "the document is refused (E208).",
    ),
    Setting(
        name="max_document_annotations",
        default=150_000,
        help="Most sentences, turns, statements, points, entities and formulations one document may hold; "
        "past it the document is refused (E209) before it is stored.",
    ),
    Setting(
        name="misread_min_count",
        default=200,
        help="How common (word-list count) a word must be before an OCR misread is corrected to it.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def default(name: str) -> int | float | str:
    return _BY_NAME[name].default


def int_default(name: str) -> int:
    value = _BY_NAME[name].default
    if not isinstance(value, int):
        raise TypeError(f"setting {name} is not an integer")
    return value
