"""The validation report model: results named for people, severities, conformance at a threshold.

pySHACL's report graph (as pyoxigraph quads) is turned into
:class:`ValidationResult` records whose nodes are named for people — CURIEs,
labels (mbx.labels), descriptions of blank nodes, SHACL paths in SPARQL
syntax. Conformance is computed from the results and a ``fail_on``
threshold, so one validation answers for every threshold (:meth:`ValidationReport.at`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from mbx.errors import CheckFailed, UsageError
from mbx.namespaces import RDF_FIRST, RDF_REST, RDF_TYPE, SH, XSD_STRING, compress

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

#: THE severity order, most severe first (``--fail-on`` takes one of them).
SEVERITIES: tuple[str, ...] = ("violation", "warning", "info")
_SEVERITY_IRIS = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}
_PATH_SUFFIXES = (("zeroOrMorePath", "*"), ("oneOrMorePath", "+"), ("zeroOrOnePath", "?"))
_BNODE_ID = re.compile(r"\b[A-Za-z]?[0-9a-f]{32}\b")
_IRI_IN_TEXT = re.compile(r"https?://[^\s\"<>{}|\\^`]+")


def check_severity(name: str) -> str:
    """``name`` if it is a severity, else :class:`UsageError` (exit 2)."""
    if name not in SEVERITIES:
        raise UsageError(f"unknown severity {name!r}", hint="use violation, warning or info")
    return name


def plural(count: int, word: str) -> str:
    """``1 violation``, ``2 violations``."""
    return f"{count} {word}" + ("" if count == 1 else "s")


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
    """The outcome of a validation: named results, and pySHACL's result nodes as quads."""

    results: list[ValidationResult]
    #: the ``sh:result`` nodes kept (in the order of ``results``) and the quads describing them
    result_nodes: list[Any] = field(default_factory=list, repr=False)
    quads: list[pyoxigraph.Quad] = field(default_factory=list, repr=False)
    fail_on: str = "violation"
    prefixes: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def conforms(self) -> bool:
        """No result as severe as ``fail_on`` or more."""
        threshold = SEVERITIES.index(self.fail_on)
        return not any(SEVERITIES.index(r.severity) <= threshold for r in self.results)

    def at(self, fail_on: str) -> ValidationReport:
        """The same report judged at another threshold (nothing is validated again)."""
        return replace(self, fail_on=check_severity(fail_on))

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
            f"mbx validate: {plural(c['violation'], 'violation')}, "
            f"{plural(c['warning'], 'warning')}, {c['info']} info ({verdict})"
        )

    def render(self, format_name: str = "text") -> str:
        """The report as ``text``, ``json`` or ``turtle`` (mbx.shacl.render)."""
        from mbx.shacl.render import render

        return render(self, format_name)

    def to_text(self) -> str:
        """A report for people, grouped by focus node."""
        return self.render("text")

    def to_json(self) -> str:
        """A stable JSON document: sorted results, sorted keys."""
        return self.render("json")

    def to_turtle(self) -> str:
        """The SHACL validation report graph as canonical Turtle (the same bytes every run)."""
        return self.render("turtle")

    def raise_for_failure(self) -> None:
        """Raise :class:`CheckFailed` (exit 1) unless the data conforms."""
        if not self.conforms:
            raise CheckFailed(self.summary())


class Index:
    """Pattern lookups over pyoxigraph quads (graph names ignored), for naming nodes."""

    def __init__(self, quads: Iterable[pyoxigraph.Quad] | pyoxigraph.Store) -> None:
        import pyoxigraph as ox

        self.ox = ox
        if isinstance(quads, ox.Store):  # used as it is (one graph: mbx.shacl.engine_store.fill)
            self.store = quads
            return
        self.store = ox.Store()
        self.store.extend(ox.Quad(*q.triple) for q in quads)

    def quads(self, s: Any = None, p: str | None = None, o: Any = None) -> Iterator[Any]:
        """The quads matching a pattern (``p`` an IRI string)."""
        predicate = self.ox.NamedNode(p) if p else None
        return iter(self.store.quads_for_pattern(s, predicate, o, None))

    def objects(self, s: Any, p: str) -> list[Any]:
        """The objects of ``s p ?o``, sorted by their N-Triples form."""
        return sorted((q.object for q in self.quads(s, p)), key=str)

    def value(self, s: Any, p: str) -> Any:
        """One object of ``s p ?o`` (the first by N-Triples form), or None."""
        found = self.objects(s, p)
        return found[0] if found else None

    def mentions(self, node: Any) -> bool:
        """Whether ``node`` is a subject or an object."""
        return any(True for _ in self.quads(node)) or any(True for _ in self.quads(o=node))

    def collection(self, node: Any) -> list[Any]:
        """The members of the RDF list starting at ``node``."""
        members, seen = [], set()
        while node is not None and node not in seen and self.value(node, RDF_FIRST) is not None:
            seen.add(node)
            members.append(self.value(node, RDF_FIRST))
            node = self.value(node, RDF_REST)
        return members


