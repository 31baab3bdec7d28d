"""RDF bytes -> pyoxigraph quads, safely; syntax errors with file:line:col.

pyoxigraph reports syntax errors with line and column, never fetches a remote
JSON-LD ``@context`` (no document loader is set) and does not resolve external
XML entities. Internal XML entity declarations are refused before parsing:
pyoxigraph expands them, so a "billion laughs" document would never finish.
JSON-LD and RDF/XML nested deeper than ``MBX_MAX_DEPTH`` are refused before
parsing too (mbx.limits): pyoxigraph's JSON-LD parser crashes the process on
deep nesting, its RDF/XML parser slows down with the square of the depth.
Regular files in the other formats are parsed as they are read, never held
whole; standard input, pipes and devices are read whole, up to
``MBX_MAX_INPUT``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from mbx.errors import InputError
from mbx.formats import RdfFormat
from mbx.inputs import STDIN, input_format, open_file, read_bytes, regular_file_size

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
    if data is None:
        data = read_bytes(source)
    return list(stream_quads(source, fmt, data=data, base_iri=base_iri, prefixes=prefixes))


def stream_quads(
    source: str,
    fmt: RdfFormat | None = None,
    *,
    data: bytes | None = None,
    base_iri: str | None = None,
    prefixes: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[pyoxigraph.Quad]:
    """The quads of ``source`` one by one, as pyoxigraph parses them (see :func:`quad_reader`)."""
    with quad_reader(
        source, fmt, data=data, base_iri=base_iri, prefixes=prefixes, progress=progress
    ) as quads:
        yield from quads


@contextmanager
def quad_reader(
    source: str,
    fmt: RdfFormat | None = None,
    *,
    data: bytes | None = None,
    base_iri: str | None = None,
    prefixes: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
    keep_labels: bool = False,
) -> Iterator[Iterator[pyoxigraph.Quad]]:
    """pyoxigraph's parser over ``source``, the file read as it is parsed (never held whole).

    Use the parser inside the ``with`` block (for example hand it to
    ``pyoxigraph.serialize``): errors it raises there are turned into
    :class:`InputError` as in :func:`parse_quads`. ``data`` is the content
    when it was already read (standard input); JSON-LD, RDF/XML, pipes and
    devices are read whole and checked first (entity declarations, nesting,
    JSON-LD terms, size). ``progress`` is called with the number of bytes
    read so far. The prefixes the file declares are added to
    ``prefixes`` when the block ends. Blank nodes get fresh labels (files
    merged together never share one) unless ``keep_labels``.
    """
    import pyoxigraph as ox

    fmt = fmt or input_format(source)
    if base_iri is None and source != STDIN:
        base_iri = Path(source).resolve().as_uri()
    if data is None and not _streamable(source, fmt):
        data = read_bytes(source)
    with ExitStack() as stack:
        if data is not None:
            data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark is not content
            _check_document(data, source, fmt)
            reader: Any = data
            if progress is not None:
                progress(len(data))
        else:
            reader = stack.enter_context(_open(source, progress))
        try:
            parser = ox.parse(
                reader,
                format=fmt.oxigraph,
                base_iri=base_iri,
                rename_blank_nodes=not keep_labels,
                lenient=False,
            )
            yield parser
        except SyntaxError as exc:
            raise _syntax_error(exc, source, fmt) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"not valid {fmt.name}: {exc}", source=source) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", source=source) from None
        except MemoryError as exc:
            if "buffer maximal size" not in str(exc):
                raise
            raise token_too_large(source, fmt.name) from None
        if prefixes is not None:
            for prefix, namespace in parser.prefixes.items():
                prefixes.setdefault(prefix, namespace)


def _streamable(source: str, fmt: RdfFormat) -> bool:
    """Whether ``source`` can be parsed as it is read, not held whole first.

    Only a regular file within ``MBX_MAX_INPUT`` in a format whose nesting
    needs no check (mbx.limits.SYNTAX: JSON-LD and RDF/XML are read whole and
    checked before any parser sees them); standard input, pipes and devices
    go through :func:`mbx.inputs.read_bytes`, which bounds them.
    """
    from mbx.limits import SYNTAX, limit

    if fmt.name in SYNTAX:
        return False
    size = regular_file_size(source)
    return size is not None and size <= limit("MBX_MAX_INPUT")


def _check_document(data: bytes, source: str, fmt: RdfFormat) -> None:
    """The checks before a parser sees a whole document: XML entities, nesting, JSON-LD terms."""
    from mbx.limits import check_rdf_depth

    if fmt.name == "rdfxml":
        _check_xml_safety(data, source)
    check_rdf_depth(data, fmt.name, source)
    if fmt.name == "jsonld":
        from mbx.jsonld_terms import check_jsonld_terms

        check_jsonld_terms(data, source)


def token_too_large(source: str, what: str) -> InputError:
    """pyoxigraph's parser buffer (16 MiB) overflowed: one literal, IRI or line is too large."""
    return InputError(
        f"{what}: a single literal, IRI or JSON value over 16 MiB, more than the parser "
        "(pyoxigraph) can hold",
        source=source,
        hint="split the value, or give the data as RDF/XML, whose parser has no such limit",
    )


class _Counting(io.RawIOBase):
    """A file that reports how many bytes were read from it."""

    def __init__(self, handle: io.FileIO, progress: Callable[[int], None] | None) -> None:
        self.handle = handle
        self.progress = progress
        self.count = 0

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.handle.close()
        super().close()

    def readinto(self, buffer: Any) -> int:
        count = self.handle.readinto(buffer) or 0
        self.count += count
        if self.progress is not None and count:
            self.progress(self.count)
        return count


def _open(source: str, progress: Callable[[int], None] | None, buffer: int = 1 << 20) -> BinaryIO:
    """``source`` opened for reading in large blocks, past a UTF-8 byte order mark."""
    handle = open_file(source, buffering=0)  # closed by the caller's stack
    reader = io.BufferedReader(_Counting(handle, progress), buffer_size=buffer)  # type: ignore[arg-type]
    if reader.peek(3)[:3] == b"\xef\xbb\xbf":
        reader.read(3)
    return reader


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
