"""``mbx validate``: check the MBX graph, or your own data, against the SHACL shapes."""

from __future__ import annotations

import click

from mbx.cli.options import input_format_option, input_option
from mbx.shacl.render import REPORT_FORMATS
from mbx.shacl.report import SEVERITIES
from mbx.shacl.runner import ENGINES, VALIDATE_TIMEOUT


@click.command()
@input_option(
    "Validate this RDF file (any format, '-' for stdin) instead of the bundled graph; "
    "repeatable. The MBX ontology is used to resolve classes."
)
@input_format_option
@click.option(
    "--shapes",
    "shapes_files",
    multiple=True,
    metavar="FILE",
    help="Add the shapes of this RDF file to the shipped ones; repeatable.",
)
@click.option(
    "--shapes-only",
    "--replace-shapes",
    "shapes_only",
    is_flag=True,
    help="Use only the --shapes files, not the shipped MBX shapes.",
)
@click.option(
    "--kg-shapes",
    is_flag=True,
    help="Also apply MBX's own curation rules (shapes/mbx-kg-shapes.ttl) to the -i files.",
)
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(REPORT_FORMATS, case_sensitive=False),
    default="text",
    show_default=True,
    help="Report format: text for people, turtle (the SHACL report graph), json for scripts.",
)
@click.option(
    "-o", "--output", metavar="FILE", help="Write the report here (atomically) instead of stdout."
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES, case_sensitive=False),
    default="violation",
    show_default=True,
    help="Least severe result that makes the data fail (exit 1).",
)
@click.option(
    "--timeout",
    type=float,
    default=VALIDATE_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Stop the validation after this many seconds (exit 3).",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let SPARQL in the --shapes files use SERVICE (it fetches data from other servers).",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES, case_sensitive=False),
    default=ENGINES[0],
    show_default=True,
    help="SHACL engine: oxigraph (fast; falls back to pySHACL for shapes it does not "
    "evaluate, e.g. SHACL rules) or pyshacl (the reference). Both give the same report.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar for -i files, reading then validating (default: when stderr "
    "is a terminal).",
)
@click.pass_context
def validate(
    ctx: click.Context,
    inputs: tuple[str, ...],
    input_format: str | None,
    shapes_files: tuple[str, ...],
    shapes_only: bool,
    kg_shapes: bool,
    format_name: str,
    output: str | None,
    fail_on: str,
    timeout: float,
    allow_service: bool,
    engine: str,
    progress: bool | None,
) -> None:
    """Validate the MBX graph (or the -i files) against the SHACL shapes.

    Without -i the bundled graph (terms and knowledge graph) is validated
    against all shipped shapes. With -i your files are validated against the
    shapes for data that reuses MBX (shapes/mbx-shapes.ttl; --kg-shapes adds
    MBX's own curation rules), with the MBX terms mixed in so that classes and
    sub-classes are known; only results about nodes of your files are
    reported. The report goes to stdout
    (or -o), a one-line summary to stderr.

    Exit codes: 0 conforms, 1 violations (or warnings/info with --fail-on),
    2 bad input (malformed data or shapes), 3 environment failure.
    """
    from mbx.errors import CheckFailed, UsageError
    from mbx.output import check_not_an_input, write_output
    from mbx.shacl.runner import validate_sources

    check_not_an_input(output, [*inputs, *shapes_files])
    if not 0 < timeout <= 7 * 24 * 3600:
        raise UsageError("--timeout must be a positive number of seconds, at most a week")
    if shapes_only and not shapes_files:
        raise UsageError("--shapes-only needs at least one --shapes FILE")
    report = validate_sources(
        inputs,
        shapes_files=shapes_files,
        shipped_shapes=not shapes_only,
        input_format=input_format,
        fail_on=fail_on.lower(),
        kg_shapes=kg_shapes,
        timeout=timeout,
        allow_service=allow_service,
        engine=engine.lower(),
        progress=progress,
    )
    write_output(report.render(format_name.lower()).encode("utf-8"), output)
    click.echo(report.summary(), err=True)
    if not report.conforms:
        ctx.exit(CheckFailed.exit_code)
