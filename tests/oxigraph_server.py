"""A pytest fixture that runs a real Oxigraph server on 127.0.0.1 (tests marked ``server``).

It yields the shared :class:`store_server.StoreServer` (the interface the
Virtuoso fixture gives too), so a test can run against either store.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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

__all__ = ["OxigraphServer", "free_port", "oxigraph", "running_oxigraph"]

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


@contextmanager
def running_oxigraph(location: Path) -> Iterator[StoreServer]:
    """``oxigraph serve`` (union default graph) on a free port with its store in ``location``."""
    port = free_port()
    with (location.parent / f"{location.name}.log").open("wb") as log:
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
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreServer]:
    """A fresh Oxigraph server for this test (0.1-0.2 s to start).

    Fresh rather than emptied: Oxigraph slows down as graphs are replaced and
    cleared again and again (a reload of the bundled graph took 0.6 s on a new
    store and 8 s after 20 reloads), which made later tests many times slower.
    """
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph") / "store") as server:
        yield server
