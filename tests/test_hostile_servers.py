"""`mbx query --endpoint` and `mbx load` facing servers that fail or answer with hostile data.

Each server is real (HTTP on 127.0.0.1, tests/fake_server.py); mbx must give
one line and exit 3, quickly, never a traceback or a hang.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from click.testing import CliRunner
from fake_server import canned_server

from mbx.cli import main

#: an RDF/XML "billion laughs": 10^12 characters once expanded
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY l0 "lol">\n'
    + "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">\n' for i in range(1, 13))
    + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:ex="http://ex/"><rdf:Description rdf:about="http://ex/a"><ex:p>&l12;</ex:p>'
    "</rdf:Description></rdf:RDF>\n"
).encode()

SRX_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY l0 "lol">\n<!ENTITY l1 "&l0;&l0;">\n]>\n'
    b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="x"/></head>'
    b'<results><result><binding name="x"><literal>&l1;</literal></binding></result></results>'
    b"</sparql>\n"
)


def cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_query_endpoint_5xx(status: int) -> None:
    with canned_server(status, "text/plain", b"the store is overloaded") as server:
        result = cli("query", "ASK {}", "--endpoint", server.base + "/query")
    reason = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}[status]
    assert result.exit_code == 3
    assert result.stderr == (
        f"Error: {server.base}/query: HTTP {status} {reason}: the store is overloaded\n"
    )


def test_load_5xx() -> None:
    with canned_server(503, "text/plain", b"read-only mode") as server:
        result = cli("load", "--store-url", server.base + "/store")
    assert result.exit_code == 3
    assert result.stderr.endswith(": HTTP 503 Service Unavailable: read-only mode\n")
    assert result.stderr.count("\n") == 1
    assert [method for method, _ in server.requests] == ["PUT"]


def test_construct_answer_with_entity_expansion_is_refused() -> None:
    started = time.perf_counter()
    with canned_server(200, "application/rdf+xml", LAUGHS) as server:
        result = cli("query", "CONSTRUCT WHERE { ?s ?p ?o }", "--endpoint", server.base + "/q")
    assert time.perf_counter() - started < 10
    assert result.exit_code == 3
    assert result.stderr == (
        f"Error: {server.base}/q: the endpoint's answer (application/rdf+xml) declares XML "
        "entities: refused (entity expansion / XXE)\n"
    )


def test_select_answer_with_entities_is_refused() -> None:
    with canned_server(200, "application/sparql-results+xml", SRX_LAUGHS) as server:
        result = cli("query", "SELECT ?x WHERE { ?x ?p ?o }", "--endpoint", server.base + "/q")
    assert result.exit_code == 3
    assert "declares XML entities: refused (entity expansion / XXE)" in result.stderr


def test_counting_a_hostile_graph_is_refused() -> None:
    """The store accepts the PUT, then sends an entity bomb back when mbx counts the graph."""
    with canned_server(200, "application/rdf+xml", LAUGHS) as server:
        result = cli("load", "--store-url", server.base + "/store")
    assert result.exit_code == 3
    assert result.stderr == (
        f"Error: {server.base}/store: the graph the store sent back (application/rdf+xml) "
        "declares XML entities: refused (entity expansion / XXE)\n"
    )
    assert [method for method, _ in server.requests] == ["PUT", "GET"]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/sparql-results+json", b"{not json"),
        ("application/n-triples", b"<a> <b> .\n"),
        ("text/html", b"<html>login page</html>"),
    ],
    ids=["json", "ntriples", "html"],
)
def test_malformed_answer_is_one_line(content_type: str, body: bytes) -> None:
    with canned_server(200, content_type, body) as server:
        result = cli("query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", server.base + "/q")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {server.base}/q: ")
    assert result.stderr.count("\n") == 1
