"""`mbx query`: the library, the embedded engine, output formats, refusals, --store, contract."""

from __future__ import annotations

import json
import re
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from mbx.cli import main
from mbx.dataset import load_dataset, load_graph
from mbx.namespaces import PREFIXES
from mbx.parse import parse_quads
from mbx.sparql import run_query
from mbx.sparql.analysis import analyse
from mbx.sparql.library import LibraryQuery, library
from mbx.sparql.store import STORE_MARKER, UNION_GRAPH, StoreInputs, open_store

SHIPPED = library()
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "long", "int")}


def run(*args: str, input: str | bytes | None = None) -> Any:
    return CliRunner().invoke(
        main, ["query", *args], input=input, catch_exceptions=False, prog_name="mbx"
    )


# --- analysis -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "form", "service"),
    [
        ("SELECT * { ?s ?p ?o }", "SELECT", False),
        (
            "prefix ex: <http://ex/>\nconstruct { ?s ex:p ?o } where { ?s ex:q ?o }",
            "CONSTRUCT",
            False,
        ),
        ("ASK { }", "ASK", False),
        ("DESCRIBE <http://ex/a>", "DESCRIBE", False),
        ("# SELECT\nINSERT DATA { <a> <b> <c> }", "UPDATE", False),
        (
            "PREFIX ex: <http://ex/> WITH ex:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
            "UPDATE",
            False,
        ),
        ("DROP ALL", "UPDATE", False),
        ("LOAD <http://example.org/x.ttl>", "UPDATE", True),  # LOAD fetches, like SERVICE
        ('SELECT * { BIND("x"@service AS ?x) }', "SELECT", False),  # a language tag
        ("SELECT * { SERVICE <http://ex/sparql> { ?s ?p ?o } }", "SELECT", True),
        ("SELECT * { service silent <http://ex/sparql> { ?s ?p ?o } }", "SELECT", True),
        ("# SERVICE <x>\nSELECT * { ?s ?p 'SERVICE' }", "SELECT", False),
        ('SELECT * { ?s ?p """a\nSERVICE { }""" }', "SELECT", False),
        ("SELECT ?service { ?service ex:SERVICE <http://ex/SERVICE> }", "SELECT", False),
    ],
)
def test_analyse(text: str, form: str, service: bool) -> None:
    info = analyse(text)
    assert (info.form, info.uses_service) == (form, service)


def test_analyse_prefixes() -> None:
    info = analyse("PREFIX ex: <http://ex/>\nSELECT * { ?s ex:p mbx:bdnf ; rdfs:label 'a:b' }")
    assert info.declared_prefixes == {"ex"}
    assert info.used_prefixes == {"ex", "mbx", "rdfs"}


# --- the library --------------------------------------------------------------


def test_list_shows_names_and_questions() -> None:
    result = run("--list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "question"]
    assert any(
        line.split(None, 1)
        == ["mbx-counts", "How many triples does each named graph of the MBX dataset hold?"]
        for line in lines
    )
    assert len(lines) == len(SHIPPED) + 2


def test_every_shipped_query_has_a_question() -> None:
    assert SHIPPED, "no shipped queries found"
    assert [x.name for x in SHIPPED if not x.question] == []


def test_unknown_output_format_is_one_line() -> None:
    result = run("ASK {}", "-f", "yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: Invalid value for '-f' / '--format': unknown output format 'yaml'; use table, "
        "csv, tsv, json or xml (SELECT/ASK), or an RDF format such as turtle, jsonld, nt, nq, "
        "trig, xml (CONSTRUCT/DESCRIBE); see `mbx query --help`\n"
    )
    assert run("ASK {}", "-f", "JSON").stdout == '{"head":{},"boolean":true}\n'  # case-insensitive


def test_unknown_name() -> None:
    result = run("--name", "mbx-count")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: no shipped query named 'mbx-count'; did you mean mbx-counts? "
        "see `mbx query --list`\n"
    )


