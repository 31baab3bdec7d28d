"""Reusing MBX: a third party's extension (tests/data/reuse/lab-extension.ttl) imports the
MBX terms, validates, reasons and loads in the OWL API offline; each broken variant
(a patch in tests/data/reuse/) is caught with a message for an outside user."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbx.cli import main
from tests.shacl_cases import cases, expectation, write_case
from tests.test_ontology import local_imports, reason
from tests.test_owlapi import _export, _round_trip, owlapi  # noqa: F401 (a fixture)

REUSE = Path(__file__).parent / "data" / "reuse"
EXTENSION = REUSE / "lab-extension.ttl"
BROKEN = cases(REUSE)


def _validate(path: Path) -> tuple[int, dict[str, object]]:
    import json

    result = CliRunner().invoke(main, ["validate", "-i", str(path), "-f", "json"])
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def test_the_extension_imports_mbx_and_validates() -> None:
    assert "owl:imports <https://w3id.org/mbx/mbx.owl>" in EXTENSION.read_text(encoding="utf-8")
    code, report = _validate(EXTENSION)
    assert (code, report["results"]) == (0, [])


def test_every_mistake_of_the_issue_has_a_variant() -> None:
    assert {p.stem for p in BROKEN} == {
        "disjoint-types",
        "disjoint-superclasses",
        "subject-outside-domain",
        "object-outside-range",
        "class-edge-outside-range",
        "misspelt-class",
        "misspelt-property",
        "missing-label",
        "missing-definition",
    }


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_a_broken_variant_is_caught(path: Path, tmp_path: Path) -> None:
    shape, result_path, severity = expectation(path)
    data = write_case(path, tmp_path / "extension.ttl", base=EXTENSION)
    code, report = _validate(data)
    results = report["results"]
    assert isinstance(results, list)
    assert {(r["source_shape"], r["path"] or "-", r["severity"]) for r in results} == {
        (shape, result_path, severity)
    }
    assert code == (1 if severity == "violation" else 0)
    for result in results:
        # messages speak to the user's file, never to MBX's source tables
        assert "entities.tsv" not in result["message"] and "xrefs" not in result["message"]
        if shape == "mbxsh:UnknownTermShape":
            assert result["message"].endswith(("did you mean mbx:Myokine?", "did you mean mbx:stimulates?"))


def _ntriples(path: Path, target: Path) -> Path:
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(path), "-f", "nt", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    return target


@pytest.mark.java
def test_hermit_reasons_over_the_extension_with_mbx_imported_offline(tmp_path: Path) -> None:
    world = reason(_ntriples(EXTENSION, tmp_path / "extension.nt"), local_imports(tmp_path))
    assert list(world.inconsistent_classes()) == []
    exerkine = world["https://example.org/lab/Exerkine"]
    assert world["https://w3id.org/mbx/SignalingMolecule"] in exerkine.ancestors()
    fgf21 = world["https://example.org/lab/fgf21_mouse_7"]
    assert world["https://w3id.org/mbx/AxisEntity"] in fgf21.INDIRECT_is_a


@pytest.mark.java
@pytest.mark.parametrize("variant", ["disjoint-types", "disjoint-superclasses"])
def test_hermit_rejects_disjoint_kinds(tmp_path: Path, variant: str) -> None:
    """An individual of two disjoint MBX classes, or of a class under two of them."""
    import owlready2

    data = write_case(REUSE / f"{variant}.ru", tmp_path / "broken.ttl", base=EXTENSION)
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(_ntriples(data, tmp_path / "broken.nt"), local_imports(tmp_path))


@pytest.mark.java
def test_the_owl_api_loads_the_extension_with_mbx_imported_offline(
    owlapi: list[str], tmp_path: Path  # noqa: F811
) -> None:
    if shutil.which("java") is None:
        pytest.skip("no java")
    source = tmp_path / "extension.owl"
    result = CliRunner().invoke(
        main, ["export", "--no-bundled", "-i", str(EXTENSION), "-f", "xml", "-o", str(source)]
    )
    assert result.exit_code == 0, result.stderr
    report = _round_trip(owlapi, source, tmp_path / "saved.owl", _export(tmp_path, "ontology"))
    assert int(report["axioms"]) > 5
