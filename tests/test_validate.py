"""SHACL shapes and `mbx validate`: one invalid case per constraint (patches over one valid
graph, see tests/shacl_cases.py), the relation shapes, valid data, the bundled graph,
meta-SHACL, the report formats and the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import RDF, RDFS, SH

from mbx.cli import main
from mbx.dataset import load_quads, ontology_quads
from mbx.namespaces import SHAPES as SHAPES_NS
from mbx.shacl.report import ValidationReport
from mbx.shacl.runner import validate_graph, validate_sources
from mbx.shacl.shapes import load_shapes, meta_validate_shapes
from mbx.terms import to_rdflib_graph
from tests.shacl_cases import (
    BASE,
    INVALID,
    all_shapes,
    cases,
    expectation,
    ontology,
    shapes_for,
    validate_case,
    write_case,
)

DATA = Path(__file__).parent / "data"
CASES = cases()
VALID = sorted((DATA / "valid").glob("*.ttl"))
BROKEN = DATA / "broken"
MBXSH = rdflib.Namespace(SHAPES_NS)
MBX = "https://w3id.org/mbx/"


@pytest.fixture(scope="module")
def shapes() -> list[ox.Quad]:
    return load_shapes()


@pytest.fixture(scope="module")
def shapes_graph(shapes: list[ox.Quad]) -> rdflib.Graph:
    """The shapes as an rdflib graph, for the tests that inspect them with rdflib."""
    return to_rdflib_graph(shapes)


@pytest.fixture(scope="module")
def bundled_report() -> ValidationReport:
    return validate_sources()


#: (file, shapes, ontology) -> the report; shapes and ontology are kept alive with it
_REPORTS: dict[tuple[str, int, int], tuple[object, object, ValidationReport]] = {}


def _validate_file(
    path: Path, shapes: list[ox.Quad], ontology: list[ox.Quad], fail_on: str = "info"
) -> ValidationReport:
    """The report of one file, validated once per module: thresholds are judged in memory."""
    key = (str(path), id(shapes), id(ontology))
    if key not in _REPORTS:
        data = load_quads([str(path)], bundled=False)
        report = validate_graph(data, shapes, ontology=ontology, fail_on="info")
        _REPORTS[key] = (shapes, ontology, report)
    return _REPORTS[key][2].at(fail_on)


def _case(name: str) -> Path:
    return INVALID / f"{name}.ru"


# --------------------------------------------------------------------------- invalid cases


def test_the_base_graph_conforms_to_all_shapes() -> None:
    report = validate_graph(list(patched_base()), all_shapes(), ontology=ontology(), fail_on="info")
    assert report.results == [], report.to_text()


def patched_base() -> list[ox.Quad]:
    from tests.shacl_cases import _base_quads

    return list(_base_quads(BASE))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_invalid_case_breaks_exactly_its_constraint(path: Path) -> None:
    expected = expectation(path)
    report = validate_case(path)
    assert not report.conforms
    got = {(r.source_shape, r.path or "-", r.severity) for r in report.results}
    assert got == {expected}, report.to_text()
    for result in report.results:
        assert result.message and result.message != "(no message)"
        assert "https://w3id.org/mbx/" not in result.message  # IRIs are shown as CURIEs


def _constraints(shapes: rdflib.Graph) -> set[str]:
    """Named shapes that carry a constraint of their own (not the relation and kind helpers)."""
    names = {
        str(s).replace(SHAPES_NS, "mbxsh:")
        for p in (SH.path, SH.sparql, SH["or"], SH.pattern, SH.nodeKind)
        for s in shapes.subjects(p, None)
        if isinstance(s, rdflib.URIRef) and str(s).startswith(SHAPES_NS)
    }
    return {n for n in names if not n.startswith(("mbxsh:Relation-", "mbxsh:Kind-", "mbxsh:In"))}


def test_every_constraint_has_an_invalid_case(shapes_graph: rdflib.Graph) -> None:
    covered = {expectation(p)[0] for p in CASES}
    assert _constraints(shapes_graph) - covered == set(), "write a tests/data/invalid case for these"
    assert covered - _constraints(shapes_graph) == set(), "cases name shapes that do not exist"


#: a node of each kind, from the bundled terms (kinds used as nodes)
KIND_EXAMPLE = {
    "AxisEntity": "bdnf",
    "MolecularEntity": "bdnf",
    "ChemicalEntity": "vitamin_d",
    "GeneProduct": "vdr",
    "ChemicalRole": "antioxidant",
    "Receptor": "trkb",
    "SignalingPathway": "muscle_brain_axis",
    "AnatomicalBarrier": "blood_brain_barrier",
    "AnatomicalEntity": "hippocampus",
    "CellType": "neuron",
    "BiologicalProcess": "synaptogenesis",
    "Enzyme": "cathepsin_b",
    "DiseaseOrCondition": "alzheimers_disease",
    "Phenotype": "brain_health",
}


def _relation_shapes() -> list[tuple[str, str, str, str]]:
    """``(shape, relation IRI, a subject kind, an object kind)`` for every relation shape."""
    shapes = to_rdflib_graph(all_shapes())
    found = []
    for shape in sorted(shapes.subjects(SH.targetSubjectsOf, None)):
        relation = str(shapes.value(shape, SH.targetSubjectsOf))

        def first_kind(kind_shape: object) -> str:
            name = str(kind_shape).split("#Kind-")[1]
            return next(k for k in KIND_EXAMPLE if name.startswith(k))

        subject_shape = shapes.value(shape, SH.node)
        object_shape = shapes.value(shapes.value(shape, SH.property), SH.node)
        found.append(
            (str(shape).split("#")[1], relation, first_kind(subject_shape), first_kind(object_shape))
        )
    return found


RELATION_SHAPES = _relation_shapes()


@pytest.mark.parametrize(
    ("shape", "relation", "subject_kind", "object_kind"),
    RELATION_SHAPES,
    ids=[r[0] for r in RELATION_SHAPES],
)
def test_relation_shapes_check_subject_and_object_kinds(
    shape: str, relation: str, subject_kind: str, object_kind: str
) -> None:
    """For individuals and for kinds used as nodes: a fitting edge passes, a wrong subject or
    object (here a population, which is no axis entity) is reported by the relation's shape."""
    rel = ox.NamedNode(relation)
    rdf_type = ox.NamedNode(str(RDF.type))
    sub_class = ox.NamedNode(str(RDFS.subClassOf))
    lab = "https://example.org/lab/"
    subject, obj = ox.NamedNode(MBX + KIND_EXAMPLE[subject_kind]), ox.NamedNode(MBX + KIND_EXAMPLE[object_kind])
    wrong = ox.NamedNode(lab + "wrong")
    sample = ox.NamedNode(lab + "sample")
    my_class = ox.NamedNode(lab + "MyKind")
    base = [
        ox.Quad(wrong, rdf_type, ox.NamedNode(MBX + "Population")),
        ox.Quad(sample, rdf_type, subject),  # an individual of a kind
        ox.Quad(my_class, sub_class, subject),  # a class under a kind
    ]
    only = shapes_for(shape) + shapes_for(shape + "-object")

    def results(*edges: ox.Quad) -> set[tuple[str, str]]:
        report = validate_graph(base + list(edges), only, ontology=ontology(), fail_on="info")
        return {(r.source_shape, r.path or "-") for r in report.results}

    from mbx.namespaces import compress

    path = compress(relation)
    assert results(ox.Quad(subject, rel, obj), ox.Quad(sample, rel, obj), ox.Quad(my_class, rel, obj)) == set()
    assert results(ox.Quad(wrong, rel, obj)) == {(f"mbxsh:{shape}", "-")}
    assert results(ox.Quad(sample, rel, wrong)) == {(f"mbxsh:{shape}-object", path)}


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_fixture_conforms(path: Path, shapes: list[ox.Quad]) -> None:
    report = _validate_file(path, shapes, ontology())
    assert report.results == [], report.to_text()
    assert report.conforms


