"""Read files, folders, archives and row exports into loaded (not yet cleaned) Documents.

A loaded Document has `raw` (the decoded source), `text` (what cleaning starts from) with its
offsets into `raw`, and whatever metadata the format itself carries. Nothing here raises for a
bad file: each file or row yields a `LoadResult` with either a document or a coded reason.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import logging
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from dipcorpus.config import int_default
from dipcorpus.errors import E, IngestError
from dipcorpus.ingest.decode import decode_bytes
from dipcorpus.ingest.literal import Unwrapped, unwrap_bytes_literal
from dipcorpus.ingest.sidecar import is_speaker_table, sidecar_speaker
from dipcorpus.ingest.textmap import compose_maps, identity_map
from dipcorpus.model import Document, Removal, Segment, Sentence, format_date, raw_offset
from dipcorpus.sources.apply import text_fields
from dipcorpus.sources.profiles_io import Profile, find_profile

__all__ = ["Columns", "LoadLimits", "LoadResult", "format_of", "iter_files", "path_text", "read_paths"]

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
MD_SUFFIXES = {".md", ".markdown"}
ROW_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
ARCHIVE_SUFFIXES = {".zip"}
BYTES_LITERAL = "bytes-literal"  # header["body"] of a page whose body was saved as a b'...' literal


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadLimits:
    max_file_bytes: int = int_default("max_file_bytes")
    max_archive_members: int = int_default("max_archive_members")
    max_archive_bytes: int = int_default("max_archive_bytes")
    max_compression_ratio: int = int_default("max_compression_ratio")
    max_archive_depth: int = int_default("max_archive_depth")
    # how to read a file whose extension names no known format ('txt', 'html' ...); None refuses it (E104)
    unknown_as: str | None = None
    # read a symbolic link found in a folder that points outside the folders given (refused otherwise, E116)
    follow_symlinks: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Columns:
    """Which columns of a row export hold what; None means: detect."""

    text: str | None = None
    title: str | None = None
    date: str | None = None
    published: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadResult:
    source: str
    format: str
    doc: Document | None = None
    error: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    path: str | None = None  # the file on disk this came from (an archive or export for members and rows)
    data: bytes = b""  # the raw bytes of this document (the row's bytes for a row export)


def _doc_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def format_of(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MD_SUFFIXES:
        return "md"
    if suffix == ".pdf":
        return "pdf"
    if suffix in ROW_SUFFIXES:
        return suffix.lstrip(".").replace("ndjson", "jsonl")
    if suffix in ARCHIVE_SUFFIXES:
        return "zip"
    if suffix in TEXT_SUFFIXES:
        return "txt"
    return "unknown"


def iter_files(
    paths: Iterable[Path], *, follow_symlinks: bool = False, refused: list[LoadResult] | None = None
) -> Iterator[Path]:
    """Every file under `paths`, as an absolute path, in a stable order (hidden files and folders
    skipped). A symbolic link inside a folder that leads outside the folders given is left out
    unless `follow_symlinks`; it is added to `refused` (E116) when a list is given. A file named
    directly is read wherever it points."""
    given = [Path(os.path.abspath(path)) for path in paths]
    roots = [path.resolve() for path in given if path.is_dir()]
    for path in given:
        if not path.is_dir():
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                found = Path(root) / name
                if not follow_symlinks and found.is_symlink() and not _inside(found.resolve(), roots):
                    if refused is not None:
                        label = path_text(found)
                        refused.append(LoadResult(source=label, format=format_of(name), error=E.E116.format()))
                    continue
                yield found


def _inside(target: Path, roots: list[Path]) -> bool:
    return any(target == root or root in target.parents for root in roots)


def path_text(path: Path) -> str:
    """`path` as text that can be stored: a file name that is not UTF-8 keeps its bytes as
    backslash escapes (b'caf\\xe9.txt' becomes 'caf\\xe9.txt') instead of stopping the batch."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return text


