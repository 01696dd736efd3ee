"""Stage registry and runner.

A stage is a plain function from Document to Document, registered under a versioned name with
what it requires and assigns. Built-in stages register through `register`, the same hook a plugin
uses. The runner checks the order when it starts, runs the stages, checks each returns a Document,
and turns a failure into a typed `Rejected` result tagged with the stage name.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from dipcorpus.config import default
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
    """`doc` through `stages` in order, or the first stage's rejection. The whole run has a time
    budget (`max_document_seconds`, in ctx.options or the settings): an alarm stops a stage that
    overruns it (a signal in a process's main thread; in another thread, a Dask worker's, a timer
    that raises in that thread), and the budget is also checked between stages. It has a memory
    budget too (`max_document_mb`, E208, watched the same way) and a most number of annotations
    (`max_document_annotations`, E209, checked after each stage)."""
    budget = float(ctx.options.get("max_document_seconds") or default("max_document_seconds"))
    memory = _MemoryBudget(float(ctx.options.get("max_document_mb") or default("max_document_mb")))
    most = int(ctx.options.get("max_document_annotations") or default("max_document_annotations"))
    start = time.monotonic()
    current = stages[0] if stages else None
    try:
        with _alarm(budget), memory.watch():
            for stage in stages:
                current = stage
                try:
                    out = stage.func(doc, ctx)
                except _OverBudget:
                    return _over_budget(doc, stage, budget)
                except _OverMemory:
                    return memory.rejected(doc, stage)
                except Exception as exc:
                    reason = E.E201.format(stage=stage.name, reason=exc)
                    return Rejected(source=doc.source, stage=stage.name, reason=reason)
                if not isinstance(out, Document):
                    reason = E.E201.format(stage=stage.name, reason=f"returned {type(out).__name__}, not a Document")
                    return Rejected(source=doc.source, stage=stage.name, reason=reason)
                doc = out
                if time.monotonic() - start > budget:
                    return _over_budget(doc, stage, budget)
                if memory.exceeded():
                    return memory.rejected(doc, stage)
                count = sum(len(getattr(doc, layer)) for layer in _COUNTED)
                if count > most:
                    reason = E.E209.format(stage=stage.name, count=count, limit=most)
                    return Rejected(source=doc.source, stage=stage.name, reason=reason)
    except _OverMemory:  # the signal came between two stages: the stage just run is the one named
        if current is not None:
            return memory.rejected(doc, current)
        raise
    return doc


_COUNTED = ("sentences", "turns", "statements", "points", "entities", "formulations")


class _OverMemory(BaseException):
    """Raised (by a signal, in a process's main thread) inside a stage past the memory budget."""


def _resident() -> int:
    """The process's resident memory now (bytes), or its peak where /proc is missing."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource  # not on every platform; /proc answers on Linux

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


class _MemoryBudget:
    """How much the process grows while one document goes through the stages: checked between
    stages, and every 0.2 s by a watcher thread that, when the run is in the main thread, stops the
    stage at once (SIGUSR1 raises _OverMemory there; elsewhere the next check between stages does)."""

    def __init__(self, mb: float) -> None:
        self.mb = mb
        self.base = _resident()
        self.over = threading.Event()

    def exceeded(self) -> bool:
        if not self.over.is_set() and _resident() - self.base > self.mb * 1024 * 1024:
            self.over.set()
        return self.over.is_set()

    def rejected(self, doc: Document, stage: Stage) -> Rejected:
        reason = E.E208.format(stage=stage.name, mb=f"{self.mb:g}", chars=len(doc.text))
        return Rejected(source=doc.source, stage=stage.name, reason=reason)

    @contextmanager
    def watch(self) -> Iterator[None]:
        main = threading.current_thread() is threading.main_thread() and hasattr(signal, "pthread_kill")
        done = threading.Event()

        def ring(signum: int, frame: Any) -> None:
            if self.over.is_set() and not done.is_set():
                raise _OverMemory

        def look() -> None:
            while not done.wait(0.2):
                if self.exceeded():
                    if main:
                        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGUSR1)
                    return

        previous = signal.signal(signal.SIGUSR1, ring) if main else None
        watcher = threading.Thread(target=look, name="dipcorpus-memory", daemon=True)
        watcher.start()
        try:
            yield
        finally:
            done.set()
            watcher.join()
            if main and previous is not None:
                signal.signal(signal.SIGUSR1, previous)


class _OverBudget(BaseException):
    """Raised by the alarm inside a stage that ran past the document's time budget."""


def _over_budget(doc: Document, stage: Stage, budget: float) -> Rejected:
    reason = E.E205.format(stage=stage.name, seconds=f"{budget:g}", chars=len(doc.text))
    return Rejected(source=doc.source, stage=stage.name, reason=reason)


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        with _thread_alarm(seconds):
            yield
        return

    def ring(signum: int, frame: Any) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_alarm(seconds: float) -> Iterator[None]:
    """Like the signal alarm, for a thread that is not the main one: a timer raises `_OverBudget` in
    this thread (at its next Python instruction, as a signal handler would run) unless it is disarmed."""
    target = threading.get_ident()
    lock = threading.Lock()
    armed = [True]

    def ring() -> None:
        with lock:
            if armed[0]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(_OverBudget))

    timer = threading.Timer(seconds, ring)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            armed[0] = False
        timer.cancel()


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
