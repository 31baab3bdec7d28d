"""One release file's bytes: a document stamped with its version IRI, in its file's format.

The three OWL documents are written as triples (their named graph is
dropped: ``.owl``, ``.ttl``, ``.jsonld``, ``.nt``); the dataset keeps its
named graphs (``.nq``, ``.trig``). JSON-LD files refer to the release's own
``context.jsonld`` by its versioned IRI instead of carrying the context inline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mbx.build.documents import DOCUMENT_FORMATS, FORMAT_OF, Document, stamped, version_iri

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

#: the JSON-LD context's file name in a release
CONTEXT_FILE = "context.jsonld"


@dataclass(frozen=True)
class RdfFile:
    """A written RDF file: its name, bytes and the exact quads it holds."""

    name: str
    data: bytes
    quads: tuple[pyoxigraph.Quad, ...]


def document_quads(document: Document, filename: str, version: str) -> list[pyoxigraph.Quad]:
    """The quads one file of ``document`` holds: triples (OWL documents) or quads (dataset)."""
    import pyoxigraph as ox

    quads = stamped(document, filename, version)
    if document.formats == DOCUMENT_FORMATS:
        quads = [ox.Quad(*q.triple) for q in quads]
    return list(dict.fromkeys(quads))


def rdf_file(document: Document, filename: str, version: str) -> RdfFile:
    """Serialize ``document`` as ``filename`` (the extension decides the format)."""
    from mbx.build.owl import ontology_rdfxml
    from mbx.export import serialize_quads
    from mbx.formats import FORMATS

    quads = document_quads(document, filename, version)
    extension = filename.rsplit(".", 1)[1]
    if extension == "owl":
        data = ontology_rdfxml(quads, document.ontology)
    else:
        data = serialize_quads(quads, FORMATS[FORMAT_OF[extension]])
        if extension == "jsonld":
            data = _with_context_reference(data, version_iri(version, CONTEXT_FILE))
    return RdfFile(filename, data, tuple(quads))


def _with_context_reference(data: bytes, context_iri: str) -> bytes:
    """The JSON-LD document with its inline context replaced by a reference to the same context.

    The document was compacted with the shipped context, and the file at
    ``context_iri`` is that context, so expanding either gives the same quads.
    """
    document = json.loads(data)
    document["@context"] = context_iri
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")
