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
    union: bool,
) -> None:
    """Export the MBX graph (ontology, entities, claims) plus any -i files.

    Formats: turtle (ttl), jsonld (json-ld), ntriples (nt), nquads (nq), trig,
    rdfxml (xml, owl). N-Quads, TriG and JSON-LD keep the named graphs (read
    them with rdflib.Dataset, not rdflib.Graph), unless --union merges them.
    """
    from mbx.dataset import load_quads
    from mbx.export import serialize_quads
    from mbx.formats import choose_format
    from mbx.output import write_output

    fmt = choose_format(format_name, output)
    prefixes: dict[str, str] = {}
    quads = load_quads(inputs, bundled=not no_bundled, input_format=input_format, prefixes=prefixes)
    if union:
        import pyoxigraph as ox

        quads = list(dict.fromkeys(ox.Quad(*quad.triple) for quad in quads))
    write_output(serialize_quads(quads, fmt, prefixes), output)
