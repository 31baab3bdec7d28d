"""Validating with the fast engine or pySHACL (SHACL-SPARQL enabled): quads in, a report out.

:func:`validate_graph` is the library entry point; :func:`validate_sources`
is what ``mbx validate`` calls. The shapes target MBX classes with
``sh:targetClass``, which SHACL resolves through ``rdfs:subClassOf*`` in the
data graph; so the MBX ontology is mixed into the graph being validated (as
pySHACL's ``ont_graph`` would be) and no RDFS inference is run. Inference
would be wrong here, not just slow: ``rdfs:domain`` would *infer* the types
that the domain and range checks are meant to verify.

When the user's own data is validated, results whose focus node is not a
subject of the user's data (e.g. the bundled entities) are dropped, so the
report speaks only of the user's nodes. pySHACL takes and gives rdflib
graphs: the quads are converted at that edge only (mbx.terms).

Two engines give the same report: ``oxigraph`` (the default; mbx.shacl.engine,
SHACL evaluated as SPARQL on pyoxigraph, which falls back to pySHACL for
shapes it does not evaluate exactly as pySHACL does) and ``pyshacl`` (the
reference). Both hand :func:`build_report` a report graph in pySHACL's form.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from mbx.errors import EnvironmentFailure, InputError, UsageError, one_line
from mbx.shacl.report import ValidationReport, build_report, check_severity

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

#: seconds ``mbx validate`` may run without --timeout
VALIDATE_TIMEOUT = 600.0


def run_pyshacl(
    target: Sequence[pyoxigraph.Quad], shapes: Sequence[pyoxigraph.Quad], *, user_shapes: bool
) -> list[pyoxigraph.Quad]:
    """pySHACL's validation report graph for ``target`` and ``shapes``, as quads.

    With ``user_shapes``, a shape pySHACL cannot run is bad input (exit 2),
    not a bug of mbx.
    """
    try:
        import pyshacl
        from pyshacl.errors import ReportableRuntimeError
    except ImportError as exc:  # pragma: no cover - pyshacl is a dependency
        raise EnvironmentFailure(f"cannot import pyshacl: {exc}", hint="reinstall mbx") from None
    from rdflib import Graph

    from mbx.shacl.engine_pyshacl import caching_graph
    from mbx.terms import bind_prefixes, from_rdflib_graph, to_rdflib_graph, to_rdflib_term

    data_graph = caching_graph()
    bind_prefixes(data_graph)
    for quad in target:
        data_graph.add(
            (
                to_rdflib_term(quad.subject),
                to_rdflib_term(quad.predicate),
                to_rdflib_term(quad.object),
            )
        )
    # pySHACL's focus_nodes option is not used to skip the ontology's nodes: it
    # also filters the value nodes of nested shapes (sh:node, sh:or), which would
    # silently pass values outside the user's data. Results are filtered instead.
    # pySHACL logs its load errors to stderr itself; mbx reports them as one line.
    import logging

    log = logging.getLogger("pyshacl-validate")
    was_disabled, log.disabled = log.disabled, True
    try:
        _conforms, report_graph, _text = pyshacl.validate(
            data_graph,
            shacl_graph=to_rdflib_graph(shapes),
            inference="none",
            advanced=True,
            inplace=True,
        )
    except ReportableRuntimeError as exc:
        message = " ".join(str(getattr(exc, "message", exc)).split()).rstrip(".")
        raise InputError(
            f"cannot use the shapes: {message}", hint="check the --shapes files"
        ) from None
    except Exception as exc:
        # a SPARQL syntax error inside a shape's sh:select surfaces as pyparsing's ParseException
        if type(exc).__name__ in ("ParseException", "ParseBaseException"):
            raise InputError(
                f"SPARQL syntax error in the shapes: {exc}", hint="check the --shapes files"
            ) from None
        if isinstance(exc, TypeError):  # pySHACL comparing an ill-typed literal
            _refuse_ill_typed(target)
        if not user_shapes:
            raise  # the shipped shapes broke: a bug in mbx, shown as such
        # a user's shape pySHACL cannot run: a bad sh:pattern regex, an unknown prefix
        message = one_line(f"{type(exc).__name__}: {exc}").rstrip(".")
        raise InputError(
            f"cannot use the shapes: {message}", hint="check the --shapes files"
        ) from None
    finally:
        log.disabled = was_disabled
    if not isinstance(report_graph, Graph):  # pySHACL gave up on a shape
        message = one_line(getattr(report_graph, "message", report_graph)).rstrip(".")
        raise InputError(f"cannot use the shapes: {message}", hint="check the --shapes files")
    return from_rdflib_graph(report_graph)


def _refuse_ill_typed(target: Sequence[pyoxigraph.Quad]) -> None:
    """An ill-typed literal in the data is the data's fault (exit 2), named."""
    from mbx.literals import ill_typed

    bad = ill_typed(target)
    if bad:
        quad = bad[0]
        datatype = getattr(quad.object, "datatype", None)
        name = datatype.value.rsplit("#", 1)[-1] if datatype is not None else "value"
        raise InputError(
            f"ill-typed literal {quad.object} (object of {quad.subject} {quad.predicate}): "
            f"not a valid {name}, so the shapes cannot "
            f"compare it ({len(bad)} such literal(s) in the data)",
            hint="write a valid value",
        )


