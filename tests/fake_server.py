"""Real HTTP servers on 127.0.0.1: one canned response, or a login or redirect in front of a store.

For what a real triple store does not do on demand: HTTP 5xx, malformed or
hostile answers. It records the requests it receives, so a test can also
prove that no request was made.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Canned:
    """The response, and the requests received (method and path)."""

    status: int = 200
    content_type: str = "text/plain"
    body: bytes = b""
    requests: list[tuple[str, str]] = field(default_factory=list)
    base: str = ""


@contextmanager
def canned_server(status: int = 200, content_type: str = "text/plain", body: bytes = b"") -> Iterator[Canned]:
    canned = Canned(status, content_type, body)

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            canned.requests.append((self.command, self.path))
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            self.send_response(canned.status)
            self.send_header("Content-Type", canned.content_type)
            self.send_header("Content-Length", str(len(canned.body)))
            self.end_headers()
            self.wfile.write(canned.body)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    canned.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield canned
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Front:
    """A server in front of a real store: what it saw (method, path, Authorization scheme)."""

    base: str = ""
    seen: list[tuple[str, str, str]] = field(default_factory=list)


@contextmanager
def front_server(
    target: str,
    *,
    basic: tuple[str, str] | None = None,
    redirect: tuple[int, str] | None = None,
) -> Iterator[Front]:
    """A real HTTP server on 127.0.0.1 in front of the store at ``target``.

    ``basic=(user, password)``: it asks for HTTP Basic authentication (401
    with ``WWW-Authenticate: Basic``) and forwards what carries the right
    credentials, like a store behind a login. ``redirect=(status, base)``: it
    answers every request with that redirect to the same path under ``base``.
    """
    import base64

    import requests

    front = Front()
    expected = "Basic " + base64.b64encode(":".join(basic).encode()).decode() if basic else None

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            given = self.headers.get("Authorization", "")
            front.seen.append((self.command, self.path, given.split(" ", 1)[0]))
            if redirect is not None:
                self.send_response(redirect[0])
                self.send_header("Location", redirect[1] + self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if expected is not None and given != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="store"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            headers = {k: v for k, v in self.headers.items() if k in ("Content-Type", "Accept")}
            answer = requests.request(
                self.command, target + self.path, data=body, headers=headers, timeout=30
            )
            self.send_response(answer.status_code)
            for name in ("Content-Type",):
                if name in answer.headers:
                    self.send_header(name, answer.headers[name])
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(answer.content)

        do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    front.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield front
    finally:
        server.shutdown()
        server.server_close()
