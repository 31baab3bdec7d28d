"""RDF format names, aliases and guessing from file extensions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mbx.errors import UsageError


@dataclass(frozen=True)
class RdfFormat:
    """One RDF serialization format."""

    name: str  # canonical mbx name
    extension: str
    media_type: str
    oxigraph_name: str  # attribute of pyoxigraph.RdfFormat
    quads: bool  # carries named graphs


FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("turtle", ".ttl", "text/turtle", "TURTLE", False),
        RdfFormat("jsonld", ".jsonld", "application/ld+json", "JSON_LD", True),
        RdfFormat("ntriples", ".nt", "application/n-triples", "N_TRIPLES", False),
        RdfFormat("nquads", ".nq", "application/n-quads", "N_QUADS", True),
        RdfFormat("trig", ".trig", "application/trig", "TRIG", True),
        RdfFormat("rdfxml", ".rdf", "application/rdf+xml", "RDF_XML", False),
    )
}

ALIASES: dict[str, str] = {
    "ttl": "turtle",
    "turtle": "turtle",
    "json-ld": "jsonld",
    "jsonld": "jsonld",
    "json": "jsonld",
    "nt": "ntriples",
    "ntriples": "ntriples",
    "n-triples": "ntriples",
    "nq": "nquads",
    "nquads": "nquads",
    "n-quads": "nquads",
    "trig": "trig",
    "xml": "rdfxml",
    "rdfxml": "rdfxml",
    "rdf/xml": "rdfxml",
    "rdf": "rdfxml",
    "owl": "rdfxml",
}

EXTENSIONS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".rdf": "rdfxml",
    ".xml": "rdfxml",
    ".owl": "rdfxml",
}



def resolve_format(name: str) -> RdfFormat:
    """The format called ``name`` (any alias, case-insensitive)."""
    canonical = ALIASES.get(name.lower())
    if canonical is None:
        raise UsageError(
            f"unknown RDF format {name!r}",
            hint="use one of " + ", ".join(sorted(set(ALIASES.values()))),
        )
    return FORMATS[canonical]


def guess_format(path: str | Path) -> RdfFormat | None:
    """The format a file name's extension implies, or None."""
    return FORMATS.get(EXTENSIONS.get(Path(path).suffix.lower(), "")) if str(path) else None


def choose_format(name: str | None, path: str | Path | None, default: str = "turtle") -> RdfFormat:
    """``-f`` if given, else guessed from ``-o``'s extension, else ``default``."""
    if name:
        return resolve_format(name)
    if path is not None and str(path) != "-":
        guessed = guess_format(path)
        if guessed is None:
            raise UsageError(
                f"cannot guess the RDF format of {str(path)!r} from its extension",
                hint="give -f/--format",
            )
        return guessed
    return FORMATS[default]
