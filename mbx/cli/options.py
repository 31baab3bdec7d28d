"""Option types and options shared by several commands (ROBOT/Jena/Oxigraph habits: -i, -f, -o)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import click

from mbx.formats import ALIASES, FORMATS
from mbx.remote.http import MAX_TIMEOUT

F = TypeVar("F", bound=Callable[..., Any])


class NamedChoice(click.Choice[str]):
    """A case-insensitive :class:`click.Choice` of names and aliases, converted to the name.

    A value it does not know is a usage error (one ``Error:`` line, exit 2)
    that says what it is and what to give instead.
    """

    def __init__(self, names: Mapping[str, str], what: str, hint: str) -> None:
        super().__init__(list(names), case_sensitive=False)
        self.names = dict(names)
        self.what = what
        self.hint = hint

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        return self.names[super().convert(value, param, ctx)]

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        return f"unknown {self.what} {value!r}; {self.hint}"


class Seconds(click.FloatRange):
    """A positive, finite number of seconds, at most :data:`mbx.remote.http.MAX_TIMEOUT`."""

    name = "number of seconds"

    def __init__(self) -> None:
        super().__init__(min=0, max=int(MAX_TIMEOUT), min_open=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        seconds = super().convert(value, param, ctx)
        if math.isnan(seconds):  # FloatRange lets nan through: it compares false to both ends
            self.fail(f"{seconds} is not in the range {self._describe_range()}", param, ctx)
        return seconds


#: every RDF format name and alias, for -f and --input-format
RDF_FORMAT = NamedChoice(ALIASES, "RDF format", "use one of " + ", ".join(sorted(FORMATS)))
_FORMAT_HELP = "turtle (ttl), jsonld (json-ld), ntriples (nt), nquads (nq), trig, rdfxml (xml, owl)"


def input_option(
    help_text: str = "Add an RDF file (any format, '-' for stdin); repeatable.",
) -> Callable[[F], F]:
    """``-i/--input FILE`` (repeatable)."""
    return click.option("-i", "--input", "inputs", multiple=True, metavar="FILE", help=help_text)


input_format_option = click.option(
    "--input-format",
    type=RDF_FORMAT,
    metavar="FORMAT",
    help=f"Format of the -i files: {_FORMAT_HELP}. Default: from the extension; stdin: Turtle.",
)

rdf_format_option = click.option(
    "-f",
    "--format",
    "format_name",
    type=RDF_FORMAT,
    metavar="FORMAT",
    help=f"Output format: {_FORMAT_HELP}. Default: from the -o extension, else Turtle.",
)

output_option = click.option(
    "-o", "--output", metavar="FILE", help="Write here (atomically) instead of stdout."
)


def timeout_option(help_text: str) -> Callable[[F], F]:
    """``--timeout SECONDS``: a positive, finite number of seconds."""
    return click.option("--timeout", type=Seconds(), metavar="SECONDS", help=help_text)


#: ``--auth``: how credentials are sent to a server (mbx.remote.http)
auth_option = click.option(
    "--auth",
    type=NamedChoice(
        {"auto": "auto", "basic": "basic", "digest": "digest"},
        "authentication scheme",
        "use auto, basic or digest",
    ),
    default="auto",
    show_default=True,
    metavar="auto|basic|digest",
    help="HTTP authentication for the credentials (environment, URL or netrc): auto asks "
    "the server first.",
)

#: ``--allow-redirects``: follow redirects to other hosts too
redirects_option = click.option(
    "--allow-redirects",
    is_flag=True,
    help="Follow redirects to other hosts too (default: the same host only).",
)
