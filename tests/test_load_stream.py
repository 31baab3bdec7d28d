"""`mbx load` of large files: the body streamed from the lines held once, progress bars
on a terminal only (issue 15). Real Oxigraph server, real terminal (a pseudo-terminal)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from oxigraph_server import OxigraphServer
from terminal import run_on_terminal

from mbx.remote.gsp import count_with_gsp
from mbx.remote.http import STORE_CREDENTIALS as CREDS

pytestmark = pytest.mark.server

GRAPH = "https://example.org/big"


def _big_file(tmp_path: Path, triples: int, width: int = 80) -> Path:
    """N-Triples with one duplicate line and two blank nodes."""
    path = tmp_path / "big.nt"
    with path.open("w", encoding="utf-8") as out:
        for i in range(triples):
            out.write(f'<https://example.org/s{i}> <https://example.org/p> "{"x" * width} {i}" .\n')
        out.write('<https://example.org/s0> <https://example.org/p> "' + "x" * width + ' 0" .\n')
        out.write("_:a <https://example.org/p> _:b .\n_:b <https://example.org/p> _:a .\n")
    return path


def _mbx(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "mbx"), *args]


def test_a_large_load_is_quiet_when_piped(oxigraph: OxigraphServer, tmp_path: Path) -> None:
    data = _big_file(tmp_path, 15_000, 1200)
    assert data.stat().st_size > 16 * 1024 * 1024  # the old threshold for a bar on a pipe
    done = subprocess.run(
        _mbx(
            "load",
            "--store-url",
            oxigraph.store,
            "--no-bundled",
            "-i",
            str(data),
            "--graph",
            GRAPH,
            "--verify",
            "none",  # read back once, below
        ),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # distinct triples: the duplicate line is sent once
    assert done.stderr.decode() == f"sent 15002 triples to <{GRAPH}> (not verified)\n"
    assert count_with_gsp(oxigraph.store, GRAPH, credentials=CREDS) == 15_002


def test_a_terminal_gets_reading_and_sending_bars(oxigraph: OxigraphServer, tmp_path: Path) -> None:
    data = _big_file(tmp_path, 5_000)
    code, text = run_on_terminal(
        _mbx(
            "load", "--store-url", oxigraph.store, "--no-bundled", "-i", str(data), "--graph", GRAPH
        )
    )
    assert code == 0
    assert "reading" in text and f"PUT <{GRAPH}>" in text
    assert text.replace("\r", "").rstrip().endswith(f"loaded 5002 triples into <{GRAPH}>")
