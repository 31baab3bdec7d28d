"""The release that the release tests share: built once per test session by ``mbx build``.

A second build, in another process with another hash seed, time zone and locale,
runs at the same time on the other core (``second_release``): the suite waits for
it only where a test compares the two, and stops it at the end of the session.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbx.cli import main


@dataclass
class _Builds:
    first: Path
    second: Path
    process: subprocess.Popen[bytes]
    log: Path


@pytest.fixture(scope="session")
def _builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Builds]:
    if shutil.which("java") is None:
        pytest.skip("no `java` on PATH: mbx build's full variant needs HermiT (Java 11+)")
    root = tmp_path_factory.mktemp("release")
    # the second build replaces an earlier release: a manifest and files it must not keep
    second = root / "again" / "mbx-0.2.0"
    (second / "html" / "terms").mkdir(parents=True)
    (second / "manifest.json").write_text('{"version": "0.1.0"}')
    (second / "stale.txt").write_text("from an earlier build")
    (second / "html" / "terms" / "Gone.html").write_text("a term since removed")
    log = root / "second-build.log"
    env = {**os.environ, "PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mbx", "build", "-o", str(second)],
            stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )  # fmt: skip
    try:
        first = root / "mbx-0.2.0"
        result = CliRunner().invoke(main, ["build", "-o", str(first)])
        assert result.exit_code == 0, result.stderr + result.stdout
        assert result.stdout == ""
        assert result.stderr.startswith(f"mbx build: MBX 0.2.0 in {first}: ")
        yield _Builds(first, second, process, log)
    finally:
        if process.poll() is None:  # not waited for by any test: stopped, Java included
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="session")
def release(_builds: _Builds) -> Path:
    """A complete release (full variant and HTML included), built by the CLI once per session."""
    return _builds.first


@pytest.fixture(scope="session")
def second_release(_builds: _Builds) -> Path:
    """The same sources built again by another process (over an earlier release), waited for."""
    code = _builds.process.wait(timeout=900)
    assert code == 0, _builds.log.read_text(errors="replace")[-3000:]
    return _builds.second
