"""The ``mbx`` command line: the click group, and library errors mapped to exit codes in one place.

Heavy libraries (rdflib, pyshacl, owlready2, pyoxigraph) are imported inside
the commands that use them, so ``mbx --help`` starts fast. Library errors are
mapped to exit codes here, in one place (see :mod:`mbx.errors`).
"""

from __future__ import annotations

import sys
import warnings
from typing import Any, NoReturn

import click

from mbx import __version__
from mbx.errors import MbxError


class MbxGroup(click.Group):
    """A click group that turns :class:`MbxError` (and click's usage errors) into one line."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError as exc:  # `mbx` alone: help, as click does
            exc.show()
            sys.exit(exc.exit_code)
        except click.UsageError as exc:  # `mbx --bogus`
            _usage_error(exc)

    def invoke(self, ctx: click.Context) -> Any:
        warnings.formatwarning = _one_line_warning  # e.g. pySHACL's ShapeRecursionWarning
        try:
            return super().invoke(ctx)
        except MbxError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except click.UsageError as exc:  # click's own: bad option value, unknown command
            _usage_error(exc)
        except BrokenPipeError:  # e.g. `mbx export | head`
            sys.stderr.close()
            sys.exit(0)


def _one_line_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    line: str | None = None,
) -> str:
    """A library's warning as one `Warning:` line, without its file, line and source."""
    text = " ".join(str(message).split())
    return f"Warning: {category.__name__}: {text}\n"


def _usage_error(exc: click.UsageError) -> NoReturn:
    """click's usage errors as one `Error:` line (exit 2), like every other error."""
    command = exc.ctx.command_path if exc.ctx is not None else "mbx"
    message = " ".join(exc.format_message().split()).rstrip(".")
    click.echo(f"Error: {message}; see `{command} --help`", err=True)
    sys.exit(exc.exit_code)


@click.group(cls=MbxGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mbx")
def main() -> None:
    """Muscle-Brain Crosstalk (MBX): ontology, claims as linked data, shapes.

    Exit codes: 0 success, 1 the check found problems, 2 bad input or usage,
    3 environment failure (endpoint unreachable, no Java).
    """


def _register() -> None:
    from mbx.cli import build, check, export, load, normalize, query, reason, validate
    from mbx.cli.matrix import matrix
    from mbx.cli.path import path

    for command in (
        export.export,
        validate.validate,
        query.query,
        load.load,
        normalize.normalize,
        check.check,
        reason.reason,
        build.build,
        matrix,
        path,
    ):
        main.add_command(command)


_register()