def test_no_query_and_two_queries() -> None:
    result = run()
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no query given; ")
    result = run("ASK {}", "--name", "mbx-counts")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: give exactly one query: QUERY, -q/--query-file FILE or --name NAME"
    )


# --- SELECT output --------------------------------------------------------------

COUNTS = "SELECT ?graph (COUNT(*) AS ?n) WHERE { GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph ORDER BY ?graph"


def test_table_uses_prefixed_names() -> None:
    result = run(COUNTS)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["graph", "n"]
    assert set(lines[1]) == {"-", " "}
    graphs = [line.split()[0] for line in lines[2:]]
    assert graphs == ["graph:000", "graph:001", "graph:002", "graph:kg", "graph:ontology"]


def test_labels() -> None:
    from rdflib import RDFS, URIRef

    result = run("SELECT ?x WHERE { VALUES ?x { mbx:bdnf <http://example.org/none> } }", "--labels")
    assert result.exit_code == 0, result.stderr
    label = next(load_graph().objects(URIRef(PREFIXES["mbx"] + "bdnf"), RDFS.label))
    assert result.stdout.splitlines()[2:] == [f"mbx:bdnf ({label})", "<http://example.org/none>"]
    refused = run("SELECT ?x WHERE { ?x a owl:Class }", "--labels", "-f", "csv")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "Error: --labels applies to the table output only\n",
    )


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_machine_formats_parse_back(fmt: str) -> None:
    result = run(COUNTS, "-f", fmt)
    assert result.exit_code == 0, result.stderr
    parsed = ox.parse_query_results(
        result.stdout_bytes, getattr(ox.QueryResultsFormat, fmt.upper())
    )
    rows = {s["graph"].value: int(s["n"].value) for s in parsed}
    assert rows == expected_counts()


def expected_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for quad in open_store(StoreInputs())[0]:
        if quad.graph_name.value != UNION_GRAPH:
            counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    return counts


def test_csv_is_sparql_csv(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = run(COUNTS, "-o", str(target))  # format from the extension
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "graph,n"
    assert (
        lines[1]
        == f"https://w3id.org/mbx/graph/000,{expected_counts()['https://w3id.org/mbx/graph/000']}"
    )


def test_rdf_format_for_select_is_refused() -> None:
    result = run(COUNTS, "-f", "turtle")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: format 'turtle' does not apply to SELECT results; use table, csv, tsv, json or xml\n"
    )


# --- ASK ------------------------------------------------------------------------


def test_ask_true_false_and_exit_on_false() -> None:
    assert (run("ASK { ?s a owl:Class }").stdout, run("ASK { ?s a owl:Class }").exit_code) == (
        "true\n",
        0,
    )
    false = run("ASK { mbx:no_such_thing ?p ?o }")
    assert (false.stdout, false.exit_code) == ("false\n", 0)
    strict = run("ASK { mbx:no_such_thing ?p ?o }", "--exit-on-false")
    assert (strict.stdout, strict.exit_code) == ("false\n", 1)
    assert run("ASK { ?s a owl:Class }", "--exit-on-false").exit_code == 0
    as_json = run("ASK { ?s a owl:Class }", "-f", "json")
    assert json.loads(as_json.stdout) == {"head": {}, "boolean": True}


# --- CONSTRUCT ------------------------------------------------------------------

CONSTRUCT = "CONSTRUCT { ?c mbx:quote ?q } WHERE { ?c a mbx:Claim ; mbx:quote ?q }"


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "nt", "nq", "trig", "xml"])
def test_construct_formats(fmt: str, tmp_path: Path) -> None:
    expected = run(CONSTRUCT, "-f", "nt")
    n = len(expected.stdout.splitlines())
    assert n > 10
    result = run(CONSTRUCT, "-f", fmt)
    assert result.exit_code == 0, result.stderr
    path = tmp_path / f"out.{ {'turtle': 'ttl', 'xml': 'rdf'}.get(fmt, fmt) }"
    path.write_bytes(result.stdout_bytes)
    quads = parse_quads(str(path))
    assert len(quads) == n


