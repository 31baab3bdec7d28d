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


def canonical_blank_nodes(quads: Sequence[pyoxigraph.Quad]) -> list[pyoxigraph.Quad]:
    """``quads`` with blank nodes relabelled by RDFC-1.0, so equal graphs serialize equally."""
    import pyoxigraph as ox

    if not any(
        isinstance(term, ox.BlankNode)
        for quad in quads
        for term in (quad.subject, quad.object, quad.graph_name)
    ):
        return list(quads)
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return list(dataset)


def serialize_quads(
    quads: Sequence[pyoxigraph.Quad], fmt: RdfFormat, prefixes: dict[str, str] | None = None
) -> bytes:
    """Serialize ``quads`` in ``fmt``.

    Turtle, N-Triples and RDF/XML carry the union of all graphs; N-Quads,
    TriG and JSON-LD keep the named graphs. Blank nodes are relabelled
    canonically and lines or subjects sorted, so the same quads always give
    the same Turtle, N-Triples and N-Quads bytes. ``prefixes`` adds prefixes
    (for example those of the user's input files) to the MBX prefix map;
    Turtle and TriG never invent a prefix (``ns1:``) for other namespaces.
    """
    import pyoxigraph as ox

    quads = canonical_blank_nodes(quads)
    if fmt.name in ("ntriples", "nquads"):
        if fmt.name == "ntriples":
            items: list[Any] = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        else:
            items = quads
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
        return _rdflib_bytes(to_dataset(quads, prefixes), fmt.name)
    return _rdflib_bytes(to_graph(quads, prefixes), fmt.name)


def _rdflib_bytes(graph: Any, name: str) -> bytes:
    """rdflib's serialization of ``graph`` in format ``name`` as UTF-8 bytes."""
    import io

    from mbx.formats import FORMATS

    if name not in ("turtle", "trig"):
        data = graph.serialize(format=FORMATS[name].rdflib_name, encoding="utf-8")
        return data if isinstance(data, bytes) else data.encode("utf-8")
    from rdflib.plugins.serializers.longturtle import LongTurtleSerializer
    from rdflib.plugins.serializers.trig import TrigSerializer

    base: Any = LongTurtleSerializer if name == "turtle" else TrigSerializer

    class _NoInventedPrefixes(base):  # type: ignore[misc]
        """Full IRIs, not ``ns1:``, for namespaces without a declared prefix."""

        def get_pname(self, uri: Any, gen_prefix: bool = True) -> Any:
            return super().get_pname(uri, False)

    buffer = io.BytesIO()
    _NoInventedPrefixes(graph).serialize(buffer, encoding="utf-8")
    return buffer.getvalue()


def canonical_turtle(path_or_data: str | bytes) -> bytes:
    """The canonical Turtle form of a Turtle file's content (used by ``mbx normalize``)."""
    from mbx.formats import FORMATS
    from mbx.rdfio import parse_quads

    data = path_or_data if isinstance(path_or_data, bytes) else None
    source = "<data>" if isinstance(path_or_data, bytes) else path_or_data
    quads = parse_quads(source, FORMATS["turtle"], data=data, base_iri="https://w3id.org/mbx/")
    return serialize_quads(quads, FORMATS["turtle"])
