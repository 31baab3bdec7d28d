"""``mbx reason``: HermiT over the MBX graph or your files; -o writes the inferences too."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from mbx.cli.options import input_format_option, input_option, rdf_format_option

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

    from mbx.reason import Reasoning


@click.command()
@input_option(
    "Reason over this RDF file (any format, '-' for stdin) instead of the bundled graph; "
    "repeatable."
)
@input_format_option
@click.option(
    "--with-mbx",
    is_flag=True,
    help="Reason over the -i files together with the bundled MBX graph (its classes, "
    "disjointness axioms, domains and ranges).",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write the graph with the inferences materialised (the 'full' variant; in quad "
    "formats they are in graph:inferred), atomically.",
)
@rdf_format_option
@click.option(
    "--include-indirect",
    is_flag=True,
    help="With -o, assert every entailed superclass and type, not only the direct ones.",
)
@click.option(
    "--no-explain",
    is_flag=True,
    help="Do not run Pellet to explain an inconsistency or unsatisfiable classes (faster).",
)
@click.pass_context
def reason(
    ctx: click.Context,
    inputs: tuple[str, ...],
    input_format: str | None,
    with_mbx: bool,
    output: str | None,
    format_name: str | None,
    include_indirect: bool,
    no_explain: bool,
) -> None:
    """Run the HermiT reasoner: consistency, unsatisfiable classes, inferred hierarchy and types.

    Without -i the bundled MBX graph is reasoned over; with -i your files
    (add --with-mbx to include MBX). HermiT runs through owlready2 in a
    private world and needs Java 11 or later. When the ontology is
    inconsistent or a class unsatisfiable, Pellet (shipped with owlready2)
    names the axioms involved. owl:imports are not followed: give imported
    files with -i. The report goes to stdout (stderr when -o is -), a one-line
    summary with the time split to stderr.

    Exit codes: 0 consistent and coherent, 1 inconsistent or an unsatisfiable
    class, 2 bad input, 3 no Java runtime.
    """
    from mbx.dataset import load_quads
    from mbx.errors import CheckFailed, UsageError
    from mbx.formats import choose_format
    from mbx.output import write_output
    from mbx.reason import find_java, materialised
    from mbx.reason import reason as run_hermit

    if with_mbx and not inputs:
        raise UsageError("--with-mbx needs -i FILE", hint="without -i the MBX graph is used")
    if include_indirect and not output:
        raise UsageError("--include-indirect needs -o FILE")
    from mbx.output import check_not_an_input

    check_not_an_input(output, inputs)
    fmt = choose_format(format_name, output) if output else None
    java = find_java()  # before any work: no Java is exit 3 at once
    start = time.perf_counter()
    prefixes: dict[str, str] = {}
    quads = load_quads(
        inputs, bundled=with_mbx or not inputs, input_format=input_format, prefixes=prefixes
    )
    parse = time.perf_counter() - start
    result = run_hermit(quads, explain=not no_explain, java=java)
    to_stderr = output == "-"
    click.echo(_report(result, quads, prefixes), nl=False, err=to_stderr)
    if output and fmt is not None and result.consistent:
        from mbx.export import serialize_quads

        graph = materialised(quads, result, indirect=include_indirect)
        write_output(serialize_quads(graph, fmt, prefixes), output)
    t = result.timings
    split = f"parse {parse:.2f} s, convert {t['convert']:.2f} s, owlready2 {t['owlready2']:.2f} s"
    split += f", HermiT {t['hermit']:.2f} s"
    if "explain" in t:
        split += f", Pellet explanation {t['explain']:.2f} s"
    if not result.consistent:
        verdict = "inconsistent"
    elif result.unsatisfiable:
        verdict = f"consistent, {len(result.unsatisfiable)} unsatisfiable class(es)"
    else:
        verdict = "consistent and coherent"
    click.echo(f"mbx reason: {verdict}; {len(result.inferred)} inferred ({split})", err=True)
    for iri in result.not_followed:
        click.echo(f"Note: owl:imports <{iri}> not followed; give that file with -i", err=True)
    if output and not result.consistent:
        click.echo(
            "Note: nothing written to -o: an inconsistent ontology entails anything", err=True
        )
    if not result.coherent:
        ctx.exit(CheckFailed.exit_code)


def _report(result: Reasoning, quads: Sequence[pyoxigraph.Quad], prefixes: dict[str, str]) -> str:
    """The report: verdict, unsatisfiable classes, inferences, explanation with a legend."""
    from mbx.namespaces import compress
    from mbx.reason import labels_of

    labels = labels_of(quads)

    def named(term: object) -> str:
        iri = getattr(term, "value", str(term))
        label = labels.get(iri)
        return f"{compress(iri, prefixes)} ({label})" if label else compress(iri, prefixes)

    lines = [f"consistent: {'yes' if result.consistent else 'no'}"]
    if result.consistent:
        lines.append(f"unsatisfiable classes: {len(result.unsatisfiable) or 'none'}")
        lines += [f"  {named(iri)} <{iri}>" for iri, _ in result.unsatisfiable]
        lines.append(f"inferred (direct, not asserted): {len(result.inferred) or 'nothing new'}")
        lines += [
            f"  {named(t.subject)} {compress(t.predicate.value, prefixes)} {named(t.object)}"
            for t in result.inferred
        ]
    if result.explanation:
        lines.append("explanation (Pellet; the axioms involved):")
        lines += [f"  {line}" for line in result.explanation]
        lines += _legend(result.explanation, labels, prefixes)
    elif not result.coherent:
        lines.append("explanation: not computed (--no-explain, or Pellet found none)")
    return "\n".join(lines) + "\n"


def _legend(explanation: list[str], labels: dict[str, str], prefixes: dict[str, str]) -> list[str]:
    """Pellet writes local names: which IRIs (and labels) they stand for."""
    from mbx.namespaces import compress

    by_local: dict[str, list[str]] = {}
    for iri in labels:
        local = re.split(r"[/#]", iri)[-1]
        by_local.setdefault(local, []).append(iri)
    words = {w for line in explanation for w in re.findall(r"[A-Za-z_][\w.-]*", line)}
    legend = []
    for word in sorted(words):
        for iri in sorted(by_local.get(word, [])):
            legend.append(f"  {word} = {compress(iri, prefixes)} ({labels[iri]})")
    return ["terms:", *legend] if legend else []