def test_construct_to_file(tmp_path: Path) -> None:
    target = tmp_path / "claims.ttl"
    result = run(CONSTRUCT, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("@prefix ")


# --- refusals and errors --------------------------------------------------------


def test_update_refused() -> None:
    result = run("INSERT DATA { mbx:a mbx:b mbx:c }")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: query: SPARQL Update refused: mbx query is read-only; "
        "give --update to apply it to a --store or an --endpoint\n"
    )


def test_update_of_the_bundled_graph_refused() -> None:
    result = run("CLEAR ALL", "--update")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --update needs a --store DIR or an --endpoint URL; "
        "an update of the in-memory bundled graph would be lost when mbx exits\n"
    )


def test_service_refused_but_not_in_comments_or_strings() -> None:
    result = run("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: query: SERVICE/LOAD refused: it makes the engine fetch data from other servers; "
        "give --allow-service if you mean it\n"
    )
    harmless = run("# SERVICE\nASK { ?s ?p ?o FILTER(?o != 'SERVICE <x> { }') }")
    assert (harmless.exit_code, harmless.stdout) == (0, "true\n")


def test_syntax_error_line_and_column(tmp_path: Path) -> None:
    result = run("SELECT ?s\nWHERE { ?s ?p }")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: query:2:16: SPARQL syntax error: expected one of LATERAL, SERVICE, [_]\n"
    )
    path = tmp_path / "bad.rq"
    path.write_text("# a comment\nSELECT * WHERE {\n  ?s ?p ?o FILTER(?o = ) }\n", encoding="utf-8")
    result = run("-q", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}:")
    assert ": SPARQL syntax error: " in result.stderr
    assert "Traceback" not in result.stderr


def test_query_from_stdin() -> None:
    result = run("-q", "-", input="ASK { ?s a mbx:Claim }")
    assert (result.exit_code, result.stdout) == (0, "true\n")


def test_timeout_stops_a_runaway_query(tmp_path: Path) -> None:
    data = tmp_path / "many.nt"
    data.write_text(
        "".join(f"<http://ex/s{i}> <http://ex/p> <http://ex/o{i}> .\n" for i in range(300)),
        encoding="utf-8",
    )
    start = time.monotonic()
    result = run(
        "SELECT (COUNT(*) AS ?n) WHERE { ?a <http://ex/p> ?b . ?c <http://ex/p> ?d . "
        "?e <http://ex/p> ?f . ?g <http://ex/p> ?h }",
        "-i",
        str(data),
        "--no-bundled",
        "--timeout",
        "1",
    )
    elapsed = time.monotonic() - start
    assert result.exit_code == 3
    assert result.stderr == (
        "Error: query: stopped: the query did not finish within 1 s; simplify it or raise --timeout\n"
    )
    assert elapsed < 8


def test_timeout_passes_results_and_errors_through() -> None:
    result = run(COUNTS, "--timeout", "30", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["results"]["bindings"]) == 5
    bad = run("SELECT * WHERE { ?s }", "--timeout", "30")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("Error: query:1:")


def test_inputs_are_queried(tmp_path: Path) -> None:
    data = tmp_path / "extra.ttl"
    data.write_text("<http://ex/a> <http://ex/p> 'hello' .\n", encoding="utf-8")
    result = run("SELECT ?o WHERE { <http://ex/a> <http://ex/p> ?o }", "-i", str(data))
    assert result.stdout.splitlines()[2:] == ["hello"]
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://ex/a> <http://ex/p> .\n", encoding="utf-8")
    result = run("ASK {}", "-i", str(broken))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {broken}:1:")


# --- --store --------------------------------------------------------------------


