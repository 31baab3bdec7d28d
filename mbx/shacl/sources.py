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

    def quads(
        self, prefixes: dict[str, str] | None = None, subjects: set[Any] | None = None
    ) -> Iterator[pyoxigraph.Quad]:
        """Every quad of every input, as parsed; their subjects are added to ``subjects``."""
        from mbx.inputs import input_format
        from mbx.parse import stream_quads

        for source in self.inputs:
            fmt = input_format(source, self.input_format)
            quads = stream_quads(source, fmt, data=self.preread.get(source), prefixes=prefixes)
            if subjects is None:
                yield from quads
                continue
            add = subjects.add
            for quad in quads:
                add(quad.subject)
                yield quad


def validate_files(
    sources: Sources,
    shapes: Sequence[pyoxigraph.Quad],
    *,
    fail_on: str,
    fallback: Callable[[list[pyoxigraph.Quad], Sequence[pyoxigraph.Quad]], list[pyoxigraph.Quad]],
) -> ValidationReport:
    """Validate ``sources`` (with the MBX ontology) in one in-memory store.

    ``fallback`` validates with pySHACL (data, shapes -> its report graph)
    where the engine does not (:func:`mbx.shacl.runner.run_pyshacl`).

    The report speaks of the nodes that are subjects in ``sources``, as
    :func:`mbx.shacl.runner.validate_graph` does with ``ontology``.
    """
    from mbx.dataset import ontology_quads
    from mbx.namespaces import prefix_map
    from mbx.shacl import engine
    from mbx.shacl.engine_store import fill
    from mbx.shacl.report import Index, build_report

    ontology = ontology_quads()
    prefixes: dict[str, str] = {}
    subjects: set[Any] = set()
    filled = fill([ontology, sources.quads(prefixes, subjects)])
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
