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


@pytest.mark.parametrize("verify", ["exact", "count"])
def test_counting_a_hostile_graph_is_refused(verify: str) -> None:
    """The store accepts the PUT, then sends an entity bomb back when mbx reads the graph."""
    with canned_server(200, "application/rdf+xml", LAUGHS) as server:
        result = cli("load", "--store-url", server.base + "/store", "--verify", verify)
    assert result.exit_code == 3
    assert result.stderr == (
        f"Error: {server.base}/store?graph=https%3A%2F%2Fw3id.org%2Fmbx%2Fgraph%2Fall: the graph "
        "the store sent back (application/rdf+xml) declares XML entities: refused "
        "(entity expansion / XXE)\n"
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


@pytest.mark.parametrize(
    ("option", "url", "message"),
    [
        ("--store-url", "alice:s3cr3tPW@127.0.0.1:9/store", "not an http:// or https:// URL"),
        ("--endpoint", "alice:s3cr3tPW@127.0.0.1:9/query", "not an http:// or https:// URL"),
        ("--store-url", "ftp://127.0.0.1/store", "not an http:// or https:// URL"),
        ("--endpoint", "not a url", "not an http:// or https:// URL"),
        ("--store-url", "http://alice:s3cr3tPW@[::1/store", "not a valid URL (Invalid IPv6 URL)"),
        ("--endpoint", "http://alice:s3cr3tPW@[::1/query", "not a valid URL (Invalid IPv6 URL)"),
    ],
)
def test_bad_urls_are_usage_errors_that_never_echo_credentials(
    option: str, url: str, message: str
) -> None:
    args = ["load", "--store-url", url] if option == "--store-url" else ["query", "ASK {}", option, url]
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {option}: {message}")
    assert result.stderr.count("\n") == 1
    assert "s3cr3tPW" not in result.stderr + result.stdout


def test_bad_graph_iri_is_refused_before_any_request() -> None:
    with canned_server(204) as server:
        result = cli("load", "--store-url", server.base + "/store", "--graph", "http://ex/a b")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --graph is not a valid IRI: ")
    assert server.requests == []


def test_a_boolean_answer_to_a_select_is_refused() -> None:
    with canned_server(200, "application/sparql-results+json", b'{"head":{},"boolean":true}') as server:
        result = cli("query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", server.base + "/q")
    assert (result.exit_code, result.stderr) == (
        3,
        f"Error: {server.base}/q: the endpoint answered a SELECT query with ASK results\n",
    )


def test_control_characters_from_an_endpoint_never_reach_the_terminal() -> None:
    answer = (
        b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal",'
        b'"value":"\\u001b[2J\\u001b[31mowned"}}]}}'
    )
    with canned_server(200, "application/sparql-results+json", answer) as server:
        result = cli("query", "SELECT ?x WHERE { ?x ?p ?o }", "--endpoint", server.base + "/q")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert result.stdout.splitlines()[2] == "\\x1b[2J\\x1b[31mowned"


def test_a_long_error_body_is_cut_short() -> None:
    body = ("<html><body><h1>Internal error</h1>" + "trace line\n" * 200 + "</body></html>").encode()
    with canned_server(500, "text/html", body) as server:
        result = cli("query", "ASK {}", "--endpoint", server.base + "/query")
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    assert len(result.stderr) < 300, len(result.stderr)


def test_by_source_refuses_a_graph_named_by_a_blank_node(tmp_path: Any) -> None:
    data = tmp_path / "bg.trig"
    data.write_text("@prefix ex: <http://e/> .\nex:g1 { ex:a ex:b ex:c } _:bg { ex:a ex:b ex:d }\n")
    with canned_server(204) as server:
        result = cli("load", "--store-url", server.base + "/store", "--no-bundled", "-i", str(data), "--by-source")
    assert (result.exit_code, server.requests) == (2, [])
    assert result.stderr == (
        "Error: --by-source cannot load a graph named by a blank node: the Graph Store Protocol "
        "names graphs by IRI; give it an IRI in the file, or load everything into one --graph IRI\n"
    )


def test_by_source_reports_the_graphs_loaded_before_a_failed_count(tmp_path: Any) -> None:
    """A store that keeps fewer triples than it was sent: the first graph (3 triples) counts
    right, the second (5) does not. Both loads are reported, each as it lands, then the
    failure (exit 1); mbx stops there."""
    data = tmp_path / "two.trig"
    data.write_text(
        "@prefix ex: <http://e/> .\n"
        "ex:g1 { ex:a ex:p 1, 2, 3 }\n"
        "ex:g2 { ex:b ex:p 1, 2, 3, 4, 5 }\n"
    )
    three = (
        b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"3",'
        b'"datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}'
    )
    with canned_server(204) as store, canned_server(
        200, "application/sparql-results+json", three
    ) as endpoint:
        result = cli(
            "load", "--store-url", store.base + "/store", "--no-bundled", "-i", str(data),
            "--by-source", "--endpoint", endpoint.base + "/query", "--verify", "count",
        )
    assert (result.exit_code, result.stderr) == (
        1,
        "loaded 3 triples into <http://e/g1>\n"
        "Error: <http://e/g2> holds 3 triples after loading, but 5 were sent\n",
    )
    assert [method for method, _ in store.requests] == ["PUT", "PUT"]
    assert [method for method, _ in endpoint.requests] == ["GET", "GET"]  # COUNT is short
