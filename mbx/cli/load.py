"""``mbx load``: push the MBX graph into a triple store (SPARQL 1.1 Graph Store Protocol)."""

from __future__ import annotations

import click

from mbx.cli.options import input_format_option, input_option, timeout_option


@click.command()
@click.option(
    "--store-url",
    metavar="URL",
    required=True,
    help="Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store (Oxigraph), "
    "http://localhost:3030/DATASET/data (Fuseki).",
)
@input_option()
@input_format_option
@click.option("--no-bundled", is_flag=True, help="Load only the -i files, not the MBX graph.")
@click.option(
    "--graph",
    metavar="IRI",
    help="The named graph to replace (default: https://w3id.org/mbx/graph/all).",
)
@click.option("--default-graph", is_flag=True, help="Load into the default graph instead.")
@click.option(
    "--by-source",
    is_flag=True,
    help="Load the ontology and each source document into its own named graph "
    "(graph:ontology, graph:000, ...).",
)
@click.option(
    "--append", is_flag=True, help="Add to the graph (HTTP POST) instead of replacing it (PUT)."
)
@click.option(
    "--endpoint",
    metavar="URL",
    help="SPARQL query endpoint to count the loaded triples with (default: GSP GET).",
)
@click.option(
    "--turtle", is_flag=True, help="Send the body as text/turtle instead of application/n-triples."
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show progress bars, reading then sending (default: when stderr is a terminal).",
)
@timeout_option("HTTP timeout per request.")
def load(
    store_url: str,
    inputs: tuple[str, ...],
    input_format: str | None,
    no_bundled: bool,
    graph: str | None,
    default_graph: bool,
    by_source: bool,
    append: bool,
    endpoint: str | None,
    turtle: bool,
    progress: bool | None,
    timeout: float | None,
) -> None:
    """Load the MBX graph (and any -i files) into a running triple store.

    Replaces the target graph by default (HTTP PUT: reloading never
    duplicates); --append adds to it (HTTP POST). Afterwards the triples in
    each target graph are counted and reported as each graph lands; a
    mismatch exits 1.
    """
    from mbx.export.lines import Source, file_sources
    from mbx.remote.gsp import load_into_store, load_target

    target = load_target(graph, default_graph=default_graph, by_source=by_source)
    sources = file_sources(inputs, input_format)
    if not no_bundled:
        from mbx.bundle import bundled_quads

        sources.insert(0, Source(quads=bundled_quads()))
    for report in load_into_store(
        store_url,
        sources,
        graph=target,
        by_source=by_source,
        append=append,
        endpoint=endpoint,
        turtle=turtle,
        progress=progress,
        timeout=timeout,
    ):
        line = f"loaded {report.sent} triples into {report.graph_name}"
        if report.before is not None:
            line += f" (it now holds {report.count})"
        click.echo(line, err=True)
