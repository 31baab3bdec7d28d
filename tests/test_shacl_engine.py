"""The fast SHACL engine against pySHACL: the same results on every fixture, the bundled
graph, the W3C SHACL Core and SHACL-SPARQL tests, MBX-shaped data with planted
violations and random shapes; plus the engine's own mechanics (fallback, literals
the store rewrites, query rewrites, the report graph)."""

from __future__ import annotations

import io
import lzma
import tarfile
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import shacl_reference as ref
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mbx.namespaces import prefix_map
from mbx.shacl import engine
from mbx.shacl.engine_pyshacl import run_pyshacl
from mbx.shacl.engine_rewrite import rewrite_not_exists
from mbx.shacl.engine_sparql import RDFLIB_QUERY_PREFIXES
from mbx.shacl.engine_terms import Unsupported

SH = "http://www.w3.org/ns/shacl#"
W3C = Path(__file__).parent / "data" / "shacl-w3c" / "tests.tar.xz"
NAMESPACES = prefix_map(None)


@pytest.fixture(scope="module")
def shapes() -> list[ox.Quad]:
    return ref.shapes_quads()


@pytest.fixture(scope="module")
def recorded() -> dict[str, Any]:
    return ref.load()


def _canonical(results: list[Any], data: list[Any], ontology: list[Any], shapes: list[Any]) -> Any:
    data_canon, shapes_canon = ref.canons(data, ontology, shapes)
    return ref.canonical(results, data_canon, shapes_canon)


def _diff(got: list[list[str]], want: list[list[str]]) -> str:
    a, b = Counter(map(tuple, got)), Counter(map(tuple, want))
    lines = [f"engine only:  {k}" for k in (a - b)] + [f"pySHACL only: {k}" for k in (b - a)]
    return "\n".join(lines[:20])


# --------------------------------------------------------------------------- fixtures


@pytest.mark.parametrize("name", ref.case_names())
def test_engine_gives_pyshacls_results(name: str, recorded: dict[str, Any]) -> None:
    """Every fixture and the bundled graph, with messages, against pySHACL's recorded answer."""
    entry = recorded.get(name)
    assert entry is not None and entry["fingerprint"] == ref.fingerprint(name), (
        f"pySHACL's answer for {name} is missing or out of date: "
        f"run python tests/shacl_reference.py {name}"
    )
    data, ontology = ref.case_quads(name)
    shapes = ref.shapes_quads(name)
    report = engine.validate(data, shapes, ontology, namespaces=NAMESPACES, **ref.FLAGS)
    assert report.engine == "oxigraph", report.reason
    got = _canonical(report.results, data, ontology, shapes)
    assert got == entry["results"], _diff(got, entry["results"])


@pytest.mark.parametrize(
    "name",
    [
        "invalid/claim-anatomical-context-not-anatomical.ru",  # sh:or of sh:class
        "invalid/claim-context-outside-scheme.ru",  # sh:node with a blank property shape
        "invalid/quantity-min-above-max.ru",  # sh:lessThanOrEquals
    ],
)
def test_recorded_answers_are_pyshacls_today(name: str, recorded: dict[str, Any]) -> None:
    """pySHACL run now gives what the file recorded (the record is not stale in disguise)."""
    data, ontology = ref.case_quads(name)
    shapes = ref.shapes_quads(name)
    _conforms, results, _graph = run_pyshacl(
        data, shapes, ontology, namespaces=NAMESPACES, **ref.FLAGS
    )
    assert _canonical(results, data, ontology, shapes) == recorded[name]["results"]


#: cases whose reports the two engines must write byte for byte: sh:or of sh:class, sh:node
#: on a blank property shape, sh:lessThanOrEquals, a SHACL-SPARQL constraint with the
#: unknown-term suggestion, a hedging-cue SPARQL rule, sh:datatype
IDENTICAL_REPORTS = [
    "invalid/claim-anatomical-context-not-anatomical.ru",
    "invalid/claim-context-outside-scheme.ru",
    "invalid/quantity-min-above-max.ru",
    "reuse/misspelt-class.ru",
    "invalid/asserted-claim-with-hedging-cue.ru",
    "invalid/claim-created-not-a-date.ru",
]


