"""A pytest fixture that runs a real Oxigraph server on 127.0.0.1 (tests marked ``server``).

It yields the shared :class:`store_server.StoreServer` (the interface the
Virtuoso fixture gives too), so a test can run against either store.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from store_server import (
    StoreServer,
    free_port,
    start_in_own_group,
    stop_group,
    wait_until_answering,
)

__all__ = ["OxigraphServer", "free_port", "oxigraph", "oxigraph_session"]

#: the type tests annotate an Oxigraph fixture with (the one store interface)
OxigraphServer = StoreServer


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


def oxigraph_store(base: str) -> StoreServer:
    """The URLs of an Oxigraph server at ``base`` (``oxigraph serve`` layout)."""
    update = base + "/update"

    def clear() -> None:
        response = requests.post(
            update,
            data=b"CLEAR ALL",
            headers={"Content-Type": "application/sparql-update"},
            timeout=10,
        )
        response.raise_for_status()

    return StoreServer(
        name="oxigraph",
        base=base,
        query=base + "/query",
        update=update,
        store=base + "/store",
        _clear=clear,
    )


@pytest.fixture(scope="session")
def oxigraph_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreServer]:
    """Start ``oxigraph serve`` (union default graph) for the whole session; stop it afterwards."""
    location = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    with (location.parent / "oxigraph.log").open("wb") as log:
        process = start_in_own_group(
            [
                oxigraph_executable(),
                "serve",
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            log,
        )
        server = oxigraph_store(f"http://127.0.0.1:{port}")
        try:
            wait_until_answering(process, server.query, "oxigraph serve", limit=30)
            yield server
        finally:
            stop_group(process)


@pytest.fixture
def oxigraph(oxigraph_session: StoreServer) -> StoreServer:
    """The session's Oxigraph server, emptied for this test."""
    oxigraph_session.clear()
    return oxigraph_session
