"""Flat, sorted RDF/XML written by pyoxigraph; refuses what RDF/XML cannot carry."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import IO

from mbx.errors import OutputError

#: characters XML 1.0 cannot carry, even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

#: the XML name an RDF/XML predicate element needs at the end of its IRI
_XML_LOCAL_NAME = re.compile(r"[A-Za-z_\u00c0-\uffff][A-Za-z0-9_.\-\u00b7\u00c0-\uffff]*$")

_OTHER_FORMATS = "export it as Turtle, N-Triples, N-Quads, TriG or JSON-LD"


def write_rdfxml(
    lines: Sequence[bytes], out: IO[bytes], prefixes: Mapping[str, str] | None = None
) -> None:
    """Flat RDF/XML (one ``rdf:Description`` per subject, sorted) written by pyoxigraph.

    ``lines`` are sorted canonical N-Triples. pyoxigraph never drops a triple
    (rdflib's ``pretty-xml`` skips assertions on list nodes, with a warning)
    and, given sorted triples, writes the same bytes every time. Namespaces
    whose local names cannot be XML element names (``IAO:0000115``) are
    declared where they are used.
    """
    import pyoxigraph as ox

    from mbx.namespaces import prefix_map

    text = b"\n".join(lines) + b"\n" if lines else b""
    parsed = ox.parse(text, format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False)
    triples = [quad.triple for quad in parsed]
    for predicate in sorted({t.predicate.value for t in triples}):
        name = _XML_LOCAL_NAME.search(predicate)
        if name is None or name.start() == 0:
            raise OutputError(
                f"RDF/XML cannot write the predicate <{predicate}>: it does not end in an XML "
                "name (a letter or _ followed by letters, digits, '.', '-', '_')",
                hint=_OTHER_FORMATS,
            )
    for triple in triples:
        if isinstance(triple.object, ox.Literal) and _NOT_XML.search(triple.object.value):
            raise OutputError(
                "RDF/XML cannot write a literal with control characters XML 1.0 forbids "
                f"(object of {triple.subject} {triple.predicate})",
                hint=_OTHER_FORMATS,
            )
    # XML reserves every name that starts with "xml" (xml:, xmlns:): such a prefix
    # declared in the input would make the document invalid
    usable = {p: ns for p, ns in prefix_map(prefixes).items() if not p.lower().startswith("xml")}
    try:
        data = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=usable) or b""
    except (OSError, ValueError) as exc:  # e.g. rdf:Description used as a predicate
        raise OutputError(f"RDF/XML cannot carry this data ({exc})", hint=_OTHER_FORMATS) from None
    out.write(data if data.endswith(b"\n") else data + b"\n")
