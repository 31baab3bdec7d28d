"""RDF bytes -> pyoxigraph quads, safely; syntax errors with file:line:col.

pyoxigraph reports syntax errors with line and column, never fetches a remote
JSON-LD ``@context`` (no document loader is set) and does not resolve external
XML entities. Internal XML entity declarations are refused before parsing:
pyoxigraph expands them, so a "billion laughs" document would never finish.
JSON-LD and RDF/XML nested deeper than ``MBX_MAX_DEPTH`` are refused before
parsing too (mbx.limits): pyoxigraph's JSON-LD parser crashes the process on
deep nesting, its RDF/XML parser slows down with the square of the depth.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from mbx.errors import InputError
from mbx.formats import RdfFormat
from mbx.inputs import STDIN, input_format, read_bytes

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


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
    from mbx.limits import check_rdf_depth

    check_rdf_depth(data, fmt.name, source)
    if fmt.name == "jsonld":
        from mbx.jsonld_terms import check_jsonld_terms

        check_jsonld_terms(data, source)
    if base_iri is None and source != STDIN:
        base_iri = Path(source).resolve().as_uri()
    try:
        parser = ox.parse(
            data,
            format=fmt.oxigraph,
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
    except MemoryError as exc:
        if "buffer maximal size" not in str(exc):
            raise
        raise token_too_large(source, fmt.name) from None


def token_too_large(source: str, what: str) -> InputError:
    """pyoxigraph's parser buffer (16 MiB) overflowed: one literal, IRI or line is too large."""
    return InputError(
        f"{what}: a single literal, IRI or JSON value over 16 MiB, more than the parser "
        "(pyoxigraph) can hold",
        source=source,
        hint="split the value, or give the data as RDF/XML, whose parser has no such limit",
    )


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
