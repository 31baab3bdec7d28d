"""Run the embedded engine in a child process and stop it after a time limit (exit 3)."""

from __future__ import annotations

from typing import Any

from mbx.errors import EnvironmentFailure, MbxError
from mbx.sparql.engine import EmbeddedRequest
from mbx.sparql.results import QueryResult


def _child(request: EmbeddedRequest, conn: Any) -> None:  # pragma: no cover - runs in a child
    from mbx.sparql.engine import execute_embedded

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
        target=_child, args=(request, sender), daemon=True
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
