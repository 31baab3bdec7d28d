"""What the HTML documentation says about each term: read from the terms and the claims.

:func:`site_model` turns the quads of the terms and the knowledge graph into
plain records (:class:`Term`, :class:`Claim`) that the templates of
:mod:`mbx.build.site` render: label, definition, synonyms, mappings with
links, super- and subclasses, domain and range, and every claim that uses
the term with its quote. Everything is sorted, so the pages are the same
bytes on every build.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mbx.namespaces import (
    CLAIM,
    DCTERMS,
    IAO_DEFINITION,
    IAO_EDITOR_NOTE,
    MBX,
    OBO,
    OBOINOWL,
    ONTOLOGY_IRI,
    OWL,
    RDF,
    RDF_TYPE,
    RDFS,
    RDFS_LABEL,
    REC,
    SKOS,
    SRC,
    compress,
)

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

#: rdf:type -> the section a term is listed in (first match wins)
CATEGORIES = (
    (SKOS + "ConceptScheme", "concept scheme"),
    (SKOS + "Concept", "concept"),
    (OWL + "ObjectProperty", "relation"),
    (OWL + "DatatypeProperty", "data property"),
    (OWL + "AnnotationProperty", "annotation property"),
    (OWL + "Class", "class"),
)
#: the claim properties whose value is a term, in the order a claim is read
CLAIM_ROLES = (
    "subject", "predicate", "object", "hedgingLevel", "supportType", "subjectAspectQualifier",
    "objectAspectQualifier", "objectDirectionQualifier", "context", "anatomicalContext",
    "conditionQualifier",
)  # fmt: skip
_MATCHES = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
Index = dict[str, dict[str, list[Any]]]  # subject -> predicate -> objects


@dataclass
class Link:
    """A term as shown on a page: its text, CURIE, and where it links (a page or its IRI)."""

    text: str
    curie: str
    href: str
    internal: bool


@dataclass
class Claim:
    """One claim of the knowledge graph, as the pages show it."""

    id: str
    label: str
    quote: str
    document: str  # its short name: letter, web article, glossary
    document_title: str
    hedging: str
    support: str
    statement: list[Link]
    cites: list[str]
    roles: dict[str, str] = field(default_factory=dict)  # term IRI -> how the claim uses it


@dataclass
class Term:
    """One documented term and everything its page shows."""

    iri: str
    curie: str
    slug: str
    label: str
    category: str
    definition: str = ""
    notes: list[str] = field(default_factory=list)
    types: list[Link] = field(default_factory=list)
    synonyms: list[tuple[str, str]] = field(default_factory=list)  # (exact|related, text)
    mappings: list[tuple[str, Link]] = field(default_factory=list)  # (relation, target)
    relations: list[tuple[str, list[Link]]] = field(default_factory=list)
    claims: list[tuple[str, Claim]] = field(default_factory=list)  # (role, claim)
    recommendations: list[tuple[str, str]] = field(default_factory=list)  # (label, quote)


@dataclass
class Site:
    """The documentation's content: terms, claims by document, the class tree, the header."""

    terms: list[Term]
    claims: dict[str, list[Claim]]  # document title -> its claims
    tree: list[tuple[int, Link]]  # (depth, class) in depth-first order
    header: dict[str, str]


def _index(quads: Iterable[pyoxigraph.Quad]) -> Index:
    index: Index = defaultdict(lambda: defaultdict(list))
    for quad in quads:
        values = index[_key(quad.subject)][quad.predicate.value]
        if quad.object not in values:
            values.append(quad.object)
    return index


def _key(term: object) -> str:
    """An IRI, or ``_:id`` for a blank node (so blank nodes never pose as IRIs)."""
    import pyoxigraph as ox

    value = str(getattr(term, "value", ""))
    return f"_:{value}" if isinstance(term, ox.BlankNode) else value


def _first(index: Index, subject: str, predicate: str) -> str:
    values = sorted(str(v.value) for v in index.get(subject, {}).get(predicate, []))
    return values[0] if values else ""


def _all(index: Index, subject: str, predicate: str) -> list[str]:
    return sorted({_key(v) for v in index.get(subject, {}).get(predicate, [])})


def slug_of(iri: str) -> str | None:
    """The page name of a documented term: MBX's local name, or ``RO_0002206`` for OBO terms."""
    for namespace in (MBX, OBO):
        local = iri.removeprefix(namespace)
        if local != iri and re.fullmatch(r"[A-Za-z0-9_]+", local):
            return local
    return None


