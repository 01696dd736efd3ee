"""Apply a source profile: its content and furniture selectors on a parsed page, its fields as header hints."""

from __future__ import annotations

from dipcorpus.ingest.html_blocks import node_text
from dipcorpus.ingest.html_tree import Node, Tree
from dipcorpus.sources.profiles_io import FIELDS, Profile, Selector

__all__ = ["HEADER_PREFIX", "content_node", "furniture_nodes", "page_fields", "text_fields"]

HEADER_PREFIX = "profile."  # header keys: 'profile' (its name), 'profile.title', '.date', '.place', '.labels'
_TEXT_WINDOW = 4000  # characters at the top of a text searched by line rules
_MAX_FIELD = 300


def _select(tree: Tree, selectors: tuple[Selector, ...]) -> list[Node]:
    if not selectors:
        return []
    return [n for n in tree.nodes if any(s.matches(n.tag, n.labels()) for s in selectors)]


def content_node(tree: Tree, profile: Profile) -> Node | None:
    """The first element the profile names as the main text (with some text in it)."""
    return next((n for n in _select(tree, profile.content) if n.text_len - n.link_len >= 20), None)


def furniture_nodes(tree: Tree, profile: Profile) -> list[Node]:
    return _select(tree, profile.furniture)


def _value(tree: Tree, node: Node, selector: Selector) -> str:
    if selector.attr:
        return " ".join(node.get(selector.attr).split())
    return node_text(tree.html, node)


def page_fields(tree: Tree, profile: Profile) -> dict[str, str]:
    """Header hints read from the page by the profile's field selectors."""
    out: dict[str, str] = {"profile": profile.name}
    if profile.labels:
        out[HEADER_PREFIX + "labels"] = profile.labels
    for name in FIELDS:
        rule = profile.fields.get(name)
        if rule is None:
            continue
        for selector in rule.select:
            value = next((v for n in _select(tree, (selector,)) if (v := _value(tree, n, selector))), "")
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