@pytest.mark.parametrize("name", IDENTICAL_REPORTS)
def test_both_engines_write_the_same_report(name: str) -> None:
    """mbx validate's text, JSON and Turtle reports do not depend on --engine."""
    from mbx.shacl.render import REPORT_FORMATS
    from mbx.shacl.runner import ENGINES, validate_graph

    data, ontology = ref.case_quads(name)
    shapes = ref.shapes_quads(name)
    reports = {
        e: validate_graph(data, shapes, ontology=ontology, fail_on="info", engine=e)
        for e in ENGINES
    }
    assert reports["oxigraph"].results, "a case with results"
    for fmt in REPORT_FORMATS:
        assert reports["oxigraph"].render(fmt) == reports["pyshacl"].render(fmt), fmt


# --------------------------------------------------------------------------- W3C suite


def _w3c_cases() -> list[tuple[str, str, str]]:
    """(test file, data graph member, shapes graph member) of every test in the archive."""
    members = _w3c_members()
    mf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
    sht = "http://www.w3.org/ns/shacl-test#"
    cases = []
    for name in sorted(members):
        if not name.endswith(".ttl") or name.endswith("manifest.ttl"):
            continue
        quads = _w3c_parse(members, name)
        for action in (q.object for q in quads if q.predicate.value == mf + "action"):
            graphs = {q.predicate.value: q.object.value for q in quads if q.subject == action}
            base = "file:///"
            cases.append(
                (
                    name,
                    graphs[sht + "dataGraph"][len(base) :],
                    graphs[sht + "shapesGraph"][len(base) :],
                )
            )
    return cases


_MEMBERS: dict[str, bytes] = {}


def _w3c_members() -> dict[str, bytes]:
    if not _MEMBERS:
        with tarfile.open(fileobj=io.BytesIO(lzma.decompress(W3C.read_bytes()))) as tar:
            for info in tar.getmembers():
                extracted = tar.extractfile(info)
                if extracted is not None:
                    _MEMBERS[info.name] = extracted.read()
    return _MEMBERS


def _w3c_parse(members: dict[str, bytes], name: str) -> list[ox.Quad]:
    return list(ox.parse(members[name], format=ox.RdfFormat.TURTLE, base_iri="file:///" + name))


#: W3C tests the engine leaves to pySHACL, and why (pySHACL refuses most of them itself)
W3C_FALLBACKS = {
    "tests/core/complex/shacl-shacl.ttl": "nested more than fifteen levels",
    "tests/sparql/component/nodeValidator-001.ttl": "sh:ConstraintComponent",
    "tests/sparql/component/optional-001.ttl": "sh:ConstraintComponent",
    "tests/sparql/component/propertyValidator-select-001.ttl": "sh:ConstraintComponent",
    "tests/sparql/component/validator-001.ttl": "sh:ConstraintComponent",
    "tests/sparql/node/prefixes-001.ttl": "Oxigraph cannot run a query",
    "tests/sparql/pre-binding/pre-binding-006.ttl": "sub-select",
    "tests/sparql/pre-binding/shapesGraph-001.ttl": "$shapesGraph",
    "tests/sparql/pre-binding/unsupported-sparql-001.ttl": "MINUS",
    "tests/sparql/pre-binding/unsupported-sparql-002.ttl": "VALUES",
    "tests/sparql/pre-binding/unsupported-sparql-003.ttl": "SERVICE",
    "tests/sparql/pre-binding/unsupported-sparql-004.ttl": "sub-select",
    "tests/sparql/pre-binding/unsupported-sparql-005.ttl": "AS ?this",
    "tests/sparql/pre-binding/unsupported-sparql-006.ttl": "sh:ConstraintComponent",
}


@pytest.mark.parametrize(("name", "data_name", "shapes_name"), _w3c_cases())
def test_w3c_suite(name: str, data_name: str, shapes_name: str) -> None:
    """Each test run by both engines; where the engine falls back, pySHACL's answer is the answer."""
    members = _w3c_members()
    data, shapes = _w3c_parse(members, data_name), _w3c_parse(members, shapes_name)
    report: engine.Report | None = None
    try:
        report = engine.validate(data, shapes, fallback=False)
        reason = None
    except Unsupported as exc:
        reason = str(exc)
    expected = W3C_FALLBACKS.get(name)
    if expected is not None:  # the answer is pySHACL's, by construction
        assert reason is not None and expected in reason, reason
        return
    assert reason is None, f"the engine falls back: {reason}"
    try:
        _conforms, want, _graph = run_pyshacl(data, shapes)
    except Exception as exc:
        pytest.fail(f"pySHACL fails ({exc!r}) where the engine answers")
    assert report is not None
    got, wanted = _canonical(report.results, data, [], shapes), _canonical(want, data, [], shapes)
    assert got == wanted, _diff(got, wanted)


