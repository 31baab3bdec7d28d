"""Reusing a release: the SSSOM table read by the sssom library, the OWL API resolving imports
through catalog-v001.xml, and examples/reuse (a third party's ontology importing MBX's base
module) loaded by owlready2 from the release, consistent for HermiT, accepted by
`mbx validate -i` and `mbx check -i`. Nothing is fetched: imports resolve to local files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbx.cli import main
from mbx.dataset import load_quads
from mbx.namespaces import MBX, SKOS

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "reuse"
JAVA_SOURCE = Path(__file__).parent / "java" / "OwlApiCatalog.java"
JARS = Path("/usr/share/java")
#: a short run: the quick JIT only and one GC thread take half the CPU time
JAVA_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"]


def test_the_sssom_library_reads_and_validates_the_mappings(
    release: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from sssom.constants import SchemaValidationType
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    # not strict=True: sssom 0.4.21 inverts its own metadata check there and refuses every file
    # whose metadata is all standard; it logs a warning for each non-standard key instead
    with caplog.at_level("WARNING"):
        msdf = parse_sssom_table(release / "mbx.sssom.tsv")
    assert [r.getMessage() for r in caplog.records if r.name.startswith(("sssom", "root"))] == []
    reports = validate(msdf, [
        SchemaValidationType.JsonSchema,
        SchemaValidationType.PrefixMapCompleteness,
        SchemaValidationType.StrictCurieFormat,
    ], fail_on_error=False)  # fmt: skip
    assert {t.value: r.results for t, r in reports.items()} == {
        "JsonSchema": [], "PrefixMapCompleteness": [], "StrictCurieFormat": [],
    }  # fmt: skip
    meta = msdf.metadata
    assert meta["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert meta["mapping_set_id"] == "https://w3id.org/mbx/releases/0.2.0/mbx.sssom.tsv"
    frame = msdf.df
    assert set(frame["mapping_justification"]) == {"semapv:ManualMappingCuration"}
    matches = {
        (q.subject.value, q.predicate.value.removeprefix(SKOS), q.object.value)
        for q in load_quads(part="ontology")
        if q.predicate.value.startswith(SKOS) and q.predicate.value.endswith("Match")
        and q.subject.value.startswith(MBX)
    }  # fmt: skip
    rows = {
        (msdf.converter.expand(r.subject_id), r.predicate_id.removeprefix("skos:"),
         msdf.converter.expand(r.object_id))
        for r in frame.itertuples()
    }  # fmt: skip
    assert rows == matches and len(rows) > 100
    bdnf = frame[frame["subject_id"] == "mbx:bdnf"]
    assert ("skos:exactMatch", "PR:000004716") in set(zip(bdnf["predicate_id"], bdnf["object_id"], strict=True))


@pytest.fixture(scope="session")
def example(release: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/reuse with the release beside it, where its catalog expects it (mbx-release/)."""
    folder = tmp_path_factory.mktemp("example") / "reuse"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("mbx-release"))
    shutil.copytree(release, folder / "mbx-release")
    return folder


