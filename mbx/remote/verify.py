"""``mbx load --verify exact``: fetch a graph back from the store and compare it with what was sent.

The graph comes back by GSP GET as N-Triples (the one format every store
writes without changing terms: Virtuoso's Turtle turns "5"^^xsd:decimal
into an integer, its JSON-LD drops datatypes). A store that answers GSP GET
with fewer triples than a SPARQL COUNT finds (Virtuoso stops at
``ResultSetMaxRows``, 10,000 by default) is read again in pages of
CONSTRUCT queries, when ``--endpoint`` is given.

Triples without blank nodes are compared as sets. A sent literal that is
missing is paired with the literal the store holds instead for the same
subject and predicate: the store *rewrote* it. Each rewrite is classified
by SPARQL value comparison (``=``, evaluated by pyoxigraph):

- ``canonical form``: same value and datatype, other spelling ("5.0" -> "5");
- ``datatype changed``: same value, other datatype ("42"^^xsd:int -> xsd:integer);
- ``value changed``: anything else (a lost fraction of a second, an invented 0).

Triples with blank nodes are compared after canonical relabelling
(RDFC-1.0), i.e. up to isomorphism, when there are at most
:data:`BLANK_NODE_LIMIT` of them, they came in one answer and the
canonicalisation stayed within its work limit (mbx.export.canon); otherwise,
and with ``--append``, they are counted.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from mbx.errors import EnvironmentFailure
from mbx.export.nquads import BLANK
from mbx.namespaces import XSD
from mbx.remote.http import Client, media_type, redact, refuse_xml_entities

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

#: the most blank-node triples compared up to isomorphism (RDFC-1.0 can be slow on more)
BLANK_NODE_LIMIT = 100_000

CANONICAL = "canonical form"
DATATYPE = "datatype changed"
VALUE = "value changed"

_DECIMALS = {XSD + t for t in ("decimal", "integer", "long", "int", "short", "byte")} | {
    XSD + t
    for t in (
        "nonNegativeInteger",
        "nonPositiveInteger",
        "positiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
NTRIPLES_FIRST = "application/n-triples, text/turtle;q=0.5, application/rdf+xml;q=0.3"


@dataclass(frozen=True)
class Rewrite:
    """A literal the store holds in place of the one sent (same subject and predicate)."""

    subject: pyoxigraph.NamedNode
    predicate: pyoxigraph.NamedNode
    sent: pyoxigraph.Literal
    back: pyoxigraph.Literal
    kind: str  # CANONICAL, DATATYPE or VALUE

    def describe(self, *, kind: bool = True) -> str:
        """One line: subject, predicate, the literal sent, what came back (and the kind)."""
        text = (
            f"{show(self.subject)} {show(self.predicate)} {show(self.sent)} "
            f"came back as {show(self.back)}"
        )
        return f"{text} ({self.kind})" if kind else text


@dataclass(frozen=True)
class RewriteGroup:
    """Rewrites of one kind from one datatype (or language) to another."""

    kind: str
    sent: str  # the datatype sent, as a CURIE (or @tag)
    back: str
    rewrites: tuple[Rewrite, ...]

    def describe(self) -> str:
        """One line: the rewrite itself, or how many like it and the first as an example."""
        if len(self.rewrites) == 1:
            return self.rewrites[0].describe()
        many = f"{len(self.rewrites)} literals {self.sent} -> {self.back} ({self.kind})"
        return f"{many}, e.g. {self.rewrites[0].describe(kind=False)}"


def group_rewrites(rewrites: Sequence[Rewrite]) -> list[RewriteGroup]:
    """``rewrites`` grouped by kind and datatypes, largest group first."""
    groups: dict[tuple[str, str, str], list[Rewrite]] = {}
    for rewrite in rewrites:
        key = (rewrite.kind, _datatype(rewrite.sent), _datatype(rewrite.back))
        groups.setdefault(key, []).append(rewrite)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [RewriteGroup(*key, tuple(members)) for key, members in ordered]


def _datatype(literal: pyoxigraph.Literal) -> str:
    from mbx.namespaces import compress

    return f"@{literal.language}" if literal.language else compress(literal.datatype.value)


@dataclass
class Comparison:
    """What differs between the triples sent and the graph the store holds."""

    missing: list[pyoxigraph.Triple] = field(default_factory=list)  # sent, not there
    extra: list[pyoxigraph.Triple] = field(default_factory=list)  # there, not sent
    rewrites: list[Rewrite] = field(default_factory=list)
    blank_missing: int = 0  # blank-node triples sent without a counterpart
    blank_extra: int = 0
    blank_compared: bool = True  # False: blank-node triples only counted
    blank_rewritten: int = 0  # blank-node triples sent with a literal the store wrote canonically

    @property
    def lost(self) -> bool:
        """Whether triples are missing or were added (rewrites aside)."""
        return bool(self.missing or self.extra or self.blank_missing or self.blank_extra)

    def describe_loss(self) -> str:
        """What is missing or extra, with an example of each."""
        parts = []
        if self.missing:
            parts.append(f"{len(self.missing)} missing (e.g. {show_triple(self.missing[0])})")
        if self.extra:
            parts.append(f"{len(self.extra)} not sent (e.g. {show_triple(self.extra[0])})")
        what = "differ" if self.blank_compared else "are missing or extra by count"
        if self.blank_missing or self.blank_extra:
            parts.append(f"{self.blank_missing + self.blank_extra} triples with blank nodes {what}")
        return "; ".join(parts)


def show(term: object) -> str:
    """A term as a short N-Triples-like text, IRIs as MBX CURIEs where one fits."""
    import pyoxigraph as ox

    from mbx.errors import safe_text
    from mbx.namespaces import compress

    if isinstance(term, ox.NamedNode):
        return compress(term.value)
    if isinstance(term, ox.Literal):
        lexical = safe_text(term.value.replace("\\", "\\\\").replace('"', '\\"'))
        if term.language:
            return f'"{lexical}"@{term.language}'
        if term.datatype.value == XSD + "string":
            return f'"{lexical}"'
        return f'"{lexical}"^^{compress(term.datatype.value)}'
    return safe_text(str(term))


def show_triple(triple: pyoxigraph.Triple) -> str:
    """A triple as three short terms."""
    return " ".join(show(t) for t in (triple.subject, triple.predicate, triple.object))


@dataclass
class Fetched:
    """A graph the store sent back, as sorted distinct N-Triples lines (pyoxigraph's form)."""

    lines: list[bytes]
    paged: bool = False  # read in pages of CONSTRUCT queries (blank-node labels differ)


def fetch_graph_lines(
    client: Client,
    url: str,
    graph: str | None,
    *,
    endpoint: str | None = None,
    sent: int = 0,
) -> Fetched:
    """The triples of ``graph`` (None: the default graph) by GSP GET of ``url``; 404: none.

    With ``endpoint``, an answer with fewer triples than ``sent`` is checked
    with SPARQL COUNT; if the store holds more than it sent back, the graph
    is read again in pages of that size. The triples are kept as lines of
    bytes (as what was sent is), never as Python terms.
    """
    from mbx.export.lines import sorted_distinct

    response = client.request("GET", url, headers={"Accept": NTRIPLES_FIRST}, ok_statuses=(404,))
    if response.status_code == 404:
        return Fetched([])
    lines = _lines(response.content, media_type(response, "application/n-triples"), url)
    if endpoint is None or graph is None or len(lines) >= sent or not lines:
        return Fetched(lines)
    from mbx.remote.endpoint import count_with_sparql

    total = count_with_sparql(endpoint, graph, client=client)
    if total <= len(lines):
        return Fetched(lines)
    pages = sorted_distinct(_pages(client, endpoint, graph, len(lines), total))
    if len(pages) != total:
        raise EnvironmentFailure(
            f"cannot read <{graph}> back in full: {total} triples, but its pages hold "
            f"{len(pages)} distinct ones (an unstable order)",
            source=redact(endpoint),
            hint="use --verify count",
        )
    return Fetched(pages, paged=True)


def _lines(data: bytes, media: str, url: str) -> list[bytes]:
    """``data`` as sorted distinct N-Triples lines, written by pyoxigraph as it parses."""
    import pyoxigraph as ox

    from mbx.export.lines import LineSink, buffered, serialize_into, sorted_distinct

    fmt = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
    refuse_xml_entities(data, media, f"the graph the store sent back ({media})", url)
    sink = LineSink()
    writer = buffered(sink)
    try:
        serialize_into(
            writer,
            ox.parse(data, format=fmt),
            as_quads=False,
            triples_only=not fmt.supports_datasets,
        )
    except (SyntaxError, ValueError) as exc:
        raise EnvironmentFailure(
            f"cannot parse the graph the store sent back ({media}): {exc}", source=redact(url)
        ) from None
    writer.flush()
    sink.finish()
    return sorted_distinct(sink.lines + sink.blank)


def _pages(client: Client, endpoint: str, graph: str, size: int, total: int) -> list[bytes]:
    """The ``total`` triples of ``graph`` by CONSTRUCT queries of up to ``size`` each.

    Not ordered: Virtuoso refuses ORDER BY with an OFFSET past its row limit
    (SR353). The caller checks that the pages add up.
    """
    from mbx.remote.endpoint import sparql_request

    lines: list[bytes] = []
    while len(lines) < total:
        text = (
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} "
            f"OFFSET {len(lines)} LIMIT {size}"
        )
        response = sparql_request(endpoint, text, accept="application/n-triples", client=client)
        page = _lines(response.content, media_type(response, "application/n-triples"), endpoint)
        if not page:
            break
        lines += page
    return lines


