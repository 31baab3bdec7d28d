"""``mbx query``: SPARQL over the bundled graph, a local store or an endpoint."""

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
from mbx.formats import ALIASES
from mbx.sparql.results import RESULT_FORMATS

#: SELECT/ASK result formats first; "json" and "xml" mean SPARQL results there,
#: and the RDF aliases of mbx.formats apply to CONSTRUCT/DESCRIBE.
FORMAT_NAMES = ("table", *RESULT_FORMATS, *sorted(set(ALIASES) - set(RESULT_FORMATS)))
OUTPUT_FORMAT = NamedChoice(
    {name: name for name in FORMAT_NAMES},
    "output format",
    "use table, csv, tsv, json or xml (SELECT/ASK), or an RDF format such as "
    "turtle, jsonld, nt, nq, trig, xml (CONSTRUCT/DESCRIBE)",
)


@click.command()
@click.argument("query", required=False)
@click.option(
    "-q", "--query-file", metavar="FILE", help="Read the query from FILE ('-' for stdin)."
)
@click.option("--name", metavar="NAME", help="Run the shipped query NAME (see --list).")
@click.option(
    "--list", "list_queries", is_flag=True, help="List the shipped queries and their questions."
)
@input_option()
@input_format_option
@click.option(
    "--no-bundled", is_flag=True, help="Leave out the bundled MBX graph (query only -i files)."
)
@click.option(
    "--store",
    "store_dir",
    metavar="DIR",
    help="Use a persistent pyoxigraph store in DIR (loaded on first use, then reused).",
)
@click.option(
    "--endpoint", metavar="URL", help="Send the query to this SPARQL 1.1 endpoint instead."
)
@click.option(
    "-f",
    "--format",
    "format_name",
    type=OUTPUT_FORMAT,
    metavar="FORMAT",
    help="SELECT/ASK: table (default), csv, tsv, json, xml. "
    "CONSTRUCT/DESCRIBE: turtle (default), jsonld, nt, nq, trig, xml.",
)
@click.option("-o", "--output", metavar="FILE", help="Write here (atomically) instead of stdout.")
@click.option("--labels", is_flag=True, help="Table: show the label of IRIs next to them.")
@click.option("--update", is_flag=True, help="Allow SPARQL Update (needs --store or --endpoint).")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE (federated queries).")
@click.option(
    "--method",
    type=NamedChoice(
        {m: m for m in ("auto", "get", "post-form", "post-direct")},
        "method",
        "use auto, get, post-form or post-direct",
    ),
    default="auto",
    show_default=True,
    metavar="auto|get|post-form|post-direct",
    help="--endpoint: how the query travels; auto is GET for short queries, else a form POST.",
)
@auth_option
@redirects_option
@timeout_option(
    "Stop the query after SECONDS (exit 3); --endpoint: wait at most SECONDS for an answer "
    "(default 300)."
)
@click.option("--exit-on-false", is_flag=True, help="ASK: exit 1 when the answer is false.")
def query(
    query: str | None,
    query_file: str | None,
    name: str | None,
    list_queries: bool,
    inputs: tuple[str, ...],
    input_format: str | None,
    no_bundled: bool,
    store_dir: str | None,
    endpoint: str | None,
    format_name: str | None,
    output: str | None,
    labels: bool,
    update: bool,
    allow_service: bool,
    method: str,
    auth: str,
    allow_redirects: bool,
    timeout: float | None,
    exit_on_false: bool,
) -> None:
    """Run a SPARQL query: QUERY inline, -q FILE, or --name NAME from the library.

    Runs over the bundled MBX graph plus any -i files (pyoxigraph; patterns
    outside GRAPH see every graph; the MBX prefixes are predeclared), over a
    --store DIR, or against an --endpoint URL. Read-only unless --update;
    SERVICE only with --allow-service.
    """
    from mbx.errors import UsageError
    from mbx.output import write_output
    from mbx.sparql import run_query
    from mbx.sparql.library import library_table, query_or_file, read_query
    from mbx.sparql.writers import results_kind, write_result

    if list_queries:
        if query or query_file or name:
            raise UsageError("--list takes no query")
        write_output(library_table().encode("utf-8"), output)
        return
    query, query_file = query_or_file(query, query_file)
    text, source = read_query(query, file=query_file, name=name)
    if labels and format_name and format_name != "table":
        raise UsageError("--labels applies to the table output only")
    result = run_query(
        text,
        source=source,
        inputs=inputs,
        bundled=not no_bundled,
        input_format=input_format,
        store_dir=store_dir,
        endpoint=endpoint,
        update=update,
        allow_service=allow_service,
        labels=labels,
        timeout=timeout,
        kind=results_kind(text, format_name, output),
        method=method,
        auth=None if auth == "auto" else auth,
        allow_redirects=allow_redirects,
    )
    if result.cut_at is not None:
        click.echo(
            f"Warning: the endpoint returns at most {result.cut_at} results and this answer "
            "has that many: it may be cut (Virtuoso: ResultSetMaxRows); page with LIMIT/OFFSET",
            err=True,
        )
    if result.loaded is not None and store_dir:
        click.echo(f"loaded {result.loaded} quads into the store {store_dir}", err=True)
    if result.form == "UPDATE":
        click.echo("update applied", err=True)
        return
    write_output(write_result(result, format_name, output), output)
    if result.form == "ASK" and exit_on_false and not result.boolean:
        raise SystemExit(1)
