"""``mbx load``: push the MBX graph into a triple store (SPARQL 1.1 Graph Store Protocol)."""

from __future__ import annotations

import click

from mbx.cli.options import (
    NamedChoice,
    auth_option,
    input_format_option,
    input_option,
    redirects_option,
    timeout_option,
)

#: the most kinds of rewrite listed for one graph (then a count of the rest)
SHOWN_GROUPS = 20


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
    help="SPARQL query endpoint to count with (--verify count), or to read a graph the "
    "store cuts short over GSP (--verify exact).",
)
@click.option(
    "--verify",
    type=NamedChoice(
        {m: m for m in ("exact", "count", "none")}, "verify mode", "use exact, count or none"
    ),
    default="exact",
    show_default=True,
    metavar="exact|count|none",
    help="After loading: fetch each graph back and compare it with what was sent (exact), "
    "count its triples (count), or trust the store (none).",
)
@click.option(
    "--on-rewrite",
    type=NamedChoice(
        {m: m for m in ("warn", "error", "ignore")},
        "--on-rewrite value",
        "use warn, error or ignore",
    ),
    default="warn",
    show_default=True,
    metavar="warn|error|ignore",
    help="--verify exact: what a literal the store rewrote (e.g. \"5.0\" to \"5\") is: "
    "a warning, an error (exit 1), or nothing.",
)
@click.option(
    "--turtle", is_flag=True, help="Send the body as text/turtle instead of application/n-triples."
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show progress bars, reading then sending (default: when stderr is a terminal).",
)
@auth_option
@redirects_option
@timeout_option("Wait at most SECONDS for each HTTP answer (default 300).")
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
    verify: str,
    on_rewrite: str,
    auth: str,
    allow_redirects: bool,
    timeout: float | None,
) -> None:
    """Load the MBX graph (and any -i files) into a running triple store.

    Replaces the target graph by default (HTTP PUT: reloading never
    duplicates); --append adds to it (HTTP POST). Afterwards each target
    graph is fetched back and compared with what was sent (--verify), and
    reported as it lands; missing or extra triples exit 1, literals the
    store rewrote are listed (--on-rewrite).
    """
    from mbx.errors import CheckFailed
    from mbx.export.lines import Source, file_sources
    from mbx.remote.gsp import load_into_store, load_target
    from mbx.remote.http import STORE_CREDENTIALS
    from mbx.remote.verify import group_rewrites

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
        credentials=STORE_CREDENTIALS.with_scheme(auth),
        verify=verify,
        allow_redirects=allow_redirects,
    ):
        if report.count is None:
            click.echo(
                f"sent {report.sent} triples to {report.graph_name} (not verified)", err=True
            )
            continue
        line = f"loaded {report.sent} triples into {report.graph_name}"
        if report.before is not None:
            line += f" (it now holds {report.count})"
        click.echo(line, err=True)
        rewrites = report.comparison.rewrites if report.comparison else []
        on_blank = report.comparison.blank_rewritten if report.comparison else 0
        if not (rewrites or on_blank) or on_rewrite == "ignore":
            continue
        label = "Error" if on_rewrite == "error" else "Warning"
        if on_blank:
            click.echo(
                f"{label}: {report.graph_name}: {on_blank} triples with blank nodes came back "
                "with literals in another form of the same value",
                err=True,
            )
        groups = group_rewrites(rewrites)
        for group in groups[:SHOWN_GROUPS]:
            click.echo(f"{label}: {report.graph_name}: {group.describe()}", err=True)
        if len(groups) > SHOWN_GROUPS:
            more = sum(len(g.rewrites) for g in groups[SHOWN_GROUPS:])
            click.echo(f"{label}: {report.graph_name}: {more} more rewritten literals", err=True)
        if on_rewrite == "error":
            raise CheckFailed(
                f"{report.graph_name}: the store rewrote {len(rewrites) + on_blank} literal"
                f"{'s' if len(rewrites) + on_blank != 1 else ''}",
                hint="see above; --on-rewrite warn accepts it",
            )
