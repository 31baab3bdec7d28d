"""HermiT, through owlready2, over RDF quads: consistency, unsatisfiable classes, inferences.

Every call reasons in a private owlready2 World, over N-Triples that
pyoxigraph writes in a temporary folder (owlready2 reads RDF/XML and
N-Triples, not Turtle). HermiT decides; when it finds the ontology
inconsistent or a class unsatisfiable, Pellet (also shipped with owlready2)
is asked for the axioms that explain it. ``owl:imports`` are never followed
(mbx makes no network requests): what an ontology imports must be among the
inputs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mbx.errors import EnvironmentFailure, InputError, one_line
from mbx.namespaces import INFERRED_GRAPH, OWL, OWLREADY_INFERENCES, RDF_TYPE, RDFS_LABEL

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

NO_JAVA = (
    "no Java runtime found: HermiT needs Java 11 or later on the PATH (or in JAVA_HOME); "
    "install one, e.g. `apt-get install default-jre-headless` (Debian, Ubuntu) or "
    "`brew install openjdk` (macOS)"
)
_INFERENCES = OWLREADY_INFERENCES


@dataclass
class Reasoning:
    """What HermiT found."""

    consistent: bool
    unsatisfiable: list[tuple[str, str]] = field(default_factory=list)  # (IRI, label)
    inferred: list[pyoxigraph.Triple] = field(default_factory=list)  # new direct inferences
    explanation: list[str] = field(default_factory=list)  # Pellet's axioms, one a line
    not_followed: list[str] = field(default_factory=list)  # owl:imports left alone
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def coherent(self) -> bool:
        return self.consistent and not self.unsatisfiable


#: HotSpot flags for a short run: the quick JIT and one GC thread halve HermiT's CPU time
#: on the bundled graph (4.5 s -> 2.5 s), with the same answer
QUICK_JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def quick_java(java: str, folder: Path) -> str:
    """A ``java`` for owlready2 that adds :data:`QUICK_JVM_FLAGS` (a script in ``folder``).

    owlready2 builds HermiT's command line itself and takes only the path of
    ``java``; a wrapper script is how flags reach the JVM without
    ``JAVA_TOOL_OPTIONS``, whose notice would mix into HermiT's output. On
    Windows ``java`` is used as it is.
    """
    if os.name != "posix":
        return java
    script = folder / "java"
    flags = " ".join(QUICK_JVM_FLAGS)
    script.write_text(f'#!/bin/sh\nexec "{java}" {flags} "$@"\n', encoding="utf-8")
    script.chmod(0o700)
    return str(script)


def find_java() -> str:
    """The ``java`` to run: the PATH's, else JAVA_HOME's; exit 3 with how to install one."""
    java = shutil.which("java")
    if java is None and os.environ.get("JAVA_HOME"):
        candidate = Path(os.environ["JAVA_HOME"]) / "bin" / "java"
        java = str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None
    if java is None:
        raise EnvironmentFailure(NO_JAVA)
    return java


def _triples_for_owlready(quads: Sequence[pyoxigraph.Quad]) -> tuple[bytes, list[str]]:
    """N-Triples of the union of ``quads`` without owl:imports, and the imports left out."""
    import pyoxigraph as ox

    imports = OWL + "imports"
    ontologies = {
        q.subject
        for q in quads
        if q.predicate.value == RDF_TYPE and q.object == ox.NamedNode(OWL + "Ontology")
    }
    triples = []
    not_followed = set()
    for quad in quads:
        if quad.predicate.value == imports:
            if isinstance(quad.object, ox.NamedNode) and quad.object not in ontologies:
                not_followed.add(quad.object.value)
            continue
        triples.append(ox.Triple(quad.subject, quad.predicate, quad.object))
    data = ox.serialize(list(dict.fromkeys(triples)), format=ox.RdfFormat.N_TRIPLES)
    return data or b"", sorted(not_followed)


def labels_of(quads: Sequence[pyoxigraph.Quad]) -> dict[str, str]:
    """IRI -> its rdfs:label (the first in sort order when there are several)."""
    import pyoxigraph as ox

    labels: dict[str, str] = {}
    for quad in sorted(quads, key=lambda q: str(q.object)):
        subject, label = quad.subject, quad.object
        if (
            quad.predicate.value == RDFS_LABEL
            and isinstance(label, ox.Literal)
            and isinstance(subject, ox.NamedNode)
        ):
            labels.setdefault(subject.value, label.value)
    return labels


def reason(
    quads: Sequence[pyoxigraph.Quad], *, explain: bool = True, java: str | None = None
) -> Reasoning:
    """Run HermiT over ``quads`` (their union) in a private owlready2 World."""
    import owlready2
    import pyoxigraph as ox

    java = java or find_java()
    timings: dict[str, float] = {}
    start = time.perf_counter()
    data, not_followed = _triples_for_owlready(quads)
    timings["convert"] = time.perf_counter() - start
    with tempfile.TemporaryDirectory(prefix="mbx-reason-") as folder:
        path = Path(folder) / "input.nt"
        path.write_bytes(data)
        world = owlready2.World()
        saved = (tempfile.tempdir, owlready2.JAVA_EXE)
        try:
            start = time.perf_counter()
            try:
                world.get_ontology(path.as_uri()).load()
            except Exception as exc:  # owlready2's parser errors have no common base class
                raise InputError(f"owlready2 cannot read the graph: {one_line(exc)}") from None
            timings["owlready2"] = time.perf_counter() - start
            # owlready2 leaves HermiT's input file behind when HermiT finds an
            # inconsistency: keep it in our folder, removed with it
            tempfile.tempdir, owlready2.JAVA_EXE = folder, quick_java(java, Path(folder))
            start = time.perf_counter()
            consistent = True
            try:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
            except owlready2.OwlReadyInconsistentOntologyError:
                consistent = False
            except owlready2.OwlReadyJavaError as exc:
                raise _java_error(str(exc)) from None
            except OSError as exc:
                raise EnvironmentFailure(f"cannot run {java}: {exc.strerror}") from None
            timings["hermit"] = time.perf_counter() - start
            inferred: list[pyoxigraph.Triple] = []
            if consistent:
                out = Path(folder) / "inferred.nt"
                world.get_ontology(_INFERENCES).save(str(out), format="ntriples")
                inferred = _new_inferences(out.read_bytes(), quads)
        finally:
            tempfile.tempdir, owlready2.JAVA_EXE = saved
            world.close()
        nothing = ox.NamedNode(OWL + "Nothing")
        labels = labels_of(quads)
        unsatisfiable = sorted(
            (t.subject.value, labels.get(t.subject.value, ""))
            for t in inferred
            if t.object == nothing and t.subject != nothing and isinstance(t.subject, ox.NamedNode)
        )
        result = Reasoning(consistent, unsatisfiable, inferred, [], not_followed, timings)
        if explain and not result.coherent:
            start = time.perf_counter()
            result.explanation = _explain(java, path, consistent)
            timings["explain"] = time.perf_counter() - start
    return result


def _java_error(message: str) -> InputError | EnvironmentFailure:
    """HermiT's Java failure: the input's fault (an unsupported datatype) or the runtime's."""
    lines = [line for line in message.splitlines() if line.strip()]
    cause = next((line for line in lines if "Exception" in line), lines[-1] if lines else message)
    if "UnsupportedDatatype" in message or "datatype" in cause.lower():
        return InputError(
            f"HermiT cannot reason over this input: {one_line(cause)}",
            hint="use an OWL 2 datatype in data property values (xsd:string, xsd:decimal...)",
        )
    return EnvironmentFailure(f"HermiT failed: {one_line(cause)}")


