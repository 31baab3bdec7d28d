"""``mbx export`` and ``mbx normalize``."""

from __future__ import annotations

import click

from mbx.cli.options import input_format_option, input_option, rdf_format_option


@click.command()
@input_option()
@input_format_option
@rdf_format_option
@click.option("-o", "--output", metavar="FILE", help="Write here (atomically) instead of stdout.")
@click.option("--no-bundled", is_flag=True, help="Export only the -i files, not the MBX graph.")
@click.option(
    "--part",
    type=click.Choice(["all", "ontology", "claims"]),
    default="all",
    show_default=True,
    help="Which part of the MBX graph: the terms (mbx.owl), the knowledge graph (mbx-kg.owl) "
    "or both.",
)
def export(
    inputs: tuple[str, ...],
    input_format: str | None,
    format_name: str | None,
    output: str | None,
    no_bundled: bool,
    part: str,
) -> None:
    """Export the MBX graph (terms and knowledge graph) plus any -i files.

    --part ontology exports the terms (graph:ontology), --part claims the
    knowledge graph (graph:kg and the graphs of the source documents), which
    imports the terms. Formats: turtle (ttl), jsonld (json-ld), ntriples (nt),
    nquads (nq), trig, rdfxml (xml, owl). N-Quads, TriG and JSON-LD keep the
    named graphs.
    """
    from mbx.export import serialize_quads
    from mbx.formats import choose_format
    from mbx.graph import load_quads
    from mbx.output import write_output

    fmt = choose_format(format_name, output)
    prefixes: dict[str, str] = {}
    quads = load_quads(
        inputs, bundled=not no_bundled, input_format=input_format, prefixes=prefixes, part=part
    )
    write_output(serialize_quads(quads, fmt, prefixes), output)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--check", is_flag=True, help="Only report files that are not canonical (exit 1).")
def normalize(files: tuple[str, ...], check: bool) -> None:
    """Rewrite Turtle FILES in canonical form (in place), or --check them."""
    from mbx.errors import CheckFailed
    from mbx.export import normalize_file

    stale = []
    for name in files:
        if normalize_file(name, check=check):
            stale.append(name)
            if not check:
                click.echo(f"normalized {name}", err=True)
    if check and stale:
        raise CheckFailed(
            f"not in canonical form: {', '.join(stale)}", hint="run `mbx normalize FILE`"
        )