def test_instance_of_a_third_party_subclass_is_targeted(tmp_path: Path) -> None:
    # mylab:claim-01's subject is typed only through the lab's class hierarchy
    report = validate_case(_case("claim-missing-quote"))
    assert [r.focus for r in report.results] == ["mylab:claim-01"] or [
        r.focus for r in report.results
    ] == ["<https://example.org/mylab/claim-01>"]


def test_ontology_nodes_are_not_reported(shapes: list[ox.Quad]) -> None:
    # A broken kind in the ontology (no label, no definition) is used for
    # typing but never becomes a focus node of the user's report.
    broken = ox.NamedNode("https://w3id.org/mbx/broken_kind")
    graph = ox.NamedNode("https://w3id.org/mbx/graph/ontology")
    extra = [
        ox.Quad(broken, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(rdflib.OWL.Class)), graph),
        ox.Quad(broken, ox.NamedNode(str(RDFS.subClassOf)), ox.NamedNode(MBX + "Myokine"), graph),
    ]
    with_broken = ontology_quads() + extra
    alone = validate_graph(with_broken, shapes, fail_on="info")
    assert "mbx:broken_kind" in {r.focus for r in alone.results}  # it is broken
    report = _validate_file(BASE, shapes, with_broken)
    assert report.results == []
    assert "broken_kind" not in report.to_turtle()


