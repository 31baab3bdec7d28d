"""The one interface of the real triple stores the tests start (Oxigraph, Virtuoso).

Each store module (tests/oxigraph_server.py, tests/virtuoso_server.py) gives
a session fixture that starts a private server on 127.0.0.1 and a
function fixture that empties it; both yield a :class:`StoreServer`. Tests
that must hold for every store take the ``triple_store`` fixture
(tests/conftest.py), which is parametrized over all of them — one contract,
several backends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

import pytest
import requests


@dataclass(frozen=True)
class StoreServer:
    """A running triple store: its URLs, credentials and known limits.

    ``store`` is the Graph Store Protocol URL that needs no login;
    ``store_auth`` (if any) the one that needs ``user``/``password`` with
    HTTP ``auth_scheme`` authentication ("basic" or "digest").
    """

    name: str
    base: str
    query: str  # SPARQL query endpoint
    update: str  # SPARQL update endpoint
    store: str  # Graph Store Protocol, no login
    store_auth: str | None = None  # Graph Store Protocol behind a login
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    auth_scheme: str | None = None  # "basic" or "digest"
    gsp_default_graph: bool = True  # GSP `?default` works
    direct_post_query: bool = True  # answers POST with Content-Type application/sparql-query
    system_graphs: frozenset[str] = frozenset()  # graphs the store holds before any load
    _clear: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    def clear(self) -> None:
        """Drop every graph a test made (so each test starts from an empty store)."""
        if self._clear is not None:
            self._clear()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_answering(
    process: subprocess.Popen[bytes], query_url: str, what: str, *, limit: float = 60.0
) -> float:
    """Poll ``query_url`` with ``ASK {}`` (GET) until it answers; the seconds it took.

    Fails the test run (with the reason) when the process exits or does not
    answer within ``limit`` seconds.
    """
    started = time.monotonic()
    while True:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with code {process.returncode}", pytrace=False)
        try:
            requests.get(query_url, params={"query": "ASK {}"}, timeout=2).raise_for_status()
            return time.monotonic() - started
        except requests.RequestException:
            if time.monotonic() - started > limit:
                pytest.fail(f"{what} did not answer within {limit:g} s", pytrace=False)
            time.sleep(0.1)


def start_in_own_group(
    command: list[str], log: IO[bytes], cwd: str | None = None
) -> subprocess.Popen[bytes]:
    """Start ``command`` as the leader of a new process group (see :func:`stop_group`)."""
    return subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True
    )


def stop_group(process: subprocess.Popen[bytes], *, graceful: float = 10.0) -> None:
    """Stop ``process`` and everything it started (its process group); no leftovers.

    SIGTERM first and up to ``graceful`` seconds to exit; then SIGKILL.
    ``graceful=0`` kills at once (for a throw-away database).
    """
    try:
        group = os.getpgid(process.pid)
    except ProcessLookupError:
        group = None
    if group is not None and graceful > 0:
        os.killpg(group, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(graceful)
    if group is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
    process.wait()
