"""Canonical Turtle and TriG: rdflib's longturtle writer, corrected, or pyoxigraph's exact one."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mbx.namespaces import RDF_REST, XSD

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

#: Turtle's literal shorthands and the lexical forms each one can carry unchanged
_SHORTHAND = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    XSD + "boolean": re.compile(r"true|false"),
}


def turtle_bytes(
    quads: Sequence[pyoxigraph.Quad],
    prefixes: Mapping[str, str] | None = None,
    shared: frozenset[str] = frozenset(),
) -> bytes:
    """The canonical Turtle of the union of ``quads`` by rdflib's ``longturtle``, made faithful.

    Corrections to rdflib's serializer: no invented ``ns1:`` prefixes; a
    literal keeps its exact lexical form (rdflib writes ``"1e0"^^xsd:double``
    as ``1e+00`` and ``"1"^^xsd:boolean`` as ``1``, an integer); objects are
    sorted by a total order, so values that compare equal (``1`` and ``1e0``)
    cannot swap between runs; only a plain chain of unshared blank nodes is
    folded into ``( … )`` (rdflib would also fold IRI nodes and shared tails,
    and loops on an ``rdf:rest`` cycle). Blank nodes whose labels are in
    ``shared`` (used by several graphs of a TriG document, or naming one) get
    a label instead of being written inline. The caller
    (:func:`mbx.export.serialize.serialize_quads`) still checks the result.
    """
    import io

    from rdflib import RDF, BNode, Literal
    from rdflib.plugins.serializers.longturtle import LongTurtleSerializer

    from mbx.terms import to_rdflib_graph

    shared_nodes = frozenset(BNode(label) for label in shared)
    base: Any = LongTurtleSerializer

    class _Faithful(base):  # type: ignore[misc]
        def startDocument(self) -> None:
            """``@prefix`` declarations (older OWL API versions cannot read ``PREFIX``)."""
            self._started = True
            if self.base:
                self.write(f"@base <{self.base}> .\n")
            namespaces = sorted(self.namespaces.items())
            for prefix, namespace in namespaces:
                self.write(f"@prefix {prefix}: <{namespace}> .\n")
            if namespaces and self._spacious:
                self.write("\n")

        def reset(self) -> None:
            super().reset()
            self._pnames: dict[Any, Any] = {}

        def get_pname(self, uri: Any, gen_prefix: bool = True) -> Any:
            """rdflib's, never inventing a prefix; remembered (asked ~20 times per IRI)."""
            if uri not in self._pnames:
                self._pnames[uri] = super().get_pname(uri, False)
            return self._pnames[uri]

        def label(self, node: Any, position: Any) -> Any:
            written = super().label(node, position)
            if isinstance(node, Literal) and str(node.datatype) in _SHORTHAND:
                lexical = str(node)
                if written != lexical or not _SHORTHAND[str(node.datatype)].fullmatch(lexical):
                    # the shorthand would change the term: write "lexical"^^datatype
                    return node._literal_n3(
                        use_plain=False, qname_callback=lambda dt: self.get_pname(dt, False)
                    )
            return written

        def sortProperties(self, properties: Any) -> Any:
            for objects in properties.values():
                objects.sort(key=lambda node: (type(node).__name__, node.n3()))
                objects.sort()  # rdflib's order; ties keep the total order above
            return super().sortProperties(properties)

        def isValidList(self, node: Any) -> bool:
            """A ``( … )`` collection only for a chain of unshared blank nodes ending in nil."""
            seen = set()
            current = node
            while current != RDF.nil:
                if (
                    not isinstance(current, BNode)  # an IRI list node would become blank
                    or current in seen  # a cycle: rdflib's own check would never return
                    or current in shared_nodes
                    or self._references[current] > 1  # folding cuts the other links
                    or len(list(self.store.objects(current, RDF.first))) != 1
                    or len(list(self.store.objects(current, RDF.rest))) != 1
                ):
                    return False
                seen.add(current)
                current = self.store.value(current, RDF.rest)
            return bool(seen) and super().isValidList(node)

        def preprocessTriple(self, triple: Any) -> None:
            super().preprocessTriple(triple)
            for node in (triple[0], triple[2]):
                if node in shared_nodes:  # referenced from another graph: labelled, never inline
                    self._references[node] += 2

    buffer = io.BytesIO()
    _Faithful(to_rdflib_graph(quads, prefixes)).serialize(buffer, encoding="utf-8")
    return buffer.getvalue()


