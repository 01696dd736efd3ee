"""Apply a source profile: its content and furniture selectors on a parsed page, its fields as header hints."""

from __future__ import annotations

from dipcorpus.ingest.html_blocks import node_text
from dipcorpus.ingest.html_tree import Node, Tree
from dipcorpus.sources.profiles_io import FIELDS, Profile, Selector

__all__ = ["HEADER_PREFIX", "PageIndex", "content_node", "furniture_nodes", "page_fields", "text_fields"]

HEADER_PREFIX = "profile."  # header keys: 'profile' (its name), 'profile.title', '.date', '.place', '.labels'
_TEXT_WINDOW = 4000  # characters at the top of a text searched by line rules
_MAX_FIELD = 300


class PageIndex:
    """One pass over a parsed page: the elements with an id or class (with their label sets) and by tag."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.labelled: list[tuple[Node, frozenset[str]]] = []
        self.by_tag: dict[str, list[Node]] = {}
        for node in tree.nodes:
            self.by_tag.setdefault(node.tag, []).append(node)
            if node.attr_text:
                labels = node.labels()
                if labels:
                    self.labelled.append((node, frozenset(labels.split())))

    def select(self, selectors: tuple[Selector, ...]) -> list[Node]:
        """Every element one of `selectors` matches, in document order."""
        found: dict[int, Node] = {}
        for sel in selectors:
            if sel.labels:
                wanted = frozenset(sel.labels)
                for node, labels in self.labelled:
                    if wanted <= labels and (sel.tag is None or node.tag == sel.tag):
                        found.setdefault(id(node), node)
            elif sel.tag is not None:
                for node in self.by_tag.get(sel.tag, ()):
                    found.setdefault(id(node), node)
        return sorted(found.values(), key=lambda n: n.start) if len(selectors) > 1 else list(found.values())


def content_node(index: PageIndex, profile: Profile) -> Node | None:
    """The first element the profile names as the main text (with some text in it)."""
    return next((n for n in index.select(profile.content) if n.text_len - n.link_len >= 20), None)


def furniture_nodes(index: PageIndex, profile: Profile) -> list[Node]:
    return index.select(profile.furniture)


def _value(tree: Tree, node: Node, selector: Selector) -> str:
    if selector.attr:
        return " ".join(node.get(selector.attr).split())
    return node_text(tree.html, node)


def page_fields(index: PageIndex, profile: Profile) -> dict[str, str]:
    """Header hints read from the page by the profile's field selectors."""
    out: dict[str, str] = {"profile": profile.name}
    if profile.labels:
        out[HEADER_PREFIX + "labels"] = profile.labels
    for name in FIELDS:
        rule = profile.fields.get(name)
        if rule is None:
            continue
        for selector in rule.select:
            value = next((v for n in index.select((selector,)) if (v := _value(index.tree, n, selector))), "")
            if value:
                out[HEADER_PREFIX + name] = value[:_MAX_FIELD]
                break
    return out


def text_fields(text: str, profile: Profile, *, exclude: frozenset[str] = frozenset()) -> dict[str, str]:
    """Header hints from the profile's line rules (on the top of the text) and fixed values; a line
    in `exclude` (the byline the loader already knows, say) is never a field."""
    out: dict[str, str] = {"profile": profile.name}
    if profile.labels:
        out[HEADER_PREFIX + "labels"] = profile.labels
    head = text[:_TEXT_WINDOW]
    for name in FIELDS:
        rule = profile.fields.get(name)
        if rule is None:
            continue
        if rule.line is not None:
            for m in rule.line.finditer(head):
                value = " ".join((m.group(1) if m.groups() and m.group(1) else m.group()).split())
                if value and value not in exclude:
                    out[HEADER_PREFIX + name] = value[:_MAX_FIELD]
                    break
            if HEADER_PREFIX + name in out:
                continue
        if rule.value is not None:
            out[HEADER_PREFIX + name] = rule.value
    return out
