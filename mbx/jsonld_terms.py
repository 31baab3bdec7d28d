"""JSON-LD terms a parser would drop: invalid IRIs and language tags refused, not lost.

The JSON-LD algorithms drop a node whose ``@id`` is not a valid IRI and a
value whose ``@language`` is not a well-formed tag, without an error
(pyoxigraph follows them). mbx reads a user's data whole or not at
all, so a JSON-LD document is checked first (:func:`check_jsonld_terms`):
every ``@id``, ``@type``, ``@vocab`` and ``@base`` string must hold no character
that an IRI cannot (spaces, ``<>"{}|^`\\``, controls), every ``@language`` must be
a BCP 47 shaped tag; otherwise one line with file, line and column (exit 2).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from mbx.errors import InputError

#: characters no IRI (nor relative reference, nor compact IRI) may hold (RFC 3987)
_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')
#: a language tag as RDF 1.1 and JSON-LD take it (BCP 47 shape)
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_IRI_KEYS = ("@id", "@type", "@vocab", "@base")


def _strings(node: object, key: str = "") -> Iterator[tuple[str, str]]:
    """Every (keyword, string) pair under the keywords mbx checks, depth first."""
    stack: list[tuple[object, str]] = [(node, key)]
    while stack:
        node, key = stack.pop()
        if isinstance(node, dict):
            stack.extend((value, name) for name, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, key) for value in node)
        elif isinstance(node, str) and key in (*_IRI_KEYS, "@language"):
            yield key, node


def check_jsonld_terms(data: bytes, source: str) -> None:
    """Refuse (exit 2) a JSON-LD document with an IRI or a language tag its parser would drop.

    >>> try:
    ...     check_jsonld_terms(b'{"@id": "http://ex/a b"}', "f.jsonld")
    ... except InputError as exc:
    ...     print(exc.message)
    invalid IRI 'http://ex/a b' in "@id": the JSON-LD parser would drop it
    """
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return  # the parser reports the syntax error itself, with its position
    for key, value in _strings(document):
        if key == "@language":
            bad = not _LANGUAGE.fullmatch(value)
            what, hint = "invalid language tag", "write a BCP 47 tag such as en or en-GB"
        else:
            bad = value.startswith("@") is False and bool(_NOT_IRI.search(value))
            what, hint = "invalid IRI", "percent-encode the character (a space is %20)"
        if bad:
            shown = json.dumps(value)
            offset = max(data.find(shown.encode("utf-8")), 0)
            line = data.count(b"\n", 0, offset) + 1
            column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
            raise InputError(
                f"{what} {value!r} in \"{key}\": the JSON-LD parser would drop it",
                source=source,
                line=line,
                column=column,
                hint=hint,
            )
