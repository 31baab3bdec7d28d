"""Literal semantics as pySHACL sees them through rdflib: datatype checks, order, strings.

pySHACL decides sh:datatype, the value ranges and sh:lessThan with rdflib's
Python values of literals (``Literal.value``, ``ill_typed``, ``<``). The
common, unambiguous cases (plain strings, canonical integers and decimals)
are decided here without rdflib; everything else is decided by rdflib itself
(imported on first use), on the literal mbx would give pySHACL
(``normalize=False``, ``xsd:string`` as a plain literal). Answers are cached
per distinct literal.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from mbx.shacl.engine_terms import RDF_LANGSTRING, RDFS, XSD, XSD_STRING, Unsupported

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_UNSIGNED = re.compile(r"[0-9]+")
#: datatype -> the lexical forms whose rdflib value is that plain number (an int or a Decimal)
_NUMERIC_FAST = {
    XSD + "integer": _INTEGER,
    XSD + "decimal": _DECIMAL,
    XSD + "nonNegativeInteger": _UNSIGNED,  # oa:start/oa:end of every quote selector
}


def to_rdflib(term: Any) -> Any:
    """The rdflib term mbx hands pySHACL for a pyoxigraph term (mbx.terms, warnings muted)."""
    import warnings

    import pyoxigraph as ox

    from mbx.terms import to_rdflib_term

    if not isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        raise Unsupported(f"unsupported RDF term {term!r}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return to_rdflib_term(term)


def _key(term: Any) -> tuple[str, str, str]:
    return (term.value, term.language or "", "" if term.language else term.datatype.value)


def datatype_matches(term: Any, rule: Any) -> bool:
    """pySHACL's DatatypeConstraintComponent for one value node."""
    import pyoxigraph as ox

    if not isinstance(term, ox.Literal):
        return False
    rule_iri = rule.value if isinstance(rule, ox.NamedNode) else None
    if term.language:
        return rule_iri in (RDF_LANGSTRING, RDFS + "Literal")
    datatype = term.datatype.value
    if datatype == XSD_STRING:
        return rule_iri in (XSD_STRING, RDFS + "Literal")
    if datatype != rule_iri:
        return rule_iri in (RDFS + "Literal", RDFS + "Datatype")
    fast = _NUMERIC_FAST.get(datatype)
    if fast is not None and fast.fullmatch(term.value):
        return True
    if datatype == XSD + "boolean" and term.value in ("true", "false", "1", "0"):
        return True
    if datatype == XSD + "gYear" and _YEAR.fullmatch(term.value):
        return True
    if datatype == XSD + "date" and _valid_date(term.value):
        return True
    return _rdflib_datatype_matches(*_key(term))


_YEAR = re.compile(r"[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _valid_date(lexical: str) -> bool:
    """A plain ``YYYY-MM-DD`` that is a real day (rdflib then reads it as a date too)."""
    from datetime import date

    if not _DATE.fullmatch(lexical):
        return False
    try:
        date.fromisoformat(lexical)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=65536)
def _rdflib_datatype_matches(lexical: str, _language: str, datatype: str) -> bool:
    from datetime import date, datetime, time

    import pyoxigraph as ox

    value = to_rdflib(ox.Literal(lexical, datatype=ox.NamedNode(datatype)))
    if getattr(value, "ill_typed", None) is True:
        return False
    python = value.value
    checks: dict[str, Any] = {
        XSD + "integer": int,
        XSD + "float": float,
        XSD + "decimal": Decimal,
        XSD + "boolean": bool,
        XSD + "date": date,
        XSD + "time": time,
        XSD + "dateTime": datetime,
    }
    if datatype in checks:
        return isinstance(python, checks[datatype])
    return True


def is_string_valued(term: Any) -> bool:
    """``isinstance(rdflib_literal.value, str)`` for a literal."""
    if term.language or term.datatype.value == XSD_STRING:
        return True
    fast = _NUMERIC_FAST.get(term.datatype.value)
    if fast is not None and fast.fullmatch(term.value):
        return False
    return _rdflib_string_valued(*_key(term))


