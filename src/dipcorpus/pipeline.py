"""Stage registry and runner.

A stage is a plain function from Document to Document, registered under a versioned name with
what it requires and assigns. Built-in stages register through `register`, the same hook a plugin
uses. The runner checks the order when it starts, runs the stages, checks each returns a Document,
and turns a failure into a typed `Rejected` result tagged with the stage name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dipcorpus.errors import E
from dipcorpus.model import Document

__all__ = [
    "DEFAULT_STAGES",
    "Context",
    "Rejected",
    "Stage",
    "check_order",
    "register",
    "registered",
    "run",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """What stages may need besides the document (settings, the knowledge base)."""

    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Stage:
    name: str
    func: Callable[[Document, Context], Document]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejected:
    """A document a stage could not process."""

    source: str
    stage: str
    reason: str


_REGISTRY: dict[str, Stage] = {}


def register(
    name: str, *, requires: Sequence[str] = (), assigns: Sequence[str] = ()
) -> Callable[[Callable[[Document, Context], Document]], Callable[[Document, Context], Document]]:
    """Register a stage function under a versioned name like 'parse.turns.v1'."""

    def wrap(func: Callable[[Document, Context], Document]) -> Callable[[Document, Context], Document]:
        _REGISTRY[name] = Stage(name=name, func=func, requires=tuple(requires), assigns=tuple(assigns))
        return func

    return wrap


def registered() -> dict[str, Stage]:
    from dipcorpus import stages  # noqa: F401 - importing registers the built-in stages

    return dict(_REGISTRY)


def check_order(names: Iterable[str]) -> list[Stage]:
    """The stages for `names`, after checking each one's requirements are assigned earlier."""
    table = registered()
    chosen: list[Stage] = []
    have = {"raw", "text"}
    for name in names:
        if name not in table:
            raise KeyError(f"unknown stage {name!r}; registered: {', '.join(sorted(table))}")
        stage = table[name]
        missing = [r for r in stage.requires if r not in have]
        if missing:
            raise ValueError(E.E202.format(stage=name, needs=", ".join(missing)))
        have.update(stage.assigns)
        chosen.append(stage)
    return chosen


def run(doc: Document, stages: Sequence[Stage], ctx: Context) -> Document | Rejected:
    for stage in stages:
        try:
            out = stage.func(doc, ctx)
        except Exception as exc:
            return Rejected(source=doc.source, stage=stage.name, reason=E.E201.format(stage=stage.name, reason=exc))
        if not isinstance(out, Document):
            reason = E.E201.format(stage=stage.name, reason=f"returned {type(out).__name__}, not a Document")
            return Rejected(source=doc.source, stage=stage.name, reason=reason)
        doc = out
    return doc


DEFAULT_STAGES: tuple[str, ...] = (
    "ingest.clean.v1",
    "parse.metadata.v1",
    "parse.sentences.v1",
    "parse.turns.v1",
    "parse.statements.v1",
    "parse.speakers.v1",
    "parse.points.v1",
    "annotate.entities.v1",
    "annotate.formulations.v1",
)