def read_paths(
    paths: Iterable[Path], *, limits: LoadLimits | None = None, columns: Columns | None = None
) -> Iterator[LoadResult]:
    """Every document under `paths` (files, folders recursively, .zip archives), in a stable order."""
    limits = limits or LoadLimits()
    columns = columns or Columns()
    refused: list[LoadResult] = []
    for path in iter_files(paths, follow_symlinks=limits.follow_symlinks, refused=refused):
        yield from refused
        refused.clear()
        if path.exists():
            yield from _read_file(path, limits, columns)
        else:
            missing = E.E111.format(reason="no such file or folder")
            yield LoadResult(source=path_text(path), format="unknown", error=missing)
    yield from refused


def _read_file(path: Path, limits: LoadLimits, columns: Columns) -> Iterator[LoadResult]:
    label = path_text(path)
    renamed = ("file name is not UTF-8: its bytes are kept as backslash escapes",) if label != str(path) else ()
    fmt = format_of(path.name)
    if fmt == "unknown" and limits.unknown_as:
        fmt = limits.unknown_as
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes and fmt != "zip":
            raise IngestError(E.E108, size=size, limit=limits.max_file_bytes)
        data = path.read_bytes()
    except IngestError as exc:
        yield LoadResult(source=label, format=fmt, error=str(exc), path=label)
        return
    except OSError as exc:
        yield LoadResult(source=label, format=fmt, error=E.E111.format(reason=exc.strerror or str(exc)), path=label)
        return
    for result in _load_bytes(label, data, fmt, limits, columns, depth=0):
        if result.doc is not None and fmt == "txt" and not result.doc.header.get("speaker"):
            result = _with_sidecar(result, path)
        if renamed:
            result = replace(result, warnings=(*renamed, *result.warnings))
        yield result if result.path else _with_path(result, label)


def _with_sidecar(result: LoadResult, path: Path) -> LoadResult:
    """The speaker a table beside the file names (`ingest/sidecar.py`), in the header."""
    found = sidecar_speaker(path)
    if found is None or result.doc is None:
        return result
    header = {**result.doc.header, "speaker": found[0]}
    if found[1]:
        header["speaker.post"] = found[1]
    return replace(result, doc=replace(result.doc, header=header))


def _with_path(result: LoadResult, path: str) -> LoadResult:
    return LoadResult(
        source=result.source,
        format=result.format,
        doc=result.doc,
        error=result.error,
        warnings=result.warnings,
        path=path,
        data=result.data,
    )


def _load_bytes(
    label: str, data: bytes, fmt: str, limits: LoadLimits, columns: Columns, *, depth: int
) -> Iterator[LoadResult]:
    try:
        if fmt == "zip":
            yield from _load_zip(label, data, limits, columns, depth=depth)
        elif fmt in ("jsonl", "csv"):
            yield from _load_rows(label, data, fmt, columns)
        else:
            loader = _LOADERS.get(fmt, _load_unknown)
            doc, warnings = loader(label, data)
            if doc.format != "html":
                doc = _with_profile(doc)
            yield LoadResult(source=label, format=doc.format, doc=doc, warnings=warnings, data=data)
    except IngestError as exc:
        yield LoadResult(source=label, format=fmt, error=str(exc))
    except Exception as exc:
        yield LoadResult(source=label, format=fmt, error=E.E111.format(reason=f"{type(exc).__name__}: {exc}"))


def _decode_warning(encoding: str) -> tuple[str, ...]:
    return (f"decoded as {encoding}",) if "replaced" in encoding else ()


def _plain(data: bytes, label: str, fmt: str, text: str, header: dict[str, str]) -> Document:
    """A loaded document whose raw text is what cleaning starts from."""
    return Document(
        id=_doc_id(data), source=label, format=fmt, raw=text, text=text, offsets=identity_map(text), header=header
    )


def _load_text(label: str, data: bytes) -> tuple[Document, tuple[str, ...]]:
    text, encoding = decode_bytes(data)
    return _plain(data, label, "txt", text, {"encoding": encoding}), _decode_warning(encoding)


def _load_unknown(label: str, data: bytes) -> tuple[Document, tuple[str, ...]]:
    """A file whose extension names no format is refused, not guessed at (a .json or .log read as
    prose would fill the corpus with keys and log lines); `ingest --as txt` reads it as text."""
    raise IngestError(E.E104, suffix=Path(label).suffix or "(none)")


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)


