"""The knowledge graph as `mbx matrix` and `mbx path` see it, read through mbx/queries/axis-*.rq.

The SPARQL files are the adapter to the data model (claim structure, evidence
levels, kinds, group membership); this module turns their answers into plain
Python objects and knows nothing of the model's IRIs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

    Value = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal

QUERY_DIR = Path(__file__).resolve().parent / "queries"

#: Directions a claim can give its object: the modulates family's sub-trees,
#: or "linked" for relations that are not about raising or lowering anything.
DIRECTIONS = ("up", "down", "modulates", "linked")
UNSTATED = "(none)"


@dataclass(frozen=True)
class Level:
    """An evidence level; rank 1 is the strongest."""

    iri: str
    label: str
    rank: int
    speculative: bool


@dataclass(frozen=True)
class Term:
    """Something claims are about (a nutrient, myokine, brain region …)."""

    iri: str
    label: str
    kind: str
    kind_order: int


@dataclass(frozen=True)
class Claim:
    """One claim of one document: subject, relation, object, evidence, quote."""

    iri: str
    subject: str
    predicate: str
    relation: str
    object: str
    level: str | None
    document: str | None
    document_label: str
    quote: str
    direction: str  # up / down / modulates / linked, for the subject's own presence
    stated_for_deficiency: bool
    structural: bool = False  # what a thing is or belongs to, not what it does
    object_aspect: str = ""  # which aspect of the object the claim is about ("release")


@dataclass
class Axis:
    """Claims, terms, levels and group membership, as the queries answer them."""

    terms: dict[str, Term]
    claims: list[Claim]
    parents: dict[str, tuple[str, ...]]  # member -> its nearest groups
    levels: dict[str, Level]
    names: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # term -> (name, tier)
    prefixes: dict[str, str] = field(default_factory=dict)
    store: pyoxigraph.Store | None = None  # for the queries only some commands need

    def label(self, iri: str) -> str:
        term = self.terms.get(iri)
        return term.label if term else self.curie(iri)

    def curie(self, iri: str) -> str:
        from mbx.namespaces import compress

        shown = compress(iri, self.prefixes)
        return shown[1:-1] if shown.startswith("<") else shown

    def kind(self, iri: str) -> str:
        term = self.terms.get(iri)
        return term.kind if term else "other"

    def kind_order(self, iri: str) -> int:
        term = self.terms.get(iri)
        return term.kind_order if term else 99

    def rank(self, level: str | None) -> int:
        """The level's rank; an unstated or unknown level ranks below every known one."""
        known = self.levels.get(level or "")
        return known.rank if known else len(self.levels) + 1

    def level_label(self, level: str | None) -> str:
        known = self.levels.get(level or "")
        if known:
            return known.label
        return self.curie(level) if level else UNSTATED

    @property
    def speculative_label(self) -> str:
        """The name of the level(s) that mark a hypothesis ("proposed", "hypothesised")."""
        marked = sorted(lv.label for lv in self.levels.values() if lv.speculative)
        return " or ".join(marked) or "hypothesis"

    def speculative(self, level: str | None) -> bool:
        known = self.levels.get(level or "")
        return bool(known and known.speculative)

    @cached_property
    def children(self) -> dict[str, tuple[str, ...]]:
        """group -> its direct members, sorted by label."""
        found: dict[str, list[str]] = {}
        for member, groups in self.parents.items():
            for group in groups:
                found.setdefault(group, []).append(member)
        return {g: tuple(sorted(m, key=self.sort_key)) for g, m in found.items()}

    @cached_property
    def index(self) -> dict[str, dict[str, int]]:
        """normal(name) -> {term: tier}, see :func:`name_index`."""
        return name_index(self)

    def ancestors(self, iri: str) -> list[str]:
        """Every group ``iri`` belongs to, nearest first (breadth first)."""
        seen: list[str] = []
        frontier = list(self.parents.get(iri, ()))
        while frontier:
            nxt: list[str] = []
            for group in frontier:
                if group not in seen and group != iri:
                    seen.append(group)
                    nxt.extend(self.parents.get(group, ()))
            frontier = nxt
        return seen

    def sort_key(self, iri: str) -> tuple[str, str]:
        """Sort by label, numbers by value (vitamin B6 before vitamin B12)."""
        import re

        label = re.sub(r"\d+", lambda m: m.group().zfill(8), self.label(iri).casefold())
        return (label, iri)


