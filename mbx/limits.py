"""Input limits — nesting depth, input size — checked before any parser sees the input.

pyoxigraph's parsers recurse on nesting and crash the process (a segmentation
fault, no message) on JSON-LD nested ~3,400 deep or a SPARQL query with
~3,000 nested groups, and its RDF/XML parser slows down with the square of
the depth (8,000 nested elements: 9 s). So the nesting depth of every
JSON-LD and RDF/XML document and every query is measured first (brackets
outside strings, comments and IRIs; XML elements), in a few fast passes over
the bytes, and input past a limit is refused in one line naming the limit.
Each limit is an environment variable (see docs/security.md):

| variable | default | what |
|---|---|---|
| ``MBX_MAX_DEPTH`` | 500 | nesting of a document or query (brackets, XML elements) |
| ``MBX_MAX_INPUT`` | 2G | bytes of one input (a file, standard input, a pipe, a device) |
| ``MBX_MAX_RESPONSE`` | 1G | bytes of one HTTP answer (mbx.remote.bounded) |
"""

from __future__ import annotations

import itertools
import os
import re
import stat
from typing import BinaryIO

from mbx.errors import InputError, UsageError

DEFAULTS = {"MBX_MAX_DEPTH": 500, "MBX_MAX_INPUT": 2 * 1024**3, "MBX_MAX_RESPONSE": 1024**3}
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def limit(name: str) -> int:
    """The limit ``name`` from the environment (``4G``, ``500K``, ``1000``), else its default.

    >>> limit("MBX_MAX_DEPTH")
    500
    """
    text = os.environ.get(name, "").strip()
    if not text:
        return DEFAULTS[name]
    match = re.fullmatch(r"(\d+)\s*([KMGT]?)i?B?", text, re.IGNORECASE)
    if match is None or int(match.group(1)) < 1:
        raise UsageError(
            f"{name}={text!r} is not a positive number", hint="write it like 1000, 500K, 4G"
        )
    return int(match.group(1)) * _UNITS[match.group(2).upper()]


