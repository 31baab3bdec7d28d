"""Canonical blank-node labels (RDFC-1.0, bounded), so that equal graphs serialize to equal bytes.

The W3C RDF Dataset Canonicalization algorithm (RDFC-1.0,
https://www.w3.org/TR/rdf-canon/) over canonical N-Quads lines: blank nodes
whose first-degree hashes are unique (nearly all of them in real data) are
labelled in hash order; the others go through the Hash N-Degree Quads
algorithm, whose cost can grow exponentially on graphs of indistinguishable
blank nodes (a 400-item ``rdf:List`` of equal values took 28 s in
pyoxigraph). As RDFC-1.0 allows, that work is bounded: past
:data:`WORK_LIMIT` steps (calls and permutations) or :data:`DEPTH_LIMIT`
levels of recursion, the blank nodes not yet labelled are labelled in order
of their first-degree hash, then of their first appearance in the input —
deterministic (the same input gives the same bytes) but no longer canonical
(the same graph written another way may get other labels). Blank nodes inside
RDF 1.2 triple terms, which RDFC-1.0 does not cover, are treated as if they
stood in the object position.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mbx.export.nquads import BLANK, blank_nodes_in, join_line, map_blank_nodes, split_line

#: Hash N-Degree Quads steps (calls + permutations) before the fallback labelling, plus
#: four per blank node that needs that algorithm
WORK_LIMIT = 20_000
#: Hash N-Degree Quads recursion depth before the fallback labelling
DEPTH_LIMIT = 64

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

_Quad = tuple[bytes, bytes, bytes, "bytes | None"]


class _TooMuchWork(Exception):
    """The work limit was reached."""


class _Issuer:
    """RDFC-1.0's identifier issuer: labels in order of issue."""

    def __init__(self, prefix: bytes) -> None:
        self.prefix = prefix
        self.issued: dict[bytes, bytes] = {}

    def issue(self, node: bytes) -> bytes:
        label = self.issued.get(node)
        if label is None:
            label = self.issued[node] = BLANK + self.prefix + str(len(self.issued)).encode()
        return label

    def copy(self) -> _Issuer:
        twin = _Issuer(self.prefix)
        twin.issued = dict(self.issued)
        return twin


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).hexdigest().encode()


class _State:
    def __init__(self, quads: list[_Quad]) -> None:
        self.quads = quads
        # blank node -> its quads, in order of first appearance
        self.mentions: dict[bytes, list[int]] = {}
        for index, (subject, _, obj, graph) in enumerate(quads):
            nodes = blank_nodes_in(subject) + blank_nodes_in(obj)
            if graph is not None:
                nodes += blank_nodes_in(graph)
            for node in dict.fromkeys(nodes):
                self.mentions.setdefault(node, []).append(index)
        self.first: dict[bytes, bytes] = {}
        self.canonical = _Issuer(b"c14n")
        self.work = 0
        self.limit = WORK_LIMIT

    def first_degree(self, node: bytes) -> bytes:
        """Hash First Degree Quads: the node's quads, itself as _:a and other blank nodes as _:z."""
        cached = self.first.get(node)
        if cached is not None:
            return cached

        def rename(term: bytes) -> bytes:
            return b"_:a" if term == node else b"_:z"

        lines = []
        for index in self.mentions[node]:
            subject, predicate, obj, graph = self.quads[index]
            lines.append(
                join_line(
                    map_blank_nodes(subject, rename),
                    predicate,
                    map_blank_nodes(obj, rename),
                    None if graph is None else map_blank_nodes(graph, rename),
                )
                + b"\n"
            )
        lines.sort()
        digest = self.first[node] = _sha256(b"".join(lines))
        return digest

    def related_hash(
        self, related: bytes, quad: _Quad, issuer: _Issuer, position: bytes
    ) -> bytes:
        """Hash Related Blank Node."""
        data = position if position == b"g" else position + quad[1]
        label = self.canonical.issued.get(related) or issuer.issued.get(related)
        data += label if label is not None else self.first_degree(related)
        return _sha256(data)

    def n_degree(self, node: bytes, issuer: _Issuer, depth: int) -> tuple[bytes, _Issuer]:
        """Hash N-Degree Quads, counting its work."""
        self.work += 1
        if self.work > self.limit or depth > DEPTH_LIMIT:
            raise _TooMuchWork
        by_hash: dict[bytes, list[bytes]] = {}
        for index in self.mentions[node]:
            quad = self.quads[index]
            subject, _, obj, graph = quad
            places = [(b"s", subject), (b"o", obj)] + ([] if graph is None else [(b"g", graph)])
            for position, term in places:
                for related in blank_nodes_in(term):
                    if related != node:
                        key = self.related_hash(related, quad, issuer, position)
                        by_hash.setdefault(key, []).append(related)
        data = b""
        for key in sorted(by_hash):
            data += key
            chosen_path = b""
            chosen_issuer: _Issuer | None = None
            for permutation in itertools.permutations(by_hash[key]):
                self.work += 1
                if self.work > self.limit:
                    raise _TooMuchWork
                copy = issuer.copy()
                path = b""
                recursion: list[bytes] = []
                skip = False
                for related in permutation:
                    label = self.canonical.issued.get(related)
                    if label is None:
                        if related not in copy.issued:
                            recursion.append(related)
                        label = copy.issue(related)
                    path += label
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                for related in recursion:
                    result, copy = self.n_degree(related, copy, depth + 1)
                    path += copy.issue(related) + b"<" + result + b">"
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                if not chosen_path or path < chosen_path:
                    chosen_path, chosen_issuer = path, copy
            data += chosen_path
            assert chosen_issuer is not None
            issuer = chosen_issuer
        return _sha256(data), issuer