def classes_of(axis: Axis) -> dict[str, tuple[set[str], list[str]]]:
    """class IRI -> (the terms under it, its labels), from axis-classes.rq."""
    found: dict[str, tuple[set[str], list[str]]] = {}
    if axis.store is None:
        return found
    for r in _rows(axis.store, "axis-classes.rq"):
        terms, labels = found.setdefault(_value(r, "class"), (set(), []))
        if _value(r, "term") in axis.terms:
            terms.add(_value(r, "term"))
        label = _value(r, "label")
        if label and label not in labels:
            labels.append(label)
    return found


def normal(name: str) -> str:
    """A name as it is matched: case-folded; hyphens, underscores and space runs as one space.

    >>> normal("  Muscle-brain_AXIS ")
    'muscle brain axis'
    """
    return " ".join(name.casefold().replace("-", " ").replace("_", " ").split())


def name_index(axis: Axis) -> dict[str, dict[str, int]]:
    """normal(name) -> {term: best tier}: labels 1, synonyms 2-3, CURIE and IRI 0, local name 4."""
    index: dict[str, dict[str, int]] = {}

    def add(name: str, term: str, tier: int) -> None:
        entry = index.setdefault(normal(name), {})
        entry[term] = min(entry.get(term, tier), tier)

    for term in axis.terms:
        for name, tier in axis.names.get(term, []):
            add(name, term, tier)
        add(axis.curie(term), term, 0)
        add(term, term, 0)
        add(term.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1], term, 4)
    return index


def resolve(axis: Axis, text: str, what: str) -> str:
    """The term ``text`` names (label, synonym, CURIE or IRI, any case); exit 2 otherwise.

    A name that matches one term's label wins over synonyms of others; an
    unknown name gets the closest names, an ambiguous one its candidates.
    """
    from mbx.errors import InputError

    index = axis.index
    matches = index.get(normal(text), {})
    if matches:
        best = min(matches.values())
        chosen = sorted((t for t, tier in matches.items() if tier == best), key=axis.sort_key)
        if len(chosen) == 1:
            return chosen[0]
        shown = ", ".join(f"'{axis.label(t)}' ({axis.curie(t)})" for t in chosen)
        raise InputError(
            f"{text!r} names {len(chosen)} terms: {shown}",
            source=what,
            hint="give the CURIE of the one you mean",
        )
    raise InputError(f"no term is named {text!r}", source=what, hint=suggestion(axis, text, index))


def suggestion(axis: Axis, text: str, index: dict[str, dict[str, int]]) -> str:
    """'did you mean …' with the closest names, or how to find names."""
    import difflib

    wanted = normal(text)
    names = sorted(index)
    close = [n for n in names if wanted and wanted in n and len(wanted) >= 3]
    close += difflib.get_close_matches(wanted, names, n=8, cutoff=0.6)
    terms: list[str] = []
    for name in close:
        for term in sorted(index[name], key=axis.sort_key):
            if term not in terms:
                terms.append(term)
    if not terms:
        return "give the label, a synonym, the CURIE or the IRI of a term the claims are about"
    shown = ", ".join(f"'{axis.label(t)}' ({axis.curie(t)})" for t in terms[:5])
    return f"did you mean {shown}?"


