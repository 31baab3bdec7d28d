"""Read RDF safely: every user file goes through pyoxigraph.

pyoxigraph reports syntax errors with line and column, never fetches a remote
JSON-LD ``@context`` (no document loader is set) and does not resolve external
XML entities. Internal XML entity declarations are refused before parsing:
pyoxigraph expands them, so a "billion laughs" document would never finish.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from mbx.errors import InputError
from mbx.formats import RdfFormat, guess_format, resolve_format

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph
    import rdflib

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"


def read_bytes(source: str) -> bytes:
    """The bytes of ``source``: a path, or ``-`` for standard input."""
    if source == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", source=source) from None
    except IsADirectoryError:
        raise InputError("is a directory, not an RDF file", source=source) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=source) from None


def input_format(source: str, name: str | None = None) -> RdfFormat:
    """The format to parse ``source`` with: ``name`` if given, else from the extension.

    Standard input with no format is read as Turtle (N-Triples is Turtle too).
    """
    if name:
        return resolve_format(name)
    if source == "-":
        return resolve_format("turtle")
    if not Path(source).exists():
        raise InputError("no such file", source=source)
    if Path(source).is_dir():
        raise InputError("is a directory, not an RDF file", source=source)
    guessed = guess_format(source)
    if guessed is None:
        raise InputError(
            "cannot tell the RDF format from the file extension",
            source=source,
            hint="give --input-format",
        )
    return guessed


def xml_entity_declaration(data: bytes) -> tuple[int, int] | None:
    """Line and column of the first ``<!ENTITY`` declaration in ``data``, if any.

    pyoxigraph's RDF/XML parser expands internal entities (a "billion
    laughs" document grows exponentially), so every XML document mbx reads —
    a user's file or a server's answer — is refused when it declares one.

    >>> xml_entity_declaration(b'<?xml version="1.0"?>\\n<!DOCTYPE r [\\n<!ENTITY a "b">]>')
    (3, 1)
    """
    match = _ENTITY_DECL.search(data)
    if match is None:
        return None
    line = data.count(b"\n", 0, match.start()) + 1
    column = match.start() - (data.rfind(b"\n", 0, match.start()) + 1) + 1
    return line, column


def _check_xml_safety(data: bytes, source: str) -> None:
    where = xml_entity_declaration(data)
    if where is not None:
        raise InputError(
            "XML entity declarations are refused (entity expansion / XXE)",
            source=source,
            line=where[0],
            column=where[1],
        )


def parse_quads(
    source: str,
    fmt: RdfFormat | None = None,
    *,
    data: bytes | None = None,
    base_iri: str | None = None,
    prefixes: dict[str, str] | None = None,
) -> list[pyoxigraph.Quad]:
    """Parse ``source`` (a path or ``-``) into pyoxigraph quads.

    Triples of triple-only formats land in the default graph. Raises
    :class:`InputError` with file, line and column on a syntax error. If
    ``prefixes`` is given, the prefixes the file declares are added to it.
    """
    import pyoxigraph as ox

    fmt = fmt or input_format(source)
    if data is None:
        data = read_bytes(source)
    data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark is not content
    if fmt.name == "rdfxml":
        _check_xml_safety(data, source)
    if base_iri is None and source != "-":
        base_iri = Path(source).resolve().as_uri()
    try:
        parser = ox.parse(
            data,
            format=getattr(ox.RdfFormat, fmt.oxigraph_name),
            base_iri=base_iri,
            rename_blank_nodes=True,  # files merged together never share a blank node
            lenient=False,
        )
        quads = list(parser)
        if prefixes is not None:
            for prefix, namespace in parser.prefixes.items():
                prefixes.setdefault(prefix, namespace)
        return quads
    except SyntaxError as exc:
        raise _syntax_error(exc, source, fmt) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid {fmt.name}: {exc}", source=source) from None


def _syntax_error(exc: SyntaxError, source: str, fmt: RdfFormat) -> InputError:
    message = str(exc.msg) if exc.msg else str(exc)
    # pyoxigraph: "Parser error at line 3 between columns 7 and 11: <what>" or
    # "Parser error between line 3 column 11 and line 4 column 1: <what>"
    message = re.sub(r"^Parser error (at|between) [^:]*: ", "", message)
    line = exc.lineno if exc.lineno else None
    column = exc.offset if exc.offset else None
    hint = None
    if "LoadDocumentCallback" in message:  # pyoxigraph's wording for a context to load
        message = "a JSON-LD @context that is not inline (a URL or a file) is never loaded"
        hint = "put the context inline in the file"
    return InputError(
        f"{fmt.name} syntax error: {message}", source=source, line=line, column=column, hint=hint
    )


@lru_cache(maxsize=1)
def _quiet_rdflib_literals() -> None:
    """rdflib logs a traceback for every ill-typed literal ("abc"^^xsd:integer): legal RDF."""
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)


def to_rdflib_term(term: object) -> rdflib.term.Node:
    """Convert one pyoxigraph term to rdflib (xsd:string literals become plain).

    Literals keep their lexical form exactly (``normalize=False``): rdflib
    would otherwise turn ``"01"^^xsd:integer`` into ``"1"`` and merge it with
    another triple.

    >>> import pyoxigraph as ox
    >>> str(to_rdflib_term(ox.Literal("01", datatype=ox.NamedNode(_XSD + "integer"))))
    '01'
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        _quiet_rdflib_literals()
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value, normalize=False)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise InputError(f"unsupported RDF term {term!r} (RDF 1.2 triple terms are not supported)")


def add_to_dataset(
    dataset: rdflib.Dataset, quads: Iterable[pyoxigraph.Quad], *, bnode_prefix: str = ""
) -> None:
    """Add pyoxigraph quads to an rdflib Dataset, keeping their graphs."""
    import pyoxigraph as ox
    from rdflib import BNode, URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    graphs: dict[str, rdflib.Graph] = {}

    def convert(term: object) -> rdflib.term.Node:
        if bnode_prefix and isinstance(term, ox.BlankNode):
            return BNode(bnode_prefix + term.value)
        return to_rdflib_term(term)

    for quad in quads:
        g = quad.graph_name
        key = "" if isinstance(g, ox.DefaultGraph) else str(g)
        graph = graphs.get(key)
        if graph is None:
            if isinstance(g, ox.DefaultGraph):
                ident: rdflib.term.IdentifiedNode = DATASET_DEFAULT_GRAPH_ID
            elif isinstance(g, ox.BlankNode):
                ident = BNode(bnode_prefix + g.value)
            else:
                ident = URIRef(g.value)
            graph = dataset.graph(ident) if key else dataset.default_graph
            graphs[key] = graph
        graph.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))  # type: ignore[arg-type]
