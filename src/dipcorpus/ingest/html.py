"""The HTML loader: main text, clean-to-raw offsets, title, date, language, bold spans, furniture.

`extract_html(html)` parses the page with the offset-keeping tree of `html_tree`, marks page
furniture (`html_blocks.find_furniture`), picks the main-content container (well-known ids and
classes, then text density), and falls back to trafilatura's choice of paragraphs when no
container is clear. Fragments (no <html>/<body>) are all content. Text is one paragraph per block
element, paragraphs separated by a blank line, whitespace collapsed; every clean character maps to
the raw characters (or the entity or markup) it came from.
"""

from __future__ import annotations

import bisect
import html as htmllib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from dipcorpus.ingest.html_blocks import SKIP_TAGS, find_container, find_furniture, is_candidate, not_content
from dipcorpus.ingest.html_meta import guess_language, iso_date, read_meta, title_node
from dipcorpus.ingest.html_tree import BLOCK_TAGS, Node, Tree, parse_tree
from dipcorpus.model import Segment
from dipcorpus.sources.apply import PageIndex, content_node, furniture_nodes, page_fields
from dipcorpus.sources.profiles_io import Profile

__all__ = ["HtmlExtract", "extract_html"]

# a whitespace run that is not one plain space, or an entity
_PIECE = re.compile(r"(?:[^\S ]|  )\s*| \s+|&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)


@dataclass(frozen=True, slots=True, kw_only=True)
class HtmlExtract:
    text: str
    offsets: tuple[Segment, ...]
    title: str | None
    published: str | None
    language: str | None
    emphasis: tuple[tuple[int, int], ...]
    removed: tuple[tuple[str, int, int], ...]
    meta: Mapping[str, str] = field(default_factory=dict)
    listing: str | None = None  # why the page is a list of links to documents rather than one


_LISTING_MIN_ITEMS = 8  # links to other pages (10+ characters each) outside the page chrome
_LISTING_MAX_TEXT = 200  # characters of running text a listing page may hold besides its links
_ITEM_LINK = 10


def _listing(tree: Tree, text: str) -> str | None:
    """A page with no main-content block, hardly any running text and many item links: a listing."""
    if len(text) >= _LISTING_MAX_TEXT:
        return None
    items = 0
    chars = 0
    for node in tree.nodes:
        if node.tag != "a" or node.text_len < _ITEM_LINK:
            continue
        up = node.parent
        while up is not None and not not_content(up):
            up = up.parent
        if up is None:
            items += 1
            chars += node.text_len
    if items < _LISTING_MIN_ITEMS or chars < 2 * len(text):
        return None
    return f"{items} links to other pages and {len(text)} characters of text, no main-content block"


def _seg(clean_start: int, raw_start: int, clean_len: int, raw_len: int) -> Segment:
    return Segment.from_list((clean_start, raw_start, clean_len, raw_len))


def _is_bold(node: Node) -> bool:
    if node.tag in ("b", "strong"):
        return True
    return bool(node.attr_text) and bool(_BOLD_STYLE.search(node.get("style")))


class _Emitter:
    """Writes the text of a subtree: block boundaries, collapsed spaces, entities, bold runs."""

    def __init__(self, html: str, skip: Callable[[Node], bool]) -> None:
        self.html = html
        self.skip = skip
        self.parts: list[str] = []
        self.segments: list[Segment] = []
        self.pos = 0
        self.bold = 0
        self.in_block = False  # the current paragraph has content
        self.pending_break = False
        self.space: tuple[int, int] | None = None  # raw span of a pending collapsed space
        self.em_start: int | None = None
        self.em_end = 0
        self.emphasis: list[tuple[int, int]] = []
        self.blocks: list[tuple[int, int]] = []  # clean spans of the paragraphs
        self.block_start = 0

    # -- output
    def _seg(self, clean_len: int, raw_start: int, raw_len: int) -> None:
        segs = self.segments
        if segs and clean_len == raw_len:
            last = segs[-1]
            if last.clean_len == last.raw_len and last.raw_start + last.raw_len == raw_start:
                segs[-1] = _seg(last.clean_start, last.raw_start, last.clean_len + clean_len, last.raw_len + raw_len)
                self.pos += clean_len
                return
        segs.append(_seg(self.pos, raw_start, clean_len, raw_len))
        self.pos += clean_len

    def _put(self, text: str, raw_start: int, raw_end: int) -> None:
        self.parts.append(text)
        self._seg(len(text), raw_start, raw_end - raw_start)

    def _copy(self, start: int, end: int) -> None:
        self.parts.append(self.html[start:end])
        self._seg(end - start, start, end - start)

    def _close_em(self) -> None:
        if self.em_start is not None:
            if self.em_end > self.em_start:
                self.emphasis.append((self.em_start, self.em_end))
            self.em_start = None

    def _before_content(self, raw_start: int) -> None:
        if self.pending_break:
            self._close_em()
            self.blocks.append((self.block_start, self.pos))
            self._put("\n\n", raw_start, raw_start)
            self.block_start = self.pos
            self.pending_break = False
        elif self.space is not None:
            a, b = self.space
            if b - a == 1 and self.html[a] == " ":
                self._copy(a, b)
            else:  # a collapsed run, or one tab/newline/nbsp standing for a space: no exact copy
                self._put(" ", a, b if b - a > 1 else a)
        self.space = None
        if self.bold:
            if self.em_start is None:
                self.em_start = self.pos
        else:
            self._close_em()
        self.in_block = True

    def _content(self, start: int, end: int, decoded: str | None = None) -> None:
        self._before_content(start)
        if decoded is None:
            self._copy(start, end)
        else:
            self._put(decoded, start, end)
        if self.bold:
            self.em_end = self.pos

    def _ws(self, start: int, end: int) -> None:
        if self.in_block:
            self.space = (start, end) if self.space is None else (self.space[0], end)

    def _literal(self, start: int, end: int) -> None:
        html = self.html
        if html[start] == " ":
            self._ws(start, start + 1)
            start += 1
        if start < end and html[end - 1] == " ":
            self._content(start, end - 1)
            self._ws(end - 1, end)
        elif start < end:
            self._content(start, end)

    def text(self, start: int, end: int) -> None:
        at = start
        for m in _PIECE.finditer(self.html, start, end):
            s, e = m.span()
            if s > at:
                self._literal(at, s)
            at = e
            if self.html[s] != "&":
                self._ws(s, e)
                continue
            decoded = htmllib.unescape(m.group())
            if decoded == m.group():
                self._literal(s, e)
            elif decoded.isspace():
                self._ws(s, e)
            else:
                self._content(s, e, decoded)
        if end > at:
            self._literal(at, end)

    def brk(self) -> None:
        self.space = None
        if self.in_block:
            self.pending_break = True
            self.in_block = False

    def walk(self, root: Node) -> None:
        stack: list[tuple[Node, int]] = [(root, 0)]
        while stack:
            node, i = stack[-1]
            if i >= len(node.children):
                stack.pop()
                if node is not root:
                    self._leave(node)
                continue
            stack[-1] = (node, i + 1)
            child = node.children[i]
            if isinstance(child, tuple):
                self.text(child[0], child[1])
            elif child.tag not in SKIP_TAGS and not self.skip(child):
                if child.tag in BLOCK_TAGS:
                    self.brk()
                if _is_bold(child):
                    self.bold += 1
                stack.append((child, 0))

    def _leave(self, node: Node) -> None:
        if node.tag in BLOCK_TAGS:
            self.brk()
        if _is_bold(node):
            self.bold -= 1  # the bold run stays open until non-bold text or a paragraph break

    def finish(self) -> tuple[str, tuple[Segment, ...], tuple[tuple[int, int], ...], list[tuple[int, int]]]:
        self._close_em()
        if self.pos > self.block_start:
            self.blocks.append((self.block_start, self.pos))
        return "".join(self.parts), tuple(self.segments), tuple(self.emphasis), self.blocks


def _keep_blocks(
    text: str,
    segments: tuple[Segment, ...],
    emphasis: tuple[tuple[int, int], ...],
    blocks: list[tuple[int, int]],
    keep: Callable[[str], bool],
) -> tuple[str, tuple[Segment, ...], tuple[tuple[int, int], ...]]:
    """Rebuild text, map and bold spans from the paragraphs `keep` accepts."""
    parts: list[str] = []
    segs: list[Segment] = []
    emph: list[tuple[int, int]] = []
    starts = [s.clean_start for s in segments]
    pos = 0
    for cs, ce in blocks:
        if not keep(text[cs:ce]):
            continue
        i, j = bisect.bisect_left(starts, cs), bisect.bisect_left(starts, ce)
        if i >= j:
            continue
        if parts:
            raw = segments[i].raw_start
            parts.append("\n\n")
            segs.append(_seg(pos, raw, 2, 0))
            pos += 2
        shift = pos - cs
        segs.extend(_seg(s.clean_start + shift, s.raw_start, s.clean_len, s.raw_len) for s in segments[i:j])
        emph.extend((a + shift, b + shift) for a, b in emphasis if cs <= a and b <= ce)
        parts.append(text[cs:ce])
        pos += ce - cs
    return "".join(parts), tuple(segs), tuple(emph)


def _squash(text: str) -> str:
    return "".join(text.split())


def _trafilatura_filter(html: str) -> Callable[[str], bool] | None:
    """Which paragraphs trafilatura keeps as main text (None when it finds none)."""
    import trafilatura

    try:
        out = trafilatura.extract(html, include_comments=False, include_tables=True, deduplicate=False)
    except Exception:  # trafilatura's own parser errors: fall back to the whole body
        return None
    if not out:
        return None
    whole = _squash(out)
    lines = {_squash(line).lstrip("-|#*") for line in out.splitlines()}

    def keep(block: str) -> bool:
        key = _squash(block)
        if len(key) < 20:
            return key in lines
        return key in whole

    return keep


def _body(tree: Tree) -> Node:
    return next((n for n in tree.nodes if n.tag == "body"), tree.root)


_TITLE_ELEMENT = re.compile(r"<title\b.*?</title\s*>", re.I | re.S)


def _htmldate(tree: Tree) -> str | None:
    """htmldate over the page head: its meta tags and URLs in any form htmldate knows.

    The title (also the head's `<title>`) and the text are left out: a date in a title names the
    event, which the metadata stage reads as the event date, and a year in the text ('since 2016')
    is not a publication date; a stamp the text shows is read by the cleaning stage.
    """
    from htmldate import find_date

    head = next((n for n in tree.nodes if n.tag == "head"), None)
    head_html = tree.html[head.start : min(head.end, head.start + 20000)] if head is not None else ""
    head_html = _TITLE_ELEMENT.sub("", head_html)
    mini = f"<html>{head_html}<body></body></html>"
    try:
        found = find_date(mini, extensive_search=True, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate raises on odd input; a missing date is not an error
        return None
    return iso_date(found) if found else None


_LEAD_LABEL = re.compile(r"(?:^|[\s_-])(?:lead|summary|standfirst|intro|dek|deck|abstract)(?:$|[\s_-])")


def _lead(tree: Tree, root: Node, skip: set[int]) -> Node | None:
    """A lead or summary paragraph of the same article printed above the chosen content block."""
    article = root.parent
    while article is not None and article.tag not in ("article", "main") and not is_candidate(article):
        article = article.parent
    if article is None or article.tag == "body":
        return None
    for node in tree.nodes:
        if node.start >= root.start:
            break
        if node.start < article.start or id(node) in skip or not node.attr_text:
            continue
        if (
            node.end <= root.start
            and _LEAD_LABEL.search(node.labels())
            and node.text_len - node.link_len >= 20
            and 3 * node.link_len < node.text_len
        ):
            return node
    return None


def extract_html(html: str, *, date_fallback: bool = True, profile: Profile | None = None) -> HtmlExtract:
    """Extract the main text of a page or fragment, with its map back into `html`.

    With `date_fallback`, htmldate guesses the publication date when the page shows none. A source
    `profile` may name the content block and extra furniture, and adds its field hints to `meta`.
    """
    tree = parse_tree(html)
    furniture = find_furniture(tree)
    meta = read_meta(tree)
    hints: dict[str, str] = {}
    index = PageIndex(tree) if profile is not None and not tree.fragment else None
    if profile is not None and index is not None:
        for node in furniture_nodes(index, profile):
            if id(node) not in furniture.skip:
                furniture.skip.add(id(node))
                furniture.removed.append(("profile", node.start, node.end))
        hints = page_fields(index, profile)
    title, title_el = title_node(tree, meta, furniture.skip)
    skip = set(furniture.skip)
    if title_el is not None:
        skip.add(id(title_el))
    chosen = content_node(index, profile) if profile is not None and index is not None else None
    root = tree.root if tree.fragment else chosen or find_container(tree, skip)
    fallback = root is None
    if root is None:
        root = _body(tree)
        fallback = root.link_len < 0.5 * root.text_len  # a page of links is a listing: keep its links
        emitter = _Emitter(html, lambda n: id(n) in skip or not_content(n))
    else:
        emitter = _Emitter(html, lambda n: id(n) in skip)
    lead = _lead(tree, root, skip) if not fallback and not tree.fragment and chosen is None else None
    if lead is not None:
        emitter.walk(lead)
        emitter.brk()
    emitter.walk(root)
    text, segments, emphasis, blocks = emitter.finish()
    keep = _trafilatura_filter(html) if fallback and text else None
    if keep is not None:
        text, segments, emphasis = _keep_blocks(text, segments, emphasis, blocks, keep)
    # a page with no content block of its own (or only the one a profile names) may be a listing
    generic_body = root.tag in ("body", "#root")
    listing = _listing(tree, text) if (generic_body or chosen is not None) and not tree.fragment else None
    published = meta.date or (furniture.dates[0][0] if furniture.dates else None)
    if published is None and date_fallback and not tree.fragment:
        published = _htmldate(tree)
    values = {k: v for k, v in meta.values.items() if k != "og_title" and v}
    values.update(hints)
    values["extraction"] = (
        "fragment"
        if tree.fragment
        else "trafilatura"
        if keep
        else "body"
        if root.tag in ("body", "#root")
        else "container"
    )
    return HtmlExtract(
        text=text,
        offsets=segments,
        title=title,
        published=published,
        language=meta.lang or guess_language(text or title or ""),
        emphasis=emphasis,
        removed=tuple(sorted(furniture.removed, key=lambda r: r[1])),
        meta=values,
        listing=listing,
    )
