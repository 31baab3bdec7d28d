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
loaded by ``mbx load``; an update rebuilds it (:func:`refresh_union`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
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


def _parse_inputs(spec: StoreInputs) -> list[pyoxigraph.Quad]:
    from mbx.dataset import load_quads

    return load_quads(
        [source for source, _ in spec.inputs],
        bundled=spec.bundled,
        input_format=spec.input_format,
        preread={source: data for source, data in spec.inputs if data is not None},
    )


def inputs_key(spec: StoreInputs) -> dict[str, Any]:
    """What a --store records: mbx version and a SHA-256 of the bundled files and each input."""
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
    files = []
    for source, data in spec.inputs:
        content = data if data is not None else read_bytes(source)
        # the resolved path: relative IRIs resolve against it; its spelling does not matter
        where = source if source == STDIN else str(Path(source).resolve())
        files.append({"source": where, "sha256": hashlib.sha256(content).hexdigest()})
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


def _open(folder: Path) -> pyoxigraph.Store:
    import pyoxigraph as ox

    try:
        return ox.Store(str(folder))
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


def open_store(spec: StoreInputs) -> tuple[pyoxigraph.Store, int | None]:
    """The store to query and how many quads this call loaded (None: reused as it was)."""
    import pyoxigraph as ox

    if spec.store_dir is None:
        store = ox.Store()
        quads = _parse_inputs(spec)
        store.extend(quads)
        store.extend(union_quads(quads))
        return store, len(quads)
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
    key = inputs_key(spec)
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = None
    folder.mkdir(exist_ok=True)
    if not isinstance(recorded, dict):
        _record(marker, {"state": "loading", "key": key})  # the folder is mbx's from now on
    try:
        store = _open(folder)
    except _Corrupted:
        store = _rebuild(folder, marker)
        recorded = None
    ready = isinstance(recorded, dict) and recorded.get("state") == "ready"
    if ready and isinstance(recorded, dict) and recorded.get("key") == key:
        return store, None
    quads = _parse_inputs(spec)
    _record(marker, {"state": "loading", "key": key})
    store.clear()
    store.bulk_extend(quads)
    store.bulk_extend(union_quads(quads))
    store.flush()
    _record(marker, {"state": "ready", "key": key, "quads": len(quads)})
    return store, len(quads)


def union_quads(quads: Iterable[pyoxigraph.Quad]) -> list[pyoxigraph.Quad]:
    """Every distinct triple of ``quads`` once, in :data:`UNION_GRAPH`."""
    import pyoxigraph as ox

    union = ox.NamedNode(UNION_GRAPH)
    triples = dict.fromkeys(quad.triple for quad in quads)
    return [ox.Quad(t.subject, t.predicate, t.object, union) for t in triples]


def refresh_union(store: pyoxigraph.Store) -> None:
    """Rebuild :data:`UNION_GRAPH` from the store's other graphs (after an update)."""
    store.update(
        f"DROP SILENT GRAPH <{UNION_GRAPH}> ; "
        f"INSERT {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ {{ ?s ?p ?o }} UNION "
        f"{{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{UNION_GRAPH}>) }} }}"
    )


def query_dataset(store: pyoxigraph.Store, names_dataset: bool) -> dict[str, Any]:
    """The ``Store.query`` options that make :data:`UNION_GRAPH` the default graph.

    None when the query names its own graphs (FROM, FROM NAMED): they apply.
    Named graphs are every graph but the union.
    """
    import pyoxigraph as ox

    if names_dataset:
        return {}
    union = ox.NamedNode(UNION_GRAPH)
    return {
        "default_graph": union,
        "named_graphs": [g for g in store.named_graphs() if g != union],
    }
