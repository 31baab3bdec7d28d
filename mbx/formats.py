"""RDF format names and aliases over pyoxigraph.RdfFormat (a static alias table for click.Choice).

mbx names six formats (``turtle``, ``jsonld``, ``ntriples``, ``nquads``,
``trig``, ``rdfxml``) and accepts the usual aliases. Everything else about a
format — its media type, file extension, whether it carries named graphs,
guessing it from an extension — comes from pyoxigraph's own
:class:`pyoxigraph.RdfFormat`, imported only when needed (``mbx --help``
imports no RDF library).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mbx.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

#: mbx's format name -> the attribute of :class:`pyoxigraph.RdfFormat`
_OXIGRAPH_NAMES: dict[str, str] = {
    "turtle": "TURTLE",
    "jsonld": "JSON_LD",
    "ntriples": "N_TRIPLES",
    "nquads": "N_QUADS",
    "trig": "TRIG",
    "rdfxml": "RDF_XML",
}

#: every name ``-f``/``--input-format`` accept (lower case) -> mbx's format name
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

#: file extensions pyoxigraph's ``RdfFormat.from_extension`` does not know
_EXTRA_EXTENSIONS: dict[str, str] = {"owl": "rdfxml", "turtle": "turtle"}
#: extensions pyoxigraph reads as RDF that mbx does not guess from (``.txt`` is N-Triples there)
_NOT_GUESSED = frozenset({"txt"})


@dataclass(frozen=True)
class RdfFormat:
    """One of mbx's RDF formats: its mbx name, the rest from :class:`pyoxigraph.RdfFormat`."""

    name: str

    @property
    def oxigraph(self) -> pyoxigraph.RdfFormat:
        """The pyoxigraph format (parser and serializer)."""
        import pyoxigraph as ox

        fmt: pyoxigraph.RdfFormat = getattr(ox.RdfFormat, _OXIGRAPH_NAMES[self.name])
        return fmt

    @property
    def extension(self) -> str:
        """The usual file extension, with its dot (``.ttl``)."""
        return "." + str(self.oxigraph.file_extension)

    @property
    def quads(self) -> bool:
        """Whether the format carries named graphs."""
        return bool(self.oxigraph.supports_datasets)


FORMATS: dict[str, RdfFormat] = {name: RdfFormat(name) for name in _OXIGRAPH_NAMES}


def resolve_format(name: str) -> RdfFormat:
    """The format called ``name`` (any alias, case-insensitive)."""
    canonical = ALIASES.get(name.lower())
    if canonical is None:
        raise UsageError(
            f"unknown RDF format {name!r}", hint="use one of " + ", ".join(sorted(FORMATS))
        )
    return FORMATS[canonical]


def from_oxigraph(fmt: pyoxigraph.RdfFormat | None) -> RdfFormat | None:
    """mbx's format for a pyoxigraph format (None for one mbx does not handle, such as N3)."""
    import pyoxigraph as ox

    for name, attribute in _OXIGRAPH_NAMES.items():
        if fmt == getattr(ox.RdfFormat, attribute):
            return FORMATS[name]
    return None


def guess_format(path: str | Path) -> RdfFormat | None:
    """The format a file name's extension implies (``RdfFormat.from_extension``), or None."""
    import pyoxigraph as ox

    extension = Path(path).suffix.lower().removeprefix(".")
    if not extension or extension in _NOT_GUESSED:
        return None
    if extension in _EXTRA_EXTENSIONS:
        return FORMATS[_EXTRA_EXTENSIONS[extension]]
    return from_oxigraph(ox.RdfFormat.from_extension(extension))


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