def test_blank_nodes_are_described_not_named_by_id() -> None:
    report = validate_case(_case("publication-blank-node"))
    assert [r.focus for r in report.results] == ["[blank node with rdf:type mbx:JournalArticle]"]
    text = report.to_text()
    assert "[blank node with rdf:type mbx:JournalArticle]" in text
    assert not re.search(r"\b[0-9a-f]{32}\b", text)


def test_messages_name_the_nodes() -> None:
    report = validate_case(_case("claim-edge-not-asserted"))
    (result,) = report.results
    assert result.message == (
        "claim <https://example.org/mylab/claim-01> states <https://example.org/mylab/fgf21> "
        "mbx:increases <https://example.org/mylab/hippocampal_plasticity> but that edge is not "
        "asserted; add the triple <https://example.org/mylab/fgf21> mbx:increases "
        "<https://example.org/mylab/hippocampal_plasticity>"
    )
    assert result.source_shape == "mbxsh:ClaimEdgeAssertedShape"
    assert result.constraint == "sh:SPARQLConstraintComponent"


def test_unknown_terms_get_a_suggestion() -> None:
    report = validate_case(_case("misspelt-property"))
    (result,) = report.results
    assert result.value == "mbx:stimulate"
    assert result.message.endswith("; did you mean mbx:stimulates?")


def test_fail_on_sets_conformance() -> None:
    warning = validate_case(_case("claim-two-labels"), fail_on="violation")
    assert warning.conforms
    assert not validate_case(_case("claim-two-labels"), fail_on="warning").conforms
    info = _case("kind-without-synonyms")
    assert validate_case(info, fail_on="warning").conforms
    assert not validate_case(info, fail_on="info").conforms


# --------------------------------------------------------------------------- bundled graph, shapes


def test_bundled_graph_conforms(bundled_report: ValidationReport) -> None:
    report = bundled_report
    violations = [r for r in report.results if r.severity == "violation"]
    assert violations == [], report.to_text()
    assert report.conforms


def test_shapes_pass_meta_shacl(shapes: list[ox.Quad]) -> None:
    conforms, text = meta_validate_shapes(shapes)
    assert conforms, text


def test_meta_shacl_catches_a_malformed_shape() -> None:
    bad = load_shapes([str(BROKEN / "shapes-bad-min-count.ttl")], shipped=False)
    conforms, text = meta_validate_shapes(bad)
    assert not conforms
    assert "minCount" in text


def test_every_shape_has_a_label_and_every_constraint_a_message(
    shapes_graph: rdflib.Graph,
) -> None:
    shapes = shapes_graph
    named = {
        s
        for s in shapes.subjects(RDF.type, None)
        if isinstance(s, rdflib.URIRef) and str(s).startswith(SHAPES_NS)
    }
    assert MBXSH.ClaimShape in named
    for shape in named:
        assert shapes.value(shape, RDFS.label) is not None, f"{shape} has no rdfs:label"
    with_constraints = {
        s for p in (SH.path, SH["or"], SH.pattern, SH.nodeKind) for s in shapes.subjects(p, None)
    }
    with_constraints |= set(shapes.objects(None, SH.sparql))
    for node in with_constraints:
        if (None, SH["or"], None) in shapes and any(
            node in rdflib.collection.Collection(shapes, lst)
            for lst in shapes.objects(None, SH["or"])
        ):
            continue  # members of an sh:or report through the shape that holds the sh:or
        targets = (SH.targetClass, SH.target, SH.targetSubjectsOf)
        if (None, SH.node, node) in shapes and not any(
            shapes.value(node, p) is not None for p in targets
        ):
            continue  # a kind shape reports through the shape that refers to it with sh:node
        assert shapes.value(node, SH.message) is not None, f"constraint {node} has no sh:message"


