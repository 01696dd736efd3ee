"""The cleaning stage: from a loaded text to clean paragraphs, keeping the map back to raw.

Lines are classified (content, blank, boilerplate, date stamp, archive header, page furniture),
content lines are grouped into paragraphs (hard-wrapped layouts are reflowed, words hyphenated
across lines are joined or kept by the word list), OCR damage is repaired in OCR'd text, and the
paragraphs are written with one blank line between them. Every repair is recorded with its raw span.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from dataclasses import dataclass

from dipcorpus.config import int_default
from dipcorpus.ingest import furniture, ocr
from dipcorpus.ingest.textmap import TextBuilder
from dipcorpus.model import Document, Removal, Sentence

__all__ = ["CleanConfig", "clean_document"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanConfig:
    misread_min_count: int = int_default("misread_min_count")


@dataclass(slots=True)
class _Line:
    start: int  # content start (indentation stripped)
    end: int  # content end (trailing space stripped)
    indent: int
    kind: str = "content"  # content | blank | boilerplate | timestamp | header | page | running | formfeed | venue


_SENTENCE_END = re.compile(r"[.?!:;\"”’)\]。！？：]$")
_SPEAKER_START = re.compile(r"^(?:\d{1,3}\.\s*)?(?:[A-Z][\w’'.\-]*(?:\s+[\w’'.\-]+){0,5}|Q|A)\s*:\s")
_HYPHEN_END = re.compile(r"([A-Za-z]+)-$")
_WORD_START = re.compile(r"^[A-Za-z0-9]+")
_ODD_SPACES = "\t\xa0\u2009\u200a\u200b\u3000"
_SPACES = re.compile(r"[ \t\xa0\u2009\u200a\u200b\u3000]{2,}|[\t\xa0\u2009\u200a\u3000]")
_OCR_WORD = re.compile(r"\b[A-Za-z]*[A-Z0-9][A-Za-z0-9]*[a-z][A-Za-z]*\b|\b[a-z]+[0-9][a-z0-9]*\b")
_EMPTY_BRACKETS = re.compile(r"\s*(?:\(\s*\)|\[\s*\]|（\s*）)")
_STRAY_QUOTE = re.compile(r"[‘'“\"](?=[A-Z])")
_CLOSING_QUOTE = re.compile(r"(?<![A-Za-z])’|’(?![A-Za-z])|”")


_LEAD = " \t\r\xa0\u3000\ufeff"
_TRAIL = " \t\r\xa0\u3000"


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    append = lines.append
    pos = 0
    for raw_line in text.split("\n"):
        n = len(raw_line)
        if n and raw_line[0] not in _LEAD and raw_line[-1] not in _TRAIL:
            append(_Line(start=pos, end=pos + n, indent=0, kind="formfeed" if raw_line == "\f" else "content"))
        else:
            stripped = raw_line.lstrip(_LEAD)
            start = pos + n - len(stripped)
            content = stripped.rstrip(_TRAIL)
            kind = "blank" if not content else "formfeed" if content == "\f" else "content"
            append(_Line(start=start, end=start + len(content), indent=start - pos, kind=kind))
        pos += n + 1
    return lines


def _is_wrapped(text: str, lines: list[_Line]) -> bool:
    """Hard-wrapped layout: most lines fill a fixed width and many stop mid-sentence."""
    lengths = sorted(ln.end - ln.start for ln in lines if ln.kind == "content")
    if len(lengths) < 8:
        return False
    width = lengths[int(len(lengths) * 0.9) - 1]
    if not 30 <= width <= 120:
        return False
    full = [ln for ln in lines if ln.kind == "content" and ln.end - ln.start >= 0.7 * width]
    if len(full) < 0.5 * len(lengths):
        return False
    open_ended = sum(1 for ln in full if not _SENTENCE_END.search(text[ln.start : ln.end]))
    return open_ended >= 0.4 * len(full)


def _classify(text: str, lines: list[_Line], header: dict[str, str], removals: list[Removal]) -> str | None:
    """Mark non-content lines; return the first date stamp seen (the publication time)."""
    stamp: str | None = None
    begins = [line.start - line.indent for line in lines]
    for offset in furniture.candidate_line_starts(text):
        line = lines[bisect.bisect_right(begins, offset) - 1]
        if line.kind != "content":
            continue
        content = text[line.start : line.end]
        fields = furniture.parse_archive_header(content)
        if fields is not None:
            line.kind = "header"
            header.update({k: v for k, v in fields.items() if v is not None})
            header.update({f"{k}_empty": "" for k, v in fields.items() if v is None})
        elif furniture.is_boilerplate(content):
            line.kind = "boilerplate"
        elif (release := furniture.RELEASE_LINE.match(content)) is not None:
            line.kind = "release"
            if release.group(1):
                header.setdefault("release", release.group(1))
        else:
            found = furniture.parse_timestamp(content)
            if found is not None:
                line.kind = "timestamp"
                stamp = stamp or found
        if line.kind != "content":
            removals.append(Removal(kind=line.kind, raw_start=line.start, raw_end=line.end, text=content))
    return stamp


_BYLINE_KEYS = ("creator", "author", "byline")
_CAPS_LINE = re.compile(r"^[A-Z][A-Z .'’&-]{2,40}$")
_TOP = 6  # content lines at the top where a release header sits


def _mark_top(text: str, lines: list[_Line], header: dict[str, str], removals: list[Removal]) -> None:
    """A release's head: its byline when the loader's header names it (creator, author), and an
    all-capitals sender line ('MINISTRY OF ...') standing above press-office header lines."""
    top = [ln for ln in itertools.islice((ln for ln in lines if ln.kind != "blank"), _TOP)]
    bylines = {" ".join(header[k].split()).casefold() for k in _BYLINE_KEYS if header.get(k)}
    for i, line in enumerate(top):
        content = text[line.start : line.end]
        if line.kind == "content" and bylines and " ".join(content.split()).casefold() in bylines:
            line.kind = "byline"
        elif line.kind == "content" and _CAPS_LINE.match(content) and len(content.split()) <= 5:
            after = top[i + 1] if i + 1 < len(top) else None
            if after is None or after.kind not in ("boilerplate", "release"):
                continue
            line.kind = "boilerplate"
        else:
            continue
        removals.append(Removal(kind=line.kind, raw_start=line.start, raw_end=line.end, text=content))


# A transcript's head names the room or building it was held in on lines of their own just above its
# opening clock line ('James S. Brady Press Briefing Room' / '1:51 P.M. EDT'): header furniture, not
# what was said. The lines go to header['venue'] (the metadata stage reads the place from them);
# a city line ('Chicago, Illinois') stays in the text, a title line ('Remarks in the Rose Garden') too.
_CLOCK_LINE = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?\s*[AaPp]\.?\s?[Mm]\.?\s*(?:[A-Z]{2,4})?$")
_VENUE_WORD = re.compile(
    r"\b(?:Room|Hall|Cent(?:er|re)|Building|Auditorium|Ballroom|Garden|Lawn|Residence|Place|Pavilion|"
    r"Theat(?:er|re)|Plaza|Palace|Hotel|Library|Museum)$"
)
_CITY_LINE = re.compile(r"^(?:[A-Z][\w.’'-]*\s?){1,4},\s(?:[A-Z][\w.’'-]*\s?){1,4}$")
_VENUE_SMALL = frozenset({"of", "the", "and", "de", "du", "la", "le", "del", "at"})
_HEAD_LINES = 16  # non-blank lines at the top where a transcript's head sits


def _venue_line(line: str) -> bool:
    """'James S. Brady Press Briefing Room', 'McCormick Place': a short line of capitalised words (a
    few small ones between) ending in a room or building word."""
    words = line.split()
    return (
        len(words) <= 7
        and len(line) <= 60
        and _VENUE_WORD.search(line) is not None
        and all(w[:1].isupper() or w[:1].isdigit() or w in _VENUE_SMALL for w in words)
    )


def _mark_venue(text: str, lines: list[_Line], header: dict[str, str], removals: list[Removal]) -> None:
    """Venue lines right above a transcript's opening clock line (see `_VENUE_WORD`)."""
    top = list(itertools.islice((ln for ln in lines if ln.kind != "blank"), _HEAD_LINES))
    clock = next((i for i, ln in enumerate(top) if _CLOCK_LINE.match(text[ln.start : ln.end])), None)
    if clock is None:
        return
    venue: list[_Line] = []
    for line in reversed(top[:clock]):
        content = text[line.start : line.end]
        if line.kind != "content" or not (_venue_line(content) or _CITY_LINE.match(content)):
            break
        if _venue_line(content):
            venue.append(line)
    if not venue:
        return
    venue.reverse()
    for line in venue:
        line.kind = "venue"
        removals.append(Removal(kind="venue", raw_start=line.start, raw_end=line.end, text=text[line.start : line.end]))
    header.setdefault("venue", "\n".join(text[ln.start : ln.end] for ln in venue))


