"""The one label lookup: a node's rdfs:label, else its skos:prefLabel; English first.

The rule, wherever mbx names a node for people (``mbx query --labels`` over
the embedded engine, a ``--store`` or an ``--endpoint``; the validation
report's headings): among the node's ``rdfs:label`` literals — or, when it
has none, its ``skos:prefLabel`` literals — one tagged English (``en``,
``en-GB``…) or untagged is preferred to one in another language; of equals,
the smallest value wins, so the choice never depends on the order of the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from mbx.namespaces import RDFS_LABEL, SKOS_PREF_LABEL

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

#: the label properties, in order of preference
LABEL_PROPERTIES: tuple[str, ...] = (RDFS_LABEL, SKOS_PREF_LABEL)


def best_label(candidates: Iterable[tuple[str, object]]) -> str | None:
    """The label chosen from ``(property IRI, value)`` pairs by the rule above, or None.

    Values that are not literals, and properties that are not label
    properties, are ignored.

    >>> import pyoxigraph as ox
    >>> best_label([(SKOS_PREF_LABEL, ox.Literal("b")),
    ...             (RDFS_LABEL, ox.Literal("z", language="de")),
    ...             (RDFS_LABEL, ox.Literal("y", language="en"))])
    'y'
    """
    import pyoxigraph as ox

    ranked = [
        (
            LABEL_PROPERTIES.index(prop),
            not _english_or_untagged(value.language),
            value.value,
        )
        for prop, value in candidates
        if prop in LABEL_PROPERTIES and isinstance(value, ox.Literal)
    ]
    return min(ranked)[2] if ranked else None


def _english_or_untagged(language: str | None) -> bool:
    tag = (language or "").lower()
    return tag in ("", "en") or tag.startswith("en-")


def label_in(quads: Iterable[pyoxigraph.Quad]) -> str | None:
    """The label of a node, from quads whose subject is that node."""
    return best_label((q.predicate.value, q.object) for q in quads)


def labels_in_store(store: pyoxigraph.Store, iris: Sequence[str]) -> dict[str, str]:
    """The label of each IRI that has one, from every graph of ``store``."""
    import pyoxigraph as ox

    labels = {}
    for iri in iris:
        node = ox.NamedNode(iri)
        found = label_in(
            quad
            for prop in LABEL_PROPERTIES
            for quad in store.quads_for_pattern(node, ox.NamedNode(prop), None, None)
        )
        if found is not None:
            labels[iri] = found
    return labels


def labels_query(iris: Sequence[str]) -> str:
    """A SPARQL query for the label candidates of ``iris`` (variables ``?s ?p ?l``).

    >>> print(labels_query(["https://w3id.org/mbx/bdnf"]))  # doctest: +NORMALIZE_WHITESPACE
    SELECT ?s ?p ?l WHERE { VALUES ?s { <https://w3id.org/mbx/bdnf> }
    VALUES ?p { <http://www.w3.org/2000/01/rdf-schema#label>
    <http://www.w3.org/2004/02/skos/core#prefLabel> } ?s ?p ?l }
    """
    nodes = " ".join(f"<{iri}>" for iri in iris)
    props = " ".join(f"<{prop}>" for prop in LABEL_PROPERTIES)
    return f"SELECT ?s ?p ?l WHERE {{ VALUES ?s {{ {nodes} }} VALUES ?p {{ {props} }} ?s ?p ?l }}"


def labels_from_rows(rows: Iterable[Sequence[object]]) -> dict[str, str]:
    """The label of each subject from the ``(?s, ?p, ?l)`` rows of :func:`labels_query`."""
    import pyoxigraph as ox

    candidates: dict[str, list[tuple[str, object]]] = {}
    for s, p, label in rows:
        if isinstance(s, ox.NamedNode) and isinstance(p, ox.NamedNode):
            candidates.setdefault(s.value, []).append((p.value, label))
    found = {iri: best_label(pairs) for iri, pairs in candidates.items()}
    return {iri: label for iri, label in found.items() if label is not None}
