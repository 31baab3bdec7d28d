"""The OWL API (Protégé's and ROBOT's library) keeps everything MBX exports.

``tests/java/OwlApiRoundTrip.java`` is compiled once per session with javac and
run with the jars of Debian's ``libowlapi-java`` (5.1) in /usr/share/java. It
loads the RDF/XML export, reports the triples it could not parse
(``OWLOntologyLoaderMetaData``) and saves what it kept as RDF/XML; ``mbx
validate`` must accept the saved file. The knowledge graph's ``owl:imports`` of
the terms is resolved to a local export, never fetched. On 0.1 (RDF
reification) the OWL API left 552 triples unparsed and ``mbx validate -i`` on
the saved file reported 635 violations.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbx.cli import main

JAVA_SOURCE = Path(__file__).parent / "java" / "OwlApiRoundTrip.java"
JARS = Path("/usr/share/java")
TERMS_IRI = "https://w3id.org/mbx/mbx.owl"

pytestmark = pytest.mark.java


@pytest.fixture(scope="session")
def owlapi(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The command that runs the compiled round trip (``java -cp … OwlApiRoundTrip``)."""
    if shutil.which("javac") is None or shutil.which("java") is None:
        pytest.skip("no javac/java on PATH: the OWL API round trip needs a JDK")
    if not (JARS / "owlapi-distribution.jar").exists():
        pytest.skip(f"no OWL API in {JARS}: apt-get install -y libowlapi-java")
    classes = tmp_path_factory.mktemp("owlapi-classes")
    classpath = f"{JARS}/*"
    subprocess.run(
        ["javac", "-cp", classpath, "-d", str(classes), str(JAVA_SOURCE)],
        check=True, capture_output=True, timeout=300,
    )
    from mbx.reason import QUICK_JVM_FLAGS

    return ["java", *QUICK_JVM_FLAGS, "-cp", f"{classes}:{classpath}", "OwlApiRoundTrip"]


def _export(tmp_path: Path, part: str) -> Path:
    path = tmp_path / f"mbx-{part}.owl"
    result = CliRunner().invoke(main, ["export", "--part", part, "-f", "xml", "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    return path


def _round_trip(owlapi: list[str], source: Path, saved: Path, terms: Path) -> dict[str, str]:
    done = subprocess.run(
        [*owlapi, str(source), str(saved), f"{TERMS_IRI}={terms}"],
        capture_output=True, text=True, check=False, timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    report = dict(line.split(" ", 1) for line in done.stdout.splitlines() if not line.startswith(" "))
    assert "missing-import" not in report
    unparsed = [line for line in done.stdout.splitlines() if line.startswith("  ")]
    assert report["unparsed"] == "0", "\n".join(unparsed[:20])
    return report


@pytest.fixture(scope="module")
def round_trips(
    owlapi: list[str], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[dict[str, str], Path]]:
    """Each part's RDF/XML through the OWL API once: its report and the file it saved."""
    folder = tmp_path_factory.mktemp("owlapi")
    terms = _export(folder, "ontology")
    done = {}
    for part in ("all", "claims", "ontology"):
        source = terms if part == "ontology" else _export(folder, part)
        saved = folder / f"saved-{part}.owl"
        done[part] = (_round_trip(owlapi, source, saved, terms), saved)
    return done


@pytest.mark.parametrize("part", ["all", "claims", "ontology"])
def test_the_owl_api_keeps_every_triple_and_validate_accepts_what_it_saved(
    round_trips: dict[str, tuple[dict[str, str], Path]], part: str
) -> None:
    report, saved = round_trips[part]
    assert int(report["triples"]) > 1000 and int(report["axioms"]) > 1000
    result = CliRunner().invoke(main, ["validate", "-i", str(saved)])
    assert result.exit_code == 0, result.stdout[-3000:]
    assert result.stderr == "mbx validate: 0 violations, 0 warnings, 0 info (conforms)\n"


def test_the_owl_api_reads_claims_as_annotations(
    round_trips: dict[str, tuple[dict[str, str], Path]],
) -> None:
    """What the OWL API saved still says which statement claim 000-11 records."""
    import rdflib

    graph = rdflib.Graph().parse(round_trips["claims"][1], format="xml")
    claim = rdflib.URIRef("https://w3id.org/mbx/claim/000-11")
    mbx = rdflib.Namespace("https://w3id.org/mbx/")
    assert graph.value(claim, mbx.subject) == mbx.vitamin_d
    assert graph.value(claim, mbx.predicate) == mbx.potentiates
    assert graph.value(claim, mbx.object) == mbx.bdnf
    assert (mbx.vitamin_d, mbx.potentiates, mbx.bdnf) in graph
