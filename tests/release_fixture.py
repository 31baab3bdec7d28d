"""The release that the release tests share: built once per test session by ``mbx build``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbx.cli import main


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete release (full variant and HTML included), built by the CLI once per session."""
    if shutil.which("java") is None:
        pytest.skip("no `java` on PATH: mbx build's full variant needs HermiT (Java 11+)")
    folder = tmp_path_factory.mktemp("release") / "mbx-0.2.0"
    result = CliRunner().invoke(main, ["build", "-o", str(folder)])
    assert result.exit_code == 0, result.stderr + result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith(f"mbx build: MBX 0.2.0 in {folder}: ")
    return folder
