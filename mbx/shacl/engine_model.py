"""The shapes graph read the way pySHACL 0.40 reads it: shapes, targets, paths, constraints.

Everything pySHACL would refuse while loading or evaluating (a malformed
constraint, a missing shape, recursion) and every feature the engine does not
evaluate (SHACL-AF rules, functions, custom targets and constraint
components, JavaScript) raises :class:`Unsupported`, so the caller falls back
to pySHACL for the whole shapes graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mbx.shacl.engine_sparql import Prepared, prefix_block, prepare, pyshacl_checks, substitute_path
from mbx.shacl.engine_terms import (
    OWL,
    RDF,
    RDF_FIRST,
    RDF_NIL,
    RDF_REST,
    RDF_TYPE,
    RDFS,
    RDFS_CLASS,
    RDFS_SUBCLASSOF,
    SH,
    XSD,
    Term,
    Unsupported,
    sparql_term,
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
_REFUSED_PREDICATES = {
    "rule", "condition", "construct", "expression", "filterShape", "intersection", "union",
    "nodes", "this", "js", "jsFunctionName", "jsLibrary", "jsLibraryURL", "nodeValidator",
    "propertyValidator", "validator", "optional", "parameter", "returnType", "ask",
    "subject", "predicate", "object", "values", "entailment",
}  # fmt: skip
_REFUSED_TYPES = {
    "ConstraintComponent", "SPARQLConstraintComponent", "JSConstraintComponent",
    "SPARQLFunction", "SHACLFunction", "JSFunction", "Function", "SPARQLRule", "TripleRule",
    "JSRule", "Rule", "JSTarget", "JSTargetType", "SPARQLTargetType", "TargetType", "Target",
    "JSConstraint", "JSValidator", "SPARQLAskValidator", "SPARQLSelectValidator", "Validator",
    "JSExecutable", "SPARQLExecutable",
}  # fmt: skip
_WHOLE_INTEGERS = {
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
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_MAX_DEPTH = 15


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


def _sh(name: str) -> str:
    return SH + name


def load_model(quads: Iterable[Any]) -> Model:
    """Read the shapes graph; :class:`Unsupported` if pySHACL would read it otherwise."""
    g = ShapesGraph(quads)
    _check_vocabulary(g)
    shapes = _discover(g)
    for shape in shapes.values():
        _read_shape(g, shape, shapes)
    _check_references(shapes)
    return Model(shapes, g)


def _check_vocabulary(g: ShapesGraph) -> None:
    import pyoxigraph as ox

    for po in g.spo.values():
        for p, objects in po.items():
            name = p.value[len(SH) :] if p.value.startswith(SH) else None
            if name in _REFUSED_PREDICATES:
                raise Unsupported(f"sh:{name} is not supported by the engine")
            if p.value not in (RDF_TYPE, RDFS_SUBCLASSOF):
                continue
            for o in objects:
                kind = o.value[len(SH) :] if isinstance(o, ox.NamedNode) else ""
                if o.value.startswith(SH) and (kind in _REFUSED_TYPES or p.value != RDF_TYPE):
                    relation = "instances" if p.value == RDF_TYPE else "sub-classes"
                    raise Unsupported(f"{relation} of sh:{kind}")


def _discover(g: ShapesGraph) -> dict[Term, Shape]:
    """pySHACL's ShapesGraph._build_node_shape_cache."""
    import pyoxigraph as ox

    node_shapes = set(g.subjects(RDF_TYPE, ox.NamedNode(_sh("NodeShape"))))
    prop_shapes = set(g.subjects(RDF_TYPE, ox.NamedNode(_sh("PropertyShape"))))
    for s in node_shapes:
        if g.objects(s, _sh("path")):
            raise Unsupported("a sh:NodeShape with sh:path")
    for s in prop_shapes:
        if s in node_shapes:
            raise Unsupported("a shape that is both sh:NodeShape and sh:PropertyShape")
        if len(g.objects(s, _sh("path"))) != 1:
            raise Unsupported("a sh:PropertyShape without exactly one sh:path")
    implied: list[Term] = []
    for p in (
        "targetClass",
        "targetNode",
        "targetObjectsOf",
        "targetSubjectsOf",
        "property",
        "node",
    ):
        implied += g.subjects_with(_sh(p))
    expecting: list[Term] = []
    for p in ("property", "node", "not", "qualifiedValueShape"):
        for s in g.subjects_with(_sh(p)):
            expecting += g.objects(s, _sh(p))
    for p in ("and", "or", "xone"):
        for s in g.subjects_with(_sh(p)):
            for lst in g.objects(s, _sh(p)):
                members = g.items(lst)
                if not members:
                    raise Unsupported(f"an empty sh:{p} list")
                expecting += members
    shapes: dict[Term, Shape] = {}
    for s in list(node_shapes) + list(prop_shapes) + implied + expecting:
        if s in shapes:
            continue
        if isinstance(s, ox.Literal):
            raise Unsupported("a literal used as a shape")
        paths = g.objects(s, _sh("path"))
        if len(paths) > 1:
            raise Unsupported("a shape with more than one sh:path")
        is_property = s in prop_shapes or (s not in node_shapes and len(paths) == 1)
        shapes[s] = Shape(s, is_property, paths[0] if is_property else None)
    return shapes


