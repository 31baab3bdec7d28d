"""Fast SHACL validation on pyoxigraph that gives pySHACL's results (issue 15).

:func:`validate` evaluates SHACL Core and SHACL-SPARQL constraints as SPARQL
queries over the whole set of focus nodes of a shape at once (the SHACL
specification defines the components by SPARQL, so this is allowed), with
pySHACL 0.40's reading of the shapes wherever pySHACL departs from the
letter of the specification: which nodes are shapes, sh:datatype on
ill-typed literals (rdflib's), sh:pattern (Python's ``re``), value ranges
and sh:lessThan (rdflib's order), conformance of nested shapes under
``allow_warnings``/``allow_infos``, ``$this`` pre-binding, message
templates. The result set equals pySHACL's as mbx calls it
(``advanced=True, inference='none'``) — the differential tests assert it.

**Fallback rule.** A shapes graph the engine does not evaluate exactly like
pySHACL — SHACL-AF rules, functions, node expressions, custom targets or
constraint components, JavaScript, recursive shapes, anything pySHACL
itself would refuse or fail on (a malformed constraint, a bad regular
expression, a blank node compared by sh:lessThan, a SPARQL query pySHACL
rejects or Oxigraph cannot run) — is validated by pySHACL instead, for the
whole shapes graph; :attr:`Report.engine` says which engine answered and
:attr:`Report.reason` why. With ``fallback=False`` the engine raises
:class:`Unsupported` instead.

Modules: :mod:`engine_model` (shapes), :mod:`engine_eval` (evaluation),
:mod:`engine_sparql` (SHACL-SPARQL text), :mod:`engine_literals` (rdflib's
literal semantics), :mod:`engine_messages` (default messages),
:mod:`engine_pyshacl` (the fallback), :mod:`engine_report` (report graph).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mbx.shacl.engine_eval import Result
from mbx.shacl.engine_terms import SH, Unsupported

__all__ = ["Report", "Result", "Unsupported", "supports", "validate"]


@dataclass
class Report:
    """What a validation found."""

    conforms: bool  #: pySHACL's verdict (with its allow_warnings/allow_infos reading)
    results: list[Result]
    engine: str = "oxigraph"  #: "oxigraph", or "pyshacl" after a fallback
    reason: str | None = None  #: why the engine fell back to pySHACL
    shapes: list[Any] = field(default_factory=list, repr=False)

    def quads(self, data: Any = None) -> list[Any]:
        """The SHACL validation report graph as pyoxigraph quads (default graph).

        Blank-node shapes and paths are copied from the shapes graph, blank
        focus nodes and values from ``data`` (a Store or quads), as pySHACL does.
        """
        from mbx.shacl.engine_report import report_quads

        return report_quads(self, data)


def supports(shapes: Iterable[Any]) -> str | None:
    """None if the engine evaluates these shapes itself, else the reason it would fall back.

    Some reasons only show while validating (see the module documentation).
    """
    from mbx.shacl.engine_model import load_model

    try:
        load_model(list(shapes))
    except Unsupported as exc:
        return str(exc)
    return None


def validate(
    data: Any,
    shapes: Iterable[Any],
    ontology: Iterable[Any] = (),
    *,
    allow_warnings: bool = False,
    allow_infos: bool = False,
    namespaces: dict[str, str] | None = None,
    fallback: bool = True,
) -> Report:
    """Validate ``data`` against ``shapes``; the results pySHACL would give.

    ``data`` is a pyoxigraph Store, an iterable of quads, or a store filled by
    :func:`mbx.shacl.engine_store.fill` (used in place; give the ontology to
    ``fill``, not here; no fallback: :class:`Unsupported` is raised); its triples are
    validated as one graph (graph names ignored), together with the
    ``ontology`` quads (class hierarchy for targets and sh:class), as mbx
    mixes the ontology into the data graph. A Store that holds only a
    default graph is used in place (a scratch named graph is added and
    removed); otherwise the triples are copied into a new in-memory store.
    ``allow_warnings``/``allow_infos`` are pySHACL's options (they change
    which nested shapes conform). ``namespaces`` are the prefixes of the
    report's default messages (mbx binds its prefix table).
    """
    import pyoxigraph as ox

    from mbx.shacl.engine_eval import Evaluator
    from mbx.shacl.engine_model import load_model
    from mbx.shacl.engine_sparql import RDFLIB_QUERY_PREFIXES
    from mbx.shacl.engine_store import Filled, load

    shape_quads = list(shapes)
    ontology_quads = list(ontology)
    allowed: frozenset[str] | None = None
    if allow_warnings:
        allowed = frozenset({SH + "Info", SH + "Warning"})
    elif allow_infos:
        allowed = frozenset({SH + "Info"})
    try:
        model = load_model(shape_quads)
        loaded = load(data, ontology_quads, model.constants())
        evaluator = Evaluator(
            loaded.store,
            model,
            allowed=allowed,
            prefixes=RDFLIB_QUERY_PREFIXES,
            namespaces=dict(namespaces or {}),
            decode=loaded.decode,
            rewritten_predicates=loaded.predicates,
        )
        try:
            results, conforms = evaluator.run()
        finally:
            evaluator.cleanup()
        return Report(conforms, results, shapes=shape_quads)
    except Unsupported as exc:
        if not fallback or isinstance(data, Filled):  # a filled store holds rewritten literals
            raise
        reason = str(exc)
    from mbx.shacl.engine_pyshacl import run_pyshacl

    quads = data.quads_for_pattern(None, None, None, None) if isinstance(data, ox.Store) else data
    conforms, results, _graph = run_pyshacl(
        quads,
        shape_quads,
        ontology_quads,
        allow_warnings=allow_warnings,
        allow_infos=allow_infos,
        namespaces=dict(namespaces or {}),
    )
    return Report(conforms, results, engine="pyshacl", reason=reason, shapes=shape_quads)