def test_w3c_archive_holds_the_whole_suite() -> None:
    cases = _w3c_cases()
    assert len({c[0] for c in cases}) == 121
    assert sum(1 for c in cases if c[0] not in W3C_FALLBACKS) == 107


# --------------------------------------------------------------------------- MBX-shaped data


def test_generated_claims_cover_every_seeded_violation(recorded: dict[str, Any]) -> None:
    """The generated case (compared above) finds each seeded violation of benchmarks/generate.py."""
    from benchmarks.generate import VIOLATIONS

    manifest, _quads = ref.generated()
    focus = {row[0] for row in recorded[ref.GENERATED]["results"]}
    assert set(manifest.focus) == set(VIOLATIONS)
    for kind, nodes in manifest.focus.items():
        assert {f"<{node}>" for node in nodes} <= focus, kind


# --------------------------------------------------------------------------- random shapes

_EX = "http://example.org/"
_NODES = ["a", "b", "c", "d"]
_LITERALS = [
    '"x"', '""', '"x"@en', '"x"@en-gb', '"y"@fr', '"1"^^xsd:integer', '"-0"^^xsd:integer',
    '"2.0"^^xsd:decimal', '"2.5"^^xsd:decimal', '"abc"^^xsd:integer', '"true"^^xsd:boolean',
    '"2020"^^xsd:gYear', '"2020-01-01"^^xsd:date', '"+3"^^xsd:int', '"may be"',
]  # fmt: skip
_TERMS = [f"ex:{n}" for n in _NODES] + _LITERALS + ["_:b1", "_:b2"]
_PATHS = [
    "ex:p", "ex:q", "[ sh:inversePath ex:p ]", "( ex:p ex:q )", "[ sh:alternativePath ( ex:p ex:q ) ]",
    "[ sh:zeroOrMorePath ex:p ]", "[ sh:oneOrMorePath ex:p ]", "[ sh:zeroOrOnePath ex:q ]",
    "[ sh:inversePath ( ex:p ex:q ) ]",
]  # fmt: skip
_CONSTRAINTS = [
    "sh:class ex:C", "sh:class ex:D", "sh:datatype xsd:integer", "sh:datatype xsd:string",
    "sh:datatype rdf:langString", "sh:datatype xsd:decimal", "sh:datatype xsd:int",
    "sh:nodeKind sh:IRI", "sh:nodeKind sh:Literal", "sh:nodeKind sh:BlankNodeOrIRI",
    "sh:minExclusive 1", "sh:maxInclusive 2.0", 'sh:minInclusive "b"', "sh:minLength 1",
    "sh:maxLength 2", 'sh:pattern "^x"', 'sh:pattern "A" ; sh:flags "i"', 'sh:pattern "e$"',
    'sh:languageIn ( "en" )', "sh:hasValue ex:a", 'sh:hasValue "x"', "sh:in ( ex:a ex:b 1 )",
    "sh:node ex:N", "sh:not ex:N", "sh:or ( ex:N ex:M )", "sh:and ( ex:N ex:M )",
    "sh:xone ( ex:N ex:M ex:N )", "sh:equals ex:q", "sh:disjoint ex:q",
    "sh:closed true ; sh:ignoredProperties ( rdf:type )", "sh:severity sh:Warning",
    'sh:message "custom"@en', "sh:deactivated true",
    "sh:sparql [ sh:prefixes ex:Prefixes ; sh:select 'SELECT $this ?value WHERE { $this ex:p ?value . FILTER NOT EXISTS { ?value a ex:C } }' ]",
    "sh:sparql [ sh:prefixes ex:Prefixes ; sh:message 'bad {?value}' ; sh:select 'SELECT ?this ?value WHERE { ?this ex:q ?value FILTER(isLiteral(?value) && REGEX(STR(?value), \"X\", \"i\")) }' ]",
    "sh:sparql [ sh:prefixes ex:Prefixes ; sh:select 'SELECT $this ?failure WHERE { $this ex:p ?x . BIND(true AS ?failure) }' ]",
    "sh:sparql [ sh:prefixes ex:Prefixes ; sh:message '{$this} has {?n}' ; sh:select 'SELECT $this ?n WHERE { { SELECT $this (COUNT(?x) AS ?n) WHERE { $this ex:p ?x } GROUP BY $this } FILTER(?n > 0) }' ]",
    "sh:sparql [ sh:prefixes ex:Prefixes ; sh:select 'SELECT ?value WHERE { $this ex:p ?value OPTIONAL { ?value ex:q ?w } FILTER(!BOUND(?w)) }' ; sh:deactivated false ]",
    "sh:sparql [ sh:prefixes ex:Prefixes ; sh:select 'SELECT $this ?value WHERE { $this ex:p+ ?value FILTER NOT EXISTS { ?value a ex:C . ?value ex:q ?z } }' ]",
    "sh:closed false", "sh:node ex:W", "sh:or ( ex:W ex:N )", "sh:not ex:W",
    "sh:target [ a sh:SPARQLTarget ; sh:prefixes ex:Prefixes ; sh:select 'SELECT ?this WHERE { ?this ex:q ?x }' ]",
]  # fmt: skip
_PROPERTY_ONLY = [
    "sh:minCount 1", "sh:maxCount 1", "sh:uniqueLang true", "sh:lessThan ex:q",
    "sh:lessThanOrEquals ex:q",
    "sh:qualifiedValueShape ex:N ; sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1",
    "sh:sparql [ sh:prefixes ex:Prefixes ; sh:select 'SELECT $this ?value WHERE { $this $PATH ?value FILTER(isLiteral(?value)) }' ]",
    "sh:qualifiedValueShape ex:W ; sh:qualifiedMaxCount 0",
]  # fmt: skip
_TARGETS = [
    "sh:targetClass ex:C", "sh:targetNode ex:a", 'sh:targetNode "x"', "sh:targetSubjectsOf ex:p",
    "sh:targetObjectsOf ex:p", "sh:targetNode _:b1",
]  # fmt: skip
_PREFIXES = (
    "@prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)


@st.composite
def _case(draw: Any) -> tuple[str, str, dict[str, bool]]:
    triples = draw(
        st.lists(
            st.tuples(
                st.sampled_from([f"ex:{n}" for n in _NODES] + ["_:b1", "_:b2"]),
                st.sampled_from(["ex:p", "ex:q", "rdf:type"]),
                st.sampled_from([*_TERMS, "ex:C", "ex:D"]),
            ),
            max_size=14,
        )
    )
    data = "\n".join(f"{s} {p} {o} ." for s, p, o in triples) + "\nex:D rdfs:subClassOf ex:C .\n"
    shapes = []
    for name in ("S", "T"):
        is_property = draw(st.booleans())
        parts = [draw(st.sampled_from(_TARGETS))]
        if is_property:
            parts.append(f"sh:path {draw(st.sampled_from(_PATHS))}")
        pool = _CONSTRAINTS + (_PROPERTY_ONLY if is_property else [])
        parts += draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))
        shapes.append(
            f"ex:{name} a sh:{'PropertyShape' if is_property else 'NodeShape'} ;\n  "
            + " ;\n  ".join(parts)
            + " ."
        )
    helpers = [
        "ex:N a sh:NodeShape ; " + draw(st.sampled_from(_CONSTRAINTS[:22])) + " .",
        "ex:W a sh:NodeShape ; sh:severity sh:Warning ; "
        + draw(st.sampled_from(["sh:class ex:C", "sh:property ex:WP", "sh:nodeKind sh:IRI"]))
        + " . ex:WP sh:path ex:q ; sh:minCount 1 ; sh:severity "
        + draw(st.sampled_from(["sh:Violation", "sh:Info"]))
        + " .",
        "ex:M a sh:NodeShape ; sh:property [ sh:path ex:p ; "
        + draw(st.sampled_from(["sh:minCount 1", "sh:maxCount 0", "sh:class ex:C", "sh:severity sh:Warning ; sh:minCount 1"]))
        + " ] .",
    ]  # fmt: skip
    if draw(st.booleans()):
        helpers.append(
            "ex:Q a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
            "sh:qualifiedValueShape ex:N ; sh:qualifiedValueShapesDisjoint true ; "
            "sh:qualifiedMinCount 1 ] , [ sh:path ex:p ; sh:qualifiedValueShape ex:M ; "
            "sh:qualifiedValueShapesDisjoint true ; sh:qualifiedMaxCount 1 ] ."
        )
    flags = draw(st.sampled_from([{}, {"allow_warnings": True}, {"allow_infos": True}]))
    helpers.append(
        "ex:Prefixes a <http://www.w3.org/2002/07/owl#Ontology> ; "
        'sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .'
    )
    return _PREFIXES + data, _PREFIXES + "\n".join(shapes + helpers), flags


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(_case())
def test_random_shapes_agree_with_pyshacl(case: tuple[str, str, dict[str, bool]]) -> None:
    data_text, shapes_text, flags = case
    data = list(ox.parse(data_text.encode(), format=ox.RdfFormat.TURTLE))
    shapes = list(ox.parse(shapes_text.encode(), format=ox.RdfFormat.TURTLE))
    try:
        _conforms, want, _graph = run_pyshacl(data, shapes, **flags)
    except Exception as exc:
        with pytest.raises(type(exc)):
            engine.validate(data, shapes, **flags)
        return
    report = engine.validate(data, shapes, **flags)
    got = _canonical(report.results, data, [], shapes)
    wanted = _canonical(want, data, [], shapes)
    assert got == wanted, f"{report.engine} {report.reason}\n{shapes_text}\n{_diff(got, wanted)}"


