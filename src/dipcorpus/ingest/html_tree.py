"""A small, forgiving HTML tree that keeps the raw character offset of every tag and text run.

lxml parses faster but forgets where its text came from; this tokenizer is one regex search per
tag, and the tree builder applies the few implied-end rules that matter for text (`<p>`, `<li>`,
table cells). Text runs are stored as `(start, end)` offsets into the source string, so the text
emitter can copy them verbatim and map every clean character back to the raw HTML.
"""

from __future__ import annotations

import re

__all__ = ["BLOCK_TAGS", "Node", "Tree", "parse_tree"]

_TAG = re.compile(
    r"""<(?:(/?)([A-Za-z][^\s/>]*)((?:[^>"']++|"[^"]*+"|'[^']*+')*+|[^>]*)>|!--.*?(?:--!?>|\Z)|![^>]*>|\?[^>]*>)""",
    re.S,
)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_ID_CLASS = re.compile(r"""(?:^|\s)(?:id|class)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>'"]+))""", re.I)
_RAWTEXT = {"script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "plaintext"}
_KEEP_RAWTEXT = {"title", "textarea"}
_RAW_END = {tag: re.compile(rf"</{tag}\s*>", re.I) for tag in _RAWTEXT}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
    "keygen",
    "basefont",
    "bgsound",
    "frame",
}
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
        "br",
    ]
)
_CLOSES_P = BLOCK_TAGS - {
    "br",
    "body",
    "html",
    "td",
    "th",
    "tr",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "title",
}
_SCOPE = {"html", "body", "table", "td", "th", "caption", "button", "object", "template", "marquee", "applet"}
# opening tag -> (tags it implicitly closes, tags that stop the search)
_IMPLIED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu"} | _SCOPE)),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl"} | _SCOPE)),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl"} | _SCOPE)),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "tbody", "thead", "tfoot", "html"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table", "html"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table", "html"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist", "html"})),
    "tbody": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table", "html"})),
    "thead": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table", "html"})),
    "tfoot": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table", "html"})),
}
_MAX_SCAN = 64  # how far up the open-element stack an implied end looks


class Node:
    """One element: its tag, raw attribute text, raw span and children (nodes and text runs)."""

    __slots__ = (
        "_attrs",
        "_labels",
        "attr_text",
        "children",
        "end",
        "has_block",
        "link_len",
        "parent",
        "start",
        "tag",
        "text_len",
    )

    def __init__(self, tag: str, start: int, attr_text: str, parent: Node | None) -> None:
        self.tag = tag
        self.start = start
        self.end = start
        self.attr_text = attr_text
        self.parent = parent
        self.children: list[Node | tuple[int, int]] = []
        self.text_len = 0  # non-space characters of text below this node
        self.link_len = 0  # of which inside <a>
        self.has_block = False  # a block-level element is a direct child
        self._attrs: dict[str, str] | None = None
        self._labels: str | None = None

    @property
    def attrs(self) -> dict[str, str]:
        if self._attrs is None:
            self._attrs = {}
            if self.attr_text:
                for m in _ATTR.finditer(self.attr_text):
                    value = m.group(2) or ""
                    if value[:1] in ("'", '"'):
                        value = value[1:-1]
                    self._attrs.setdefault(m.group(1).lower(), value)
        return self._attrs

    def get(self, name: str) -> str:
        if not self.attr_text:
            return ""
        attrs = self._attrs if self._attrs is not None else self.attrs
        return attrs.get(name, "")

    def labels(self) -> str:
        """id and class, lower-cased, space-separated (empty when there are none)."""
        if self._labels is None:
            at = self.attr_text
            if at and ("id" in at or "class" in at or "ID" in at or "CLASS" in at):
                self._labels = " ".join(v for m in _ID_CLASS.finditer(at) for v in m.groups() if v).lower()
            else:
                self._labels = ""
        return self._labels

    def __repr__(self) -> str:
        return f"<Node {self.tag} {self.start}:{self.end} {self.labels()!r}>"


class Tree:
    """The parsed document: the root, every node in document order, and what was seen."""

    __slots__ = ("fragment", "html", "nodes", "root")

    def __init__(self, html: str, root: Node, nodes: list[Node], fragment: bool) -> None:
        self.html = html
        self.root = root
        self.nodes = nodes
        self.fragment = fragment


def _text_len(chunk: str) -> int:
    if " " in chunk or "\n" in chunk or "\t" in chunk or "\r" in chunk:
        return len("".join(chunk.split()))
    return len(chunk)


def _find_open(stack: list[Node], tags: frozenset[str], stop: frozenset[str] | set[str]) -> int:
    for i in range(len(stack) - 1, max(len(stack) - 1 - _MAX_SCAN, 0), -1):
        tag = stack[i].tag
        if tag in tags:
            return i
        if tag in stop:
            return -1
    return -1


_P = frozenset({"p"})


def parse_tree(html: str) -> Tree:
    """Parse `html` (a page or a fragment) into a `Tree`; never raises on malformed input."""
    root = Node("#root", 0, "", None)
    stack: list[Node] = [root]
    counts: dict[str, int] = {}
    nodes: list[Node] = []
    pos, n = 0, len(html)
    search = _TAG.search
    seen_page = False

    def pop_to(index: int, at: int) -> None:
        while len(stack) > index:
            node = stack.pop()
            node.end = at
            counts[node.tag] -= 1

    def add_text(start: int, end: int) -> None:
        top = stack[-1]
        top.children.append((start, end))
        k = _text_len(html[start:end])
        top.text_len += k
        if counts.get("a"):
            top.link_len += k

    def close(tag: str, at: int) -> None:
        if counts.get(tag):
            for i in range(len(stack) - 1, 0, -1):
                if stack[i].tag == tag:
                    pop_to(i, at)
                    return

    while pos < n:
        m = search(html, pos)
        if m is None:
            add_text(pos, n)
            break
        start = m.start()
        if start > pos:
            add_text(pos, start)
        pos = m.end()
        name = m.group(2)
        if name is None:
            continue
        tag = name.lower()
        closing = m.group(1)
        if closing and tag != "br":
            close(tag, start)
            continue
        attr_text = "" if closing else m.group(3)
        if tag in _CLOSES_P and counts.get("p"):
            i = _find_open(stack, _P, _SCOPE)
            if i > 0:
                pop_to(i, start)
        implied = _IMPLIED.get(tag)
        if implied is not None:
            i = _find_open(stack, implied[0], implied[1])
            if i > 0:
                pop_to(i, start)
        parent = stack[-1]
        node = Node(tag, start, attr_text, parent)
        parent.children.append(node)
        nodes.append(node)
        if tag in BLOCK_TAGS:
            parent.has_block = True
        if tag in _VOID or attr_text.endswith("/"):
            node.end = pos
            continue
        stack.append(node)
        counts[tag] = counts.get(tag, 0) + 1
        if tag in _RAWTEXT:
            end = _RAW_END[tag].search(html, pos)
            stop = end.start() if end else n
            if tag in _KEEP_RAWTEXT and stop > pos:
                add_text(pos, stop)
            pos = end.end() if end else n
            pop_to(len(stack) - 1, pos)
        elif tag in ("html", "body", "head"):
            seen_page = True
    pop_to(1, n)
    root.end = n
    for node in reversed(nodes):  # children come after their parent: accumulate bottom-up
        up = node.parent
        if up is not None:
            up.text_len += node.text_len
            up.link_len += node.text_len if node.tag == "a" else node.link_len
    return Tree(html, root, nodes, fragment=not seen_page)
