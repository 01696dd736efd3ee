"""Docs stay true: every command and setting documented, the public API listed, the stage registry pinned."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click

import dipcorpus
from dipcorpus.cli import cli
from dipcorpus.pipeline import DEFAULT_STAGES, registered

REPO = Path(__file__).resolve().parents[1]


def test_docs_cli_and_settings_are_generated_and_current() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_docs.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_docs_every_command_has_help() -> None:
    ctx = click.Context(cli)
    names = cli.list_commands(ctx)
    assert {"ingest", "link", "search", "export"} <= set(names)  # the commands of cli_*.py are there too
    for name in names:
        command = cli.get_command(ctx, name)
        assert command is not None and command.help, f"command {name} has no help text"


def test_docs_architecture_lists_every_default_stage() -> None:
    text = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for name in DEFAULT_STAGES:
        assert f"`{name}`" in text, name


def test_exported_members_sorted() -> None:
    assert dipcorpus.__all__ == sorted(dipcorpus.__all__)
    for name in dipcorpus.__all__:
        assert hasattr(dipcorpus, name), name


def test_registry_contents_snapshot() -> None:
    """A change in a stage's behaviour gets a new versioned name; this list changes only on purpose."""
    expected = json.loads((REPO / "tests" / "registry_contents.json").read_text(encoding="utf-8"))
    assert sorted(registered()) == expected