def _rdflib_order(term: Any) -> tuple[int, str]:
    """Terms sorted as rdflib sorts them: blank nodes, then IRIs, then literals; by value."""
    import pyoxigraph as ox

    rank = 0 if isinstance(term, ox.BlankNode) else 1 if isinstance(term, ox.NamedNode) else 2
    return rank, term.value


class Namer:
    """Names nodes for people: labels, CURIEs, descriptions of blank nodes, SHACL paths."""

    def __init__(self, data: Index, shapes: Index, prefixes: dict[str, str] | None = None) -> None:
        self.data = data
        self.shapes = shapes
        self.prefixes = prefixes

    def curie(self, iri: str) -> str:
        return compress(iri, self.prefixes)

    def label(self, node: Any) -> str | None:
        """The node's label by the one rule of mbx.labels."""
        from mbx.labels import label_in

        return label_in(self.data.quads(node))

    def describe_bnode(self, node: Any) -> str:
        label = self.label(node)
        if label is not None:
            return f"[blank node {label!r}]"
        types = sorted(self.curie(t.value) for t in self.data.objects(node, RDF_TYPE))
        if types:
            return f"[blank node with rdf:type {', '.join(types)}]"
        uses = sorted(
            ((q.subject, q.predicate) for q in self.data.quads(o=node)),
            key=lambda use: (_rdflib_order(use[0]), _rdflib_order(use[1])),
        )
        for subject, predicate in uses:
            return f"[blank node, {self.curie(predicate.value)} of {self.name(subject)}]"
        return "[blank node]"

    def name(self, node: Any) -> str:
        """A CURIE for an IRI, a description for a blank node, Turtle-like text for a literal."""
        ox = self.data.ox
        if isinstance(node, ox.NamedNode):
            return self.curie(node.value)
        if isinstance(node, ox.BlankNode):
            return self.describe_bnode(node)
        if isinstance(node, ox.Literal):
            text = json.dumps(node.value, ensure_ascii=False)
            if node.language:
                return f"{text}@{node.language}"
            if node.datatype.value != XSD_STRING:
                return f"{text}^^{self.curie(node.datatype.value)}"
            return text
        return str(node)

    def shape_name(self, node: Any) -> str:
        if node is None:
            return "[unknown shape]"
        if isinstance(node, self.data.ox.BlankNode):
            path = self.shapes.value(node, SH + "path")
            if path is not None:
                return f"[property shape of {self.path(self.shapes, path)}]"
            return "[blank node shape]"
        return self.name(node)

    def path(self, graph: Index, node: Any) -> str:
        """SHACL property paths in SPARQL-like syntax."""
        ox = self.data.ox
        if isinstance(node, ox.NamedNode):
            return self.curie(node.value)
        if not isinstance(node, ox.BlankNode):
            return str(node)
        inverse = graph.value(node, SH + "inversePath")
        if inverse is not None:
            return "^" + self.path(graph, inverse)
        alternatives = graph.value(node, SH + "alternativePath")
        if alternatives is not None:
            return "(" + "|".join(self.path(graph, n) for n in graph.collection(alternatives)) + ")"
        for name, suffix in _PATH_SUFFIXES:
            inner = graph.value(node, SH + name)
            if inner is not None:
                return self.path(graph, inner) + suffix
        if graph.value(node, RDF_FIRST) is not None:
            return "/".join(self.path(graph, n) for n in graph.collection(node))
        return "[path]"

    def humanize(self, message: str) -> str:
        """Replace full IRIs and blank-node ids that pySHACL put into a message."""

        def iri(match: re.Match[str]) -> str:
            text = match.group(0)
            trail = ""
            while text and text[-1] in ".,;:)":
                trail = text[-1] + trail
                text = text[:-1]
            return self.curie(text) + trail

        def bnode(match: re.Match[str]) -> str:
            node = self.data.ox.BlankNode(match.group(0))
            return self.describe_bnode(node) if self.data.mentions(node) else match.group(0)

        return _BNODE_ID.sub(bnode, _IRI_IN_TEXT.sub(iri, message))

    def result(self, report: Index, node: Any, focus: Any) -> ValidationResult:
        def value(prop: str) -> Any:
            return report.value(node, SH + prop)

        severity_node = value("resultSeverity")
        severity = _SEVERITY_IRIS.get(getattr(severity_node, "value", ""), "violation")
        path_node = value("resultPath")
        value_node = value("value")
        if value_node == focus and path_node is None:
            value_node = None  # a SPARQL constraint without ?value reports the focus node itself
        found = report.objects(node, SH + "resultMessage")
        messages = sorted({self.humanize(m.value) for m in found})
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


