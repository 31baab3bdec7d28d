"""`mbx load` and `mbx query --endpoint` against real stores: Oxigraph and Virtuoso.

Tests that take ``triple_store`` run once per store (tests/conftest.py): the
same load, reload, by-source, query and compare contract for both. What a
store does differently is asserted as such (KNOWN_VIRTUOSO_DIFFERENCES),
so a store that changes shows up here.
"""

from __future__ import annotations

import functools
import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from oxigraph_server import OxigraphServer, free_port
from store_server import StoreServer

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
XSD = "http://www.w3.org/2001/XMLSchema#"


DECIMALS = (
    '2 literals xsd:decimal -> xsd:decimal (canonical form), e.g. rec:001-creatine-quantity '
    'mbx:maxValue "5.0"^^xsd:decimal came back as "5"^^xsd:decimal'
)
OFFSETS = (
    "{n} literals xsd:nonNegativeInteger -> xsd:integer (datatype changed), e.g. "
    'claim:{doc}-01-selector oa:end "{end}"^^xsd:nonNegativeInteger came back as '
    '"{end}"^^xsd:integer'
)


def bundled_warnings(store: str, graph: str) -> str:
    """What each store does to the bundled graph (graph: the one graph, or one by source).

    Both keep the value, not the spelling, of "5.0"^^xsd:decimal and "2.0" (doses
    in graph:001); Oxigraph also turns the xsd:nonNegativeInteger offsets of the
    text selectors into xsd:integer, Virtuoso keeps them.
    """
    offsets = {"000": (130, 352), "001": (198, 623), "002": (60, 255), "all": (388, 352)}
    name = graph.rsplit("/", 1)[1]
    lines = []
    if store == "oxigraph" and name in offsets:
        n, end = offsets[name]
        lines.append(OFFSETS.format(n=n, doc="001" if name == "001" else "002" if name == "002" else "000", end=end))
    if name in ("001", "all"):
        lines.append(DECIMALS)
    return "".join(f"Warning: <{graph}>: {line}\n" for line in lines)


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
    triple_store: StoreServer, bundled_triples: int
) -> None:
    first = cli("load", "--store-url", triple_store.store)
    assert first.exit_code == 0, first.stderr
    warnings = bundled_warnings(triple_store.name, ALL)
    assert first.stderr == f"loaded {bundled_triples} triples into <{ALL}>\n" + warnings
    again = cli("load", "--store-url", triple_store.store, "--endpoint", triple_store.query)
    assert again.stderr == first.stderr
    assert count_with_gsp(triple_store.store, ALL, credentials=CREDS) == bundled_triples
    assert count_with_sparql(triple_store.query, ALL, credentials=CREDS) == bundled_triples
    counted = cli("load", "--store-url", triple_store.store, "--verify", "count")
    assert (counted.exit_code, counted.stderr) == (
        0,
        f"loaded {bundled_triples} triples into <{ALL}>\n",
    )
    trusted = cli("load", "--store-url", triple_store.store, "--verify", "none")
    assert (trusted.exit_code, trusted.stderr) == (
        0,
        f"sent {bundled_triples} triples to <{ALL}> (not verified)\n",
    )
    ignored = cli("load", "--store-url", triple_store.store, "--on-rewrite", "ignore")
    assert (ignored.exit_code, ignored.stderr) == (0, counted.stderr)
    rewritten = 390 if triple_store.name == "oxigraph" else 2
    refused = cli("load", "--store-url", triple_store.store, "--on-rewrite", "error")
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"loaded {bundled_triples} triples into <{ALL}>\n"
        + warnings.replace("Warning:", "Error:")
        + f"Error: <{ALL}>: the store rewrote {rewritten} literals; see above; "
        "--on-rewrite warn accepts it\n"
    )


def test_append_adds_only_new_triples(triple_store: StoreServer, tmp_path: Path) -> None:
    oxigraph = triple_store
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


