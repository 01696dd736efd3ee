"""What `dipcorpus ingest` shows on stderr while it works (phases, files done, time left) and the
failures and warnings it reports as it goes."""

from __future__ import annotations

import sys
import time
from typing import Any

import click

__all__ = ["COMMANDS", "IngestProgress", "log_failure"]

COMMANDS: list[click.Command] = []  # no commands: the progress display of `ingest` (cli.py)


class IngestProgress:
    """What ingest shows on stderr while it works: on a terminal a bar per phase (read, process and
    store; index; link) with files done, elapsed time and an estimate of the time left; otherwise a
    plain line when a phase starts, about every 10% or 30 s of the first phase, and at the end.
    Failures and warnings are always printed; --silent prints nothing else."""

    def __init__(self, silent: bool) -> None:
        self.silent = silent
        self.live = not silent and sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None
        self._started = time.monotonic()
        self._phase_started = self._started
        self._phase = ""
        self._total: int | None = None
        self._done = 0
        self._told = 0.0

    def __enter__(self) -> IngestProgress:
        if self.live:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                TimeRemainingColumn(), console=Console(stderr=True),
            )  # fmt: skip
            self._bar.start()
        return self

    def phase(self, name: str, total: int | None) -> None:
        self._phase, self._total, self._done = name, total, 0
        self._phase_started = time.monotonic()
        if self._bar is not None:
            if self._task is not None:
                self._bar.update(self._task, completed=self._bar.tasks[self._task].total or 0)
            self._task = self._bar.add_task(name, total=total)
        elif not self.silent:
            size = f": {total} files" if total is not None else ""
            click.echo(f"ingest: {name}{size} ({_clock(self._phase_started - self._started)} elapsed)", err=True)
            self._told = time.monotonic()

    def file(self) -> None:
        self._done += 1
        if self._bar is not None:
            self._bar.advance(self._task)
            return
        if self.silent or not self._total:
            return
        now = time.monotonic()
        step = max(1, self._total // 10)
        if self._done % step == 0 or now - self._told >= 30 or self._done == self._total:
            spent = now - self._phase_started
            left = spent / self._done * (self._total - self._done)
            click.echo(
                f"ingest: {self._phase}: {self._done}/{self._total} files ({100 * self._done // self._total}%), "
                f"{_clock(spent)} elapsed, about {_clock(left)} left",
                err=True,
            )
            self._told = now

    def item(self, item: Any) -> None:
        log_failure(item)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
        elif not self.silent and not exc[0]:
            click.echo(f"ingest: done in {_clock(time.monotonic() - self._started)}", err=True)


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def log_failure(item: Any) -> None:
    """A failed item's coded error and every warning, on stderr."""
    if item.status == "failed":
        click.echo(f"failed: {item.source}: {item.error}", err=True)
    for warning in item.warnings:
        click.echo(f"warning: {item.source}: {warning}", err=True)
