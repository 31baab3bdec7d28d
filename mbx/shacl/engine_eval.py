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
from typing import Any

from mbx.shacl.engine_literals import falsy
from mbx.shacl.engine_model import Component, Shape, Sparql
from mbx.shacl.engine_result import FocusSet, Outcome, Result
from mbx.shacl.engine_sparql import SET_PLACEHOLDER
from mbx.shacl.engine_terms import (
    Term,
    Unsupported,
    scratch_pattern,
)
from mbx.shacl.engine_values import ValueChecks

__all__ = ["Evaluator", "Result"]


class Evaluator(ValueChecks):
    """Evaluates a shapes model on a store; see the module documentation."""

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
