"""Canonical N-Triples terms written short where that is exact: prefixed names, Turtle shorthands.

A prefixed name only when the local part needs no escaping; ``1``, ``1.5``,
``1e0``, ``true`` only when the lexical form is exactly Turtle's; a long
string only to show line breaks. Used by the Turtle and JSON-LD writers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mbx.namespaces import XSD

#: Turtle's literal shorthands and the lexical forms each one writes unchanged
SHORTHAND = {
    f"<{XSD}integer>".encode(): re.compile(rb"[+-]?[0-9]+"),
    f"<{XSD}decimal>".encode(): re.compile(rb"[+-]?[0-9]*\.[0-9]+"),
    f"<{XSD}double>".encode(): re.compile(rb"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    f"<{XSD}boolean>".encode(): re.compile(rb"true|false"),
}
#: local parts written after ``prefix:`` as they are (a safe subset of PN_LOCAL)
_LOCAL = re.compile(rb"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?)?")
#: prefix names Turtle accepts (PN_PREFIX, ASCII)
PREFIX_NAME = re.compile(r"(?:[A-Za-z](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?)?")
_ESCAPE = re.compile(rb"\\(.)")


class Names:
    """IRIs as prefixed names where that is exact; remembers the prefixes it used.

    ``local`` is the pattern a local part must match (Turtle's by default).
    """

    def __init__(self, prefixes: Mapping[str, str], local: re.Pattern[bytes] | None = None) -> None:
        self.local = local or _LOCAL
        self.prefix_of: dict[bytes, bytes] = {}
        self.under: dict[bytes, list[bytes]] = {}  # namespace's text up to its last / or #
        for prefix, namespace in prefixes.items():
            if not PREFIX_NAME.fullmatch(prefix) or namespace.encode() in self.prefix_of:
                continue
            if local is not None and not prefix:  # JSON-LD has no empty prefix
                continue
            name = namespace.encode()
            self.prefix_of[name] = prefix.encode()
            cut = max(name.rfind(b"/"), name.rfind(b"#")) + 1
            self.under.setdefault(name[:cut], []).append(name)
        for names in self.under.values():
            names.sort(key=len, reverse=True)
        self.used: dict[bytes, bytes] = {}  # prefix -> namespace
        self.cache: dict[bytes, bytes] = {}

    def iri(self, token: bytes) -> bytes:
        """``<iri>`` as ``prefix:local`` when a prefix fits exactly, else unchanged."""
        known = self.cache.get(token)
        if known is not None:
            return known
        iri = token[1:-1]
        cut = max(iri.rfind(b"/"), iri.rfind(b"#")) + 1
        written = token
        for namespace in self.under.get(iri[:cut], ()):
            if iri.startswith(namespace) and self.local.fullmatch(iri, len(namespace)):
                prefix = self.prefix_of[namespace]
                self.used[prefix] = namespace
                written = prefix + b":" + iri[len(namespace) :]
                break
        if len(self.cache) > 100_000:
            self.cache.clear()
        self.cache[token] = written
        return written

    def header(self) -> bytes:
        """The ``@prefix`` lines of the prefixes used, sorted by name."""
        return b"".join(
            b"@prefix %s: <%s> .\n" % (prefix, self.used[prefix]) for prefix in sorted(self.used)
        )


def _string(quoted: bytes) -> bytes:
    """A quoted N-Triples string as Turtle: a long string when it holds line breaks."""
    if b"\\n" not in quoted:
        return quoted
    body = _ESCAPE.sub(lambda m: b"\n" if m.group(1) == b"n" else m.group(0), quoted[1:-1])
    return b'"""' + body + b'"""' if b"\n" in body else quoted


def term_text(token: bytes, names: Names) -> bytes:
    """One canonical N-Triples term as Turtle."""
    first = token[:1]
    if first == b"<":
        return names.iri(token) if token[:2] != b"<<" else token
    if first != b'"':
        return token  # a blank node
    end = token.rindex(b'"')
    if end == len(token) - 1 or token[end + 1 : end + 2] == b"@":
        return _string(token[: end + 1]) + token[end + 1 :]
    datatype = token[end + 3 :]
    rule = SHORTHAND.get(datatype)
    if rule is not None and rule.fullmatch(token, 1, end):
        return token[1:end]
    return _string(token[: end + 1]) + b"^^" + names.iri(datatype)
