"""Serialize the MBX graph in any RDF format, deterministically."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from mbx.formats import RdfFormat

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context shipped with mbx (``mbx/context.jsonld``)."""
    text = files("mbx").joinpath("context.jsonld").read_text(encoding="utf-8")
    context: dict[str, Any] = json.loads(text)["@context"]
    return context


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(data.splitlines()))
    return b"".join(line + b"\n" for line in lines if line.strip())


def serialize_quads(
    quads: Sequence[pyoxigraph.Quad], fmt: RdfFormat, prefixes: dict[str, str] | None = None
) -> bytes:
    """Serialize ``quads`` in ``fmt``.

    Turtle, N-Triples and RDF/XML carry the union of all graphs; N-Quads,
    TriG and JSON-LD keep the named graphs. Turtle is canonical: the same
    quads always give the same bytes. ``prefixes`` adds prefixes (for example
    those of the user's input files) to the MBX prefix map.
    """
    import pyoxigraph as ox

    if fmt.name in ("ntriples", "nquads"):
        if fmt.name == "ntriples":
            items: list[Any] = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        else:
            items = list(quads)
        data = ox.serialize(items, format=getattr(ox.RdfFormat, fmt.oxigraph_name))
        return _sorted_lines(data or b"")

    from mbx.graph import to_dataset, to_graph

    if fmt.name == "jsonld":
        dataset = to_dataset(quads, prefixes)
        text = dataset.serialize(
            format="json-ld", context=jsonld_context(), indent=2, sort_keys=True
        )
        return text.encode("utf-8") if isinstance(text, str) else text
    if fmt.quads:  # trig
        return dataset_bytes(to_dataset(quads, prefixes), fmt.rdflib_name)
    return dataset_bytes(to_graph(quads, prefixes), fmt.rdflib_name)


def dataset_bytes(graph: Any, rdflib_name: str) -> bytes:
    """rdflib serialization of ``graph`` as UTF-8 bytes."""
    data = graph.serialize(format=rdflib_name, encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def canonical_turtle(path_or_data: str | bytes) -> bytes:
    """The canonical Turtle form of a Turtle file's content (used by ``mbx normalize``)."""
    from mbx.formats import FORMATS
    from mbx.rdfio import parse_quads

    data = path_or_data if isinstance(path_or_data, bytes) else None
    source = "<data>" if isinstance(path_or_data, bytes) else path_or_data
    quads = parse_quads(source, FORMATS["turtle"], data=data, base_iri="https://w3id.org/mbx/")
    return serialize_quads(quads, FORMATS["turtle"])
