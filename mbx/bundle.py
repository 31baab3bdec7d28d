"""Build the bundled MBX dataset from the files in ``ontology/``.

``mbx.ttl`` and ``sources/NNN.ttl`` are read as they are; ``entities.tsv`` and
``sources/NNN.tsv`` are curated tables turned into RDF like a ROBOT template
(docs/MODEL.md says exactly how). The result is a list of pyoxigraph quads:
the ontology and entities in ``graph:ontology``, each source document's
claims, publications and recommendations in ``graph:NNN``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mbx.cache import cached
from mbx.errors import InputError
from mbx.namespaces import (
    CLAIM,
    GRAPH,
    IAO_DEFINITION,
    IAO_EDITOR_NOTE,
    MBX,
    OBOINOWL,
    ONTOLOGY_GRAPH,
    OWL,
    RDF,
    RDFS,
    SKOS,
    SRC,
    expand,
)
from mbx.resources import ontology_dir

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

ENTITY_COLUMNS = (
    "id",
    "types",
    "label",
    "definition",
    "exact_synonyms",
    "related_synonyms",
    "exact_match",
    "close_match",
    "broad_match",
    "narrow_match",
    "editor_note",
)
CLAIM_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "evidence",
    "quote",
    "cites",
    "hedge",
    "subject_aspect",
    "object_aspect",
    "direction",
    "context",
    "anatomical_context",
    "condition",
    "note",
)
_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CLAIM_ID = re.compile(r"^[0-9]{2,3}[a-z]?$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


@dataclass(frozen=True)
class Row:
    """One data row of a TSV table, with where it came from."""

    path: Path
    line: int
    values: dict[str, str]

    def error(self, column: str, message: str) -> InputError:
        col = list(self.values).index(column) + 1 if column in self.values else None
        return InputError(
            f"column {column!r}: {message}", source=str(self.path), line=self.line, column=col
        )


def read_table(path: Path, columns: tuple[str, ...]) -> Iterator[Row]:
    """Rows of a tab-separated table whose header is exactly ``columns``.

    Lines starting with ``#`` and blank lines are skipped.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=str(path)) from None
    header: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = next(csv.reader([raw], delimiter="\t", quoting=csv.QUOTE_NONE))
        if header is None:
            header = cells
            if tuple(header) != columns:
                raise InputError(
                    f"header must be {' | '.join(columns)}", source=str(path), line=number, column=1
                )
            continue
        if len(cells) > len(columns):
            raise InputError(
                f"{len(cells)} cells, expected at most {len(columns)}",
                source=str(path),
                line=number,
            )
        cells += [""] * (len(columns) - len(cells))
        yield Row(path, number, {c: v.strip() for c, v in zip(columns, cells, strict=True)})


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


class _Builder:
    def __init__(self) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.quads: list[pyoxigraph.Quad] = []

    def iri(self, value: str) -> pyoxigraph.NamedNode:
        return self.ox.NamedNode(value)

    def add(self, s: str, p: str, o: str | pyoxigraph.Literal, graph: str) -> None:
        obj = self.ox.NamedNode(o) if isinstance(o, str) else o
        self.quads.append(self.ox.Quad(self.iri(s), self.iri(p), obj, self.iri(graph)))

    def literal(self, value: str) -> pyoxigraph.Literal:
        return self.ox.Literal(value)


def _local(row: Row, column: str) -> str:
    value = row.values[column]
    if not _LOCAL_NAME.match(value):
        raise row.error(column, f"{value!r} is not an MBX local name")
    return MBX + value


def _curie(row: Row, column: str, value: str) -> str:
    try:
        return expand(value)
    except ValueError as exc:
        raise row.error(column, str(exc)) from None


def entity_quads(builder: _Builder, path: Path) -> None:
    """Turn ``entities.tsv`` into quads in the ontology graph."""
    g = ONTOLOGY_GRAPH
    seen: set[str] = set()
    for row in read_table(path, ENTITY_COLUMNS):
        v = row.values
        for required in ("id", "types", "label", "definition"):
            if not v[required]:
                raise row.error(required, "must not be empty")
        subject = _local(row, "id")
        if subject in seen:
            raise row.error("id", f"duplicate entity {v['id']!r}")
        seen.add(subject)
        builder.add(subject, RDF + "type", OWL + "NamedIndividual", g)
        for name in v["types"].split():
            if not _LOCAL_NAME.match(name):
                raise row.error("types", f"{name!r} is not an MBX class name")
            builder.add(subject, RDF + "type", MBX + name, g)
        builder.add(subject, RDFS + "label", builder.literal(v["label"]), g)
        builder.add(subject, IAO_DEFINITION, builder.literal(v["definition"]), g)
        for syn in _split(v["exact_synonyms"]):
            builder.add(subject, OBOINOWL + "hasExactSynonym", builder.literal(syn), g)
        for syn in _split(v["related_synonyms"]):
            builder.add(subject, OBOINOWL + "hasRelatedSynonym", builder.literal(syn), g)
        for column, prop in (
            ("exact_match", "exactMatch"),
            ("close_match", "closeMatch"),
            ("broad_match", "broadMatch"),
            ("narrow_match", "narrowMatch"),
        ):
            for curie in _split(v[column]):
                builder.add(subject, SKOS + prop, _curie(row, column, curie), g)
        if v["editor_note"]:
            builder.add(subject, IAO_EDITOR_NOTE, builder.literal(v["editor_note"]), g)


