"""``mbx export``: the MBX graph plus any -i files, in any RDF format."""

from __future__ import annotations

import click

from mbx.cli.options import input_format_option, input_option, output_option, rdf_format_option


@click.command()
@input_option()
@input_format_option
@rdf_format_option
@output_option
@click.option("--no-bundled", is_flag=True, help="Export only the -i files, not the MBX graph.")
@click.option(
    "--part",
    type=click.Choice(["all", "ontology", "claims"]),
    default="all",
    show_default=True,
    help="Which part of the MBX graph: the terms (mbx.owl), the knowledge graph (mbx-kg.owl) "
    "or both.",
)
@click.option(
    "--union",
    is_flag=True,
    help="One merged graph: drop the graph names (each triple once), also in N-Quads, TriG "
    "and JSON-LD.",
)
@click.option(
    "--stream",
    is_flag=True,
    help="N-Triples/N-Quads written as the input is read: not sorted, duplicates kept, "
    "blank nodes labelled in input order; for files too large to hold.",
)
def export(
    inputs: tuple[str, ...],
    input_format: str | None,
    format_name: str | None,
    output: str | None,
    no_bundled: bool,
    part: str,
    union: bool,
    stream: bool,
) -> None:
    """Export the MBX graph (terms and knowledge graph) plus any -i files.

    --part ontology exports the terms (graph:ontology), --part claims the
    knowledge graph (graph:kg and the graphs of the source documents), which
    imports the terms. Formats: turtle (ttl), jsonld (json-ld), ntriples (nt),
    nquads (nq), trig, rdfxml (xml, owl). N-Quads, TriG and JSON-LD keep the
    named graphs (read them with rdflib.Dataset, not rdflib.Graph), unless
    --union merges them. The output is sorted, with canonical blank-node
    labels: the same graph always gives the same bytes (docs/export.md).
    """
    from mbx.export import export as write
    from mbx.export.lines import Source, file_sources
    from mbx.formats import choose_format
    from mbx.output import check_not_an_input

    check_not_an_input(output, inputs)
    fmt = choose_format(format_name, output)
    sources = file_sources(inputs, input_format)
    if not no_bundled:
        from mbx.bundle import bundled_quads

        sources.insert(0, Source(quads=bundled_quads(part=part)))
    lines = write(sources, fmt, output, {}, stream=stream, union=union)
    if lines is not None and lines.fallback:
        click.echo(
            f"note: {lines.fallback} blank nodes were labelled in input order, past the "
            "canonicalisation work limit: the same input gives the same bytes, but the same "
            "graph written another way may not (docs/export.md)",
            err=True,
        )