def _claim_sort_key(iri: str) -> tuple[str, int, str]:
    match = re.fullmatch(r"(\d+)-(\d+)([a-z]?)", iri.removeprefix(CLAIM))
    return (match.group(1), int(match.group(2)), match.group(3)) if match else (iri, 0, "")


class _Builder:
    def __init__(self, terms: Sequence[pyoxigraph.Quad], kg: Sequence[pyoxigraph.Quad]) -> None:
        self.index = _index([*terms, *kg])
        self.terms = _index(terms)
        self.documented: dict[str, str] = {}  # IRI -> slug
        for subject, properties in self.terms.items():
            slug = slug_of(subject)
            if slug and subject != ONTOLOGY_IRI and properties.get(RDF_TYPE) and (
                properties.get(RDFS_LABEL)
            ):
                self.documented[subject] = slug

    def label(self, iri: str) -> str:
        return _first(self.index, iri, RDFS_LABEL) or _first(self.index, iri, SKOS + "prefLabel")

    def link(self, iri: str) -> Link:
        if iri.startswith("_:"):
            return Link(self._expression(iri), "", "", False)
        slug = self.documented.get(iri)
        curie = compress(iri).strip("<>") if compress(iri).startswith("<") else compress(iri)
        text = self.label(iri) or curie
        href = f"terms/{slug}.html" if slug else iri
        return Link(text, curie, href, slug is not None)

    def _expression(self, node: str) -> str:
        """A class expression given as a blank node: union or intersection of named classes."""
        for predicate, word in ((OWL + "unionOf", " or "), (OWL + "intersectionOf", " and ")):
            members = self.index.get(node, {}).get(predicate)
            if members:
                return word.join(self.label(m) or compress(m) for m in self._list(_key(members[0])))
        return "a class expression"

    def _list(self, node: str) -> list[str]:
        items: list[str] = []
        seen: set[str] = set()
        while node and node != RDF + "nil" and node not in seen:
            seen.add(node)
            items += _all(self.index, node, RDF + "first")
            rest = _all(self.index, node, RDF + "rest")
            node = rest[0] if rest else ""
        return items

    def links(self, iris: Iterable[str]) -> list[Link]:
        found = [self.link(i) for i in iris]
        return sorted(found, key=lambda link: (link.text.casefold(), link.curie))

    def claims(self) -> list[Claim]:
        found = []
        claim_iris = [
            s for s, props in self.index.items()
            if MBX + "Claim" in [_key(t) for t in props.get(RDF_TYPE, [])]
        ]  # fmt: skip
        for iri in sorted(claim_iris, key=_claim_sort_key):
            document = _first(self.index, iri, MBX + "statedIn")
            statement = [
                self.link(_first(self.index, iri, MBX + p))
                for p in ("subject", "predicate", "object")
            ]
            claim = Claim(
                id=iri.removeprefix(CLAIM),
                label=self.label(iri),
                quote=_first(self.index, iri, MBX + "quote"),
                document=_first(self.index, document, DCTERMS + "alternative")
                or compress(document),
                document_title=_first(self.index, document, DCTERMS + "title"),
                hedging=self.label(_first(self.index, iri, MBX + "hedgingLevel")),
                support=self.label(_first(self.index, iri, MBX + "supportType")),
                statement=statement,
                cites=_all(self.index, iri, MBX + "cites"),
            )
            for role in CLAIM_ROLES:
                for value in _all(self.index, iri, MBX + role):
                    claim.roles.setdefault(value, self.label(MBX + role) or role)
            found.append(claim)
        return found

    def term(self, iri: str, claims_by_term: dict[str, list[Claim]]) -> Term:
        props = self.terms[iri]
        types = _all(self.terms, iri, RDF_TYPE)
        category = next((name for t, name in CATEGORIES if t in types), "individual")
        slug = self.documented[iri]
        if category == "class" and iri.startswith(MBX) and slug[:1].islower():
            category = "kind"
        term = Term(iri, compress(iri), slug, self.label(iri), category)
        term.definition = _first(self.terms, iri, IAO_DEFINITION)
        term.notes = sorted(str(v.value) for v in props.get(IAO_EDITOR_NOTE, []))
        term.types = self.links(t for t in types if not t.startswith(OWL))
        for kind in ("Exact", "Related", "Broad", "Narrow"):
            for text in _all(self.terms, iri, f"{OBOINOWL}has{kind}Synonym"):
                term.synonyms.append((kind.lower(), text))
        for match in _MATCHES:
            for target in _all(self.terms, iri, SKOS + match):
                term.mappings.append((f"skos:{match}", self.link(target)))
        inverse = self._inverse()
        for title, values in (
            ("superclasses", _all(self.terms, iri, RDFS + "subClassOf")),
            ("subclasses", inverse[(RDFS + "subClassOf", iri)]),
            ("disjoint with", _all(self.terms, iri, OWL + "disjointWith")),
            ("super-properties", _all(self.terms, iri, RDFS + "subPropertyOf")),
            ("sub-properties", inverse[(RDFS + "subPropertyOf", iri)]),
            ("domain", _all(self.terms, iri, RDFS + "domain")),
            ("range", _all(self.terms, iri, RDFS + "range")),
            ("in scheme", _all(self.terms, iri, SKOS + "inScheme")),
            ("concepts", inverse[(SKOS + "inScheme", iri)]),
            ("members (individuals)", inverse[(RDF_TYPE, iri)]),
        ):
            if values:
                term.relations.append((title, self.links(values)))
        term.claims = [(c.roles[iri], c) for c in claims_by_term.get(iri, [])]
        term.recommendations = self._recommendations(iri)
        return term

    def _inverse(self) -> dict[tuple[str, str], list[str]]:
        if not hasattr(self, "_inverse_cache"):
            found: dict[tuple[str, str], list[str]] = defaultdict(list)
            for subject, props in self.terms.items():
                for predicate in (RDFS + "subClassOf", RDFS + "subPropertyOf", SKOS + "inScheme",
                                  RDF_TYPE):
                    for value in props.get(predicate, []):
                        if subject in self.documented:
                            found[(predicate, _key(value))].append(subject)
            self._inverse_cache = found
        return self._inverse_cache

    def _recommendations(self, iri: str) -> list[tuple[str, str]]:
        found = []
        for subject, props in self.index.items():
            if subject.startswith(REC) and iri in [_key(v) for v in props.get(MBX + "recommends",
                                                                              [])]:
                found.append((self.label(subject), _first(self.index, subject, MBX + "quote")))
        return sorted(found)

    def tree(self) -> list[tuple[int, Link]]:
        """The MBX classes and kinds as a tree under their roots (depth-first, by label)."""
        parents = {
            iri: [p for p in _all(self.terms, iri, RDFS + "subClassOf") if p in self.documented]
            for iri in self.documented
            if OWL + "Class" in _all(self.terms, iri, RDF_TYPE) and iri.startswith(MBX)
        }
        children: dict[str, list[str]] = defaultdict(list)
        for child, ps in parents.items():
            for parent in ps:
                if parent in parents:
                    children[parent].append(child)
        rows: list[tuple[int, Link]] = []

        def visit(iri: str, depth: int, path: tuple[str, ...]) -> None:
            rows.append((depth, self.link(iri)))
            for child in self._by_label(children[iri]):
                if child not in path:
                    visit(child, depth + 1, (*path, child))

        roots = [i for i, ps in parents.items() if not any(p in parents for p in ps)]
        for root in self._by_label(roots):
            visit(root, 0, (root,))
        return rows

    def _by_label(self, iris: Iterable[str]) -> list[str]:
        return sorted(iris, key=lambda i: (self.label(i).casefold(), i))


def site_model(terms: Sequence[pyoxigraph.Quad], kg: Sequence[pyoxigraph.Quad]) -> Site:
    """Everything the HTML pages show, from the terms' and the knowledge graph's quads."""
    builder = _Builder(terms, kg)
    claims = builder.claims()
    by_term: dict[str, list[Claim]] = defaultdict(list)
    by_document: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_document[f"{claim.document_title} ({claim.document})"].append(claim)
        for iri in claim.roles:
            by_term[iri].append(claim)
    documented = [builder.term(iri, by_term) for iri in builder.documented]
    documented.sort(key=lambda t: (t.label.casefold(), t.iri))
    header = {
        key: _first(builder.terms, ONTOLOGY_IRI, iri)
        for key, iri in (
            ("title", DCTERMS + "title"),
            ("description", DCTERMS + "description"),
            ("version", OWL + "versionInfo"),
            ("created", DCTERMS + "created"),
            ("license", DCTERMS + "license"),
            ("citation", DCTERMS + "bibliographicCitation"),
        )
    }
    header["sources"] = ", ".join(sorted(builder.label(s) for s in builder.index if
                                         s.startswith(SRC) and builder.label(s)))
    return Site(documented, dict(by_document), builder.tree(), header)  # documents in order