def test_store_created_then_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store"
    first = run("--store", str(store), COUNTS, "-f", "json")
    assert first.exit_code == 0, first.stderr
    assert first.stderr.startswith("loaded ") and first.stderr.endswith(
        f" quads into the store {store}\n"
    )
    assert json.loads((store / STORE_MARKER).read_text())["key"]["mbx_version"]

    import mbx.bundle

    def no_parsing(*args: object, **kwargs: object) -> object:
        raise AssertionError("the bundled graph was parsed again")

    monkeypatch.setattr(mbx.bundle, "bundled_quads", no_parsing)
    second = run("--store", str(store), COUNTS, "-f", "json")
    assert second.exit_code == 0, second.stderr
    assert second.stderr == ""
    assert second.stdout == first.stdout
    monkeypatch.undo()

    # an update sticks; changed inputs reload the store
    added = run(
        "--store", str(store), "--update", "INSERT DATA { GRAPH graph:extra { mbx:a mbx:b mbx:c } }"
    )
    assert (added.exit_code, added.stderr) == (0, "update applied\n")
    assert run("--store", str(store), "ASK { mbx:a mbx:b mbx:c }").stdout == "true\n"
    extra = tmp_path / "extra.nt"
    extra.write_text("<http://ex/a> <http://ex/p> <http://ex/b> .\n", encoding="utf-8")
    reloaded = run("--store", str(store), "-i", str(extra), "ASK { mbx:a mbx:b mbx:c }")
    assert reloaded.stdout == "false\n"
    assert reloaded.stderr.startswith("loaded ")


def test_store_never_writes_into_a_folder_it_did_not_create(tmp_path: Path) -> None:
    """Someone's own Oxigraph store (or any non-empty folder) is left untouched."""
    import pyoxigraph as ox

    theirs = tmp_path / "their-store"
    own = ox.Store(str(theirs))
    own.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c")))
    own.flush()
    del own
    before = sorted(p.name for p in theirs.iterdir())
    result = run("--store", str(theirs), "ASK {}")
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {theirs}: not an mbx store (no mbx-store.json) and not empty; mbx will not "
        "write into it; give a new or empty folder to --store\n",
    )
    assert sorted(p.name for p in theirs.iterdir()) == before
    assert len(ox.Store(str(theirs))) == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("--store", str(empty), "ASK {}").exit_code == 0


def test_store_and_endpoint_exclusive(tmp_path: Path) -> None:
    result = run("ASK {}", "--store", str(tmp_path / "s"), "--endpoint", "http://127.0.0.1:9/q")
    assert (result.exit_code, result.stderr) == (2, "Error: give --store or --endpoint, not both\n")


# --- contract: pyoxigraph and rdflib agree on every shipped query ----------------


def _norm_literal(value: str, datatype: str | None, language: str | None) -> str:
    if language:
        return f"{value}@{language.lower()}"
    if datatype in NUMERIC:
        try:
            return f"{Decimal(value).normalize()}^^number"
        except InvalidOperation:
            pass
    if datatype in (None, XSD + "string"):
        return value
    return f"{value}^^{datatype}"