def _bool(value: Term | None, what: str) -> bool | None:
    import pyoxigraph as ox

    if value is None:
        return None
    if (
        not isinstance(value, ox.Literal)
        or value.datatype.value != XSD + "boolean"
        or value.value not in _BOOLEANS
    ):
        raise Unsupported(f"{what} is not an xsd:boolean true or false")
    return _BOOLEANS[value.value]


def _integer(value: Term, what: str, types: set[str]) -> int:
    import pyoxigraph as ox

    if (
        not isinstance(value, ox.Literal)
        or value.language
        or value.datatype.value not in types
        or not re.fullmatch(r"[+-]?[0-9]+", value.value)
    ):
        raise Unsupported(f"{what} is not an integer literal")
    number = int(value.value)
    if number < 0:
        raise Unsupported(f"{what} is negative")
    return number


def _is_string_literal(value: Term) -> bool:
    import pyoxigraph as ox

    return isinstance(value, ox.Literal) and (
        bool(value.language) or value.datatype.value == XSD + "string"
    )


def path_sparql(g: ShapesGraph, node: Term, inverse: bool = False, depth: int = 0) -> str:
    """A SHACL path as a SPARQL path, with pySHACL's semantics (inverse pushed to the leaves)."""
    import pyoxigraph as ox

    if depth >= 10:
        raise Unsupported("a property path nested ten levels deep")
    if isinstance(node, ox.NamedNode):
        return ("^" if inverse else "") + sparql_term(node)
    if not isinstance(node, ox.BlankNode):
        raise Unsupported("a property path that is a literal")
    names = ("inversePath", "alternativePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath")
    kinds = [k for k in (RDF_FIRST, *(_sh(n) for n in names)) if g.objects(node, k)]
    # pySHACL takes the first of these it finds, in this order
    if not kinds or len(g.objects(node, kinds[0])) != 1:
        raise Unsupported("a malformed property path")
    kind, inner = kinds[0], g.objects(node, kinds[0])[0]
    if kind == RDF_FIRST:
        members = g.items(node)
        if depth == 0 and len(members) < 2:
            raise Unsupported("a sequence path with fewer than two members")
        parts = [path_sparql(g, m, inverse, depth + 1) for m in members]
        return "(" + " / ".join(parts) + ")"
    if kind == _sh("inversePath"):
        return path_sparql(g, inner, not inverse, depth + 1)
    if kind == _sh("alternativePath"):
        members = g.items(inner)
        if len(members) < 2:
            raise Unsupported("an alternative path with fewer than two members")
        return "(" + " | ".join(path_sparql(g, m, inverse, depth + 1) for m in members) + ")"
    suffix = {"zeroOrMorePath": "*", "oneOrMorePath": "+", "zeroOrOnePath": "?"}[kind[len(SH) :]]
    return "(" + path_sparql(g, inner, inverse, depth + 1) + ")" + suffix


def path_nullable(g: ShapesGraph, node: Term) -> bool:
    """Whether a path can be empty (the focus node is then one of its own values).

    Oxigraph leaves out such a zero-length match for a node that is not in the
    data graph (a sh:targetNode absent from the data); pySHACL keeps it.
    """
    import pyoxigraph as ox

    if not isinstance(node, ox.BlankNode):
        return False
    if g.objects(node, RDF_FIRST):
        return all(path_nullable(g, m) for m in g.items(node))
    for name, rule in (("inversePath", all), ("alternativePath", any)):
        for inner in g.objects(node, _sh(name)):
            members = g.items(inner) if name == "alternativePath" else [inner]
            return rule(path_nullable(g, m) for m in members)
    if g.objects(node, _sh("zeroOrMorePath")):
        return True
    for inner in g.objects(node, _sh("oneOrMorePath")):
        return path_nullable(g, inner)
    return bool(g.objects(node, _sh("zeroOrOnePath")))


