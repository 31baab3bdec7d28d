"""Readable, exact Turtle and TriG, written from sorted canonical lines (mbx.export.lines).

The layout is rdflib's ``longturtle`` (one subject per block, ``a`` then
``rdfs:label`` first, one object per line when there are several, blank
nodes nested as ``[ … ]`` and lists as ``( … )``) with ``@prefix``
declarations (older OWL API versions cannot read ``PREFIX``); the terms are
the canonical N-Triples terms pyoxigraph wrote, shortened only where the
shorter form means exactly the same term: a prefixed name when the local
part needs no escaping, ``1``/``1.5``/``1e0``/``true`` when the lexical form
is Turtle's own, a long string when the value has a line break. So the
writer is exact by construction and nothing is parsed back to check it.

Only blank nodes referenced exactly once, from the same graph, are nested
(at most :data:`MAX_NESTING` deep; a cycle of such nodes is cut at its
smallest label); only a chain of such nodes, each with one ``rdf:first`` and
one ``rdf:rest`` and nothing else, ending in ``rdf:nil``, becomes ``( … )``.
Every other blank node keeps its canonical label.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO

from mbx.export.names import Names, term_text
from mbx.export.nquads import BLANK, blank_nodes_in, split_graphs, split_line, subject_blocks
from mbx.namespaces import RDF, RDFS

#: blank nodes nested deeper than this are labelled (no recursion limit, readable output)
MAX_NESTING = 32

RDF_TYPE = f"<{RDF}type>".encode()
RDFS_LABEL = f"<{RDFS}label>".encode()
RDF_FIRST = f"<{RDF}first>".encode()
RDF_REST = f"<{RDF}rest>".encode()
RDF_NIL = f"<{RDF}nil>".encode()
#: the predicates written first, in this order (as rdflib does)
_FIRST = frozenset((RDF_TYPE, RDFS_LABEL))

class _Graph:
    """The subjects of one graph and which of its blank nodes are nested."""

    def __init__(
        self, lines: Sequence[bytes], blank: Sequence[bytes], labelled: frozenset[bytes]
    ) -> None:
        start = bisect.bisect_left(lines, BLANK)
        self.iri_end = start
        self.blank: dict[bytes, list[tuple[bytes, bytes]]] = {}
        for line in lines[start:]:
            subject, predicate, obj, _ = split_line(line)
            self.blank.setdefault(subject, []).append((predicate, obj))
        refs: dict[bytes, int] = {}
        children: dict[bytes, list[bytes]] = {}  # subject -> its blank-node objects
        for line in blank:
            if BLANK in line:
                subject, _, obj, _ = split_line(line)
                if obj[:2] == BLANK:
                    refs[obj] = refs.get(obj, 0) + 1
                    children.setdefault(subject, []).append(obj)
                else:
                    for node in blank_nodes_in(obj):
                        refs[node] = 2  # inside a triple term: labelled
        self.refs = refs
        nested = {node for node, count in refs.items() if count == 1 and node not in labelled}
        # lists: chains of nested nodes with exactly one rdf:first and one rdf:rest, ending in nil
        self.chains: list[tuple[list[bytes], list[bytes]]] = []  # (nodes, items)
        self.in_list: dict[bytes, tuple[int, int]] = {}  # node -> (chain, position)
        links = {node: self._link(node) for node in nested}
        tails = {link[1] for link in links.values() if link is not None}
        for head in sorted(nested):
            if head not in tails and links[head] is not None:
                self._chain(head, links)
        self.nested = self._reachable(nested, children)
        for nodes, _ in self.chains:  # demoted nodes break their chain
            for position in range(len(nodes) - 1, -1, -1):
                if nodes[position] not in self.nested:
                    for node in nodes[: position + 1]:
                        self.in_list.pop(node, None)
                    break

    def _link(self, node: bytes) -> tuple[bytes, bytes] | None:
        pairs = self.blank.get(node)
        if pairs is None or len(pairs) != 2:
            return None
        (p1, item), (p2, rest) = pairs
        return (item, rest) if p1 == RDF_FIRST and p2 == RDF_REST else None

    def _chain(self, head: bytes, links: Mapping[bytes, tuple[bytes, bytes] | None]) -> None:
        nodes: list[bytes] = []
        items: list[bytes] = []
        seen: set[bytes] = set()
        node = head
        while node != RDF_NIL:
            link = links.get(node)
            if link is None or node in seen:
                return
            seen.add(node)
            nodes.append(node)
            items.append(link[0])
            node = link[1]
        number = len(self.chains)
        self.chains.append((nodes, items))
        for position, member in enumerate(nodes):
            self.in_list[member] = (number, position)

    def list_items(self, node: bytes) -> list[bytes] | None:
        """The items of the ``( … )`` written for ``node``, if it is written as one."""
        place = self.in_list.get(node)
        if place is None:
            return None
        return self.chains[place[0]][1][place[1] :]

    def _reachable(self, nested: set[bytes], children: dict[bytes, list[bytes]]) -> set[bytes]:
        """The nested nodes written inside their referrer: cycles cut, depth bounded."""
        reached: set[bytes] = set()
        roots = sorted(subject for subject in children if subject not in nested)
        stack: list[tuple[bytes, int]] = [(root, 0) for root in reversed(roots)]
        while True:
            while stack:
                node, depth = stack.pop()
                inner: Iterable[bytes] = children.get(node, ())
                place = self.in_list.get(node)
                if place is not None:  # the list's own nodes are written as ( … )
                    nodes, items = self.chains[place[0]]
                    reached.update(nodes[place[1] :])
                    inner = [item for item in items[place[1] :] if item[:2] == BLANK]
                for child in inner:
                    if child in nested and child not in reached:
                        if depth + 1 > MAX_NESTING:
                            nested.discard(child)
                            stack.append((child, 0))
                        else:
                            reached.add(child)
                            stack.append((child, depth + 1))
            left = sorted(node for node in nested if node not in reached)
            if not left:
                return nested
            nested.discard(left[0])  # a cycle of nested nodes: cut at its smallest label
            stack.append((left[0], 0))


class TurtleWriter:
    """Writes the blocks of one or more graphs to ``out``."""

    def __init__(self, out: IO[bytes], names: Names) -> None:
        self.out = out
        self.names = names
        self.parts: list[bytes] = []
        self.written = 0  # triples written, checked against the lines
        self.verbs: dict[bytes, bytes] = {RDF_TYPE: b"a"}
        self.heads: dict[bytes, bytes] = {}  # predicate -> its indented verb at the top level

    def _flush(self) -> None:
        self.out.write(b"".join(self.parts))
        self.parts = []

    def _simple(self, obj: bytes) -> bytes:
        """A term that is not a blank node written nested, as Turtle."""
        first = obj[0]
        if first == 34:  # a literal
            if obj[-1] == 34 and b"\\n" not in obj:  # a plain string on one line
                return obj
            return term_text(obj, self.names)
        if first == 60 and obj[1] != 60:  # an IRI
            return self.names.cache.get(obj) or self.names.iri(obj)
        return obj  # a labelled blank node or a triple term

    def _object(self, graph: _Graph, obj: bytes, indent: bytes, mark: bytes) -> None:
        """One object on lines of its own at ``indent``, followed by ``mark``."""
        parts = self.parts
        if obj[0] == 95:  # "_": a blank node
            items = graph.list_items(obj)
            if items is not None:
                self.written += 2 * len(items)
                parts += (indent, b"(\n")
                deeper = indent + b"    "
                for item in items:
                    self._object(graph, item, deeper, b"\n")
                parts += (indent, b")", mark)
                return
            if obj in graph.nested:
                pairs = graph.blank.get(obj)
                if not pairs:
                    parts += (indent, b"[]", mark)
                    return
                parts += (indent, b"[\n")
                self._predicates(graph, _grouped(pairs), indent + b"    ")
                parts += (indent, b"]", mark)
                return
        parts += (indent, self._simple(obj), mark)

    def _predicates(
        self, graph: _Graph, groups: list[tuple[bytes, list[bytes]]], indent: bytes
    ) -> None:
        """A predicate-object list, one predicate per line at ``indent``, each ended by ``;``."""
        _first_predicates(groups)
        parts = self.parts
        deeper = indent + b"    "
        verbs = self.verbs
        cache = self.names.cache
        top = indent == b"    "
        heads = self.heads
        for predicate, objects in groups:
            self.written += len(objects)
            head = heads.get(predicate) if top else None
            if head is None:
                verb = verbs.get(predicate)
                if verb is None:
                    verb = verbs[predicate] = self.names.iri(predicate)
                head = indent + verb
                if top:
                    heads[predicate] = head
            if len(objects) == 1:
                obj = objects[0]
                first_byte = obj[0]
                if first_byte == 34:
                    if obj[-1] == 34 and b"\\n" not in obj:
                        parts += (head, b" ", obj, b" ;\n")
                    else:
                        parts += (head, b" ", term_text(obj, self.names), b" ;\n")
                elif first_byte == 60 and obj[1] != 60:
                    parts += (head, b" ", cache.get(obj) or self.names.iri(obj), b" ;\n")
                elif first_byte != 95:
                    parts += (head, b" ", obj, b" ;\n")  # a triple term
                elif graph.list_items(obj) is not None:
                    items = graph.list_items(obj) or []
                    self.written += 2 * len(items)
                    parts += (head, b" (\n")
                    for item in items:
                        self._object(graph, item, deeper, b"\n")
                    parts += (indent, b") ;\n")
                elif obj in graph.nested and graph.blank.get(obj):
                    parts += (head, b"\n")
                    self._object(graph, obj, deeper, b" ;\n")
                else:
                    parts += (head, b" ", b"[]" if obj in graph.nested else obj, b" ;\n")
                continue
            parts += (head, b"\n")
            last = len(objects) - 1
            for number, obj in enumerate(objects):
                self._object(graph, obj, deeper, b" ;\n" if number == last else b" ,\n")

    def graph(
        self,
        lines: Sequence[bytes],
        blank: Sequence[bytes],
        labelled: frozenset[bytes] = frozenset(),
    ) -> None:
        """The subject blocks of one graph (sorted canonical triple lines; those with "_:")."""
        graph = _Graph(lines, blank, labelled)
        first = True
        block = self._block
        for subject, groups in subject_blocks(lines[: graph.iri_end]):
            block(graph, subject, groups, first)
            first = False
        for node, node_pairs in graph.blank.items():
            if node not in graph.nested:
                shown = b"[]" if graph.refs.get(node, 0) == 0 and node not in labelled else node
                block(graph, shown, _grouped(node_pairs), first)
                first = False
        self._flush()

    def _block(
        self, graph: _Graph, subject: bytes, groups: list[tuple[bytes, list[bytes]]], first: bool
    ) -> None:
        head = subject if subject[0] in (91, 95) else self.names.iri(subject)  # "[" or "_"
        self.parts += (b"" if first else b"\n", head, b"\n")
        self._predicates(graph, groups, b"    ")
        self.parts.append(b".\n")
        if len(self.parts) >= 1 << 16:
            self._flush()


def _first_predicates(groups: list[tuple[bytes, list[bytes]]]) -> None:
    """``rdf:type`` then ``rdfs:label`` moved to the front of sorted predicate groups (in place)."""
    if len(groups) < 2:
        return
    types = labels = -1
    for index, (predicate, _) in enumerate(groups):
        if predicate in _FIRST:
            if predicate == RDF_TYPE:
                types = index
            else:
                labels = index
                break  # rdfs:label sorts after rdf:type
        elif predicate > RDFS_LABEL:
            break
    if labels > 0:
        groups.insert(0, groups.pop(labels))
        if 0 <= types < labels:
            types += 1
    if types > 0:
        groups.insert(0, groups.pop(types))


def _grouped(pairs: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, list[bytes]]]:
    """(predicate, object) pairs, sorted, grouped by predicate."""
    groups: list[tuple[bytes, list[bytes]]] = []
    predicate = b""
    objects: list[bytes] = []
    for p, o in pairs:
        if p != predicate:
            objects = []
            groups.append((p, objects))
            predicate = p
        objects.append(o)
    return groups


def write_turtle(
    lines: Sequence[bytes],
    blank: Sequence[bytes],
    out: IO[bytes],
    prefixes: Mapping[str, str],
    spool: Callable[[], IO[bytes]],
) -> None:
    """Turtle of the sorted canonical N-Triples ``lines`` (``blank``: those with "_:") to ``out``.

    The body goes to ``spool()`` first (the ``@prefix`` lines name only the
    prefixes it used, so they are known at the end); then the header and the
    body are written to ``out``.
    """
    names = Names(prefixes)
    with spool() as body:
        writer = TurtleWriter(body, names)
        writer.graph(lines, blank)
        _check(writer.written, len(lines))
        _finish(out, names, body)


def write_trig(
    lines: Sequence[bytes],
    blank: Sequence[bytes],
    out: IO[bytes],
    prefixes: Mapping[str, str],
    spool: Callable[[], IO[bytes]],
) -> None:
    """TriG of the sorted canonical N-Quads ``lines``: the default graph first, then by name."""
    by_graph = split_graphs(lines)
    blank_by_graph = split_graphs(blank)
    where: dict[bytes, set[bytes]] = {}  # blank node -> the graphs it occurs in
    for name in by_graph:
        for node in blank_nodes_in(name):
            where.setdefault(node, set()).add(b" graph name")
        for line in blank_by_graph.get(name, ()):
            if BLANK in line:
                subject, _, obj, _ = split_line(line)
                for node in blank_nodes_in(subject) + blank_nodes_in(obj):
                    where.setdefault(node, set()).add(name)
    # TriG blank-node labels are document-wide: a node in two graphs, or naming one, keeps its label
    labelled = frozenset(node for node, names in where.items() if len(names) > 1)
    names = Names(prefixes)
    with spool() as body:
        writer = TurtleWriter(body, names)
        for number, name in enumerate(sorted(by_graph)):
            graph_lines = by_graph[name]
            opening = (term_text(name, names) + b" {" if name else b"{") + b"\n"
            body.write((b"\n" if number else b"") + opening)
            writer.graph(graph_lines, blank_by_graph.get(name, []), labelled)
            body.write(b"}\n")
        _check(writer.written, len(lines))
        _finish(out, names, body)


def _check(written: int, expected: int) -> None:
    if written != expected:  # pragma: no cover - a bug in this module
        raise AssertionError(f"the Turtle writer wrote {written} triples of {expected}")


def _finish(out: IO[bytes], names: Names, body: IO[bytes]) -> None:
    import shutil

    header = names.header()
    if header:
        out.write(header + b"\n")
    body.seek(0)
    shutil.copyfileobj(body, out, 1 << 20)