def canonical_labels(lines: Sequence[bytes]) -> tuple[list[bytes], int]:
    """``lines`` (canonical N-Quads, in input order) with canonical blank-node labels.

    Returns the relabelled lines and how many blank nodes the fallback
    labelled (0: the labels are RDFC-1.0's).
    """
    distinct = list(dict.fromkeys(lines))
    state = _State([split_line(line) for line in distinct])
    groups: dict[bytes, list[bytes]] = {}
    for node in state.mentions:
        groups.setdefault(state.first_degree(node), []).append(node)
    for key in sorted(groups):
        if len(groups[key]) == 1:
            state.canonical.issue(groups[key][0])
    fallback = 0
    shared = sorted(key for key, nodes in groups.items() if len(nodes) > 1)
    state.limit = WORK_LIMIT + 4 * sum(len(groups[key]) for key in shared)
    try:
        for key in shared:
            results = []
            for node in groups[key]:
                if node in state.canonical.issued:
                    continue
                issuer = _Issuer(b"b")
                issuer.issue(node)
                results.append(state.n_degree(node, issuer, 0))
            for _, issuer in sorted(results, key=lambda result: result[0]):
                for existing in issuer.issued:
                    state.canonical.issue(existing)
    except _TooMuchWork:
        for key in shared:
            for node in groups[key]:
                if node not in state.canonical.issued:
                    state.canonical.issue(node)
                    fallback += 1
    labels = state.canonical.issued

    def rename(term: bytes) -> bytes:
        return labels[term]

    relabelled = [
        join_line(
            map_blank_nodes(s, rename),
            p,
            map_blank_nodes(o, rename),
            None if g is None else map_blank_nodes(g, rename),
        )
        for s, p, o, g in state.quads
    ]
    return relabelled, fallback


def same_quads(quads: Sequence[pyoxigraph.Quad], data: bytes, fmt: pyoxigraph.RdfFormat) -> bool:
    """Whether ``data`` parses back to ``quads`` (up to blank-node labels): never lose data.

    Past the work limit the blank-node lines are compared by count only.
    """
    import pyoxigraph as ox

    try:
        back = list(ox.parse(data, format=fmt))
    except (SyntaxError, ValueError):
        return False
    if len(back) != len(quads):
        return False
    ours, theirs = _labelled(quads), _labelled(back)
    if ours[2] or theirs[2]:  # not canonical: the ground lines, and as many blank ones
        return ours[0] == theirs[0] and len(ours[1]) == len(theirs[1])
    return ours[:2] == theirs[:2]


def _labelled(quads: Sequence[pyoxigraph.Quad]) -> tuple[set[bytes], set[bytes], int]:
    """The N-Quads lines without blank nodes, those with (relabelled), and the fallback count."""
    import pyoxigraph as ox

    lines = (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").splitlines()
    blank, fallback = canonical_labels([line for line in lines if BLANK in line])
    return {line for line in lines if BLANK not in line}, set(blank), fallback
