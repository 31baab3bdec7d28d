"""``mbx build``: a complete, versioned release (ODK-style) of MBX in one folder."""

from __future__ import annotations

import sys
import time

import click


@click.command()
@click.option(
    "-o",
    "--output",
    metavar="DIR",
    required=True,
    help="The release folder: created, or an earlier release in it replaced (a folder "
    "holding anything else is refused).",
)
@click.option(
    "--no-reason",
    is_flag=True,
    help="Leave out the full variant (mbx-full.*), which needs HermiT and so Java.",
)
@click.option("--no-html", is_flag=True, help="Leave out the HTML documentation (html/).")
def build(output: str, no_reason: bool, no_html: bool) -> None:
    """Build a release: the terms, the full variant, the knowledge graph, docs.

    Writes into DIR the terms (mbx.owl, .ttl, .jsonld, .nt: the base module
    that other ontologies import), the terms with HermiT's inferences
    (mbx-full.*), the knowledge graph (mbx-kg.*, importing the terms), the
    whole dataset with its named graphs (mbx-dataset.nq, .trig), the JSON-LD
    context, catalog-v001.xml (offline imports in Protégé and ROBOT), the
    SSSOM mappings (mbx.sssom.tsv), the license, HTML documentation (html/)
    and manifest.json (size, triples and SHA-256 of every file). Each RDF file
    carries owl:versionIRI https://w3id.org/mbx/releases/VERSION/FILE. The
    same sources give byte-identical files. Progress goes to stderr on a
    terminal, a one-line summary always.

    Exit codes: 0 built, 1 HermiT finds the terms inconsistent or incoherent,
    2 bad sources or a folder that is not a release, 3 no Java (see
    --no-reason).
    """
    from mbx.build import build_release

    live = sys.stderr.isatty()

    def progress(step: int, steps: int, text: str) -> None:
        if live:
            click.echo(f"\r\x1b[2K[{step}/{steps}] {text}…", err=True, nl=False)

    start = time.perf_counter()
    release = build_release(output, reason=not no_reason, html=not no_html, progress=progress)
    if live:
        click.echo("\r\x1b[2K", err=True, nl=False)
    size = sum(release.files.values())
    rdf = len(release.triples)
    click.echo(
        f"mbx build: MBX {release.version} in {release.folder}: {len(release.files)} files "
        f"({rdf} RDF), {size / 1_000_000:.1f} MB ({time.perf_counter() - start:.1f} s)",
        err=True,
    )
