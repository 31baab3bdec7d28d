"""`mbx load` and `mbx query --endpoint` against a real Oxigraph server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from oxigraph_server import OxigraphServer, free_port

from mbx.cli import main
from mbx.dataset import load_quads
from mbx.namespaces import GRAPH
from mbx.remote.endpoint import count_with_sparql
from mbx.remote.gsp import DEFAULT_LOAD_GRAPH, count_with_gsp, group_triples
from mbx.remote.http import STORE_CREDENTIALS as CREDS
from mbx.remote.http import redact
from mbx.sparql.analysis import analyse
from mbx.sparql.library import library

pytestmark = pytest.mark.server

ALL = DEFAULT_LOAD_GRAPH


def cli(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def bundled_triples() -> int:
    return len(group_triples(load_quads())[ALL])


def extra_file(tmp_path: Path, name: str, n: int, start: int = 0) -> Path:
    path = tmp_path / name
    path.write_text(
        "".join(
            f"<http://ex/s{i}> <http://ex/p> <http://ex/o{i}> .\n" for i in range(start, start + n)
        ),
        encoding="utf-8",
    )
    return path


def test_put_reports_and_reload_never_duplicates(
    oxigraph: OxigraphServer, bundled_triples: int
) -> None:
    first = cli("load", "--store-url", oxigraph.store)
    assert first.exit_code == 0, first.stderr
    assert first.stderr == f"loaded {bundled_triples} triples into <{ALL}>\n"
    again = cli("load", "--store-url", oxigraph.store, "--endpoint", oxigraph.query)
    assert again.stderr == first.stderr
    assert count_with_gsp(oxigraph.store, ALL, credentials=CREDS) == bundled_triples
    assert count_with_sparql(oxigraph.query, ALL, credentials=CREDS) == bundled_triples


def test_append_adds_only_new_triples(oxigraph: OxigraphServer, tmp_path: Path) -> None:
    graph = "http://example.org/g"
    first = extra_file(tmp_path, "a.nt", 5)
    assert (
        cli(
            "load",
            "--store-url",
            oxigraph.store,
            "--no-bundled",
            "-i",
            str(first),
            "--graph",
            graph,
        ).exit_code
        == 0
    )
    same = cli(
        "load",
        "--store-url",
        oxigraph.store,
        "--no-bundled",
        "-i",
        str(first),
        "--graph",
        graph,
        "--append",
    )
    assert (same.exit_code, same.stderr) == (
        0,
        f"loaded 5 triples into <{graph}> (it now holds 5)\n",
    )
    more = extra_file(tmp_path, "b.nt", 5, start=3)  # 2 old + 3 new
    added = cli(
        "load",
        "--store-url",
        oxigraph.store,
        "--no-bundled",
        "-i",
        str(more),
        "--graph",
        graph,
        "--append",
    )
    assert (added.exit_code, added.stderr) == (
        0,
        f"loaded 5 triples into <{graph}> (it now holds 8)\n",
    )
    replaced = cli(
        "load", "--store-url", oxigraph.store, "--no-bundled", "-i", str(more), "--graph", graph
    )
    assert replaced.stderr == f"loaded 5 triples into <{graph}>\n"
    assert count_with_gsp(oxigraph.store, graph, credentials=CREDS) == 5


def test_progress_bar_does_not_disturb_the_report(oxigraph: OxigraphServer, tmp_path: Path) -> None:
    data = extra_file(tmp_path, "a.nt", 3)
    result = cli(
        "load", "--store-url", oxigraph.store, "--no-bundled", "-i", str(data), "--progress"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == f"loaded 3 triples into <{ALL}>"


def test_default_graph_and_turtle_body(oxigraph: OxigraphServer, tmp_path: Path) -> None:
    data = extra_file(tmp_path, "a.nt", 4)
    result = cli(
        "load",
        "--store-url",
        oxigraph.store,
        "--no-bundled",
        "-i",
        str(data),
        "--default-graph",
        "--turtle",
    )
    assert (result.exit_code, result.stderr) == (0, "loaded 4 triples into the default graph\n")
    assert count_with_gsp(oxigraph.store, None, credentials=CREDS) == 4


def test_by_source_creates_the_named_graphs(oxigraph: OxigraphServer) -> None:
    result = cli("load", "--store-url", oxigraph.store, "--by-source")
    assert result.exit_code == 0, result.stderr
    expected = group_triples(load_quads(), by_source=True)
    assert sorted(k for k in expected if k) == [
        GRAPH + n for n in ("000", "001", "002", "kg", "ontology")
    ]
    lines = result.stderr.splitlines()
    assert sorted(lines) == sorted(
        f"loaded {len(t)} triples into <{g}>" for g, t in expected.items()
    )
    for graph, triples in expected.items():
        assert count_with_gsp(oxigraph.store, graph, credentials=CREDS) == len(triples)
    refused = cli("load", "--store-url", oxigraph.store, "--by-source", "--graph", ALL)
    assert (refused.exit_code, refused.stderr) == (
        2,
        "Error: --by-source chooses the graphs itself; drop --graph/--default-graph\n",
    )


def _rows(data: bytes) -> list[str]:
    """Solutions as sorted JSON strings, blank node labels blanked out."""
    doc = json.loads(data)
    rows = []
    for binding in doc["results"]["bindings"]:
        for value in binding.values():
            if value["type"] == "bnode":
                value["value"] = "_"
        rows.append(json.dumps(binding, sort_keys=True))
    return sorted(rows)


def test_endpoint_answers_like_the_embedded_engine(oxigraph: OxigraphServer) -> None:
    assert cli("load", "--store-url", oxigraph.store, "--by-source").exit_code == 0
    compared = 0
    for shipped in library():
        text = shipped.path.read_text(encoding="utf-8")
        if analyse(text).form != "SELECT":
            continue
        embedded = cli("query", "--name", shipped.name, "-f", "json")
        remote = cli("query", "--name", shipped.name, "-f", "json", "--endpoint", oxigraph.query)
        assert remote.exit_code == 0, remote.stderr
        assert _rows(remote.stdout_bytes) == _rows(embedded.stdout_bytes), shipped.name
        compared += 1
    assert compared >= 2
    ask = cli("query", "ASK { mbx:bdnf a owl:NamedIndividual }", "--endpoint", oxigraph.query)
    assert (ask.exit_code, ask.stdout) == (0, "true\n")
    construct = cli(
        "query",
        "CONSTRUCT WHERE { mbx:bdnf rdfs:label ?l }",
        "-f",
        "nt",
        "--endpoint",
        oxigraph.query,
    )
    assert (
        construct.stdout
        == cli("query", "CONSTRUCT WHERE { mbx:bdnf rdfs:label ?l }", "-f", "nt").stdout
    )


def test_update_through_the_endpoint(oxigraph: OxigraphServer) -> None:
    insert = "INSERT DATA { GRAPH <http://example.org/u> { mbx:a mbx:b mbx:c } }"
    refused = cli("query", insert, "--endpoint", oxigraph.update)
    assert refused.exit_code == 2
    applied = cli("query", insert, "--endpoint", oxigraph.update, "--update")
    assert (applied.exit_code, applied.stderr) == (0, "update applied\n")
    assert (
        cli("query", "ASK { mbx:a mbx:b mbx:c }", "--endpoint", oxigraph.query).stdout == "true\n"
    )


def test_server_down_is_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    result = cli("load", "--store-url", url)
    assert result.exit_code == 3
    assert result.stderr == (
        f"Error: {url}?graph=https%3A%2F%2Fw3id.org%2Fmbx%2Fgraph%2Fall: cannot connect "
        "(connection refused); is the server running and the URL right?\n"
    )
    result = cli("query", "ASK {}", "--endpoint", url)
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and "cannot connect (connection refused)" in result.stderr


def test_wrong_url_gives_the_status(oxigraph: OxigraphServer) -> None:
    result = cli("query", "ASK {}", "--endpoint", oxigraph.base + "/nope")
    assert result.exit_code == 3
    assert result.stderr == (
        f"Error: {oxigraph.base}/nope: HTTP 404 Not Found: POST /nope is not supported by this server\n"
    )


def test_malformed_query_rejected_by_the_server_exits_2(oxigraph: OxigraphServer) -> None:
    result = cli("query", "SELECT ?x WHERE { ?x ?y }", "--endpoint", oxigraph.query)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: query:1:26: the endpoint {oxigraph.query} rejected the query: "
        "HTTP 400 Bad Request: expected one of LATERAL, SERVICE, [_]\n"
    )


def test_endpoint_syntax_error_at_the_users_column(oxigraph: OxigraphServer) -> None:
    """mbx adds PREFIX mbx: to line 1 for the endpoint; the column is still the user's."""
    text = "SELECT * WHERE { ?s a mbx:Claim } LIMT 5"
    remote = cli("query", text, "--endpoint", oxigraph.query)
    embedded = cli("query", text)
    assert remote.exit_code == embedded.exit_code == 2
    assert remote.stderr.startswith("Error: query:1:41: the endpoint ")
    assert embedded.stderr.startswith("Error: query:1:41: SPARQL syntax error: ")


