"""``mbx check``: ROBOT's report rules, FOOPS! metadata and MBX's claim rules, as SPARQL files."""

from __future__ import annotations

import click

from mbx.cli.options import input_format_option, input_option


@click.command()
@input_option(
    "Check this RDF file (any format, '-' for stdin) instead of the bundled graph; repeatable."
)
@input_format_option
@click.option(
    "--with-mbx",
    is_flag=True,
    help="Check the -i files together with the bundled MBX graph (finds clashes with MBX "
    "terms, such as a shared label); combine with --base-iri to report only your terms.",
)
@click.option(
    "--base-iri",
    "base_iris",
    multiple=True,
    metavar="IRI",
    help="Report only problems about entities whose IRI starts with IRI (like ROBOT's "
    "--base-iri); repeatable.",
)
@click.option(
    "--rules",
    "rule_paths",
    multiple=True,
    metavar="DIR",
    help="Add the rules of this folder (files named <rule>-violation.rq) or file; "
    "repeatable. A rule named like a shipped one replaces it.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warn", "info", "none"], case_sensitive=False),
    default="error",
    show_default=True,
    help="Least severe level that makes the check fail (exit 1); none never fails.",
)
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(["table", "tsv", "json", "markdown"], case_sensitive=False),
    default="table",
    show_default=True,
    help="Report format: an aligned table, ROBOT's TSV columns, JSON, or a Markdown table.",
)
@click.option(
    "-o", "--output", metavar="FILE", help="Write the report here (atomically) instead of stdout."
)
@click.option("--list", "list_rules", is_flag=True, help="List the rules with their levels.")
@click.pass_context
def check(
    ctx: click.Context,
    inputs: tuple[str, ...],
    input_format: str | None,
    with_mbx: bool,
    base_iris: tuple[str, ...],
    rule_paths: tuple[str, ...],
    fail_on: str,
    format_name: str,
    output: str | None,
    list_rules: bool,
) -> None:
    """Quality report: every rule of ROBOT's default report profile, FOOPS!'s metadata, claims.

    Each rule is a SPARQL SELECT file whose every row (?entity ?property
    ?value, optionally ?message) is a problem at the rule's level: ERROR,
    WARN or INFO. Without -i the bundled MBX graph is checked; with -i your
    files are (add --with-mbx to check them together with MBX). The report
    goes to stdout (or -o), a one-line summary to stderr. docs/check.md lists
    every rule.

    Exit codes: 0 passed, 1 a problem at or above the --fail-on level,
    2 bad input (malformed data, a rule that is not a SELECT with ?entity).
    """
    from mbx.check import load_rules, run_checks
    from mbx.check.render import render, rules_table
    from mbx.dataset import load_quads
    from mbx.errors import CheckFailed, UsageError
    from mbx.output import check_not_an_input, write_output

    check_not_an_input(output, [*inputs, *rule_paths])
    rules = load_rules(rule_paths)
    if list_rules:
        write_output(rules_table(rules).encode("utf-8"), output)
        return
    if with_mbx and not inputs:
        raise UsageError("--with-mbx needs -i FILE", hint="without -i the MBX graph is checked")
    prefixes: dict[str, str] = {}
    quads = load_quads(
        inputs,
        bundled=with_mbx or not inputs,
        input_format=input_format,
        prefixes=prefixes,
    )
    report = run_checks(quads, rules, base_iris=base_iris, fail_on=fail_on.lower())
    write_output(render(report, format_name.lower(), prefixes).encode("utf-8"), output)
    click.echo(report.summary(), err=True)
    if report.failed:
        ctx.exit(CheckFailed.exit_code)
