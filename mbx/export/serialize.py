"""Serialize quads in any RDF format, deterministically, checking that nothing is lost."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mbx.errors import OutputError
from mbx.formats import RdfFormat

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph


#: blank nodes nested deeper than this are written by pyoxigraph's flat writer (labels),
#: not inline by rdflib's recursive one (which fails at ~250 on Python's recursion limit)
MAX_INLINE_DEPTH = 64


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(data.splitlines()))
    return b"".join(line + b"\n" for line in lines if line.strip())


def serialize_quads(
    quads: Sequence[pyoxigraph.Quad],
    fmt: RdfFormat,
    prefixes: Mapping[str, str] | None = None,
) -> bytes:
    """Serialize ``quads`` in ``fmt``.

    Turtle, N-Triples and RDF/XML carry the union of all graphs; N-Quads,
    TriG and JSON-LD keep the named graphs. Blank nodes are relabelled
    canonically and lines, subjects, graphs and JSON-LD arrays sorted, so the
    same quads always give the same bytes, in every format. ``prefixes`` adds prefixes
    (for example those of the user's input files) to the MBX prefix map;
    Turtle and TriG never invent a prefix (``ns1:``) for other namespaces.
    Turtle, TriG and JSON-LD are parsed back and compared before they are
    returned: what a format cannot carry is refused (:class:`OutputError`), never lost.
    """
    import pyoxigraph as ox

    from mbx.export.canon import canonical_blank_nodes, same_quads

    if not fmt.quads:  # the union first, so the labels depend on the triples alone
        quads = list(dict.fromkeys(ox.Quad(*q.triple) for q in quads))
    quads = canonical_blank_nodes(quads)
    if fmt.name == "rdfxml":
        from mbx.export.rdfxml import rdfxml_bytes

        return rdfxml_bytes(quads, prefixes)
    if fmt.name in ("ntriples", "nquads"):
        items: list[Any] = [q.triple for q in quads] if fmt.name == "ntriples" else list(quads)
        return _sorted_lines(ox.serialize(items, format=fmt.oxigraph) or b"")
    if fmt.name == "jsonld":
        from mbx.export.jsonld import jsonld_bytes

        data = jsonld_bytes(quads)
        if not same_quads(quads, data, fmt.oxigraph):
            raise OutputError(
                "JSON-LD cannot carry this data exactly: read back, it would differ (JSON-LD "
                "folds RDF lists and re-reads rdf:JSON literals)",
                hint="export it as N-Quads or TriG",
            )
        return data
    from mbx.export.turtle import inline_depth, plain_bytes, trig_bytes, turtle_bytes

    if inline_depth(quads) > MAX_INLINE_DEPTH:  # rdflib's writer recurses per nested node
        return plain_bytes(quads, fmt.oxigraph, prefixes)
    try:
        data = trig_bytes(quads, prefixes) if fmt.name == "trig" else turtle_bytes(quads, prefixes)
    except RecursionError:  # a nesting the depth above does not see: the exact writer
        return plain_bytes(quads, fmt.oxigraph, prefixes)
    if same_quads(quads, data, fmt.oxigraph):
        return data
    # rdflib's pretty writer got it wrong (an odd list, a local name it cannot write):
    # pyoxigraph's plain writer is exact
    return plain_bytes(quads, fmt.oxigraph, prefixes)