@lru_cache(maxsize=65536)
def _rdflib_string_valued(lexical: str, _language: str, datatype: str) -> bool:
    import pyoxigraph as ox

    return isinstance(to_rdflib(ox.Literal(lexical, datatype=ox.NamedNode(datatype))).value, str)


def _fast_number(term: Any) -> Decimal | None:
    if term.language:
        return None
    pattern = _NUMERIC_FAST.get(term.datatype.value)
    if pattern is not None and pattern.fullmatch(term.value):
        return Decimal(term.value)
    return None


def range_holds(value: Any, bound: Any, kind: str) -> bool:
    """pySHACL's min/max Exclusive/Inclusive test of one value node against one bound."""
    import pyoxigraph as ox

    if not isinstance(value, ox.Literal):
        return False
    if is_string_valued(bound) != is_string_valued(value):
        return False
    a, b = _fast_number(value), _fast_number(bound)
    if a is not None and b is not None:
        cmp = (a > b) - (a < b)
    else:
        found = _rdflib_compare(_key(value), _key(bound))
        if found is None:
            return False
        cmp = found
    return {
        "minExclusive": cmp > 0,
        "minInclusive": cmp >= 0,
        "maxExclusive": cmp < 0,
        "maxInclusive": cmp <= 0,
    }[kind]


def _literal(key: tuple[str, str, str]) -> Any:
    import pyoxigraph as ox

    lexical, language, datatype = key
    if language:
        return to_rdflib(ox.Literal(lexical, language=language))
    return to_rdflib(ox.Literal(lexical, datatype=ox.NamedNode(datatype)))


@lru_cache(maxsize=65536)
def _rdflib_compare(a: tuple[str, str, str], b: tuple[str, str, str]) -> int | None:
    """pySHACL's compare_literal (None where it raises TypeError or NotImplementedError)."""
    import datetime

    l1, l2 = _literal(a), _literal(b)
    try:
        if l1.eq(l2):
            return 0
        if l1.value.__class__ in (datetime.datetime, datetime.time):
            if l1.value == l2.value:
                return 0
            if l1.value > l2.value:
                return 1
        elif l1 > l2:
            return 1
        return -1
    except (TypeError, NotImplementedError):
        return None


def less_than(value: Any, other: Any, or_equal: bool) -> bool:
    """pySHACL's sh:lessThan / sh:lessThanOrEquals test of one pair of nodes."""
    import pyoxigraph as ox

    def side(term: Any) -> tuple[bool, Any]:
        if isinstance(term, ox.BlankNode):
            raise Unsupported("sh:lessThan compares a blank node (pySHACL stops there)")
        if isinstance(term, ox.NamedNode):
            return True, term.value
        if is_string_valued(term):
            return True, term.value
        return False, term

    v_string, v = side(value)
    c_string, c = side(other)
    if v_string != c_string:
        return False
    if v_string:
        return bool(v <= c) if or_equal else bool(v < c)
    a, b = _fast_number(v), _fast_number(c)
    if a is not None and b is not None:
        return a <= b if or_equal else a < b
    return _rdflib_less(_key(v), _key(c), or_equal)


@lru_cache(maxsize=65536)
def _rdflib_less(a: tuple[str, str, str], b: tuple[str, str, str], or_equal: bool) -> bool:
    l1, l2 = _literal(a), _literal(b)
    try:
        return bool(l1 <= l2) if or_equal else bool(l1 < l2)
    except Exception as exc:  # pySHACL lets this escape: the validation stops
        raise Unsupported(f"pySHACL cannot compare {a[0]!r} and {b[0]!r}: {exc}") from None


def falsy(term: Any) -> bool:
    """Whether rdflib takes a literal for false (``bool(Literal)``: "", 0, false, ...)."""
    if term.language or term.datatype.value == XSD_STRING:
        return bool(term.value == "")
    truth: bool = bool(to_rdflib(term))
    return not truth
