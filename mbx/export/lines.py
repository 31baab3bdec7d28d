"""Quads -> sorted, canonical N-Quads lines: the one intermediate form every writer reads.

pyoxigraph parses each input as it streams and writes canonical N-Triples
or N-Quads into a sink that keeps the lines as bytes (the data is held once,
compactly, and never as Python term objects). Lines with blank nodes get
canonical labels (:mod:`mbx.export.canon`); the lines are then sorted and
deduplicated, so the same graph always gives the same lines. Writers read
the terms of a line back with mbx.export.nquads.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mbx.export.nquads import BLANK
from mbx.formats import RdfFormat

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph


@dataclass
class Source:
    """Where quads come from: quads in memory (the bundled graph) or a file parsed as it streams."""

    quads: Iterable[pyoxigraph.Quad] | None = None
    path: str | None = None
    fmt: RdfFormat | None = None
    data: bytes | None = None  # the content, when already read (standard input)
    base_iri: str | None = None

    def size(self) -> int:
        """Bytes to read (0 when unknown or already in memory): for progress bars."""
        import os

        if self.data is not None:
            return len(self.data)
        if self.path is None or self.path == "-":
            return 0
        try:
            return os.stat(self.path).st_size
        except OSError:
            return 0


def file_sources(
    inputs: Sequence[str],
    input_format: str | None = None,
    preread: Mapping[str, bytes] | None = None,
) -> list[Source]:
    """The user's ``-i`` files as sources (format from ``input_format`` or the extension)."""
    from mbx.inputs import check_stdin_once
    from mbx.inputs import input_format as choose_input_format

    check_stdin_once(data=inputs)
    return [
        Source(
            path=path,
            fmt=choose_input_format(path, input_format),
            data=preread.get(path) if preread else None,
        )
        for path in inputs
    ]


def source_reader(
    source: Source,
    prefixes: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
    keep_labels: bool = False,
) -> AbstractContextManager[Iterable[pyoxigraph.Quad]]:
    """The quads of one source, streamed from its file if it has one (mbx.parse.quad_reader)."""
    from contextlib import nullcontext

    from mbx.parse import quad_reader

    if source.quads is not None:
        return nullcontext(source.quads)
    assert source.path is not None
    return quad_reader(
        source.path,
        source.fmt,
        data=source.data,
        base_iri=source.base_iri,
        prefixes=prefixes,
        progress=progress,
        keep_labels=keep_labels,
    )


class LineSink(io.RawIOBase):
    """A binary file for pyoxigraph's serializer that keeps each line as bytes.

    Lines that contain ``_:`` (blank nodes, or a literal that happens to
    contain it) are kept apart, in input order, for relabelling. Wrap it in
    :func:`buffered` so that it receives large blocks.
    """

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[bytes] = []
        self.blank: list[bytes] = []
        self._rest = b""

    def writable(self) -> bool:
        return True

    def write(self, chunk: Any) -> int:
        size = len(chunk)
        data = self._rest + chunk if self._rest else bytes(chunk)
        end = data.rfind(b"\n")
        if end < 0:
            self._rest = data
            return size
        self._rest = data[end + 1 :]
        if BLANK not in data:
            self.lines += data[:end].split(b"\n")
            return size
        start = 0
        lines = self.lines
        found = data.find(BLANK, 0, end)
        while found >= 0:
            line_start = data.rfind(b"\n", 0, found) + 1
            line_end = data.find(b"\n", found)
            if line_start > start:
                lines += data[start : line_start - 1].split(b"\n")
            self.blank.append(data[line_start:line_end])
            start = line_end + 1
            found = data.find(BLANK, start, end)
        if start <= end:
            lines += data[start:end].split(b"\n")
        return size

    def finish(self) -> None:
        """Keep a last line written without its newline."""
        if self._rest:
            self.write(b"\n")


def buffered(sink: io.RawIOBase) -> io.BufferedWriter:
    """``sink`` behind a 1 MB buffer: pyoxigraph's small writes reach it in large blocks."""
    return io.BufferedWriter(sink, buffer_size=1 << 20)


@dataclass
class Lines:
    """Sorted, distinct canonical N-Triples (``quads`` false) or N-Quads lines, without newlines."""

    lines: list[bytes]
    quads: bool
    prefixes: dict[str, str] = field(default_factory=dict)
    #: blank nodes labelled in input order (past the canonicalisation work limit)
    fallback: int = 0
    #: some line may name a graph (false: every source was a triple format)
    named: bool = True
    #: the lines with "_:" in them, sorted
    blank: list[bytes] = field(default_factory=list)


def serialize_into(
    sink: Any,
    quads: Iterable[pyoxigraph.Quad],
    *,
    as_quads: bool,
    triples_only: bool = False,
) -> None:
    """pyoxigraph writes ``quads`` (their union as triples unless ``as_quads``) into ``sink``.

    ``triples_only``: every quad is known to be in the default graph (a
    triple format was parsed), so no conversion is needed.
    """
    import pyoxigraph as ox

    if as_quads:
        ox.serialize(quads, sink, format=ox.RdfFormat.N_QUADS)
    elif triples_only:
        ox.serialize(quads, sink, format=ox.RdfFormat.N_TRIPLES)
    else:
        ox.serialize((q.triple for q in quads), sink, format=ox.RdfFormat.N_TRIPLES)


def collect_lines(
    sources: Sequence[Source],
    *,
    quads: bool,
    prefixes: dict[str, str] | None = None,
    canonical: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Lines:
    """The sources' quads (or, unless ``quads``, the union of their triples) as sorted lines.

    ``canonical``: blank nodes get canonical labels (RDFC-1.0, bounded; see
    :mod:`mbx.export.canon`); otherwise they keep the parser's labels.
    ``progress`` is called with the bytes read so far over all sources.
    Prefixes the input files declare are added to ``prefixes``.
    """
    sink = LineSink()
    writer = buffered(sink)
    done = 0
    for source in sources:
        report = None
        if progress is not None:

            def report(count: int, base: int = done) -> None:
                progress(base + count)

        triples_only = source.fmt is not None and not source.fmt.quads
        with source_reader(source, prefixes, report) as stream:
            serialize_into(writer, stream, as_quads=quads, triples_only=triples_only)
        writer.flush()
        sink.finish()
        done += source.size()
    lines = sink.lines
    fallback = 0
    blank = sink.blank
    if blank:
        if canonical:
            from mbx.export.canon import canonical_labels

            blank, fallback = canonical_labels(blank)
        lines.extend(blank)
    sink.blank = []
    named = quads and any(s.quads is not None or s.fmt is None or s.fmt.quads for s in sources)
    return Lines(
        sorted_distinct(lines), quads, dict(prefixes or {}), fallback, named, sorted_distinct(blank)
    )


def sorted_distinct(lines: list[bytes]) -> list[bytes]:
    """``lines`` sorted in place, duplicates dropped (a new list only when there are some)."""
    lines.sort()
    previous = None
    duplicates = 0
    for line in lines:
        if line == previous:
            duplicates += 1
            break
        previous = line
    if not duplicates:
        return lines
    distinct: list[bytes] = []
    previous = None
    for line in lines:
        if line != previous:
            distinct.append(line)
            previous = line
    return distinct