def _norm_ox(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:"
    assert isinstance(term, ox.Literal)
    return _norm_literal(term.value, term.datatype.value, term.language)


def _norm_rdflib(term: Any) -> str | None:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return "_:"
    assert isinstance(term, Literal)
    return _norm_literal(str(term), str(term.datatype) if term.datatype else None, term.language)


def _unorder(value: str | None, separators: list[str]) -> str | None:
    if value is None:
        return None
    for separator in separators:
        if separator and separator in value:
            return separator.join(sorted(value.split(separator)))
    return value


@pytest.fixture(scope="module")
def rdflib_dataset() -> Any:
    dataset = load_dataset()
    dataset.default_union = True
    return dataset


@pytest.mark.parametrize("shipped", SHIPPED, ids=[x.name for x in SHIPPED])
def test_shipped_query_same_on_pyoxigraph_and_rdflib(
    shipped: LibraryQuery, rdflib_dataset: Any
) -> None:
    text = shipped.path.read_text(encoding="utf-8")
    # GROUP_CONCAT's order is undefined in SPARQL: compare its parts as a multiset
    separators = [
        m.group(1) for m in re.finditer(r"SEPARATOR\s*=\s*[\"']([^\"']*)[\"']", text, re.IGNORECASE)
    ]
    if re.search(r"GROUP_CONCAT", text, re.IGNORECASE) and not separators:
        separators = [" "]
    result = run_query(text, source=str(shipped.path))
    answer = rdflib_dataset.query(text, initNs=PREFIXES)
    if result.form == "ASK":
        assert result.boolean == bool(answer.askAnswer)
    elif result.form == "SELECT":
        names = list(result.variables)
        ours = sorted(tuple(_unorder(_norm_ox(term), separators) for term in row) for row in result.rows)
        theirs = sorted(
            tuple(_unorder(_norm_rdflib(row[n]), separators) for n in names)  # type: ignore[index]
            for row in answer
        )
        assert [str(v) for v in answer.vars] == names
        assert ours == theirs
    else:
        ours_t = sorted(
            tuple(_norm_ox(x) for x in (t.subject, t.predicate, t.object)) for t in result.triples
        )
        theirs_t = sorted(tuple(_norm_rdflib(x) for x in t) for t in answer)
        assert ours_t == theirs_t


# --- edge cases found in exploratory testing -------------------------------------


def test_undeclared_prefix_is_named_in_one_line() -> None:
    result = run("SELECT * WHERE { ?s foo:bar ?o }")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: query:1:28: SPARQL syntax error: undeclared prefix 'foo:'; "
        "add a PREFIX declaration\n",
    )


def test_long_parser_messages_are_cut_to_one_short_line(tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = run("--store", str(store), "--update", "INSERT DATA { <http://ex/a> <http://ex/b> }")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and len(result.stderr) < 260, result.stderr


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1", "1e300"])
@pytest.mark.parametrize("command", ["query", "load"])
def test_timeout_must_be_a_finite_positive_number(command: str, value: str) -> None:
    args = ["ASK {}"] if command == "query" else ["--store-url", "http://127.0.0.1:9/store"]
    result = CliRunner().invoke(main, [command, *args, "--timeout", value], prog_name="mbx")
    shown = {"0": "0.0", "-1": "-1.0", "1e300": "1e+300"}.get(value, value)
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: Invalid value for '--timeout': {shown} is not in the range 0<x<=604800; "
        f"see `mbx {command} --help`\n",
    )


def test_service_that_fails_is_one_line_exit_3() -> None:
    from oxigraph_server import free_port

    text = f"SELECT * {{ SERVICE <http://127.0.0.1:{free_port()}/sparql> {{ ?s ?p ?o }} }}"
    for extra in ([], ["--timeout", "30"]):
        result = run("--allow-service", text, *extra)
        assert (result.exit_code, result.stderr) == (
            3,
            "Error: query: the engine could not fetch remote data (SERVICE or LOAD): "
            "Connection refused (os error 111)\n",
        ), extra


def test_load_update_needs_allow_service(tmp_path: Path) -> None:
    result = run("--store", str(tmp_path / "s"), "--update", "LOAD <http://127.0.0.1:9/x.ttl>")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: query: SERVICE/LOAD refused: it makes the engine fetch data from other servers; "
        "give --allow-service if you mean it\n",
    )


def test_byte_order_mark_in_a_query_file(tmp_path: Path) -> None:
    path = tmp_path / "bom.rq"
    path.write_bytes(b"\xef\xbb\xbfSELECT (1 AS ?x) {}")
    result = run("-q", str(path), "-f", "csv")
    assert (result.exit_code, result.stdout_bytes) == (0, b"x\r\n1\r\n")


def test_stdin_cannot_be_both_query_and_data() -> None:
    result = run("-q", "-", "-i", "-", input="ASK {}")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: standard input can be read only once: give the query or the data as -\n",
    )


def test_select_results_are_not_written_to_an_rdf_file(tmp_path: Path) -> None:
    out = tmp_path / "s.ttl"
    result = run("SELECT ?c { ?c a mbx:Claim }", "-o", str(out))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: SELECT results cannot be written as RDF ({out}); "
        "use -o FILE.csv, .tsv, .json or .xml, or -f table\n",
    )
    assert not out.exists()


