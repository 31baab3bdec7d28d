"""Reading one shape as pySHACL 0.40 does: its path, parameters, components, SPARQL."""

from __future__ import annotations

import re

from mbx.shacl.engine_shapes import (
    BOOLEANS,
    PARAMETERS,
    WHOLE_INTEGERS,
    Component,
    Shape,
    ShapesGraph,
    Sparql,
    sh_iri,
)
from mbx.shacl.engine_sparql import prefix_block, prepare, pyshacl_checks, substitute_path
from mbx.shacl.engine_terms import (
    OWL,
    RDF,
    RDF_FIRST,
    RDF_NIL,
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


def read_bool(value: Term | None, what: str) -> bool | None:
    import pyoxigraph as ox

    if value is None:
        return None
    if (
        not isinstance(value, ox.Literal)
        or value.datatype.value != XSD + "boolean"
        or value.value not in BOOLEANS
    ):
        raise Unsupported(f"{what} is not an xsd:boolean true or false")
    return BOOLEANS[value.value]


def read_integer(value: Term, what: str, types: set[str]) -> int:
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


def is_string_literal(value: Term) -> bool:
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
    kinds = [k for k in (RDF_FIRST, *(sh_iri(n) for n in names)) if g.objects(node, k)]
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
    if kind == sh_iri("inversePath"):
        return path_sparql(g, inner, not inverse, depth + 1)
    if kind == sh_iri("alternativePath"):
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
        for inner in g.objects(node, sh_iri(name)):
            members = g.items(inner) if name == "alternativePath" else [inner]
            return rule(path_nullable(g, m) for m in members)
    if g.objects(node, sh_iri("zeroOrMorePath")):
        return True
    for inner in g.objects(node, sh_iri("oneOrMorePath")):
        return path_nullable(g, inner)
    return bool(g.objects(node, sh_iri("zeroOrOnePath")))


def read_shape(g: ShapesGraph, shape: Shape, shapes: dict[Term, Shape]) -> None:
    import pyoxigraph as ox

    s = shape.node
    if len(g.objects(s, sh_iri("deactivated"))) > 1:
        raise Unsupported("more than one sh:deactivated")
    shape.deactivated = bool(
        read_bool(g.one(s, sh_iri("deactivated"), "sh:deactivated"), "sh:deactivated")
    )
    shape.severity = g.one(s, sh_iri("severity"), "sh:severity") or ox.NamedNode(
        sh_iri("Violation")
    )
    shape.messages = list(g.objects(s, sh_iri("message")))
    if shape.is_property:
        assert shape.path_node is not None
        shape.path = path_sparql(g, shape.path_node)
        shape.nullable = path_nullable(g, shape.path_node)
    shape.target_nodes = list(g.objects(s, sh_iri("targetNode")))
    shape.target_classes = list(g.objects(s, sh_iri("targetClass")))
    class_types = {ox.NamedNode(RDFS_CLASS), *g.subjects(RDFS_SUBCLASSOF, ox.NamedNode(RDFS_CLASS))}
    if any(t in class_types for t in g.objects(s, RDF_TYPE)):
        shape.target_classes.append(s)
    for c in shape.target_classes:
        if isinstance(c, ox.BlankNode):
            raise Unsupported("a blank node as target class")
    shape.subjects_of = list(g.objects(s, sh_iri("targetSubjectsOf")))
    shape.objects_of = list(g.objects(s, sh_iri("targetObjectsOf")))
    for target in g.objects(s, sh_iri("target")):
        selects = g.objects(target, sh_iri("select"))
        types = g.objects(target, RDF_TYPE)
        if len(selects) != 1 or not is_string_literal(selects[0]):
            raise Unsupported("a custom target that is not a SPARQL target with one sh:select")
        if any(t != ox.NamedNode(sh_iri("SPARQLTarget")) for t in types):
            raise Unsupported("a custom target type")
        shape.sparql_targets.append(prefix_block(prefixes(g, target)) + selects[0].value)
    done: set[str] = set()
    for p in g.spo.get(s, {}):
        name = p.value[len(SH) :] if p.value.startswith(SH) else None
        kind = PARAMETERS.get(name or "")
        if kind is None or kind in done:
            continue
        done.add(kind)
        component = read_component(g, shape, kind, shapes)
        if component is not None:
            shape.components.append(component)


def read_component(
    g: ShapesGraph, shape: Shape, kind: str, shapes: dict[Term, Shape]
) -> Component | None:
    import pyoxigraph as ox

    s = shape.node
    values = g.objects(s, sh_iri(kind)) if kind not in ("qualified", "closed") else []
    single = ("datatype", "nodeKind", "minCount", "maxCount", "minLength", "maxLength")
    if kind in (*single, "languageIn", "uniqueLang", "in") and len(values) != 1:
        raise Unsupported(f"sh:{kind} needs exactly one value")
    property_only = ("minCount", "maxCount", "uniqueLang", "lessThan", "lessThanOrEquals")
    if kind in property_only and not shape.is_property:
        raise Unsupported(f"sh:{kind} on a node shape")
    if kind in ("minCount", "maxCount"):
        return Component(kind, [read_integer(values[0], f"sh:{kind}", {XSD + "integer"})])
    if kind in ("minLength", "maxLength"):
        return Component(kind, [read_integer(values[0], f"sh:{kind}", WHOLE_INTEGERS)])
    if kind in ("minExclusive", "minInclusive", "maxExclusive", "maxInclusive"):
        if not all(isinstance(v, ox.Literal) for v in values):
            raise Unsupported(f"sh:{kind} with a value that is not a literal")
        return Component(kind, values)
    if kind == "pattern":
        if not all(is_string_literal(v) for v in values):
            raise Unsupported("sh:pattern that is not a string literal")
        flags_values = g.objects(s, sh_iri("flags"))
        if len(flags_values) > 1 or (flags_values and not is_string_literal(flags_values[0])):
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
        if not all(is_string_literal(m) for m in members):
            raise Unsupported("sh:languageIn with a member that is not a string")
        return Component(kind, [m.value.lower() for m in members])
    if kind == "uniqueLang":
        return Component(kind, [read_bool(values[0], "sh:uniqueLang")])
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
        return read_qualified(g, shape, shapes)
    if kind == "closed":
        closed = g.objects(s, sh_iri("closed"))
        if len(closed) != 1:
            raise Unsupported("sh:closed needs exactly one value (sh:ignoredProperties needs it)")
        ignored: set[Term] = set()
        for lst in g.objects(s, sh_iri("ignoredProperties")):
            ignored.update(
                g.items(lst) if g.objects(lst, RDF_FIRST) or lst == ox.NamedNode(RDF_NIL) else []
            )
        props = g.objects(s, sh_iri("property"))
        if not all(p in shapes and shapes[p].is_property for p in props):
            raise Unsupported("sh:closed with a sh:property that is not a property shape")
        return Component(
            kind, [read_bool(closed[0], "sh:closed")], {"ignored": ignored, "properties": props}
        )
    if kind == "sparql":
        found = [read_sparql(g, shape, v) for v in values]
        return Component(kind, [c for c in found if c is not None])
    if kind == "in":
        members = g.items(values[0])
        return Component(kind, [set(members)], {"list": members})
    if kind == "datatype" or kind == "nodeKind":
        return Component(kind, values)
    return Component(kind, list(values))  # class, equals, disjoint, lessThan(OrEquals), hasValue


def read_qualified(g: ShapesGraph, shape: Shape, shapes: dict[Term, Shape]) -> Component | None:
    import pyoxigraph as ox

    s = shape.node
    if not shape.is_property:
        return None  # pySHACL: a ConstraintLoadWarning, the component is skipped
    value_shapes = list(dict.fromkeys(g.objects(s, sh_iri("qualifiedValueShape"))))
    if not value_shapes:
        raise Unsupported("sh:qualifiedMinCount or MaxCount without sh:qualifiedValueShape")
    if any(v not in shapes for v in value_shapes):
        raise Unsupported("sh:qualifiedValueShape names something that is not a shape")
    counts: dict[str, int | None] = {}
    for name in ("qualifiedMinCount", "qualifiedMaxCount"):
        found = list(dict.fromkeys(g.objects(s, sh_iri(name))))
        if len(found) > 1:
            raise Unsupported(f"more than one sh:{name}")
        counts[name] = read_integer(found[0], f"sh:{name}", WHOLE_INTEGERS) if found else None
    if counts["qualifiedMinCount"] is None and counts["qualifiedMaxCount"] is None:
        raise Unsupported("sh:qualifiedValueShape without a qualified count")
    disjoint = False
    for d in g.objects(s, sh_iri("qualifiedValueShapesDisjoint")):
        if isinstance(d, ox.Literal):
            if d.datatype.value != XSD + "boolean":
                raise Unsupported("sh:qualifiedValueShapesDisjoint is not an xsd:boolean")
            disjoint = disjoint or bool(read_bool(d, "sh:qualifiedValueShapesDisjoint"))
    siblings: dict[Term, list[Term]] = {}
    for q in value_shapes:
        others: list[Term] = []
        if disjoint:
            for parent in g.subjects(sh_iri("property"), s):
                for sibling_property in g.objects(parent, sh_iri("property")):
                    for sibling in g.objects(sibling_property, sh_iri("qualifiedValueShape")):
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


def prefixes(g: ShapesGraph, node: Term) -> dict[str, str]:
    """pySHACL's SPARQLQueryHelper.collect_prefixes for the node holding the query."""
    import pyoxigraph as ox

    prefixes = {"rdf": RDF, "rdfs": RDFS, "owl": OWL}
    values = g.objects(node, sh_iri("prefixes"))
    if not values:
        return prefixes
    ontologies = set(g.subjects(RDF_TYPE, ox.NamedNode(OWL + "Ontology")))
    everywhere = [d for o in ontologies for d in g.objects(o, sh_iri("declare"))]
    declared: dict[str, str] = {}
    for value in values:
        own = g.objects(value, sh_iri("declare"))
        declares = own if (own and value in ontologies) else everywhere + own
        for dec in declares:
            if isinstance(dec, ox.Literal):
                raise Unsupported("sh:declare with a literal value")
            prefix = g.objects(dec, sh_iri("prefix"))
            namespace = g.objects(dec, sh_iri("namespace"))
            if len(prefix) != 1 or len(namespace) != 1:
                raise Unsupported("sh:declare without exactly one sh:prefix and sh:namespace")
            if not is_string_literal(prefix[0]) or not isinstance(namespace[0], ox.Literal):
                raise Unsupported("a malformed sh:declare")
            if namespace[0].datatype.value not in (XSD + "anyURI", XSD + "string"):
                raise Unsupported("sh:namespace is not an xsd:anyURI")
            name, ns = prefix[0].value, namespace[0].value
            if declared.get(name, ns) != ns:
                raise Unsupported(f"prefix {name}: declared with two namespaces")
            declared[name] = ns
    prefixes.update(declared)
    return prefixes


def read_sparql(g: ShapesGraph, shape: Shape, node: Term) -> Sparql | None:
    import pyoxigraph as ox

    selects = g.objects(node, sh_iri("select"))
    if len(selects) != 1 or not is_string_literal(selects[0]):
        raise Unsupported("a sh:sparql constraint without exactly one string sh:select")
    messages = g.objects(node, sh_iri("message"))
    if not all(is_string_literal(m) for m in messages):
        raise Unsupported("a sh:sparql message that is not a string")
    deactivated = read_bool(g.one(node, sh_iri("deactivated"), "sh:deactivated"), "sh:deactivated")
    text = selects[0].value
    pyshacl_checks(text)
    if deactivated:
        return None
    text = substitute_path(text, shape.path)
    shape_text = sparql_term(shape.node) if isinstance(shape.node, ox.NamedNode) else None
    prepared = prepare(prefix_block(prefixes(g, node)) + text, current_shape=shape_text)
    return Sparql(node, prepared, messages)