def _load_md(label: str, data: bytes) -> tuple[Document, tuple[str, ...]]:
    text, encoding = decode_bytes(data)
    meta: dict[str, Any] = {}
    body_start = 0
    m = _FRONT_MATTER.match(text)
    if m:
        try:
            loaded = yaml.safe_load(m.group(1))
            meta = loaded if isinstance(loaded, dict) else {}
        except yaml.YAMLError:
            meta = {}
        body_start = m.end()
    body = text[body_start:]
    offsets = (Segment(clean_start=0, raw_start=body_start, clean_len=len(body), raw_len=len(body)),)
    header = {str(k): _scalar(v) for k, v in meta.items() if v is not None and str(k) not in ("title",)}
    header["encoding"] = encoding
    title = _scalar(meta.get("title")).replace("\xa0", " ").strip() if meta.get("title") else None
    doc = Document(
        id=_doc_id(data),
        source=label,
        format="md",
        raw=text,
        text=body,
        offsets=offsets,
        title=title,
        date=_iso(meta.get("date")),
        published=_iso(meta.get("published_time") or meta.get("published")),
        header=header,
        removals=(Removal(kind="front_matter", raw_start=0, raw_end=body_start, text=text[:body_start]),)
        if body_start
        else (),
    )
    return doc, _decode_warning(encoding)