def _read_shape(g: ShapesGraph, shape: Shape, shapes: dict[Term, Shape]) -> None:
    import pyoxigraph as ox

    s = shape.node
    if len(g.objects(s, _sh("deactivated"))) > 1:
        raise Unsupported("more than one sh:deactivated")
    shape.deactivated = bool(
        _bool(g.one(s, _sh("deactivated"), "sh:deactivated"), "sh:deactivated")
    )
    shape.severity = g.one(s, _sh("severity"), "sh:severity") or ox.NamedNode(_sh("Violation"))
    shape.messages = list(g.objects(s, _sh("message")))
    if shape.is_property:
        assert shape.path_node is not None
        shape.path = path_sparql(g, shape.path_node)
        shape.nullable = path_nullable(g, shape.path_node)
    shape.target_nodes = list(g.objects(s, _sh("targetNode")))
    shape.target_classes = list(g.objects(s, _sh("targetClass")))
    class_types = {ox.NamedNode(RDFS_CLASS), *g.subjects(RDFS_SUBCLASSOF, ox.NamedNode(RDFS_CLASS))}
    if any(t in class_types for t in g.objects(s, RDF_TYPE)):
        shape.target_classes.append(s)
    for c in shape.target_classes:
        if isinstance(c, ox.BlankNode):
            raise Unsupported("a blank node as target class")
    shape.subjects_of = list(g.objects(s, _sh("targetSubjectsOf")))
    shape.objects_of = list(g.objects(s, _sh("targetObjectsOf")))
    for target in g.objects(s, _sh("target")):
        selects = g.objects(target, _sh("select"))
        types = g.objects(target, RDF_TYPE)
        if len(selects) != 1 or not _is_string_literal(selects[0]):
            raise Unsupported("a custom target that is not a SPARQL target with one sh:select")
        if any(t != ox.NamedNode(_sh("SPARQLTarget")) for t in types):
            raise Unsupported("a custom target type")
        shape.sparql_targets.append(prefix_block(_prefixes(g, target)) + selects[0].value)
    done: set[str] = set()
    for p in g.spo.get(s, {}):
        name = p.value[len(SH) :] if p.value.startswith(SH) else None
        kind = PARAMETERS.get(name or "")
        if kind is None or kind in done:
            continue
        done.add(kind)
        component = _read_component(g, shape, kind, shapes)
        if component is not None:
            shape.components.append(component)


