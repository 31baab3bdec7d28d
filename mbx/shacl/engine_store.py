"""The store the engine queries, and the literals Oxigraph's store would rewrite.

Oxigraph stores valid numbers, booleans, dates and durations by value: it
gives back ``"5.0"^^xsd:decimal`` as ``"5"`` and ``"+01"^^xsd:int`` as
``"1"^^xsd:integer``. pySHACL (through mbx) keeps every literal as written.
So the engine loads the data into Oxigraph as usual (SPARQL values stay
right) and keeps a table from each rewritten literal back to the one it was
written as; every term read from the store goes through the table. Two
different literals that the store would merge into one (``5.0`` and
``5.00``, or a shape's ``sh:hasValue 5.0`` and the data's ``5``) cannot be
told apart any more: :class:`Unsupported` (pySHACL validates instead).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mbx.shacl.engine_terms import RDF_LANGSTRING, XSD_STRING, Term, Unsupported


@dataclass
class Filled:
    """A store filled by :func:`fill` (one graph), with the literals the store rewrote."""

    store: Any
    #: written form of each typed literal -> the predicates it is an object of
    written: dict[Term, set[str]] = field(default_factory=dict)


def fill(parts: Iterable[Iterable[Any]]) -> Filled:
    """Stream ``parts`` (iterables of quads) into a new in-memory store.

    Every quad lands in the default graph, and the typed literals are noted as
    written, so the engine can give them back as written (module documentation).
    The quads are never held as a list: a file parsed as it is read is in
    memory once, in the store.
    """
    import pyoxigraph as ox

    literal, quad = ox.Literal, ox.Quad
    filled = Filled(ox.Store())
    written = filled.written

    def quads() -> Iterable[Any]:
        for part in parts:
            for q in part:
                o = q.object
                if _typed(o, literal):
                    written.setdefault(o, set()).add(q.predicate.value)
                yield quad(q.subject, q.predicate, o)

    filled.store.bulk_extend(quads())
    return filled


@dataclass
class Loaded:
    store: Any
    #: stored form -> written form, for literals the store rewrites
    decode: dict[Term, Term] = field(default_factory=dict)
    #: predicates of triples whose object the store rewrites
    predicates: set[str] = field(default_factory=set)


def _typed(term: Any, literal_type: Any) -> bool:
    if type(term) is not literal_type or term.language:
        return False
    datatype = term.datatype.value
    return bool(datatype != XSD_STRING and datatype != RDF_LANGSTRING)


def load(data: Any, ontology: list[Any], constants: list[Any]) -> Loaded:
    """The engine's store for ``data`` (+ ``ontology``) and its rewriting table.

    ``constants`` are the literals of the shapes that end up in the store or
    in queries (sh:targetNode, sh:hasValue). A :class:`Filled` store is used in
    place, with the ``ontology`` already in it.
    """
    import pyoxigraph as ox

    literal = ox.Literal
    written: dict[Term, set[str]] = {}
    if isinstance(data, Filled):
        store, written, in_place = data.store, data.written, False
    elif isinstance(data, ox.Store) and not ontology and not any(True for _ in data.named_graphs()):
        store = data
        in_place = True
    else:
        in_place = False
        store = ox.Store()
        source = (
            data.quads_for_pattern(None, None, None, None) if isinstance(data, ox.Store) else data
        )
        from_store = isinstance(data, ox.Store)

        def quads() -> Iterable[Any]:
            for part in (ontology, source):
                for q in part:
                    o = q.object
                    if not from_store and _typed(o, literal):
                        written.setdefault(o, set()).add(q.predicate.value)
                    yield ox.Quad(q.subject, q.predicate, o)

        store.bulk_extend(quads())
    extra = [c for c in constants if _typed(c, literal) and c not in written]
    loaded = Loaded(store)
    if not written and not extra:
        return loaded
    originals = list(written) + extra
    stored = _round_trip(originals)
    by_stored: dict[Term, Term] = {}
    for original, form in zip(originals, stored, strict=True):
        if form == original:
            continue
        if form in by_stored or (form in written) or (in_place and _present(store, form)):
            raise Unsupported(
                f"the literals {original} and {form} (or another form of the same value) "
                "are one term in Oxigraph's store but two for pySHACL"
            )
        by_stored[form] = original
        loaded.predicates.update(written.get(original, ()))
    loaded.decode = by_stored
    return loaded


def _round_trip(literals: list[Any]) -> list[Any]:
    """How the store writes each literal back."""
    import pyoxigraph as ox

    tmp = ox.Store()
    predicate = ox.NamedNode("urn:x-mbx-shacl:p")
    tmp.bulk_extend(
        ox.Quad(ox.NamedNode(f"urn:x-mbx-shacl:l{i}"), predicate, lit)
        for i, lit in enumerate(literals)
    )
    back: dict[int, Any] = {}
    for q in tmp:
        back[int(q.subject.value[len("urn:x-mbx-shacl:l") :])] = q.object
    return [back[i] for i in range(len(literals))]


def _present(store: Any, term: Any) -> bool:
    return any(True for _ in store.quads_for_pattern(None, None, term))
