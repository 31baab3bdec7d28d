"""The local triple store behind ``--store DIR``: a pyoxigraph store loaded once and reused.

In memory (no ``--store``): a fresh store, bulk-loaded. On disk: created
and loaded on first use; reused while the record in ``mbx-store.json``
matches the inputs; cleared and reloaded when they changed. A folder mbx did
not create is never written into. The record says ``loading`` before a load
starts and ``ready`` once it is flushed, so a load that was interrupted
(killed, a full disk) is redone on the next run, and a store that can no
longer be opened (corrupted) is rebuilt from the inputs.

Besides the quads, a store holds their RDF merge in :data:`UNION_GRAPH`:
every triple of every graph once (SPARQL 1.1 §13.2, as in Jena's union
graph). It is the default graph of queries (mbx.sparql.engine), so
``SELECT (COUNT(*) AS ?n) { ?s ?p ?o }`` counts each triple once, like a store
loaded by ``mbx load``; an update rebuilds it (:func:`refresh_union`). A
store of triples alone (no source can name a graph) needs no such copy: its
default graph is already the merge.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mbx.errors import EnvironmentFailure, InputError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

#: The file in a --store folder that records what was loaded.
STORE_MARKER = "mbx-store.json"
#: The graph holding the RDF merge of all the others: the default graph of queries.
UNION_GRAPH = "urn:x-mbx:union-of-all-graphs"


@dataclass(frozen=True)
class StoreInputs:
    """What goes into a store (picklable: it may travel to a child process)."""

    inputs: tuple[tuple[str, bytes | None], ...] = ()  # (source, bytes if pre-read e.g. stdin)
    bundled: bool = True
    input_format: str | None = None
    store_dir: str | None = None


def _load(store: pyoxigraph.Store, spec: StoreInputs) -> int:
    """Stream the bundled quads and each input into ``store``; the number of quads loaded.

    Files are parsed as they are read (mbx.parse.quad_reader: the same
    checks and error messages as everywhere) and never held whole. When
    some source may name graphs (the bundled dataset, a quad format), each
    triple is also written into :data:`UNION_GRAPH` as it streams; when none
    can, the default graph is already the merge and no copy is made.
    """
    from mbx.export.lines import Source, file_sources, source_reader

    sources = file_sources(
        [source for source, _ in spec.inputs],
        spec.input_format,
        {source: data for source, data in spec.inputs if data is not None},
    )
    if spec.bundled:
        from mbx.bundle import bundled_quads

        sources.insert(0, Source(quads=bundled_quads()))
    named = any(s.quads is not None or s.fmt is None or s.fmt.quads for s in sources)
    for source in sources:
        with source_reader(source) as quads:
            store.bulk_extend(_with_union(quads) if named else quads)
    if not named:
        return len(store)
    return len(store) - _union_size(store)


def _with_union(quads: Iterable[pyoxigraph.Quad]) -> Iterator[pyoxigraph.Quad]:
    """Each quad, then its triple in :data:`UNION_GRAPH` (the store keeps each quad once)."""
    import pyoxigraph as ox

    union = ox.NamedNode(UNION_GRAPH)
    for quad in quads:
        yield quad
        yield ox.Quad(quad.subject, quad.predicate, quad.object, union)


def _union_size(store: pyoxigraph.Store) -> int:
    """The number of triples in :data:`UNION_GRAPH` (counted by the engine)."""
    answer = store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }}")
    for row in answer:  # type: ignore[union-attr]
        return int(row[0].value)  # type: ignore[union-attr]
    return 0


def _file_state(path: str) -> dict[str, int] | None:
    """What changes whenever a file's content changes: size, times (ns), inode."""
    try:
        status = Path(path).stat()
    except OSError:
        return None
    return {
        "size": status.st_size,
        "mtime_ns": status.st_mtime_ns,
        "ctime_ns": status.st_ctime_ns,  # cannot be set back by hand, unlike mtime
        "inode": status.st_ino,
    }


def inputs_key(spec: StoreInputs, recorded: Any = None) -> dict[str, Any]:
    """What a --store records: mbx version and a SHA-256 of the bundled files and each input.

    An input file whose size, times and inode are those in ``recorded`` (the
    record of the last load) keeps its recorded SHA-256 without being read
    again, so reusing a store of a large file costs a ``stat``, not a hash of
    the whole file (git's index does the same). ``state`` is not part of the
    comparison (:func:`same_inputs`): a file touched but unchanged does not
    reload the store.
    """
    import mbx
    from mbx import bundle
    from mbx.inputs import STDIN, read_bytes
    from mbx.resources import kg_dir, ontology_dir

    digest = hashlib.sha256()
    if spec.bundled:
        for root in (ontology_dir(), kg_dir()):
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                name = f"{root.name}/{path.relative_to(root)}"
                digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        digest.update(Path(bundle.__file__).read_bytes())
    known: dict[str, dict[str, Any]] = {}
    if isinstance(recorded, dict) and isinstance(recorded.get("inputs"), list):
        known = {str(f.get("source")): f for f in recorded["inputs"] if isinstance(f, dict)}
    files = []
    for source, data in spec.inputs:
        # the resolved path: relative IRIs resolve against it; its spelling does not matter
        where = source if source == STDIN else str(Path(source).resolve())
        state = None if data is not None or source == STDIN else _file_state(source)
        before = known.get(where)
        if state is not None and before is not None and before.get("state") == state:
            sha256 = before.get("sha256")
        else:
            content = data if data is not None else read_bytes(source)
            sha256 = hashlib.sha256(content).hexdigest()
        entry: dict[str, Any] = {"source": where, "sha256": sha256}
        if state is not None:
            entry["state"] = state
        files.append(entry)
    return {
        "mbx_version": mbx.__version__,
        "bundled_sha256": digest.hexdigest() if spec.bundled else None,
        "inputs": files,
        "input_format": spec.input_format,
        "union_graph": UNION_GRAPH,  # stores built before it existed are rebuilt
    }


