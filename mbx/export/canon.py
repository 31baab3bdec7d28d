"""Canonical blank-node labels (RDFC-1.0), so that equal graphs serialize to equal bytes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph


def has_blank_nodes(quads: Sequence[pyoxigraph.Quad]) -> bool:
    """Whether any subject, object or graph name of ``quads`` is a blank node."""
    import pyoxigraph as ox

    return any(
        isinstance(term, ox.BlankNode)
        for quad in quads
        for term in (quad.subject, quad.object, quad.graph_name)
    )


def canonical_blank_nodes(quads: Sequence[pyoxigraph.Quad]) -> list[pyoxigraph.Quad]:
    """``quads`` with blank nodes relabelled by RDFC-1.0, so equal graphs serialize equally."""
    import pyoxigraph as ox

    if not has_blank_nodes(quads):
        return list(quads)
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return list(dataset)


def canonical_lines(quads: Sequence[pyoxigraph.Quad]) -> set[str]:
    """The quads as N-Quads lines after canonical relabelling: equal iff the data is equal."""
    return {str(quad) for quad in canonical_blank_nodes(quads)}


def same_quads(quads: Sequence[pyoxigraph.Quad], data: bytes, fmt: pyoxigraph.RdfFormat) -> bool:
    """Whether ``data`` parses back to ``quads`` (up to blank-node labels): never lose data."""
    import pyoxigraph as ox

    try:
        back = list(ox.parse(data, format=fmt))
    except (SyntaxError, ValueError):
        return False
    return len(back) == len(quads) and canonical_lines(back) == canonical_lines(quads)