# --------------------------------------------------------------------------- report formats


def test_json_is_stable_and_sorted() -> None:
    path = _case("label-shared")
    first = validate_case(path).to_json()
    second = validate_case(path).to_json()
    assert first == second
    doc = json.loads(first)
    assert doc["conforms"] is False
    assert doc["counts"] == {"violation": 2, "warning": 0, "info": 0}
    assert [r["focus"] for r in doc["results"]] == [
        "<https://example.org/mylab/Exerkine>",
        "<https://example.org/mylab/adults>",
    ]
    assert set(doc["results"][0]) == {
        "focus",
        "focus_label",
        "severity",
        "path",
        "value",
        "message",
        "source_shape",
        "constraint",
    }
    assert first == json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_turtle_report_is_a_shacl_report() -> None:
    report = validate_case(_case("claim-missing-quote"))
    graph = rdflib.Graph().parse(data=report.to_turtle(), format="turtle")
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms) == rdflib.Literal(False)
    (result,) = graph.objects(node, SH.result)
    assert graph.value(result, SH.sourceShape) == MBXSH["Claim-quote"]
    assert graph.value(result, SH.resultPath) == rdflib.URIRef("https://w3id.org/mbx/quote")
    assert graph.value(result, SH.focusNode) == rdflib.URIRef("https://example.org/mylab/claim-01")


# --------------------------------------------------------------------------- CLI


def _invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["validate", *args], input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_cli_bundled_graph(bundled_report: ValidationReport) -> None:
    report = bundled_report
    code, out, err = _invoke()
    assert code == 0
    assert err == report.summary() + "\n"
    assert re.fullmatch(r"mbx validate: 0 violations, \d+ warnings?, \d+ info \(conforms\)\n", err)
    assert out == report.to_text()


def test_cli_violation_exit_1_report_then_summary(tmp_path: Path) -> None:
    path = write_case(_case("claim-missing-quote"), tmp_path / "data.ttl")
    code, out, err = _invoke("-i", str(path))
    assert code == 1
    assert err == "mbx validate: 1 violation, 0 warnings, 0 info (does not conform)\n"
    assert out.splitlines()[:2] == [
        # the prefix the data file declares, then the label
        'mylab:claim-01 "fibroblast growth factor 21 increases hippocampal plasticity '
        '(lab notes, claim 01)"',
        "  Violation: a claim needs exactly one non-empty mbx:quote (a plain string): "
        "the verbatim words of the document that state it",
    ]
    assert (
        "path mbx:quote; constraint sh:MinCountConstraintComponent; shape mbxsh:Claim-quote" in out
    )


def test_cli_valid_input() -> None:
    code, out, err = _invoke("-i", str(DATA / "valid" / "mylab-third-party.ttl"))
    assert (code, err) == (0, "mbx validate: 0 violations, 0 warnings, 0 info (conforms)\n")
    assert out == "No results: the data conforms to the shapes.\n"


def _exit_and_summary(report: ValidationReport) -> tuple[int, str]:
    """What `mbx validate` prints and exits with for ``report`` (see mbx/cli/validate.py)."""
    return (0 if report.conforms else 1), report.summary() + "\n"


def test_cli_fail_on(tmp_path: Path) -> None:
    """--fail-on reaches the report (one CLI run); every threshold is judged on one result."""
    warning = str(write_case(_case("claim-two-labels"), tmp_path / "warning.ttl"))
    assert _invoke("-i", warning, "--fail-on", "warning")[0::2] == (
        1,
        "mbx validate: 0 violations, 1 warning, 0 info (does not conform)\n",
    )
    report = validate_case(_case("claim-two-labels"))
    assert _exit_and_summary(report.at("violation")) == (
        0,
        "mbx validate: 0 violations, 1 warning, 0 info (conforms)\n",
    )
    assert _exit_and_summary(report.at("warning"))[0] == 1
    info = str(write_case(_case("kind-without-synonyms"), tmp_path / "info.ttl"))
    assert _invoke("-i", info, "--fail-on", "info")[0] == 0  # a curation rule: not applied
    assert _invoke("-i", info, "--kg-shapes", "--fail-on", "info")[0::2] == (
        1,
        "mbx validate: 0 violations, 0 warnings, 1 info (does not conform)\n",
    )
    kg = validate_case(_case("kind-without-synonyms"))
    assert _exit_and_summary(kg.at("warning"))[0] == 0
    assert _exit_and_summary(kg.at("info"))[0] == 1


