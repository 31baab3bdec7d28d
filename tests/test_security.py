"""Property-based tests (hypothesis, bounded) of the security pieces: the SERVICE/LOAD guard,
redaction, nesting depth, round trips and mutated inputs; and the store's repair.

The guard is checked against the engines themselves: whatever query the
guard lets through, pyoxigraph running it must not reach the server on
127.0.0.1 that records every request (tests/fake_server.py).
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fake_server import canned_server
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mbx.errors import InputError, MbxError, QueryError, printable
from mbx.limits import max_depth
from mbx.sparql.analysis import guard, uses_remote

BOUNDED = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# --- the guard -------------------------------------------------------------------------

#: pieces a query is made of: what can hide a keyword (comments, strings, IRIs) and what ends them
PIECES = st.sampled_from(
    [
        "# a comment", "\r", "\n", "\r\n", " ", '"a\\u005C"', '"x\\"y"', "'''a\rb'''",
        '"""c"""', "<http://ex/p>", "<http://ex/service>", "?service", "ex:load", "\\u0053ERVICE",
        "'\\''", "#", '"', "'", "<", ">", "{", "}", "SERVICE", "LOAD", "service", "@en",
    ]
)


def assembled(pieces: list[str], target: str) -> str:
    body = "".join(p.replace("SERVICE", f"SERVICE <{target}> {{ ?s ?p ?o }}") for p in pieces)
    return f"PREFIX ex: <http://ex/> SELECT * WHERE {{ ?s ?p ?o {body} \n}}"


@BOUNDED
@given(st.lists(PIECES, max_size=8))
def test_what_the_guard_lets_through_never_reaches_a_server(pieces: list[str]) -> None:
    import pyoxigraph as ox

    with canned_server(200, "application/sparql-results+json", b'{"head":{"vars":[]},"results":{"bindings":[]}}') as server:
        text = assembled(pieces, server.base + "/guard")
        try:
            guard(text, "query")
        except QueryError:
            return  # refused (SERVICE/LOAD, or not UTF-8): nothing was sent
        store = ox.Store()
        store.add(ox.Quad(ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/p"), ox.Literal("x")))
        try:
            answer = store.query(text)
            if not isinstance(answer, ox.QueryBoolean):
                list(answer)
        except (SyntaxError, OSError, RuntimeError):
            pass
        assert server.requests == [], repr(text)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { # c\rSERVICE <http://x/> { ?s ?p ?o } }",
        "# old Mac\rSELECT * WHERE {\r SERVICE <http://x/> { ?s ?p ?o }\r}",
        "# c\rLOAD <http://x/>",
        'SELECT * WHERE { ?s ?p "a\\u005C" SERVICE <http://x/> { ?s ?q ?o } FILTER(?o != "") }',
        "SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
        "INSERT { ?s ?p ?o } WHERE { SERVICE SILENT <http://x/> { ?s ?p ?o } }",
    ],
)
def test_hidden_service_and_load_are_found(text: str) -> None:
    assert uses_remote(text)
    with pytest.raises(QueryError, match="SERVICE/LOAD refused"):
        guard(text, "query", update=True)


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s <http://ex/service> "LOAD" } # SERVICE <http://x/>',
        "SELECT ?service WHERE { ?service a <http://ex/Load> }",
        'SELECT * WHERE { ?s ?p "x"@service }',
    ],
)
def test_words_that_are_not_keywords_pass(text: str) -> None:
    assert not uses_remote(text)


def test_rdflib_parse_is_the_second_line() -> None:
    """A SERVICE the tokenizer could miss is still in rdflib's parse tree."""
    from mbx.sparql.analysis import _parsed_remote

    assert _parsed_remote("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    assert _parsed_remote("# c\rSELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    assert not _parsed_remote("SELECT * WHERE { ?s <http://ex/service> ?o }")


def test_deep_queries_are_refused_before_the_engine() -> None:
    with pytest.raises(InputError, match="MBX_MAX_DEPTH") as caught:
        guard("SELECT * WHERE { FILTER(" + "(" * 600 + "1" + ")" * 600 + ") }", "q.rq")
    assert (caught.value.line, caught.value.column) == (1, 523)  # the 501st open bracket


def test_a_query_that_is_not_utf8_is_refused() -> None:
    text = b'SELECT * { ?s ?p "caf\xe9" }'.decode("utf-8", "surrogateescape")
    with pytest.raises(QueryError, match="not valid UTF-8"):
        guard(text, "query")


# --- redaction -------------------------------------------------------------------------

SECRET = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=4, max_size=16
)


