"""Shared fixtures: real triple stores on 127.0.0.1 (tests/store_server.py); a note on ../shared.

``oxigraph`` (a fresh server per test) and ``virtuoso`` (one per session,
emptied per test) give one store each; ``triple_store`` runs a test once per
store (the same contract against every backend).
"""

from __future__ import annotations

import os
import sys
import tempfile
from typing import Any

import pytest
from oxigraph_server import oxigraph  # noqa: F401
from release_fixture import _builds, release, second_release  # noqa: F401
from store_server import StoreServer
from virtuoso_server import virtuoso, virtuoso_session  # noqa: F401

#: every store the suite runs: the name of its (function-scoped, emptied) fixture
STORES = ("oxigraph", "virtuoso")


@pytest.fixture(params=STORES)
def triple_store(request: pytest.FixtureRequest) -> StoreServer:
    """Each real store in turn, emptied for this test."""
    store: StoreServer = request.getfixturevalue(request.param)
    return store

#: session fixtures that are slow to start (a Virtuoso server, two release builds, the OWL
#: API compiled and run): their tests go to one xdist worker, so each starts once instead of
#: once per worker. By test file first, then by the fixtures a test function asks for.
SHARED_SETUPS = {
    "test_release.py": "release",
    "test_release_html.py": "release",
    "test_release_reuse.py": "release",
    "test_owlapi.py": "owlapi",
}
SHARED_FIXTURES = {
    "virtuoso": "virtuoso",
    "virtuoso_session": "virtuoso",
    "owlapi": "owlapi",
    "round_trips": "owlapi",
}


def _fixture_groups() -> dict[tuple[str, str], str]:
    """(file name, test function) -> group, for the tests asking for a SHARED_FIXTURES fixture."""
    import ast
    from pathlib import Path

    found = {}
    for path in Path(__file__).parent.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                for arg in node.args.args:
                    if arg.arg in SHARED_FIXTURES:
                        found[(path.name, node.name)] = SHARED_FIXTURES[arg.arg]
    return found


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist's default ("load"), but the tests of one shared setup go to one worker.

    (xdist's own ``--dist loadgroup`` groups nothing under pytest 9: it renames
    ``item._nodeid``, which pytest 9 no longer reads.) A test run once per store
    (``triple_store``) has ``[virtuoso]`` in its id.
    """
    if config.getvalue("dist") != "load":
        return None  # the user chose a mode: xdist's
    from xdist.scheduler import LoadGroupScheduling

    by_fixture = _fixture_groups()

    class SharedSetups(LoadGroupScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            path, _, name = nodeid.partition("::")
            file = path.rsplit("/", 1)[-1]
            if file in SHARED_SETUPS:
                return SHARED_SETUPS[file]
            if "[virtuoso" in name:
                return "virtuoso"
            return by_fixture.get((file, name.split("[", 1)[0]), nodeid)

    return SharedSetups(config, log)


# byte-code caches on, whatever the machine says (PYTHONDONTWRITEBYTECODE): without them
# every worker rewrites every test module's asserts again, and every `mbx` process a test
# starts compiles mbx's modules again (the caches go to __pycache__, which git ignores)
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

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
