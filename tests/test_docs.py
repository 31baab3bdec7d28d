"""README documents every command, and CI runs exactly README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mbx.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_a_readme_section(name: str) -> None:
    assert f"### `mbx {name}`" in README


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_option_is_documented(name: str) -> None:
    command = main.commands[name]
    section = README.split(f"### `mbx {name}`", 1)[1].split("\n### ", 1)[0]
    for param in command.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and opt != "--help":
                assert opt in section, f"{opt} of mbx {name} is not in its README section"


def test_ci_runs_exactly_readmes_test_command() -> None:
    commands = re.findall(r"```console\n(.+?)\n```", README.split("## Quick start", 1)[1])
    assert len(commands) >= 2
    install_and_run, test_command = commands[0], commands[1]
    assert "mbx export" in install_and_run
    assert "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()
