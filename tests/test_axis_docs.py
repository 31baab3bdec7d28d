"""docs/matrix.md and docs/path.md: every `$ mbx …` example there is run, and its output compared.

The examples show their real output (tests/test_docs.py keeps the --help
blocks and checks that every option is documented), and the pictures in docs/img/ show what the bundled graph gives now (their
labels are compared with freshly drawn ones, which does not depend on the
matplotlib version).
"""

from __future__ import annotations

import re
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbx.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SVG = "{http://www.w3.org/2000/svg}"


def _examples(name: str) -> list[tuple[str, list[str]]]:
    text = (DOCS / name).read_text(encoding="utf-8")
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)\n```", text, flags=re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
    return steps


EXAMPLES = [(doc, *step) for doc in ("matrix.md", "path.md") for step in _examples(doc)]


@pytest.mark.parametrize(("doc", "command", "expected"), EXAMPLES)
def test_documented_example_output_is_real(
    doc: str, command: str, expected: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)
    assert args[0] == "mbx"
    # the width of an 80-column terminal, as click uses it (COLUMNS=80 mbx … --help)
    result = CliRunner().invoke(main, args[1:], prog_name="mbx", terminal_width=78)
    assert result.output.rstrip("\n").splitlines() == expected, f"{doc}: $ {command}"


def _texts(svg: Path | bytes) -> list[str]:
    root = ET.parse(svg).getroot() if isinstance(svg, Path) else ET.fromstring(svg)
    return sorted("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


@pytest.mark.parametrize(
    ("picture", "args"),
    [
        ("matrix.svg", ["matrix"]),
        ("path-resistance-training-synaptogenesis.svg",
         ["path", "resistance training", "synaptogenesis"]),
        ("path-vitamin-d-bdnf.svg", ["path", "vitamin D", "BDNF"]),
        ("axis-overview.svg", ["path", "--overview"]),
    ],
)
def test_documented_pictures_are_current(picture: str, args: list[str], tmp_path: Path) -> None:
    fresh = tmp_path / picture
    result = CliRunner().invoke(main, [*args, "-o", str(fresh)])
    assert result.exit_code == 0, result.output
    assert _texts(DOCS / "img" / picture) == _texts(fresh), (
        f"docs/img/{picture} is stale: mbx {shlex.join(args)} -o docs/img/{picture}"
    )
