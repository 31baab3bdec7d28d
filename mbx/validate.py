"""Validate MBX data against the SHACL shapes (pySHACL, SHACL-SPARQL enabled).

:func:`validate_graph` is the library entry point; :func:`validate_sources`
is what ``mbx validate`` calls. The shapes target MBX classes with
``sh:targetClass``, which SHACL resolves through ``rdfs:subClassOf*`` in the
data graph; so the MBX ontology is mixed into the graph being validated (as
pySHACL's ``ont_graph`` would be) and no RDFS inference is run. Inference
would be wrong here, not just slow: ``rdfs:domain`` would *infer* the types
that the domain and range checks are meant to verify.

When the user's own data is validated, results whose focus node is not a
subject of the user's data (e.g. the bundled entities) are dropped, so the
report speaks only of the user's nodes.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mbx.errors import CheckFailed, EnvironmentFailure, InputError, UsageError, one_line
from mbx.namespaces import ONTOLOGY_GRAPH, compress

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph
    import rdflib

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_FIRST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: severity names, most severe first (``--fail-on`` takes one of them).
SEVERITIES: tuple[str, ...] = ("violation", "warning", "info")
_SEVERITY_IRIS = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}
_PATH_SUFFIXES = (("zeroOrMorePath", "*"), ("oneOrMorePath", "+"), ("zeroOrOnePath", "?"))
_BNODE_ID = re.compile(r"\b[A-Za-z]?[0-9a-f]{32}\b")
_IRI_IN_TEXT = re.compile(r"https?://[^\s\"<>{}|\\^`]+")


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL validation result, with nodes named for people (CURIEs, labels)."""

    focus: str
    focus_label: str
    severity: str
    path: str | None
    value: str | None
    message: str
    source_shape: str
    constraint: str

    def sort_key(self) -> tuple[str, int, str, str, str, str]:
        return (
            self.focus,
            SEVERITIES.index(self.severity),
            self.source_shape,
            self.path or "",
            self.value or "",
            self.message,
        )


