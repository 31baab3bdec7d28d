"""``mbx matrix``: the Micronutrient Crosstalk Matrix as a table or a picture."""

from __future__ import annotations

import click

from mbx.cli.options import input_format_option, input_option

TEXT_FORMATS = ("table", "csv", "tsv", "json", "markdown")
EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".md": "markdown"}


@click.command()
@input_option(
    "Add your own claims (RDF, any format, '-' for stdin) that reuse MBX terms; repeatable."
)
@input_format_option
@click.option(
    "--rows",
    "rows",
    multiple=True,
    metavar="NAMES",
    help="Rows to show: kinds, terms (with their members) or classes, comma-separated; "
    "repeatable. Default: the dietary bioactives.",
)
@click.option(
    "--cols",
    "cols",
    multiple=True,
    metavar="NAMES",
    help="Columns to show, as --rows. Default: everything the rows' claims act on "
    "(roles left out).",
)
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(TEXT_FORMATS, case_sensitive=False),
    help="Text output: table (default), csv, tsv, json, markdown. Default: from the -o extension.",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write here (atomically); FILE.svg or FILE.png draws the matrix as a picture.",
)
def matrix(
    inputs: tuple[str, ...],
    input_format: str | None,
    rows: tuple[str, ...],
    cols: tuple[str, ...],
    format_name: str | None,
    output: str | None,
) -> None:
    """Which nutrients act on which myokines, receptors, processes and brain regions.

    One line per non-empty cell of the matrix: the row (a micronutrient or
    other dietary bioactive), the column (what its claims act on) and its
    kind, the direction (up, down, mixed, modulates, or linked for relations
    such as crosses or co-factor of), the strongest and weakest evidence level
    of the cell's claims, how many claims and documents support it, and how
    many of the claims are inherited from a group the row belongs to (a claim
    about "B vitamins" holds for vitamin B6). Read from the knowledge graph
    through SPARQL, with -i files added: your own claims show up. -o FILE.svg
    or FILE.png draws the grid. Exit 0, or 1 when no claim links the rows and
    columns asked for.
    """
    from pathlib import Path

    from mbx.axis import load_axis
    from mbx.draw import picture_format
    from mbx.errors import UsageError
    from mbx.matrix import build_matrix, render_matrix
    from mbx.output import write_output

    picture = picture_format(output)
    if picture and format_name:
        raise UsageError(
            f"-f {format_name} is a text format but -o {output} draws a picture",
            hint="leave out -f, or write the text to another file",
        )
    axis = load_axis(inputs, input_format=input_format)
    found = build_matrix(axis, rows, cols)
    if not found.cells:
        click.echo("mbx matrix: no claim links these rows and columns", err=True)
        raise SystemExit(1)
    if picture:
        from mbx.draw.grid import draw_matrix

        draw_matrix(found, str(output), picture)
        return
    fmt = (format_name or EXTENSIONS.get(Path(output or "").suffix.lower(), "table")).lower()
    write_output(render_matrix(found, fmt).encode("utf-8"), output)
