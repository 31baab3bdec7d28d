"""Child processes that die with their parent: PR_SET_PDEATHSIG on Linux, a watchdog elsewhere.

mbx starts children for ``mbx query --timeout`` (the query engine) and
``mbx reason`` (Java: HermiT, Pellet). If mbx is killed — even with SIGKILL,
when nothing of mbx runs any more — the kernel kills them too, so no query or
reasoner keeps running for nobody.
"""

from __future__ import annotations

import os
import sys
from typing import Any

#: prctl(2)'s PR_SET_PDEATHSIG
_PR_SET_PDEATHSIG = 1


def _pdeathsig() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def die_with_parent(parent: int) -> None:  # pragma: no cover - runs in a child
    """Make this child process end when ``parent`` does, even if the parent is SIGKILLed."""
    import signal

    for signum in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)  # the parent's handlers are for the parent
    if _pdeathsig():
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
        return
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def before_exec() -> None:  # pragma: no cover - runs in a child, between fork and exec
    """``preexec_fn`` for subprocess: the program (Java) is killed when mbx dies (Linux)."""
    _pdeathsig()


def _call_child(
    function: Any, args: tuple[Any, ...], conn: Any, parent: int
) -> None:  # pragma: no cover - runs in a child
    """Run ``function(*args)`` in a child; send back its result or its error."""
    from mbx.errors import MbxError

    die_with_parent(parent)
    try:
        conn.send(("ok", function(*args)))
    except MbxError as exc:
        conn.send(("error", (type(exc), exc.message, exc.source, exc.line, exc.column, exc.hint)))
    except BaseException as exc:
        conn.send(("crash", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def call_with_timeout(
    function: Any,
    args: tuple[Any, ...],
    timeout: float,
    what: str,
    *,
    source: str | None = None,
    hint: str = "raise --timeout, or simplify the shapes (a regex, a SPARQL join)",
    worker: str | None = None,
) -> Any:
    """``function(*args)`` in a child process, killed after ``timeout`` seconds (exit 3).

    Errors of mbx raised in the child are raised again here; ``what`` names
    the work in the message (``validation``, ``query``), ``worker`` what does
    it (default: ``what``); ``source`` and ``hint`` go into the time-out
    error. Where ``fork`` is missing the call runs in this process, unbounded.
    The one child-process runner of mbx: ``mbx validate`` and ``mbx query``
    (mbx.sparql.timeout) use it.
    """
    worker = worker or what
    import multiprocessing

    from mbx.errors import EnvironmentFailure

    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover
        return function(*args)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(  # type: ignore[attr-defined]
        target=_call_child, args=(function, args, sender, os.getpid()), daemon=True
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            process.kill()
            raise EnvironmentFailure(
                f"stopped: the {what} did not finish within {timeout:g} s",
                source=source,
                hint=hint,
            )
        status, payload = receiver.recv()
    except EOFError:
        raise EnvironmentFailure(f"the {worker} stopped unexpectedly", source=source) from None
    finally:
        process.join(5)
        if process.is_alive():  # pragma: no cover
            process.kill()
            process.join()
        receiver.close()
    if status == "error":
        cls, message, source, line, column, hint = payload
        raise cls(message, source=source, line=line, column=column, hint=hint)
    if status == "crash":
        raise RuntimeError(f"{worker} failed: {payload}")
    return payload
