"""RDF/XML for OWL tools: the ontology header as the root ``owl:Ontology`` element, first.

Protégé, ROBOT and the OWL API's folder mapper (``AutoIRIMapper``) find an
RDF/XML file's ontology IRI in its first ``owl:Ontology`` element, as every
OWL API-written file has it. pyoxigraph writes flat ``rdf:Description``
elements sorted by subject; this moves the header's description to the top
as a typed ``owl:Ontology`` element and checks that the file still parses
back to exactly the same triples.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from mbx.errors import OutputError
from mbx.namespaces import OWL

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

_CLOSE = "\t</rdf:Description>\n"


def ontology_rdfxml(
    quads: Sequence[pyoxigraph.Quad], ontology: str, prefixes: Mapping[str, str] | None = None
) -> bytes:
    """RDF/XML of ``quads`` (their union) whose first element is ``<owl:Ontology rdf:about=…>``."""
    import pyoxigraph as ox

    from mbx.export import serialize_quads
    from mbx.export.canon import same_quads
    from mbx.formats import FORMATS

    text = serialize_quads(quads, FORMATS["rdfxml"], prefixes).decode("utf-8")
    about = escape(ontology, {'"': "&quot;"})
    opening = f'\t<rdf:Description rdf:about="{about}">\n'
    typed = f'\t\t<rdf:type rdf:resource="{OWL}Ontology"/>\n'
    start = text.find(opening)
    end = text.find(_CLOSE, start) + len(_CLOSE) if start >= 0 else -1
    if start < 0 or typed not in text[start:end]:
        raise OutputError(f"no owl:Ontology header <{ontology}> in the document to write")
    body = text[start + len(opening) : end - len(_CLOSE)].replace(typed, "", 1)
    header = f'\t<owl:Ontology rdf:about="{about}">\n{body}\t</owl:Ontology>\n'
    root = text.index(">\n", text.index("<rdf:RDF")) + 2
    data = (text[:root] + header + text[root:start] + text[end:]).encode("utf-8")
    triples = list(dict.fromkeys(ox.Quad(*q.triple) for q in quads))
    if not same_quads(triples, data, ox.RdfFormat.RDF_XML):
        raise OutputError(f"the RDF/XML of <{ontology}> does not parse back to its triples")
    return data