def test_cli_json_format(tmp_path: Path) -> None:
    path = str(write_case(_case("label-shared"), tmp_path / "data.ttl"))
    code, out, _err = _invoke("-i", path, "--kg-shapes", "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["counts"] == {"violation": 2, "warning": 0, "info": 0}
    assert out == json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert _invoke("-i", path, "--kg-shapes", "--format", "json")[1] == out


def test_cli_turtle_format(tmp_path: Path) -> None:
    data = write_case(_case("quantity-min-above-max"), tmp_path / "data.ttl")
    code, out, _err = _invoke("-i", str(data), "-f", "turtle")
    assert code == 1
    graph = rdflib.Graph().parse(data=out, format="turtle")
    assert len(list(graph.subjects(RDF.type, SH.ValidationResult))) == 1


def test_cli_output_file_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old content")
    code, out, err = _invoke(
        "-i", str(write_case(_case("claim-missing-quote"), tmp_path / "data.ttl")),
        "-f", "json", "-o", str(target)
    )
    assert code == 1
    assert out == ""
    assert err == "mbx validate: 1 violation, 0 warnings, 0 info (does not conform)\n"
    assert json.loads(target.read_text())["counts"]["violation"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.ttl", "report.json"]  # no temp file


def test_cli_stdin(tmp_path: Path) -> None:
    text = write_case(_case("claim-missing-quote"), tmp_path / "data.ttl").read_text()
    code, out, err = _invoke("-i", "-", stdin=text)
    assert code == 1
    assert err == "mbx validate: 1 violation, 0 warnings, 0 info (does not conform)\n"
    assert "mbxsh:Claim-quote" in out


def test_cli_malformed_input_exit_2() -> None:
    path = BROKEN / "unterminated-literal.ttl"
    code, out, err = _invoke("-i", str(path))
    assert code == 2
    assert out == ""
    assert err.startswith(f"Error: {path}:3:11: turtle syntax error: ")
    assert len(err.splitlines()) == 1


def test_cli_malformed_shapes_exit_2() -> None:
    path = BROKEN / "shapes-missing-semicolon.ttl"
    code, _out, err = _invoke("--shapes", str(path))
    assert code == 2
    assert err.startswith(f"Error: {path}:5:5: turtle syntax error: ")
    bad = BROKEN / "shapes-bad-min-count.ttl"
    code, _out, err = _invoke("--shapes", str(bad), "--shapes-only")
    assert code == 2
    # refused by the SHACL-SHACL check, which runs first (before: by pySHACL, after validating)
    assert err == (
        f"Error: {bad}: not valid SHACL (1 problem), e.g. [blank node, sh:property of "
        "<https://example.org/shapes#ClaimShape>]: Value is not Literal with datatype "
        "xsd:integer; pySHACL's SHACL-SHACL check (meta-validation) rejects these shapes\n"
    )


def test_cli_missing_file_and_bad_options() -> None:
    assert _invoke("-i", "no/such/file.ttl")[0::2] == (2, "Error: no/such/file.ttl: no such file\n")
    assert _invoke("--shapes-only")[0::2] == (
        2,
        "Error: --shapes-only needs at least one --shapes FILE\n",
    )


def test_cli_extra_and_replacing_shapes(tmp_path: Path) -> None:
    extra = tmp_path / "lab-shapes.ttl"
    extra.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix mbx: <https://w3id.org/mbx/> .\n"
        "@prefix lab: <https://example.org/lab-shapes#> .\n"
        "lab:ClaimNote a sh:NodeShape ; sh:targetClass mbx:Claim ;\n"
        "    sh:property lab:ClaimNote-comment .\n"
        "lab:ClaimNote-comment sh:path rdfs:comment ; sh:minCount 1 ;\n"
        '    sh:message "our lab wants a curator note on every claim" .\n'
    )
    data = str(write_case(_case("claim-missing-quote"), tmp_path / "data.ttl"))
    code, out, _err = _invoke("-i", data, "--shapes", str(extra), "-f", "json")
    assert code == 1
    shapes_seen = sorted(r["source_shape"] for r in json.loads(out)["results"])
    assert shapes_seen == [
        "<https://example.org/lab-shapes#ClaimNote-comment>",  # claim-01 and claim-03
        "<https://example.org/lab-shapes#ClaimNote-comment>",
        "mbxsh:Claim-quote",
    ]
    code, out, _err = _invoke("-i", data, "--shapes", str(extra), "--replace-shapes", "-f", "json")
    assert code == 1
    assert [r["message"] for r in json.loads(out)["results"]] == [
        "our lab wants a curator note on every claim"
    ] * 2


BROKEN_SHAPES = sorted((DATA / "broken-shapes").glob("*.ttl"))


@pytest.mark.parametrize("path", BROKEN_SHAPES, ids=[p.stem for p in BROKEN_SHAPES])
def test_shapes_pyshacl_cannot_run_are_one_line_exit_2(path: Path) -> None:
    """A user's shape with a bad regex, an unknown prefix or SERVICE: bad input, no traceback."""
    expected = re.search(r"^# expect: (.+)$", path.read_text(), re.MULTILINE)
    assert expected, f"{path.name} needs an '# expect: MESSAGE' line"
    code, out, err = _invoke("-i", str(DATA / "valid" / "mylab-third-party.ttl"), "--shapes", str(path))
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {path}: cannot use the shapes: {expected.group(1)}; check the --shapes files\n"
    )