def compare_lines(
    sent: Sequence[bytes],
    back: Sequence[bytes],
    *,
    subset: bool = False,
    blank_labels_stable: bool = True,
) -> Comparison:
    """Compare ``sent`` with ``back`` (the store's copy), both sorted distinct N-Triples lines.

    ``subset``: the graph may hold other triples too (``--append``): only
    what was sent is looked for, and blank-node triples are counted.
    ``blank_labels_stable=False``: the copy came in pages whose blank-node
    labels do not match, so blank-node triples are counted. Only the lines
    that differ become Python terms.
    """
    sent_blank = [line for line in sent if BLANK in line]
    back_blank = [line for line in back if BLANK in line]
    missing_lines, extra_lines = _differences(sent, back)
    missing, extra = _triples(missing_lines), _triples(extra_lines)
    result = Comparison()
    result.rewrites = _pair_rewrites(missing, extra)
    paired_sent = {(r.subject, r.predicate, r.sent) for r in result.rewrites}
    paired_back = {(r.subject, r.predicate, r.back) for r in result.rewrites}
    result.missing = sorted(
        (t for t in missing if (t.subject, t.predicate, t.object) not in paired_sent), key=str
    )
    if not subset:
        result.extra = sorted(
            (t for t in extra if (t.subject, t.predicate, t.object) not in paired_back), key=str
        )
    too_many = max(len(sent_blank), len(back_blank)) > BLANK_NODE_LIMIT
    ours = theirs = None
    if not (subset or not blank_labels_stable or too_many) and (sent_blank or back_blank):
        ours, theirs = _canonical(sent_blank), _canonical(back_blank)
    if ours is not None and theirs is not None:
        if ours != theirs:
            # a store that writes a literal in another form of the same value ("5.0" as
            # "5") changes the canonical labels of every blank node around it: compare
            # again with both sides' literals in canonical form
            sent_forms = _canonical_literals(sent_blank)
            again = _canonical(sent_forms)
            if again is not None and again == _canonical(_canonical_literals(back_blank)):
                result.blank_rewritten = len(set(sent_blank) - set(sent_forms))
            else:
                result.blank_missing = len(ours - theirs)
                result.blank_extra = len(theirs - ours)
    elif sent_blank or back_blank:  # counted: labels not comparable, or too many
        result.blank_compared = False
        result.blank_missing = max(0, len(sent_blank) - len(back_blank))
        result.blank_extra = 0 if subset else max(0, len(back_blank) - len(sent_blank))
    return result