# --------------------------------------------------------------------------- mechanics


def _parse(text: str) -> list[ox.Quad]:
    return list(ox.parse((_PREFIXES + text).encode(), format=ox.RdfFormat.TURTLE))


def test_shipped_shapes_are_supported(shapes: list[ox.Quad]) -> None:
    assert engine.supports(shapes) is None


def test_unsupported_shapes_fall_back_to_pyshacl() -> None:
    shapes = _parse(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ] ; "
        "sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:p ; sh:object ex:b ] ."
    )
    data = _parse("ex:a ex:q ex:b .")
    assert "sh:rule" in (engine.supports(shapes) or "")
    with pytest.raises(Unsupported, match="sh:rule"):
        engine.validate(data, shapes, fallback=False)
    report = engine.validate(data, shapes)
    assert report.engine == "pyshacl" and report.reason is not None and "sh:rule" in report.reason


def test_literal_forms_are_kept_although_the_store_rewrites_them() -> None:
    shapes = _parse(
        "ex:S a sh:PropertyShape ; sh:targetNode ex:a ; sh:path ex:p ; "
        'sh:datatype xsd:string ; sh:maxLength 2 ; sh:pattern "^[0-9]+$" .'
    )
    data = _parse('ex:a ex:p "5.0"^^xsd:decimal, "+01"^^xsd:int .')
    report = engine.validate(data, shapes)
    assert report.engine == "oxigraph"
    values = {str(r.value) for r in report.results}
    assert values == {
        '"5.0"^^<http://www.w3.org/2001/XMLSchema#decimal>',
        '"+01"^^<http://www.w3.org/2001/XMLSchema#int>',
    }
    _conforms, want, _graph = run_pyshacl(data, shapes)
    assert _canonical(report.results, data, [], shapes) == _canonical(want, data, [], shapes)


