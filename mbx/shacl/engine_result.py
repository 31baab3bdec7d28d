"""The engine's results and sets: SHACL results, focus sets, outcomes, component names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mbx.shacl.engine_terms import (
    Term,
)

NODE_KIND = {
    "IRI": "!isIRI(?v)",
    "BlankNode": "!isBlank(?v)",
    "Literal": "!isLiteral(?v)",
    "BlankNodeOrIRI": "isLiteral(?v)",
    "BlankNodeOrLiteral": "isIRI(?v)",
    "IRIOrLiteral": "isBlank(?v)",
}
COMPONENT = {
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