@dataclass
class ValidationReport:
    """The outcome of a validation: results, counts and the SHACL report graph."""

    conforms: bool
    results: list[ValidationResult]
    graph: rdflib.Graph = field(repr=False)
    fail_on: str = "violation"

    @property
    def counts(self) -> dict[str, int]:
        """Number of results per severity (``violation``, ``warning``, ``info``)."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for result in self.results:
            counts[result.severity] += 1
        return counts

    def summary(self) -> str:
        """One line, e.g. ``mbx validate: 3 violations, 1 warning, 0 info (does not conform)``."""
        c = self.counts
        verdict = "conforms" if self.conforms else "does not conform"
        return (
            f"mbx validate: {_plural(c['violation'], 'violation')}, "
            f"{_plural(c['warning'], 'warning')}, {c['info']} info ({verdict})"
        )

    def to_json(self) -> str:
        """A stable JSON document: sorted results, sorted keys."""
        doc = {
            "conforms": self.conforms,
            "counts": self.counts,
            "results": [asdict(r) for r in self.results],
        }
        return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def to_turtle(self) -> str:
        """The SHACL validation report graph as canonical Turtle (the same bytes every run)."""
        import pyoxigraph as ox

        from mbx.export import serialize_quads
        from mbx.formats import FORMATS

        ntriples = self.graph.serialize(format="nt", encoding="utf-8")
        quads = list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
        prefixes = {str(p): str(n) for p, n in self.graph.namespaces() if p}
        return serialize_quads(quads, FORMATS["turtle"], prefixes).decode("utf-8")

    def to_text(self) -> str:
        """A report for people, grouped by focus node."""
        if not self.results:
            return "No results: the data conforms to the shapes.\n"
        lines: list[str] = []
        current: str | None = None
        for r in self.results:
            if r.focus != current:
                if current is not None:
                    lines.append("")
                current = r.focus
                heading = r.focus
                if r.focus_label != r.focus:
                    heading += f' "{r.focus_label}"'
                lines.append(heading)
            lines.append(f"  {r.severity.capitalize()}: {r.message}")
            details = [f"constraint {r.constraint}", f"shape {r.source_shape}"]
            if r.path is not None:
                details.insert(0, f"path {r.path}")
            if r.value is not None:
                details.insert(1 if r.path is not None else 0, f"value {r.value}")
            lines.append("    " + "; ".join(details))
        return "\n".join(lines) + "\n"

    def render(self, format_name: str = "text") -> str:
        """The report as ``text``, ``json`` or ``turtle``."""
        if format_name == "text":
            return self.to_text()
        if format_name == "json":
            return self.to_json()
        if format_name == "turtle":
            return self.to_turtle()
        raise UsageError(f"unknown report format {format_name!r}", hint="use text, turtle or json")

    def raise_for_failure(self) -> None:
        """Raise :class:`CheckFailed` (exit 1) unless the data conforms."""
        if not self.conforms:
            raise CheckFailed(self.summary())


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


# --------------------------------------------------------------------------- shapes


#: the shapes for anyone's data that reuses MBX, and MBX's own curation rules
REUSE_SHAPES = "mbx-shapes.ttl"
KG_SHAPES = "mbx-kg-shapes.ttl"


def shipped_shapes_files(kg: bool = True) -> list[Path]:
    """The shipped shapes: ``shapes/mbx-shapes.ttl`` and, if ``kg``, ``mbx-kg-shapes.ttl``."""
    from mbx.resources import shapes_dir

    try:
        folder = shapes_dir()
    except FileNotFoundError as exc:
        raise EnvironmentFailure(str(exc)) from None
    files = [folder / REUSE_SHAPES, *([folder / KG_SHAPES] if kg else [])]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise EnvironmentFailure(f"no {', '.join(missing)} in {folder}", hint="reinstall mbx")
    return files


def load_shapes(
    files: Sequence[str] = (), *, shipped: bool = True, kg: bool = True
) -> rdflib.Graph:
    """The shapes graph: the shipped shapes (unless ``shipped`` is false) plus ``files``.

    ``kg`` adds MBX's own curation rules (``mbx-kg-shapes.ttl``) to the shapes for
    reusers. Every file goes through :mod:`mbx.rdfio`, so a syntax error is
    reported with file, line and column.
    """
    from mbx.graph import load_quads, to_graph

    sources = [str(p) for p in shipped_shapes_files(kg)] if shipped else []
    sources += list(files)
    if not sources:
        raise UsageError("no shapes to validate with", hint="give --shapes FILE")
    return to_graph(load_quads(sources, bundled=False))


def meta_validate_shapes(shapes: rdflib.Graph) -> tuple[bool, str]:
    """Check ``shapes`` against the SHACL-SHACL shapes: ``(conforms, report text)``."""
    from pyshacl.entrypoints import meta_validate

    conforms, _graph, text = meta_validate(shapes, inference="none")
    return bool(conforms), str(text)


def _check_user_shapes(graphs: dict[str, rdflib.Graph]) -> None:
    """The user's shapes must pass SHACL-SHACL (pySHACL's meta-validation): exit 2 if not."""
    from pyshacl.entrypoints import meta_validate
    from rdflib import URIRef

    for name, graph in graphs.items():
        conforms, report, _text = meta_validate(graph, inference="none")
        if conforms:
            continue
        namer = _Namer(graph, graph)
        messages = sorted(
            f"{namer.name(report.value(result, URIRef(SH + 'focusNode')))}: "
            f"{' '.join(str(report.value(result, URIRef(SH + 'resultMessage'))).split())}"
            for result in report.subjects(URIRef(SH + "resultMessage"), None)
        )
        raise InputError(
            f"not valid SHACL ({_plural(len(messages), 'problem')}), e.g. {messages[0][:200]}",
            source=name,
            hint="pySHACL's SHACL-SHACL check (meta-validation) rejects these shapes",
        )


# --------------------------------------------------------------------------- validation


def _caching_graph() -> rdflib.Graph:
    """An rdflib Graph that parses each SPARQL query text once.

    pySHACL runs a SHACL-SPARQL constraint once per focus node with the same
    query text; rdflib would parse it every time (most of the run time).
    """
    from rdflib import Graph

    class _Graph(Graph):
        def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(query_object, str) and not kwargs.get("initNs"):
                query_object = _prepared_query(query_object)
            return super().query(query_object, *args, **kwargs)

    return _Graph(bind_namespaces="none")


@lru_cache(maxsize=256)
def _prepared_query(text: str) -> Any:
    """The parsed form of a SPARQL query text (parsed once per process)."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def _as_graph(data: Sequence[pyoxigraph.Quad] | rdflib.Graph) -> rdflib.Graph:
    from rdflib import Graph

    from mbx.graph import to_graph

    if isinstance(data, Graph):
        return data
    return to_graph(data)