def test_two_forms_of_one_value_fall_back() -> None:
    shapes = _parse("ex:S a sh:PropertyShape ; sh:targetNode ex:a ; sh:path ex:p ; sh:maxCount 1 .")
    data = _parse('ex:a ex:p "5.0"^^xsd:decimal, "5.00"^^xsd:decimal .')
    with pytest.raises(Unsupported, match="one term in Oxigraph's store"):
        engine.validate(data, shapes, fallback=False)
    report = engine.validate(data, shapes)
    assert report.engine == "pyshacl" and len(report.results) == 1  # two values for pySHACL


def test_a_store_is_used_in_place_and_left_as_it_was() -> None:
    shapes = _parse("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:class ex:D .")
    store = ox.Store()
    store.extend(_parse("ex:a a ex:C . ex:b a ex:D . ex:D rdfs:subClassOf ex:C ."))
    before = sorted(map(str, store))
    report = engine.validate(store, shapes)
    assert [str(r.focus) for r in report.results] == ["<http://example.org/a>"]
    assert sorted(map(str, store)) == before
    assert list(store.named_graphs()) == []


def test_report_graph() -> None:
    shapes = _parse(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; "
        "sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] ."
    )
    report = engine.validate(_parse("ex:a ex:p ex:b ."), shapes)
    graph = ox.Store()
    graph.extend(report.quads())
    answer = graph.query(
        "PREFIX sh: <http://www.w3.org/ns/shacl#> SELECT ?conforms ?component ?first WHERE { "
        "?r a sh:ValidationReport ; sh:conforms ?conforms ; sh:result ?x . "
        "?x sh:sourceConstraintComponent ?component ; sh:resultPath/rdf:first ?first ; "
        "sh:sourceShape/sh:minCount 1 }",
        prefixes={"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
    )
    rows = [(s["conforms"].value, s["component"].value, s["first"].value) for s in answer]
    assert rows == [("false", SH + "MinCountConstraintComponent", _EX + "p")]


def test_rdflib_query_prefixes_are_rdflibs() -> None:
    from rdflib.plugins.sparql.sparql import Prologue

    known = {p: str(ns) for p, ns in Prologue().namespace_manager.namespaces()}
    assert known == RDFLIB_QUERY_PREFIXES


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s ?o WHERE { ?s ex:p ?o FILTER NOT EXISTS { ?o ex:q ?x . ?x ex:p ?s } }",
        "SELECT ?s ?o WHERE { ?s ex:p ?o FILTER EXISTS { ?o ex:p/ex:q* ?x . ?x ex:q ?y } }",
        "SELECT ?s ?l WHERE { ?s ex:p ?l BIND(STR(?l) AS ?t) { ?x ex:q ?t } UNION { ?x ex:p ?l } }",
        "SELECT ?s WHERE { ?s ex:p ?o OPTIONAL { ?o ex:q ?z } FILTER NOT EXISTS { ?z ex:p ?w . ?w ex:q ?s } }",
    ],
)
def test_query_rewrites_keep_the_answers(query: str) -> None:
    store = ox.Store()
    nodes = [ox.NamedNode(_EX + n) for n in "abcde"]
    literal = ox.Literal("a")
    preds = [ox.NamedNode(_EX + "p"), ox.NamedNode(_EX + "q")]
    quads = [
        ox.Quad(nodes[i], preds[(i * j) % 2], nodes[(i + j) % 5] if j % 3 else literal)
        for i in range(5)
        for j in range(4)
    ]
    store.extend(quads)
    prefixes = {"ex": _EX}
    rewritten = rewrite_not_exists(query, {"s", "o", "l"})
    assert rewritten != query

    def rows(text: str) -> set[tuple[str, ...]]:
        solutions = store.query(text, prefixes=prefixes)
        names = [v.value for v in solutions.variables]
        return {tuple(str(sol[n]) for n in names) for sol in solutions}

    assert rows(rewritten) == rows(query)


