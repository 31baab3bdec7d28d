"""``mbx path``: the chains of claims from one term to another, as text or a diagram."""

from __future__ import annotations

import click

from mbx.cli.options import input_format_option, input_option

TEXT_FORMATS = ("table", "json", "markdown")
EXTENSIONS = {".json": "json", ".md": "markdown"}


@click.command()
@click.argument("ends", nargs=-1, metavar="FROM TO")
@click.option(
    "--max-hops",
    type=click.IntRange(1, 8),
    default=4,
    show_default=True,
    help="Most claim steps in a chain (membership steps such as 'vitamin B6 is a B vitamin' "
    "are free).",
)
@click.option(
    "--limit",
    type=click.IntRange(0),
    default=10,
    show_default=True,
    help="Show at most this many chains, shortest first (0: all).",
)
@click.option(
    "--overview",
    is_flag=True,
    help="Instead of FROM TO: draw the whole axis (needs -o FILE.svg or FILE.png).",
)
@input_option(
    "Add your own claims (RDF, any format, '-' for stdin) that reuse MBX terms; repeatable."
)
@input_format_option
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(TEXT_FORMATS, case_sensitive=False),
    help="Text output: table (default), json, markdown. Default: from the -o extension.",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write here (atomically); FILE.svg or FILE.png draws the chains left to right.",
)
def path(
    ends: tuple[str, ...],
    max_hops: int,
    limit: int,
    overview: bool,
    inputs: tuple[str, ...],
    input_format: str | None,
    format_name: str | None,
    output: str | None,
) -> None:
    """Chains of claims leading from FROM to TO, shortest first.

    FROM and TO are terms by label, synonym, CURIE or IRI, in any case
    ("vitamin D", BDNF, mbx:trkb); an unknown or ambiguous name is exit 2 with
    the closest names. Each chain is shown step by step: the relation, every
    claim behind the step with its evidence level, source document and quote;
    then the chain's weakest evidence and whether a step is only a hypothesis.
    Exit 0 when a chain exists, 1 when none does.
    """
    from pathlib import Path

    from mbx.draw import picture_format
    from mbx.errors import UsageError
    from mbx.output import write_output

    picture = picture_format(output)
    if picture and format_name:
        raise UsageError(
            f"-f {format_name} is a text format but -o {output} draws a picture",
            hint="leave out -f, or write the text to another file",
        )
    if overview:
        if ends:
            raise UsageError("--overview takes no FROM TO")
        if not picture:
            raise UsageError("--overview draws a picture", hint="give -o FILE.svg or -o FILE.png")
    elif len(ends) != 2:
        raise UsageError(
            f"expected FROM and TO, got {len(ends)} name{'s' if len(ends) != 1 else ''}",
            hint='quote names with spaces: mbx path "resistance training" synaptogenesis',
        )
    from mbx.axis import load_axis, resolve

    axis = load_axis(inputs, input_format=input_format)
    if overview:
        from mbx.draw.overview import draw_overview
        from mbx.paths import axis_overview

        draw_overview(axis_overview(axis), str(output), str(picture))
        return
    from mbx.paths import find_paths, render_paths

    source, target = resolve(axis, ends[0], "FROM"), resolve(axis, ends[1], "TO")
    if source == target:
        raise UsageError(f"FROM and TO name the same term, {axis.curie(source)}")
    result = find_paths(axis, source, target, max_hops)
    if not result.chains:
        click.echo(
            f"mbx path: no chain of claims leads from {axis.label(source)} to "
            f"{axis.label(target)} within {max_hops} hops",
            err=True,
        )
        raise SystemExit(1)
    if picture:
        from mbx.draw.chains import draw_paths

        draw_paths(result, str(output), picture, limit)
        return
    fmt = (format_name or EXTENSIONS.get(Path(output or "").suffix.lower(), "table")).lower()
    write_output(render_paths(result, fmt, limit).encode("utf-8"), output)
