"""JSON-LD written from sorted canonical lines, with the shipped context as its ``@context``.

The document's ``@context`` is exactly ``mbx/context.jsonld`` (so a reader
may swap it for the published copy), and its ``@graph`` holds one flat node
object per subject: the default graph's first, then one ``{"@id": graph,
"@graph": [...]}`` per named graph, in the order of the lines. A predicate is
written with a term of the context when the context defines one for it
(``label``, ``quote``; ``subject`` and the other ``"@type": "@id"`` terms take
IRIs as plain strings), else as a compact IRI (``mbx:hedgingLevel``) or the
full IRI. Literals other than plain strings are value objects with their
exact lexical form (``{"@type": "xsd:integer", "@value": "01"}``): never a
JSON number or ``@json``, which would change the term. Blank nodes keep their
canonical labels and lists stay ``rdf:first``/``rdf:rest`` nodes (no
``@list``), so every triple comes back exactly: the writer is exact by
construction and nothing is parsed back to check it. A canonical N-Quads
string is a valid JSON string with the same value (the same escapes), so
lexical forms are copied as they are.

What JSON-LD cannot say is refused (:class:`mbx.errors.OutputError`): RDF 1.2
triple terms and directional language strings, and an IRI whose scheme is a
prefix or term of the context (``doi:10.1/x`` would read back as
``https://doi.org/10.1/x``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import IO, Any

from mbx.errors import OutputError
from mbx.export.names import Names
from mbx.export.nquads import split_graphs, subject_blocks
from mbx.namespaces import RDF

RDF_TYPE = f"<{RDF}type>".encode()
_GEN_DELIMS = tuple(":/?#[]@")
_REFUSE_HINT = "export it as N-Quads or TriG"


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context shipped with mbx (``mbx/context.jsonld``)."""
    from mbx.resources import context_file

    context: dict[str, Any] = json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    return context


class _Context:
    """What the writer needs of a context: its prefixes, its terms by IRI, its keys."""

    def __init__(self, context: Mapping[str, Any]) -> None:
        self.keys = {key.encode() for key in context}
        prefixes: dict[str, str] = {}
        for key, value in context.items():
            if key.startswith("@") or ":" in key:
                continue
            if isinstance(value, str) and value.endswith(_GEN_DELIMS):
                prefixes[key] = value
            elif isinstance(value, dict) and value.get("@prefix") is True:
                prefixes[key] = value["@id"]
        self.names = Names(prefixes, re.compile(rb".*", re.DOTALL))
        self.plain: dict[bytes, bytes] = {}  # IRI -> a term whose values are taken as they are
        self.ids: dict[bytes, bytes] = {}  # IRI -> a term whose string values are IRIs
        for key in sorted(context):
            value = context[key]
            if key.startswith("@") or ":" in key or key in prefixes:
                continue
            if isinstance(value, str):
                self.plain.setdefault(b"<" + self._expand(value, prefixes) + b">", key.encode())
            elif isinstance(value, dict) and set(value) == {"@id", "@type"}:
                if value["@type"] == "@id":
                    iri = b"<" + self._expand(value["@id"], prefixes) + b">"
                    self.ids.setdefault(iri, key.encode())
            elif isinstance(value, dict) and set(value) == {"@id"}:
                iri = b"<" + self._expand(value["@id"], prefixes) + b">"
                self.plain.setdefault(iri, key.encode())
        self.cache: dict[bytes, bytes] = {}

    @staticmethod
    def _expand(value: str, prefixes: Mapping[str, str]) -> bytes:
        prefix, colon, local = value.partition(":")
        if colon and prefix in prefixes and not local.startswith("//"):
            return (prefixes[prefix] + local).encode()
        return value.encode()

    def iri(self, token: bytes) -> bytes:
        """``<iri>`` (or ``_:label``) as the text of a JSON string: compact where it is exact."""
        known = self.cache.get(token)
        if known is not None:
            return known
        if token[:2] == b"_:":
            return token
        written = self.names.iri(token)
        if written[:1] == b"<":
            written = written[1:-1]
            if written.partition(b":")[0] in self.keys:
                raise OutputError(
                    f"JSON-LD cannot write the IRI <{written.decode()}>: its scheme is a prefix "
                    "or term of the shipped context, so it would read back as another IRI",
                    hint=_REFUSE_HINT,
                )
        if len(self.cache) > 100_000:
            self.cache.clear()
        self.cache[token] = written
        return written


