"""The engine's evaluation: every shape over a set of focus nodes at once, on Oxigraph.

Focus nodes and value nodes live as *scratch sets* in a named graph of the
store (``GRAPH <urn:x-mbx-shacl:scratch> { <set> <member> ?x }``), so one
SPARQL query checks a constraint for all of them, blank nodes and literals
included. Constraints about single values are decided once per distinct
value (in SPARQL, or in Python where pySHACL's answer comes from rdflib or
Python's ``re``), then joined back to their focus nodes. Nested shapes
(sh:node, sh:property, sh:not, sh:and, sh:or, sh:xone, qualified shapes) are
evaluated on the set of distinct values, and conformance follows pySHACL's
rules, including its ``allow_warnings``/``allow_infos`` reading of severities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mbx.shacl.engine_literals import datatype_matches, falsy, less_than, range_holds
from mbx.shacl.engine_messages import Messages
from mbx.shacl.engine_model import Component, Model, Shape, Sparql
from mbx.shacl.engine_sparql import SET_PLACEHOLDER, plain_query, sees_rewritten_literals
from mbx.shacl.engine_terms import (
    MEMBER,
    RDF_LANGSTRING,
    RDF_TYPE,
    RDFS,
    RDFS_SUBCLASSOF,
    REGEX_FUNCTION,
    SCRATCH_GRAPH,
    SET_PREFIX,
    SH,
    XSD_STRING,
    Term,
    Unsupported,
    scratch_pattern,
    sparql_term,
)

_NODE_KIND = {
    "IRI": "!isIRI(?v)",
    "BlankNode": "!isBlank(?v)",
    "Literal": "!isLiteral(?v)",
    "BlankNodeOrIRI": "isLiteral(?v)",
    "BlankNodeOrLiteral": "isIRI(?v)",
    "IRIOrLiteral": "isBlank(?v)",
}
_COMPONENT = {
    "class": "ClassConstraintComponent",
    "datatype": "DatatypeConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent",
    "minCount": "MinCountConstraintComponent",
    "maxCount": "MaxCountConstraintComponent",
    "minExclusive": "MinExclusiveConstraintComponent",
    "minInclusive": "MinInclusiveConstraintComponent",
    "maxExclusive": "MaxExclusiveConstraintComponent",
    "maxInclusive": "MaxInclusiveConstraintComponent",
    "minLength": "MinLengthConstraintComponent",
    "maxLength": "MaxLengthConstraintComponent",
    "pattern": "PatternConstraintComponent",
    "languageIn": "LanguageInConstraintComponent",
    "uniqueLang": "UniqueLangConstraintComponent",
    "equals": "EqualsConstraintComponent",
    "disjoint": "DisjointConstraintComponent",
    "lessThan": "LessThanConstraintComponent",
    "lessThanOrEquals": "LessThanOrEqualsConstraintComponent",
    "not": "NotConstraintComponent",
    "and": "AndConstraintComponent",
    "or": "OrConstraintComponent",
    "xone": "XoneConstraintComponent",
    "node": "NodeConstraintComponent",
    "closed": "ClosedConstraintComponent",
    "hasValue": "HasValueConstraintComponent",
    "in": "InConstraintComponent",
    "sparql": "SPARQLConstraintComponent",
}


@dataclass(frozen=True)
class Result:
    """One SHACL validation result (terms are pyoxigraph terms)."""

    focus: Term
    path: Term | None
    value: Term | None
    component: Term
    shape: Term
    severity: Term
    messages: tuple[Term, ...] = ()
    source_constraint: Term | None = None
    #: sh:detail: the results of the shape a value failed (sh:node)
    details: tuple[Result, ...] = field(default=(), compare=False)
    #: what pySHACL's default message needs, until it is written (only reported results get one)
    pending: Any = field(default=None, compare=False, repr=False)


@dataclass
class FocusSet:
    iri: str
    size: int


@dataclass
class Outcome:
    """A shape evaluated on a focus set: results with the focus node they belong to."""

    results: list[tuple[Term, Result]]
    failed: set[Term]


Pairs = list[tuple[Term, Term]]


class Evaluator:
    """Evaluates a shapes model on a store; see the module documentation."""

    def __init__(
        self,
        store: Any,
        model: Model,
        *,
        allowed: frozenset[str] | None,
        prefixes: dict[str, str],
        namespaces: dict[str, str],
        decode: dict[Term, Term] | None = None,
        rewritten_predicates: set[str] | None = None,
    ) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.store = store
        self.model = model
        self.allowed = allowed
        self.prefixes = prefixes
        self._count = 0
        self._memo: dict[tuple[Term, str], Outcome] = {}
        self._values: dict[tuple[Term, str], FocusSet] = {}
        self._members: dict[str, list[Term]] = {}
        self._target_sets: dict[tuple[Any, ...], FocusSet] = {}
        self._absent: dict[str, bool] = {}
        self._subclasses: dict[Term, frozenset[Term]] = {}
        self._created: list[str] = []
        self._regex_error: str | None = None
        self._functions = {ox.NamedNode(REGEX_FUNCTION): self._regex}
        self.decode = decode or {}
        self.messages = Messages(store, model.graph, namespaces, self.decode)
        self.rewritten_predicates = rewritten_predicates or set()

    # ------------------------------------------------------------------ running

    def run(self) -> tuple[list[Result], bool]:
        """All shapes on their targets: (results, pySHACL's conforms)."""
        results: list[Result] = []
        conforms = True
        for shape in self.model.shapes.values():
            if shape.deactivated:
                continue
            focus = self._targets(shape)
            if focus.size == 0:
                continue
            mark = len(self._created)
            outcome = self.evaluate(shape, focus)
            results.extend(self._finish(r) for _owner, r in outcome.results)
            conforms = conforms and not outcome.failed
            self._drop(self._created[mark:])
            del self._created[mark:]
        return results, conforms

    def _drop(self, iris: list[str]) -> None:
        """Forget scratch sets (and what was computed on them) once a shape is done."""
        keep = {f.iri for f in self._target_sets.values()}
        gone = {iri for iri in iris if iri not in keep}
        if not gone:
            return
        for key in [k for k in self._memo if k[1] in gone]:
            del self._memo[key]
        for key in [k for k, v in self._values.items() if k[1] in gone or v.iri in gone]:
            del self._values[key]
        for iri in gone:
            self._members.pop(iri, None)
            self._absent.pop(iri, None)
        sets = " ".join(f"<{iri}>" for iri in sorted(gone))
        self._update(
            f"DELETE {{ GRAPH <{SCRATCH_GRAPH}> {{ ?set <{MEMBER}> ?x }} }} "
            f"WHERE {{ VALUES ?set {{ {sets} }} GRAPH <{SCRATCH_GRAPH}> {{ ?set <{MEMBER}> ?x }} }}"
        )

    def _finish(self, result: Result) -> Result:
        """A reported result with its default message written and its details finished."""
        from dataclasses import replace

        changes: dict[str, Any] = {}
        if result.pending is not None:
            shape, comp, value, name = result.pending
            changes["messages"] = self.messages.generic(shape, comp, result.focus, value, name)
            changes["pending"] = None
        if result.details:
            changes["details"] = tuple(self._finish(d) for d in result.details)
        return replace(result, **changes) if changes else result

    def cleanup(self) -> None:
        self.store.remove_graph(self.ox.NamedNode(SCRATCH_GRAPH))

    # ------------------------------------------------------------------ scratch sets

    def _new_iri(self) -> str:
        self._count += 1
        iri = f"{SET_PREFIX}{self._count}"
        self._created.append(iri)
        return iri

    def _set_from_pattern(self, where: str, var: str) -> FocusSet:
        iri = self._new_iri()
        into = f"GRAPH <{SCRATCH_GRAPH}> {{ <{iri}> <{MEMBER}> ?{var} }}"
        self._update(f"INSERT {{ {into} }} WHERE {{ {where} }}")
        rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {scratch_pattern(iri, 'x')} }}")
        return FocusSet(iri, int(rows[0]["n"].value))

    def _set_from_terms(self, terms: Iterable[Term]) -> FocusSet:
        ox = self.ox
        iri = self._new_iri()
        unique = list(dict.fromkeys(terms))
        graph, subject, member = (
            ox.NamedNode(SCRATCH_GRAPH),
            ox.NamedNode(iri),
            ox.NamedNode(MEMBER),
        )
        for term in unique:
            if isinstance(term, ox.Triple):
                raise Unsupported("RDF 1.2 triple terms in the data")
        self.store.extend([ox.Quad(subject, member, t, graph) for t in unique])
        self._members[iri] = unique
        return FocusSet(iri, len(unique))

    def members(self, focus: FocusSet) -> list[Term]:
        if focus.iri not in self._members:
            ox = self.ox
            quads = self.store.quads_for_pattern(
                ox.NamedNode(focus.iri), ox.NamedNode(MEMBER), None, ox.NamedNode(SCRATCH_GRAPH)
            )
            decode = self.decode
            self._members[focus.iri] = [decode.get(q.object, q.object) for q in quads]
        return self._members[focus.iri]

    # ------------------------------------------------------------------ queries

    def _check_forms(self, text: str) -> None:
        if self.decode and sees_rewritten_literals(text, frozenset(self.rewritten_predicates)):
            raise Unsupported(
                "a SPARQL query may read the written form of a literal Oxigraph's store rewrites"
            )

    def _update(self, text: str) -> None:
        try:
            self.store.update(text)
        except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
            raise Unsupported(f"Oxigraph cannot run an engine update: {exc}") from None

    def _select(self, text: str, computed: frozenset[str] = frozenset()) -> list[dict[str, Term]]:
        """The solutions of a SELECT query, as dicts of bound variables (projection order).

        Literals the store rewrote are given back as written, except in ``computed``
        variables (a COUNT is not a literal of the data).
        """
        self._regex_error = None
        try:
            solutions = self.store.query(
                text, prefixes=self.prefixes, custom_functions=self._functions
            )
            names = [v.value for v in solutions.variables]
            decode = self.decode
            rows = []
            for solution in solutions:
                row = {}
                for name in names:
                    value = solution[name]
                    if value is None:
                        continue
                    if decode and value in decode:
                        if name in computed:
                            raise Unsupported(
                                f"?{name} is computed as {value}, which is also the stored form of "
                                f"the literal {decode[value]} (the answer would be ambiguous)"
                            )
                        value = decode[value]
                    row[name] = value
                rows.append(row)
        except (SyntaxError, OSError, RuntimeError, ValueError, TypeError) as exc:
            raise Unsupported(
                f"Oxigraph cannot run a query: {' '.join(str(exc).split())}"
            ) from None
        if self._regex_error is not None:
            raise Unsupported(f"REGEX fails as it would under pySHACL: {self._regex_error}")
        return rows

    def _regex(self, text: Any, pattern: Any, flags: Any = None) -> Any:
        """REGEX as rdflib evaluates it (Python's re.search)."""
        ox = self.ox

        def string(term: Any) -> str | None:
            if isinstance(term, ox.Literal) and (
                term.language or term.datatype.value == XSD_STRING
            ):
                return str(term.value)
            return None

        subject, regex = string(text), string(pattern)
        if subject is None or regex is None:
            return None
        bits = 0
        if flags is not None:
            for ch in str(getattr(flags, "value", flags)):
                bits |= {"i": re.I, "s": re.S, "m": re.M}.get(ch, 0)
        try:
            return ox.Literal(bool(re.search(regex, subject, bits)))
        except re.error as exc:
            self._regex_error = str(exc)
            return None

    # ------------------------------------------------------------------ targets

    def _targets(self, shape: Shape) -> FocusSet:
        key = (
            tuple(shape.target_classes),
            tuple(shape.subjects_of),
            tuple(shape.objects_of),
            tuple(shape.target_nodes),
            tuple(shape.sparql_targets),
        )
        if key not in self._target_sets:
            self._target_sets[key] = self._compute_targets(shape)
        return self._target_sets[key]

    def _compute_targets(self, shape: Shape) -> FocusSet:
        ox = self.ox
        parts: list[str] = []
        for c in shape.target_classes:
            parts.append(f"?x <{RDF_TYPE}>/<{RDFS_SUBCLASSOF}>* {sparql_term(c)} .")
        for p in shape.subjects_of:
            if isinstance(p, ox.NamedNode):
                parts.append(f"?x {sparql_term(p)} ?o .")
        for p in shape.objects_of:
            if isinstance(p, ox.NamedNode):
                parts.append(f"?s {sparql_term(p)} ?x .")
        extra: list[Term] = list(shape.target_nodes)
        for text in shape.sparql_targets:
            self._check_forms(text)
            rows = self._select(plain_query(text))
            for row in rows:
                if "this" not in row:
                    raise Unsupported("a SPARQL target query that does not bind ?this")
                extra.append(row["this"])
        if not parts:
            return self._set_from_terms(extra)
        found = self._set_from_pattern(" UNION ".join("{ " + p + " }" for p in parts), "x")
        if extra:
            self._set_from_terms_into(found, extra)
        return found

    def _set_from_terms_into(self, focus: FocusSet, terms: list[Term]) -> None:
        ox = self.ox
        graph, subject, member = (
            ox.NamedNode(SCRATCH_GRAPH),
            ox.NamedNode(focus.iri),
            ox.NamedNode(MEMBER),
        )
        self.store.extend([ox.Quad(subject, member, t, graph) for t in terms])
        rows = self._select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ {scratch_pattern(focus.iri, 'x')} }}"
        )
        focus.size = int(rows[0]["n"].value)
        self._members.pop(focus.iri, None)

    # ------------------------------------------------------------------ shapes

    def evaluate(self, shape: Shape, focus: FocusSet) -> Outcome:
        """``shape`` on every node of ``focus`` (pySHACL's Shape.validate, set at a time)."""
        key = (shape.node, focus.iri)
        if key in self._memo:
            return self._memo[key]
        if shape.deactivated or focus.size == 0:
            outcome = Outcome([], set())
        else:
            parts = [self._component(shape, c, focus) for c in shape.components]
            results = [item for part in parts for item in part[0]]
            outcome = Outcome(results, self._failed(shape, parts))
        self._memo[key] = outcome
        return outcome

    def _failed(
        self, shape: Shape, parts: list[tuple[list[tuple[Term, Result]], set[Term]]]
    ) -> set[Term]:
        failed: set[Term] = set()
        if self.allowed is None:
            for _results, nonconforming in parts:
                failed |= nonconforming
            return failed
        if shape.severity is not None and shape.severity.value in self.allowed:
            return failed
        for results, nonconforming in parts:
            bad = {o for o, r in results if getattr(r.severity, "value", None) not in self.allowed}
            failed |= nonconforming & bad
        return failed

    def _values_of(self, shape: Shape, focus: FocusSet) -> FocusSet:
        """The set of distinct value nodes of ``shape`` over ``focus``."""
        if not shape.is_property:
            return focus
        key = (shape.node, focus.iri)
        if key not in self._values:
            self._values[key] = self._set_from_pattern(self._vp(shape, focus), "v")
        return self._values[key]

    def _vp(self, shape: Shape, focus: FocusSet) -> str:
        """A pattern binding focus nodes ?this and their value nodes ?v."""
        members = scratch_pattern(focus.iri)
        if not shape.is_property:
            return f"{members} BIND(?this AS ?v)"
        if shape.nullable:  # the focus node is a value even where Oxigraph does not see it
            return f"{{ {members} ?this {shape.path} ?v }} UNION {{ {members} BIND(?this AS ?v) }}"
        return f"{members} ?this {shape.path} ?v ."

    def _pairs_where(self, shape: Shape, focus: FocusSet, condition: str) -> Pairs:
        rows = self._select(
            f"SELECT DISTINCT ?this ?v WHERE {{ {self._vp(shape, focus)} FILTER({condition}) }}"
        )
        return [(r["this"], r["v"]) for r in rows]

    def _pairs_for(self, shape: Shape, focus: FocusSet, failing: list[Term]) -> Pairs:
        """(focus, value) pairs whose value is in ``failing`` (a subset of the value set)."""
        if not failing:
            return []
        if not shape.is_property:
            return [(v, v) for v in dict.fromkeys(failing)]
        chosen = self._set_from_terms(failing)
        rows = self._select(
            f"SELECT DISTINCT ?this ?v WHERE {{ {self._vp(shape, focus)} "
            f"{scratch_pattern(chosen.iri, 'v')} }}"
        )
        return [(r["this"], r["v"]) for r in rows]

    def _result(
        self,
        shape: Shape,
        comp: Component | None,
        focus: Term,
        value: Term | None,
        *,
        component: str | None = None,
        path: Term | None = None,
        messages: tuple[Term, ...] | None = None,
        source_constraint: Term | None = None,
        details: tuple[Result, ...] = (),
    ) -> Result:
        ox = self.ox
        name = component or _COMPONENT[comp.kind if comp else "sparql"]
        pending = None
        if messages is None:
            messages = tuple(shape.messages)
            if not messages and comp is not None:
                pending = (shape, comp, value, name)
                if isinstance(focus, self.ox.BlankNode) or isinstance(value, self.ox.BlankNode):
                    self.messages.check(comp, focus, value)
        assert shape.severity is not None
        return Result(
            focus=focus,
            path=path if path is not None else shape.path_node,
            value=value,
            component=ox.NamedNode(SH + name),
            shape=shape.node,
            severity=shape.severity,
            messages=messages,
            source_constraint=source_constraint,
            details=details,
            pending=pending,
        )

    def _from_pairs(
        self, shape: Shape, comp: Component, pairs: Pairs, **kwargs: Any
    ) -> tuple[list[tuple[Term, Result]], set[Term]]:
        results = [(f, self._result(shape, comp, f, v, **kwargs)) for f, v in pairs]
        return results, {f for f, _v in pairs}

    # ------------------------------------------------------------------ components

    def _component(
        self, shape: Shape, comp: Component, focus: FocusSet
    ) -> tuple[list[tuple[Term, Result]], set[Term]]:
        method = getattr(self, "_c_" + comp.kind)
        out: tuple[list[tuple[Term, Result]], set[Term]] = method(shape, comp, focus)
        return out

    def _merge(
        self, parts: list[tuple[list[tuple[Term, Result]], set[Term]]]
    ) -> tuple[list[tuple[Term, Result]], set[Term]]:
        results: list[tuple[Term, Result]] = []
        failed: set[Term] = set()
        for r, f in parts:
            results += r
            failed |= f
        return results, failed

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
        condition = _NODE_KIND.get(name, "true") if isinstance(kind, self.ox.NamedNode) else "true"
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

    # ------------------------------------------------------------------ nested shapes

    def _nested(self, node: Term, values: FocusSet) -> Outcome:
        return self.evaluate(self.model.shapes[node], values)

    def _c_not(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        values = self._values_of(shape, focus)
        parts = []
        for node in comp.values:
            failed = self._nested(node, values).failed
            conforming = [v for v in self.members(values) if v not in failed]
            parts.append(self._from_pairs(shape, comp, self._pairs_for(shape, focus, conforming)))
        return self._merge(parts)

    def _logical(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        values = self._values_of(shape, focus)
        members = self.members(values)
        parts = []
        for shape_list in comp.values:
            if comp.kind == "xone":
                outcomes = [self._nested(n, values).failed for n in shape_list]
            else:
                outcomes = [self._nested(n, values).failed for n in dict.fromkeys(shape_list)]
            if comp.kind == "and":
                failing = [v for v in members if any(v in f for f in outcomes)]
            elif comp.kind == "or":
                failing = [v for v in members if all(v in f for f in outcomes)]
            else:
                failing = [v for v in members if sum(v not in f for f in outcomes) != 1]
            parts.append(self._from_pairs(shape, comp, self._pairs_for(shape, focus, failing)))
        return self._merge(parts)

    _c_and = _c_or = _c_xone = _logical

    def _c_node(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        values = self._values_of(shape, focus)
        parts = []
        for node in comp.values:
            outcome = self._nested(node, values)
            details: dict[Term, list[Result]] = {}
            for owner, r in outcome.results:
                details.setdefault(owner, []).append(r)
            failing = [v for v in self.members(values) if v in outcome.failed or v in details]
            pairs = self._pairs_for(shape, focus, failing)
            results = [
                (f, self._result(shape, comp, f, v, details=tuple(details.get(v, ()))))
                for f, v in pairs
            ]
            parts.append((results, {f for f, _v in pairs}))
        return self._merge(parts)

    def _c_property(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        values = self._values_of(shape, focus)
        results: list[tuple[Term, Result]] = []
        failed: set[Term] = set()
        for node in comp.values:
            outcome = self._nested(node, values)
            if not shape.is_property:
                results += outcome.results
                failed |= outcome.failed
                continue
            by_value: dict[Term, list[Result]] = {}
            for owner, r in outcome.results:
                by_value.setdefault(owner, []).append(r)
            involved = list(dict.fromkeys([*by_value, *outcome.failed]))
            for f, v in self._pairs_for(shape, focus, involved):
                results += [(f, r) for r in by_value.get(v, [])]
                if v in outcome.failed:
                    failed.add(f)
        return results, failed

    def _c_qualified(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        values = self._values_of(shape, focus)
        members = self.members(values)
        results: list[tuple[Term, Result]] = []
        for node in comp.values:
            failed = self._nested(node, values).failed
            counted = {v for v in members if v not in failed}
            for sibling in comp.extra["siblings"][node]:
                sibling_failed = self._nested(sibling, values).failed
                counted = {v for v in counted if v in sibling_failed}
            counts = dict.fromkeys(self.members(focus), 0)
            if counted:
                chosen = self._set_from_terms(counted)
                rows = self._select(
                    f"SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {self._vp(shape, focus)} "
                    f"{scratch_pattern(chosen.iri, 'v')} }} GROUP BY ?this"
                )
                for r in rows:
                    counts[r["this"]] = int(r["n"].value)
            low, high = comp.extra["min"], comp.extra["max"]
            for f, n in counts.items():
                if high is not None and n > high:
                    name = "QualifiedMaxCountConstraintComponent"
                    results.append((f, self._result(shape, comp, f, None, component=name)))
                if low is not None and n < low:
                    name = "QualifiedMinCountConstraintComponent"
                    results.append((f, self._result(shape, comp, f, None, component=name)))
        return results, {f for f, _r in results}

    # ------------------------------------------------------------------ SHACL-SPARQL

    def _c_sparql(self, shape: Shape, comp: Component, focus: FocusSet) -> Any:
        results: list[tuple[Term, Result]] = []
        for constraint in comp.values:
            results += self._sparql_constraint(shape, constraint, focus)
        return results, {f for f, _r in results}

    def _sparql_constraint(
        self, shape: Shape, constraint: Sparql, focus: FocusSet
    ) -> list[tuple[Term, Result]]:
        query = constraint.query
        self._check_forms(query.text)
        if query.prebound and any(
            isinstance(f, self.ox.Literal) and falsy(f) for f in self.members(focus)
        ):
            raise Unsupported(
                "a SPARQL constraint on a literal focus node rdflib takes for false "
                '("", 0, false): its property paths treat it as unbound'
            )
        if query.zero_length and self._has_absent(focus):
            raise Unsupported(
                "a SPARQL constraint with a zero-length path on a focus node absent from the "
                "data (Oxigraph does not match it)"
            )
        rows_by_focus: dict[Term, list[dict[str, Term]]] = {}
        if not query.prebound:
            rows = self._select(query.text, query.computed)
            rows_by_focus = {f: rows for f in self.members(focus)}
        elif query.batch:
            for row in self._select(query.text.replace(SET_PLACEHOLDER, focus.iri), query.computed):
                f = row["this"] if query.projects_this else row.pop("this")
                rows_by_focus.setdefault(f, []).append(row)
        else:
            for f in self.members(focus):
                single = self._set_from_terms([f])
                text = query.text.replace(SET_PLACEHOLDER, single.iri)
                rows_by_focus[f] = self._select(text, query.computed)
        out: list[tuple[Term, Result]] = []
        for f, rows in rows_by_focus.items():
            out += [(f, r) for r in self._sparql_results(shape, constraint, f, rows)]
        return out

    def _has_absent(self, focus: FocusSet) -> bool:
        """Whether a focus node is in no triple of the data."""
        if focus.iri not in self._absent:
            self._absent[focus.iri] = bool(
                self._select(
                    f"SELECT ?this WHERE {{ {scratch_pattern(focus.iri)} "
                    f"FILTER(!EXISTS {{ ?this ?p ?o }} && !EXISTS {{ ?s ?q ?this }}) }} LIMIT 1"
                )
            )
        return self._absent[focus.iri]

    def _sparql_results(
        self, shape: Shape, constraint: Sparql, f: Term, rows: list[dict[str, Term]]
    ) -> list[Result]:
        """pySHACL's _validate_sparql_query and _evaluate_sparql_constraint for one focus node."""
        violations: list[tuple[Any, ...]] = []
        failure = False
        for row in rows:
            var_dict = dict(row)
            if var_dict.pop("failure", None) is not None:
                if not failure:
                    violations.append((True, var_dict))
                    failure = True
                continue
            p, v, t = (
                var_dict.pop("path", None),
                var_dict.pop("value", None),
                var_dict.pop("this", None),
            )
            if p is not None or v is not None or t is not None:
                item = (t, p, v, var_dict)
                if item not in violations:
                    violations.append(item)
        result_val = None if shape.is_property else f
        out: list[Result] = []
        for item in violations:
            if item[0] is True:
                bound: dict[str, Term] = item[1]
                out.append(self._sparql_result(shape, constraint, f, result_val, None, bound))
                continue
            t, p, v, var_dict = item
            if v is None:
                v = result_val
            bound = dict(var_dict)
            for name, term in (("this", t), ("path", p), ("value", v)):
                if term is not None:
                    bound[name] = term
            focus = t if t is not None and getattr(t, "value", "") != "" else f
            out.append(self._sparql_result(shape, constraint, focus, v, p, bound))
        return out

    def _sparql_result(
        self,
        shape: Shape,
        constraint: Sparql,
        focus: Term,
        value: Term | None,
        path: Term | None,
        bound: dict[str, Term],
    ) -> Result:
        ox = self.ox

        def substitute(text: str) -> Term:
            for name, term in bound.items():
                try:
                    text = re.sub("{[?$]" + name + "}", str(term.value), text)
                except (re.error, TypeError) as exc:
                    raise Unsupported(f"pySHACL fails to format a message: {exc}") from None
            return ox.Literal(text)

        messages: list[Term] = []
        for m in constraint.messages:
            if m in shape.messages:
                continue
            messages.append(substitute(m.value))
        for m in shape.messages:
            messages.append(substitute(m.value) if isinstance(m, ox.Literal) else m)
        return self._result(
            shape,
            None,
            focus,
            value,
            path=path,
            messages=tuple(dict.fromkeys(messages)),
            source_constraint=constraint.node,
        )
