"""Build the bundled MBX dataset from ``ontology/`` (the terms) and ``kg/`` (the knowledge graph).

``ontology/mbx.ttl``, ``kg/mbx-kg.ttl`` and ``kg/sources/NNN.ttl`` are read
as they are; ``ontology/entities.tsv`` and ``kg/sources/NNN.tsv`` are curated
tables turned into RDF like a ROBOT template (docs/MODEL.md says exactly how).
The result is a list of pyoxigraph quads: the terms in ``graph:ontology``, the
knowledge graph's header in ``graph:kg``, each source document's claims,
publications and recommendations in ``graph:NNN``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from mbx.cache import cached
from mbx.errors import InputError, UsageError
from mbx.namespaces import (
    CLAIM,
    DCTERMS,
    GRAPH,
    IAO_DEFINITION,
    IAO_EDITOR_NOTE,
    KG_GRAPH,
    MBX,
    OA,
    OBOINOWL,
    ONTOLOGY_GRAPH,
    OWL,
    RDF,
    RDFS,
    REC,
    SKOS,
    SRC,
    XSD,
    expand,
)
from mbx.resources import kg_dir, ontology_dir
from mbx.tables import CLAIM_COLUMNS, ENTITY_COLUMNS, Row, read_table, split_cell

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

__all__ = [
    "CLAIM_COLUMNS",
    "ENTITY_COLUMNS",
    "PARTS",
    "bundled_quads",
    "documents",
    "select_part",
]

#: ``mbx export --part``: which named graphs each part holds
PARTS = ("all", "ontology", "claims")
#: who encodes MBX claims (``dcterms:creator`` of every claim)
CURATORS = "MBX curators"

_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CURIE = re.compile(r"^[A-Za-z][A-Za-z0-9]*:[A-Za-z0-9_]+$")
_CLAIM_ID = re.compile(r"^[0-9]{2,3}[a-z]?$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OFFSET = re.compile(r"^\d+$")
_QUANTITY = re.compile(
    r"^(?P<approx>~)?(?P<low>\d+(?:\.\d+)?)(?:\.\.(?P<high>\d+(?:\.\d+)?))?\s+(?P<unit>\S+)$"
)


def _text(term: object) -> str:
    """The IRI, blank-node id or lexical form of a pyoxigraph term ("" for other terms)."""
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else ""


class _Builder:
    def __init__(self) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.quads: list[pyoxigraph.Quad] = []

    def add(self, s: str, p: str, o: str | pyoxigraph.Literal, graph: str) -> None:
        obj = self.ox.NamedNode(o) if isinstance(o, str) else o
        self.quads.append(
            self.ox.Quad(self.ox.NamedNode(s), self.ox.NamedNode(p), obj, self.ox.NamedNode(graph))
        )

    def literal(self, value: str, datatype: str | None = None) -> pyoxigraph.Literal:
        if datatype is None:
            return self.ox.Literal(value)
        return self.ox.Literal(value, datatype=self.ox.NamedNode(datatype))

    def labels(self) -> dict[str, str]:
        """rdfs:label of every IRI so far (the first, if a term has several)."""
        found: dict[str, str] = {}
        for quad in self.quads:
            if quad.predicate.value == RDFS + "label" and isinstance(quad.object, self.ox.Literal):
                found.setdefault(_text(quad.subject), quad.object.value)
        return found


def _local(row: Row, column: str, value: str | None = None) -> str:
    value = row.values[column] if value is None else value
    if not _LOCAL_NAME.match(value):
        raise row.error(column, f"{value!r} is not an MBX local name")
    return MBX + value


def _term(row: Row, column: str) -> str:
    """An MBX local name (``potentiates``) or a CURIE (``RO:0002206``) as an IRI."""
    value = row.values[column]
    if _LOCAL_NAME.match(value):
        return MBX + value
    if _CURIE.match(value):
        return _curie(row, column, value)
    raise row.error(
        column, f"{value!r} is neither an MBX local name nor a CURIE such as RO:0002206"
    )


def _curie(row: Row, column: str, value: str) -> str:
    try:
        return expand(value)
    except ValueError as exc:
        raise row.error(column, str(exc)) from None


def entity_quads(builder: _Builder, path: Path) -> None:
    """Turn ``entities.tsv`` into classes (punned as individuals) in the ontology graph."""
    g = ONTOLOGY_GRAPH
    seen: set[str] = set()
    for row in read_table(path, ENTITY_COLUMNS):
        v = row.values
        for required in ("id", "parents", "label", "definition"):
            if not v[required]:
                raise row.error(required, "must not be empty")
        subject = _local(row, "id")
        if subject in seen:
            raise row.error("id", f"duplicate entity {v['id']!r}")
        seen.add(subject)
        builder.add(subject, RDF + "type", OWL + "Class", g)
        builder.add(subject, RDF + "type", OWL + "NamedIndividual", g)
        for name in v["parents"].split():
            builder.add(subject, RDFS + "subClassOf", _local(row, "parents", name), g)
        builder.add(subject, RDFS + "label", builder.literal(v["label"]), g)
        builder.add(subject, IAO_DEFINITION, builder.literal(v["definition"]), g)
        for syn in split_cell(v["exact_synonyms"]):
            builder.add(subject, OBOINOWL + "hasExactSynonym", builder.literal(syn), g)
        for syn in split_cell(v["related_synonyms"]):
            builder.add(subject, OBOINOWL + "hasRelatedSynonym", builder.literal(syn), g)
        for column, prop in (
            ("exact_match", "exactMatch"),
            ("close_match", "closeMatch"),
            ("broad_match", "broadMatch"),
            ("narrow_match", "narrowMatch"),
            ("related_match", "relatedMatch"),
        ):
            for curie in split_cell(v[column]):
                builder.add(subject, SKOS + prop, _curie(row, column, curie), g)
        if v["editor_note"]:
            builder.add(subject, IAO_EDITOR_NOTE, builder.literal(v["editor_note"]), g)


class _Labels:
    """Labels for the generated claim and recommendation labels; errors say what is missing."""

    def __init__(self, builder: _Builder, document: str) -> None:
        self.known = builder.labels()
        self.document = document
        source = SRC + document
        short = [
            _text(q.object)
            for q in builder.quads
            if _text(q.subject) == source and q.predicate.value == DCTERMS + "alternative"
        ]
        self.short = short[0] if short else f"document {document}"

    def of(self, row: Row, column: str, iri: str) -> str:
        try:
            return self.known[iri]
        except KeyError:
            raise row.error(
                column, f"{row.values[column]!r} has no rdfs:label: is it defined in ontology/?"
            ) from None


def claim_quads(builder: _Builder, path: Path, document: str) -> None:
    """Turn ``kg/sources/NNN.tsv`` into claim nodes and direct edges in ``graph:NNN``."""
    g = GRAPH + document
    labels = _Labels(builder, document)
    seen: set[str] = set()
    for row in read_table(path, CLAIM_COLUMNS):
        v = row.values
        for required in (
            "id", "subject", "predicate", "object", "hedging", "support", "quote", "start",
            "end", "created",
        ):  # fmt: skip
            if not v[required]:
                raise row.error(required, "must not be empty")
        if not _CLAIM_ID.match(v["id"]):
            raise row.error("id", f"{v['id']!r} is not a claim number such as 01")
        name = f"{document}-{v['id']}"
        claim = CLAIM + name
        if claim in seen:
            raise row.error("id", f"duplicate claim {v['id']!r}")
        seen.add(claim)
        subject, obj = _local(row, "subject"), _local(row, "object")
        predicate = _term(row, "predicate")
        label = (
            f"{labels.of(row, 'subject', subject)} {labels.of(row, 'predicate', predicate)} "
            f"{labels.of(row, 'object', obj)} ({labels.short}, claim {name})"
        )
        builder.add(claim, RDF + "type", OWL + "NamedIndividual", g)
        builder.add(claim, RDF + "type", MBX + "Claim", g)
        builder.add(claim, RDFS + "label", builder.literal(label), g)
        builder.add(claim, MBX + "subject", subject, g)
        builder.add(claim, MBX + "predicate", predicate, g)
        builder.add(claim, MBX + "object", obj, g)
        builder.add(claim, MBX + "quote", builder.literal(" ".join(v["quote"].split())), g)
        builder.add(claim, MBX + "statedIn", SRC + document, g)
        builder.add(claim, MBX + "hedgingLevel", _local(row, "hedging"), g)
        builder.add(claim, MBX + "supportType", _local(row, "support"), g)
        _selector(builder, row, claim, name, g)
        for column, prop in (("cites", "cites"), ("context_cites", "contextCites")):
            for doi in split_cell(v[column]):
                if not _DOI.match(doi):
                    raise row.error(
                        column, f"{doi!r} is not a DOI such as 10.1038/s41419-022-05378-4"
                    )
                builder.add(claim, MBX + prop, "https://doi.org/" + doi, g)
        for cue in split_cell(v["hedge"]):
            builder.add(claim, MBX + "hedgingCue", builder.literal(cue), g)
        for column, prop in (
            ("subject_aspect", "subjectAspectQualifier"),
            ("object_aspect", "objectAspectQualifier"),
            ("direction", "objectDirectionQualifier"),
            ("context", "context"),
            ("anatomical_context", "anatomicalContext"),
            ("condition", "conditionQualifier"),
        ):
            for value in split_cell(v[column]):
                builder.add(claim, MBX + prop, _local(row, column, value), g)
        if v["quantity"]:
            _quantity(builder, row, claim, name, g)
        builder.add(claim, DCTERMS + "creator", builder.literal(CURATORS), g)
        for column in ("created", "modified"):
            if v[column]:
                if not _DATE.match(v[column]):
                    raise row.error(
                        column, f"{v[column]!r} is not a date such as 2026-11-23"
                    )
                builder.add(claim, DCTERMS + column, builder.literal(v[column], XSD + "date"), g)
        if v["note"]:
            builder.add(claim, RDFS + "comment", builder.literal(v["note"]), g)
        builder.add(subject, predicate, obj, g)


def _selector(builder: _Builder, row: Row, claim: str, name: str, g: str) -> None:
    """The W3C Web Annotation text position selector of the quote (end exclusive)."""
    start, end = row.values["start"], row.values["end"]
    for column, value in (("start", start), ("end", end)):
        if not _OFFSET.match(value):
            raise row.error(column, f"{value!r} is not a character offset such as 1024")
    if int(end) <= int(start):
        raise row.error("end", f"end {end} must be after start {start}")
    selector = f"{claim}-selector"
    builder.add(claim, MBX + "quoteSelector", selector, g)
    builder.add(selector, RDF + "type", OWL + "NamedIndividual", g)
    builder.add(selector, RDF + "type", OA + "TextPositionSelector", g)
    builder.add(selector, RDFS + "label", builder.literal(f"quote position of claim {name}"), g)
    builder.add(selector, OA + "start", builder.literal(start, XSD + "nonNegativeInteger"), g)
    builder.add(selector, OA + "end", builder.literal(end, XSD + "nonNegativeInteger"), g)


def _quantity(builder: _Builder, row: Row, claim: str, name: str, g: str) -> None:
    """``[~]VALUE[..VALUE] UNIT`` as an mbx:QuantityValue node."""
    match = _QUANTITY.match(row.values["quantity"])
    if match is None:
        raise row.error(
            "quantity", f"{row.values['quantity']!r} is not a quantity such as '~40 unit:PERCENT'"
        )
    node = f"{claim}-quantity"
    low, high = match.group("low"), match.group("high")
    builder.add(claim, MBX + "quantity", node, g)
    builder.add(node, RDF + "type", OWL + "NamedIndividual", g)
    builder.add(node, RDF + "type", MBX + "QuantityValue", g)
    if high is None:
        builder.add(node, MBX + "numericValue", builder.literal(low, XSD + "decimal"), g)
    else:
        builder.add(node, MBX + "minValue", builder.literal(low, XSD + "decimal"), g)
        builder.add(node, MBX + "maxValue", builder.literal(high, XSD + "decimal"), g)
    if match.group("approx"):
        builder.add(node, MBX + "approximate", builder.literal("true", XSD + "boolean"), g)
    unit = match.group("unit")
    builder.add(node, MBX + "unit", _curie(row, "quantity", unit), g)
    amount = low if high is None else f"{low}-{high}"
    about = "about " if match.group("approx") else ""
    text = f"quantity of claim {name}: {about}{amount} {unit}"
    builder.add(node, RDFS + "label", builder.literal(text), g)


def recommendation_labels(builder: _Builder, document: str) -> None:
    """A generated rdfs:label for each recommendation of ``graph:NNN``."""
    import pyoxigraph as ox

    g = GRAPH + document
    labels = _Labels(builder, document)
    in_graph = [q for q in builder.quads if q.graph_name == ox.NamedNode(g)]
    recommendations = sorted(
        _text(q.subject)
        for q in in_graph
        if q.predicate.value == RDF + "type" and _text(q.object) == MBX + "Recommendation"
    )
    for rec in recommendations:

        def values(prop: str, rec: str = rec) -> list[str]:
            return sorted(
                _text(q.object)
                for q in in_graph
                if _text(q.subject) == rec and q.predicate.value == prop
            )

        if values(RDFS + "label"):
            raise InputError(
                f"recommendation <{rec}> has an rdfs:label; MBX generates it (describe the "
                "recommendation in dcterms:description)",
                source=f"kg/sources/{document}.ttl",
            )
        what = " and ".join(labels.known.get(i, i) for i in values(MBX + "recommends"))
        whom = " and ".join(labels.known.get(i, i) for i in values(MBX + "targetPopulation"))
        name = rec.removeprefix(REC)
        text = f"{what} for {whom}" if whom else what
        builder.add(rec, RDFS + "label", builder.literal(f"{text} ({labels.short}, {name})"), g)


def turtle_quads(builder: _Builder, path: Path, graph: str) -> None:
    """Parse one bundled Turtle file into ``graph``."""
    from mbx.formats import FORMATS
    from mbx.parse import parse_quads

    ox = builder.ox
    target = ox.NamedNode(graph)
    for quad in parse_quads(str(path), FORMATS["turtle"], base_iri=MBX):
        builder.quads.append(ox.Quad(quad.subject, quad.predicate, quad.object, target))


def documents(directory: Path | None = None) -> list[str]:
    """The source document numbers (``000``, ``001`` …) that have files in ``kg/sources/``."""
    root = (directory or kg_dir()) / "sources"
    return sorted({p.stem for p in root.glob("*.t[st]*") if p.suffix in (".ttl", ".tsv")})


@cached
def bundled_quads(
    ontology: Path | None = None, kg: Path | None = None, *, part: str = "all"
) -> list[pyoxigraph.Quad]:
    """All quads of the bundled MBX dataset, or those of one ``part`` (see :data:`PARTS`).

    Read from the cache (mbx.cache) when nothing it is built from changed.
    """
    terms = ontology or ontology_dir()
    graph_root = kg or kg_dir()
    builder = _Builder()
    turtle_quads(builder, terms / "mbx.ttl", ONTOLOGY_GRAPH)
    entities = terms / "entities.tsv"
    if entities.exists():
        entity_quads(builder, entities)
    header = graph_root / "mbx-kg.ttl"
    if header.exists():
        turtle_quads(builder, header, KG_GRAPH)
    for document in documents(graph_root):
        ttl = graph_root / "sources" / f"{document}.ttl"
        if ttl.exists():
            turtle_quads(builder, ttl, GRAPH + document)
            recommendation_labels(builder, document)
        tsv = graph_root / "sources" / f"{document}.tsv"
        if tsv.exists():
            claim_quads(builder, tsv, document)
    return select_part(list(dict.fromkeys(builder.quads)), part)


def select_part(quads: Iterable[pyoxigraph.Quad], part: str) -> list[pyoxigraph.Quad]:
    """The quads of ``part``: ``ontology`` (graph:ontology), ``claims`` (the rest), ``all``."""
    if part not in PARTS:
        raise UsageError(f"unknown part {part!r}", hint=f"use one of {', '.join(PARTS)}")
    if part == "all":
        return list(quads)
    keep = part == "ontology"
    return [q for q in quads if (_text(q.graph_name) == ONTOLOGY_GRAPH) == keep]
