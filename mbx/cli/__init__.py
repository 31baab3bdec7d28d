"""The ``mbx`` command line: a thin click layer over the library modules.

Heavy libraries (rdflib, pyshacl, owlready2, pyoxigraph) are imported inside
the commands that use them, so ``mbx --help`` starts fast. Library errors are
mapped to exit codes here, in one place (see :mod:`mbx.errors`).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from mbx import __version__
from mbx.errors import MbxError


class MbxGroup(click.Group):
    """A click group that turns :class:`MbxError` into one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MbxError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:  # e.g. `mbx export | head`
            sys.stderr.close()
            sys.exit(0)


@click.group(cls=MbxGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mbx")
def main() -> None:
    """Muscle-Brain Crosstalk (MBX): ontology, claims as linked data, shapes.

    Exit codes: 0 success, 1 the check found problems, 2 bad input or usage,
    3 environment failure (endpoint unreachable, no Java).
    """


def _register() -> None:
    from mbx.cli import export, load, query, validate

    for command in (
        export.export,
        validate.validate,
        query.query,
        load.load,
        export.normalize,
    ):
        main.add_command(command)


_register()