def _value(obj: bytes, context: _Context, as_id: bool) -> bytes:
    """One object as JSON text: a string (an IRI under an ``@id`` term, plain text) or an object."""
    first = obj[:1]
    if first == b'"':
        end = obj.rindex(b'"')
        quoted = obj[: end + 1]
        if end == len(obj) - 1:
            return b'{"@value": ' + quoted + b"}" if as_id else quoted
        if obj[end + 1 : end + 2] == b"@":
            language = obj[end + 2 :]
            if b"--" in language:
                raise OutputError(
                    "JSON-LD cannot carry a directional language string "
                    f"({obj.decode(errors='replace')[:80]})",
                    hint=_REFUSE_HINT,
                )
            return b'{"@language": "' + language + b'", "@value": ' + quoted + b"}"
        datatype = context.iri(obj[end + 3 :])
        return b'{"@type": "' + datatype + b'", "@value": ' + quoted + b"}"
    if obj[:3] == b"<<(":
        raise OutputError("JSON-LD cannot carry RDF 1.2 triple terms", hint=_REFUSE_HINT)
    iri = b'"' + context.iri(obj) + b'"'
    return iri if as_id else b'{"@id": ' + iri + b"}"


class _Writer:
    def __init__(self, out: IO[bytes], context: _Context) -> None:
        self.out = out
        self.context = context
        self.parts: list[bytes] = []
        self.nodes = 0
        self.keys: dict[bytes, tuple[bytes | None, bytes | None, bytes]] = {}

    def node(self, subject: bytes, groups: list[tuple[bytes, list[bytes]]], indent: bytes) -> None:
        context = self.context
        iri = context.iri
        keys = self.keys
        entries: list[tuple[bytes, bytes]] = []
        inner = indent + b"  "
        for predicate, objects in groups:
            known = keys.get(predicate)
            if known is None:
                known = keys[predicate] = (
                    context.plain.get(predicate), context.ids.get(predicate), iri(predicate)
                )
            plain, ids, compact = known
            if len(objects) == 1:
                obj = objects[0]
                if obj[0] == 34:  # a literal: a term that takes values as they are, if any
                    key = plain or ids or compact
                    as_id = plain is None and ids is not None
                    plain_string = obj[-1] == 34 and not as_id
                    value = obj if plain_string else _value(obj, context, as_id)
                elif predicate == RDF_TYPE and obj[1] != 60:
                    key, value = b"@type", b'"' + iri(obj) + b'"'
                else:
                    key = ids or plain or compact
                    value = _value(obj, context, ids is not None)
                entries.append((key, b'"' + key + b'": ' + value))
                continue
            if predicate == RDF_TYPE and all(o[0] != 34 and o[1] != 60 for o in objects):
                key = b"@type"
                values = [b'"' + iri(obj) + b'"' for obj in objects]
            else:
                literals_only = all(obj[0] == 34 for obj in objects)
                as_id = ids is not None and not (literals_only and plain is not None)
                key = (plain if literals_only else None) or ids or plain or compact
                values = [_value(obj, context, as_id) for obj in objects]
            deeper = b",\n" + inner + b"  "
            entries.append((
                key,
                b'"' + key + b'": [\n' + inner + b"  " + deeper.join(values) + b"\n" + inner + b"]",
            ))
        entries.sort()
        separator = b",\n" + inner
        text = separator.join([b'"@id": "' + iri(subject) + b'"', *(e[1] for e in entries)])
        self._item(indent + b"{\n" + inner + text + b"\n" + indent + b"}")

    def _item(self, text: bytes) -> None:
        self.parts.append((b",\n" if self.nodes else b"") + text)
        self.nodes += 1
        if len(self.parts) >= 4096:
            self.flush()

    def flush(self) -> None:
        self.out.write(b"".join(self.parts))
        self.parts = []

    def graph(self, lines: Sequence[bytes], indent: bytes) -> None:
        """Node objects of sorted canonical triple lines."""
        for subject, groups in subject_blocks(lines):
            self.node(subject, groups, indent)


def write_jsonld(
    lines: Sequence[bytes],
    out: IO[bytes],
    context: Mapping[str, Any] | None = None,
    *,
    named: bool = True,
) -> None:
    """JSON-LD of the sorted canonical N-Quads ``lines`` to ``out``.

    ``named`` false: no line has a graph name (the lines are triples).
    """
    shipped = jsonld_context() if context is None else dict(context)
    reader = _Context(shipped)
    by_graph: Mapping[bytes, Sequence[bytes]] = split_graphs(lines) if named else {b"": lines}
    head = json.dumps({"@context": shipped}, indent=2, ensure_ascii=False)[:-2]
    out.write(head.encode() + b',\n  "@graph": [\n')
    writer = _Writer(out, reader)
    for name in sorted(by_graph):
        if not name:
            writer.graph(by_graph[name], b"    ")
            continue
        writer._item(b'    {\n      "@id": "' + reader.iri(name) + b'",\n      "@graph": [\n')
        writer.flush()
        nested = _Writer(out, reader)
        nested.graph(by_graph[name], b"        ")
        nested.flush()
        out.write(b"\n      ]\n    }")
    writer.flush()
    out.write(b"\n  ]\n}\n")
