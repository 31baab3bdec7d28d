"""`mbx check`: one broken ontology per rule (exactly its rule fires), a clean one, the
bundled graph, the report formats, user rules, --base-iri, --fail-on and the registry."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbx.check import Report, load_rules, parse_rule, run_checks, shipped_rules
from mbx.check.registry import build_snapshot, parse_snapshot, registry
from mbx.check.render import BEGIN, END, rules_reference
from mbx.cli import all_commands, main
from mbx.dataset import load_quads

DATA = Path(__file__).parent / "data" / "check"
CASES = sorted(DATA.glob("*.ttl"))
ROOT = Path(__file__).resolve().parents[1]
#: ROBOT's rules overlap by design: two intersection definitions are also two equivalents
ALSO_FIRES = {"multiple_equivalent_class_definitions": {"multiple_equivalent_classes"}}
#: ROBOT's default report profile (robot-core/src/main/resources/report_profile.txt)
ROBOT_PROFILE = {
    "annotation_whitespace": "WARN",
    "deprecated_boolean_datatype": "ERROR",
    "deprecated_class_reference": "ERROR",
    "deprecated_property_reference": "ERROR",
    "duplicate_definition": "ERROR",
    "duplicate_exact_synonym": "WARN",
    "duplicate_label_synonym": "WARN",
    "duplicate_label": "ERROR",
    "duplicate_scoped_synonym": "WARN",
    "equivalent_pair": "WARN",
    "equivalent_class_axiom_no_genus": "WARN",
    "illegal_use_of_built_in_vocabulary": "ERROR",
    "invalid_xref": "WARN",
    "label_formatting": "ERROR",
    "label_whitespace": "ERROR",
    "lowercase_definition": "INFO",
    "missing_definition": "WARN",
    "missing_label": "ERROR",
    "missing_obsolete_label": "WARN",
    "missing_ontology_description": "ERROR",
    "missing_ontology_license": "ERROR",
    "missing_ontology_title": "ERROR",
    "missing_subset_declaration": "WARN",
    "missing_superclass": "INFO",
    "missing_synonymtype_declaration": "WARN",
    "misused_obsolete_label": "ERROR",
    "misused_replaced_by": "ERROR",
    "multiple_definitions": "ERROR",
    "multiple_equivalent_classes": "WARN",
    "multiple_equivalent_class_definitions": "ERROR",
    "multiple_labels": "ERROR",
    "invalid_entity_uri": "WARN",
}
MBX_RULES = {
    "deprecated_individual_reference": "ERROR",
    "missing_version_iri": "ERROR",
    "missing_ontology_creator": "ERROR",
    "missing_ontology_created": "WARN",
    "missing_preferred_prefix": "ERROR",
    "claim_without_quote": "ERROR",
    "hypothesis_as_established": "ERROR",
}


def _check(path: Path, **kwargs: object) -> Report:
    return run_checks(load_quads([str(path)], bundled=False), load_rules(), **kwargs)  # type: ignore[arg-type]


def test_every_rule_of_robots_default_profile_at_robots_level() -> None:
    levels = {rule.name: rule.level for rule in shipped_rules()}
    assert levels == {**ROBOT_PROFILE, **MBX_RULES}


@pytest.mark.parametrize("rule", sorted({**ROBOT_PROFILE, **MBX_RULES}))
def test_every_rule_has_a_broken_ontology(rule: str) -> None:
    assert (DATA / f"{rule}.ttl").is_file()


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_exactly_its_rule_fires(path: Path) -> None:
    report = _check(path, fail_on="info")
    fired = {p.rule for p in report.problems}
    if path.stem == "clean":
        assert not report.problems, report.problems
        return
    rule = path.stem.split("--")[0]
    assert fired == {rule} | ALSO_FIRES.get(rule, set()), report.problems
    assert report.failed


@pytest.mark.parametrize("rule", sorted(r.name for r in shipped_rules()))
def test_every_rule_documents_itself(rule: str) -> None:
    parsed = next(r for r in shipped_rules() if r.name == rule)
    for key in ("title", "problem", "fix", "rows", "source"):
        assert getattr(parsed, key), f"{rule}: no '# {key}:' line"
    docs = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    assert f"### `{rule}` — {parsed.level}" in docs, f"docs/check.md does not describe {rule}"


def test_docs_rule_reference_is_generated_from_the_rule_files() -> None:
    docs = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    block = docs.split(BEGIN, 1)[1].split(END, 1)[0]
    assert block == "\n" + rules_reference(shipped_rules()), "run `python -m mbx.check.render`"


@pytest.mark.parametrize("command", ["check", "reason"])
def test_docs_describe_every_option(command: str) -> None:
    docs = (ROOT / "docs" / f"{command}.md").read_text(encoding="utf-8")
    for param in all_commands()[command].params:
        for opt in getattr(param, "opts", []):
            if opt != "--help":
                found = re.search(rf"[`\s]{re.escape(opt)}(?![\w-])", docs)
                assert found, f"{opt} not in docs/{command}.md"


def test_a_class_and_its_individual_sharing_a_label_are_named_both() -> None:
    report = _check(DATA / "duplicate_label.ttl")
    entities = {p.entity[1] for p in report.problems}
    assert entities == {"https://example.org/check/Myokine", "https://example.org/check/irisin"}


def test_invalid_xref_says_what_is_wrong() -> None:
    unknown = _check(DATA / "invalid_xref.ttl").problems[0]
    assert unknown.message == "unknown prefix 'NOTAPREFIX' (not in Bioregistry 0.15.6)"
    bad_id = _check(DATA / "invalid_xref--bad-identifier.ttl").problems[0]
    assert "'molecule' is not a chebi identifier" in bad_id.message


def test_registry_answers() -> None:
    reg = registry()
    assert reg.curie_problem("CHEBI:27300") == ""
    assert reg.curie_problem("PR:000004716") == ""
    assert reg.curie_problem("Chebi:1") == "prefix 'Chebi' is spelt 'chebi' in the registry"
    assert reg.curie_problem("two words") == "not a CURIE (prefix:identifier) or an IRI"
    assert reg.iri_problem("https://w3id.org/biolink/vocab/Gene") == ""
    assert reg.iri_problem("http://identifiers.org/hgnc/620") == ""
    assert "misspelt ID space" in reg.iri_problem("http://purl.obolibrary.org/obo/CHEBl_1")
    assert reg.iri_problem("https://example.org/x").startswith("no prefix of Bioregistry")


@pytest.mark.slow
def test_registry_snapshot_is_what_bioregistry_gives() -> None:
    """registry.tsv is regenerated by `python -m mbx.check.registry` (bioregistry pinned in [test])."""
    shipped = (ROOT / "mbx" / "check" / "registry.tsv").read_text(encoding="utf-8")
    assert build_snapshot() == shipped, "run `python -m mbx.check.registry` to refresh it"
    assert len(parse_snapshot(shipped).prefixes) > 5000


# --- the bundled graph ----------------------------------------------------------------


#: docs/check.md's table for MBX 0.1 (ERROR 230, WARN 32, INFO 5)
COUNTS_0_1 = {
    ("ERROR", "missing_label"): 184,
    ("ERROR", "duplicate_label"): 46,
    ("WARN", "missing_definition"): 25,
    ("WARN", "duplicate_exact_synonym"): 6,
    ("WARN", "duplicate_label_synonym"): 1,
    ("INFO", "missing_superclass"): 5,
}


def test_bundled_graph_counts_by_rule() -> None:
    """0.1: the counts docs/check.md explains; from 0.2 on (issues 10 and 12): no ERROR, no WARN."""
    from mbx import __version__

    report = run_checks(load_quads(), load_rules())
    if __version__.startswith("0.1."):
        assert report.counts_by_rule() == COUNTS_0_1
    else:
        counts = report.counts()
        assert (counts["ERROR"], counts["WARN"]) == (0, 0), report.problems[:20]


def test_base_iri_keeps_only_problems_about_those_iris() -> None:
    everything = run_checks(load_quads(), load_rules(), fail_on="none")
    mbx_only = run_checks(
        load_quads(), load_rules(), base_iris=["https://w3id.org/mbx/"], fail_on="none"
    )
    assert mbx_only.problems
    assert all(p.entity[1].startswith("https://w3id.org/mbx/") for p in mbx_only.problems)
    outside = [
        p for p in everything.problems if not p.entity[1].startswith("https://w3id.org/mbx/")
    ]
    assert outside and len(mbx_only.problems) == len(everything.problems) - len(outside)


# --- the command line -------------------------------------------------------------------


def _run(*args: str) -> object:
    return CliRunner().invoke(main, ["check", *args])


def test_cli_clean_file_passes() -> None:
    result = _run("-i", str(DATA / "clean.ttl"))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert result.stdout == ""  # type: ignore[attr-defined]
    assert result.stderr == (  # type: ignore[attr-defined]
        "mbx check: 0 ERROR, 0 WARN, 0 INFO from 0 of 39 rules (passes at --fail-on error)\n"
    )


@pytest.mark.parametrize(
    ("case", "fail_on", "code"),
    [
        ("missing_label", "error", 1),
        ("missing_definition", "error", 0),
        ("missing_definition", "warn", 1),
        ("missing_superclass", "warn", 0),
        ("missing_superclass", "info", 1),
        ("missing_label", "none", 0),
    ],
)
def test_cli_fail_on(case: str, fail_on: str, code: int) -> None:
    result = _run("-i", str(DATA / f"{case}.ttl"), "--fail-on", fail_on)
    assert result.exit_code == code, result.output  # type: ignore[attr-defined]


def test_cli_formats() -> None:
    path = str(DATA / "label_formatting.ttl")
    table = _run("-i", path).stdout  # type: ignore[attr-defined]
    assert table.splitlines()[2].split() == [
        "ERROR",
        "label_formatting",
        "ex:irisin",
        "rdfs:label",
        "iri\\x09sin",
    ]
    tsv = _run("-i", path, "-f", "tsv").stdout  # type: ignore[attr-defined]
    assert tsv == (
        "Level\tRule Name\tSubject\tProperty\tValue\tMessage\n"
        "ERROR\tlabel_formatting\tex:irisin\trdfs:label\tiri\\x09sin\t\n"
    )
    markdown = _run("-i", path, "-f", "markdown").stdout  # type: ignore[attr-defined]
    assert markdown.splitlines()[2] == (
        "| ERROR | label_formatting | ex:irisin | rdfs:label | iri\\\\x09sin |  |"
    )
    data = json.loads(_run("-i", path, "-f", "json").stdout)  # type: ignore[attr-defined]
    assert data["passed"] is False and data["counts"] == {"ERROR": 1, "WARN": 0, "INFO": 0}
    assert data["problems"] == [
        {
            "level": "ERROR",
            "rule": "label_formatting",
            "entity": "https://example.org/check/irisin",
            "property": "http://www.w3.org/2000/01/rdf-schema#label",
            "value": "iri\tsin",
            "value_is_iri": False,
            "message": None,
        }
    ]


def test_cli_output_file_is_deterministic(tmp_path: Path) -> None:
    outputs = []
    for name in ("a.tsv", "b.tsv"):
        result = _run("-f", "tsv", "-o", str(tmp_path / name), "--fail-on", "none")
        assert result.exit_code == 0  # type: ignore[attr-defined]
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") > 10


def test_cli_user_rule_adds_and_overrides(tmp_path: Path) -> None:
    (tmp_path / "no_irisin-violation.rq").write_text(
        "# level: WARN\n# title: No irisin\n"
        "SELECT ?entity WHERE { ?entity ?p ?o FILTER(STRENDS(STR(?entity), 'irisin')) }\n",
        encoding="utf-8",
    )
    (tmp_path / "missing_label-violation.rq").write_text(  # demote a shipped rule
        (ROOT / "mbx/check/rules/missing_label-violation.rq")
        .read_text(encoding="utf-8")
        .replace("# level: ERROR", "# level: INFO"),
        encoding="utf-8",
    )
    result = _run("-i", str(DATA / "missing_label.ttl"), "--rules", str(tmp_path), "-f", "tsv")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert result.stdout.splitlines()[1:] == [  # type: ignore[attr-defined]
        "WARN\tno_irisin\tex:irisin\t\t\t",
        "INFO\tmissing_label\tex:irisin\trdfs:label\t\t",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "SELECT ?entity WHERE { ?entity ?p }\n",
            r"^Error: .*/bad-violation\.rq:1:\d+: SPARQL syntax error: ",
        ),
        (
            "ASK { ?s ?p ?o }\n",
            r"^Error: .*/bad-violation\.rq: a rule must be a SELECT query",
        ),
        (
            "SELECT ?s WHERE { ?s ?p ?o }\n",
            r"^Error: .*/bad-violation\.rq: the rule's SELECT has no \?entity variable",
        ),
        (
            "SELECT ?entity WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?entity ?p ?o } }\n",
            r"^Error: .*/bad-violation\.rq: SERVICE/LOAD refused in a rule: mbx check makes no "
            r"network requests; load the remote data with -i instead$",
        ),
        (
            "# level: FATAL\nSELECT ?entity WHERE { ?entity ?p ?o }\n",
            r"^Error: .*/bad-violation\.rq:1: unknown level 'FATAL'; use ERROR, WARN or INFO$",
        ),
    ],
)
def test_cli_bad_user_rule_is_one_line(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "bad-violation.rq").write_text(text, encoding="utf-8")
    result = _run("-i", str(DATA / "clean.ttl"), "--rules", str(tmp_path))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert len(result.stderr.splitlines()) == 1  # type: ignore[attr-defined]
    assert re.match(message, result.stderr.strip()), result.stderr  # type: ignore[attr-defined]


def test_cli_rules_folder_without_rules(tmp_path: Path) -> None:
    result = _run("--rules", str(tmp_path))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "no rule files here; name them <rule>-violation.rq" in result.stderr  # type: ignore[attr-defined]


def test_cli_malformed_input_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = _run("-i", str(bad))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr.startswith(f"Error: {bad}:1:")  # type: ignore[attr-defined]


def test_cli_with_mbx_finds_a_clash_with_an_mbx_label(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        "@prefix lab: <https://example.org/lab/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "lab:Irisin a owl:Class ; rdfs:subClassOf <https://w3id.org/mbx/Myokine> ;\n"
        '  rdfs:label "irisin" .\n',
        encoding="utf-8",
    )
    args = ("-i", str(mine), "--base-iri", "https://example.org/lab/", "-f", "tsv")
    alone = _run(*args)
    assert "duplicate_label" not in alone.stdout  # type: ignore[attr-defined]
    together = _run(*args, "--with-mbx")
    assert together.stdout.splitlines()[1:] == [  # type: ignore[attr-defined]
        "ERROR\tduplicate_label\tlab:Irisin\trdfs:label\tirisin\t",
        "WARN\tmissing_definition\tlab:Irisin\tIAO:0000115\t\t",
    ]


def test_cli_list() -> None:
    result = _run("--list")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    lines = result.stdout.splitlines()  # type: ignore[attr-defined]
    assert lines[0].split() == ["level", "rule", "title"] and len(lines) == 2 + 39
    assert lines[2].split()[:2] == ["ERROR", "claim_without_quote"]


def test_check_does_not_import_the_heavy_libraries_it_does_not_need() -> None:
    code = (
        "import sys; from mbx.cli import main\n"
        "try:\n    main(['check', '--fail-on', 'none', '-o', '/dev/null'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('rdflib', 'pyshacl', 'owlready2', 'requests', 'bioregistry',"
        " 'curies', 'pydantic') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout


def test_parse_rule_header(tmp_path: Path) -> None:
    path = tmp_path / "x-violation.rq"
    path.write_text(
        "# level: warn\n# problem: first line\n#   second line\n# rows: r\nSELECT ?entity {}\n",
        encoding="utf-8",
    )
    rule = parse_rule(path)
    assert (rule.name, rule.level, rule.problem, rule.rows) == (
        "x",
        "WARN",
        "first line second line",
        "r",
    )
