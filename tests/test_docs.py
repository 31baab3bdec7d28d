"""README documents every command, and CI runs exactly README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mbx.cli import main
from tests.oxigraph_server import OxigraphServer

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


# --- the README tour is run, and its output compared ---------------------------------

ELLIPSIS = "…"


def _tour() -> list[tuple[str, list[str]]]:
    """The tour's ``$ command`` lines, each with the output lines shown under it."""
    block = README.split("## A tour", 1)[1].split("```console\n", 1)[1].split("\n```", 1)[0]
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return steps


def _matches(expected: list[str], actual: list[str]) -> bool:
    """``expected`` equals ``actual``, where a line ``…`` (maybe indented) stands for any lines."""
    if not expected:
        return not actual
    if expected[0].strip() == ELLIPSIS:
        return any(_matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and _matches(expected[1:], actual[1:])


@pytest.mark.server
def test_the_tour_output_is_real(tmp_path: Path, oxigraph: OxigraphServer) -> None:
    import os
    import shutil
    import subprocess
    import sys

    address = oxigraph.base.removeprefix("http://")
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",  # stdout and stderr interleave as on a terminal
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    assert shutil.which("mbx", path=env["PATH"]), "the mbx command is not installed"
    status = 0
    steps = _tour()
    assert len(steps) >= 10
    for command, expected in steps:
        command = command.replace("127.0.0.1:7878", address)
        expected = [line.replace("127.0.0.1:7878", address) for line in expected]
        if command.startswith("oxigraph serve"):
            continue  # the fixture runs the server
        if command == "echo $?":
            assert expected == [str(status)], "the exit code shown after the previous command"
            continue
        if command.startswith("cat ") and " && " not in command:
            # the file the tour shows is the file the next commands use
            (tmp_path / command[4:]).write_text("\n".join(expected) + "\n", encoding="utf-8")
        done = subprocess.run(
            ["bash", "-c", command.split("  #", 1)[0]],
            cwd=tmp_path,
            env=env,
            capture_output=False,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            check=False,
        )
        status = done.returncode
        actual = done.stdout.decode("utf-8").splitlines()
        assert _matches(expected, actual), f"$ {command}\n" + "\n".join(actual)
