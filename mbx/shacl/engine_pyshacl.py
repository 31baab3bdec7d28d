"""pySHACL run the way mbx runs it, its report read back as engine results (the fallback).

The data graph is one rdflib Graph holding the ontology and the data (graph
names dropped, literals kept exactly), SPARQL queries are parsed once per
text (mbx's caching graph), and pySHACL runs with ``advanced=True,
inference='none'``: the same call as ``mbx validate``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from mbx.namespaces import XML
from mbx.shacl.engine_eval import Result
from mbx.shacl.engine_literals import to_rdflib
from mbx.shacl.engine_terms import SH, Term

_FIELDS = {
    "focusNode": "focus",
    "resultPath": "path",
    "value": "value",
    "sourceConstraintComponent": "component",
    "sourceShape": "shape",
    "resultSeverity": "severity",
    "sourceConstraint": "source_constraint",
}


def from_rdflib(node: Any) -> Term:
    """An rdflib term as a pyoxigraph term."""
    from mbx.terms import from_rdflib_term

    return from_rdflib_term(node)


@lru_cache(maxsize=256)
def prepared_query(text: str) -> Any:
    """The parsed form of a SPARQL query text (parsed once per process)."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def caching_graph() -> Any:
    """An rdflib Graph that parses each SPARQL query text once.

    pySHACL runs a SHACL-SPARQL constraint once per focus node with the same
    query text; rdflib would parse it every time (most of the run time).
    """
    from rdflib import Graph

    class _CachingGraph(Graph):  # type: ignore[misc]
        def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(query_object, str) and not kwargs.get("initNs"):
                query_object = prepared_query(query_object)
            return super().query(query_object, *args, **kwargs)

    return _CachingGraph(bind_namespaces="none")


def _graph(namespaces: dict[str, str]) -> Any:
    graph = caching_graph()
    graph.bind("xml", XML, override=True, replace=True)
    for prefix, namespace in namespaces.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def run_pyshacl(
    data: Iterable[Any],
    shapes: Iterable[Any],
    ontology: Iterable[Any] = (),
    *,
    allow_warnings: bool = False,
    allow_infos: bool = False,
    namespaces: dict[str, str] | None = None,
) -> tuple[bool, list[Result], Any]:
    """pySHACL on quads: (conforms, results, the rdflib report graph). pySHACL's errors escape."""
    import logging

    import pyshacl
    from pyshacl.rdfutil.stringify import stringify_blank_node

    # pySHACL caches blank-node strings by id(graph); graphs of an earlier run may have
    # left entries under ids that new graphs reuse (stale text in messages)
    stringify_blank_node.dict_cache.clear()  # type: ignore[attr-defined]
    namespaces = namespaces or {}
    target = _graph(namespaces)
    for quads in (ontology, data):
        for q in quads:
            target.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    shapes_graph = _graph(namespaces)
    for q in shapes:
        shapes_graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    log = logging.getLogger("pyshacl-validate")
    was_disabled, log.disabled = log.disabled, True
    try:
        conforms, report, _text = pyshacl.validate(
            target,
            shacl_graph=shapes_graph,
            inference="none",
            advanced=True,
            inplace=True,
            allow_warnings=allow_warnings,
            allow_infos=allow_infos,
        )
    finally:
        log.disabled = was_disabled
    from rdflib import Graph

    if not isinstance(report, Graph):
        raise RuntimeError(f"pySHACL gave no report: {report!r}")
    return bool(conforms), read_report(report), report


def read_report(report: Any) -> list[Result]:
    """The results of a SHACL report graph (rdflib), sh:detail included."""
    from rdflib import URIRef

    def read(node: Any) -> Result:
        fields: dict[str, Any] = {}
        for name, attr in _FIELDS.items():
            value = report.value(node, URIRef(SH + name))
            fields[attr] = from_rdflib(value) if value is not None else None
        messages = tuple(
            sorted(
                (from_rdflib(m) for m in report.objects(node, URIRef(SH + "resultMessage"))),
                key=str,
            )
        )
        details = tuple(read(d) for d in report.objects(node, URIRef(SH + "detail")))
        return Result(messages=messages, details=details, **fields)

    return [read(node) for node in report.objects(None, URIRef(SH + "result"))]