def _differences(sent: Sequence[bytes], back: Sequence[bytes]) -> tuple[list[bytes], list[bytes]]:
    """Lines without blank nodes only in ``sent``, and only in ``back`` (both sorted)."""
    missing: list[bytes] = []
    extra: list[bytes] = []
    i = j = 0
    while i < len(sent) or j < len(back):
        a = sent[i] if i < len(sent) else None
        b = back[j] if j < len(back) else None
        if a is not None and BLANK in a:
            i += 1
        elif b is not None and BLANK in b:
            j += 1
        elif b is None or (a is not None and a < b):
            missing.append(a)  # type: ignore[arg-type]
            i += 1
        elif a is None or b < a:
            extra.append(b)
            j += 1
        else:
            i += 1
            j += 1
    return missing, extra


def _triples(lines: list[bytes]) -> set[pyoxigraph.Triple]:
    import pyoxigraph as ox

    data = b"\n".join(lines) + b"\n"
    return {q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


def _canonical_literals(lines: list[bytes]) -> list[bytes]:
    """``lines`` with each literal in its canonical form: as Oxigraph's store keeps them."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_extend(ox.parse(b"\n".join(lines) + b"\n", format=ox.RdfFormat.N_TRIPLES))
    data = ox.serialize(store, format=ox.RdfFormat.N_QUADS) or b""
    return sorted(set(data.splitlines()))


def _canonical(lines: list[bytes]) -> set[bytes] | None:
    """The lines with canonical blank-node labels; None past the canonicalisation limit."""
    from mbx.export.canon import canonical_labels

    relabelled, fallback = canonical_labels(lines)
    return None if fallback else set(relabelled)


def _pair_rewrites(missing: set[pyoxigraph.Triple], extra: set[pyoxigraph.Triple]) -> list[Rewrite]:
    """Pair each missing literal with the store's literal for the same subject and predicate.

    Equal values pair first (so "5.0" pairs with "5", not with "7"); where
    one literal is left on each side, they pair as a changed value.
    """
    import pyoxigraph as ox

    Key = tuple[ox.NamedNode, ox.NamedNode]

    def by_key(triples: set[ox.Triple]) -> dict[Key, list[ox.Literal]]:
        grouped: dict[Key, list[ox.Literal]] = {}
        for t in sorted(triples, key=str):
            if isinstance(t.object, ox.Literal) and isinstance(t.subject, ox.NamedNode):
                grouped.setdefault((t.subject, t.predicate), []).append(t.object)
        return grouped

    ours, theirs = by_key(missing), by_key(extra)
    candidates = [
        (key, a, b) for key, sent in ours.items() for a in sent for b in theirs.get(key, [])
    ]
    rewrites: list[Rewrite] = []
    used: set[tuple[Key, ox.Literal, bool]] = set()
    for (key, a, b), equal in zip(
        candidates, equal_values([(a, b) for _, a, b in candidates]), strict=True
    ):
        if equal and (key, a, True) not in used and (key, b, False) not in used:
            kind = CANONICAL if a.datatype == b.datatype else DATATYPE
            rewrites.append(Rewrite(key[0], key[1], a, b, kind))
            used |= {(key, a, True), (key, b, False)}
    for key, sent in ours.items():
        left = [a for a in sent if (key, a, True) not in used]
        rest = [b for b in theirs.get(key, []) if (key, b, False) not in used]
        if len(left) == 1 and len(rest) == 1:
            rewrites.append(Rewrite(key[0], key[1], left[0], rest[0], VALUE))
    return sorted(rewrites, key=lambda r: (str(r.subject), str(r.predicate), str(r.sent)))


def equal_values(pairs: Sequence[tuple[pyoxigraph.Literal, pyoxigraph.Literal]]) -> list[bool]:
    """For each pair, whether the two literals have the same value (SPARQL ``=``).

    An error (an ill-typed literal) is False; integers beyond pyoxigraph's
    64 bits are compared as decimals.
    """
    import pyoxigraph as ox

    if not pairs:
        return []
    rows = " ".join(f"({i} {a} {b})" for i, (a, b) in enumerate(pairs))
    query = (
        f"SELECT ?i ?eq WHERE {{ VALUES (?i ?a ?b) {{ {rows} }} "
        "BIND(COALESCE(?a = ?b, false) AS ?eq) }"
    )
    equal = [False] * len(pairs)
    results = ox.Store().query(query)
    assert isinstance(results, ox.QuerySolutions)
    for solution in results:
        index, eq = solution["i"], solution["eq"]
        if isinstance(index, ox.Literal) and isinstance(eq, ox.Literal):
            equal[int(index.value)] = eq.value == "true"
    for i, (a, b) in enumerate(pairs):
        if not equal[i] and {a.datatype.value, b.datatype.value} <= _DECIMALS:
            with contextlib.suppress(InvalidOperation):
                equal[i] = Decimal(a.value) == Decimal(b.value)
    return equal
