"""The docs cannot drift: README's tour runs, each command's page holds its exact --help,
the module map lists every module, and CI runs exactly README's test command.

``pytest tests/test_docs.py --update-golden`` rewrites what is generated: the
help blocks in docs/, docs/architecture.md and the tour outputs that have no ``…``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbx.cli import all_commands, main
from tests.oxigraph_server import OxigraphServer

ROOT = Path(__file__).resolve().parents[1]
README_PATH = ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
DOCS = ROOT / "docs"
COMMANDS = sorted(all_commands())
HELP_BLOCK = re.compile(r"```text\n\$ (mbx(?: \w+)? --help)\n(.*?)```\n", re.DOTALL)


def _update(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden", default=False))


def help_text(command: str | None) -> str:
    """``mbx [COMMAND] --help`` as a terminal 80 columns wide shows it."""
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(main, args, prog_name="mbx", terminal_width=80)
    assert result.exit_code == 0, result.output
    return result.stdout


def _check_help_blocks(path: Path, request: pytest.FixtureRequest) -> str:
    """Every help block of ``path`` equals the real --help (rewritten with --update-golden)."""
    text = path.read_text(encoding="utf-8")
    blocks = HELP_BLOCK.findall(text)
    assert blocks, f"{path.name} has no ```text block starting with `$ mbx … --help`"

    def real(match: re.Match[str]) -> str:
        words = match.group(1).split()  # mbx [COMMAND] --help
        return f"```text\n$ {match.group(1)}\n{help_text(words[1] if len(words) == 3 else None)}```\n"

    fresh = HELP_BLOCK.sub(real, text)
    if fresh != text and _update(request):
        path.write_text(fresh, encoding="utf-8")
        text = fresh
    assert text == fresh, f"{path.name}: its --help block differs; `pytest --update-golden` if intended"
    return text


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_page_with_its_exact_help(
    name: str, request: pytest.FixtureRequest
) -> None:
    page = DOCS / f"{name}.md"
    assert page.is_file(), f"mbx {name} needs a page docs/{name}.md"
    text = _check_help_blocks(page, request)
    assert f"$ mbx {name} --help\n" in text
    assert f"(docs/{name}.md)" in README, f"README must link docs/{name}.md"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_documented(name: str) -> None:
    page = (DOCS / f"{name}.md").read_text(encoding="utf-8")
    for param in all_commands()[name].params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and opt != "--help":
                assert opt in page, f"{opt} of mbx {name} is not in docs/{name}.md"


def test_exit_codes_page(request: pytest.FixtureRequest) -> None:
    """The page holds `mbx --help` and a row for exactly the codes mbx's errors exit with."""
    from mbx import errors

    text = _check_help_blocks(DOCS / "exit-codes.md", request)
    codes = {0} | {
        cls.exit_code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.MbxError)
    }
    rows = {int(m) for m in re.findall(r"^\| (\d) \|", text, re.MULTILINE)}
    assert rows == codes
    assert "(docs/exit-codes.md)" in README


def test_readme_is_a_front_door() -> None:
    lines = README.count("\n")
    assert lines <= 250, f"README.md has {lines} lines: move reference material to docs/"
    for link in re.findall(r"\]\(((?:docs|benchmarks)/[^)#]+)\)", README):
        assert (ROOT / link).is_file(), f"README links {link}, which does not exist"


def test_docs_name_only_shipped_queries() -> None:
    from mbx.sparql.library import library

    shipped = {query.name for query in library()}
    for path in [README_PATH, *sorted(DOCS.glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r"^\$ mbx query [^\n]*--name ([\w-]+)", text, re.MULTILINE):
            assert name in shipped, f"{path.name} runs `--name {name}`, which is not shipped"


# --- the module map ------------------------------------------------------------------

ARCHITECTURE = DOCS / "architecture.md"
MAP_START, MAP_END = "<!-- module map: generated -->\n", "<!-- end of module map -->\n"


def module_map() -> str:
    """One line per module of mbx/: its path and the first line of its docstring."""
    package = ROOT / "mbx"
    lines = []
    for path in sorted(package.rglob("*.py")):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        job = docstring.split("\n", 1)[0]
        lines.append(f"- `{path.relative_to(ROOT).as_posix()}` — {job}\n")
    return "".join(lines)


def test_architecture_page_maps_every_module(request: pytest.FixtureRequest) -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    head, rest = text.split(MAP_START, 1)
    _old, tail = rest.split(MAP_END, 1)
    fresh = head + MAP_START + module_map() + MAP_END + tail
    if fresh != text and _update(request):
        ARCHITECTURE.write_text(fresh, encoding="utf-8")
        text = fresh
    assert text == fresh, "docs/architecture.md: the module map differs; `pytest --update-golden`"


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
TOUR_START = "## A tour"


def _tour_block() -> str:
    return README.split(TOUR_START, 1)[1].split("```console\n", 1)[1].split("\n```", 1)[0]


def _tour() -> list[tuple[str, list[str]]]:
    """The tour's ``$ command`` lines, each with the output lines shown under it."""
    steps: list[tuple[str, list[str]]] = []
    for line in _tour_block().splitlines():
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


def _rewrite_tour(outputs: dict[int, list[str]]) -> None:
    """README's tour with the outputs of the steps in ``outputs`` replaced (by step index)."""
    steps = _tour()
    lines = []
    for index, (command, expected) in enumerate(steps):
        lines.append(f"$ {command}")
        lines.extend(outputs.get(index, expected))
    block = _tour_block()
    README_PATH.write_text(README.replace(block, "\n".join(lines), 1), encoding="utf-8")


@pytest.mark.server
def test_the_tour_output_is_real(
    tmp_path: Path, oxigraph: OxigraphServer, request: pytest.FixtureRequest
) -> None:
    """Each step's output must match; with --update-golden, a step shown without ``…``
    gets the output it gives now (so a change of the data is one command away)."""
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
    rewritten: dict[int, list[str]] = {}
    failures: dict[int, str] = {}
    for index, (command, expected_shown) in enumerate(steps):
        command = command.replace("127.0.0.1:7878", address)
        expected = [line.replace("127.0.0.1:7878", address) for line in expected_shown]
        if command.startswith("oxigraph serve"):
            continue  # the fixture runs the server
        if command == "echo $?":
            if expected != [str(status)]:
                failures[index] = f"$ echo $? gives {status} after the previous command"
                rewritten[index] = [str(status)]
            continue
        if command.startswith("cat ") and " && " not in command:
            # the file the tour shows is the file the next commands use
            (tmp_path / command[4:]).write_text("\n".join(expected) + "\n", encoding="utf-8")
        done = subprocess.run(
            ["bash", "-c", command.split("  #", 1)[0]],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            check=False,
        )
        status = done.returncode
        actual = done.stdout.decode("utf-8").splitlines()
        if not _matches(expected, actual):
            failures[index] = f"$ {command}\n" + "\n".join(actual)
            if not any(line.strip() == ELLIPSIS for line in expected):
                rewritten[index] = [line.replace(address, "127.0.0.1:7878") for line in actual]
    if rewritten and _update(request):
        _rewrite_tour(rewritten)
        failures = {i: f for i, f in failures.items() if i not in rewritten}
    assert not failures, "\n\n".join(failures.values())
