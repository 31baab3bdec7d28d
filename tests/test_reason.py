"""`mbx reason`: HermiT (real Java) on an inconsistent ontology, one with an unsatisfiable
class, a consistent one with inferences, the bundled graph; no Java is exit 3."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from mbx.cli import main
from mbx.dataset import load_quads
from mbx.reason import INFERRED_GRAPH, NO_JAVA, reason

DATA = Path(__file__).parent / "data" / "reason"
EX = "https://example.org/reason/"
needs_java = pytest.mark.skipif(
    shutil.which("java") is None, reason="no `java` on PATH: HermiT (owlready2) needs Java 11+"
)
pytestmark = [pytest.mark.java]


def _run(*args: str) -> object:
    return CliRunner().invoke(main, ["reason", *args])


@needs_java
def test_inconsistent_ontology_is_exit_1_and_names_what_is_involved() -> None:
    result = _run("-i", str(DATA / "inconsistent.ttl"))
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    report = result.stdout  # type: ignore[attr-defined]
    assert report.startswith("consistent: no\nexplanation (Pellet; the axioms involved):\n")
    assert "  the ontology is inconsistent because of:\n" in report
    for axiom in (
        "hippocampal_bdnf type Protein",
        "Protein subClassOf Molecule",
        "BrainRegion disjointWith Molecule",
        "hippocampal_bdnf type BrainRegion",
    ):
        assert f"    {axiom}\n" in report
    assert "  hippocampal_bdnf = ex:hippocampal_bdnf (hippocampal BDNF)\n" in report
    assert result.stderr.startswith("mbx reason: inconsistent; ")  # type: ignore[attr-defined]


@needs_java
def test_unsatisfiable_class_is_exit_1_with_label_and_iri() -> None:
    result = _run("-i", str(DATA / "unsatisfiable.ttl"))
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    report = result.stdout  # type: ignore[attr-defined]
    assert (
        "consistent: yes\nunsatisfiable classes: 1\n"
        f"  ex:HormoneRegion (hormone region) <{EX}HormoneRegion>\n"
    ) in report
    assert "  HormoneRegion is unsatisfiable because of:\n" in report
    assert "    HormoneRegion subClassOf BrainRegion\n" in report
    assert "consistent, 1 unsatisfiable class(es)" in result.stderr  # type: ignore[attr-defined]


@needs_java
def test_consistent_ontology_materialises_the_inferences(tmp_path: Path) -> None:
    out = tmp_path / "full.nq"
    result = _run("-i", str(DATA / "consistent.ttl"), "-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert result.stdout == (  # type: ignore[attr-defined]
        "consistent: yes\nunsatisfiable classes: none\ninferred (direct, not asserted): 2\n"
        "  ex:SignalMolecule (signal molecule) rdfs:subClassOf ex:Molecule (molecule)\n"
        "  ex:insulin (insulin) rdf:type ex:SignalMolecule (signal molecule)\n"
    )
    assert f"Note: owl:imports <{EX}elsewhere.owl> not followed" in result.stderr  # type: ignore[attr-defined]
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))
    graph = ox.NamedNode(INFERRED_GRAPH)
    inferred = {(str(q.subject), str(q.object)) for q in quads if q.graph_name == graph}
    assert inferred == {
        (f"<{EX}SignalMolecule>", f"<{EX}Molecule>"),
        (f"<{EX}insulin>", f"<{EX}SignalMolecule>"),
    }

    def ground(qs: list[ox.Quad]) -> set[tuple[object, ...]]:  # blank nodes are relabelled
        return {
            (q.subject, q.predicate, q.object)
            for q in qs
            if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
        }

    asserted = load_quads([str(DATA / "consistent.ttl")], bundled=False)
    assert ground(asserted) <= ground(quads)
    assert len(quads) == len(asserted) + 2
    indirect = tmp_path / "indirect.nt"
    result = _run("-i", str(DATA / "consistent.ttl"), "-o", str(indirect), "--include-indirect")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert f"<{EX}insulin> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Molecule> ." in (
        indirect.read_text(encoding="utf-8")
    )


@needs_java
def test_each_call_reasons_in_a_private_world() -> None:
    bad = reason(load_quads([str(DATA / "inconsistent.ttl")], bundled=False), explain=False)
    good = reason(load_quads([str(DATA / "consistent.ttl")], bundled=False), explain=False)
    again = reason(load_quads([str(DATA / "inconsistent.ttl")], bundled=False), explain=False)
    assert (bad.consistent, good.consistent, again.consistent) == (False, True, False)
    assert len(good.inferred) == 2 and not good.unsatisfiable


@needs_java
@pytest.mark.slow
def test_bundled_graph_is_consistent_and_coherent(tmp_path: Path) -> None:
    out = tmp_path / "mbx-full.ttl"
    result = _run("-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert result.stdout.startswith("consistent: yes\nunsatisfiable classes: none\n")  # type: ignore[attr-defined]
    summary = result.stderr  # type: ignore[attr-defined]
    assert summary.startswith("mbx reason: consistent and coherent; ")
    for part in ("parse ", "convert ", "owlready2 ", "HermiT "):
        assert part in summary
    assert out.stat().st_size > 100_000


@needs_java
@pytest.mark.slow
def test_with_mbx_catches_an_individual_under_disjoint_mbx_classes(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        "@prefix mbx: <https://w3id.org/mbx/> .\n@prefix lab: <https://example.org/lab/> .\n"
        "lab:x a mbx:Myokine, mbx:BrainRegion .\n",
        encoding="utf-8",
    )
    assert _run("-i", str(mine), "--no-explain").exit_code == 0  # type: ignore[attr-defined]
    result = _run("-i", str(mine), "--with-mbx", "--no-explain")
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    assert result.stdout.startswith("consistent: no\n")  # type: ignore[attr-defined]


def test_no_java_is_exit_3_with_how_to_install_it(tmp_path: Path) -> None:
    """A PATH without java (and no JAVA_HOME): one line, exit 3, before any work."""
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    env["PATH"] = str(tmp_path)  # an empty folder: no java on it
    done = subprocess.run(
        [sys.executable, "-m", "mbx", "reason"],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        check=False,
    )
    assert done.returncode == 3, done.stderr
    assert done.stderr == f"Error: {NO_JAVA}\n"
    assert "apt-get install default-jre-headless" in done.stderr


@needs_java
def test_malformed_input_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = _run("-i", str(bad))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr.startswith(f"Error: {bad}:1:")  # type: ignore[attr-defined]


def test_usage_errors() -> None:
    assert "--with-mbx needs -i FILE" in _run("--with-mbx").stderr  # type: ignore[attr-defined]
    result = _run("--include-indirect")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "--include-indirect needs -o FILE" in result.stderr  # type: ignore[attr-defined]
