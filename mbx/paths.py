"""Mechanism paths: the chains of claims that lead from one term to another, shortest first.

A step is either a claim step (every claim of the graph with that subject and
object, strongest evidence first) or a membership step: "vitamin B6 is a B
vitamin" (so what a document says of B vitamins holds for B6), allowed
anywhere, and "B vitamin includes vitamin B6", allowed only at the start of a
chain (from a group to one of its members; never in the middle, where it
would turn a claim about a group into one about each member). ``--max-hops``
counts claim steps; membership steps are free but never repeat a term.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass

from mbx.axis import Axis, Claim

DEFAULT_MAX_HOPS = 4
DEFAULT_LIMIT = 10
FORMATS = ("table", "json", "markdown")
IS_A = "is a"
INCLUDES = "includes"


@dataclass(frozen=True)
class Step:
    """One step of a chain: the claims from ``source`` to ``target``, or a membership."""

    source: str
    target: str
    kind: str  # "claim", "is a" (member -> group), "includes" (group -> member)
    claims: tuple[Claim, ...] = ()

    @property
    def relation(self) -> str:
        if self.kind != "claim":
            return self.kind
        return " / ".join(dict.fromkeys(c.relation for c in self.claims))

    @property
    def level(self) -> str | None:
        """The step's evidence: its strongest claim's level (claims are sorted strongest first)."""
        return self.claims[0].level if self.claims else None


@dataclass(frozen=True)
class Chain:
    """A path of steps from FROM to TO."""

    steps: tuple[Step, ...]

    @property
    def hops(self) -> int:
        return sum(1 for s in self.steps if s.kind == "claim")

    def nodes(self) -> list[str]:
        return [self.steps[0].source, *(s.target for s in self.steps)]


@dataclass
class PathResult:
    """The chains found, all of them, in the order they are shown."""

    axis: Axis
    source: str
    target: str
    max_hops: int
    chains: list[Chain]

    def weakest(self, chain: Chain) -> str | None:
        claim_steps = [s for s in chain.steps if s.kind == "claim"]
        return max((s.level for s in claim_steps), key=self.axis.rank, default=None)

    def speculative(self, chain: Chain) -> bool:
        return any(self.axis.speculative(s.level) for s in chain.steps if s.kind == "claim")


def _edges(axis: Axis) -> dict[str, list[Step]]:
    """Outgoing steps of every term: claim steps, then 'is a', then 'includes'."""
    grouped: dict[tuple[str, str], list[Claim]] = {}
    for claim in axis.claims:
        if claim.subject != claim.object:
            grouped.setdefault((claim.subject, claim.object), []).append(claim)
    out: dict[str, list[Step]] = {}
    for (source, target), claims in grouped.items():
        claims.sort(key=lambda c: (axis.rank(c.level), c.iri))
        out.setdefault(source, []).append(Step(source, target, "claim", tuple(claims)))
    for member, groups in axis.parents.items():
        for group in groups:
            out.setdefault(member, []).append(Step(member, group, IS_A))
            out.setdefault(group, []).append(Step(group, member, INCLUDES))
    for steps in out.values():
        steps.sort(key=lambda s: (s.kind != "claim", s.kind, *axis.sort_key(s.target)))
    return out


def _hops_to(target: str, edges: dict[str, list[Step]]) -> dict[str, int]:
    """Fewest claim steps from each term to ``target`` (0-1 BFS backwards): a lower bound."""
    backwards: dict[str, list[tuple[str, int]]] = {}
    for steps in edges.values():
        for step in steps:
            backwards.setdefault(step.target, []).append((step.source, int(step.kind == "claim")))
    best = {target: 0}
    queue: deque[str] = deque([target])
    while queue:
        node = queue.popleft()
        for source, cost in backwards.get(node, ()):
            if best[node] + cost < best.get(source, 1 << 30):
                best[source] = best[node] + cost
                if cost:
                    queue.append(source)
                else:
                    queue.appendleft(source)
    return best


def find_paths(
    axis: Axis, source: str, target: str, max_hops: int = DEFAULT_MAX_HOPS
) -> PathResult:
    """Every chain from ``source`` to ``target`` with at most ``max_hops`` claim steps."""
    edges = _edges(axis)
    bound = _hops_to(target, edges)
    found: list[Chain] = []
    trail: list[Step] = []
    visited = {source}

    def walk(node: str, hops: int, leading: bool) -> None:
        if node == target and trail:
            found.append(Chain(tuple(trail)))
            return
        for step in edges.get(node, ()):
            if step.target in visited:
                continue
            if step.kind == INCLUDES and not leading:
                continue
            cost = hops + (step.kind == "claim")
            if cost + bound.get(step.target, 1 << 30) > max_hops:
                continue
            trail.append(step)
            visited.add(step.target)
            walk(step.target, cost, leading and step.kind == INCLUDES)
            visited.discard(step.target)
            trail.pop()

    if source in bound and bound[source] <= max_hops:
        walk(source, 0, True)
    result = PathResult(axis, source, target, max_hops, [])

    def order(chain: Chain) -> tuple[object, ...]:
        weakest = axis.rank(result.weakest(chain))
        strength = sum(axis.rank(s.level) for s in chain.steps if s.kind == "claim")
        names = tuple(axis.sort_key(n) for n in chain.nodes())
        return (chain.hops, len(chain.steps), weakest, strength, names)

    result.chains = sorted(found, key=order)
    return result


# --- output -----------------------------------------------------------------------------


def _document(axis: Axis, claim: Claim) -> str:
    if claim.document is None:
        return "(no document)"
    return claim.document_label or axis.curie(claim.document)


def _relation(claim: Claim) -> str:
    """The relation, with the aspect of the object it is about: "shifts, neurotoxic branch"."""
    return f"{claim.relation}, {claim.object_aspect}" if claim.object_aspect else claim.relation


def _summary(result: PathResult, chain: Chain) -> str:
    axis = result.axis
    weakest = result.weakest(chain)
    membership = len(chain.steps) - chain.hops
    extra = f" + {membership} membership" if membership else ""
    return (
        f"{chain.hops} claim step{'s' if chain.hops != 1 else ''}{extra}; "
        f"weakest evidence: {axis.level_label(weakest) if weakest else 'none'}; "
        f"{axis.speculative_label} step: {'yes' if result.speculative(chain) else 'no'}"
    )


def heading(result: PathResult, shown: int) -> str:
    axis = result.axis
    total = len(result.chains)
    more = f", the first {shown} shown (--limit)" if shown < total else ""
    return (
        f"{total} chain{'s' if total != 1 else ''} of claims from {axis.label(result.source)} "
        f"to {axis.label(result.target)} within {result.max_hops} hops, shortest first{more}"
    )


def render_table(result: PathResult, limit: int) -> str:
    """Each chain: its terms, a summary line, then each step with every claim and quote."""
    from mbx.tabular import safe

    axis = result.axis
    chains = result.chains[:limit] if limit else result.chains
    lines = [heading(result, len(chains)), ""]
    for number, chain in enumerate(chains, start=1):
        route = " → ".join(axis.label(n) for n in chain.nodes())
        lines.append(f"chain {number}: {safe(route)}")
        lines.append(f"  {_summary(result, chain)}")
        for index, step in enumerate(chain.steps, start=1):
            lines.append(
                f"  {index}. {safe(axis.label(step.source))} —{safe(step.relation)}→ "
                f"{safe(axis.label(step.target))}"
            )
            if step.kind != "claim":
                lines.append("       (group membership in the ontology)")
            for claim in step.claims:
                lines.append(
                    f"       {axis.level_label(claim.level)}, {safe(_document(axis, claim))}, "
                    f"{axis.curie(claim.iri)} ({safe(_relation(claim))}): “{safe(claim.quote)}”"
                )
        lines.append("")
    return "\n".join(lines)


def render_markdown(result: PathResult, limit: int) -> str:
    """Each chain as a heading, a summary and a table of steps and claims."""
    from mbx.tabular import markdown, safe

    axis = result.axis
    chains = result.chains[:limit] if limit else result.chains
    parts = [heading(result, len(chains)) + "\n"]
    for number, chain in enumerate(chains, start=1):
        route = " → ".join(axis.label(n) for n in chain.nodes())
        parts.append(f"\n### Chain {number}: {safe(route)}\n\n{_summary(result, chain)}\n\n")
        rows: list[list[str]] = []
        for index, step in enumerate(chain.steps, start=1):
            common = [str(index), axis.label(step.source), step.relation, axis.label(step.target)]
            if step.kind != "claim":
                rows.append([*common, "(ontology)", "", "", ""])
            for claim in step.claims:
                level = axis.level_label(claim.level)
                rows.append(
                    [*common, level, _document(axis, claim), axis.curie(claim.iri), claim.quote]
                )
        header = ["step", "from", "relation", "to", "evidence", "document", "claim", "quote"]
        parts.append(markdown(header, rows))
    return "".join(parts)


def path_json(result: PathResult, limit: int) -> dict[str, object]:
    """A JSON-ready form of the result."""
    axis = result.axis
    chains = result.chains[:limit] if limit else result.chains

    def step_json(step: Step) -> dict[str, object]:
        return {
            "from": axis.curie(step.source),
            "from_label": axis.label(step.source),
            "relation": step.relation,
            "kind": "claim" if step.kind == "claim" else "membership",
            "to": axis.curie(step.target),
            "to_label": axis.label(step.target),
            "evidence": axis.level_label(step.level) if step.claims else None,
            "claims": [
                {
                    "claim": axis.curie(c.iri),
                    "relation": c.relation,
                    "object_aspect": c.object_aspect or None,
                    "evidence": axis.level_label(c.level),
                    "document": axis.curie(c.document) if c.document else None,
                    "document_label": c.document_label or None,
                    "quote": c.quote,
                }
                for c in step.claims
            ],
        }

    return {
        "from": axis.curie(result.source),
        "to": axis.curie(result.target),
        "max_hops": result.max_hops,
        "chains_found": len(result.chains),
        "chains": [
            {
                "hops": chain.hops,
                "weakest": axis.level_label(result.weakest(chain)),
                "hypothesis_step": result.speculative(chain),
                "steps": [step_json(s) for s in chain.steps],
            }
            for chain in chains
        ],
    }


# --- the overview -------------------------------------------------------------------------

#: The columns of the overview: exercise and nutrients → signals → receptors → the
#: brain → processes → outcomes. Terms of other kinds are left out.
STAGES = {
    "nutrient": 0,
    "exercise": 0,
    "myokine": 1,
    "signal": 1,
    "molecule": 1,
    "receptor": 2,
    "enzyme": 2,
    "brain region": 3,
    "cell": 3,
    "anatomy": 3,
    "pathway": 4,
    "process": 4,
    "outcome": 5,
    "condition": 5,
}
#: The muscle-to-brain signalling part: an edge is drawn only if a chain through it
#: touches one of these kinds (exercise → dementia directly is not the axis).
SIGNALLING = {
    "myokine",
    "signal",
    "molecule",
    "receptor",
    "enzyme",
    "brain region",
    "cell",
    "anatomy",
}


@dataclass(frozen=True)
class OverviewEdge:
    """All claims from one term to another, summed up."""

    source: str
    target: str
    claims: tuple[Claim, ...]
    direction: str
    level: str | None


@dataclass
class Overview:
    """The terms of the axis with their column, and the edges between them."""

    axis: Axis
    stage: dict[str, int]
    edges: list[OverviewEdge]


def _reach(starts: set[str], adjacent: dict[str, set[str]]) -> set[str]:
    seen = set(starts)
    todo = list(starts)
    while todo:
        for nxt in adjacent.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def axis_overview(axis: Axis) -> Overview:
    """The claims that make up the muscle-brain axis, one edge per pair of terms."""
    from mbx.matrix import cell_direction

    grouped: dict[tuple[str, str], list[Claim]] = {}
    for claim in axis.claims:
        ends = (claim.subject, claim.object)
        if claim.structural or claim.subject == claim.object:
            continue
        if all(axis.kind(t) in STAGES for t in ends):
            grouped.setdefault(ends, []).append(claim)
    forward: dict[str, set[str]] = {}
    backward: dict[str, set[str]] = {}
    for source, target in grouped:
        forward.setdefault(source, set()).add(target)
        backward.setdefault(target, set()).add(source)
    signalling = {t for pair in grouped for t in pair if axis.kind(t) in SIGNALLING}
    downstream, upstream = _reach(signalling, forward), _reach(signalling, backward)
    edges = []
    for (source, target), claims in sorted(grouped.items()):
        if source in downstream or target in upstream:
            claims.sort(key=lambda c: (axis.rank(c.level), c.iri))
            direction = cell_direction([c.direction for c in claims])
            edges.append(OverviewEdge(source, target, tuple(claims), direction, claims[0].level))
    stage = {t: STAGES[axis.kind(t)] for e in edges for t in (e.source, e.target)}
    for _ in range(len(STAGES)):  # a term that feeds an earlier column moves before it
        changed = False
        for edge in edges:
            if stage[edge.target] < stage[edge.source]:
                stage[edge.source] = max(stage[edge.target] - 1, 0)
                changed = True
        if not changed:
            break
    return Overview(axis, stage, edges)


def render_paths(result: PathResult, fmt: str, limit: int = DEFAULT_LIMIT) -> str:
    """The result as ``fmt``: table (text), markdown or json."""
    if fmt == "json":
        return json.dumps(path_json(result, limit), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return render_markdown(result, limit)
    return render_table(result, limit)