def test_store_in_a_missing_folder(tmp_path: Path) -> None:
    result = run("--store", str(tmp_path / "no" / "store"), "ASK {}")
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {tmp_path / 'no'}: folder does not exist\n",
    )


def test_store_key_ignores_how_the_file_path_is_spelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "mine.nt"
    data.write_text("<http://ex/a> <http://ex/b> <http://ex/c> .\n")
    first = run("--store", "st", "-i", "mine.nt", "ASK {}")
    assert first.stderr.startswith("loaded ")
    again = run("--store", "st", "-i", str(data), "ASK {}")
    assert (again.exit_code, again.stderr) == (0, "")


def test_store_reuse_reads_an_input_again_only_when_its_file_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reusing a --store costs a stat of each input, not a hash of its content; a file
    touched but unchanged keeps the store; a change behind an unchanged size and mtime
    (set back by hand) is still caught: the ctime moved."""
    import os

    import mbx.inputs

    data = tmp_path / "mine.nt"
    data.write_text("<http://ex/a> <http://ex/b> <http://ex/c> .\n")
    store = tmp_path / "st"
    assert run("--store", str(store), "--no-bundled", "-i", str(data), "ASK {}").stderr.startswith("loaded ")

    def no_reading(source: str) -> bytes:
        raise AssertionError(f"{source} was read again")

    with monkeypatch.context() as patch:
        patch.setattr(mbx.inputs, "read_bytes", no_reading)
        again = run("--store", str(store), "--no-bundled", "-i", str(data), "ASK {}")
        assert (again.exit_code, again.stderr) == (0, "")
    before = data.stat()
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))  # touched
    touched = run("--store", str(store), "--no-bundled", "-i", str(data), "ASK {}")
    assert (touched.exit_code, touched.stderr) == (0, "")
    state = json.loads((store / STORE_MARKER).read_text())["key"]["inputs"][0]["state"]
    assert state["mtime_ns"] == before.st_mtime_ns + 10**9
    data.write_text("<http://ex/a> <http://ex/b> <http://ex/d> .\n")  # same size
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))
    changed = run("--store", str(store), "--no-bundled", "-i", str(data), "ASK { ?s ?p <http://ex/d> }")
    assert changed.stderr.startswith("loaded ") and changed.stdout == "true\n"


def test_table_escapes_control_characters(tmp_path: Path) -> None:
    data = tmp_path / "esc.nt"
    data.write_text('<http://ex/a> <http://ex/b> "\\u001B[31mred\\u001B[0m" .\n')
    result = run("--no-bundled", "-i", str(data), "SELECT ?o { ?s ?p ?o }")
    assert result.stdout == "o\n------------------\n\\x1b[31mred\\x1b[0m\n"
    csv = run("--no-bundled", "-i", str(data), "SELECT ?o { ?s ?p ?o }", "-f", "csv")
    assert "\x1b[31m" in csv.stdout  # files for programs keep the data as it is


LABELLED = (
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    '<http://ex/a> rdfs:label "Zed"@de, "Alpha"@en-GB .\n'
    '<http://ex/b> skos:prefLabel "Bee" .\n'
    '<http://ex/c> rdfs:label "c2", "c1" ; skos:prefLabel "AAA" .\n'
)
LABELS_QUERY = "SELECT ?x { VALUES ?x { <http://ex/a> <http://ex/b> <http://ex/c> <http://ex/d> } }"
#: mbx/labels.py: rdfs:label, else skos:prefLabel; English or untagged first; then the smallest
LABELLED_ROWS = [
    "<http://ex/a> (Alpha)",
    "<http://ex/b> (Bee)",
    "<http://ex/c> (c1)",
    "<http://ex/d>",
]


def test_labels_follow_the_one_rule(tmp_path: Path) -> None:
    data = tmp_path / "labelled.ttl"
    data.write_text(LABELLED, encoding="utf-8")
    result = run("--no-bundled", "-i", str(data), LABELS_QUERY, "--labels")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[2:] == LABELLED_ROWS
    stored = run("--no-bundled", "-i", str(data), "--store", str(tmp_path / "s"), LABELS_QUERY, "--labels")
    assert stored.stdout.splitlines()[2:] == LABELLED_ROWS


# --- the default graph: the RDF merge of all graphs (issue 16) ------------------------------


def test_the_default_graph_holds_each_triple_once() -> None:
    """A triple stated in two graphs (6 of them) counts once outside GRAPH, as in a store
    loaded with `mbx load`; GRAPH ?g still counts per graph; FROM reads what it names."""
    from mbx.dataset import load_quads

    quads = load_quads()
    distinct = len({quad.triple for quad in quads})
    assert len(quads) == distinct + 6  # e.g. mbx:ResistanceTraining mbx:increases mbx:bdnf
    count = run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv")
    assert count.stdout.splitlines()[1] == str(distinct)
    per_graph = run(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "-f", "csv"
    ).stdout.splitlines()[1]
    assert per_graph == str(len(quads))
    twice = run(
        "SELECT ?g WHERE { GRAPH ?g { mbx:ResistanceTraining mbx:increases mbx:bdnf } } ORDER BY ?g",
        "-f", "csv",
    )
    assert twice.stdout.splitlines()[1:] == [
        "https://w3id.org/mbx/graph/001", "https://w3id.org/mbx/graph/002"
    ]
    once = run("SELECT * WHERE { mbx:ResistanceTraining mbx:increases mbx:bdnf }", "-f", "csv")
    assert len(once.stdout.splitlines()) == 2  # the header and one solution
    named = run(
        "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/mbx/graph/002> WHERE { ?s ?p ?o }", "-f", "csv"
    )
    assert named.stdout.splitlines()[1] == str(sum(q.graph_name.value.endswith("/002") for q in quads))
    assert run(f"ASK {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }}").stdout == "false\n"


def test_an_update_of_a_store_reaches_its_default_graph(tmp_path: Path) -> None:
    store = str(tmp_path / "s")
    insert = (
        "INSERT DATA { GRAPH <http://ex/g1> { <http://ex/a> <http://ex/b> <http://ex/c> } "
        "GRAPH <http://ex/g2> { <http://ex/a> <http://ex/b> <http://ex/c> } }"
    )
    assert run(insert, "--store", store, "--update").exit_code == 0
    count = run(
        "SELECT (COUNT(*) AS ?n) WHERE { <http://ex/a> ?p ?o }", "--store", store, "-f", "csv"
    )
    assert count.stdout.splitlines()[1] == "1"
    deleted = "DELETE DATA { GRAPH <http://ex/g1> { <http://ex/a> <http://ex/b> <http://ex/c> } }"
    assert run(deleted, "--store", store, "--update").exit_code == 0
    assert run("ASK { <http://ex/a> ?p ?o }", "--store", store).stdout == "true\n"  # still in g2


# --- the command line (issue 16) ------------------------------------------------------------


def test_mbx_alone_prints_its_help() -> None:
    result = CliRunner().invoke(main, [], prog_name="mbx", catch_exceptions=False)
    assert result.exit_code == 2  # as click does
    assert result.stderr.startswith("Usage: mbx [OPTIONS] COMMAND [ARGS]...\n")
    assert "\nCommands:\n" in result.stderr and "Error" not in result.stderr
    assert result.stderr.count("\n") > 10


def test_a_query_file_given_as_the_query_is_read(tmp_path: Path) -> None:
    shipped = next(q for q in SHIPPED if q.name == "claims-per-document")
    by_path = run(str(shipped.path))
    assert by_path.exit_code == 0, by_path.stderr
    assert by_path.stdout == run("--name", "claims-per-document").stdout
    missing = run(str(tmp_path / "nope.rq"))
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"Error: no query file '{tmp_path / 'nope.rq'}'; QUERY is SPARQL text; "
        "give a query file with -q FILE\n",
    )
    assert run("ASK { ?s ?p 'x.rq' }").stdout == "false\n"  # SPARQL that mentions .rq
