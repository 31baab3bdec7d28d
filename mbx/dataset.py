"""The dataset mbx works on: the bundled quads plus the user's files, and its parts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mbx.inputs import check_stdin_once

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
    Duplicates are dropped; the order is the order of first appearance.
    """
    from mbx.bundle import bundled_quads
    from mbx.inputs import input_format as choose_input_format
    from mbx.parse import parse_quads

    check_stdin_once(data=inputs)
    quads = bundled_quads(part=part) if bundled else []
    for source in inputs:
        fmt = choose_input_format(source, input_format)
        data = preread.get(source) if preread else None
        quads.extend(parse_quads(source, fmt, data=data, prefixes=prefixes))
    return list(dict.fromkeys(quads))


def ontology_quads() -> list[pyoxigraph.Quad]:
    """The ``graph:ontology`` part of the bundled dataset (mbx.ttl + entities)."""
    import pyoxigraph as ox

    from mbx.bundle import bundled_quads
    from mbx.namespaces import ONTOLOGY_GRAPH

    name = ox.NamedNode(ONTOLOGY_GRAPH)
    return [q for q in bundled_quads() if q.graph_name == name]


def load_graph(inputs: Sequence[str] = (), *, bundled: bool = True) -> rdflib.Graph:
    """The union of the bundled dataset and ``inputs`` as an rdflib Graph (for comparisons)."""
    from mbx.terms import to_rdflib_graph

    return to_rdflib_graph(load_quads(inputs, bundled=bundled))


def load_dataset(inputs: Sequence[str] = (), *, bundled: bool = True) -> rdflib.Dataset:
    """The bundled dataset plus ``inputs`` as an rdflib Dataset (for comparisons)."""
    from mbx.terms import to_rdflib_dataset

    return to_rdflib_dataset(load_quads(inputs, bundled=bundled))
