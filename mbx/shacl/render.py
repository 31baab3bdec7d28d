"""The validation report as text for people, JSON for scripts, or the SHACL report in Turtle."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from mbx.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from mbx.shacl.report import ValidationReport

#: the formats of ``mbx validate -f``
REPORT_FORMATS = ("text", "turtle", "json")


def render(report: ValidationReport, format_name: str = "text") -> str:
    """The report as ``text``, ``json`` or ``turtle``."""
    if format_name == "text":
        return to_text(report)
    if format_name == "json":
        return to_json(report)
    if format_name == "turtle":
        return to_turtle(report)
    raise UsageError(f"unknown report format {format_name!r}", hint="use text, turtle or json")


def to_text(report: ValidationReport) -> str:
    """A report for people, grouped by focus node."""
    if not report.results:
        return "No results: the data conforms to the shapes.\n"
    lines: list[str] = []
    current: str | None = None
    for r in report.results:
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


def to_json(report: ValidationReport) -> str:
    """A stable JSON document: sorted results, sorted keys."""
    doc = {
        "conforms": report.conforms,
        "counts": report.counts,
        "results": [asdict(r) for r in report.results],
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def to_turtle(report: ValidationReport) -> str:
    """The SHACL validation report graph as canonical Turtle (the same bytes every run)."""
    import pyoxigraph as ox

    from mbx.export import serialize_quads
    from mbx.formats import FORMATS
    from mbx.namespaces import RDF_TYPE, SH, XSD

    node = ox.BlankNode()
    quads = [
        ox.Quad(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + "ValidationReport")),
        ox.Quad(
            node,
            ox.NamedNode(SH + "conforms"),
            ox.Literal(str(report.conforms).lower(), datatype=ox.NamedNode(XSD + "boolean")),
        ),
        *(ox.Quad(node, ox.NamedNode(SH + "result"), result) for result in report.result_nodes),
        *report.quads,
    ]
    return serialize_quads(quads, FORMATS["turtle"], report.prefixes).decode("utf-8")
