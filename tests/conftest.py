"""Shared fixtures: a real Oxigraph server (see tests/oxigraph_server.py); a note on ../shared."""

from __future__ import annotations

import os
import tempfile

import pytest
from oxigraph_server import oxigraph, oxigraph_session  # noqa: F401

# the bundled-graph cache (mbx/cache.py) of this test session, not the user's ~/.cache;
# the mbx processes the tests start inherit it
os.environ["MBX_CACHE_DIR"] = tempfile.mkdtemp(prefix="mbx-test-cache-")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say it in one line when tests skipped because ../shared is not beside the checkout."""
    skipped = terminalreporter.stats.get("skipped", [])
    needing = [
        report
        for report in skipped
        if isinstance(report.longrepr, tuple) and "shared" in str(report.longrepr[2])
    ]
    if needing:
        terminalreporter.write_line(
            f"{len(needing)} tests skipped because ../shared (the seed texts, the verified "
            "xrefs) is not beside this checkout: put it there to run them",
            yellow=True,
        )