def _scalar(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")


def _iso(value: Any) -> str | None:
    """A date value from metadata as 'YYYY-MM-DD' (or with ' HH:MM'); RFC 2822 dates too."""
    if value is None or value == "":
        return None
    text = str(value)
    m = _ISO.search(text)
    if m:
        y, mo, d, h, mi = m.groups()
        return format_date(int(y), int(mo), int(d), int(h) if h else None, int(mi) if mi else None)
    try:
        from email.utils import parsedate_to_datetime

        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return format_date(when.year, when.month, when.day, when.hour, when.minute)


def _load_html(label: str, data: bytes) -> tuple[Document, tuple[str, ...]]:
    from functools import partial

    from dipcorpus.ingest.html import extract_html

    text, encoding = decode_bytes(data, html=True)
    wrapped = unwrap_bytes_literal(text)
    html = wrapped.text if wrapped is not None else text
    profile = find_profile(label, html, {})
    extract = partial(extract_html, profile=profile)
    if wrapped is not None:
        doc = _html_document(_doc_id(data), label, html, encoding, extract, header={"body": BYTES_LITERAL})
        doc = _rewrapped(doc, text, wrapped)
    else:
        doc = _html_document(_doc_id(data), label, text, encoding, extract)
    return _with_profile(doc, profile), _decode_warning(encoding)


def _with_profile(doc: Document, profile: Profile | None = None) -> Document:
    """The document with the header hints of its site's profile (what the page itself showed wins)."""
    profile = profile or find_profile(doc.source, doc.raw, doc.header)
    if profile is None:
        return doc
    known = frozenset(" ".join(doc.header[k].split()) for k in ("creator", "author", "byline") if doc.header.get(k))
    return replace(doc, header={**text_fields(doc.text, profile, exclude=known), **doc.header})


def _rewrapped(doc: Document, raw: str, wrapped: Unwrapped) -> Document:
    """A document read from the unwrapped text, mapped back into the wrapped raw text."""
    inner = wrapped.offsets
    starts = [s.clean_start for s in inner]
    removals = []
    for r in doc.removals:
        a, b = raw_offset(inner, r.raw_start, starts), raw_offset(inner, r.raw_end, starts)
        removals.append(Removal(kind=r.kind, raw_start=a, raw_end=b, text=raw[a:b]))
    return replace(doc, raw=raw, offsets=compose_maps(doc.offsets, inner), removals=tuple(removals))


def _html_document(
    doc_id: str, label: str, html: str, encoding: str, extract: Callable[[str], Any], **fields: Any
) -> Document:
    try:
        page = extract(html)
    except Exception as exc:
        raise IngestError(E.E112, reason=f"{type(exc).__name__}: {exc}") from exc
    if page.listing:
        raise IngestError(E.E114, reason=page.listing)
    header = {k: str(v) for k, v in dict(page.meta).items() if v}
    header["encoding"] = encoding
    header.update(fields.pop("header", {}))
    return Document(
        id=doc_id,
        source=label,
        format=fields.pop("format", "html"),
        raw=html,
        text=page.text,
        offsets=page.offsets,
        title=fields.pop("title", None) or page.title,
        published=fields.pop("published", None) or page.published,
        language=page.language,
        header=header,
        emphasis=tuple(Sentence(start=a, end=b) for a, b in page.emphasis),
        removals=tuple(Removal(kind=k, raw_start=a, raw_end=b, text=html[a:b]) for k, a, b in page.removed),
        **fields,
    )


def _load_pdf(label: str, data: bytes) -> tuple[Document, tuple[str, ...]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    with _library_messages("pypdf") as said:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            pages = [page.extract_text() or "" for page in reader.pages]
        except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
            notes = f" ({'; '.join(said)})" if said else ""
            raise IngestError(E.E106, reason=f"{type(exc).__name__}: {exc}{notes}") from exc
    if not pages:
        raise IngestError(E.E106, reason="no pages")
    if not any(p.strip() for p in pages):
        raise IngestError(E.E105)
    text = "\n\f\n".join(pages)
    meta: dict[str, object] = dict(reader.metadata or {})
    header = {str(k).lstrip("/").lower(): str(v) for k, v in meta.items() if v}
    header["pages"] = str(len(pages))
    return _plain(data, label, "pdf", text, header), tuple(f"pdf reader: {m}" for m in said)


@contextlib.contextmanager
def _library_messages(name: str) -> Iterator[list[str]]:
    """Collect what a library logs (pypdf's 'EOF marker not found') instead of letting it reach stderr
    bare: the caller reports it inside its own coded error or warning, naming the file."""
    said: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: said.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger(name)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield said
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


_LOADERS: dict[str, Callable[[str, bytes], tuple[Document, tuple[str, ...]]]] = {
    "txt": _load_text,
    "md": _load_md,
    "html": _load_html,
    "pdf": _load_pdf,
}

_TEXT_COLUMNS = (
    "text",
    "body",
    "content",
    "description_html",
    "content_html",
    "html",
    "transcript",
    "speech",
)
_TITLE_COLUMNS = ("title", "headline", "name")
_DATE_COLUMNS = ("date", "event_date")
_PUBLISHED_COLUMNS = ("published", "pubDate", "pubdate", "published_time", "publication_date", "datetime")
_SOURCE_COLUMNS = ("url", "link", "source_url", "guid", "source")
_HTML_HINT = re.compile(r"<(?:p|div|br|b|strong|span|a|h\d)\b", re.IGNORECASE)


def _pick(row: Mapping[str, Any], chosen: str | None, candidates: tuple[str, ...]) -> str | None:
    if chosen is not None:
        return chosen if chosen in row else None
    return next((c for c in candidates if c in row), None)


def _load_rows(label: str, data: bytes, fmt: str, columns: Columns) -> Iterator[LoadResult]:
    text, _ = decode_bytes(data)
    rows = _iter_rows(text, fmt)
    first = True
    seen = 0
    for number, raw_row, row in rows:
        seen += 1
        source = f"{label}#{number}"
        if row is None:
            yield LoadResult(source=source, format=fmt, error=E.E109.format(row=number, reason=raw_row))
            continue
        text_col = _pick(row, columns.text, _TEXT_COLUMNS)
        if text_col is None:
            if first and is_speaker_table(list(row)):
                note = "a table of the speakers of the files beside it (read as their speakers), not a document"
                yield LoadResult(source=label, format=fmt, warnings=(note,))
                return
            if first:
                reason = f"no text column (looked for {', '.join((columns.text and [columns.text]) or _TEXT_COLUMNS)};"
                reason += f" columns: {', '.join(list(row)[:12])}); name it with --text-col"
                raise IngestError(E.E113, kind=fmt, reason=reason)
            yield LoadResult(source=source, format=fmt, error=E.E109.format(row=number, reason="no text"))
            continue
        first = False
        yield _row_result(source, fmt, raw_row, row, text_col, columns)
    if not seen:
        raise IngestError(E.E113, kind=fmt, reason="no rows")


def _iter_rows(text: str, fmt: str) -> Iterator[tuple[int, str, dict[str, Any] | None]]:
    if fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, f"invalid JSON: {exc.msg} at column {exc.colno}", None
                continue
            if not isinstance(value, dict):
                yield number, "not a JSON object", None
                continue
            yield number, line, value
        return
    reader = csv.DictReader(io.StringIO(text))
    for number, row in enumerate(reader, start=2):
        yield number, json.dumps(row, ensure_ascii=False, sort_keys=True), dict(row)


def _row_result(
    source: str, fmt: str, raw_row: str, row: dict[str, Any], text_col: str, columns: Columns
) -> LoadResult:
    body = row.get(text_col)
    if not isinstance(body, str) or not body.strip():
        return LoadResult(
            source=source, format=fmt, error=E.E109.format(row=source.rsplit("#", 1)[1], reason="empty text")
        )
    title_col = _pick(row, columns.title, _TITLE_COLUMNS)
    date_col = _pick(row, columns.date, _DATE_COLUMNS)
    pub_col = _pick(row, columns.published, _PUBLISHED_COLUMNS)
    src_col = _pick(row, columns.source, _SOURCE_COLUMNS)
    used = {text_col, title_col, date_col, pub_col}
    header = {k: _scalar(v) for k, v in row.items() if k not in used and v not in (None, "", [], [""])}
    header["row"] = source
    if src_col and row.get(src_col):
        header["url"] = str(row[src_col])
    fields: dict[str, Any] = {
        "title": str(row[title_col]).strip() if title_col and row.get(title_col) else None,
        "date": _iso(row.get(date_col)) if date_col else None,
        "published": _iso(row.get(pub_col)) if pub_col else None,
    }
    doc_id = _doc_id(raw_row.encode("utf-8"))
    if _HTML_HINT.search(body[:2000]):
        from dipcorpus.ingest.html import extract_html

        doc = _html_document(doc_id, source, body, "utf-8", extract_html, format=fmt, header=header, **fields)
    else:
        doc = Document(
            id=doc_id,
            source=source,
            format=fmt,
            raw=body,
            text=body,
            offsets=identity_map(body),
            header=header,
            **fields,
        )
    return LoadResult(source=source, format=fmt, doc=_with_profile(doc), data=raw_row.encode("utf-8"))


def _load_zip(label: str, data: bytes, limits: LoadLimits, columns: Columns, *, depth: int) -> Iterator[LoadResult]:
    if depth >= limits.max_archive_depth:
        raise IngestError(E.E107, reason=f"archives nested deeper than {limits.max_archive_depth}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(E.E107, reason=f"not a readable zip ({exc})") from exc
    _check_archive(members, limits)
    for member in sorted(members, key=lambda m: m.filename):
        name = member.filename
        if Path(name).name.startswith(".") or "__MACOSX" in name:
            continue
        member_label = f"{label}!{name}"
        try:
            content = _read_member(archive, member, limits)
        except IngestError as exc:
            yield LoadResult(source=member_label, format=format_of(name), error=str(exc))
            continue
        yield from _load_bytes(member_label, content, format_of(name), limits, columns, depth=depth + 1)


def _check_archive(members: list[zipfile.ZipInfo], limits: LoadLimits) -> None:
    if len(members) > limits.max_archive_members:
        raise IngestError(E.E107, reason=f"{len(members)} members (limit {limits.max_archive_members})")
    total = sum(m.file_size for m in members)
    if total > limits.max_archive_bytes:
        raise IngestError(
            E.E107, reason=f"{total} bytes uncompressed (limit {limits.max_archive_bytes}): archive bomb?"
        )
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if ratio > limits.max_compression_ratio and m.file_size > 1024 * 1024:
            raise IngestError(
                E.E107,
                reason=f"{m.filename} expands {ratio:.0f}x (limit {limits.max_compression_ratio}x): archive bomb?",
            )


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: LoadLimits) -> bytes:
    if member.file_size > limits.max_file_bytes:
        raise IngestError(E.E108, size=member.file_size, limit=limits.max_file_bytes)
    with archive.open(member) as handle:  # the header may lie: read no more than the limit
        content = handle.read(limits.max_file_bytes + 1)
    if len(content) > limits.max_file_bytes:
        raise IngestError(E.E108, size=len(content), limit=limits.max_file_bytes)
    return content
