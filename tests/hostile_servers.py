"""Hostile HTTP servers on 127.0.0.1, in a process of their own, for the hostile corpus.

Run as ``python tests/hostile_servers.py LOG``: it prints its port on one
line, then serves until killed (every behaviour stops by itself within
:data:`LIFETIME` seconds). The first segment of the path chooses the
behaviour, the second is a tag that names the test case; every request is
appended to LOG as one JSON line (method, path, headers, the first bytes of
the body), so a test can prove that a server was, or was not, reached.

Behaviours:

- ``/guard/TAG`` — a server mbx must never reach: answers an empty SPARQL
  result (so a request that gets through "succeeds", as it would in life).
- ``/store/TAG`` — a small Graph Store Protocol store (PUT, POST, GET, per tag).
- ``/sparql/TAG`` — a SPARQL endpoint: one row for SELECT, one triple for CONSTRUCT.
- ``/drip/TAG`` — 200, then one byte every 0.5 s.
- ``/silent/TAG`` — reads the request and never answers.
- ``/drip-headers/TAG`` — a status line, then one byte of a header every 0.5 s.
- ``/endless/TAG`` — 200, then a SPARQL JSON result that never ends.
- ``/redirect/TAG`` — 302 to ``/sparql/TAG-redirected``.
- ``/truncated-xml/TAG``, ``/truncated-json/TAG`` — results cut off mid-document.
- ``/deep-jsonld/TAG`` — JSON-LD nested 5,000 deep (pyoxigraph's parser crashes on it).
- ``/echo/TAG`` — 500 with a page that echoes the request: URL, headers, decoded
  Basic credentials, with terminal escape sequences and line breaks.
- ``/garbage/TAG`` — 200 ``application/sparql-results+json`` that is not JSON.
- ``/labels/TAG`` — a good SELECT answer, then a malformed answer to the labels query.
"""

from __future__ import annotations

import base64
import contextlib
import http.server
import json
import sys
import threading
import time
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

#: no behaviour keeps a connection open longer than this (seconds)
LIFETIME = 60.0

SELECT_ONE = (
    b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"uri","value":"http://ex/a"}}]}}'
)
EMPTY = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
DEEP = 5000


