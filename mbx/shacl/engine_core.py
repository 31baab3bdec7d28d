"""The engine's evaluator machinery: scratch sets in the store, queries, targets, results.

See mbx.shacl.engine_eval for how shapes are evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from mbx.shacl.engine_forms import sees_rewritten_literals
from mbx.shacl.engine_messages import Messages
from mbx.shacl.engine_model import Component, Model, Shape
from mbx.shacl.engine_result import COMPONENT, FocusSet, Outcome, Pairs, Result
from mbx.shacl.engine_sparql import plain_query
from mbx.shacl.engine_terms import (
    MEMBER,
    RDF_TYPE,
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


class EvaluatorCore:
    """Scratch sets, queries, targets and results (mbx.shacl.engine_eval evaluates)."""

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
        name = component or COMPONENT[comp.kind if comp else "sparql"]
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