def validate_graph(
    data: Sequence[pyoxigraph.Quad] | rdflib.Graph,
    shapes: rdflib.Graph | None = None,
    *,
    ontology: Sequence[pyoxigraph.Quad] | rdflib.Graph | None = None,
    fail_on: str = "violation",
    prefixes: dict[str, str] | None = None,
    user_shapes: bool = False,
) -> ValidationReport:
    """Validate ``data`` against ``shapes`` (default: the shipped MBX shapes).

    ``ontology`` (quads or a graph, e.g. the ``graph:ontology`` part of the
    bundled dataset) is mixed into the graph being validated so that classes,
    sub-classes, domains and ranges are known, but only results whose focus
    node is a subject of ``data`` are reported. ``fail_on`` is the least
    severe severity that makes the data not conform (``violation``,
    ``warning`` or ``info``). ``prefixes`` (those the user's files declare)
    name nodes in the report beside MBX's. With ``user_shapes``, a shape
    pySHACL cannot run is bad input (exit 2), not a bug of mbx.
    """
    if fail_on not in SEVERITIES:
        raise UsageError(f"unknown severity {fail_on!r}", hint="use violation, warning or info")
    try:
        import pyshacl
        from pyshacl.errors import ReportableRuntimeError
    except ImportError as exc:  # pragma: no cover - pyshacl is a dependency
        raise EnvironmentFailure(f"cannot import pyshacl: {exc}", hint="reinstall mbx") from None
    shapes_graph = shapes if shapes is not None else load_shapes()
    data_graph = _as_graph(data)
    focus_filter: set[rdflib.term.Node] | None = None
    target = _caching_graph()
    for prefix, namespace in data_graph.namespaces():
        target.bind(prefix, namespace, override=True)
    if ontology is not None:
        focus_filter = set(data_graph.subjects())
        for triple in _as_graph(ontology):
            target.add(triple)
    for triple in data_graph:
        target.add(triple)

    # pySHACL's focus_nodes option is not used to skip the ontology's nodes: it
    # also filters the value nodes of nested shapes (sh:node, sh:or), which would
    # silently pass values outside the user's data. Results are filtered instead.
    # pySHACL logs its load errors to stderr itself; mbx reports them as one line.
    log = logging.getLogger("pyshacl-validate")
    was_disabled, log.disabled = log.disabled, True
    try:
        _conforms, report_graph, _text = pyshacl.validate(
            target,
            shacl_graph=shapes_graph,
            inference="none",
            advanced=True,
            inplace=True,
            allow_warnings=fail_on == "violation",
            allow_infos=fail_on != "info",
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
        if not user_shapes:
            raise  # the shipped shapes broke: a bug in mbx, shown as such
        # a user's shape pySHACL cannot run: a bad sh:pattern regex, an unknown prefix
        message = one_line(f"{type(exc).__name__}: {exc}").rstrip(".")
        raise InputError(
            f"cannot use the shapes: {message}", hint="check the --shapes files"
        ) from None
    finally:
        log.disabled = was_disabled
    from rdflib import Graph

    if not isinstance(report_graph, Graph):  # pySHACL gave up on a shape
        message = one_line(getattr(report_graph, "message", report_graph)).rstrip(".")
        raise InputError(f"cannot use the shapes: {message}", hint="check the --shapes files")
    return _build_report(report_graph, target, shapes_graph, focus_filter, fail_on, prefixes)


def _build_report(
    report_graph: rdflib.Graph,
    data_graph: rdflib.Graph,
    shapes_graph: rdflib.Graph,
    focus_filter: set[rdflib.term.Node] | None,
    fail_on: str,
    prefixes: dict[str, str] | None = None,
) -> ValidationReport:
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.namespace import RDF, XSD

    from mbx.namespaces import bind_all

    sh_result = URIRef(SH + "result")
    namer = _Namer(data_graph, shapes_graph, prefixes)
    kept: list[tuple[rdflib.term.Node, ValidationResult]] = []
    for node in report_graph.objects(None, sh_result):
        focus = report_graph.value(node, URIRef(SH + "focusNode"))
        if focus is None or (focus_filter is not None and focus not in focus_filter):
            continue
        kept.append((node, namer.result(report_graph, node, focus)))
    kept = [(node, suggest_term(result, data_graph)) for node, result in kept]
    kept.sort(key=lambda item: item[1].sort_key())
    threshold = SEVERITIES.index(fail_on)
    conforms = not any(SEVERITIES.index(r.severity) <= threshold for _n, r in kept)

    graph = Graph(bind_namespaces="none")
    bind_all(graph, prefixes)
    report = BNode()
    graph.add((report, RDF.type, URIRef(SH + "ValidationReport")))
    graph.add((report, URIRef(SH + "conforms"), Literal(conforms, datatype=XSD.boolean)))
    for node, _result in kept:
        graph.add((report, sh_result, node))
        _copy_closure(report_graph, graph, node)
    return ValidationReport(conforms, [r for _n, r in kept], graph, fail_on)


#: the shape that reports IRIs of the mbx: namespace that MBX does not define
UNKNOWN_TERM_SHAPE = "mbxsh:UnknownTermShape"


def suggest_term(result: ValidationResult, data: rdflib.Graph) -> ValidationResult:
    """``result`` with "did you mean mbx:X?" added when it reports an unknown mbx: term."""
    import difflib
    from dataclasses import replace

    from rdflib import URIRef

    from mbx.namespaces import MBX

    if result.source_shape != UNKNOWN_TERM_SHAPE or not (result.value or "").startswith("mbx:"):
        return result
    wrong = result.value[len("mbx:") :]  # type: ignore[index]
    known = {
        str(s)[len(MBX) :]
        for s in data.subjects(URIRef(RDF_TYPE), None)
        if isinstance(s, URIRef) and str(s).startswith(MBX) and "/" not in str(s)[len(MBX) :]
    }
    by_case = {name.casefold(): name for name in sorted(known)}
    close = difflib.get_close_matches(wrong.casefold(), list(by_case), n=1, cutoff=0.6)
    if not close:
        return result
    return replace(result, message=f"{result.message}; did you mean mbx:{by_case[close[0]]}?")


def _copy_closure(source: rdflib.Graph, target: rdflib.Graph, node: rdflib.term.Node) -> None:
    """Copy the triples of ``node`` and of the blank nodes it leads to."""
    from rdflib import BNode

    todo = [node]
    seen = set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for triple in source.triples((subject, None, None)):
            target.add(triple)
            if isinstance(triple[2], BNode):
                todo.append(triple[2])


class _Namer:
    """Names nodes for people: labels, CURIEs, descriptions of blank nodes."""

    def __init__(
        self, data: rdflib.Graph, shapes: rdflib.Graph, prefixes: dict[str, str] | None = None
    ) -> None:
        self.data = data
        self.shapes = shapes
        self.prefixes = prefixes

    def curie(self, iri: str) -> str:
        return compress(iri, self.prefixes)

    def label(self, node: rdflib.term.Node) -> str | None:
        from rdflib import Literal, URIRef

        for prop in (RDFS_LABEL, SKOS_PREF_LABEL):
            labels = sorted(
                str(o) for o in self.data.objects(node, URIRef(prop)) if isinstance(o, Literal)
            )
            if labels:
                return labels[0]
        return None

    def describe_bnode(self, node: rdflib.term.Node) -> str:
        from rdflib import URIRef

        label = self.label(node)
        if label is not None:
            return f"[blank node {label!r}]"
        types = sorted(self.curie(str(t)) for t in self.data.objects(node, URIRef(RDF_TYPE)))
        if types:
            return f"[blank node with rdf:type {', '.join(types)}]"
        for subject, predicate in sorted(self.data.subject_predicates(node)):
            return f"[blank node, {self.curie(str(predicate))} of {self.name(subject)}]"
        return "[blank node]"

    def name(self, node: rdflib.term.Node) -> str:
        """A CURIE for an IRI, a description for a blank node, Turtle-like text for a literal."""
        from rdflib import BNode, Literal, URIRef

        if isinstance(node, URIRef):
            return self.curie(str(node))
        if isinstance(node, BNode):
            return self.describe_bnode(node)
        if isinstance(node, Literal):
            text = json.dumps(str(node), ensure_ascii=False)
            if node.language:
                return f"{text}@{node.language}"
            if node.datatype is not None and str(node.datatype) != XSD_STRING:
                return f"{text}^^{self.curie(str(node.datatype))}"
            return text
        return str(node)

    def shape_name(self, node: rdflib.term.Node | None) -> str:
        from rdflib import BNode, URIRef

        if node is None:
            return "[unknown shape]"
        if isinstance(node, BNode):
            path = self.shapes.value(node, URIRef(SH + "path"))
            if path is not None:
                return f"[property shape of {self.path(self.shapes, path)}]"
            return "[blank node shape]"
        return self.name(node)

    def path(self, graph: rdflib.Graph, node: rdflib.term.Node) -> str:
        """SHACL property paths in SPARQL-like syntax."""
        from rdflib import BNode, URIRef
        from rdflib.collection import Collection

        if isinstance(node, URIRef):
            return self.curie(str(node))
        if not isinstance(node, BNode):
            return str(node)
        inverse = graph.value(node, URIRef(SH + "inversePath"))
        if inverse is not None:
            return "^" + self.path(graph, inverse)
        alternatives = graph.value(node, URIRef(SH + "alternativePath"))
        if alternatives is not None:
            members = Collection(graph, alternatives)
            return "(" + "|".join(self.path(graph, n) for n in members) + ")"
        for name, suffix in _PATH_SUFFIXES:
            inner = graph.value(node, URIRef(SH + name))
            if inner is not None:
                return self.path(graph, inner) + suffix
        if graph.value(node, URIRef(RDF_FIRST)) is not None:
            return "/".join(self.path(graph, n) for n in Collection(graph, node))
        return "[path]"

    def humanize(self, message: str) -> str:
        """Replace full IRIs and blank-node ids that pySHACL put into a message."""
        from rdflib import BNode

        def iri(match: re.Match[str]) -> str:
            text = match.group(0)
            trail = ""
            while text and text[-1] in ".,;:)":
                trail = text[-1] + trail
                text = text[:-1]
            return self.curie(text) + trail

        def bnode(match: re.Match[str]) -> str:
            node = BNode(match.group(0))
            if (node, None, None) in self.data or (None, None, node) in self.data:
                return self.describe_bnode(node)
            return match.group(0)

        return _BNODE_ID.sub(bnode, _IRI_IN_TEXT.sub(iri, message))

    def result(
        self, report: rdflib.Graph, node: rdflib.term.Node, focus: rdflib.term.Node
    ) -> ValidationResult:
        from rdflib import URIRef

        def value(prop: str) -> rdflib.term.Node | None:
            found: rdflib.term.Node | None = report.value(node, URIRef(SH + prop))
            return found

        severity_node = value("resultSeverity")
        severity = _SEVERITY_IRIS.get(str(severity_node), "violation")
        path_node = value("resultPath")
        value_node = value("value")
        if value_node == focus and path_node is None:
            value_node = None  # a SPARQL constraint without ?value reports the focus node itself
        found = report.objects(node, URIRef(SH + "resultMessage"))
        messages = sorted({self.humanize(str(m)) for m in found})
        constraint = value("sourceConstraintComponent")
        focus_name = self.name(focus)
        label = self.label(focus)
        return ValidationResult(
            focus=focus_name,
            focus_label=label if label is not None else focus_name,
            severity=severity,
            path=self.path(report, path_node) if path_node is not None else None,
            value=self.name(value_node) if value_node is not None else None,
            message="; ".join(messages) if messages else "(no message)",
            source_shape=self.shape_name(value("sourceShape")),
            constraint=self.name(constraint) if constraint is not None else "[unknown]",
        )


# --------------------------------------------------------------------------- entry point


def ontology_quads() -> list[pyoxigraph.Quad]:
    """The ``graph:ontology`` part of the bundled dataset (mbx.ttl + entities)."""
    import pyoxigraph as ox

    from mbx.bundle import bundled_quads

    name = ox.NamedNode(ONTOLOGY_GRAPH)
    return [q for q in bundled_quads() if q.graph_name == name]


def validate_sources(
    inputs: Sequence[str] = (),
    *,
    shapes_files: Iterable[str] = (),
    shipped_shapes: bool = True,
    input_format: str | None = None,
    fail_on: str = "violation",
    kg_shapes: bool = False,
) -> ValidationReport:
    """Validate the bundled graph (no ``inputs``) or the user's files with the MBX ontology.

    ``shapes_files`` add shapes to the shipped ones, or replace them when
    ``shipped_shapes`` is false. The user's files are validated against the
    shapes for reusers (``mbx-shapes.ttl``), plus MBX's own curation rules
    (``mbx-kg-shapes.ttl``) with ``kg_shapes``; the bundled graph against both.
    """
    from mbx.graph import load_quads

    if fail_on not in SEVERITIES:
        raise UsageError(f"unknown severity {fail_on!r}", hint="use violation, warning or info")
    extra = tuple(shapes_files)
    if "-" in extra and "-" in inputs:
        raise UsageError(
            "standard input can be read only once: give the data or the shapes as -"
        )
    # each file of the user's parsed once: merged for validation, checked one by one after
    user_graphs = {name: load_shapes([name], shipped=False) for name in extra}
    if shipped_shapes:
        shapes = load_shapes(kg=kg_shapes or not inputs)
    elif not extra:
        raise UsageError("no shapes to validate with", hint="give --shapes FILE")
    else:
        from rdflib import Graph

        shapes = Graph(bind_namespaces="none")
    for graph in user_graphs.values():
        shapes += graph
    prefixes: dict[str, str] = {}
    if inputs:
        data = load_quads(inputs, bundled=False, input_format=input_format, prefixes=prefixes)
        ontology: list[pyoxigraph.Quad] | None = ontology_quads()
    else:
        data, ontology = load_quads(), None
    try:
        report = validate_graph(
            data,
            shapes,
            ontology=ontology,
            fail_on=fail_on,
            prefixes=prefixes,
            user_shapes=bool(extra),
        )
    except InputError as exc:
        if exc.source is None and extra:
            exc.source = ", ".join(extra)  # the shapes that pySHACL refused
        raise
    # pySHACL ran them, but shapes it silently misreads (sh:datatype "x") are refused too
    _check_user_shapes(user_graphs)
    return report
