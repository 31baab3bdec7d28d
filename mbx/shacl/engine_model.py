"""The shapes graph read the way pySHACL 0.40 reads it: shapes, targets, paths, constraints.

Everything pySHACL would refuse while loading or evaluating (a malformed
constraint, a missing shape, recursion) and every feature the engine does not
evaluate (SHACL-AF rules, functions, custom targets and constraint
components, JavaScript) raises :class:`Unsupported`, so the caller falls back
to pySHACL for the whole shapes graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mbx.shacl.engine_read import read_shape
from mbx.shacl.engine_shapes import (
    MAX_DEPTH,
    REFUSED_PREDICATES,
    REFUSED_TYPES,
    Component,
    Model,
    Shape,
    ShapesGraph,
    Sparql,
    sh_iri,
)
from mbx.shacl.engine_terms import (
    RDF_TYPE,
    RDFS_SUBCLASSOF,
    SH,
    Term,
    Unsupported,
)

__all__ = ["Component", "Model", "Shape", "ShapesGraph", "Sparql", "load_model"]


def load_model(quads: Iterable[Any]) -> Model:
    """Read the shapes graph; :class:`Unsupported` if pySHACL would read it otherwise."""
    g = ShapesGraph(quads)
    _check_vocabulary(g)
    shapes = _discover(g)
    for shape in shapes.values():
        read_shape(g, shape, shapes)
    _check_references(shapes)
    return Model(shapes, g)


def _check_vocabulary(g: ShapesGraph) -> None:
    import pyoxigraph as ox

    for po in g.spo.values():
        for p, objects in po.items():
            name = p.value[len(SH) :] if p.value.startswith(SH) else None
            if name in REFUSED_PREDICATES:
                raise Unsupported(f"sh:{name} is not supported by the engine")
            if p.value not in (RDF_TYPE, RDFS_SUBCLASSOF):
                continue
            for o in objects:
                kind = o.value[len(SH) :] if isinstance(o, ox.NamedNode) else ""
                if o.value.startswith(SH) and (kind in REFUSED_TYPES or p.value != RDF_TYPE):
                    relation = "instances" if p.value == RDF_TYPE else "sub-classes"
                    raise Unsupported(f"{relation} of sh:{kind}")


def _discover(g: ShapesGraph) -> dict[Term, Shape]:
    """pySHACL's ShapesGraph._build_node_shape_cache."""
    import pyoxigraph as ox

    node_shapes = set(g.subjects(RDF_TYPE, ox.NamedNode(sh_iri("NodeShape"))))
    prop_shapes = set(g.subjects(RDF_TYPE, ox.NamedNode(sh_iri("PropertyShape"))))
    for s in node_shapes:
        if g.objects(s, sh_iri("path")):
            raise Unsupported("a sh:NodeShape with sh:path")
    for s in prop_shapes:
        if s in node_shapes:
            raise Unsupported("a shape that is both sh:NodeShape and sh:PropertyShape")
        if len(g.objects(s, sh_iri("path"))) != 1:
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
        implied += g.subjects_with(sh_iri(p))
    expecting: list[Term] = []
    for p in ("property", "node", "not", "qualifiedValueShape"):
        for s in g.subjects_with(sh_iri(p)):
            expecting += g.objects(s, sh_iri(p))
    for p in ("and", "or", "xone"):
        for s in g.subjects_with(sh_iri(p)):
            for lst in g.objects(s, sh_iri(p)):
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
        paths = g.objects(s, sh_iri("path"))
        if len(paths) > 1:
            raise Unsupported("a shape with more than one sh:path")
        is_property = s in prop_shapes or (s not in node_shapes and len(paths) == 1)
        shapes[s] = Shape(s, is_property, paths[0] if is_property else None)
    return shapes


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
            if height[node] > MAX_DEPTH:
                raise Unsupported("shapes nested more than fifteen levels deep (pySHACL's limit)")
        return height[node]

    for node in shapes:
        visit(node)