def _mark_profile_lines(text: str, lines: list[_Line], name: str, removals: list[Removal]) -> None:
    """Whole lines the document's source profile calls furniture."""
    from dipcorpus.sources import profile_by_name

    profile = profile_by_name(name)
    if profile is None or not profile.furniture_lines:
        return
    begins = [line.start - line.indent for line in lines]
    for pattern in profile.furniture_lines:
        whole = re.compile(rf"^[ \t\xa0]*(?:{pattern.pattern})[ \t\xa0]*$", re.MULTILINE | pattern.flags)
        for m in whole.finditer(text):
            line = lines[bisect.bisect_right(begins, m.start()) - 1]
            if line.kind == "content" and line.end > line.start:
                line.kind = "boilerplate"
                removals.append(
                    Removal(kind="profile", raw_start=line.start, raw_end=line.end, text=text[line.start : line.end])
                )


def _mark_furniture(text: str, lines: list[_Line]) -> None:
    """Page numbers, and running headers/footers: a page's first or last line seen on two pages or more."""
    for line in lines:
        if line.kind == "content" and furniture.is_page_number(text[line.start : line.end]):
            line.kind = "page"
    breaks = [-1] + [i for i, line in enumerate(lines) if line.kind == "formfeed"] + [len(lines)]
    pages_of: dict[str, set[int]] = {}
    edges: list[tuple[int, str]] = []
    for page, (a, b) in enumerate(itertools.pairwise(breaks)):
        content = [j for j in range(a + 1, b) if lines[j].kind == "content"]
        for j in {content[0], content[-1]} if content else set():
            key = re.sub(r"\d+", "#", text[lines[j].start : lines[j].end]).strip()
            pages_of.setdefault(key, set()).add(page)
            edges.append((j, key))
    for j, key in edges:
        if len(pages_of[key]) >= 2 and len(key) <= 100:
            lines[j].kind = "running"