#: the SHACL engines of ``mbx validate --engine`` (the first is the default)
ENGINES = ("oxigraph", "pyshacl")


def run_engine(
    target: Sequence[pyoxigraph.Quad], shapes: Sequence[pyoxigraph.Quad], *, user_shapes: bool
) -> list[pyoxigraph.Quad]:
    """The fast engine's report graph (pySHACL's form): pySHACL's where the engine falls back.

    The engine falls back for shapes it does not evaluate exactly as pySHACL
    does (SHACL-AF rules, custom components, recursion, anything pySHACL
    itself refuses): those go to :func:`run_pyshacl`, which reports pySHACL's
    errors as mbx does.
    """
    from mbx.namespaces import prefix_map
    from mbx.shacl import engine

    try:
        report = engine.validate(target, shapes, namespaces=prefix_map(None), fallback=False)
    except engine.Unsupported:
        return run_pyshacl(target, shapes, user_shapes=user_shapes)
    return report.quads(target)


def check_engine(name: str) -> str:
    """``name`` if it is an engine, else :class:`UsageError` (exit 2)."""
    if name not in ENGINES:
        raise UsageError(f"unknown SHACL engine {name!r}", hint="use " + " or ".join(ENGINES))
    return name


def validate_graph(
    data: Sequence[pyoxigraph.Quad],
    shapes: Sequence[pyoxigraph.Quad] | None = None,
    *,
    ontology: Sequence[pyoxigraph.Quad] | None = None,
    fail_on: str = "violation",
    prefixes: dict[str, str] | None = None,
    user_shapes: bool = False,
    timeout: float | None = None,
    engine: str = "oxigraph",
) -> ValidationReport:
    """Validate ``data`` against ``shapes`` (default: the shipped MBX shapes).

    ``ontology`` (e.g. the ``graph:ontology`` part of the bundled dataset) is
    mixed into the graph being validated so that classes, sub-classes,
    domains and ranges are known, but only results whose focus node is a
    subject of ``data`` are reported. ``fail_on`` is the least severe
    severity that makes the data not conform (``violation``, ``warning`` or
    ``info``); the report holds every result, whatever the threshold.
    ``prefixes`` (those the user's files declare) name nodes in the report
    beside MBX's. With ``user_shapes``, a shape pySHACL cannot run is bad
    input (exit 2), not a bug of mbx. ``engine`` is one of :data:`ENGINES`.
    With ``timeout``, the engine runs in a child process stopped after that
    many seconds (exit 3): a catastrophic ``sh:pattern`` or a cartesian
    SHACL-SPARQL join cannot run forever.
    """
    from functools import partial

    from mbx.processes import call_with_timeout
    from mbx.shacl.shapes import load_shapes

    check_severity(fail_on)
    check_engine(engine)
    shapes = shapes if shapes is not None else load_shapes()
    target = list(dict.fromkeys([*(ontology or ()), *data]))
    focus_filter = {q.subject for q in data} if ontology is not None else None
    run = partial(run_engine if engine == "oxigraph" else run_pyshacl, user_shapes=user_shapes)
    if timeout is None:
        report = run(target, shapes)
    else:
        report = call_with_timeout(run, (target, shapes), timeout, "validation")
    return build_report(report, target, shapes, focus_filter, fail_on, prefixes)


