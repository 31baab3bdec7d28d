"""The SHACL validation report graph of an engine run, as pyoxigraph quads.

Like pySHACL's report: one sh:ValidationReport with sh:conforms and a
sh:ValidationResult per result (sh:detail for the results of a failed
sh:node), and blank nodes among the shapes, paths, focus nodes and values
copied with the triples they lead to (ten levels deep at most).
"""

from __future__ import annotations

from typing import Any

from mbx.shacl.engine_eval import Result
from mbx.shacl.engine_terms import RDF_TYPE, SH, XSD, Term

_MAX_DEPTH = 10


def report_quads(report: Any, data: Any = None) -> list[Any]:
    import pyoxigraph as ox

    def n(name: str) -> Any:
        return ox.NamedNode(SH + name)

    shapes_index: dict[Term, list[tuple[Term, Term]]] = {}
    for q in report.shapes:
        shapes_index.setdefault(q.subject, []).append((q.predicate, q.object))
    data_index: dict[Term, list[tuple[Term, Term]]] | None = None

    def data_edges(node: Term) -> list[tuple[Term, Term]]:
        nonlocal data_index
        if data is None:
            return []
        if isinstance(data, ox.Store):
            return [(q.predicate, q.object) for q in data.quads_for_pattern(node, None, None)]
        if data_index is None:
            data_index = {}
            for q in data:
                data_index.setdefault(q.subject, []).append((q.predicate, q.object))
        return data_index.get(node, [])

    out: list[tuple[Term, Term, Term]] = []
    copied: set[Term] = set()

    def copy(node: Term | None, edges: Any, depth: int = 0) -> None:
        if not isinstance(node, ox.BlankNode) or node in copied or depth >= _MAX_DEPTH:
            return
        copied.add(node)
        for p, o in sorted(set(edges(node)), key=str):
            out.append((node, p, o))
            copy(o, edges, depth + 1)

    def shape_edges(node: Term) -> list[tuple[Term, Term]]:
        return shapes_index.get(node, [])

    def add(result: Result) -> Term:
        node = ox.BlankNode()
        out.append((node, ox.NamedNode(RDF_TYPE), n("ValidationResult")))
        out.append((node, n("sourceConstraintComponent"), result.component))
        out.append((node, n("sourceShape"), result.shape))
        out.append((node, n("resultSeverity"), result.severity))
        out.append((node, n("focusNode"), result.focus))
        copy(result.shape, shape_edges)
        copy(result.focus, data_edges)
        if result.value is not None:
            out.append((node, n("value"), result.value))
            copy(result.value, data_edges)
        if result.path is not None:
            out.append((node, n("resultPath"), result.path))
            copy(result.path, shape_edges)
        if result.source_constraint is not None:
            out.append((node, n("sourceConstraint"), result.source_constraint))
            copy(result.source_constraint, shape_edges)
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