def _paragraphs(text: str, lines: list[_Line], wrapped: bool) -> list[list[_Line]]:
    content = [ln for ln in lines if ln.kind == "content"]
    width = sorted(ln.end - ln.start for ln in content)[int(len(content) * 0.9) - 1] if content else 0
    paras: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.kind in ("page", "running", "formfeed"):
            if not wrapped:
                paras, current = _close(paras, current)
            continue  # page furniture is transparent inside a paragraph
        if line.kind != "content":
            paras, current = _close(paras, current)
            continue
        if current and (not wrapped or _starts_paragraph(text, current[-1], line, width)):
            paras, current = _close(paras, current)
        current.append(line)
    paras, current = _close(paras, current)
    return paras


def _close(paras: list[list[_Line]], current: list[_Line]) -> tuple[list[list[_Line]], list[_Line]]:
    if current:
        paras.append(current)
    return paras, []


def _starts_paragraph(text: str, prev: _Line, line: _Line, width: int) -> bool:
    prev_text = text[prev.start : prev.end]
    ends = _SENTENCE_END.search(prev_text) is not None
    short = prev.end - prev.start < 0.75 * width
    if line.indent and (ends or short):
        return True
    if ends and _SPEAKER_START.match(text[line.start : min(line.end, line.start + 80)]):
        return True
    return short and ends and prev.end - prev.start < 0.6 * width


def _paragraph_edits(
    text: str, para: list[_Line], *, ocr_mode: bool, wrapped: bool, cfg: CleanConfig
) -> list[tuple[int, int, str, str | None]]:
    """Edits inside one paragraph: (start, end, replacement, repair kind or None)."""
    start, end = para[0].start, para[-1].end
    edits: list[tuple[int, int, str, str | None]] = []
    joined_to = -1  # where the last hyphen joint ends: a joint may not start inside the one before
    for line, nxt in itertools.pairwise(para):
        joint = _joint(text, line, nxt) if wrapped and text[line.end - 1] == "-" else None
        if joint is not None and joint[0] >= joined_to:
            edits.append(joint)
            joined_to = joint[1]
        elif nxt.start - line.end != 1:  # a lone newline becomes a space in `apply`, with no edit
            edits.append((line.end, nxt.start, " ", None))
    chunk = text[start:end]
    if "  " in chunk or any(ch in chunk for ch in _ODD_SPACES):  # the regex only where it can match
        edits.extend((m.start(), m.end(), " ", None) for m in _SPACES.finditer(text, start, end))
    if ocr_mode:
        edits.extend(_ocr_edits(text, para, cfg))
    return _non_overlapping(edits)


