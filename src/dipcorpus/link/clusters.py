"""Clusters of near-duplicate passages and the talking-point report built on them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dipcorpus.model import Link

__all__ = ["Cluster", "Member", "clusters", "talking_points"]

_CLUSTER_KINDS = ("near duplicate", "containment")


@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    doc_id: str
    start: int
    end: int
    date: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Cluster:
    """Passages that are near duplicates of one another (connected by passage links). The
    representative is the earliest dated member, the longest breaking ties."""

    id: str
    representative: Member
    members: tuple[Member, ...]

    @property
    def docs(self) -> int:
        return len({m.doc_id for m in self.members})

    @property
    def dates(self) -> list[str]:
        return sorted({m.date[:10] for m in self.members if m.date})


def _find(parent: dict[Member, Member], x: Member) -> Member:
    while parent[x] is not x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def clusters(links: Iterable[Link], dates: Mapping[str, str | None]) -> list[Cluster]:
    """Group the passages of passage-level near-duplicate and containment links into clusters
    (union-find), largest first. `dates` maps a document id to its date."""
    parent: dict[Member, Member] = {}
    nodes: dict[tuple[str, int, int], Member] = {}

    def node(doc_id: str, start: int, end: int) -> Member:
        key = (doc_id, start, end)
        if key not in nodes:
            nodes[key] = Member(doc_id=doc_id, start=start, end=end, date=dates.get(doc_id))
            parent[nodes[key]] = nodes[key]
        return nodes[key]

    for k in links:
        if k.kind not in _CLUSTER_KINDS or None in (k.a_start, k.a_end, k.b_start, k.b_end):
            continue
        a = node(k.a_doc, k.a_start, k.a_end)  # type: ignore[arg-type]
        b = node(k.b_doc, k.b_start, k.b_end)  # type: ignore[arg-type]
        ra, rb = _find(parent, a), _find(parent, b)
        if ra is not rb:
            parent[rb] = ra
    groups: dict[Member, list[Member]] = defaultdict(list)
    for member in nodes.values():
        groups[_find(parent, member)].append(member)
    out = []
    for members in groups.values():
        members.sort(key=lambda m: (m.date or "9999", m.doc_id, m.start))
        rep = min(members, key=lambda m: (m.date or "9999", -(m.end - m.start), m.doc_id, m.start))
        out.append(Cluster(id=f"{rep.doc_id}:{rep.start}", representative=rep, members=tuple(members)))
    out.sort(key=lambda c: (-c.docs, -len(c.members), c.id))
    return out


def talking_points(found: Iterable[Cluster], *, min_docs: int = 3) -> list[Cluster]:
    """Clusters repeated in at least `min_docs` documents, the most repeated first."""
    return [c for c in found if c.docs >= min_docs]
