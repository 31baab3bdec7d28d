"""A real HTTP server on 127.0.0.1 that answers every request with one canned response.

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
