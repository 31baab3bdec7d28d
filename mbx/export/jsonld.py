"""JSON-LD written by pyld from the exact quads, compacted with the shipped context, sorted."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mbx.errors import OutputError, one_line

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context shipped with mbx (``mbx/context.jsonld``)."""
    from mbx.resources import context_file

    context: dict[str, Any] = json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    return context


def jsonld_bytes(quads: Sequence[pyoxigraph.Quad]) -> bytes:
    """The JSON-LD document of ``quads``: compacted, arrays sorted, keys sorted."""
    document = _sorted_jsonld(_compact_jsonld(quads))
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _compact_jsonld(quads: Sequence[pyoxigraph.Quad]) -> Any:
    """JSON-LD compacted with the shipped context by pyld, from the exact quads.

    pyld's ``fromRdf`` keeps every term as it is (typed literals stay typed
    strings, blank-node cycles and blank-node graph names survive), which
    rdflib's JSON-LD writer does not; no document is ever fetched.
    """
    from pyld import jsonld  # type: ignore[import-untyped]

    def no_network(url: str, options: Any = None) -> Any:
        raise jsonld.JsonLdError(
            f"mbx never fetches JSON-LD documents ({url})", "jsonld.LoadDocumentError",
            code="loading document failed",
        )

    try:
        expanded = jsonld.from_rdf(_pyld_dataset(quads), {})
        return jsonld.compact(
            expanded, {"@context": jsonld_context()}, {"documentLoader": no_network}
        )
    except Exception as exc:  # pyld fails on what JSON-LD cannot say (<mbx:x>, bad rdf:JSON)
        reason = one_line(exc, 160) or type(exc).__name__
        raise OutputError(
            f"JSON-LD cannot carry this data ({reason})", hint="export it as N-Quads or TriG"
        ) from None


def _pyld_dataset(quads: Sequence[pyoxigraph.Quad]) -> dict[str, list[dict[str, Any]]]:
    """The quads in pyld's own RDF dataset form, term by term.

    Handed over as N-Quads text, literals with escapes (``\\u0001``) or line
    separators (U+2028) would be misread by pyld's N-Quads parser.
    """
    import pyoxigraph as ox

    def term(node: Any) -> dict[str, str]:
        if isinstance(node, ox.NamedNode):
            return {"type": "IRI", "value": node.value}
        if isinstance(node, ox.BlankNode):
            return {"type": "blank node", "value": f"_:{node.value}"}
        literal: dict[str, str] = {
            "type": "literal", "value": node.value, "datatype": node.datatype.value
        }
        if node.language:
            literal["language"] = node.language
        return literal

    dataset: dict[str, list[dict[str, Any]]] = {"@default": []}
    for quad in quads:
        graph = quad.graph_name
        key = (
            "@default" if isinstance(graph, ox.DefaultGraph)
            else f"_:{graph.value}" if isinstance(graph, ox.BlankNode)
            else graph.value
        )
        dataset.setdefault(key, []).append(
            {"subject": term(quad.subject), "predicate": term(quad.predicate),
             "object": term(quad.object)}
        )
    return dataset


def _sorted_jsonld(node: Any, key: str = "") -> Any:
    """A JSON-LD document with its unordered arrays sorted (``@list`` keeps its order).

    The JSON-LD writer's node and value order is not specified; in JSON-LD
    only ``@list`` is ordered, so sorting every other array changes nothing
    but the bytes.
    """
    if isinstance(node, dict):
        return {k: v if k == "@context" else _sorted_jsonld(v, k) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sorted_jsonld(item) for item in node]
        if key == "@list":
            return items
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return node