def validate_sources(
    inputs: Sequence[str] = (),
    *,
    shapes_files: Iterable[str] = (),
    shipped_shapes: bool = True,
    input_format: str | None = None,
    fail_on: str = "violation",
    kg_shapes: bool = False,
    timeout: float | None = VALIDATE_TIMEOUT,
    allow_service: bool = False,
    engine: str = "oxigraph",
    progress: bool | None = None,
) -> ValidationReport:
    """Validate the bundled graph (no ``inputs``) or the user's files with the MBX ontology.

    ``shapes_files`` add shapes to the shipped ones, or replace them when
    ``shipped_shapes`` is false. Each shapes file must pass SHACL-SHACL
    before anything is validated. The user's files are validated against the
    shapes for reusers (``mbx-shapes.ttl``), plus MBX's own curation rules
    (``mbx-kg-shapes.ttl``) with ``kg_shapes``; the bundled graph against both.
    ``engine`` chooses the SHACL engine (:data:`ENGINES`). The user's files
    with the oxigraph engine get a progress bar (reading, then validating) on
    a terminal, or as ``progress`` says.
    """
    from mbx.dataset import load_quads, ontology_quads
    from mbx.inputs import check_stdin_once
    from mbx.shacl.shapes import check_user_shapes, load_shapes

    check_severity(fail_on)
    check_engine(engine)
    extra = tuple(shapes_files)
    check_stdin_once(data=inputs, shapes=extra)
    if not shipped_shapes and not extra:
        raise UsageError("no shapes to validate with", hint="give --shapes FILE")
    user_shapes = {name: load_shapes([name], shipped=False) for name in extra}
    check_user_shapes(user_shapes, allow_service=allow_service)
    shipped = load_shapes(kg=kg_shapes or not inputs) if shipped_shapes else []
    shapes = list(dict.fromkeys([*shipped, *(q for quads in user_shapes.values() for q in quads)]))
    prefixes: dict[str, str] = {}
    if inputs and engine == "oxigraph":
        return _validate_files(
            inputs,
            shapes,
            input_format=input_format,
            fail_on=fail_on,
            user_shapes=tuple(extra),
            timeout=timeout,
            show=progress if progress is not None else sys.stderr.isatty(),
        )
    if inputs:
        data = load_quads(inputs, bundled=False, input_format=input_format, prefixes=prefixes)
        ontology: list[pyoxigraph.Quad] | None = ontology_quads()
    else:
        data, ontology = load_quads(), None
    try:
        return validate_graph(
            data,
            shapes,
            ontology=ontology,
            fail_on=fail_on,
            prefixes=prefixes,
            user_shapes=bool(extra),
            timeout=timeout,
            engine=engine,
        )
    except InputError as exc:
        if exc.source is None and extra:
            exc.source = ", ".join(extra)  # the shapes that pySHACL refused
        raise


def _validate_files(
    inputs: Sequence[str],
    shapes: list[pyoxigraph.Quad],
    *,
    input_format: str | None,
    fail_on: str,
    user_shapes: tuple[str, ...],
    timeout: float | None,
    show: bool,
) -> ValidationReport:
    """The user's files with the fast engine: parsed into its store (mbx.shacl.sources).

    With ``timeout`` everything (parsing, the engine, the report) runs in the
    child process, which holds the data; standard input is read here first.
    """
    from functools import partial

    from mbx.inputs import STDIN, read_bytes
    from mbx.processes import call_with_timeout
    from mbx.shacl.sources import Sources, validate_files

    preread = {STDIN: read_bytes(STDIN)} if STDIN in inputs else {}
    sources = Sources(tuple(inputs), input_format, preread)
    fallback = partial(run_pyshacl, user_shapes=bool(user_shapes))
    run = partial(validate_files, fail_on=fail_on, fallback=fallback, show=show)
    try:
        if timeout is None:
            return run(sources, shapes)
        return call_with_timeout(run, (sources, shapes), timeout, "validation")  # type: ignore[no-any-return]
    except InputError as exc:
        if exc.source is None and user_shapes:
            exc.source = ", ".join(user_shapes)  # the shapes that pySHACL refused
        raise
