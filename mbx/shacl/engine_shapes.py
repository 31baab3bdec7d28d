"""The shapes graph's index and what the engine reads from it: shapes, components, SPARQL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mbx.shacl.engine_sparql import Prepared
from mbx.shacl.engine_terms import (
    OWL,
    RDF,
    RDF_FIRST,
    RDF_NIL,
    RDF_REST,
    RDFS_CLASS,
    RDFS_SUBCLASSOF,
    SH,
    XSD,
    Term,
    Unsupported,
)

#: predicates whose presence makes a component (pySHACL's CONSTRAINT_PARAMETERS_MAP)
PARAMETERS: dict[str, str] = {
    "class": "class",
    "datatype": "datatype",
    "nodeKind": "nodeKind",
    "minCount": "minCount",
    "maxCount": "maxCount",
    "minExclusive": "minExclusive",
    "minInclusive": "minInclusive",
    "maxExclusive": "maxExclusive",
    "maxInclusive": "maxInclusive",
    "not": "not",
    "and": "and",
    "or": "or",
    "xone": "xone",
    "minLength": "minLength",
    "maxLength": "maxLength",
    "pattern": "pattern",
    "languageIn": "languageIn",
    "uniqueLang": "uniqueLang",
    "equals": "equals",
    "disjoint": "disjoint",
    "lessThan": "lessThan",
    "lessThanOrEquals": "lessThanOrEquals",
    "node": "node",
    "property": "property",
    "qualifiedValueShape": "qualified",
    "qualifiedMinCount": "qualified",
    "qualifiedMaxCount": "qualified",
    "qualifiedValueShapesDisjoint": "qualified",
    "closed": "closed",
    "ignoredProperties": "closed",
    "hasValue": "hasValue",
    "in": "in",
    "sparql": "sparql",
}
#: SHACL terms pySHACL 0.40 acts on that the engine does not evaluate (other sh: terms
#: are inert for pySHACL and for the engine: names, groups, orders, typos)
REFUSED_PREDICATES = {
    "rule", "condition", "construct", "expression", "filterShape", "intersection", "union",
    "nodes", "this", "js", "jsFunctionName", "jsLibrary", "jsLibraryURL", "nodeValidator",
    "propertyValidator", "validator", "optional", "parameter", "returnType", "ask",
    "subject", "predicate", "object", "values", "entailment",
}  # fmt: skip
REFUSED_TYPES = {
    "ConstraintComponent", "SPARQLConstraintComponent", "JSConstraintComponent",
    "SPARQLFunction", "SHACLFunction", "JSFunction", "Function", "SPARQLRule", "TripleRule",
    "JSRule", "Rule", "JSTarget", "JSTargetType", "SPARQLTargetType", "TargetType", "Target",
    "JSConstraint", "JSValidator", "SPARQLAskValidator", "SPARQLSelectValidator", "Validator",
    "JSExecutable", "SPARQLExecutable",
}  # fmt: skip
WHOLE_INTEGERS = {
    XSD + "integer",
    XSD + "int",
    XSD + "long",
    XSD + "negativeInteger",
    XSD + "nonNegativeInteger",
    XSD + "nonPositiveInteger",
    XSD + "positiveInteger",
    XSD + "short",
    XSD + "unsignedByte",
    XSD + "unsignedInt",
    XSD + "unsignedLong",
    XSD + "unsignedShort",
}
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
MAX_DEPTH = 15


class ShapesGraph:
    """An index of the shapes triples (graph names dropped, as pySHACL's graph does)."""

    def __init__(self, quads: Iterable[Any]) -> None:
        import pyoxigraph as ox

        self.spo: dict[Term, dict[Term, list[Term]]] = {}
        self.pos: dict[tuple[Term, Term], list[Term]] = {}
        seen: set[tuple[Term, Term, Term]] = set()
        system = [
            (OWL + "Class", RDFS_SUBCLASSOF, RDFS_CLASS),
            (OWL + "DatatypeProperty", RDFS_SUBCLASSOF, RDF + "Property"),
        ]
        triples = [(q.subject, q.predicate, q.object) for q in quads]
        triples += [(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o)) for s, p, o in system]
        for s, p, o in triples:
            if isinstance(s, ox.Triple) or isinstance(o, ox.Triple):
                raise Unsupported("RDF 1.2 triple terms in the shapes")
            if (s, p, o) in seen:
                continue
            seen.add((s, p, o))
            self.spo.setdefault(s, {}).setdefault(p, []).append(o)
            self.pos.setdefault((p, o), []).append(s)
        self._ox = ox

    def objects(self, s: Term, p: str) -> list[Term]:
        return self.spo.get(s, {}).get(self._ox.NamedNode(p), [])

    def subjects(self, p: str, o: Term) -> list[Term]:
        return self.pos.get((self._ox.NamedNode(p), o), [])

    def subjects_with(self, p: str) -> list[Term]:
        pred = self._ox.NamedNode(p)
        return [s for s, po in self.spo.items() if pred in po]

    def one(self, s: Term, p: str, what: str) -> Term | None:
        values = self.objects(s, p)
        if len(values) > 1:
            raise Unsupported(f"more than one {what}")
        return values[0] if values else None

    def items(self, head: Term) -> list[Term]:
        """The members of a well-formed RDF list (anything else is Unsupported)."""
        out: list[Term] = []
        seen: set[Term] = set()
        node = head
        while not (isinstance(node, self._ox.NamedNode) and node.value == RDF_NIL):
            if node in seen:
                raise Unsupported("an RDF list with a cycle")
            seen.add(node)
            firsts, rests = self.objects(node, RDF_FIRST), self.objects(node, RDF_REST)
            if len(firsts) != 1 or len(rests) != 1:
                raise Unsupported("a malformed RDF list in the shapes")
            out.append(firsts[0])
            node = rests[0]
        return out


@dataclass
class Sparql:
    """One sh:sparql constraint."""

    node: Term
    query: Prepared
    messages: list[Term]


@dataclass
class Component:
    """One constraint component of a shape, with pySHACL's reading of its parameters."""

    kind: str
    values: list[Any] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Shape:
    node: Term
    is_property: bool
    path_node: Term | None = None
    path: str | None = None  #: SPARQL property path text
    nullable: bool = False  #: the path can be empty
    deactivated: bool = False
    severity: Term | None = None
    messages: list[Term] = field(default_factory=list)
    target_nodes: list[Term] = field(default_factory=list)
    target_classes: list[Term] = field(default_factory=list)
    subjects_of: list[Term] = field(default_factory=list)
    objects_of: list[Term] = field(default_factory=list)
    sparql_targets: list[str] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)


@dataclass
class Model:
    shapes: dict[Term, Shape]
    graph: ShapesGraph

    def constants(self) -> list[Term]:
        """Terms of the shapes that the engine puts in its store or queries."""
        out: list[Term] = []
        for shape in self.shapes.values():
            out += shape.target_nodes
            for c in shape.components:
                if c.kind == "hasValue":
                    out += c.values
        return out


def sh_iri(name: str) -> str:
    return SH + name
