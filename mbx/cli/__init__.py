"""The ``mbx`` command line: the click group, and library errors mapped to exit codes in one place.

Heavy libraries (rdflib, pyshacl, owlready2, pyoxigraph) are imported inside
the commands that use them, and a command's module is imported only when that
command runs (:data:`COMMANDS`), so ``mbx --help`` starts fast. Library errors are
mapped to exit codes here, in one place (see :mod:`mbx.errors`), and every
message is printed through :func:`mbx.errors.printable` (credentials masked,
one line, control characters escaped). SIGHUP and SIGTERM stop mbx like
Ctrl-C does: cleanups run, one line, exit 128+N.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import signal
import sys
import warnings
from typing import Any, NoReturn

import click

from mbx import __version__
from mbx.errors import MbxError, Stopped, printable

#: write failures that mean "the output cannot take it" (a full disk, a device error)
_WRITE_FAILURES = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}


#: every command: its module, and the help ``mbx --help`` shortens (the first
#: paragraph of its docstring; tests/test_architecture.py keeps the two equal)
COMMANDS: dict[str, tuple[str, str]] = {
    "build": (
        "mbx.cli.build",
        "Build a release: the terms, the full variant, the knowledge graph, docs.",
    ),
    "check": (
        "mbx.cli.check",
        "Quality report: every rule of ROBOT's default report profile, FOOPS!'s metadata, claims.",
    ),
    "export": (
        "mbx.cli.export",
        "Export the MBX graph (terms and knowledge graph) plus any -i files.",
    ),
    "load": (
        "mbx.cli.load",
        "Load the MBX graph (and any -i files) into a running triple store.",
    ),
    "matrix": (
        "mbx.cli.matrix",
        "Which nutrients act on which myokines, receptors, processes and brain regions.",
    ),
    "normalize": (
        "mbx.cli.normalize",
        "Rewrite Turtle FILES in canonical form (in place), or --check them.",
    ),
    "path": ("mbx.cli.path", "Chains of claims leading from FROM to TO, shortest first."),
    "query": (
        "mbx.cli.query",
        "Run a SPARQL query: QUERY inline, -q FILE, or --name NAME from the library.",
    ),
    "reason": (
        "mbx.cli.reason",
        "Run the HermiT reasoner: consistency, unsatisfiable classes, inferred hierarchy"
        " and types.",
    ),
    "validate": (
        "mbx.cli.validate",
        "Validate the MBX graph (or the -i files) against the SHACL shapes.",
    ),
}


class MbxGroup(click.Group):
    """A click group that turns :class:`MbxError` (and click's usage errors) into one line.

    Its commands are lazy: ``mbx --help`` lists them from :data:`COMMANDS`, and a
    command's module is imported when the command is asked for.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            module = importlib.import_module(COMMANDS[cmd_name][0])
            self.add_command(getattr(module, cmd_name), cmd_name)
        return self.commands[cmd_name]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list without importing a command (click's layout, :data:`COMMANDS`' text)."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, _listed(name).get_short_help_str(limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from mbx.redaction import remember_arguments

        remember_arguments(args)  # the secrets of every URL given are known before any request
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError as exc:  # `mbx` alone: help, as click does
            exc.show()
            sys.exit(exc.exit_code)
        except click.UsageError as exc:  # `mbx --bogus`
            _usage_error(exc)

    def invoke(self, ctx: click.Context) -> Any:
        warnings.formatwarning = _one_line_warning  # e.g. pySHACL's ShapeRecursionWarning
        previous = _stop_on_signals()
        try:
            return super().invoke(ctx)
        except MbxError as exc:
            _fail(str(exc), exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise  # ctx.exit(1): a status, not an error
        except click.UsageError as exc:  # click's own: bad option value, unknown command
            _usage_error(exc)
        except BrokenPipeError:  # e.g. `mbx export | head`
            _silence_stdout()
            sys.stderr.close()
            sys.exit(0)
        except Stopped as exc:
            _fail(f"stopped by {exc.name}; {exc.detail}", exc.exit_code)
        except KeyboardInterrupt:
            _fail("stopped by SIGINT (Ctrl-C); nothing was written", 128 + signal.SIGINT)
        except OSError as exc:
            if exc.errno not in _WRITE_FAILURES:
                _internal_error(exc)
            _silence_stdout()
            _fail(f"cannot write the output: {exc.strerror}", 2)
        except MemoryError:
            _fail("out of memory", 3, "give mbx less data at once, or more memory")
        except Exception as exc:
            _internal_error(exc)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


def _listed(name: str) -> click.Command:
    """A stand-in for command NAME carrying only its help, as ``mbx --help`` lists it."""
    return click.Command(name, help=COMMANDS[name][1])


def _fail(message: str, code: int, hint: str | None = None) -> NoReturn:
    text = f"{message}; {hint}" if hint else message
    with contextlib.suppress(OSError, ValueError):  # stderr itself may be gone
        click.echo(f"Error: {printable(text)}", err=True)
    sys.exit(code)


def _internal_error(exc: BaseException) -> NoReturn:
    """A bug in mbx: one line still (MBX_DEBUG=1 shows the traceback)."""
    if os.environ.get("MBX_DEBUG"):
        raise exc
    _fail(
        f"internal error: {type(exc).__name__}: {exc}",
        3,
        "this is a bug in mbx, please report it (MBX_DEBUG=1 shows the traceback)",
    )


def _silence_stdout() -> None:
    """After a failed write, what is left in stdout's buffer goes nowhere (no second error)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _stop_on_signals() -> dict[int, Any]:
    """SIGHUP and SIGTERM raise :class:`Stopped`, so temporary files are removed.

    Returns the handlers they had, restored when the command is done.
    """

    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    previous: dict[int, Any] = {}
    for signum in (signal.SIGHUP, signal.SIGTERM):
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            previous[signum] = signal.signal(signum, stop)
    return previous


def _one_line_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    line: str | None = None,
) -> str:
    """A library's warning as one `Warning:` line, without its file, line and source."""
    return f"Warning: {category.__name__}: {printable(message)}\n"


def _usage_error(exc: click.UsageError) -> NoReturn:
    """click's usage errors as one `Error:` line (exit 2), like every other error."""
    command = exc.ctx.command_path if exc.ctx is not None else "mbx"
    message = exc.format_message().strip().rstrip(".")
    _fail(f"{message}; see `{command} --help`", exc.exit_code)


@click.group(cls=MbxGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mbx")
def main() -> None:
    """Muscle-Brain Crosstalk (MBX): ontology, claims as linked data, shapes.

    Exit codes: 0 success, 1 the check found problems, 2 bad input or usage,
    3 environment failure (endpoint unreachable, no Java).
    """


def all_commands() -> dict[str, click.Command]:
    """Every command, imported (for tests and docs that walk them all)."""
    ctx = click.Context(main)
    found = {name: main.get_command(ctx, name) for name in main.list_commands(ctx)}
    return {name: command for name, command in found.items() if command is not None}