def build_report(
    report_quads: Sequence[pyoxigraph.Quad] | Index,
    data: Sequence[pyoxigraph.Quad] | pyoxigraph.Store,
    shapes: Sequence[pyoxigraph.Quad],
    focus_filter: set[Any] | None,
    fail_on: str,
    prefixes: dict[str, str] | None = None,
) -> ValidationReport:
    """The report of pySHACL's results whose focus node is in ``focus_filter`` (None: all).

    ``report_quads`` is pySHACL's report graph, as quads or already indexed.
    """
    report = report_quads if isinstance(report_quads, Index) else Index(report_quads)
    namer = Namer(Index(data), Index(shapes), prefixes)
    kept: list[tuple[Any, ValidationResult]] = []
    for quad in report.quads(p=SH + "result"):
        node = quad.object
        focus = report.value(node, SH + "focusNode")
        if focus is None or (focus_filter is not None and focus not in focus_filter):
            continue
        kept.append((node, namer.result(report, node, focus)))
    kept = [(node, suggest_term(result, namer.data)) for node, result in kept]
    kept.sort(key=lambda item: item[1].sort_key())
    nodes = [node for node, _result in kept]
    return ValidationReport(
        results=[result for _node, result in kept],
        result_nodes=nodes,
        quads=_closure(report, nodes),
        fail_on=check_severity(fail_on),
        prefixes=dict(prefixes or {}),
    )


#: the shape that reports IRIs of the mbx: namespace that MBX does not define
UNKNOWN_TERM_SHAPE = "mbxsh:UnknownTermShape"


def suggest_term(result: ValidationResult, data: Index) -> ValidationResult:
    """``result`` with "did you mean mbx:X?" added when it reports an unknown mbx: term."""
    import difflib
    from dataclasses import replace

    from mbx.namespaces import MBX

    if result.source_shape != UNKNOWN_TERM_SHAPE or not (result.value or "").startswith("mbx:"):
        return result
    wrong = (result.value or "")[len("mbx:") :]
    known = {
        quad.subject.value[len(MBX) :]
        for quad in data.quads(p=RDF_TYPE)
        if isinstance(quad.subject, data.ox.NamedNode)
        and quad.subject.value.startswith(MBX)
        and "/" not in quad.subject.value[len(MBX) :]
    }
    by_case = {name.casefold(): name for name in sorted(known)}
    close = difflib.get_close_matches(wrong.casefold(), list(by_case), n=1, cutoff=0.6)
    if not close:
        return result
    return replace(result, message=f"{result.message}; did you mean mbx:{by_case[close[0]]}?")


def _closure(index: Index, nodes: Sequence[Any]) -> list[pyoxigraph.Quad]:
    """The quads of ``nodes`` and of the blank nodes they lead to."""
    found: list[pyoxigraph.Quad] = []
    todo = list(nodes)
    seen = set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for quad in index.quads(subject):
            found.append(quad)
            if isinstance(quad.object, index.ox.BlankNode):
                todo.append(quad.object)
    return found