def test_stdin_cannot_be_both_data_and_shapes() -> None:
    code, _out, err = _invoke("-i", "-", "--shapes", "-")
    assert (code, err) == (
        2,
        "Error: standard input can be read only once: give the data or the shapes as -\n",
    )


def test_turtle_report_is_the_same_every_run(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    data = write_case(_case("class-missing-label"), tmp_path / "data.ttl")
    runs = {
        subprocess.run(
            [sys.executable, "-m", "mbx", "validate", "-i", str(data), "-f", "turtle"],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=False,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1
    assert b"sh:ValidationReport" in runs.pop()


def test_user_shapes_must_pass_shacl_shacl() -> None:
    shapes = DATA / "invalid-shapes" / "datatype-literal.ttl"
    code, out, err = _invoke("-i", str(DATA / "valid" / "mylab-third-party.ttl"), "--shapes", str(shapes))
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {shapes}: not valid SHACL (1 problem), e.g. [blank node, sh:property of "
        "<https://example.org/shapes#S>]: Value is not of Node Kind sh:IRI; "
        "pySHACL's SHACL-SHACL check (meta-validation) rejects these shapes\n"
    )


def test_library_warnings_are_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    shapes = tmp_path / "recursive.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix mbx: <https://w3id.org/mbx/> .\n"
        "@prefix ex: <https://example.org/shapes#> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass mbx:Claim ; sh:node ex:S .\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "mbx", "validate", "-i", str(DATA / "valid" / "mylab-third-party.ttl"),
         "--shapes", str(shapes)],
        capture_output=True, text=True, check=False,
    )
    lines = done.stderr.splitlines()
    assert done.returncode == 0
    assert lines[0].startswith("Warning: ShapeRecursionWarning: ")
    assert lines[1:] == ["mbx validate: 0 violations, 0 warnings, 0 info (conforms)"]


def test_user_shapes_are_checked_before_anything_is_validated(tmp_path: Path) -> None:
    """Shapes that fail SHACL-SHACL are refused first: validating with them would fail on
    the SERVICE constraint (another error) or, worse, misread sh:datatype "x"."""
    shapes = tmp_path / "both.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix mbx: <https://w3id.org/mbx/> .\n"
        "@prefix ex: <https://example.org/shapes#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'ex:S a sh:NodeShape ; sh:targetClass mbx:Claim ; sh:property [ sh:path rdfs:label ; sh:datatype "x" ] .\n'
        "ex:T a sh:NodeShape ; sh:targetClass mbx:Claim ; sh:sparql [ sh:select "
        '"SELECT $this WHERE { SERVICE <http://127.0.0.1:9/sparql> { $this ?p ?o } }" ] .\n'
    )
    code, out, err = _invoke("-i", str(DATA / "valid" / "mylab-third-party.ttl"), "--shapes", str(shapes))
    assert (code, out) == (2, "")
    assert err.startswith(f"Error: {shapes}: not valid SHACL (1 problem), e.g. ")
    assert "SERVICE" not in err