def _ocr_edits(text: str, para: list[_Line], cfg: CleanConfig) -> list[tuple[int, int, str, str | None]]:
    start, end = para[0].start, para[-1].end
    edits: list[tuple[int, int, str, str | None]] = []
    for m in _EMPTY_BRACKETS.finditer(text, start, end):
        edits.append((m.start(), m.end(), "", "empty_brackets"))
    for m in _OCR_WORD.finditer(text, start, end):
        fix = ocr.misread_fix(m.group(), min_count=cfg.misread_min_count)
        if fix is not None:
            edits.append((m.start(), m.end(), fix, "misread"))
    for i, line in enumerate(para):
        if _STRAY_QUOTE.match(text, line.start) and (i == 0 or _follows_sentence_end(text, para[i - 1].end)):
            sentence = re.split(r"(?<=[.?!])\s", text[line.start + 1 : line.start + 400], maxsplit=1)[0]
            if _CLOSING_QUOTE.search(sentence) is None:
                edits.append((line.start, line.start + 1, "", "stray_quote"))
    return edits


def _follows_sentence_end(text: str, end: int) -> bool:
    before = text[max(0, end - 4) : end].rstrip()
    return bool(before) and before[-1] in ".?!"


def _non_overlapping(edits: list[tuple[int, int, str, str | None]]) -> list[tuple[int, int, str, str | None]]:
    """Sorted edits without overlaps; of two edits starting together the longer wins."""
    out: list[tuple[int, int, str, str | None]] = []
    for edit in sorted(edits, key=lambda e: (e[0], -e[1])):
        if out and edit[0] < out[-1][1]:
            continue
        out.append(edit)
    return out


def _joint(text: str, line: _Line, nxt: _Line) -> tuple[int, int, str, str | None] | None:
    """How two wrapped lines meet when the first ends with a hyphen."""
    left = _HYPHEN_END.search(text[max(line.start, line.end - 40) : line.end])
    right = _WORD_START.match(text[nxt.start : nxt.end])
    if left is None or right is None:
        return None
    left_word, right_word = left.group(1), right.group()
    a = line.end - len(left_word) - 1
    b = nxt.start + len(right_word)
    if ocr.hyphen_decision(left_word, right_word) == ocr.MERGE:
        return (a, b, left_word + right_word, "dehyphenate")
    return (a, b, f"{left_word}-{right_word}", None)


def clean_document(doc: Document, *, cfg: CleanConfig | None = None) -> Document:
    """Clean `doc.text` (as loaded) into paragraphs; record removals, repairs and header fields."""
    cfg = cfg or CleanConfig()
    text = doc.text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in doc.text else doc.text
    source_map = doc.offsets if text is doc.text else None
    lines = _split_lines(text)
    header: dict[str, str] = dict(doc.header)
    removals: list[Removal] = []
    stamp = _classify(text, lines, header, removals)
    _mark_top(text, lines, header, removals)
    _mark_venue(text, lines, header, removals)
    if header.get("profile"):
        _mark_profile_lines(text, lines, header["profile"], removals)
    wrapped = doc.format == "pdf" or _is_wrapped(text, lines)  # a PDF text layer is always broken into lines
    hyphen_breaks = len(re.findall(r"[a-z]-\n[ \t]*[a-z]", text)) if wrapped else 0
    ocr_mode = doc.format == "pdf" or (wrapped and hyphen_breaks >= 2)
    if ocr_mode or "\f" in text:
        _mark_furniture(text, lines)
        removals += [
            Removal(kind=ln.kind, raw_start=ln.start, raw_end=ln.end, text=text[ln.start : ln.end])
            for ln in lines
            if ln.kind in ("page", "running")
        ]
    builder = TextBuilder(text, source_map if source_map is not None else (doc.offsets or None))
    for i, para in enumerate(_paragraphs(text, lines, wrapped)):
        if i:
            builder.put("\n\n", para[0].start, para[0].start)
        edits = _paragraph_edits(text, para, ocr_mode=ocr_mode, wrapped=wrapped, cfg=cfg)
        builder.apply(para[0].start, para[-1].end, edits, newlines_as_spaces=len(para) > 1)
    clean, offsets, repairs = builder.build()
    mapped = tuple(
        dataclasses.replace(r, raw_start=builder.raw(r.raw_start), raw_end=builder.raw(r.raw_end)) for r in removals
    )
    return dataclasses.replace(
        doc,
        text=clean,
        offsets=offsets,
        repairs=doc.repairs + repairs,
        removals=doc.removals + mapped,
        header=header,
        published=doc.published or stamp,
        emphasis=_moved_spans(builder, doc.emphasis),
    )


def _moved_spans(builder: TextBuilder, spans: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
    """Carry spans of the loaded text (bold runs) over to the clean text."""
    out = []
    for span in spans:
        start, end = builder.moved(span.start), builder.moved(span.end)
        if start is not None and end is not None and end > start:
            out.append(Sentence(start=start, end=end))
    return tuple(out)