def _new_inferences(data: bytes, quads: Sequence[pyoxigraph.Quad]) -> list[pyoxigraph.Triple]:
    """The reasoner's triples that are not asserted and not tautologies (owl:Thing)."""
    import pyoxigraph as ox

    asserted = {(q.subject, q.predicate, q.object) for q in quads}
    thing = ox.NamedNode(OWL + "Thing")
    new = set()
    ontology = ox.NamedNode(_INFERENCES.rstrip("/"))
    for triple in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        if triple.object == thing or triple.subject == ontology:
            continue
        if (triple.subject, triple.predicate, triple.object) not in asserted:
            new.add(ox.Triple(triple.subject, triple.predicate, triple.object))
    return sorted(new, key=str)


def _explain(java: str, path: Path, consistent: bool) -> list[str]:
    """Pellet's explanation: the axioms behind an inconsistency or unsatisfiable classes."""
    import owlready2.reasoning

    command = [java, "-Xmx2000M", "-cp", owlready2.reasoning._PELLET_CLASSPATH]
    command += ["pellet.Pellet", "explain", "--ignore-imports"]
    if consistent:
        command.append("--all-unsat")
    command.append(str(path))
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    lines: list[str] = []
    for line in done.stdout.splitlines():
        text = line.strip()
        if not text or text.startswith(("Explanation", "Classifiying")):
            continue
        if text.startswith("Axiom:"):
            axiom = text.removeprefix("Axiom:").strip()
            if axiom == "Thing subClassOf Nothing":
                lines.append("the ontology is inconsistent because of:")
            elif axiom.endswith(" subClassOf Nothing"):
                name = axiom.removesuffix(" subClassOf Nothing")
                lines.append(f"{name} is unsatisfiable because of:")
            else:
                lines.append(f"{axiom}:")
        elif "AXIOM IS NOT ENTAILED" not in text:
            lines.append("  " + re.sub(r"^\d+\)\s*", "", text))
    return lines


def materialised(
    quads: Sequence[pyoxigraph.Quad], result: Reasoning, *, indirect: bool = False
) -> list[pyoxigraph.Quad]:
    """``quads`` plus the inferred triples in ``graph:inferred`` (ROBOT's "full" variant).

    With ``indirect``, every entailed named superclass and type is asserted,
    not only the direct ones HermiT reports (ROBOT's ``--include-indirect``).
    """
    import pyoxigraph as ox

    graph = ox.NamedNode(INFERRED_GRAPH)
    triples = list(result.inferred)
    if indirect:
        triples += _indirect(quads, result.inferred)
    present = {(q.subject, q.predicate, q.object) for q in quads}
    extra = {
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in triples
        if (t.subject, t.predicate, t.object) not in present
    }
    return [*quads, *sorted(extra, key=str)]


def _indirect(
    quads: Sequence[pyoxigraph.Quad], inferred: Sequence[pyoxigraph.Triple]
) -> list[pyoxigraph.Triple]:
    """Every named superclass and type entailed: the closure of the told and inferred hierarchy."""
    import pyoxigraph as ox

    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in inferred)
    query = """
      PREFIX owl: <http://www.w3.org/2002/07/owl#>
      PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
      CONSTRUCT { ?c rdfs:subClassOf ?d . ?i a ?e } WHERE {
        { ?c a owl:Class ; rdfs:subClassOf+ ?d . FILTER (isIRI(?c) && isIRI(?d) && ?c != ?d) }
        UNION
        { ?i a ?t . ?t a owl:Class ; rdfs:subClassOf* ?e .
          FILTER (isIRI(?i) && isIRI(?e) && ?e != owl:Thing) }
      }"""
    results = store.query(query)
    assert isinstance(results, ox.QueryTriples)
    return list(results)