def _read_component(
    g: ShapesGraph, shape: Shape, kind: str, shapes: dict[Term, Shape]
) -> Component | None:
    import pyoxigraph as ox

    s = shape.node
    values = g.objects(s, _sh(kind)) if kind not in ("qualified", "closed") else []
    single = ("datatype", "nodeKind", "minCount", "maxCount", "minLength", "maxLength")
    if kind in (*single, "languageIn", "uniqueLang", "in") and len(values) != 1:
        raise Unsupported(f"sh:{kind} needs exactly one value")
    property_only = ("minCount", "maxCount", "uniqueLang", "lessThan", "lessThanOrEquals")
    if kind in property_only and not shape.is_property:
        raise Unsupported(f"sh:{kind} on a node shape")
    if kind in ("minCount", "maxCount"):
        return Component(kind, [_integer(values[0], f"sh:{kind}", {XSD + "integer"})])
    if kind in ("minLength", "maxLength"):
        return Component(kind, [_integer(values[0], f"sh:{kind}", _WHOLE_INTEGERS)])
    if kind in ("minExclusive", "minInclusive", "maxExclusive", "maxInclusive"):
        if not all(isinstance(v, ox.Literal) for v in values):
            raise Unsupported(f"sh:{kind} with a value that is not a literal")
        return Component(kind, values)
    if kind == "pattern":
        if not all(_is_string_literal(v) for v in values):
            raise Unsupported("sh:pattern that is not a string literal")
        flags_values = g.objects(s, _sh("flags"))
        if len(flags_values) > 1 or (flags_values and not _is_string_literal(flags_values[0])):
            raise Unsupported("sh:flags is not one string")
        flags = flags_values[0].value.lower() if flags_values else ""
        re_flags = (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0)
        try:
            compiled = [re.compile(v.value, re_flags) for v in values]
        except re.error as exc:
            raise Unsupported(f"sh:pattern is not a valid regular expression: {exc}") from None
        return Component(kind, compiled)
    if kind == "languageIn":
        members = g.items(values[0])
        if not all(_is_string_literal(m) for m in members):
            raise Unsupported("sh:languageIn with a member that is not a string")
        return Component(kind, [m.value.lower() for m in members])
    if kind == "uniqueLang":
        return Component(kind, [_bool(values[0], "sh:uniqueLang")])
    if kind in ("not", "node", "property"):
        for v in values:
            target = shapes.get(v)
            if target is None:
                raise Unsupported(f"sh:{kind} names something that is not a shape")
            if kind == "node" and target.is_property:
                raise Unsupported("sh:node names a property shape")
            if kind == "property" and not target.is_property:
                raise Unsupported("sh:property names a node shape")
        return Component(kind, values)
    if kind in ("and", "or", "xone"):
        lists = [g.items(v) for v in values]
        for members in lists:
            if not members:
                raise Unsupported(f"an empty sh:{kind} list")
            if any(m not in shapes for m in members):
                raise Unsupported(f"sh:{kind} names something that is not a shape")
        return Component(kind, lists)
    if kind == "qualified":
        return _read_qualified(g, shape, shapes)
    if kind == "closed":
        closed = g.objects(s, _sh("closed"))
        if len(closed) != 1:
            raise Unsupported("sh:closed needs exactly one value (sh:ignoredProperties needs it)")
        ignored: set[Term] = set()
        for lst in g.objects(s, _sh("ignoredProperties")):
            ignored.update(
                g.items(lst) if g.objects(lst, RDF_FIRST) or lst == ox.NamedNode(RDF_NIL) else []
            )
        props = g.objects(s, _sh("property"))
        if not all(p in shapes and shapes[p].is_property for p in props):
            raise Unsupported("sh:closed with a sh:property that is not a property shape")
        return Component(
            kind, [_bool(closed[0], "sh:closed")], {"ignored": ignored, "properties": props}
        )
    if kind == "sparql":
        found = [_read_sparql(g, shape, v) for v in values]
        return Component(kind, [c for c in found if c is not None])
    if kind == "in":
        members = g.items(values[0])
        return Component(kind, [set(members)], {"list": members})
    if kind == "datatype" or kind == "nodeKind":
        return Component(kind, values)
    return Component(kind, list(values))  # class, equals, disjoint, lessThan(OrEquals), hasValue


def _read_qualified(g: ShapesGraph, shape: Shape, shapes: dict[Term, Shape]) -> Component | None:
    import pyoxigraph as ox

    s = shape.node
    if not shape.is_property:
        return None  # pySHACL: a ConstraintLoadWarning, the component is skipped
    value_shapes = list(dict.fromkeys(g.objects(s, _sh("qualifiedValueShape"))))
    if not value_shapes:
        raise Unsupported("sh:qualifiedMinCount or MaxCount without sh:qualifiedValueShape")
    if any(v not in shapes for v in value_shapes):
        raise Unsupported("sh:qualifiedValueShape names something that is not a shape")
    counts: dict[str, int | None] = {}
    for name in ("qualifiedMinCount", "qualifiedMaxCount"):
        found = list(dict.fromkeys(g.objects(s, _sh(name))))
        if len(found) > 1:
            raise Unsupported(f"more than one sh:{name}")
        counts[name] = _integer(found[0], f"sh:{name}", _WHOLE_INTEGERS) if found else None
    if counts["qualifiedMinCount"] is None and counts["qualifiedMaxCount"] is None:
        raise Unsupported("sh:qualifiedValueShape without a qualified count")
    disjoint = False
    for d in g.objects(s, _sh("qualifiedValueShapesDisjoint")):
        if isinstance(d, ox.Literal):
            if d.datatype.value != XSD + "boolean":
                raise Unsupported("sh:qualifiedValueShapesDisjoint is not an xsd:boolean")
            disjoint = disjoint or bool(_bool(d, "sh:qualifiedValueShapesDisjoint"))
    siblings: dict[Term, list[Term]] = {}
    for q in value_shapes:
        others: list[Term] = []
        if disjoint:
            for parent in g.subjects(_sh("property"), s):
                for sibling_property in g.objects(parent, _sh("property")):
                    for sibling in g.objects(sibling_property, _sh("qualifiedValueShape")):
                        if sibling != q and sibling in shapes and sibling not in others:
                            others.append(sibling)
        siblings[q] = others
    return Component(
        "qualified",
        value_shapes,
        {
            "min": counts["qualifiedMinCount"],
            "max": counts["qualifiedMaxCount"],
            "siblings": siblings,
        },
    )


