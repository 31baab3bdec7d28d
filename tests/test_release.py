"""`mbx build`: the release's files, their version IRIs, the manifest, byte-identical rebuilds,
and each RDF file read back by a second, independent reader and compared with its source.

The release is built once per session (tests/release_fixture.py). Sources of
comparison are recomputed here from the bundle, never read from the release;
the full variant's inferences are HermiT's, from the release's own N-Triples
(a second HermiT run gives the same bytes: the byte-identical rebuild).
Isomorphism: both sides canonicalised by pyoxigraph, then compared as sets.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from mbx.build.documents import base_and_kg, dataset_document, full_document
from mbx.build.files import document_quads
from mbx.bundle import bundled_quads
from mbx.cli import main
from mbx.namespaces import CLAIM, MBX, OWL, RDF_TYPE, REC, SRC
from mbx.reason import Reasoning
from mbx.terms import from_rdflib_graph

VERSION = "0.2.0"
DOCUMENTS = ("mbx", "mbx-full", "mbx-kg")
RDF_FILES = [f"{d}.{ext}" for d in DOCUMENTS for ext in ("owl", "ttl", "jsonld", "nt")]
RDF_FILES += ["mbx-dataset.nq", "mbx-dataset.trig"]
OTHER_FILES = ["LICENSE", "catalog-v001.xml", "context.jsonld", "manifest.json", "mbx.sssom.tsv"]
PARSE = {
    "owl": ox.RdfFormat.RDF_XML, "ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
}  # fmt: skip


@pytest.fixture(scope="session")
def sources(release: Path) -> dict[str, Any]:
    """Each release file's expected quads, computed from the sources; for the full variant,
    the terms and the inferences read from the release's mbx-full.nt."""
    quads = bundled_quads()
    base, kg = base_and_kg(quads)
    full_nt = ox.parse(path=str(release / "mbx-full.nt"), format=ox.RdfFormat.N_TRIPLES)
    inferred = [  # HermiT's named superclasses and types: no blank node, not the header
        q.triple for q in full_nt
        if not q.subject.value.endswith("mbx-full.owl")
        and not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    ]  # fmt: skip
    full = full_document(base, Reasoning(consistent=True, inferred=inferred))
    documents = {d.name: d for d in (base, full, kg, dataset_document(quads, VERSION))}
    return {
        name: document_quads(documents[name.rsplit(".", 1)[0]], name, VERSION)
        for name in RDF_FILES
    }


def _read(release: Path, name: str) -> list[ox.Quad]:
    """pyoxigraph's reading of a release file; JSON-LD with the release's context put inline."""
    data = (release / name).read_bytes()
    if name.endswith(".jsonld"):
        document = json.loads(data)
        document["@context"] = json.loads((release / "context.jsonld").read_bytes())["@context"]
        data = json.dumps(document).encode()
    return list(ox.parse(data, format=PARSE[name.rsplit(".", 1)[1]]))


