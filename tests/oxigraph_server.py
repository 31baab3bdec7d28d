"""A pytest fixture that runs a real Oxigraph server on 127.0.0.1 (tests marked ``server``)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests


@dataclass(frozen=True)
class OxigraphServer:
    """The URLs of a running Oxigraph server."""

    base: str

    @property
    def store(self) -> str:
        return self.base + "/store"

    @property
    def query(self) -> str:
        return self.base + "/query"

    @property
    def update(self) -> str:
        return self.base + "/update"

    def clear(self) -> None:
        """Drop every graph (so each test starts from an empty store)."""
        response = requests.post(
            self.update,
            data=b"CLEAR ALL",
            headers={"Content-Type": "application/sparql-update"},
            timeout=10,
        )
        response.raise_for_status()


def oxigraph_executable() -> str:
    """The ``oxigraph`` server CLI: on PATH or next to the running Python."""
    found = shutil.which("oxigraph")
    if found:
        return found
    candidate = Path(sys.executable).parent / "oxigraph"
    if candidate.exists():
        return str(candidate)
    pytest.fail(
        "the `oxigraph` server executable is missing; install it with "
        "`pip install -e '.[test]'` (the oxigraph package on PyPI)",
        pytrace=False,
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def oxigraph_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """Start ``oxigraph serve`` (union default graph) for the whole session; stop it afterwards."""
    location = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    log = (location.parent / "oxigraph.log").open("wb")
    process = subprocess.Popen(
        [
            oxigraph_executable(),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = OxigraphServer(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"oxigraph serve exited with code {process.returncode}", pytrace=False)
            try:
                requests.get(server.query, params={"query": "ASK {}"}, timeout=2).raise_for_status()
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    pytest.fail("oxigraph serve did not answer within 30 s", pytrace=False)
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def oxigraph(oxigraph_session: OxigraphServer) -> OxigraphServer:
    """The session's Oxigraph server, emptied for this test."""
    oxigraph_session.clear()
    return oxigraph_session
