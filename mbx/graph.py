"""Load the MBX graph: the bundled dataset plus the user's own files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mbx.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph
    import rdflib


def load_quads(
    inputs: Sequence[str] = (),
    *,
    bundled: bool = True,
    input_format: str | None = None,
    prefixes: dict[str, str] | None = None,
    preread: Mapping[str, bytes] | None = None,
    part: str = "all",
) -> list[pyoxigraph.Quad]:
    """The quads of the bundled dataset (unless ``bundled`` is false) and of ``inputs``.

    ``inputs`` are paths or ``-`` (standard input); their format is guessed
    from the extension unless ``input_format`` is given. Triples of
    triple-only files land in the default graph. If ``prefixes`` is given,
    the prefixes the input files declare are added to it. ``preread`` gives
    the content of sources already read (standard input read ahead of time).
    ``part`` selects part of the bundled dataset: ``ontology``, ``claims`` or ``all``.
    """
    from mbx.bundle import bundled_quads
    from mbx.rdfio import input_format as choose_input_format
    from mbx.rdfio import parse_quads

    if list(inputs).count("-") > 1:
        raise UsageError("standard input can be read only once: give - as one input only")
    quads = bundled_quads(part=part) if bundled else []
    for source in inputs:
        fmt = choose_input_format(source, input_format)
        data = preread.get(source) if preread else None
        quads.extend(parse_quads(source, fmt, data=data, prefixes=prefixes))
    return list(dict.fromkeys(quads))


def to_dataset(
    quads: Sequence[pyoxigraph.Quad], prefixes: dict[str, str] | None = None
) -> rdflib.Dataset:
    """An rdflib Dataset holding ``quads``, with the MBX prefixes (and ``prefixes``) bound."""
    from rdflib import Dataset
    from rdflib.namespace import NamespaceManager

    from mbx.namespaces import bind_all
    from mbx.rdfio import add_to_dataset

    dataset = Dataset()
    dataset.namespace_manager = NamespaceManager(dataset, bind_namespaces="none")
    bind_all(dataset, prefixes)
    add_to_dataset(dataset, quads)
    return dataset


def to_graph(
    quads: Sequence[pyoxigraph.Quad], prefixes: dict[str, str] | None = None
) -> rdflib.Graph:
    """An rdflib Graph holding the union of ``quads`` (graph names dropped)."""
    from rdflib import Graph

    from mbx.namespaces import bind_all
    from mbx.rdfio import to_rdflib_term

    graph = Graph(bind_namespaces="none")
    bind_all(graph, prefixes)
    for quad in quads:
        graph.add(
            (
                to_rdflib_term(quad.subject),
                to_rdflib_term(quad.predicate),
                to_rdflib_term(quad.object),
            )
        )
    return graph


def load_dataset(inputs: Sequence[str] = (), *, bundled: bool = True) -> rdflib.Dataset:
    """The bundled dataset plus ``inputs`` as an rdflib Dataset."""
    return to_dataset(load_quads(inputs, bundled=bundled))


def load_graph(inputs: Sequence[str] = (), *, bundled: bool = True) -> rdflib.Graph:
    """The union of the bundled dataset and ``inputs`` as an rdflib Graph."""
    return to_graph(load_quads(inputs, bundled=bundled))
