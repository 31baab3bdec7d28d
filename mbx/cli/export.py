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
def export(
    inputs: tuple[str, ...],
    input_format: str | None,
    format_name: str | None,
    output: str | None,
    no_bundled: bool,
    part: str,
    union: bool,
) -> None:
    """Export the MBX graph (terms and knowledge graph) plus any -i files.

    --part ontology exports the terms (graph:ontology), --part claims the
    knowledge graph (graph:kg and the graphs of the source documents), which
    imports the terms. Formats: turtle (ttl), jsonld (json-ld), ntriples (nt),
    nquads (nq), trig, rdfxml (xml, owl). N-Quads, TriG and JSON-LD keep the
    named graphs (read them with rdflib.Dataset, not rdflib.Graph), unless
    --union merges them.
    """
    from mbx.dataset import load_quads
    from mbx.export import serialize_quads
    from mbx.formats import choose_format
    from mbx.output import check_not_an_input, write_output

    check_not_an_input(output, inputs)
    fmt = choose_format(format_name, output)
    prefixes: dict[str, str] = {}
    quads = load_quads(
        inputs, bundled=not no_bundled, input_format=input_format, prefixes=prefixes, part=part
    )
    if union:
        import pyoxigraph as ox

        quads = list(dict.fromkeys(ox.Quad(*quad.triple) for quad in quads))
    write_output(serialize_quads(quads, fmt, prefixes), output)
