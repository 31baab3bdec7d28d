"""Ill-typed literals: lexical forms their XSD datatype does not allow (``"abc"^^xsd:decimal``).

RDF allows them, but pySHACL compares them (``sh:lessThanOrEquals``) with a
TypeError instead of a violation; :func:`ill_typed` finds them so that such a
failure is reported as the data's fault, naming the literal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from mbx.namespaces import XSD

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

_INTEGER = r"[+-]?[0-9]+"
_DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_DOUBLE = rf"(?:{_DECIMAL}(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN)"
_TZ = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_DATE = r"-?(?:[1-9][0-9]{3,}|0[0-9]{3})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_TIME = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"

#: the XSD datatypes whose values engines compare, and their lexical spaces
LEXICAL = {
    XSD + name: re.compile(pattern)
    for names, pattern in (
        (("decimal",), _DECIMAL),
        (
            ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
             "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
             "unsignedShort", "unsignedByte"),
            _INTEGER,
        ),
        (("double", "float"), _DOUBLE),
        (("boolean",), r"true|false|1|0"),
        (("date",), _DATE + _TZ),
        (("dateTime",), _DATE + "T" + _TIME + _TZ),
        (("time",), _TIME + _TZ),
    )
    for name in names
}


def ill_typed(quads: Iterable[pyoxigraph.Quad]) -> list[pyoxigraph.Quad]:
    """The quads whose object is a literal its XSD datatype does not allow (whitespace aside).

    >>> import pyoxigraph as ox
    >>> s, p = ox.NamedNode("http://ex/s"), ox.NamedNode("http://ex/p")
    >>> bad = ox.Literal("abc", datatype=ox.NamedNode(XSD + "decimal"))
    >>> [str(q.object) for q in ill_typed([ox.Quad(s, p, bad), ox.Quad(s, p, ox.Literal("1.5"))])]
    ['"abc"^^<http://www.w3.org/2001/XMLSchema#decimal>']
    """
    import pyoxigraph as ox

    found = []
    for quad in quads:
        value = quad.object
        if isinstance(value, ox.Literal):
            pattern = LEXICAL.get(value.datatype.value)
            if pattern is not None and not pattern.fullmatch(value.value.strip()):
                found.append(quad)
    return found
