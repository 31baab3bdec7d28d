"""Vocabulary, term helpers and the Unsupported signal shared by the SHACL engine modules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from typing import TypeAlias

    Term: TypeAlias = Any  # a pyoxigraph NamedNode, BlankNode or Literal
else:
    Term = object

from mbx.namespaces import OWL, RDF, RDF_FIRST, RDF_REST, RDF_TYPE, RDFS, SH, XSD, XSD_STRING

__all__ = ["OWL", "RDF", "RDFS", "RDF_FIRST", "RDF_REST", "RDF_TYPE", "SH", "XSD", "XSD_STRING"]

RDF_NIL = RDF + "nil"
RDF_LANGSTRING = RDF + "langString"
RDFS_SUBCLASSOF = RDFS + "subClassOf"
RDFS_CLASS = RDFS + "Class"

#: the scratch named graph that holds the engine's focus and value sets during a run
SCRATCH_GRAPH = "urn:x-mbx-shacl:scratch"
MEMBER = "urn:x-mbx-shacl:member"
SET_PREFIX = "urn:x-mbx-shacl:set:"
REGEX_FUNCTION = "urn:x-mbx-shacl:fn:regex"


class Unsupported(Exception):
    """The engine does not evaluate these shapes (or this data) exactly as pySHACL: fall back.

    The message says why, in one line (it is shown as the fallback reason).
    """


def iri(term: object) -> str | None:
    """The IRI of a NamedNode, else None."""
    import pyoxigraph as ox

    return term.value if isinstance(term, ox.NamedNode) else None


def sparql_term(term: object) -> str:
    """``term`` written in SPARQL syntax; blank nodes cannot be written (Unsupported)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        if any(c in term.value for c in '<>"{}|^`\\ \n\t'):
            raise Unsupported(f"IRI {term.value!r} cannot be written in a SPARQL query")
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        text = (
            term.value.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
        if term.language:
            return f'"{text}"@{term.language}'
        return f'"{text}"^^<{term.datatype.value}>'
    raise Unsupported(f"a {type(term).__name__} cannot be written in a SPARQL query")


def scratch_pattern(set_iri: str, var: str = "this") -> str:
    """The graph pattern that binds ``?var`` to the members of a scratch set."""
    return f"GRAPH <{SCRATCH_GRAPH}> {{ <{set_iri}> <{MEMBER}> ?{var} }}"