def claim_quads(builder: _Builder, path: Path, document: str) -> None:
    """Turn ``sources/NNN.tsv`` into claim nodes and direct edges in ``graph:NNN``."""
    g = GRAPH + document
    seen: set[str] = set()
    for row in read_table(path, CLAIM_COLUMNS):
        v = row.values
        for required in ("id", "subject", "predicate", "object", "evidence", "quote"):
            if not v[required]:
                raise row.error(required, "must not be empty")
        if not _CLAIM_ID.match(v["id"]):
            raise row.error("id", f"{v['id']!r} is not a claim number such as 01")
        claim = f"{CLAIM}{document}-{v['id']}"
        if claim in seen:
            raise row.error("id", f"duplicate claim {v['id']!r}")
        seen.add(claim)
        subject, predicate, obj = (_local(row, c) for c in ("subject", "predicate", "object"))
        builder.add(claim, RDF + "type", MBX + "Claim", g)
        builder.add(claim, RDF + "subject", subject, g)
        builder.add(claim, RDF + "predicate", predicate, g)
        builder.add(claim, RDF + "object", obj, g)
        builder.add(claim, MBX + "quote", builder.literal(" ".join(v["quote"].split())), g)
        builder.add(claim, MBX + "sourceDocument", SRC + document, g)
        builder.add(claim, MBX + "evidenceLevel", _local(row, "evidence"), g)
        for doi in _split(v["cites"]):
            if not _DOI.match(doi):
                raise row.error("cites", f"{doi!r} is not a DOI such as 10.1038/s41419-022-05378-4")
            builder.add(claim, MBX + "cites", "https://doi.org/" + doi, g)
        for cue in _split(v["hedge"]):
            builder.add(claim, MBX + "hedgingCue", builder.literal(cue), g)
        for column, prop in (
            ("subject_aspect", "subjectAspect"),
            ("object_aspect", "objectAspect"),
            ("direction", "objectDirection"),
            ("context", "context"),
            ("anatomical_context", "anatomicalContext"),
            ("condition", "conditionQualifier"),
        ):
            for name in _split(v[column]):
                if not _LOCAL_NAME.match(name):
                    raise row.error(column, f"{name!r} is not an MBX local name")
                builder.add(claim, MBX + prop, MBX + name, g)
        if v["note"]:
            builder.add(claim, RDFS + "comment", builder.literal(v["note"]), g)
        builder.add(subject, predicate, obj, g)


def turtle_quads(builder: _Builder, path: Path, graph: str) -> None:
    """Parse one bundled Turtle file into ``graph``."""
    from mbx.formats import FORMATS
    from mbx.parse import parse_quads

    ox = builder.ox
    target = ox.NamedNode(graph)
    for quad in parse_quads(str(path), FORMATS["turtle"], base_iri=MBX):
        builder.quads.append(ox.Quad(quad.subject, quad.predicate, quad.object, target))


def documents(directory: Path | None = None) -> list[str]:
    """The source document numbers (``000``, ``001`` …) that have files in ``sources/``."""
    root = (directory or ontology_dir()) / "sources"
    return sorted({p.stem for p in root.glob("*.t[st]*") if p.suffix in (".ttl", ".tsv")})


@cached
def bundled_quads(directory: Path | None = None) -> list[pyoxigraph.Quad]:
    """All quads of the bundled MBX dataset (read from mbx.cache when nothing changed)."""
    root = directory or ontology_dir()
    builder = _Builder()
    turtle_quads(builder, root / "mbx.ttl", ONTOLOGY_GRAPH)
    entities = root / "entities.tsv"
    if entities.exists():
        entity_quads(builder, entities)
    for document in documents(root):
        ttl = root / "sources" / f"{document}.ttl"
        if ttl.exists():
            turtle_quads(builder, ttl, GRAPH + document)
        tsv = root / "sources" / f"{document}.tsv"
        if tsv.exists():
            claim_quads(builder, tsv, document)
    return list(dict.fromkeys(builder.quads))
