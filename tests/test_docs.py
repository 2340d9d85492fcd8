"""The README documents every command and option; every command's help has an example."""

from __future__ import annotations

import re

import pytest
import typer

from conftest import ROOT
from framing.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = [info.name or info.callback.__name__ for info in app.registered_commands]


def test_there_are_commands():
    assert "analyze" in COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_has_an_example(run_cli, command: str):
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    assert re.search(rf"Example: framing {command}\b", result.stdout)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_and_its_options_are_in_the_readme(command: str):
    assert f"framing {command}" in README
    click_command = typer.main.get_command(app).commands[command]
    for param in click_command.params:
        for flag in getattr(param, "opts", []):
            if flag.startswith("--") and flag != "--help":
                assert flag in README, f"{command} {flag} is not documented in README.md"


def test_quick_start_is_exactly_two_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^```(?:sh|bash|console)?\n(.*?)^```", section, re.M | re.S)
    lines = [ln for block in commands for ln in block.splitlines() if ln.strip()]
    assert lines == ["make demo", "make test"]
