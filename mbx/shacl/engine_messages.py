"""pySHACL's default result messages, for constraints whose shape has no sh:message.

The texts are pySHACL 0.40's ``make_generic_messages``; nodes in them are
rendered by pySHACL's own ``stringify_node`` on rdflib graphs bound with the
same prefixes mbx binds (so ``mbx:quote``, ``<http://…>``, ``Literal("1", …)``
come out identical). rdflib and pySHACL are imported only when such a
message is needed: the shipped shapes all carry their own sh:message.
"""

from __future__ import annotations

from typing import Any

from mbx.shacl.engine_literals import to_rdflib
from mbx.shacl.engine_terms import SH, Term, Unsupported

_RANGE = {"minExclusive": ">", "minInclusive": ">=", "maxExclusive": "<", "maxInclusive": "<="}
_PAIR = {"equals": "!=", "disjoint": "==", "lessThan": "<=", "lessThanOrEquals": "<"}
_LOGIC = {
    "and": "must conform to all shapes in",
    "or": "must conform to one or more shapes in",
    "xone": "must conform to exactly one shape in",
}


class Messages:
    """Renders generic messages; one per validation run (it caches its rdflib graphs)."""

    def __init__(
        self, store: Any, shapes: Any, namespaces: dict[str, str], decode: dict[Term, Term]
    ) -> None:
        self.store = store
        self.decode = decode  # literals as written, for those the store rewrote
        self.shapes = shapes  # engine_model.ShapesGraph
        self.namespaces = namespaces
        self._shapes_graph: Any = None
        self._data_graphs: dict[Term, Any] = {}

    def _graph(self) -> Any:
        from pyshacl.rdfutil.stringify import stringify_blank_node
        from rdflib import Graph

        # pySHACL caches blank-node strings by id(graph): a new graph may reuse a freed id
        stringify_blank_node.dict_cache.clear()  # type: ignore[attr-defined]

        graph = Graph(bind_namespaces="none")
        graph.bind("xml", "http://www.w3.org/XML/1998/namespace", override=True, replace=True)
        for prefix, namespace in self.namespaces.items():
            graph.bind(prefix, namespace, override=True, replace=True)
        return graph

    def _sg(self) -> Any:
        if self._shapes_graph is None:
            graph = self._graph()
            for s, po in self.shapes.spo.items():
                for p, objects in po.items():
                    for o in objects:
                        graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
            self._shapes_graph = graph
        return self._shapes_graph

    def _dg(self, node: Term) -> Any:
        """The data graph as far as stringify_node looks: the closure of a blank node."""
        import pyoxigraph as ox

        if node in self._data_graphs:
            return self._data_graphs[node]
        graph = self._graph()
        todo: list[Term] = [node]
        seen: set[Term] = set()
        while todo and len(seen) < 10000:
            subject = todo.pop()
            if subject in seen or not isinstance(subject, ox.BlankNode):
                continue
            seen.add(subject)
            for q in self.store.quads_for_pattern(subject, None, None, ox.DefaultGraph()):
                o = self.decode.get(q.object, q.object)
                graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(o)))
                todo.append(q.object)
        self._data_graphs[node] = graph
        return graph

    def s(self, node: Term) -> str:
        """A shapes-graph node as pySHACL writes it."""
        from pyshacl.rdfutil.stringify import stringify_node

        return str(stringify_node(self._sg(), to_rdflib(node)))

    def d(self, node: Term | None, guarded: bool = True) -> str:
        """A data-graph node as pySHACL writes it (``guarded``: pySHACL catches its LookupError)."""
        from pyshacl.rdfutil.stringify import stringify_node

        if node is None:
            return "None"
        if self._absent(node):
            if not guarded:
                raise Unsupported(f"pySHACL cannot write its message about {node} (LookupError)")
            return str(node.value)  # pySHACL finds it in no graph of its dataset
        try:
            return str(stringify_node(self._dg(node), to_rdflib(node)))
        except (LookupError, ValueError):
            return str(getattr(node, "value", node))

    def _absent(self, node: Term | None) -> bool:
        """A blank node in no triple of the data (pySHACL's stringify cannot find it)."""
        import pyoxigraph as ox

        return isinstance(node, ox.BlankNode) and not any(
            True
            for part in ((node, None, None), (None, None, node))
            for _q in self.store.quads_for_pattern(*part, ox.DefaultGraph())
        )

    def check(self, comp: Any, focus: Term, value: Term | None) -> None:
        """pySHACL writes the message of every result, reported or not: fail where it fails."""
        unguarded = {
            "maxCount": (focus,),
            "hasValue": (focus,),
            "in": (value,),
            "closed": (focus, value),
            **{kind: (focus, value) for kind in _PAIR},
        }.get(comp.kind, ())
        for node in unguarded:
            if self._absent(node):
                raise Unsupported(f"pySHACL cannot write its message about {node} (LookupError)")

    def generic(
        self, shape: Any, comp: Any, focus: Term, value: Term | None, name: str
    ) -> tuple[Term, ...]:
        import pyoxigraph as ox

        text = self._text(shape, comp, focus, value, name)
        return () if text is None else (ox.Literal(text),)

    def _text(
        self, shape: Any, comp: Any, focus: Term, value: Term | None, name: str
    ) -> str | None:
        kind = comp.kind
        values = self.shapes.objects(shape.node, SH + kind) if kind in _PAIR or kind in (
            "class", "not", "node", "hasValue"
        ) else comp.values  # fmt: skip
        if kind == "class":
            if len(values) < 2:
                return f"Value does not have class {self.s(values[0])}"
            return f"Value class is not in classes ({', '.join(self.s(c) for c in values)})"
        if kind == "datatype":
            return f"Value is not Literal with datatype {self.s(comp.values[0])}"
        if kind == "nodeKind":
            return f"Value is not of Node Kind {self.s(comp.values[0])}"
        if kind in ("minCount", "maxCount"):
            word = "Less" if kind == "minCount" else "More"
            return (
                f"{word} than {comp.values[0]} values on {self.d(focus)}->{self.s(shape.path_node)}"
            )
        if kind in _RANGE:
            sign = _RANGE[kind]
            if len(comp.values) < 2:
                return f"Value is not {sign} {self.s(comp.values[0])}"
            return f"Value is not {sign} in ({', '.join(self.s(c) for c in comp.values)})"
        if kind in ("minLength", "maxLength"):
            rule = self.shapes.objects(shape.node, SH + kind)[0]
            sign = ">=" if kind == "minLength" else "<="
            from pyshacl.rdfutil.stringify import stringify_node

            return f"String length not {sign} {stringify_node(self._graph(), to_rdflib(rule))}"
        if kind == "pattern":
            patterns = [p.value for p in self.shapes.objects(shape.node, SH + "pattern")]
            if len(patterns) < 2:
                return f"Value does not match pattern '{patterns[0]}'"
            return "Value does not match every pattern in ('{}')".format("', '".join(patterns))
        if kind == "languageIn":
            return (
                f"String language is not in {self.s(self.shapes.objects(shape.node, SH + kind)[0])}"
            )
        if kind == "uniqueLang":
            return "More than one String shares the same Language"
        if kind in _PAIR:
            props = ", ".join(self.s(p) for p in values)
            return f"Value of {self.d(focus, False)}->{props} {_PAIR[kind]} {self.d(value, False)}"
        if kind == "not":
            if len(values) == 1:
                return f"Node {self.d(value)} must not conform to shape {self.s(values[0])}"
            nots = " , ".join(self.s(n) for n in values)
            return f"Node {self.d(value)} must not conform to any shapes in {nots}"
        if kind in _LOGIC:
            lists = self.shapes.objects(shape.node, SH + kind)
            texts = [" , ".join(self.s(m) for m in self.shapes.items(lst)) for lst in lists]
            joined = texts[0] if len(texts) < 2 else " and ".join(f"({t})" for t in texts)
            return f"Node {self.d(value)} {_LOGIC[kind]} {joined}"
        if kind == "node":
            if len(values) < 2:
                text = f"Value does not conform to Shape {self.s(values[0])}."
            else:
                text = "Value must conform to every Shape in ('{}').".format(
                    "', '".join(self.s(c) for c in values)
                )
            return text + " See details for more information."
        if kind == "qualified":
            shapes = ",".join(self.s(q) for q in comp.values)
            count = ""
            if comp.extra["min"] is not None:
                count += f" MinCount {comp.extra['min']}"
            if comp.extra["max"] is not None:
                count += f" MaxCount {comp.extra['max']}"
            if len(comp.values) > 1:
                return f"Focus node does not conform to shapes{count}: ({shapes})"
            return f"Focus node does not conform to shape{count}: {shapes}"
        if kind == "closed":
            node, other = self.d(focus, False), self.d(value, False)
            return f"Node {node} is closed. It cannot have value: {other}"
        if kind == "hasValue":
            the_set = [self.s(v) for v in values]
            if shape.is_property:
                return (
                    f"Node {self.d(focus, False)}->{self.s(shape.path_node)} does not contain a "
                    f"value in the set: {the_set}"
                )
            return f"Node {self.d(focus, False)} value is not a in the set of values: {the_set}"
        if kind == "in":
            members = [self.s(m) for m in comp.extra.get("list", [])]
            return f"Value {self.d(value, False)} not in list {members}"
        return None
