"""Options shared by several commands (ROBOT/Jena/Oxigraph habits: -i, -f, -o)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click


def check_rdf_format(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Accept any alias of an RDF format; an unknown name is one `Error:` line (exit 2)."""
    if value:
        from mbx.formats import resolve_format

        resolve_format(value)  # raises UsageError, reported by the group as one line
    return value


F = TypeVar("F", bound=Callable[..., Any])


def input_option(
    help_text: str = "Add an RDF file (any format, '-' for stdin); repeatable.",
) -> Callable[[F], F]:
    """``-i/--input FILE`` (repeatable)."""
    return click.option("-i", "--input", "inputs", multiple=True, metavar="FILE", help=help_text)


input_format_option = click.option(
    "--input-format",
    metavar="FORMAT",
    callback=check_rdf_format,
    help="Format of the -i files: turtle (ttl), jsonld, ntriples (nt), nquads (nq), trig, "
    "rdfxml (xml, owl). Default: from the extension; stdin: Turtle.",
)

rdf_format_option = click.option(
    "-f",
    "--format",
    "format_name",
    metavar="FORMAT",
    callback=check_rdf_format,
    help="Output format: turtle (ttl), jsonld (json-ld), ntriples (nt), nquads (nq), trig, "
    "rdfxml (xml, owl). Default: from the -o extension, else Turtle.",
)
