"""Run the embedded engine in a child process and stop it after a time limit (exit 3).

The child dies with its parent (mbx.processes): on Linux the kernel sends it
SIGKILL when the parent dies, elsewhere a watchdog thread ends it.
"""

from __future__ import annotations

from mbx.sparql.engine import EmbeddedRequest
from mbx.sparql.results import QueryResult


def run_with_timeout(request: EmbeddedRequest, timeout: float) -> QueryResult:
    """Run ``request`` in a child process and kill it after ``timeout`` seconds (exit 3)."""
    from mbx.processes import call_with_timeout
    from mbx.sparql.engine import execute_embedded

    result: QueryResult = call_with_timeout(
        execute_embedded,
        (request,),
        timeout,
        "query",
        source=request.source,
        hint="simplify it or raise --timeout",
        worker="query engine",
    )
    return result