def shown(size: int) -> str:
    """``size`` bytes for a message: ``2 GiB``, ``1000000 bytes``."""
    for unit, factor in (("TiB", 1024**4), ("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"


# --- input size -----------------------------------------------------------------------


def read_limited(handle: BinaryIO, source: str) -> bytes:
    """All bytes of ``handle`` (a file, a pipe, a device), refused past ``MBX_MAX_INPUT``."""
    maximum = limit("MBX_MAX_INPUT")
    try:
        status = os.fstat(handle.fileno())
        regular = stat.S_ISREG(status.st_mode)
    except (OSError, ValueError, AttributeError):  # no file descriptor (a test's stream)
        regular = False
    if regular and status.st_size > maximum:
        _too_large(source, maximum)
    # a pipe or a device may never end, a file may grow: read in chunks, up to the limit
    # (never read(maximum + 1): Python allocates that much up front); a regular file's
    # first chunk is its whole size, so it is usually read in one go
    chunks: list[bytes] = []
    size = 0
    want = status.st_size + 1 if regular else 1 << 20
    while size <= maximum:
        chunk = handle.read(min(want, maximum + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        want = 1 << 20
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(data) > maximum:
        _too_large(source, maximum)
    return data


def _too_large(source: str, maximum: int) -> None:
    raise InputError(
        f"larger than {shown(maximum)}, the input size limit (MBX_MAX_INPUT)",
        source=source,
        hint="raise MBX_MAX_INPUT (e.g. MBX_MAX_INPUT=8G) if you trust this input",
    )


# --- nesting depth --------------------------------------------------------------------

_LONG_STRINGS = (
    rb'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    rb"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
)
_SHORT_STRINGS = rb"\"[^\"\\\n\r]*(?:\\.[^\"\\\n\r]*)*\"|'[^'\\\n\r]*(?:\\.[^'\\\n\r]*)*'"
_IRI = rb"<[^<>\"{}|^`\\\x00-\x20]*>"
_COMMENT = rb"#[^\n\r]*"
#: what hides brackets in SPARQL (and Turtle): comments, strings, IRIs
_TEXT_SKIP = b"|".join((_COMMENT, _LONG_STRINGS, _SHORT_STRINGS, _IRI))
_JSON_SKIP = rb'"[^"\\]*(?:\\.[^"\\]*)*"'
#: XML: what is not an element (each removed only when present: most documents have none)
_XML_SKIP = (
    (b"<!--", re.compile(rb"<!--.*?-->", re.DOTALL)),
    (b"<![CDATA[", re.compile(rb"<!\[CDATA\[.*?\]\]>", re.DOTALL)),
    (b"<?", re.compile(rb"<\?.*?\?>", re.DOTALL)),
    (b"<!DOCTYPE", re.compile(rb"<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", re.DOTALL)),
)

_OPEN = {"text": b"([{", "json": b"[{", "xml": b"("}
_CLOSE = {"text": b")]}", "json": b"]}", "xml": b")"}

#: the syntax family of the RDF formats whose parsers recurse or slow down with nesting
#: (pyoxigraph reads Turtle, TriG, N-Triples and N-Quads without recursion: measured to 20,000)
SYNTAX = {"jsonld": "json", "rdfxml": "xml"}


def _only(data: bytes, keep: bytes) -> bytes:
    return data.translate(None, bytes(sorted(set(range(256)) - set(keep))))


def _brackets(data: bytes, syntax: str) -> bytes:
    """Only the brackets of ``data`` that nest, outside strings, comments and IRIs.

    Fast passes of bytes methods (replace, split, translate), no loop per character.
    """
    if syntax == "json":  # escapes first, then every other piece is outside a string
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
        data = b"".join(data.split(b'"')[::2])
    elif syntax == "text":
        data = re.sub(_TEXT_SKIP, b" ", data, flags=re.DOTALL)
    else:  # XML: a start tag opens, an end tag or the end of an empty-element tag closes
        for marker, pattern in _XML_SKIP:
            if marker in data:
                data = pattern.sub(b"", data)
        data = data.translate(None, b"()").replace(b"</", b")").replace(b"/>", b")")
        data = data.replace(b"<", b"(")
    return _only(data, _OPEN[syntax] + _CLOSE[syntax])


def max_depth(data: bytes, syntax: str, stop: int | None = None) -> int:
    """The deepest nesting in ``data`` (``text``: SPARQL or Turtle, ``json`` or ``xml``).

    With ``stop``, a document with no more than ``stop`` opening brackets is
    not measured further (it cannot nest deeper).

    >>> max_depth(b'{"a": [1, {"b": "]]\\\\"]"}]}', "json")
    3
    >>> max_depth(b'<a> <b> [ <c> ( 1 2 ")" ) ] . # ((((', "text")
    2
    >>> max_depth(b'<r><a x="b>"><c/></a><!-- <d><d><d> --></r>', "xml")
    3
    """
    if stop is not None and sum(data.count(bytes([b])) for b in b"[{(<") <= stop:
        return 0
    brackets = _brackets(data, syntax)
    table = bytearray(256)
    for b in _OPEN[syntax]:
        table[b] = 1
    for b in _CLOSE[syntax]:
        table[b] = 255
    steps = memoryview(brackets.translate(bytes(table))).cast("b")
    return max(itertools.accumulate(steps), default=0)


def _where(data: bytes, syntax: str, maximum: int) -> tuple[int, int]:
    """Line and column where the nesting first goes beyond ``maximum`` (on failure only)."""
    if syntax == "xml":
        skip = b"|".join(pattern.pattern for _, pattern in _XML_SKIP)
        pattern = re.compile(skip + rb"|(?P<close></[^>]*>|/>)|(?P<open><)", re.DOTALL)
    else:
        skip = _JSON_SKIP if syntax == "json" else _TEXT_SKIP
        opens, closes = (re.escape(_OPEN[syntax]), re.escape(_CLOSE[syntax]))
        pattern = re.compile(
            skip + b"|(?P<open>[" + opens + b"])|(?P<close>[" + closes + b"])", re.DOTALL
        )
    depth = 0
    for match in pattern.finditer(data):
        if match.group("open"):
            depth += 1
            if depth > maximum:
                offset = match.start()
                line = data.count(b"\n", 0, offset) + 1
                return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        elif match.group("close"):
            depth -= 1
    return 1, 1


def check_depth(data: bytes, syntax: str, source: str, what: str) -> None:
    """Refuse ``data`` nested deeper than ``MBX_MAX_DEPTH`` (exit 2), saying where."""
    maximum = limit("MBX_MAX_DEPTH")
    if max_depth(data, syntax, stop=maximum) <= maximum:
        return
    line, column = _where(data, syntax, maximum)
    raise InputError(
        f"{what} nested deeper than {maximum} levels, the nesting limit (MBX_MAX_DEPTH)",
        source=source,
        line=line,
        column=column,
        hint="raise MBX_MAX_DEPTH if you trust this input (parsers may crash past ~2,500)",
    )


def check_rdf_depth(data: bytes, format_name: str, source: str) -> None:
    """:func:`check_depth` for an RDF document in ``format_name`` (mbx.formats names)."""
    syntax = SYNTAX.get(format_name)
    if syntax is not None:
        check_depth(data, syntax, source, format_name)


def check_query_depth(text: str, source: str) -> None:
    """:func:`check_depth` for a SPARQL query or update."""
    check_depth(text.encode("utf-8", "surrogateescape"), "text", source, "SPARQL")