@BOUNDED
@given(SECRET, st.sampled_from(["userinfo", "token", "environment"]))
def test_a_secret_is_never_printed_in_any_spelling(
    monkeypatch: pytest.MonkeyPatch, secret: str, how: str
) -> None:
    from mbx import redaction

    assume(secret.strip() == secret and not re.search(r"[\s@/?#&=;:%]", secret))
    monkeypatch.setattr(redaction, "_known", set())
    monkeypatch.setattr(redaction, "_users", set())
    monkeypatch.delenv("MBX_ENDPOINT_PASSWORD", raising=False)
    user = "alice"
    if how == "userinfo":
        url = f"http://{user}:{quote(secret, safe='')}@127.0.0.1:1/q"
    elif how == "token":
        url = f"http://127.0.0.1:1/q?access_token={quote(secret, safe='')}"
    else:
        url = "http://127.0.0.1:1/q"
        monkeypatch.setenv("MBX_ENDPOINT_PASSWORD", secret)
        monkeypatch.setenv("MBX_ENDPOINT_USER", user)
    redaction.remember_arguments(["query", "--endpoint", url])
    echoed = " | ".join(
        [
            url,
            secret,
            quote(secret, safe=""),
            "Authorization: Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode(),
            base64.b64encode(f"{user}:{secret}".encode()).decode(),
        ]
    )
    shown = printable(echoed)
    for form in (secret, quote(secret, safe=""), base64.b64encode(f"{user}:{secret}".encode()).decode()):
        assert form not in shown, (form, shown)


def test_messages_are_one_line_without_control_characters() -> None:
    shown = printable("line one\r\nline two\x1b[2J\x07 \u202eevil\x00")
    assert "\n" not in shown and "\r" not in shown
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202e]", shown)
    assert "\\x1b[2J" in shown and "\\u202e" in shown


# --- nesting depth ---------------------------------------------------------------------

JSON = st.recursive(
    st.one_of(st.integers(), st.text(max_size=5), st.booleans(), st.none()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=30,
)


def true_depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((true_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((true_depth(v) for v in value.values()), default=0)
    return 0


@BOUNDED
@given(JSON)
def test_json_depth_is_exact(value: Any) -> None:
    assert max_depth(json.dumps(value).encode(), "json") == true_depth(value)


@BOUNDED
@given(st.recursive(st.just(""), lambda inner: st.lists(inner, max_size=3), max_leaves=20))
def test_xml_depth_is_exact(tree: Any) -> None:
    def xml(node: Any, level: int) -> str:
        if not node:
            return f'<e{level} a="x>y"/><!-- <c> -->'
        return f"<e{level}>" + "".join(xml(child, level + 1) for child in node) + f"</e{level}>"

    def depth(node: Any) -> int:
        return 1 + max((depth(child) for child in node), default=0) if node else 1

    assert max_depth(f"<r>{xml(tree, 0)}</r>".encode(), "xml") == 1 + depth(tree)


# --- round trips and mutations ---------------------------------------------------------

IRI = st.sampled_from([f"http://ex/{n}" for n in ("a", "b", "c", "p", "q")])
LITERAL = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=8),
    st.tuples(st.text(max_size=5), st.sampled_from(["en", "de-CH"])),
    st.tuples(st.sampled_from(["1", "1.5", "abc", "-0"]), st.sampled_from(["decimal", "integer", "string"])),
)


def quads_of(triples: list[tuple[int, str, Any]]) -> list[Any]:
    import pyoxigraph as ox

    quads = []
    for subject, predicate, value in triples:
        s = ox.BlankNode(f"b{subject}") if subject < 3 else ox.NamedNode(f"http://ex/s{subject}")
        if isinstance(value, int):
            o: Any = ox.BlankNode(f"b{value}")
        elif isinstance(value, str):
            o = ox.Literal(value)
        elif value[1] in ("en", "de-CH"):
            o = ox.Literal(value[0], language=value[1])
        else:
            o = ox.Literal(value[0], datatype=ox.NamedNode(f"http://www.w3.org/2001/XMLSchema#{value[1]}"))
        quads.append(ox.Quad(s, ox.NamedNode(predicate), o))
    return quads


@BOUNDED
@given(
    st.lists(st.tuples(st.integers(0, 6), IRI, st.one_of(st.integers(0, 2), LITERAL)), max_size=12),
    st.sampled_from(["turtle", "ntriples", "nquads", "trig", "rdfxml"]),
)
def test_export_round_trips(triples: list[tuple[int, str, Any]], name: str) -> None:
    """What mbx writes parses back to the same graph, or is refused (never changed)."""
    import pyoxigraph as ox

    from mbx.export import serialize_quads
    from mbx.formats import FORMATS

    def canonical(items: list[ox.Quad]) -> ox.Dataset:  # pyoxigraph's RDFC-1.0, not mbx's
        dataset = ox.Dataset(items)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        return dataset

    quads = quads_of(triples)
    try:
        data = serialize_quads(quads, FORMATS[name])
    except MbxError:
        return
    back = list(ox.parse(data, format=FORMATS[name].oxigraph))
    assert canonical(back) == canonical(quads)
    assert serialize_quads(back, FORMATS[name]) == data  # the same bytes every time


VALID = {
    "turtle": b'@prefix ex: <http://ex/> .\nex:a ex:p [ ex:q ( 1 "x"@en ) ] ; ex:r """long\nstring""" .\n',
    "jsonld": b'{"@context": {"ex": "http://ex/"}, "@id": "ex:a", "ex:p": [{"@value": "x"}, {"@id": "ex:b"}]}',
    "rdfxml": b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    b'xmlns:ex="http://ex/"><rdf:Description rdf:about="http://ex/a"><ex:p>x</ex:p></rdf:Description></rdf:RDF>',
    "trig": b"<http://ex/g> { <http://ex/a> <http://ex/p> <http://ex/b> . }\n",
}


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(VALID)),
    st.lists(st.tuples(st.integers(0, 400), st.binary(min_size=0, max_size=3)), min_size=1, max_size=4),
)
def test_mutated_input_is_parsed_or_refused_in_one_line(
    name: str, mutations: list[tuple[int, bytes]]
) -> None:
    from mbx.formats import FORMATS
    from mbx.parse import parse_quads

    data = bytearray(VALID[name])
    for position, replacement in mutations:
        at = position % (len(data) + 1)
        data[at : at + len(replacement)] = replacement
    try:
        parse_quads("mutated", FORMATS[name], data=bytes(data), base_iri="http://ex/")
    except InputError as exc:
        assert "\n" not in printable(str(exc))