def inline_depth(quads: Sequence[pyoxigraph.Quad]) -> int:
    """How deep rdflib's writer would nest ``[ … ]``: the longest chain of blank nodes each
    the object of exactly one triple (list links, written in a loop, do not count).

    >>> import pyoxigraph as ox
    >>> a, b, c = ox.BlankNode("a"), ox.BlankNode("b"), ox.BlankNode("c")
    >>> p = ox.NamedNode("http://ex/p")
    >>> s = ox.NamedNode("http://ex/s")
    >>> inline_depth([ox.Quad(s, p, a), ox.Quad(a, p, b), ox.Quad(b, p, c)])
    3
    """
    import pyoxigraph as ox

    rest = ox.NamedNode(RDF_REST)
    parents: dict[Any, Any] = {}
    uses: dict[Any, int] = {}
    for quad in quads:
        if isinstance(quad.object, ox.BlankNode):
            uses[quad.object] = uses.get(quad.object, 0) + 1
            if quad.predicate != rest:
                parents[quad.object] = quad.subject
    depth: dict[Any, int] = {}
    deepest = 0
    for node in parents:
        chain: list[Any] = []
        on_chain: set[Any] = set()
        current = node
        while current in parents and current not in depth and uses.get(current) == 1:
            if current in on_chain:  # a cycle of blank nodes is labelled, not nested
                break
            chain.append(current)
            on_chain.add(current)
            current = parents[current]
        level = depth.get(current, 0)
        for item in reversed(chain):
            level += 1
            depth[item] = level
        deepest = max(deepest, level)
    return deepest


def trig_bytes(quads: Sequence[pyoxigraph.Quad], prefixes: Mapping[str, str] | None) -> bytes:
    """TriG built from the canonical Turtle of each graph: default graph first, then by name."""
    import pyoxigraph as ox

    by_graph: dict[str, list[pyoxigraph.Quad]] = {}
    graphs_of: dict[str, set[str]] = {}  # blank node -> the graphs it occurs in
    for quad in quads:
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
        by_graph.setdefault(name, []).append(quad)
        # naming a graph is a use too: such a node is labelled wherever else it occurs
        uses = ((quad.subject, name), (quad.object, name), (quad.graph_name, " graph name"))
        for term, where in uses:
            if isinstance(term, ox.BlankNode):
                graphs_of.setdefault(term.value, set()).add(where)
    # TriG blank-node labels are document-wide: a node in two graphs must keep its label
    shared = frozenset(node for node, names in graphs_of.items() if len(names) > 1)
    declarations: set[bytes] = set()
    blocks: list[bytes] = []
    for name in sorted(by_graph):
        lines = turtle_bytes(by_graph[name], prefixes, shared).split(b"\n")
        start = 0  # the @prefix lines open the document; literals below stay untouched
        while start < len(lines) and lines[start].startswith(b"@prefix "):
            declarations.add(lines[start])
            start += 1
        body = b"\n".join(lines[start:]).strip(b"\n")
        blocks.append((name.encode() + b" {" if name else b"{") + b"\n" + body + b"\n}\n")
    head = b"".join(line + b"\n" for line in sorted(declarations))
    return head + b"\n" + b"\n".join(blocks)


def plain_bytes(
    quads: Sequence[pyoxigraph.Quad],
    rdf_format: pyoxigraph.RdfFormat,
    prefixes: Mapping[str, str] | None,
) -> bytes:
    """pyoxigraph's Turtle/TriG of ``quads``: exact, sorted, prefixes in a fixed order."""
    import pyoxigraph as ox

    from mbx.namespaces import prefix_map

    items: list[Any] = sorted(quads, key=str)
    if not rdf_format.supports_datasets:
        items = [q.triple for q in items]
    data = ox.serialize(items, format=rdf_format, prefixes=prefix_map(prefixes)) or b""
    lines = data.split(b"\n")
    start = 0
    while start < len(lines) and lines[start].startswith(b"@prefix "):
        start += 1
    head = b"".join(line + b"\n" for line in sorted(lines[:start]))
    return head + b"\n" + b"\n".join(lines[start:]).strip(b"\n") + b"\n"
