"""Run the embedded engine in a child process and stop it after a time limit (exit 3).

The child dies with its parent (mbx.processes): on Linux the kernel sends it
SIGKILL when the parent dies, elsewhere a watchdog thread ends it.
"""

from __future__ import annotations

import os
from typing import Any

from mbx.errors import EnvironmentFailure, MbxError
from mbx.sparql.engine import EmbeddedRequest
from mbx.sparql.results import QueryResult


def _child(
    request: EmbeddedRequest, conn: Any, parent: int
) -> None:  # pragma: no cover - runs in a child
    from mbx.processes import die_with_parent
    from mbx.sparql.engine import execute_embedded

    die_with_parent(parent)

    try:
        conn.send(("ok", execute_embedded(request)))
    except MbxError as exc:
        conn.send(("error", (type(exc), exc.message, exc.source, exc.line, exc.column, exc.hint)))
    except BaseException as exc:
        conn.send(("crash", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def run_with_timeout(request: EmbeddedRequest, timeout: float) -> QueryResult:
    """Run ``request`` in a child process and kill it after ``timeout`` seconds (exit 3)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(  # type: ignore[attr-defined]
        target=_child, args=(request, sender, os.getpid()), daemon=True
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            process.kill()
            raise EnvironmentFailure(
                f"stopped: the query did not finish within {timeout:g} s",
                source=request.source,
                hint="simplify it or raise --timeout",
            )
        status, payload = receiver.recv()
    except EOFError:
        raise EnvironmentFailure(
            "the query engine stopped unexpectedly", source=request.source
        ) from None
    finally:
        process.join(5)
        if process.is_alive():  # pragma: no cover
            process.kill()
            process.join()
        receiver.close()
    if status == "ok":
        result: QueryResult = payload
        return result
    if status == "error":
        cls, message, source, line, column, hint = payload
        raise cls(message, source=source, line=line, column=column, hint=hint)
    raise RuntimeError(f"query engine failed: {payload}")