def _canonical(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def _assert_isomorphic(read: Iterable[ox.Quad], source: Iterable[ox.Quad], who: str) -> None:
    """The same graphs (named graphs included), blank nodes aside."""
    read, source = list(read), list(source)
    only_read = _canonical(read) - _canonical(source)
    only_source = _canonical(source) - _canonical(read)
    assert (sorted(map(str, only_read))[:5], sorted(map(str, only_source))[:5]) == ([], []), who
    assert len(set(read)) == len(set(source)), who


def test_the_release_holds_every_artefact(release: Path) -> None:
    top = sorted(p.name for p in release.iterdir() if p.is_file())
    assert top == sorted(RDF_FILES + OTHER_FILES)
    assert (release / "html" / "index.html").is_file()
    assert (release / "LICENSE").read_text().count("Attribution 4.0 International") >= 2


@pytest.mark.parametrize("name", RDF_FILES)
def test_every_rdf_file_carries_its_version_iri_and_version(release: Path, name: str) -> None:
    quads = _read(release, name)
    version_iris = {q.object.value: q.subject.value for q in quads
                    if q.predicate.value == OWL + "versionIRI"}  # fmt: skip
    releases = f"https://w3id.org/mbx/releases/{VERSION}/"
    # the dataset's named graphs hold the two documents, each with its own version IRI
    inside = {"mbx.owl", "mbx-kg.owl"} if name.startswith("mbx-dataset") else set()
    assert set(version_iris) == {releases + name} | {releases + n for n in inside}
    header = version_iris[releases + name]
    infos = {q.object.value for q in quads
             if q.predicate.value == OWL + "versionInfo" and q.subject.value == header}  # fmt: skip
    assert infos == {VERSION}


def test_the_manifest_lists_every_file_with_size_triples_and_sha256(release: Path) -> None:
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == VERSION
    listed = {f["path"]: f for f in manifest["files"]}
    on_disk = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert set(listed) == on_disk - {"manifest.json"}
    for path, entry in listed.items():
        data = (release / path).read_bytes()
        assert (entry["bytes"], entry["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
        if path in RDF_FILES:
            assert entry["triples"] == len(set(_read(release, path))), path
        else:
            assert entry["triples"] is None, path


def test_the_base_module_holds_no_claim_and_no_kg_node(release: Path) -> None:
    for name in ("mbx.owl", "mbx.ttl", "mbx-full.owl"):
        quads = _read(release, name)
        assert len(quads) > 2000
        assert not [q for q in quads if q.object == ox.NamedNode(MBX + "Claim")
                    and q.predicate.value == RDF_TYPE]  # fmt: skip
        for term in (t for q in quads for t in (q.subject, q.object)):
            assert not str(getattr(term, "value", "")).startswith((CLAIM, REC, SRC)), name
        assert not [q for q in quads if q.predicate.value == OWL + "imports"], name


def test_the_full_variant_adds_inferences_to_the_terms(release: Path) -> None:
    base = set(ox.parse(path=str(release / "mbx.nt"), format=ox.RdfFormat.N_TRIPLES))
    full = set(ox.parse(path=str(release / "mbx-full.nt"), format=ox.RdfFormat.N_TRIPLES))
    header = {t for t in base if t.subject.value.endswith("mbx.owl")}
    assert base - header <= full
    vitamin_b6 = ox.NamedNode(MBX + "vitamin_b6")
    subclass = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
    assert ox.Quad(vitamin_b6, subclass, ox.NamedNode(MBX + "Micronutrient")) in full - base
    assert len(full) > len(base) + 500


def test_a_second_build_replaces_an_earlier_release_with_identical_bytes(
    release: Path, second_release: Path
) -> None:
    """Another process, another hash seed, time zone and locale, over an earlier release: the
    same bytes, every file; nothing of the earlier release left, no temporary folder left."""
    first = {p.relative_to(release).as_posix(): p.read_bytes() for p in release.rglob("*")
             if p.is_file()}  # fmt: skip
    second = {p.relative_to(second_release).as_posix(): p.read_bytes()
              for p in second_release.rglob("*") if p.is_file()}  # fmt: skip
    assert sorted(first) == sorted(second)  # no stale.txt, no html/terms/Gone.html
    assert [name for name in first if first[name] != second[name]] == []
    assert [p.name for p in second_release.parent.iterdir()] == [second_release.name]


# --- second readers ------------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in RDF_FILES if n.endswith((".ttl", ".nq", ".trig"))])
def test_turtle_and_quads_read_back_by_pyoxigraph(
    release: Path, sources: dict[str, Any], name: str
) -> None:
    read = _read(release, name)
    if not name.endswith(".ttl"):  # the named graphs too
        assert {q.graph_name for q in read} == {q.graph_name for q in sources[name]}
    _assert_isomorphic(read, sources[name], name)


@pytest.fixture(scope="module")
def owlready2_reading(release: Path) -> dict[str, list[ox.Quad]]:
    """The triples owlready2 keeps of each .owl file, all three loaded in one world (the KG's
    import found in the release, never fetched)."""
    import owlready2

    world = owlready2.World()
    saved = owlready2.onto_path[:]
    owlready2.onto_path[:] = [str(release)]  # owl:imports are looked up here, never fetched
    try:
        read = {}
        for name in ("mbx.owl", "mbx-full.owl", "mbx-kg.owl"):
            ontology = world.get_ontology((release / name).as_uri()).load()
            graph = world.as_rdflib_graph().get_context(ontology)
            read[name] = _same_value(from_rdflib_graph(graph))  # type: ignore[arg-type]
        return read
    finally:
        owlready2.onto_path[:] = saved
        world.close()


def _same_value(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """owlready2 drops the license IRI's trailing slash and rewrites decimals ("40.0" for
    "40"): both sides of the comparison get literals by value and the IRI without its slash."""
    from decimal import Decimal

    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    out = []
    for q in quads:
        o = q.object
        if isinstance(o, ox.Literal) and o.datatype == decimal:
            o = ox.Literal(format(Decimal(o.value).normalize(), "f"), datatype=decimal)
        elif isinstance(o, ox.NamedNode) and o.value == "https://creativecommons.org/licenses/by/4.0/":
            o = ox.NamedNode(o.value.rstrip("/"))
        out.append(ox.Quad(q.subject, q.predicate, o))
    return out


@pytest.mark.java
@pytest.mark.parametrize("name", ["mbx.owl", "mbx-full.owl", "mbx-kg.owl"])
def test_rdfxml_read_back_by_owlready2(
    owlready2_reading: dict[str, list[ox.Quad]], sources: dict[str, Any], name: str
) -> None:
    _assert_isomorphic(owlready2_reading[name], _same_value(sources[name]), name)


@pytest.mark.parametrize("name", [n for n in RDF_FILES if n.endswith(".jsonld")])
def test_jsonld_expanded_by_pyld_with_the_shipped_context(
    release: Path, sources: dict[str, Any], name: str
) -> None:
    from pyld import jsonld  # type: ignore[import-untyped]

    context_iri = f"https://w3id.org/mbx/releases/{VERSION}/context.jsonld"
    document = json.loads((release / name).read_text(encoding="utf-8"))
    assert document["@context"] == context_iri

    def loader(url: str, options: Any = None) -> dict[str, Any]:
        assert url == context_iri, f"pyld asked for {url}"
        return {"contextUrl": None, "documentUrl": url,
                "document": json.loads((release / "context.jsonld").read_text(encoding="utf-8"))}

    expanded = jsonld.expand(document, {"documentLoader": loader})
    nquads = jsonld.to_rdf(expanded, {"format": "application/n-quads"})
    read = list(ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS))
    _assert_isomorphic(read, sources[name], name)


# --- errors ----------------------------------------------------------------------------------


def test_a_folder_that_is_not_a_release_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["build", "-o", str(tmp_path), "--no-reason", "--no-html"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {tmp_path} is not empty and holds no earlier release (manifest.json); choose "
        "a new or empty folder; mbx build replaces only an earlier release\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_no_java_is_exit_3_before_any_work(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"} | {"PATH": ""}
    done = subprocess.run(
        [sys.executable, "-m", "mbx", "build", "-o", str(tmp_path / "r")],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 3
    assert done.stderr.startswith("Error: no Java runtime found: HermiT needs Java 11")
    assert not (tmp_path / "r").exists()
