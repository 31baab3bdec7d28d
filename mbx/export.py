"""Serialize the MBX graph in any RDF format, deterministically."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from mbx.errors import OutputError, one_line
from mbx.formats import RdfFormat

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context shipped with mbx (``mbx/context.jsonld``)."""
    text = files("mbx").joinpath("context.jsonld").read_text(encoding="utf-8")
    context: dict[str, Any] = json.loads(text)["@context"]
    return context


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(data.splitlines()))
    return b"".join(line + b"\n" for line in lines if line.strip())


def canonical_blank_nodes(quads: Sequence[pyoxigraph.Quad]) -> list[pyoxigraph.Quad]:
    """``quads`` with blank nodes relabelled by RDFC-1.0, so equal graphs serialize equally."""
    import pyoxigraph as ox

    if not any(
        isinstance(term, ox.BlankNode)
        for quad in quads
        for term in (quad.subject, quad.object, quad.graph_name)
    ):
        return list(quads)
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return list(dataset)


def serialize_quads(
    quads: Sequence[pyoxigraph.Quad], fmt: RdfFormat, prefixes: dict[str, str] | None = None
) -> bytes:
    """Serialize ``quads`` in ``fmt``.

    Turtle, N-Triples and RDF/XML carry the union of all graphs; N-Quads,
    TriG and JSON-LD keep the named graphs. Blank nodes are relabelled
    canonically and lines, subjects, graphs and JSON-LD arrays sorted, so the
    same quads always give the same bytes, in every format. ``prefixes`` adds prefixes
    (for example those of the user's input files) to the MBX prefix map;
    Turtle and TriG never invent a prefix (``ns1:``) for other namespaces.
    """
    import pyoxigraph as ox

    if not fmt.quads:  # the union first, so the labels depend on the triples alone
        quads = list(dict.fromkeys(ox.Quad(q.subject, q.predicate, q.object) for q in quads))
    quads = canonical_blank_nodes(quads)
    if fmt.name == "rdfxml":
        return _rdfxml_bytes(quads, prefixes)
    if fmt.name in ("ntriples", "nquads"):
        if fmt.name == "ntriples":
            items: list[Any] = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        else:
            items = quads
        data = ox.serialize(items, format=getattr(ox.RdfFormat, fmt.oxigraph_name))
        return _sorted_lines(data or b"")

    from mbx.graph import to_graph

    if fmt.name == "jsonld":
        document = _sorted_jsonld(_compact_jsonld(quads))
        data = (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
        if not _same_quads(quads, data, ox.RdfFormat.JSON_LD):
            raise OutputError(
                "JSON-LD cannot carry this data exactly: read back, it would differ (JSON-LD "
                "folds RDF lists and re-reads rdf:JSON literals)",
                hint="export it as N-Quads or TriG",
            )
        return data
    if fmt.name == "trig":
        data = _trig_bytes(quads, prefixes)
    else:
        data = _turtle_bytes(to_graph(quads, prefixes))
    rdf_format = getattr(ox.RdfFormat, fmt.oxigraph_name)
    if _same_quads(quads, data, rdf_format):
        return data
    # rdflib's pretty writer got it wrong (an odd list, a local name it cannot write):
    # pyoxigraph's plain writer is exact
    return _plain_bytes(quads, rdf_format, prefixes)


def _trig_bytes(quads: Sequence[pyoxigraph.Quad], prefixes: dict[str, str] | None) -> bytes:
    """TriG built from the canonical Turtle of each graph: default graph first, then by name."""
    import pyoxigraph as ox
    from rdflib import BNode

    from mbx.graph import to_graph

    by_graph: dict[str, list[pyoxigraph.Quad]] = {}
    graphs_of: dict[str, set[str]] = {}  # blank node -> the graphs it occurs in
    for quad in quads:
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
        by_graph.setdefault(name, []).append(quad)
        # naming a graph is a use too: such a node is labelled wherever else it occurs
        uses = ((quad.subject, name), (quad.object, name), (quad.graph_name, " graph name"))
        for term, where in uses:
            if isinstance(term, ox.BlankNode):
                graphs_of.setdefault(term.value, set()).add(where)
    # TriG blank-node labels are document-wide: a node in two graphs must keep its label
    shared = frozenset(BNode(node) for node, names in graphs_of.items() if len(names) > 1)
    declarations: set[bytes] = set()
    blocks: list[bytes] = []
    for name in sorted(by_graph):
        turtle = _turtle_bytes(to_graph(by_graph[name], prefixes), shared)
        lines = turtle.split(b"\n")
        start = 0  # the @prefix lines open the document; literals below stay untouched
        while start < len(lines) and lines[start].startswith(b"@prefix "):
            declarations.add(lines[start])
            start += 1
        body = b"\n".join(lines[start:]).strip(b"\n")
        blocks.append((name.encode() + b" {" if name else b"{") + b"\n" + body + b"\n}\n")
    head = b"".join(line + b"\n" for line in sorted(declarations))
    return head + b"\n" + b"\n".join(blocks)


def _compact_jsonld(quads: Sequence[pyoxigraph.Quad]) -> Any:
    """JSON-LD compacted with the shipped context by pyld, from the exact quads.

    pyld's ``fromRdf`` keeps every term as it is (typed literals stay typed
    strings, blank-node cycles and blank-node graph names survive), which
    rdflib's JSON-LD writer does not; no document is ever fetched.
    """
    from pyld import jsonld  # type: ignore[import-untyped]

    def no_network(url: str, options: Any = None) -> Any:
        raise jsonld.JsonLdError(
            f"mbx never fetches JSON-LD documents ({url})", "jsonld.LoadDocumentError",
            code="loading document failed",
        )

    try:
        expanded = jsonld.from_rdf(_pyld_dataset(quads), {})
        return jsonld.compact(
            expanded, {"@context": jsonld_context()}, {"documentLoader": no_network}
        )
    except Exception as exc:  # pyld fails on what JSON-LD cannot say (<mbx:x>, bad rdf:JSON)
        reason = one_line(exc, 160) or type(exc).__name__
        raise OutputError(
            f"JSON-LD cannot carry this data ({reason})", hint="export it as N-Quads or TriG"
        ) from None


def _same_quads(
    quads: Sequence[pyoxigraph.Quad], data: bytes, rdf_format: pyoxigraph.RdfFormat
) -> bool:
    """Whether ``data`` parses back to ``quads`` (up to blank-node labels): never lose data."""
    import pyoxigraph as ox

    def canonical(items: Sequence[pyoxigraph.Quad]) -> set[str]:
        dataset = ox.Dataset(items)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        return {str(quad) for quad in dataset}

    try:
        back = list(ox.parse(data, format=rdf_format))
    except (SyntaxError, ValueError):
        return False
    return len(back) == len(quads) and canonical(back) == canonical(quads)


def _plain_bytes(
    quads: Sequence[pyoxigraph.Quad],
    rdf_format: pyoxigraph.RdfFormat,
    prefixes: dict[str, str] | None,
) -> bytes:
    """pyoxigraph's Turtle/TriG of ``quads``: exact, sorted, prefixes in a fixed order."""
    import pyoxigraph as ox

    from mbx.namespaces import prefix_map

    items: list[Any] = sorted(quads, key=str)
    if rdf_format == ox.RdfFormat.TURTLE:
        items = [ox.Triple(q.subject, q.predicate, q.object) for q in items]
    namespaces = prefix_map(prefixes)
    data = ox.serialize(items, format=rdf_format, prefixes=namespaces) or b""
    lines = data.split(b"\n")
    start = 0
    while start < len(lines) and lines[start].startswith(b"@prefix "):
        start += 1
    head = b"".join(line + b"\n" for line in sorted(lines[:start]))
    return head + b"\n" + b"\n".join(lines[start:]).strip(b"\n") + b"\n"


def _pyld_dataset(quads: Sequence[pyoxigraph.Quad]) -> dict[str, list[dict[str, Any]]]:
    """The quads in pyld's own RDF dataset form, term by term.

    Handed over as N-Quads text, literals with escapes (``\\u0001``) or line
    separators (U+2028) would be misread by pyld's N-Quads parser.
    """
    import pyoxigraph as ox

    def term(node: Any) -> dict[str, str]:
        if isinstance(node, ox.NamedNode):
            return {"type": "IRI", "value": node.value}
        if isinstance(node, ox.BlankNode):
            return {"type": "blank node", "value": f"_:{node.value}"}
        literal: dict[str, str] = {
            "type": "literal", "value": node.value, "datatype": node.datatype.value
        }
        if node.language:
            literal["language"] = node.language
        return literal

    dataset: dict[str, list[dict[str, Any]]] = {"@default": []}
    for quad in quads:
        graph = quad.graph_name
        key = (
            "@default" if isinstance(graph, ox.DefaultGraph)
            else f"_:{graph.value}" if isinstance(graph, ox.BlankNode)
            else graph.value
        )
        dataset.setdefault(key, []).append(
            {"subject": term(quad.subject), "predicate": term(quad.predicate),
             "object": term(quad.object)}
        )
    return dataset


def _sorted_jsonld(node: Any, key: str = "") -> Any:
    """A JSON-LD document with its unordered arrays sorted (``@list`` keeps its order).

    The JSON-LD writer's node and value order is not specified; in JSON-LD
    only ``@list`` is ordered, so sorting every other array changes nothing
    but the bytes.
    """
    if isinstance(node, dict):
        return {k: v if k == "@context" else _sorted_jsonld(v, k) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sorted_jsonld(item) for item in node]
        if key == "@list":
            return items
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return node


#: characters XML 1.0 cannot carry, even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

#: the XML name an RDF/XML predicate element needs at the end of its IRI
_XML_LOCAL_NAME = re.compile(r"[A-Za-z_\u00c0-\uffff][A-Za-z0-9_.\-\u00b7\u00c0-\uffff]*$")


def _rdfxml_bytes(
    quads: Sequence[pyoxigraph.Quad], prefixes: dict[str, str] | None = None
) -> bytes:
    """Flat RDF/XML (one ``rdf:Description`` per subject, sorted) written by pyoxigraph.

    pyoxigraph never drops a triple (rdflib's ``pretty-xml`` skips assertions
    on list nodes, with a warning) and, given sorted triples, writes the same
    bytes every time. Namespaces whose local names cannot be XML element
    names (``IAO:0000115``) are declared where they are used.
    """
    import pyoxigraph as ox

    from mbx.namespaces import prefix_map

    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    for predicate in sorted({t.predicate.value for t in triples}):
        name = _XML_LOCAL_NAME.search(predicate)
        if name is None or name.start() == 0:
            raise OutputError(
                f"RDF/XML cannot write the predicate <{predicate}>: it does not end in an XML "
                "name (a letter or _ followed by letters, digits, '.', '-', '_')",
                hint="export it as Turtle, N-Triples, N-Quads, TriG or JSON-LD",
            )
    for triple in triples:
        if isinstance(triple.object, ox.Literal) and _NOT_XML.search(triple.object.value):
            raise OutputError(
                "RDF/XML cannot write a literal with control characters XML 1.0 forbids "
                f"(object of {triple.subject} {triple.predicate})",
                hint="export it as Turtle, N-Triples, N-Quads, TriG or JSON-LD",
            )
    namespaces = prefix_map(prefixes)
    try:
        data = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=namespaces) or b""
    except (OSError, ValueError) as exc:  # e.g. rdf:Description used as a predicate
        raise OutputError(
            f"RDF/XML cannot carry this data ({exc})",
            hint="export it as Turtle, N-Triples, N-Quads, TriG or JSON-LD",
        ) from None
    return data if data.endswith(b"\n") else data + b"\n"


