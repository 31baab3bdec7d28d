"""The release's RDF documents: base (the terms), full (with HermiT's inferences), KG, dataset.

Each document is a set of quads with one ``owl:Ontology`` header. Every file
of the release stamps that header with its own ``owl:versionIRI``
(``https://w3id.org/mbx/releases/<version>/<file>``) and keeps
``owl:versionInfo``: :func:`stamped`. The version comes from the sources
(the headers' ``owl:versionInfo``, which must equal ``mbx.__version__``),
never from the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mbx.errors import CheckFailed, InputError
from mbx.namespaces import (
    CC_BY_4,
    DATASET_IRI,
    DCTERMS,
    FULL_IRI,
    KG_IRI,
    ONTOLOGY_GRAPH,
    ONTOLOGY_IRI,
    OWL,
    RDF_TYPE,
    RDFS,
    RELEASES,
)

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

    from mbx.reason import Reasoning

#: release file extension -> mbx's format name
FORMAT_OF = {
    "owl": "rdfxml",
    "ttl": "turtle",
    "jsonld": "jsonld",
    "nt": "ntriples",
    "nq": "nquads",
    "trig": "trig",
}
#: the file formats of one OWL document, and of the whole dataset (named graphs)
DOCUMENT_FORMATS = ("owl", "ttl", "jsonld", "nt")
DATASET_FORMATS = ("nq", "trig")


@dataclass(frozen=True)
class Document:
    """One RDF document of the release, before its files are stamped with their version IRIs."""

    name: str  # the file stem: mbx, mbx-full, mbx-kg, mbx-dataset
    ontology: str  # its ontology IRI
    quads: tuple[pyoxigraph.Quad, ...]
    what: str  # one line for the manifest and the HTML downloads
    formats: tuple[str, ...] = DOCUMENT_FORMATS

    def files(self) -> list[str]:
        """The file names of this document in the release (``mbx.owl``, ``mbx.ttl``...)."""
        return [f"{self.name}.{ext}" for ext in self.formats]


def text_of(term: object) -> str:
    """The IRI, blank-node id or lexical form of a pyoxigraph term ("" for a quoted triple)."""
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else ""


def version_iri(version: str, filename: str) -> str:
    """``https://w3id.org/mbx/releases/<version>/<filename>``.

    >>> version_iri("0.2.0", "mbx.owl")
    'https://w3id.org/mbx/releases/0.2.0/mbx.owl'
    """
    return f"{RELEASES}{version}/{filename}"


def release_version(quads: Sequence[pyoxigraph.Quad], expected: str) -> str:
    """The sources' version: both headers' ``owl:versionInfo``, which must equal ``expected``."""
    found = {
        text_of(q.subject): text_of(q.object)
        for q in quads
        if q.predicate.value == OWL + "versionInfo"
        and text_of(q.subject) in (ONTOLOGY_IRI, KG_IRI)
    }
    for iri in (ONTOLOGY_IRI, KG_IRI):
        if found.get(iri) != expected:
            raise InputError(
                f"the header of <{iri}> has owl:versionInfo {found.get(iri)!r}, but mbx is "
                f"{expected}",
                hint="make owl:versionInfo in ontology/mbx.ttl and kg/mbx-kg.ttl equal "
                "__version__ in mbx/__init__.py",
            )
    return expected


def base_and_kg(quads: Sequence[pyoxigraph.Quad]) -> tuple[Document, Document]:
    """The terms (``graph:ontology``) and the knowledge graph (every other graph)."""
    def in_terms(quad: pyoxigraph.Quad) -> bool:
        return getattr(quad.graph_name, "value", None) == ONTOLOGY_GRAPH

    base = tuple(q for q in quads if in_terms(q))
    kg = tuple(q for q in quads if not in_terms(q))
    return (
        Document("mbx", ONTOLOGY_IRI, base, "the terms: MBX's base module, what others import"),
        Document(
            "mbx-kg", KG_IRI, kg,
            "the knowledge graph: claims, recommendations, documents; imports the terms",
        ),
    )


def full_document(base: Document, result: Reasoning) -> Document:
    """The terms with every named superclass and type HermiT entails asserted (ROBOT's full).

    The header moves to its own ontology IRI (``mbx-full.owl``), so the full
    variant and the base can be loaded side by side.
    """
    import pyoxigraph as ox

    from mbx.reason import materialised

    if not result.coherent:
        problem = "inconsistent" if not result.consistent else "incoherent (unsatisfiable class)"
        raise CheckFailed(f"HermiT finds the terms {problem}", hint="run `mbx reason`")
    old, new = ox.NamedNode(ONTOLOGY_IRI), ox.NamedNode(FULL_IRI)
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    quads = []
    for quad in materialised(list(base.quads), result, indirect=True):
        subject = new if quad.subject == old else quad.subject
        quads.append(ox.Quad(subject, quad.predicate, quad.object, graph))
    comment = (
        "The MBX terms with every named superclass and type that HermiT entails asserted "
        "(the 'full' release variant). To reuse the terms, import https://w3id.org/mbx/mbx.owl."
    )
    quads.append(ox.Quad(new, ox.NamedNode(RDFS + "comment"), ox.Literal(comment), graph))
    return Document(
        "mbx-full", FULL_IRI, tuple(dict.fromkeys(quads)),
        "the terms with HermiT's inferences materialised (every entailed superclass and type)",
    )


def dataset_document(quads: Sequence[pyoxigraph.Quad], version: str) -> Document:
    """The whole dataset with its named graphs, plus a header in the default graph.

    The header (``https://w3id.org/mbx/mbx-dataset``) imports the two documents
    whose named graphs the file holds.
    """
    import pyoxigraph as ox

    header = ox.NamedNode(DATASET_IRI)

    def add(predicate: str, obj: pyoxigraph.NamedNode | pyoxigraph.Literal) -> pyoxigraph.Quad:
        return ox.Quad(header, ox.NamedNode(predicate), obj, ox.DefaultGraph())

    extra = [
        add(RDF_TYPE, ox.NamedNode(OWL + "Ontology")),
        add(OWL + "imports", ox.NamedNode(ONTOLOGY_IRI)),
        add(OWL + "imports", ox.NamedNode(KG_IRI)),
        add(OWL + "versionInfo", ox.Literal(version)),
        add(DCTERMS + "title", ox.Literal("Muscle-Brain Crosstalk dataset (MBX): terms and "
                                          "knowledge graph, one named graph each")),
        add(DCTERMS + "license", ox.NamedNode(CC_BY_4)),
    ]
    return Document(
        "mbx-dataset", DATASET_IRI, (*quads, *extra),
        "the whole dataset: terms and knowledge graph, one named graph each",
        DATASET_FORMATS,
    )


def stamped(document: Document, filename: str, version: str) -> list[pyoxigraph.Quad]:
    """The document's quads with ``owl:versionIRI`` naming ``filename`` in this release."""
    import pyoxigraph as ox

    header = ox.NamedNode(document.ontology)
    predicate = ox.NamedNode(OWL + "versionIRI")
    graph = next(
        (q.graph_name for q in document.quads if q.subject == header and q.predicate.value
         == RDF_TYPE), ox.DefaultGraph(),
    )
    quads = [q for q in document.quads if not (q.subject == header and q.predicate == predicate)]
    quads.append(ox.Quad(header, predicate, ox.NamedNode(version_iri(version, filename)), graph))
    return quads