def test_mbx_validate_engine_option(tmp_path: Path) -> None:
    """--engine oxigraph (the default) and --engine pyshacl print the same report; a user's
    shape the engine leaves to pySHACL (sh:rule) gives it too; an unknown engine is exit 2."""
    from click.testing import CliRunner

    from mbx.cli import main

    data = tmp_path / "data.ttl"
    data.write_text(
        _PREFIXES + "ex:a a ex:C ; ex:p 1 . ex:b a ex:C ; ex:p 1, 2, 3 .\n", encoding="utf-8"
    )
    shapes = tmp_path / "shapes.ttl"
    shape = (
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:maxCount 2 ]"
    )
    shapes.write_text(_PREFIXES + shape + " .\n", encoding="utf-8")
    ruled = tmp_path / "ruled.ttl"
    ruled.write_text(
        _PREFIXES + shape + " ; sh:rule [ a sh:TripleRule ; sh:subject sh:this ; "
        "sh:predicate ex:q ; sh:object ex:a ] .\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    outputs = []
    for shapes_file, engine_name in [(shapes, None), (shapes, "pyshacl"), (ruled, "oxigraph")]:
        args = ["validate", "-i", str(data), "--shapes-only", "--shapes", str(shapes_file)]
        args += ["-f", "json"] + (["--engine", engine_name] if engine_name else [])
        result = runner.invoke(main, args)
        assert result.exit_code == 1, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert "MaxCount" in outputs[0]
    result = runner.invoke(main, ["validate", "--engine", "jena"])
    assert result.exit_code == 2 and "jena" in result.stderr