def _record(marker: Path, record: dict[str, Any]) -> None:
    """Write the store's record atomically (a half-written record would read as no record)."""
    import os

    tmp = marker.with_name(f".{marker.name}.tmp")
    tmp.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, marker)


def _open(folder: Path, read_only: bool = False) -> pyoxigraph.Store:
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
    except OSError as exc:
        if "lock" not in str(exc).lower():
            raise _Corrupted(str(exc)) from None
        raise EnvironmentFailure(
            f"cannot open the store: {exc}",
            source=str(folder),
            hint="is another process using it?",
        ) from None
    except (RuntimeError, ValueError) as exc:  # RocksDB's "Corruption: ..."
        raise _Corrupted(str(exc)) from None


class _Corrupted(Exception):
    pass


def _rebuild(folder: Path, marker: Path) -> pyoxigraph.Store:
    """Empty mbx's own store folder (the record stays) and open it anew."""
    import shutil

    for path in folder.iterdir():
        if path == marker:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    try:
        return _open(folder)
    except _Corrupted as exc:
        raise EnvironmentFailure(
            f"cannot open the store, even emptied: {exc}", source=str(folder)
        ) from None


def same_inputs(key: Any, recorded: Any) -> bool:
    """Whether two records name the same inputs with the same content (file state aside)."""

    def content(record: Any) -> Any:
        if not isinstance(record, dict) or not isinstance(record.get("inputs"), list):
            return None
        files = [
            {k: v for k, v in f.items() if k != "state"} if isinstance(f, dict) else f
            for f in record["inputs"]
        ]
        return {**record, "inputs": files}

    return content(key) is not None and content(key) == content(recorded)


def open_store(spec: StoreInputs, *, write: bool = True) -> tuple[pyoxigraph.Store, int | None]:
    """The store to query and how many quads this call loaded (None: reused as it was).

    Without ``write`` a store that is reused as it is opens read-only: faster,
    and several queries may read it at once.
    """
    import pyoxigraph as ox

    if spec.store_dir is None:
        store = ox.Store()
        return store, _load(store, spec)
    folder = Path(spec.store_dir)
    if folder.exists() and not folder.is_dir():
        raise InputError("not a folder", source=str(folder))
    marker = folder / STORE_MARKER
    if folder.is_dir() and not marker.exists() and any(folder.iterdir()):
        # never clear a folder mbx did not create: it may be someone's own store
        raise UsageError(
            "not an mbx store (no mbx-store.json) and not empty; mbx will not write into it",
            source=str(folder),
            hint="give a new or empty folder to --store",
        )
    if not folder.parent.is_dir():
        raise InputError("folder does not exist", source=str(folder.parent))
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = None
    key = inputs_key(spec, recorded.get("key") if isinstance(recorded, dict) else None)
    ready = isinstance(recorded, dict) and recorded.get("state") == "ready"
    reuse = ready and isinstance(recorded, dict) and same_inputs(key, recorded.get("key"))
    folder.mkdir(exist_ok=True)
    if not isinstance(recorded, dict):
        _record(marker, {"state": "loading", "key": key})  # the folder is mbx's from now on
    try:
        store = _open(folder, read_only=reuse and not write)
    except _Corrupted:
        store = _rebuild(folder, marker)
        reuse = False
    if reuse:
        assert isinstance(recorded, dict)
        if recorded.get("key") != key:  # touched, not changed: remember the new file state
            _record(marker, {**recorded, "key": key})
        return store, None
    _record(marker, {"state": "loading", "key": key})
    store.clear()
    count = _load(store, spec)
    store.flush()
    _record(marker, {"state": "ready", "key": key, "quads": count})
    return store, count


def refresh_union(store: pyoxigraph.Store) -> None:
    """Rebuild :data:`UNION_GRAPH` from the store's other graphs (after an update).

    A store without named graphs needs none: its default graph is the merge.
    """
    import pyoxigraph as ox

    if not store.contains_named_graph(ox.NamedNode(UNION_GRAPH)) and not any(
        True for _ in store.named_graphs()
    ):
        return
    store.update(
        f"DROP SILENT GRAPH <{UNION_GRAPH}> ; "
        f"INSERT {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ {{ ?s ?p ?o }} UNION "
        f"{{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{UNION_GRAPH}>) }} }}"
    )


def query_dataset(store: pyoxigraph.Store, names_dataset: bool) -> dict[str, Any]:
    """The ``Store.query`` options that make :data:`UNION_GRAPH` the default graph.

    None when the query names its own graphs (FROM, FROM NAMED): they apply;
    none either when the store has no union graph (no named graphs: the
    default graph is the merge). Named graphs are every graph but the union.
    """
    import pyoxigraph as ox

    union = ox.NamedNode(UNION_GRAPH)
    if names_dataset or not store.contains_named_graph(union):
        return {}
    return {
        "default_graph": union,
        "named_graphs": [g for g in store.named_graphs() if g != union],
    }