def _prefixes(g: ShapesGraph, node: Term) -> dict[str, str]:
    """pySHACL's SPARQLQueryHelper.collect_prefixes for the node holding the query."""
    import pyoxigraph as ox

    prefixes = {"rdf": RDF, "rdfs": RDFS, "owl": OWL}
    values = g.objects(node, _sh("prefixes"))
    if not values:
        return prefixes
    ontologies = set(g.subjects(RDF_TYPE, ox.NamedNode(OWL + "Ontology")))
    everywhere = [d for o in ontologies for d in g.objects(o, _sh("declare"))]
    declared: dict[str, str] = {}
    for value in values:
        own = g.objects(value, _sh("declare"))
        declares = own if (own and value in ontologies) else everywhere + own
        for dec in declares:
            if isinstance(dec, ox.Literal):
                raise Unsupported("sh:declare with a literal value")
            prefix = g.objects(dec, _sh("prefix"))
            namespace = g.objects(dec, _sh("namespace"))
            if len(prefix) != 1 or len(namespace) != 1:
                raise Unsupported("sh:declare without exactly one sh:prefix and sh:namespace")
            if not _is_string_literal(prefix[0]) or not isinstance(namespace[0], ox.Literal):
                raise Unsupported("a malformed sh:declare")
            if namespace[0].datatype.value not in (XSD + "anyURI", XSD + "string"):
                raise Unsupported("sh:namespace is not an xsd:anyURI")
            name, ns = prefix[0].value, namespace[0].value
            if declared.get(name, ns) != ns:
                raise Unsupported(f"prefix {name}: declared with two namespaces")
            declared[name] = ns
    prefixes.update(declared)
    return prefixes


def _read_sparql(g: ShapesGraph, shape: Shape, node: Term) -> Sparql | None:
    import pyoxigraph as ox

    selects = g.objects(node, _sh("select"))
    if len(selects) != 1 or not _is_string_literal(selects[0]):
        raise Unsupported("a sh:sparql constraint without exactly one string sh:select")
    messages = g.objects(node, _sh("message"))
    if not all(_is_string_literal(m) for m in messages):
        raise Unsupported("a sh:sparql message that is not a string")
    deactivated = _bool(g.one(node, _sh("deactivated"), "sh:deactivated"), "sh:deactivated")
    text = selects[0].value
    pyshacl_checks(text)
    if deactivated:
        return None
    text = substitute_path(text, shape.path)
    shape_text = sparql_term(shape.node) if isinstance(shape.node, ox.NamedNode) else None
    prepared = prepare(prefix_block(_prefixes(g, node)) + text, current_shape=shape_text)
    return Sparql(node, prepared, messages)


def _check_references(shapes: dict[Term, Shape]) -> None:
    """Recursive shapes (pySHACL's recursion heuristics) and very deep nesting: Unsupported."""

    def refs(shape: Shape) -> list[Term]:
        out: list[Term] = []
        for c in shape.components:
            if c.kind in ("not", "node", "property", "qualified"):
                out += c.values
                for sib in c.extra.get("siblings", {}).values():
                    out += sib
            elif c.kind in ("and", "or", "xone"):
                out += [m for lst in c.values for m in lst]
        return out

    height: dict[Term, int] = {}
    active: set[Term] = set()

    def visit(node: Term) -> int:
        if node in active:
            raise Unsupported("recursive shapes")
        if node not in height:
            active.add(node)
            height[node] = 1 + max((visit(r) for r in refs(shapes[node])), default=0)
            active.discard(node)
            if height[node] > _MAX_DEPTH:
                raise Unsupported("shapes nested more than fifteen levels deep (pySHACL's limit)")
        return height[node]

    for node in shapes:
        visit(node)
