"""The README documents every command and option; every command's help has an example."""

from __future__ import annotations

import re

import pytest
import typer

from conftest import ROOT
from framing.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _leaf_commands(command, path: tuple[str, ...] = ()):
    if hasattr(command, "commands"):  # a group (Typer's own Click; nothing imported from click)
        for name, sub in command.commands.items():
            yield from _leaf_commands(sub, (*path, name))
    else:
        yield " ".join(path), command


COMMANDS = dict(_leaf_commands(typer.main.get_command(app)))


def test_there_are_commands():
    assert {"analyze", "lexicon list", "lexicon validate", "lexicon import"} <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_help_has_an_example(run_cli, name: str):
    result = run_cli(*name.split(), "--help")
    assert result.exit_code == 0
    assert re.search(rf"Example: framing {name}\b", result.stdout), result.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_and_its_options_are_in_the_readme(name: str):
    assert f"framing {name}" in README
    for param in COMMANDS[name].params:
        for flag in getattr(param, "opts", []):
            if flag.startswith("--") and flag != "--help":
                assert flag in README, f"{name} {flag} is not documented in README.md"


def test_quick_start_is_exactly_two_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^```(?:sh|bash|console)?\n(.*?)^```", section, re.M | re.S)
    lines = [ln for block in commands for ln in block.splitlines() if ln.strip()]
    assert lines == ["make demo", "make test"]


def test_readme_python_examples_run(monkeypatch):
    """Every ```python block of the README runs as written, from the repository root."""
    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"^```python\n(.*?)^```", README, re.M | re.S)
    assert len(blocks) >= 2
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["analysis"].documents_frame().shape[0] == 5
    assert list(namespace["X"].columns[:2]) == ["conflict.kinetic", "conflict.kinetic_operations"]
    assert namespace["cleaned"].found["date"] == "2026-02-11"