def deep_jsonld(depth: int = DEEP) -> bytes:
    return ('{"@id":"http://ex/a","http://ex/p":' * depth + '"x"' + "}" * depth).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log_path = ""
    stores: dict[str, dict[str, bytes]] = {}  # noqa: RUF012 - shared by every request
    lock = threading.Lock()

    def log_message(self, *args: Any) -> None:
        pass

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(length) if length else b""

    def _record(self, body: bytes) -> None:
        entry = {
            "method": self.command,
            "path": self.path,
            "headers": dict(self.headers.items()),
            "body": body[:4000].decode("utf-8", "replace"),
        }
        with self.lock, open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")

    def _send(self, status: int, content_type: str, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _handle(self) -> None:
        body = self._body()
        self._record(body)
        parts = urlsplit(self.path)
        segments = parts.path.strip("/").split("/")
        kind = segments[0]
        tag = segments[1] if len(segments) > 1 else ""
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
            getattr(self, "do_" + kind.replace("-", "_"), self.do_unknown)(tag, parts, body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

    # behaviours ---------------------------------------------------------------

    def do_unknown(self, tag: str, parts: Any, body: bytes) -> None:
        self._send(404, "text/plain", b"no such behaviour")

    def do_guard(self, tag: str, parts: Any, body: bytes) -> None:
        if "ld+json" in self.headers.get("Accept", ""):  # a JSON-LD context fetched
            self._send(200, "application/ld+json", b'{"@context": {}}')
        else:
            self._send(200, "application/sparql-results+json", EMPTY)

    def do_store(self, tag: str, parts: Any, body: bytes) -> None:
        query = parse_qs(parts.query, keep_blank_values=True)
        graph = query.get("graph", [""])[0] if "graph" in query else "default"
        with self.lock:
            store = self.stores.setdefault(tag, {})
            if self.command == "PUT":
                store[graph] = body
                self._send(204, "text/plain", b"")
            elif self.command == "POST":
                store[graph] = store.get(graph, b"") + b"\n" + body
                self._send(204, "text/plain", b"")
            elif graph in store:
                self._send(200, "application/n-triples", store[graph])
            else:
                self._send(404, "text/plain", b"no such graph")

    def _query_text(self, parts: Any, body: bytes) -> str:
        query = parse_qs(parts.query)
        if "query" in query:
            return query["query"][0]
        if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            return parse_qs(body.decode("utf-8", "replace")).get("query", [""])[0]
        return body.decode("utf-8", "replace")

    def do_sparql(self, tag: str, parts: Any, body: bytes) -> None:
        text = self._query_text(parts, body).upper()
        if "CONSTRUCT" in text or "DESCRIBE" in text:
            self._send(200, "application/n-triples", b"<http://ex/a> <http://ex/p> <http://ex/b> .\n")
        else:
            self._send(200, "application/sparql-results+json", SELECT_ONE)

    def do_drip(self, tag: str, parts: Any, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(SELECT_ONE)))
        self.end_headers()
        started = time.monotonic()
        for byte in SELECT_ONE:
            if time.monotonic() - started > LIFETIME:
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(0.5)

    def do_drip_headers(self, tag: str, parts: Any, body: bytes) -> None:
        self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        self.wfile.flush()
        started = time.monotonic()
        while time.monotonic() - started < LIFETIME:
            self.wfile.write(b"a")
            self.wfile.flush()
            time.sleep(0.5)
        self.close_connection = True

    def do_silent(self, tag: str, parts: Any, body: bytes) -> None:
        time.sleep(LIFETIME)
        self.close_connection = True

    def do_endless(self, tag: str, parts: Any, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()  # no length: the body ends when the connection does
        self.close_connection = True
        self.wfile.write(b'{"head":{"vars":["x"]},"results":{"bindings":[')
        row = b'{"x":{"type":"literal","value":"' + b"a" * 1000 + b'"}},'
        chunk = row * 1000  # 1 MB
        started = time.monotonic()
        sent = 0
        # at most 100 MB/s and 500 MB in all: endless for any client with a sane limit,
        # and not enough to exhaust the machine when a client has none
        while time.monotonic() - started < LIFETIME and sent < 500:
            self.wfile.write(chunk)
            sent += 1
            time.sleep(0.01)

    def do_redirect(self, tag: str, parts: Any, body: bytes) -> None:
        self._send(302, "text/plain", b"moved", Location=f"/sparql/{tag}-redirected")

    def do_truncated_xml(self, tag: str, parts: Any, body: bytes) -> None:
        rows = "".join(
            f'<result><binding name="x"><literal>{i}</literal></binding></result>' for i in range(3)
        )
        document = (  # cut off after a whole result, as a dropped connection would
            '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            '<head><variable name="x"/></head><results>' + rows
        )
        self._send(200, "application/sparql-results+xml", document.encode())

    def do_truncated_json(self, tag: str, parts: Any, body: bytes) -> None:
        rows = ",".join(f'{{"x":{{"type":"literal","value":"{i}"}}}}' for i in range(3))
        document = '{"head":{"vars":["x"]},"results":{"bindings":[' + rows  # cut after a row
        self._send(200, "application/sparql-results+json", document.encode())

    def do_deep_jsonld(self, tag: str, parts: Any, body: bytes) -> None:
        if self.command == "PUT":  # mbx load's PUT is taken; its count gets the deep answer
            self._send(204, "text/plain", b"")
        else:
            self._send(200, "application/ld+json", deep_jsonld())

    def do_echo(self, tag: str, parts: Any, body: bytes) -> None:
        """A 500 page echoing what the request carried, credentials first (mbx cuts reasons short)."""
        lines = []
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            lines.append("decoded: " + base64.b64decode(auth[6:]).decode("utf-8", "replace"))
        lines.append(f"Authorization: {auth}")
        lines.append(f"unquoted: {unquote(self.path)} {self.command} {self.path}")
        lines.append("\x1b]2;owned\x07\x1b[2J\x1b[31mError")
        lines += [f"{name}: {value}" for name, value in self.headers.items()]
        self._send(500, "text/plain; charset=utf-8", "\r\n".join(lines).encode("utf-8"))

    def do_garbage(self, tag: str, parts: Any, body: bytes) -> None:
        self._send(200, "application/sparql-results+json", b'{"head": {"vars": ["x"]}, "resu')

    def do_labels(self, tag: str, parts: Any, body: bytes) -> None:
        if "LABEL" in self._query_text(parts, body).upper():
            self._send(200, "application/sparql-results+json", b'{"head": [1, 2')
        else:
            self._send(200, "application/sparql-results+json", SELECT_ONE)


def main() -> None:
    Handler.log_path = sys.argv[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_port, flush=True)
    server.serve_forever(poll_interval=0.1)


if __name__ == "__main__":
    main()