def _rows(store: pyoxigraph.Store, name: str) -> Iterable[dict[str, Value]]:
    import pyoxigraph as ox

    text = (QUERY_DIR / name).read_text(encoding="utf-8")
    solutions = store.query(text, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {n: v for n, v in zip(names, solution, strict=True) if v is not None}


def _value(row: dict[str, Value], key: str, default: str = "") -> str:
    term = row.get(key)
    return term.value if term is not None else default


def _truth(row: dict[str, Value], key: str) -> bool:
    return _value(row, key) in ("true", "1")


def claim_direction(family: str, qualifier: str, inverted: bool) -> str:
    """The direction a claim gives its object, for the subject's own presence.

    The relation family sets it (``increases`` → up, ``decreases`` → down, other
    ``modulates`` → modulates); a direction qualifier refines it; a claim
    stated for the subject's deficiency is turned round (deficiency lowers it,
    so the subject itself raises it).

    >>> claim_direction("modulates", "down", True)
    'up'
    >>> claim_direction("other", "up", False)
    'linked'
    """
    if family not in ("up", "down", "modulates"):
        return "linked"
    direction = qualifier if qualifier in ("up", "down") else family
    if inverted and direction in ("up", "down"):
        direction = "down" if direction == "up" else "up"
    return direction


def load_axis(inputs: Sequence[str] = (), *, input_format: str | None = None) -> Axis:
    """The bundled graph plus ``inputs``, read through the adapter queries."""
    import pyoxigraph as ox

    from mbx.dataset import load_quads

    prefixes: dict[str, str] = {}
    quads = load_quads(inputs, input_format=input_format, prefixes=prefixes)
    store = ox.Store()
    store.extend(quads)
    return axis_from_store(store, prefixes)


def axis_from_store(store: pyoxigraph.Store, prefixes: dict[str, str] | None = None) -> Axis:
    """Run the adapter queries on ``store``."""
    levels = {
        _value(r, "level"): Level(
            _value(r, "level"), _value(r, "label"), int(_value(r, "rank")), _truth(r, "speculative")
        )
        for r in _rows(store, "axis-levels.rq")
    }
    kinds: dict[str, tuple[int, str]] = {}
    for r in _rows(store, "axis-kinds.rq"):
        term, found = _value(r, "term"), (int(_value(r, "order")), _value(r, "kind"))
        kinds[term] = min(kinds.get(term, found), found)
    claims = _claims(store)
    for claim in claims:
        for iri in (claim.subject, claim.object):
            kinds.setdefault(iri, (99, "other"))
    names: dict[str, list[tuple[str, int]]] = {}
    for r in _rows(store, "axis-names.rq"):
        term = _value(r, "term")
        if term in kinds:
            names.setdefault(term, []).append((_value(r, "name"), int(_value(r, "tier"))))
    for listed in names.values():
        listed.sort(key=lambda n: (n[1], n[0]))
    terms = {
        iri: Term(iri, _best_label(iri, names.get(iri, []), prefixes), kind, order)
        for iri, (order, kind) in kinds.items()
    }
    memberships: dict[str, set[str]] = {}
    for r in _rows(store, "axis-members.rq"):
        member, group = _value(r, "member"), _value(r, "group")
        if member in terms and group in terms:
            memberships.setdefault(member, set()).add(group)
    return Axis(terms, claims, _nearest(memberships), levels, names, dict(prefixes or {}), store)


def _best_label(iri: str, names: list[tuple[str, int]], prefixes: dict[str, str] | None) -> str:
    labels = [n for n, tier in names if tier == 1]
    if labels:
        return min(labels, key=lambda n: (not n.isascii(), n))
    from mbx.namespaces import compress

    shown = compress(iri, prefixes)
    return shown[1:-1] if shown.startswith("<") else shown


def _claims(store: pyoxigraph.Store) -> list[Claim]:
    found: dict[str, Claim] = {}
    rows = sorted(
        _rows(store, "axis-claims.rq"),
        key=lambda r: tuple(_value(r, k) for k in ("claim", "level", "document", "qualifier")),
    )
    for r in rows:
        iri = _value(r, "claim")
        if iri in found:
            continue
        predicate = _value(r, "predicate")
        relation = _value(r, "relation") or predicate.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        document = _value(r, "document") or None
        inverted = _truth(r, "inverted")
        found[iri] = Claim(
            iri=iri,
            subject=_value(r, "subject"),
            predicate=predicate,
            relation=relation,
            object=_value(r, "object"),
            level=_value(r, "level") or None,
            document=document,
            document_label=_value(r, "documentLabel"),
            quote=" ".join(_value(r, "quote").split()),
            direction=claim_direction(_value(r, "family"), _value(r, "qualifier"), inverted),
            stated_for_deficiency=inverted,
            structural=_truth(r, "structural"),
            object_aspect=_value(r, "objectAspect"),
        )
    return sorted(found.values(), key=lambda c: c.iri)


def _nearest(memberships: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    """Keep each member's nearest groups: drop a group reachable through another one."""

    def reachable(start: str) -> set[str]:
        seen: set[str] = set()
        frontier = [start]
        while frontier:
            node = frontier.pop()
            for group in memberships.get(node, ()):
                if group not in seen:
                    seen.add(group)
                    frontier.append(group)
        return seen

    nearest: dict[str, tuple[str, ...]] = {}
    for member, groups in memberships.items():
        through = set().union(*(reachable(g) for g in groups))
        kept = sorted(g for g in groups if g not in through and g != member)
        if kept:
            nearest[member] = tuple(kept)
    return nearest
