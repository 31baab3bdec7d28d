"""The user's files validated as they are parsed: streamed into the one store the engine queries.

``mbx validate -i FILE`` with the fast engine never holds the data as a list
of quads: each file is parsed as it is read straight into the in-memory
store the engine queries (with the MBX ontology mixed in), and the same store
names the nodes of the report, so the data is held once (about 0.6 KB a
triple, everything included). Where the engine falls back to pySHACL, the
files are parsed again into the list pySHACL needs
(:func:`mbx.shacl.runner.run_pyshacl`).

An on-disk store (``pyoxigraph.Store(path)``) was measured and left out: at
100k claims it took 3.4 times as long and twice the memory (RocksDB's bulk
loader and caches: 281 s and 2.1 GB against 83 s and 1.06 GB).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

    from mbx.shacl.report import ValidationReport


@dataclass
class Sources:
    """The user's input files, parsed anew each time their quads are asked for."""

    inputs: tuple[str, ...]
    input_format: str | None = None
    #: the content of sources read ahead (standard input, read by the parent process)
    preread: Mapping[str, bytes] = field(default_factory=dict)

    def size(self) -> int:
        """The bytes to read (regular files and standard input; 0 for a pipe or device)."""
        return sum(self._size(source) for source in self.inputs)

    def _size(self, source: str) -> int:
        from mbx.inputs import regular_file_size

        if source in self.preread:
            return len(self.preread[source])
        return regular_file_size(source) or 0

    def quads(
        self,
        prefixes: dict[str, str] | None = None,
        subjects: set[Any] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Iterator[pyoxigraph.Quad]:
        """Every quad of every input, as parsed; their subjects are added to ``subjects``.

        ``progress`` is called with the bytes read so far, over all inputs.
        """
        from mbx.inputs import input_format
        from mbx.parse import stream_quads

        done = 0
        for source in self.inputs:
            fmt = input_format(source, self.input_format)
            report = None
            if progress is not None:

                def report(count: int, base: int = done) -> None:
                    progress(base + count)

            quads = stream_quads(
                source, fmt, data=self.preread.get(source), prefixes=prefixes, progress=report
            )
            if subjects is None:
                yield from quads
            else:
                add = subjects.add
                for quad in quads:
                    add(quad.subject)
                    yield quad
            done += self._size(source)


def validate_files(
    sources: Sources,
    shapes: Sequence[pyoxigraph.Quad],
    *,
    fail_on: str,
    fallback: Callable[[list[pyoxigraph.Quad], Sequence[pyoxigraph.Quad]], list[pyoxigraph.Quad]],
    show: bool = False,
) -> ValidationReport:
    """Validate ``sources`` (with the MBX ontology) in one in-memory store.

    ``fallback`` validates with pySHACL (data, shapes -> its report graph)
    where the engine does not (:func:`mbx.shacl.runner.run_pyshacl`). With
    ``show``, a progress bar on stderr: reading (bytes), then validating.

    The report speaks of the nodes that are subjects in ``sources``, as
    :func:`mbx.shacl.runner.validate_graph` does with ``ontology``.
    """
    from mbx.dataset import ontology_quads
    from mbx.namespaces import prefix_map
    from mbx.progress import maybe_bar
    from mbx.shacl import engine
    from mbx.shacl.engine_store import fill
    from mbx.shacl.report import Index, build_report

    ontology = ontology_quads()
    prefixes: dict[str, str] = {}
    subjects: set[Any] = set()
    with maybe_bar(show) as bar:
        task = bar.add_task("reading", total=sources.size() or None)
        read = sources.quads(prefixes, subjects, lambda n: bar.update(task, completed=n))
        filled = fill([ontology, read])
        bar.update(task, description="validating", total=None)
        data: Any = filled.store
        try:
            result = engine.validate(filled, shapes, namespaces=prefix_map(None), fallback=False)
            report = Index(result.quads(filled.store))
            del result  # the engine's results are now the report graph: held once
        except engine.Unsupported:  # pySHACL, on the quads as written (blank nodes relabelled)
            subjects = set()
            data = list(dict.fromkeys([*ontology, *sources.quads(subjects=subjects)]))
            report = Index(fallback(data, shapes))
        return build_report(report, data, shapes, subjects, fail_on, prefixes)
