"""Time `mbx load` and a shipped query against real stores: Oxigraph and Virtuoso.

Starts a private ``oxigraph serve`` and a private Virtuoso (Debian's
virtuoso-opensource, as tests/virtuoso_server.py does) on 127.0.0.1, then
times whole ``mbx`` processes, best of ``--repeat``:

* ``mbx load --store-url URL`` with ``--verify exact`` (the default: the
  graph is fetched back and compared), ``--verify count`` and ``--verify none``;
* ``mbx query --endpoint URL --name NAME`` for the shipped queries given
  (default: claims-per-document and micronutrients-modulating-myokines),
  next to the embedded engine (``mbx query --name NAME``).

Usage: ``python benchmarks/bench_stores.py [--repeat N] [NAME ...]``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))

from oxigraph_server import oxigraph_executable, oxigraph_store  # noqa: E402
from store_server import (  # noqa: E402
    StoreServer,
    free_port,
    start_in_own_group,
    stop_group,
    wait_until_answering,
)
from virtuoso_server import start_virtuoso  # noqa: E402

QUERIES = ("claims-per-document", "micronutrients-modulating-myokines")


def best_of(repeat: int, command: list[str]) -> float:
    """The fastest of ``repeat`` runs of ``command`` (which must succeed), in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def measure(store: StoreServer, repeat: int, queries: list[str]) -> None:
    mbx = shutil.which("mbx") or "mbx"
    for verify in ("exact", "count", "none"):
        seconds = best_of(repeat, [mbx, "load", "--store-url", store.store, "--verify", verify])
        print(f"{store.name:9} load --verify {verify:5}  {seconds * 1000:7.0f} ms")
    for name in queries:
        remote = best_of(repeat, [mbx, "query", "--name", name, "--endpoint", store.query])
        print(f"{store.name:9} query {name:38} {remote * 1000:7.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("names", nargs="*", default=list(QUERIES))
    args = parser.parse_args()
    mbx = shutil.which("mbx") or "mbx"
    for name in args.names:
        embedded = best_of(args.repeat, [mbx, "query", "--name", name])
        print(f"{'embedded':9} query {name:38} {embedded * 1000:7.0f} ms")
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        with (Path(folder) / "oxigraph.log").open("wb") as log:
            process = start_in_own_group(
                [oxigraph_executable(), "serve", "--location", f"{folder}/oxigraph",
                 "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                log,
            )
            try:
                store = oxigraph_store(f"http://127.0.0.1:{port}")
                wait_until_answering(process, store.query, "oxigraph serve")
                measure(store, args.repeat, args.names)
            finally:
                stop_group(process)
        started = time.perf_counter()
        process, store, answering = start_virtuoso(Path(folder) / "virtuoso")
        print(f"virtuoso  started in {answering:.1f} s (fresh database, grants included)")
        try:
            measure(store, args.repeat, args.names)
        finally:
            begun = time.perf_counter()
            stop_group(process, graceful=0)
            print(f"virtuoso  stopped in {(time.perf_counter() - begun) * 1000:.0f} ms "
                  f"({time.perf_counter() - started:.1f} s in all)")


if __name__ == "__main__":
    main()