def test_default_graph_counted_right_on_a_union_default_graph_server(
    tmp_path: Path, oxigraph: OxigraphServer
) -> None:
    """With --endpoint, the default graph is counted by GSP GET: a union default graph
    (Oxigraph --union-default-graph, as README suggests for querying) would count all."""
    data = extra_file(tmp_path, "three.nt", 3)
    result = cli(
        "load", "--store-url", oxigraph.store, "-i", str(data), "--by-source",
        "--endpoint", oxigraph.query,
    )
    assert result.exit_code == 0, result.stderr
    assert "loaded 3 triples into the default graph\n" in result.stderr


def test_credentials_never_shown(oxigraph: OxigraphServer) -> None:
    env = {
        "MBX_STORE_USER": "alice",
        "MBX_STORE_PASSWORD": "pa55word-store",
        "MBX_ENDPOINT_USER": "bob",
        "MBX_ENDPOINT_PASSWORD": "pa55word-endpoint",
    }
    url = oxigraph.base.replace("http://", "http://carol:s3cret-in-url@") + "/nope"
    outcomes = [
        cli("load", "--store-url", url, env=env),
        cli("query", "ASK {}", "--endpoint", url, env=env),
        cli(
            "query",
            "SELECT ?x WHERE { ?x ?y }",
            "--endpoint",
            url.replace("/nope", "/query"),
            env=env,
        ),
    ]
    for result in outcomes:
        assert result.exit_code in (2, 3)
        text = result.stdout + result.stderr
        for secret in ("pa55word", "s3cret", "carol"):
            assert secret not in text
        assert oxigraph.base.replace("http://", "") in text
    assert redact("https://u:p@h:1/x?y") == "https://h:1/x?y"


def test_endpoint_labels_follow_the_one_rule(oxigraph: OxigraphServer, tmp_path: Path) -> None:
    from test_query import LABELLED, LABELLED_ROWS, LABELS_QUERY

    data = tmp_path / "labelled.ttl"
    data.write_text(LABELLED, encoding="utf-8")
    assert cli("load", "--store-url", oxigraph.store, "--no-bundled", "-i", str(data)).exit_code == 0
    result = cli("query", LABELS_QUERY, "--labels", "--endpoint", oxigraph.query)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[2:] == LABELLED_ROWS