_XSD = "http://www.w3.org/2001/XMLSchema#"

#: Turtle's literal shorthands and the lexical forms each one can carry unchanged
_SHORTHAND = {
    _XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    _XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    _XSD + "double": re.compile(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    _XSD + "boolean": re.compile(r"true|false"),
}


def _turtle_bytes(graph: Any, shared: frozenset[Any] = frozenset()) -> bytes:
    """The canonical Turtle of an rdflib ``graph`` (``longturtle``), written faithfully.

    Corrections to rdflib's serializer: no invented ``ns1:`` prefixes; a
    literal keeps its exact lexical form (rdflib writes ``"1e0"^^xsd:double``
    as ``1e+00`` and ``"1"^^xsd:boolean`` as ``1``, an integer); objects are
    sorted by a total order, so values that compare equal (``1`` and ``1e0``)
    cannot swap between runs; only a plain chain of unshared blank nodes is
    folded into ``( … )`` (rdflib would also fold IRI nodes and shared tails,
    and loops on an ``rdf:rest`` cycle). Blank nodes in ``shared`` (used by
    several graphs of a TriG document, or naming one) get a label instead of
    being written inline. :func:`serialize_quads` still checks the result.
    """
    import io

    from rdflib import RDF, BNode, Literal
    from rdflib.plugins.serializers.longturtle import LongTurtleSerializer

    base: Any = LongTurtleSerializer

    class _Faithful(base):  # type: ignore[misc]
        def startDocument(self) -> None:
            """``@prefix`` declarations (older OWL API versions cannot read ``PREFIX``)."""
            self._started = True
            if self.base:
                self.write(f"@base <{self.base}> .\n")
            namespaces = sorted(self.namespaces.items())
            for prefix, namespace in namespaces:
                self.write(f"@prefix {prefix}: <{namespace}> .\n")
            if namespaces and self._spacious:
                self.write("\n")

        def get_pname(self, uri: Any, gen_prefix: bool = True) -> Any:
            return super().get_pname(uri, False)

        def label(self, node: Any, position: Any) -> Any:
            written = super().label(node, position)
            if isinstance(node, Literal) and str(node.datatype) in _SHORTHAND:
                lexical = str(node)
                if written != lexical or not _SHORTHAND[str(node.datatype)].fullmatch(lexical):
                    # the shorthand would change the term: write "lexical"^^datatype
                    return node._literal_n3(
                        use_plain=False, qname_callback=lambda dt: self.get_pname(dt, False)
                    )
            return written

        def sortProperties(self, properties: Any) -> Any:
            for objects in properties.values():
                objects.sort(key=lambda node: (type(node).__name__, node.n3()))
                objects.sort()  # rdflib's order; ties keep the total order above
            return super().sortProperties(properties)

        def isValidList(self, node: Any) -> bool:
            """A ``( … )`` collection only for a chain of unshared blank nodes ending in nil."""
            seen = set()
            current = node
            while current != RDF.nil:
                if (
                    not isinstance(current, BNode)  # an IRI list node would become blank
                    or current in seen  # a cycle: rdflib's own check would never return
                    or current in shared
                    or self._references[current] > 1  # folding cuts the other links
                    or len(list(self.store.objects(current, RDF.first))) != 1
                    or len(list(self.store.objects(current, RDF.rest))) != 1
                ):
                    return False
                seen.add(current)
                current = self.store.value(current, RDF.rest)
            return bool(seen) and super().isValidList(node)

        def preprocessTriple(self, triple: Any) -> None:
            super().preprocessTriple(triple)
            for node in (triple[0], triple[2]):
                if node in shared:  # referenced from another graph: labelled, never inline
                    self._references[node] += 2

    buffer = io.BytesIO()
    _Faithful(graph).serialize(buffer, encoding="utf-8")
    return buffer.getvalue()


def canonical_turtle(path_or_data: str | bytes) -> bytes:
    """The canonical Turtle form of a Turtle file's content (used by ``mbx normalize``).

    The file's own prefixes are kept beside MBX's; relative IRIs resolve
    against the file's location, as in ``mbx export`` (bytes: against MBX's base).
    """
    from mbx.formats import FORMATS
    from mbx.rdfio import parse_quads

    prefixes: dict[str, str] = {}
    if isinstance(path_or_data, bytes):
        quads = parse_quads(
            "<data>", FORMATS["turtle"], data=path_or_data, base_iri="https://w3id.org/mbx/",
            prefixes=prefixes,
        )
    else:
        quads = parse_quads(path_or_data, FORMATS["turtle"], prefixes=prefixes)
    return serialize_quads(quads, FORMATS["turtle"], prefixes)


def normalize_file(path: str, *, check: bool = False) -> bool:
    """Whether the Turtle file ``path`` was not in canonical form.

    Unless ``check``, the file is rewritten in place (atomically). Files of
    other formats are refused rather than silently turned into Turtle.
    """
    from pathlib import Path

    from mbx.errors import UsageError
    from mbx.formats import guess_format
    from mbx.output import write_output
    from mbx.rdfio import read_bytes

    if Path(path).exists() and not Path(path).is_file():
        raise UsageError("not a regular file: mbx normalize rewrites files in place", source=path)
    fmt = guess_format(path)
    if fmt is None or fmt.name != "turtle":
        raise UsageError(
            "mbx normalize rewrites Turtle (.ttl) files only",
            source=path,
            hint="convert other formats with `mbx export --no-bundled -i FILE -o OUT.ttl`",
        )
    current = read_bytes(path)
    canonical = canonical_turtle(path)
    here = Path(path).resolve().parent.as_uri() + "/"
    if here.encode() in canonical:
        raise UsageError(
            "has relative IRIs: normalizing would write them as absolute file: IRIs of this "
            "machine",
            source=path,
            hint="declare an @base or write absolute IRIs",
        )
    if current == canonical:
        return False
    if not check:
        write_output(canonical, path)
    return True