@pytest.fixture(scope="session")
def owlapi(
    release: Path, example: Path, tmp_path_factory: pytest.TempPathFactory
) -> list[dict[str, list[str]]]:
    """What the OWL API says, in one JVM (it starts slowly), of four jobs, in this order: the
    ontology IRIs AutoIRIMapper finds in the release; the KG loaded through the release's
    catalog; the example loaded through its own catalog, with and without the release beside
    it. Imports resolve only through the JDK's catalog resolver (tests/java/OwlApiCatalog.java)."""
    if shutil.which("java") is None:
        pytest.skip("no java on PATH: the OWL API catalog check needs a JDK (11+)")
    if not (JARS / "owlapi-distribution.jar").exists():
        pytest.skip(f"no OWL API in {JARS}: apt-get install -y libowlapi-java")
    alone = tmp_path_factory.mktemp("example-alone") / "reuse"
    shutil.copytree(EXAMPLE, alone, ignore=shutil.ignore_patterns("mbx-release"))
    ontology, catalog = "exercise-lab.owl", "catalog-v001.xml"
    done = subprocess.run(
        ["java", *JAVA_FLAGS, "-cp", f"{JARS}/*", str(JAVA_SOURCE),  # a source file, run as is
         "--folder", str(release),
         "+", str(release / "mbx-kg.owl"), str(release / catalog),
         "+", str(example / ontology), str(example / catalog),
         "+", str(alone / ontology), str(alone / catalog)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    jobs: list[dict[str, list[str]]] = [{} for _ in range(4)]
    for line in done.stdout.splitlines():
        number, key, value = [*line.split(" ", 2), ""][:3]
        jobs[int(number)].setdefault(key, []).append(value)
    return jobs


@pytest.mark.java
def test_the_owl_api_finds_each_owl_files_ontology_iri_from_its_root_element(
    owlapi: list[dict[str, list[str]]],
) -> None:
    """AutoIRIMapper (Protégé's folder lookup) reads only the root owl:Ontology element."""
    assert owlapi[0]["mapped"] == [
        "https://w3id.org/mbx/mbx-full.owl -> mbx-full.owl",
        "https://w3id.org/mbx/mbx-kg.owl -> mbx-kg.owl",
        "https://w3id.org/mbx/mbx.owl -> mbx.owl",
    ]


@pytest.mark.java
def test_the_knowledge_graph_loads_its_import_through_the_release_catalog(
    release: Path, owlapi: list[dict[str, list[str]]]
) -> None:
    lines = owlapi[1]
    assert lines["exit"] == ["0"] and "missing-import" not in lines
    assert lines["import"] == [f"https://w3id.org/mbx/mbx.owl -> {(release / 'mbx.owl').as_uri()}"
                               .replace("file:///", "file:/")]  # fmt: skip
    assert lines["ontology"] == ["https://w3id.org/mbx/mbx-kg.owl"]
    assert lines["version"] == ["https://w3id.org/mbx/releases/0.2.0/mbx-kg.owl"]
    assert lines["closure"] == ["2"]


@pytest.mark.java
def test_the_example_imports_mbx_through_its_catalog_offline(
    owlapi: list[dict[str, list[str]]],
) -> None:
    lines = owlapi[2]
    assert lines["exit"] == ["0"] and "missing-import" not in lines
    assert lines["import"][0].startswith("https://w3id.org/mbx/mbx.owl -> file:")
    assert lines["import"][0].endswith("/reuse/mbx-release/mbx.owl")
    assert lines["closure"] == ["2"]
    # without the release beside it, the import is missing (and never fetched)
    alone = owlapi[3]
    assert (alone["exit"], alone["missing-import"]) == (["3"], ["https://w3id.org/mbx/mbx.owl"])


@pytest.mark.java
def test_owlready2_loads_the_example_with_its_import_and_hermit_finds_it_consistent(
    example: Path, tmp_path: Path
) -> None:
    import owlready2

    from mbx.reason import find_java, quick_java

    world = owlready2.World()
    saved = owlready2.onto_path[:], owlready2.JAVA_EXE
    owlready2.onto_path[:] = [str(example / "mbx-release")]  # the import is found here
    owlready2.JAVA_EXE = quick_java(find_java(), tmp_path)
    try:
        ontology = world.get_ontology((example / "exercise-lab.owl").as_uri()).load()
        imported = [o.base_iri for o in ontology.imported_ontologies]
        assert imported == ["https://w3id.org/mbx/mbx.owl#"]
        assert len(list(ontology.imported_ontologies[0].classes())) > 150
        exerkine = world["https://example.org/exercise-lab/Exerkine"]
        assert world["https://w3id.org/mbx/SignalingMolecule"] in exerkine.is_a
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        assert list(world.inconsistent_classes()) == []
        # HermiT's inference: the lab's irisin is a myokine (irisin ⊑ myokine in MBX)
        irisin = world["https://example.org/exercise-lab/irisin_p12"]
        assert world["https://w3id.org/mbx/Myokine"] in irisin.INDIRECT_is_a
    finally:
        owlready2.onto_path[:], owlready2.JAVA_EXE = saved
        world.close()


def test_mbx_validate_and_check_accept_the_example() -> None:
    ontology = str(EXAMPLE / "exercise-lab.owl")
    result = CliRunner().invoke(main, ["validate", "-i", ontology])
    assert result.exit_code == 0, result.stdout
    assert result.stderr == "mbx validate: 0 violations, 0 warnings, 0 info (conforms)\n"
    result = CliRunner().invoke(main, ["check", "-i", ontology])
    assert result.exit_code == 0, result.stdout
    assert result.stderr.startswith("mbx check: 0 ERROR, 0 WARN, 0 INFO")
