"""Canonical N-Quads lines: the terms of a line, and the blank nodes in them.

In canonical N-Triples/N-Quads (what pyoxigraph writes) a term is an IRI
``<…>`` (no space, no ``>``), a blank node ``_:label`` (no space), a literal
``"…"`` (every ``"`` and ``\\`` inside escaped) with an optional ``@lang`` or
``^^<datatype>``, or a triple term ``<<( s p o )>>``; terms are separated by
single spaces and the line ends with `` .``. So a line splits into its terms
with a few byte operations, exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

#: a term is a blank node when it starts with this
BLANK = b"_:"


def split_line(line: bytes) -> tuple[bytes, bytes, bytes, bytes | None]:
    """Subject, predicate, object and graph name (None: the default graph) of a canonical line.

    >>> split_line(b'<http://s> <http://p> "a b"@en <http://g> .')
    (b'<http://s>', b'<http://p>', b'"a b"@en', b'<http://g>')
    >>> split_line(b'_:x <http://p> <<( <http://s> <http://p> "o" )>> .')
    (b'_:x', b'<http://p>', b'<<( <http://s> <http://p> "o" )>>', None)
    """
    subject, predicate, rest = line.split(b" ", 2)
    rest = rest[:-2]  # the final " ."
    if rest[:1] == b'"':
        space = rest.find(b" ", rest.rindex(b'"'))
    elif rest[:3] == b"<<(":
        end = rest.rindex(b")>>") + 3
        space = end if end < len(rest) else -1
    else:
        space = rest.find(b" ")
    if space < 0:
        return subject, predicate, rest, None
    return subject, predicate, rest[:space], rest[space + 1 :]


def triple_term_parts(term: bytes) -> list[bytes]:
    """Subject, predicate and object of a triple term ``<<( s p o )>>``.

    >>> triple_term_parts(b'<<( _:a <http://p> <<( <http://s> <http://q> "x y" )>> )>>')
    [b'_:a', b'<http://p>', b'<<( <http://s> <http://q> "x y" )>>']
    """
    return term[4:-4].split(b" ", 2)


def map_blank_nodes(term: bytes, rename: Callable[[bytes], bytes]) -> bytes:
    """``term`` with every blank node in it (inside triple terms too) replaced by ``rename``."""
    if term[:2] == BLANK:
        return rename(term)
    if term[:3] == b"<<(":
        parts = (map_blank_nodes(t, rename) for t in triple_term_parts(term))
        return b"<<( " + b" ".join(parts) + b" )>>"
    return term


def blank_nodes_in(term: bytes) -> list[bytes]:
    """The blank nodes in ``term`` (itself, or inside a triple term)."""
    if term[:2] == BLANK:
        return [term]
    if term[:3] == b"<<(" and BLANK in term:
        return [b for t in triple_term_parts(term) for b in blank_nodes_in(t)]
    return []


def join_line(subject: bytes, predicate: bytes, obj: bytes, graph: bytes | None) -> bytes:
    """The canonical line of these terms (no newline)."""
    if graph is None:
        return b"%s %s %s ." % (subject, predicate, obj)
    return b"%s %s %s %s ." % (subject, predicate, obj, graph)


def split_graphs(lines: Sequence[bytes]) -> dict[bytes, list[bytes]]:
    """Sorted canonical N-Quads lines as sorted triple lines per graph (``b""``: default graph)."""
    graphs: dict[bytes, list[bytes]] = {}
    for line in lines:
        if not line.endswith(b"> .") and BLANK not in line:  # no graph name at the end
            graphs.setdefault(b"", []).append(line)
            continue
        subject, predicate, obj, graph = split_line(line)
        if graph is None:
            graphs.setdefault(b"", []).append(line)
        else:
            graphs.setdefault(graph, []).append(b"%s %s %s ." % (subject, predicate, obj))
    for triples in graphs.values():
        triples.sort()  # dropping the graph name can change the order of a few lines
    return graphs


Groups = list[tuple[bytes, list[bytes]]]


def subject_blocks(lines: Sequence[bytes]) -> Iterator[tuple[bytes, Groups]]:
    """Sorted triple lines as (subject, [(predicate, [object …]) …]), a block per subject.

    The objects keep their N-Triples form (the line without its subject,
    predicate and final `` .``); the writers of Turtle and JSON-LD share it.
    """
    subject = predicate = b""
    groups: Groups = []
    objects: list[bytes] = []
    for line in lines:
        s, p, rest = line.split(b" ", 2)
        if s != subject:
            if groups:
                yield subject, groups
            subject, groups, predicate = s, [], b""
        if p != predicate:
            objects = []
            groups.append((p, objects))
            predicate = p
        objects.append(rest[:-2])
    if groups:
        yield subject, groups

