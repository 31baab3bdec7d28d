"""pyoxigraph <-> rdflib term conversion, used only where a library needs rdflib.

mbx holds RDF as pyoxigraph terms and quads. rdflib appears at two edges
only: pySHACL's input and output (mbx.shacl.runner) and rdflib's readable
Turtle writer (mbx.export.turtle); tests also compare with rdflib.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from mbx.errors import InputError
from mbx.namespaces import XML, XSD_STRING, prefix_map

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph
    import rdflib


@lru_cache(maxsize=1)
def _quiet_rdflib_literals() -> None:
    """rdflib logs a traceback for every ill-typed literal ("abc"^^xsd:integer): legal RDF."""
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)


def to_rdflib_term(term: object) -> rdflib.term.Node:
    """Convert one pyoxigraph term to rdflib (xsd:string literals become plain).

    Literals keep their lexical form exactly (``normalize=False``): rdflib
    would otherwise turn ``"01"^^xsd:integer`` into ``"1"`` and merge it with
    another triple.

    >>> import pyoxigraph as ox
    >>> from mbx.namespaces import XSD
    >>> str(to_rdflib_term(ox.Literal("01", datatype=ox.NamedNode(XSD + "integer"))))
    '01'
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        _quiet_rdflib_literals()
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value, normalize=False)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise InputError(f"unsupported RDF term {term!r} (RDF 1.2 triple terms are not supported)")


def from_rdflib_term(
    node: object,
) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
    """Convert one rdflib term to pyoxigraph (blank nodes keep their identifiers).

    >>> from rdflib import Literal
    >>> from_rdflib_term(Literal("a", lang="en"))
    <Literal value=a language=en>
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def from_rdflib_graph(graph: rdflib.Graph) -> list[pyoxigraph.Quad]:
    """The triples of an rdflib graph as pyoxigraph quads in the default graph."""
    import pyoxigraph as ox

    return [
        ox.Quad(from_rdflib_term(s), from_rdflib_term(p), from_rdflib_term(o))  # type: ignore[arg-type]
        for s, p, o in graph
    ]


def bind_prefixes(graph: rdflib.Graph, extra: Mapping[str, str] | None = None) -> None:
    """Bind mbx's prefix map (and the usable ``extra`` ones) on ``graph``, replacing rdflib's."""
    graph.bind("xml", XML, override=True, replace=True)
    for prefix, namespace in prefix_map(extra).items():
        graph.bind(prefix, namespace, override=True, replace=True)


def to_rdflib_graph(
    quads: Iterable[pyoxigraph.Quad], prefixes: Mapping[str, str] | None = None
) -> rdflib.Graph:
    """An rdflib Graph holding the union of ``quads`` (graph names dropped), prefixes bound."""
    from rdflib import Graph

    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph, prefixes)
    for quad in quads:
        graph.add(
            (
                to_rdflib_term(quad.subject),
                to_rdflib_term(quad.predicate),
                to_rdflib_term(quad.object),
            )
        )
    return graph


def to_rdflib_dataset(
    quads: Iterable[pyoxigraph.Quad], prefixes: Mapping[str, str] | None = None
) -> rdflib.Dataset:
    """An rdflib Dataset holding ``quads`` with their graphs, prefixes bound."""
    from rdflib import Dataset
    from rdflib.namespace import NamespaceManager

    dataset = Dataset()
    dataset.namespace_manager = NamespaceManager(dataset, bind_namespaces="none")
    bind_prefixes(dataset, prefixes)
    add_to_dataset(dataset, quads)
    return dataset


def add_to_dataset(
    dataset: rdflib.Dataset, quads: Iterable[pyoxigraph.Quad], *, bnode_prefix: str = ""
) -> None:
    """Add pyoxigraph quads to an rdflib Dataset, keeping their graphs."""
    import pyoxigraph as ox
    from rdflib import BNode, URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    graphs: dict[str, rdflib.Graph] = {}

    def convert(term: object) -> rdflib.term.Node:
        if bnode_prefix and isinstance(term, ox.BlankNode):
            return BNode(bnode_prefix + term.value)
        return to_rdflib_term(term)

    for quad in quads:
        g = quad.graph_name
        key = "" if isinstance(g, ox.DefaultGraph) else str(g)
        graph = graphs.get(key)
        if graph is None:
            if isinstance(g, ox.DefaultGraph):
                ident: rdflib.term.IdentifiedNode = DATASET_DEFAULT_GRAPH_ID
            elif isinstance(g, ox.BlankNode):
                ident = BNode(bnode_prefix + g.value)
            else:
                ident = URIRef(g.value)
            graph = dataset.graph(ident) if key else dataset.default_graph
            graphs[key] = graph
        graph.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))  # type: ignore[arg-type]