def test_virtuoso_has_no_default_graph_over_gsp(virtuoso: StoreServer, tmp_path: Path) -> None:
    data = extra_file(tmp_path, "a.nt", 2)
    result = cli(
        "load", "--store-url", virtuoso.store, "--no-bundled", "-i", str(data), "--default-graph"
    )
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {virtuoso.store}?default: HTTP 500 ")
    assert "default graph" in result.stderr
    assert result.stderr.endswith(
        "; some stores have no default graph over GSP (Virtuoso): give --graph IRI\n"
    )
    assert result.stderr.count("\n") == 1


def test_by_source_creates_the_named_graphs(triple_store: StoreServer) -> None:
    oxigraph = triple_store
    result = cli("load", "--store-url", oxigraph.store, "--by-source")
    assert result.exit_code == 0, result.stderr
    # the default graph first, then the graphs by name
    expected = dict(sorted(group_triples(load_quads(), by_source=True).items(), key=lambda i: i[0] or ""))
    assert sorted(k for k in expected if k) == [
        GRAPH + n for n in ("000", "001", "002", "kg", "ontology")
    ]
    assert result.stderr == "".join(
        f"loaded {len(t)} triples into <{g}>\n" + bundled_warnings(oxigraph.name, str(g))
        for g, t in expected.items()
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


@functools.cache
def _embedded_rows(name: str) -> list[str]:
    """The embedded engine's answer to a shipped query (once per session: both stores use it)."""
    return _rows(cli("query", "--name", name, "-f", "json").stdout_bytes)


#: shipped queries whose answer from Virtuoso 7.2.5 differs from the embedded engine's, and why
KNOWN_VIRTUOSO_DIFFERENCES = {
    # its default graph (and GRAPH ?g) holds its own system graphs too: more rows
    "mbx-counts": "more",
    "mbx-types": "more",
    # a property path whose start is bound by a selective pattern finds nothing
    "micronutrients-modulating-myokines": "none",
}


def test_endpoint_answers_like_the_embedded_engine(triple_store: StoreServer) -> None:
    assert cli("load", "--store-url", triple_store.store, "--by-source").exit_code == 0
    compared = 0
    differs = {}
    for shipped in library():
        text = shipped.path.read_text(encoding="utf-8")
        if analyse(text).form != "SELECT":
            continue
        remote = cli("query", "--name", shipped.name, "-f", "json", "--endpoint", triple_store.query)
        assert remote.exit_code == 0, remote.stderr
        ours, theirs = _embedded_rows(shipped.name), _rows(remote.stdout_bytes)
        compared += 1
        if ours == theirs:
            continue
        differs[shipped.name] = (
            "none" if not theirs else "more" if set(ours) < set(theirs) else "other"
        )
    assert compared >= 15
    known = KNOWN_VIRTUOSO_DIFFERENCES if triple_store.name == "virtuoso" else {}
    assert differs == known
    ask = cli("query", "ASK { mbx:bdnf a owl:NamedIndividual }", "--endpoint", triple_store.query)
    assert (ask.exit_code, ask.stdout) == (0, "true\n")
    construct = cli(
        "query",
        "CONSTRUCT WHERE { mbx:bdnf rdfs:label ?l }",
        "-f",
        "nt",
        "--endpoint",
        triple_store.query,
    )
    assert (
        construct.stdout
        == cli("query", "CONSTRUCT WHERE { mbx:bdnf rdfs:label ?l }", "-f", "nt").stdout
    )


def test_the_virtuoso_path_workaround(virtuoso: StoreServer) -> None:
    """Two property paths joined through one claim go wrong on Virtuoso; docs/stores.md's
    workaround (each path in a sub-select with a LIMIT) is right on both engines."""
    assert cli("load", "--store-url", virtuoso.store, "--by-source").exit_code == 0
    paths = ("?r rdfs:subPropertyOf* mbx:modulates", "?m rdfs:subClassOf* mbx:Micronutrient")
    plain = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?claim mbx:predicate ?r ; mbx:subject ?m . "
        + " . ".join(paths)
        + " }"
    )
    workaround = plain
    for path in paths:
        var = path.split()[0]
        workaround = workaround.replace(
            path, f"{{ SELECT {var} WHERE {{ {path} }} LIMIT 100000 }}"
        )

    def count(text: str, *endpoint: str) -> int:
        result = cli("query", text, "-f", "csv", *endpoint)
        assert result.exit_code == 0, result.stderr
        return int(result.stdout.splitlines()[1])

    expected = count(plain)
    assert expected > 1
    assert count(plain, "--endpoint", virtuoso.query) < expected
    assert count(workaround, "--endpoint", virtuoso.query) == expected
    assert count(workaround) == expected


