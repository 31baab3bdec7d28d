"""The engine's value constraints (SHACL Core but the shape-based ones), set at a time.

Each ``_c_NAME`` method checks ``sh:NAME`` for every focus node of a set at once.
"""

from __future__ import annotations

from typing import Any

from mbx.shacl.engine_core import EvaluatorCore
from mbx.shacl.engine_literals import datatype_matches, less_than, range_holds
from mbx.shacl.engine_model import Component, Shape
from mbx.shacl.engine_result import NODE_KIND, FocusSet
from mbx.shacl.engine_terms import (
    RDF_LANGSTRING,
    RDF_TYPE,
    RDFS,
    RDFS_SUBCLASSOF,
    SH,
    XSD_STRING,
    Term,
    Unsupported,
    scratch_pattern,
    sparql_term,
)


class ValueChecks(EvaluatorCore):
    """sh:class to sh:closed: the constraints on value nodes and their focus nodes."""

    def _c_class(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        # rdf:type/rdfs:subClassOf* per value would make Oxigraph scan every rdf:type
        # triple for each value: the types of the values and the sub-classes of each
        # class are read once instead, and matched here (the same SHACL definition)
        literal = self.ox.Literal
        parts = []
        values = self._values_of(shape, focus)
        types: dict[Term, set[Term]] = {}
        for r in self._select(
            f"SELECT ?v ?t WHERE {{ {scratch_pattern(values.iri, 'v')} ?v <{RDF_TYPE}> ?t }}"
        ):
            types.setdefault(r["v"], set()).add(r["t"])
        for c in comp.values:
            classes = self._subclasses_of(c)
            failing = [
                v
                for v in self.members(values)
                if isinstance(v, literal) or classes.isdisjoint(types.get(v, ()))
            ]
            pairs = self._pairs_for(shape, focus, failing)
            parts.append(self._from_pairs(shape, comp, pairs))
        return self._merge(parts)

    def _subclasses_of(self, c: Term) -> frozenset[Term]:
        """``c`` and every class that is ``rdfs:subClassOf*`` it in the data graph."""
        if c not in self._subclasses:
            rows = self._select(
                f"SELECT DISTINCT ?s WHERE {{ ?s <{RDFS_SUBCLASSOF}>* {sparql_term(c)} }}"
            )
            self._subclasses[c] = frozenset([c, *(r["s"] for r in rows)])
        return self._subclasses[c]

    def _c_datatype(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        ox = self.ox
        rule = comp.values[0]
        if not isinstance(rule, ox.NamedNode):
            return self._from_pairs(shape, comp, self._pairs_where(shape, focus, "true"))
        if self.decode:  # the store's datatypes are not all the written ones: decide in Python
            failing = [
                v for v in self._distinct_values(shape, focus) if not datatype_matches(v, rule)
            ]
            return self._from_pairs(shape, comp, self._pairs_for(shape, focus, failing))
        iri = rule.value
        certain = {
            RDFS + "Literal": "!isLiteral(?v)",
            RDFS + "Datatype": f'!isLiteral(?v) || datatype(?v) = <{XSD_STRING}> || lang(?v) != ""',
            XSD_STRING: f"!isLiteral(?v) || datatype(?v) != <{XSD_STRING}>",
            RDF_LANGSTRING: '!isLiteral(?v) || lang(?v) = ""',
        }.get(iri)
        if certain is not None:
            return self._from_pairs(shape, comp, self._pairs_where(shape, focus, certain))
        pairs = self._pairs_where(shape, focus, f"!isLiteral(?v) || datatype(?v) != <{iri}>")
        values = self._values_of(shape, focus)
        rows = self._select(
            f"SELECT ?v WHERE {{ {scratch_pattern(values.iri, 'v')} "
            f"FILTER(isLiteral(?v) && datatype(?v) = <{iri}>) }}"
        )
        failing = [r["v"] for r in rows if not datatype_matches(r["v"], rule)]
        pairs += self._pairs_for(shape, focus, failing)
        return self._from_pairs(shape, comp, pairs)

    def _c_nodeKind(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        kind = comp.values[0]
        name = kind.value[len(SH) :] if getattr(kind, "value", "").startswith(SH) else ""
        condition = NODE_KIND.get(name, "true") if isinstance(kind, self.ox.NamedNode) else "true"
        return self._from_pairs(shape, comp, self._pairs_where(shape, focus, condition))

    def _c_minCount(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        n = comp.values[0]
        if n == 0 or (n == 1 and shape.nullable):
            return [], set()
        if shape.nullable:
            query = (
                f"SELECT ?this WHERE {{ {self._vp(shape, focus)} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {n})"
            )
        elif n == 1:
            query = (
                f"SELECT ?this WHERE {{ {scratch_pattern(focus.iri)} "
                f"FILTER NOT EXISTS {{ ?this {shape.path} ?v }} }}"
            )
        else:
            query = (
                f"SELECT ?this WHERE {{ {scratch_pattern(focus.iri)} "
                f"OPTIONAL {{ ?this {shape.path} ?v }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {n})"
            )
        return self._from_pairs(shape, comp, [(r["this"], None) for r in self._select(query)])

    def _c_maxCount(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        query = (
            f"SELECT ?this WHERE {{ {self._vp(shape, focus)} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {comp.values[0]})"
        )
        return self._from_pairs(shape, comp, [(r["this"], None) for r in self._select(query)])

    def _distinct_values(
        self, shape: Shape, focus: FocusSet, condition: str = "true"
    ) -> list[Term]:
        values = self._values_of(shape, focus)
        if condition == "true":
            return self.members(values)
        rows = self._select(
            f"SELECT ?v WHERE {{ {scratch_pattern(values.iri, 'v')} FILTER({condition}) }}"
        )
        return [r["v"] for r in rows]

    def _range(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        parts = []
        literals = self._distinct_values(shape, focus, "isLiteral(?v)")
        others = self._pairs_where(shape, focus, "!isLiteral(?v)")
        for bound in comp.values:
            failing = [v for v in literals if not range_holds(v, bound, comp.kind)]
            pairs = others + self._pairs_for(shape, focus, failing)
            parts.append(self._from_pairs(shape, comp, pairs))
        return self._merge(parts)

    _c_minExclusive = _c_minInclusive = _c_maxExclusive = _c_maxInclusive = _range

    def _length(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        n = comp.values[0]
        if comp.kind == "minLength" and n == 0:
            return [], set()
        sign = "<" if comp.kind == "minLength" else ">"
        if not self.decode:
            condition = f"isBlank(?v) || STRLEN(STR(?v)) {sign} {n}"
            return self._from_pairs(shape, comp, self._pairs_where(shape, focus, condition))
        ox = self.ox
        failing = [
            v
            for v in self._distinct_values(shape, focus)
            if isinstance(v, ox.BlankNode)
            or (len(v.value) < n if sign == "<" else len(v.value) > n)
        ]
        return self._from_pairs(shape, comp, self._pairs_for(shape, focus, failing))

    _c_minLength = _c_maxLength = _length

    def _c_pattern(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        parts = []
        strings = self._distinct_values(shape, focus, "!isBlank(?v)")
        blanks = self._pairs_where(shape, focus, "isBlank(?v)")
        for regex in comp.values:
            failing = [v for v in strings if not (regex.match(v.value) or regex.search(v.value))]
            pairs = blanks + self._pairs_for(shape, focus, failing)
            parts.append(self._from_pairs(shape, comp, pairs))
        return self._merge(parts)

    def _c_languageIn(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        ox = self.ox
        wanted = set(comp.values)

        def ok(v: Term) -> bool:
            if not isinstance(v, ox.Literal) or not v.language:
                return False
            lang = v.language.lower()
            return "*" in wanted or lang in wanted or lang.split("-")[0] in wanted

        failing = [v for v in self._distinct_values(shape, focus) if not ok(v)]
        return self._from_pairs(shape, comp, self._pairs_for(shape, focus, failing))

    def _c_uniqueLang(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        if not comp.values[0]:
            return [], set()
        query = (
            f"SELECT ?this ?l WHERE {{ "
            f"{{ SELECT DISTINCT ?this ?v WHERE {{ {self._vp(shape, focus)} }} }} "
            f'FILTER(isLiteral(?v) && LANG(?v) != "") BIND(LCASE(LANG(?v)) AS ?l) }} '
            f"GROUP BY ?this ?l HAVING (COUNT(?v) > 1)"
        )
        pairs = [(r["this"], None) for r in self._select(query)]
        return self._from_pairs(shape, comp, pairs)

    def _c_equals(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        parts = []
        for p in comp.values:
            if not isinstance(p, self.ox.NamedNode):
                parts.append(self._from_pairs(shape, comp, self._pairs_where(shape, focus, "true")))
                continue
            prop = sparql_term(p)
            pairs = self._pairs_where(shape, focus, f"NOT EXISTS {{ ?this {prop} ?v }}")
            back = "!sameTerm(?v, ?this)"
            if shape.is_property:
                back = f"NOT EXISTS {{ ?this {shape.path} ?v }}" + (
                    f" && {back}" if shape.nullable else ""
                )
            rows = self._select(
                f"SELECT DISTINCT ?this ?v WHERE {{ {scratch_pattern(focus.iri)} ?this {prop} ?v "
                f"FILTER({back}) }}"
            )
            pairs += [(r["this"], r["v"]) for r in rows]
            parts.append(self._from_pairs(shape, comp, pairs))
        return self._merge(parts)

    def _c_disjoint(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        parts = []
        for p in comp.values:
            if not isinstance(p, self.ox.NamedNode):
                continue
            rows = self._select(
                f"SELECT DISTINCT ?this ?v WHERE {{ {self._vp(shape, focus)} "
                f"?this {sparql_term(p)} ?v }}"
            )
            parts.append(self._from_pairs(shape, comp, [(r["this"], r["v"]) for r in rows]))
        return self._merge(parts)

    def _less(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        if self._pairs_where(shape, focus, "isBlank(?v)"):
            raise Unsupported(f"sh:{comp.kind} on a blank node (pySHACL stops there)")
        parts = []
        for p in comp.values:
            if not isinstance(p, self.ox.NamedNode):
                raise Unsupported(f"sh:{comp.kind} with a value that is not an IRI")
            rows = self._select(
                f"SELECT DISTINCT ?this ?v ?c WHERE {{ {self._vp(shape, focus)} "
                f"?this {sparql_term(p)} ?c }}"
            )
            pairs = [
                (r["this"], r["v"])
                for r in rows
                if not less_than(r["v"], r["c"], comp.kind == "lessThanOrEquals")
            ]
            parts.append(self._from_pairs(shape, comp, pairs))
        return self._merge(parts)

    _c_lessThan = _c_lessThanOrEquals = _less

    def _c_hasValue(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        ox = self.ox
        parts = []
        for value in comp.values:
            single = self._set_from_terms([value]) if isinstance(value, ox.BlankNode) else None
            if single is not None:
                test = f"?this {shape.path} ?hv . {scratch_pattern(single.iri, 'hv')}"
                if not shape.is_property:
                    test = f"{scratch_pattern(single.iri, 'this')}"
            elif shape.is_property:
                test = f"?this {shape.path} {sparql_term(value)}"
            else:
                test = f"FILTER(sameTerm(?this, {sparql_term(value)}))"
            itself = ""
            if shape.is_property and shape.nullable:  # the focus node is one of its values
                itself = (
                    f"FILTER NOT EXISTS {{ {scratch_pattern(single.iri, 'this')} }}"
                    if single is not None
                    else f"FILTER(!sameTerm(?this, {sparql_term(value)}))"
                )
            rows = self._select(
                f"SELECT ?this WHERE {{ {scratch_pattern(focus.iri)} "
                f"FILTER NOT EXISTS {{ {test} }} {itself} }}"
            )
            parts.append(self._from_pairs(shape, comp, [(r["this"], None) for r in rows]))
        return self._merge(parts)

    def _c_in(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        allowed = comp.values[0]
        failing = [v for v in self._distinct_values(shape, focus) if v not in allowed]
        return self._from_pairs(shape, comp, self._pairs_for(shape, focus, failing))

    def _c_closed(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        ox = self.ox
        if not comp.values[0]:
            return [], set()
        allowed = {t for t in comp.extra["ignored"] if isinstance(t, ox.NamedNode)}
        for p in comp.extra["properties"]:
            path = self.model.shapes[p].path_node
            if isinstance(path, ox.NamedNode):
                allowed.add(path)
        keep = (
            f"FILTER(?p NOT IN ({', '.join(sparql_term(t) for t in allowed)}))" if allowed else ""
        )
        rows = self._select(
            f"SELECT DISTINCT ?this ?v ?p ?o WHERE {{ {self._vp(shape, focus)} ?v ?p ?o {keep} "
            f"FILTER(!(sameTerm(?p, <{RDF_TYPE}>) && sameTerm(?o, <{RDFS}Resource>))) }}"
        )
        results = [
            (r["this"], self._result(shape, comp, r["this"], r["o"], path=r["p"])) for r in rows
        ]
        return results, {r["this"] for r in rows}
