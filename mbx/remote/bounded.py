"""Bounded answers: every HTTP answer read within a total time and a size limit.

A timeout on each read of the socket does not bound a request: a server
that sends one byte a second never lets a read time out, and an answer
that never ends fills memory. So the body of every answer is read here in
pieces, each read bounded by the socket's timeout, against a deadline for
the whole request (``--timeout`` seconds, or ``MBX_HTTP_TIMEOUT``, else
:data:`mbx.remote.http.READ_TIMEOUT`) and a size limit (``MBX_MAX_RESPONSE``
bytes, 1 GiB by default); past either, one line and exit 3. The wait for
the status line and headers is held to the same deadline (:func:`by_deadline`).
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from mbx.errors import EnvironmentFailure

if TYPE_CHECKING:  # pragma: no cover
    import requests

#: bytes asked of the socket at a time
_PIECE = 1 << 16


def read_body(response: requests.Response, deadline: float, seconds: float, shown: str) -> None:
    """Read ``response``'s body into ``response.content``, by ``deadline`` (time.monotonic).

    ``seconds`` is the total time allowed (for the message); ``shown`` the
    redacted URL. The connection is closed when a limit stops the read.
    """
    from mbx.limits import limit
    from mbx.limits import shown as shown_size

    maximum = limit("MBX_MAX_RESPONSE")
    raw = response.raw
    body = bytearray()
    try:
        while True:
            if time.monotonic() > deadline:
                raise EnvironmentFailure(
                    f"the answer did not arrive within {seconds:g} s (the whole request)",
                    source=shown,
                    hint="raise --timeout (or MBX_HTTP_TIMEOUT)",
                )
            piece = raw.read1(_PIECE, decode_content=True)
            if not piece:
                break
            body += piece
            if len(body) > maximum:
                raise EnvironmentFailure(
                    f"the answer is larger than {shown_size(maximum)} (MBX_MAX_RESPONSE)",
                    source=shown,
                    hint="raise MBX_MAX_RESPONSE if you trust this server",
                )
    except EnvironmentFailure:
        response.close()
        raise
    except MemoryError:
        response.close()
        raise EnvironmentFailure(
            "out of memory reading the answer", source=shown, hint="lower MBX_MAX_RESPONSE"
        ) from None
    except Exception as exc:  # urllib3 ReadTimeoutError, ProtocolError (a cut connection)
        response.close()
        text = type(exc).__name__
        if "Timeout" in text or "timed out" in str(exc):
            raise EnvironmentFailure(
                f"no answer within {seconds:g} s", source=shown, hint="raise --timeout"
            ) from None
        raise EnvironmentFailure(
            "the connection broke while the answer was read (the answer is incomplete)",
            source=shown,
        ) from None
    response._content = bytes(body)
    response._content_consumed = True  # type: ignore[attr-defined]
    raw.release_conn()


def check_answer(data: bytes, media: str, what: str, shown: str) -> None:
    """Refuse an answer nested past ``MBX_MAX_DEPTH`` or XML results cut off (exit 3).

    Before any parser sees it: pyoxigraph's JSON-LD parser crashes the process
    on deep nesting, and its SPARQL XML results parser takes a document that
    stops after a whole row for a complete one.
    """
    import re

    from mbx.errors import InputError
    from mbx.limits import check_depth

    media = media.lower()
    syntax = "json" if "json" in media else "xml" if "xml" in media else None
    if syntax is not None:
        try:
            check_depth(data, syntax, shown, what)
        except InputError as exc:
            raise EnvironmentFailure(exc.message, source=shown, hint=exc.hint) from None
    if "sparql-results+xml" in media and not re.search(rb"</(?:[\w.-]+:)?sparql>\s*$", data):
        raise EnvironmentFailure(
            f"{what} is cut off (no closing </sparql>): the answer is incomplete", source=shown
        )


@contextmanager
def partial_load(total: int) -> Iterator[list[str | None]]:
    """Say which graphs a load replaced before it failed or was stopped (``load --by-source``).

    The body appends each graph that landed to the list it yields. A failure
    after some graphs but not all leaves the store with graphs of two
    versions: the error (or the signal's line) says so, and how to mend it.
    """
    from mbx.errors import MbxError, Stopped

    done: list[str | None] = []
    try:
        yield done
    except (MbxError, Stopped, KeyboardInterrupt) as exc:
        if not done or len(done) >= total:
            raise
        names = ", ".join("the default graph" if g is None else f"<{g}>" for g in done[:3])
        more = f" and {len(done) - 3} more" if len(done) > 3 else ""
        note = (
            f"{len(done)} of {total} graphs were already replaced ({names}{more}), "
            "so the store holds graphs of two versions; run the same load again"
        )
        if isinstance(exc, MbxError):
            exc.hint = note
            raise
        stopped = exc if isinstance(exc, Stopped) else Stopped(signal.SIGINT)
        stopped.detail = note
        raise stopped from None


class Late(Exception):
    """The status line and headers did not all arrive by the deadline."""


def by_deadline(deadline: float, send: Any) -> Any:
    """``send()`` (up to the response's headers), given up at ``deadline`` (time.monotonic).

    The socket's timeout bounds each read only: a server that drips its
    headers a byte at a time would never trip it. The request runs in a
    daemon thread; past the deadline it is left behind (the command ends
    with an error, and the thread with the process).
    """
    import threading

    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["response"] = send()
        except BaseException as exc:  # handed to the caller's except clauses
            box["error"] = exc

    worker = threading.Thread(target=run, name="mbx-http", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise Late
    if "error" in box:
        raise box["error"]
    return box["response"]