def test_update_through_the_endpoint(triple_store: StoreServer) -> None:
    oxigraph = triple_store
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
        f"Error: {oxigraph.base}/nope: HTTP 404 Not Found: GET /nope is not supported by this server\n"
    )


@pytest.mark.parametrize(
    ("store", "expected"),
    [
        ("oxigraph", "query:1:26: the endpoint {query} rejected the query: HTTP 400 Bad Request: "
         "expected one of LATERAL, SERVICE, [_]"),
        ("virtuoso", "query:1: the endpoint {query} rejected the query: HTTP 400 Bad Request: "
         "Virtuoso 37000 Error SP030: SPARQL compiler, syntax error at '}}' before '}}'"),
    ],
)
def test_malformed_query_rejected_by_the_server_exits_2(
    store: str, expected: str, request: pytest.FixtureRequest
) -> None:
    server: StoreServer = request.getfixturevalue(store)
    result = cli("query", "SELECT ?x WHERE { ?x ?y }", "--endpoint", server.query)
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: " + expected.format(query=server.query) + "\n",
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


def test_endpoint_labels_follow_the_one_rule(triple_store: StoreServer, tmp_path: Path) -> None:
    from test_query import LABELLED, LABELLED_ROWS, LABELS_QUERY

    oxigraph = triple_store
    data = tmp_path / "labelled.ttl"
    data.write_text(LABELLED, encoding="utf-8")
    assert cli("load", "--store-url", oxigraph.store, "--no-bundled", "-i", str(data)).exit_code == 0
    result = cli("query", LABELS_QUERY, "--labels", "--endpoint", oxigraph.query)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[2:] == LABELLED_ROWS


def _load_page_blocks() -> list[list[tuple[str, list[str]]]]:
    """The first two console blocks of docs/load.md after its --help: commands and outputs."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "load.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.+?)\n```", text.split("`mbx load` pushes", 1)[1], re.S)
    steps: list[list[tuple[str, list[str]]]] = []
    for block in blocks[:2]:
        steps.append([])
        for line in block.splitlines():
            if line.startswith("$ "):
                steps[-1].append((line[2:], []))
            else:
                steps[-1][-1][1].append(line)
    return steps


def test_the_load_examples_are_real_and_leave_the_data_in_the_store_once(oxigraph: OxigraphServer) -> None:
    """docs/load.md's two examples (one graph; one per source), each on an empty store:
    the output shown is the output, and afterwards every triple is stored once."""
    distinct = len(group_triples(load_quads())[ALL])
    blocks = _load_page_blocks()
    assert [len(block) for block in blocks] == [3, 1]
    for block in blocks:
        oxigraph.clear()
        for command, shown in block:
            if command.startswith("oxigraph serve"):
                continue
            args = shlex.split(command.replace("http://127.0.0.1:7878", oxigraph.base))
            assert args[0] == "mbx"
            result = cli(*args[1:])
            assert result.exit_code == 0, result.stderr
            assert (result.stdout + result.stderr).splitlines() == shown, command
        stored = count_with_sparql(oxigraph.query, None, credentials=CREDS)  # the union of graphs
        per_graph = sum(len(t) for t in group_triples(load_quads(), by_source=True).values())
        assert stored == (per_graph if "--by-source" in block[0][0] else distinct)
        graphs = cli("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "--endpoint",
                     oxigraph.query, "-f", "csv").stdout.splitlines()[1:]
        assert (ALL in graphs) != ("--by-source" in block[0][0])