# --- the store -------------------------------------------------------------------------


def test_an_interrupted_load_is_redone(tmp_path: Path) -> None:
    """A record left at "loading" (the process died mid-load) makes the next run reload."""
    from mbx.sparql.store import STORE_MARKER, StoreInputs, open_store

    data = tmp_path / "d.ttl"
    data.write_text("<http://ex/a> <http://ex/p> 1 , 2 .\n")
    folder = tmp_path / "store"
    spec = StoreInputs(inputs=((str(data), None),), bundled=False, store_dir=str(folder))
    store, loaded = open_store(spec)
    assert loaded == 2
    del store
    record = json.loads((folder / STORE_MARKER).read_text())
    (folder / STORE_MARKER).write_text(json.dumps({**record, "state": "loading"}))
    store, loaded = open_store(spec)
    assert loaded == 2 and len(store) == 2  # triples alone: the default graph is the merge
    del store
    assert open_store(spec)[1] is None  # ready: reused


def test_a_corrupted_store_is_rebuilt(tmp_path: Path) -> None:
    from mbx.sparql.store import StoreInputs, open_store

    data = tmp_path / "d.ttl"
    data.write_text("<http://ex/a> <http://ex/p> 1 , 2 .\n")
    folder = tmp_path / "store"
    spec = StoreInputs(inputs=((str(data), None),), bundled=False, store_dir=str(folder))
    store, _ = open_store(spec)
    del store
    for path in folder.iterdir():
        if path.name.startswith("MANIFEST") or path.name == "CURRENT":
            path.write_bytes(b"\0garbage")
    store, loaded = open_store(spec)
    assert loaded == 2 and len(store) == 2  # triples alone: the default graph is the merge


def test_an_interrupted_load_by_source_says_which_graphs_changed() -> None:
    """load --by-source stopped after some graphs: the error names them and how to mend it."""
    from mbx.errors import EnvironmentFailure, Stopped
    from mbx.remote.bounded import partial_load

    with pytest.raises(EnvironmentFailure) as failed, partial_load(3) as done:
        done.append("http://ex/g1")
        raise EnvironmentFailure("cannot connect", source="http://h/store")
    assert failed.value.hint == (
        "1 of 3 graphs were already replaced (<http://ex/g1>), so the store holds graphs of "
        "two versions; run the same load again"
    )
    with pytest.raises(Stopped) as stopped, partial_load(2) as done:
        done.append(None)
        raise KeyboardInterrupt
    assert stopped.value.exit_code == 130 and "the default graph" in stopped.value.detail
    with pytest.raises(EnvironmentFailure) as untouched, partial_load(2):
        raise EnvironmentFailure("cannot connect")
    assert untouched.value.hint is None


# --- the input size limit --------------------------------------------------------------


@pytest.mark.parametrize("limit", ["64G", "1T"])
def test_a_large_input_limit_does_not_allocate_it(
    limit: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MBX_MAX_INPUT far above the machine's memory: a file is still read as its size."""
    from mbx.limits import read_limited

    monkeypatch.setenv("MBX_MAX_INPUT", limit)
    path = tmp_path / "data.nt"
    path.write_bytes(b"<urn:s> <urn:p> <urn:o> .\n" * 1000)
    with path.open("rb") as handle:
        assert read_limited(handle, str(path)) == path.read_bytes()


def test_a_file_that_grows_while_read_is_still_held_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size taken by fstat is 50 bytes; 150 are there when read: refused at 100."""
    import os

    from mbx.limits import read_limited

    monkeypatch.setenv("MBX_MAX_INPUT", "100")
    path = tmp_path / "growing.nt"
    path.write_bytes(b"x" * 150)
    real_fstat = os.fstat

    def smaller(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        return os.stat_result((*st[:6], 50, *st[7:10]))

    with path.open("rb") as handle:
        monkeypatch.setattr(os, "fstat", smaller)
        with pytest.raises(InputError, match="MBX_MAX_INPUT"):
            read_limited(handle, str(path))
