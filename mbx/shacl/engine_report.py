"""The SHACL validation report graph of an engine run, as pySHACL 0.40 writes it (as quads).

One ``sh:ValidationReport`` with ``sh:conforms`` and a ``sh:ValidationResult``
per result (``sh:detail`` for the results of a failed ``sh:node``). Like
pySHACL, blank nodes among the shapes, paths and source constraints (from the
shapes graph) and among the focus nodes and values (from the data) are copied
into the report with the triples they lead to: the copied node keeps its
identifier, the blank nodes under it get new ones, lists stay lists, literals
under it are written in rdflib's normal form, and the copy stops ten levels
down (pySHACL's ``clone_blank_node``). The same report graph, up to blank
node identifiers, as ``mbx.terms.from_rdflib_graph`` of pySHACL's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from mbx.shacl.engine_eval import Result
from mbx.shacl.engine_terms import RDF_FIRST, RDF_NIL, RDF_REST, RDF_TYPE, SH, XSD, XSD_STRING, Term

_MAX_DEPTH = 10
_CANONICAL = {
    XSD + "integer": re.compile(r"0|-?[1-9][0-9]*"),
    XSD + "boolean": re.compile(r"true|false"),
    XSD + "decimal": re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+"),
}


class _Source:
    """Outgoing edges of a graph's blank nodes (shapes: quads; data: quads or a Store)."""

    def __init__(self, graph: Any) -> None:
        import pyoxigraph as ox

        self.store = graph if isinstance(graph, ox.Store) else None
        self.edges: dict[Term, list[tuple[Term, Term]]] = {}
        if self.store is None:
            for q in graph:
                if isinstance(q.subject, ox.BlankNode):
                    self.edges.setdefault(q.subject, []).append((q.predicate, q.object))

    def out(self, node: Term) -> list[tuple[Term, Term]]:
        if self.store is not None:
            return [(q.predicate, q.object) for q in self.store.quads_for_pattern(node, None, None)]
        return self.edges.get(node, [])


def _normal_form(literal: Any) -> Any:
    """The literal as ``rdflib.Literal(lexical, lang, datatype)`` writes it (normalize=True)."""
    import pyoxigraph as ox

    if literal.language or literal.datatype.value == XSD_STRING:
        return literal
    pattern = _CANONICAL.get(literal.datatype.value)
    if pattern is not None and pattern.fullmatch(literal.value):
        return literal
    import logging
    import warnings

    from rdflib import Literal, URIRef

    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = str(Literal(literal.value, datatype=URIRef(literal.datatype.value)))
    return ox.Literal(text, datatype=literal.datatype)


def report_quads(report: Any, data: Any = None) -> list[Any]:
    """``report`` as the quads of pySHACL's report graph (``data``: what was validated)."""
    import pyoxigraph as ox

    shapes = _Source(report.shapes)
    source_data = _Source(data if data is not None else [])
    out: list[tuple[Term, Term, Term]] = []
    cloned: dict[tuple[int, Term], Term] = {}

    def n(name: str) -> Any:
        return ox.NamedNode(SH + name)

    def items(source: _Source, head: Term) -> list[Term]:
        found, seen, node = [], set(), head
        while isinstance(node, ox.BlankNode | ox.NamedNode) and node.value != RDF_NIL:
            if node in seen:
                break
            seen.add(node)
            edges = source.out(node)
            first = [o for p, o in edges if p.value == RDF_FIRST]
            if not first:
                break
            found.append(first[0])
            rest = [o for p, o in edges if p.value == RDF_REST]
            node = rest[0] if rest else None
        return found

    def clone_node(source: _Source, node: Term, depth: int) -> Term:
        if isinstance(node, ox.Literal):
            return _normal_form(node)
        if isinstance(node, ox.BlankNode):
            return clone_blank(source, node, False, depth + 1)
        return node

    def clone_blank(source: _Source, node: Term, keep: bool, depth: int) -> Term:
        copy = node if keep else ox.BlankNode()
        if depth >= _MAX_DEPTH:
            return copy
        edges = source.out(node)
        if not edges:
            return copy
        if any(p.value == RDF_FIRST for p, _o in edges):
            members = [clone_node(source, m, depth + 1) for m in items(source, node)]
            cell = copy
            for i, member in enumerate(members):
                out.append((cell, ox.NamedNode(RDF_FIRST), member))
                following = ox.BlankNode() if i + 1 < len(members) else ox.NamedNode(RDF_NIL)
                out.append((cell, ox.NamedNode(RDF_REST), following))
                cell = following
            return copy
        for p, o in edges:
            out.append((copy, p, clone_node(source, o, depth + 1)))
        return copy

    def top(source: _Source, node: Term) -> Term:
        if not isinstance(node, ox.BlankNode):
            return node
        key = (id(source), node)
        if key not in cloned:
            cloned[key] = clone_blank(source, node, True, 0)
        return cloned[key]

    def add(result: Result) -> Term:
        node = ox.BlankNode()
        out.append((node, ox.NamedNode(RDF_TYPE), n("ValidationResult")))
        out.append((node, n("sourceConstraintComponent"), result.component))
        out.append((node, n("sourceShape"), top(shapes, result.shape)))
        out.append((node, n("resultSeverity"), result.severity))
        out.append((node, n("focusNode"), top(source_data, result.focus)))
        if result.value is not None:
            out.append((node, n("value"), top(source_data, result.value)))
        if result.path is not None:
            out.append((node, n("resultPath"), top(shapes, result.path)))
        if result.source_constraint is not None:
            out.append((node, n("sourceConstraint"), top(shapes, result.source_constraint)))
        for message in result.messages:
            out.append((node, n("resultMessage"), message))
        for detail in result.details:
            out.append((node, n("detail"), add(detail)))
        return node

    root = ox.BlankNode()
    out.append((root, ox.NamedNode(RDF_TYPE), n("ValidationReport")))
    conforms = "true" if report.conforms else "false"
    out.append((root, n("conforms"), ox.Literal(conforms, datatype=ox.NamedNode(XSD + "boolean"))))
    for result in report.results:
        out.append((root, n("result"), add(result)))
    return [ox.Quad(s, p, o) for s, p, o in dict.fromkeys(out)]


def result_nodes(quads: Iterable[Any]) -> list[Any]:
    """The ``sh:result`` objects of a report graph."""
    return [q.object for q in quads if q.predicate.value == SH + "result"]
