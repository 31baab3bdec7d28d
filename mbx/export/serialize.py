"""Serialize quads in any RDF format, deterministically, or streamed as they are parsed.

Every format is written from one intermediate form, the sorted canonical
lines of :mod:`mbx.export.lines`: N-Triples and N-Quads are those lines;
Turtle, TriG and JSON-LD are written from them by exact writers (nothing is
parsed back); RDF/XML by pyoxigraph. Turtle, N-Triples and RDF/XML carry the
union of all graphs; N-Quads, TriG and JSON-LD keep the named graphs.
``stream`` writes N-Triples or N-Quads as pyoxigraph parses the input,
unsorted, never holding the data.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import IO, TYPE_CHECKING

from mbx.errors import UsageError
from mbx.export.lines import Lines, Source, collect_lines, serialize_into, source_reader
from mbx.export.nquads import BLANK
from mbx.formats import RdfFormat

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    import pyoxigraph


def serialize_quads(
    quads: Sequence[pyoxigraph.Quad],
    fmt: RdfFormat,
    prefixes: Mapping[str, str] | None = None,
) -> bytes:
    """``quads`` in ``fmt``: canonical blank-node labels, sorted, the same bytes every time.

    ``prefixes`` adds prefixes (for example those of the user's input files)
    to the MBX prefix map; Turtle and TriG never invent a prefix (``ns1:``)
    for other namespaces. What a format cannot carry is refused
    (:class:`mbx.errors.OutputError`), never lost.
    """
    lines = collect_lines([Source(quads=quads)], quads=fmt.quads)
    buffer = io.BytesIO()
    write_lines(lines, fmt, buffer, prefixes)
    return buffer.getvalue()


def export(
    sources: Sequence[Source],
    fmt: RdfFormat,
    destination: str | Path | None,
    prefixes: dict[str, str] | None = None,
    *,
    stream: bool = False,
    union: bool = False,
) -> Lines | None:
    """Write the sources' data to ``destination`` (None or ``-``: standard output) in ``fmt``.

    The output file appears only once complete. Returns the lines written
    (None with ``stream``), whose ``fallback`` counts blank nodes labelled
    past the canonicalisation limit. ``union``: one merged graph (graph
    names dropped, each triple once; with ``stream`` duplicates stay), also
    in the formats that keep named graphs.
    """
    from mbx.output import open_output

    if stream:
        if fmt.name not in ("ntriples", "nquads"):
            raise UsageError(
                f"--stream writes N-Triples or N-Quads only, not {fmt.name}",
                hint="drop --stream, or use -f nt / -f nq",
            )
        with open_output(destination) as out:
            stream_lines(sources, fmt, out, union=union)
        return None
    if prefixes is None:
        prefixes = {}
    lines = collect_lines(sources, quads=fmt.quads and not union, prefixes=prefixes)
    if fmt.name in ("jsonld", "rdfxml") and (destination is None or str(destination) == "-"):
        # these writers may refuse the data part way: standard output gets all or nothing
        import shutil

        from mbx.output import spool

        with spool() as held:
            write_lines(lines, fmt, held, prefixes)
            held.seek(0)
            with open_output(destination) as out:
                shutil.copyfileobj(held, out, 1 << 20)
        return lines
    with open_output(destination) as out:
        write_lines(lines, fmt, out, prefixes)
    return lines


def write_lines(
    lines: Lines, fmt: RdfFormat, out: IO[bytes], prefixes: Mapping[str, str] | None = None
) -> None:
    """Write sorted canonical ``lines`` in ``fmt`` (N-Quads lines for quad formats)."""
    from mbx.namespaces import prefix_map
    from mbx.output import spool

    if fmt.name in ("ntriples", "nquads"):
        write_plain(lines.lines, out)
    elif fmt.name == "turtle":
        from mbx.export.turtle import write_turtle

        write_turtle(lines.lines, lines.blank, out, prefix_map(prefixes), spool)
    elif fmt.name == "trig":
        from mbx.export.turtle import write_trig

        write_trig(lines.lines, lines.blank, out, prefix_map(prefixes), spool)
    elif fmt.name == "jsonld":
        from mbx.export.jsonld import write_jsonld

        write_jsonld(lines.lines, out, named=lines.named)
    else:
        from mbx.export.rdfxml import write_rdfxml

        write_rdfxml(lines.lines, out, prefixes)


def write_plain(lines: Sequence[bytes], out: IO[bytes]) -> None:
    """N-Triples or N-Quads: the lines as they are, one per line."""
    step = 1 << 14
    for start in range(0, len(lines), step):
        out.write(b"\n".join(lines[start : start + step]) + b"\n")


class _Relabelling:
    """A binary file for pyoxigraph's serializer that relabels blank nodes as it writes.

    Blank nodes get ``b0``, ``b1`` … in order of first appearance, so the
    same input gives the same bytes (pyoxigraph's own labels are random).
    """

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.labels: dict[bytes, bytes] = {}
        self._rest = b""

    def _label(self, node: bytes) -> bytes:
        label = self.labels.get(node)
        if label is None:
            label = self.labels[node] = b"_:b" + str(len(self.labels)).encode()
        return label

    def write(self, chunk: bytes) -> int:
        from mbx.export.nquads import join_line, map_blank_nodes, split_line

        data = self._rest + chunk if self._rest else bytes(chunk)
        end = data.rfind(b"\n") + 1
        self._rest = data[end:]
        if BLANK not in data:
            self.out.write(data[:end])
            return len(chunk)
        pieces = []
        for line in data[:end].split(b"\n")[:-1]:
            if BLANK in line:
                s, p, o, g = split_line(line)
                line = join_line(
                    map_blank_nodes(s, self._label),
                    p,
                    map_blank_nodes(o, self._label),
                    None if g is None else map_blank_nodes(g, self._label),
                )
            pieces.append(line)
        self.out.write(b"\n".join(pieces) + b"\n")
        return len(chunk)

    def flush(self) -> None:
        """Nothing is held back but a partial line."""

    def finish(self) -> None:
        if self._rest:
            self.write(b"\n")


def stream_lines(
    sources: Sequence[Source],
    fmt: RdfFormat,
    out: IO[bytes],
    progress: Callable[[int], None] | None = None,
    *,
    union: bool = False,
) -> None:
    """N-Triples or N-Quads of the sources, written as parsed (unsorted, duplicates kept).

    One N-Triples/N-Quads file keeps its own blank-node labels (it is copied
    term for term, holding nothing); otherwise blank nodes are labelled
    ``b0``, ``b1`` … in order of first appearance (one small entry each is
    held), so that the same input always gives the same bytes. ``union``:
    triples only (graph names dropped).
    """
    as_quads = fmt.quads and not union
    if len(sources) == 1 and sources[0].quads is None and sources[0].fmt is not None:
        only, kind = sources[0], sources[0].fmt
        if kind.name in ("ntriples", "nquads"):
            with source_reader(only, None, progress, keep_labels=True) as quads:
                serialize_into(out, quads, as_quads=as_quads, triples_only=not kind.quads)
            return
    sink = _Relabelling(out)
    for source in sources:
        triples_only = source.fmt is not None and not source.fmt.quads
        with source_reader(source, None, progress) as quads:
            serialize_into(sink, quads, as_quads=as_quads, triples_only=triples_only)
        sink.finish()
