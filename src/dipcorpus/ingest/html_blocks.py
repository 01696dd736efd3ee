"""Page furniture and the main-content container, found on an `html_tree.Tree`.

`find_furniture` walks the whole page once and marks the boilerplate a reader saw but the corpus
drops (breadcrumb, share links, language switcher, print/close, date stamp), by id/class names
and by the text of small blocks. `find_container` picks the main-content element: a well-known
id/class first, then the smallest element that holds most of the page's non-link text.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from dipcorpus.ingest.html_tree import BLOCK_TAGS, Node, Tree

__all__ = ["DATE_RE", "Furniture", "find_container", "find_furniture", "is_candidate", "node_text", "text_runs"]

SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "canvas",
        "select",
        "option",
        "button",
        "textarea",
        "input",
        "audio",
        "video",
        "map",
        "datalist",
    ]
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

_ATTR_KINDS = [
    ("breadcrumb", re.compile(r"breadcrumb|crumb|urhere|\bcurrent-?pos|\bweizhi\b|\bdqwz\b|\blocation\b")),
    ("share", re.compile(r"share|jiathis|bshare|addthis|\bsocial")),
    (
        "language",
        re.compile(
            r"(?:^|\s)(?:lang|lan|langs|language|languages)(?:\s|$)|lang(?:uage)?[-_]?(?:switch|select|menu|bar|nav|list)"
        ),
    ),
    ("print", re.compile(r"(?:^|\s)(?:print|printer|print-?close|fontsize|font-?size)(?:\s|$)")),
]
_DATE_LABEL = re.compile(
    r"(?:^|[\s_-])(?:date|time|pubdate|pubtime|pub-?time|publish-?(?:date|time)|post-?date|release-?(?:date|time)"
    r"|entry-date|article-?date|datetime|timestamp|news_body_time|posted-on)(?:$|[\s_-])"
)
_BREADCRUMB_TEXT = re.compile(
    r"^(?:(?:you are here|当前位置|您的位置|您现在的位置|所在位置)\s*[:：]"
    r"|(?:home|homepage|首页|主页|首頁|accueil|inicio|startseite|главная)\s*(?:>|›|»|/|→|＞|>>|\||::))",
    re.I,
)
_SHARE_TEXT = re.compile(
    r"^(?:suggest to a friend|share(?: this(?: page| article| story)?)?(?: on \w+)?"
    r"|分享到?|推荐给朋友(?:\s*确定)?|partager|compartir"
    r"|e-?mail (?:this|to a friend)|recommend to a friend)\s*[:：]?$",
    re.I,
)
_PRINT_WORDS = re.compile(
    r"print(?: this page)?|close(?: window)?|打印本页|打印|关闭窗口|关闭|imprimer|fermer|imprimir|cerrar|"
    r"字体|font(?: size)?|back to top|返回顶部|top|[\[\]【】|｜：:()（）/·大中小\s]",
    re.I,
)
_PRINT_KEY = re.compile(r"print|close|打印|关闭|imprim|fermer|cerrar", re.I)
LANGUAGE_NAMES = frozenset(
    [
        "english",
        "中文",
        "简体中文",
        "繁體中文",
        "繁体中文",
        "français",
        "francais",
        "español",
        "espanol",
        "русский",
        "عربي",
        "العربية",
        "deutsch",
        "português",
        "portugues",
        "日本語",
        "한국어",
        "italiano",
        "chinese",
        "汉语",
    ]
)
DATE_RE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:(?:\s|&nbsp;|&#160;)*(\d{1,2})\s*[:：]\s*(\d{2}))?"
)
_DATE_ONLY = re.compile(
    r"^[(（\[]?\s*(?:(?:updated|published|posted|date|time|发布时间|发布日期|日期|时间|更新时间)\s*[:：]?\s*)?"
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[)）\]]?$",
    re.I,
)
_TEXT_CHECK_TAGS = frozenset(
    [
        "div",
        "p",
        "td",
        "li",
        "ul",
        "ol",
        "span",
        "section",
        "dl",
        "dd",
        "dt",
        "h5",
        "h6",
        "center",
        "font",
        "table",
        "tr",
    ]
)
_MAX_FURNITURE = 240
_CONTAINER_IDS = frozenset(
    [
        "news_body_txt_a",
        "content",
        "article",
        "main-content",
        "maincontent",
        "article-content",
        "articlecontent",
        "article_content",
        "zoom",
        "articlebody",
        "article-body",
        "post-content",
        "entry-content",
        "content-body",
        "story-body",
        "main",
        "text_content",
    ]
)
_CONTAINER_CLASSES = frozenset(
    [
        "trs_editor",
        "content",
        "article-content",
        "articlecontent",
        "article_content",
        "entry-content",
        "post-content",
        "article-body",
        "articlebody",
        "field-item",
        "story-body",
        "news-content",
        "main-content",
        "post-body",
        "rich-text",
        "content-body",
        "article-text",
        "text-content",
    ]
)
_NOT_CONTENT = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|header|footer|sidebar|side|copyright|banner|topbar|subnav|foot|head|links)"
    r"(?:$|[\s_-])"
)


def text_runs(node: Node, skip: set[int] | None = None) -> Iterator[tuple[int, int]]:
    """Raw (start, end) of every text run below `node`, in document order."""
    stack: list[Iterator[Node | tuple[int, int]]] = [iter(node.children)]
    while stack:
        for child in stack[-1]:
            if type(child) is tuple:
                yield child
            elif isinstance(child, Node) and child.tag not in SKIP_TAGS and (skip is None or id(child) not in skip):
                stack.append(iter(child.children))
                break
        else:
            stack.pop()


def node_text(html: str, node: Node) -> str:
    """The text below `node`, entities decoded and whitespace collapsed to single spaces."""
    raw = " ".join(html[s:e] for s, e in text_runs(node))
    if "&" in raw:
        raw = htmllib.unescape(raw)
    return " ".join(raw.split())


def _text_span(html: str, node: Node) -> tuple[int, int] | None:
    first = last = None
    for s, e in text_runs(node):
        if html[s:e].strip():
            if first is None:
                first = s
            last = e
    return None if first is None or last is None else (first, last)


@dataclass
class Furniture:
    removed: list[tuple[str, int, int]] = field(default_factory=list)
    skip: set[int] = field(default_factory=set)  # id() of nodes whose text never reaches the text
    dates: list[tuple[str, int, int]] = field(default_factory=list)  # (iso date, raw start, raw end)


def _date_iso(m: re.Match[str]) -> str:
    y, mo, d, hh, mm = m.groups()
    iso = f"{y}-{int(mo):02d}-{int(d):02d}"
    return f"{iso} {int(hh):02d}:{mm}" if hh else iso


def _find_date(html: str, node: Node) -> tuple[str, int, int] | None:
    for s, e in text_runs(node):
        m = DATE_RE.search(html, s, e)
        if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
            return _date_iso(m), m.start(), m.end()
    return None


def _kind_by_text(text: str) -> str | None:
    if _BREADCRUMB_TEXT.match(text) and len(text) < 200:
        return "breadcrumb"
    if _SHARE_TEXT.match(text):
        return "share"
    if _DATE_ONLY.match(text):
        return "date"
    if len(text) < 60 and _PRINT_KEY.search(text) and not _PRINT_WORDS.sub("", text):
        return "print"
    words = [w for w in re.split(r"[\s|/·]+", text.lower()) if w]
    if words and all(w in LANGUAGE_NAMES for w in words) and (len(words) >= 2 or text in ("中文", "English")):
        return "language"
    return None


def _classify(html: str, node: Node) -> str | None:
    labels = node.labels()
    if labels:
        for kind, pattern in _ATTR_KINDS:
            if pattern.search(labels):
                return kind
        if _DATE_LABEL.search(labels):
            return "date"
    if node.tag == "time":
        return "date"
    if node.tag in _LINK_BLOCK_TAGS and _link_block(node):
        return "links"
    if node.tag in _TEXT_CHECK_TAGS and 0 < node.text_len <= _MAX_FURNITURE and not node.has_block:
        return _kind_by_text(node_text(html, node))
    if node.tag in _FIELD_BLOCK_TAGS and node.has_block and node.text_len <= _MAX_FIELDS and _field_block(html, node):
        return "fields"
    return None


_LINK_BLOCK_TAGS = frozenset(["div", "section", "ul", "ol", "li", "p", "dl", "dd", "dt", "table", "tr", "td", "h3"])
_MAX_LINK_BLOCK_PROSE = 80  # non-link characters a block of links may hold (headings, dates, separators)


def _link_block(node: Node) -> bool:
    """Links with hardly any text of their own (headings aside): tag lists, related links, 'see also'."""
    if not node.link_len or _nonlink(node) > _MAX_LINK_BLOCK_PROSE:
        return False
    return 2 * node.link_len >= node.text_len or _nonlink(node) - _heading_len(node) <= node.link_len


_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])


def _heading_len(node: Node) -> int:
    total = 0
    stack = [c for c in node.children if isinstance(c, Node)]
    while stack:
        child = stack.pop()
        if child.tag in _HEADINGS:
            total += child.text_len
        elif child.has_block:
            stack.extend(c for c in child.children if isinstance(c, Node))
    return total


_FIELD_BLOCK_TAGS = frozenset(["div", "section", "dl", "ul", "table", "footer"])
_MAX_FIELDS = 600
_FIELD_LINE = re.compile(r"^[A-Z][\w’'-]*(?: [\w’'-]+){0,3}\s?:\s*\S")
_MAX_FIELD_LINE = 100
_MAX_FIELD_VALUE_LINE = 300  # a labelled line may list several values (sections, tags)


def _leaf_texts(html: str, node: Node) -> list[str]:
    """The text of every block below `node` that holds no block itself."""
    out: list[str] = []
    stack = [c for c in reversed(node.children) if isinstance(c, Node)]
    while stack:
        child = stack.pop()
        if child.tag in SKIP_TAGS or not child.text_len:
            continue
        if child.has_block and any(isinstance(c, Node) and c.tag in BLOCK_TAGS and c.text_len for c in child.children):
            stack.extend(c for c in reversed(child.children) if isinstance(c, Node))
        else:
            out.append(node_text(html, child))
    return out


def _field_block(html: str, node: Node) -> bool:
    """A box of short 'Label: value' lines with a link or a time: publication status, filing data."""
    if not node.link_len and html.find("<time", node.start, node.end) < 0:
        return False
    if sum(html.count(":", a, b) + html.count("：", a, b) for a, b in text_runs(node)) < 2:
        return False
    lines = _leaf_texts(html, node)
    if not lines:
        return False
    labelled = 0
    for line in lines:
        if _FIELD_LINE.match(line):
            labelled += 1
            if len(line) > _MAX_FIELD_VALUE_LINE:
                return False
        elif len(line) > _MAX_FIELD_LINE or _PROSE_LINE.search(line):
            return False  # a sentence of running text (a short article's only paragraph) is no field
    return labelled >= 2 and labelled >= 0.4 * len(lines)


_PROSE_LINE = re.compile(r"^\S+(?:\s+\S+){4,}[.!?。！？][\"'’”)]?$")  # five or more words ending a sentence


_HIDDEN_CLASSES = frozenset(
    ["hidden", "hide", "d-none", "is-hidden", "visually-hidden", "sr-only", "screen-reader-text", "invisible"]
)
_MAX_HIDDEN_CLASS = 400  # a longer element hidden by a class is folded content, not a tooltip


def _hidden(node: Node) -> bool:
    at = node.attr_text
    if not at or ("none" not in at and "hidden" not in at and "NONE" not in at.upper() and "hide" not in at):
        return False
    if _HIDDEN.search(node.get("style")) or "hidden" in node.attrs:
        return True
    return node.text_len <= _MAX_HIDDEN_CLASS and not _HIDDEN_CLASSES.isdisjoint(node.get("class").lower().split())


def find_furniture(tree: Tree) -> Furniture:
    """Mark page furniture everywhere on the page (one walk; a marked element's subtree is skipped)."""
    html, out = tree.html, Furniture()
    stack: list[Iterator[Node | tuple[int, int]]] = [iter(tree.root.children)]
    while stack:
        for child in stack[-1]:
            if not isinstance(child, Node) or child.tag in SKIP_TAGS:
                continue
            if _hidden(child):
                out.skip.add(id(child))
                continue
            kind = _classify(html, child) if child.text_len else None
            if kind is None:
                if child.text_len:
                    stack.append(iter(child.children))
                    break
                continue
            found = _find_date(html, child) if kind == "date" else None
            if kind == "date" and found is None:
                if child.tag == "time" and child.get("datetime"):
                    out.dates.append((child.get("datetime")[:16].replace("T", " "), child.start, child.start))
                stack.append(iter(child.children))
                break
            out.skip.add(id(child))
            if found is not None:
                out.dates.append(found)
                out.removed.append(("date", found[1], found[2]))
            else:
                span = _text_span(html, child)
                if span is not None:
                    out.removed.append((kind, *span))
        else:
            stack.pop()
    return out


def is_candidate(node: Node) -> bool:
    """An article, main, or an element with a well-known content id or class."""
    if node.tag in ("article", "main"):
        return True
    if not node.attr_text:
        return False
    return any(c in _CONTAINER_IDS or c in _CONTAINER_CLASSES for c in node.labels().split())


def _nonlink(node: Node) -> int:
    return node.text_len - node.link_len


def _body(tree: Tree) -> Node:
    for node in tree.nodes:
        if node.tag == "body":
            return node
    return tree.root


def find_container(tree: Tree, skip: set[int] | None = None) -> Node | None:
    """The main-content element, or None when no element clearly holds the page's text.

    `skip` holds furniture (disjoint subtrees) whose text does not count towards the page's.
    """
    body = _body(tree)
    furniture = sum(_nonlink(n) for n in tree.nodes if skip and id(n) in skip and n.tag != "title")
    total = max(_nonlink(body) - furniture, 1)
    known = [n for n in tree.nodes if _nonlink(n) >= 20 and n.link_len <= 0.6 * n.text_len and is_candidate(n)]
    if known:
        best = max(known, key=_nonlink)  # the first (outermost) of equals
        inner = [n for n in known if n is not best and _inside(n, best) and _nonlink(n) >= 0.85 * _nonlink(best)]
        if inner:
            best = max(inner, key=_nonlink)
        if _nonlink(best) >= 0.2 * total:
            return best
    node = body
    while True:
        kids = [c for c in node.children if isinstance(c, Node) and not _NOT_CONTENT.search(c.labels())]
        top = max(kids, key=_nonlink, default=None)
        if top is None or _nonlink(top) < 0.6 * _nonlink(node):
            break
        node = top
    if node is not body and _nonlink(node) >= max(200, 0.5 * total) and node.link_len < 0.5 * node.text_len:
        return node
    return None


def _inside(node: Node, ancestor: Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent
    return False


def not_content(node: Node) -> bool:
    """Structural page chrome (nav, header, footer, menus, sidebars) by tag or id/class."""
    if node.tag in ("nav", "header", "footer", "aside", "menu"):
        return True
    labels = node.labels()
    return bool(labels) and bool(_NOT_CONTENT.search(labels))
