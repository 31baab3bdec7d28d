"""Time `mbx query --name NAME` for every shipped query as a whole process.

Each figure is the best of ``--repeat`` runs of a whole process (start,
load, query, print), measured in the same run as its baselines:

* ``python -c "import pyoxigraph"``: the cheapest start of a Python process
  that could answer a query (interpreter + engine import);
* ``oxigraph query`` (the Rust CLI of the ``oxigraph`` package) on a store
  bulk-loaded once with ``oxigraph load`` from ``mbx export -f nq``: the floor
  for a whole process that answers from a persistent store;
* an rdflib process: a Python script that parses the same N-Quads into an
  rdflib Dataset (default graph = union) and runs the query, i.e. what a tool
  built on rdflib alone pays per query.

Columns: ``mbx`` = ``mbx query --name NAME`` (bundled graph rebuilt from
``ontology/`` in memory); ``mbx --store`` = the same with ``--store DIR``
(loaded on the first run, reused afterwards); ``oxigraph`` and ``rdflib`` as
above; the ratios divide the rdflib process by ``mbx`` and ``mbx`` by the
Oxigraph CLI.

Usage: ``python benchmarks/bench_query.py [--repeat N] [NAME ...]``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

RDFLIB_SCRIPT = """
import sys
from rdflib import Dataset
dataset = Dataset(default_union=True)
dataset.parse(sys.argv[1], format="nquads")
rows = list(dataset.query(open(sys.argv[2], encoding="utf-8").read()))
print(len(rows))
"""


def best_of(repeat: int, action: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs of ``action``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def run(command: list[str]) -> None:
    completed = subprocess.run(command, capture_output=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {completed.stderr.decode().strip()}")


def _results_format(path: Path) -> str:
    from mbx.sparql.analysis import analyse

    form = analyse(path.read_text(encoding="utf-8")).form
    return "nt" if form in ("CONSTRUCT", "DESCRIBE") else "tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (best kept)")
    parser.add_argument("names", nargs="*", help="shipped query names (default: all)")
    args = parser.parse_args()

    from mbx.sparql.library import library

    bin_dir = Path(sys.executable).parent
    mbx_exe = shutil.which("mbx") or str(bin_dir / "mbx")
    oxigraph_exe = shutil.which("oxigraph") or str(bin_dir / "oxigraph")
    if not Path(oxigraph_exe).exists():
        raise SystemExit("the `oxigraph` CLI is needed: pip install -e '.[test]'")
    queries = [q for q in library() if not args.names or q.name in args.names]

    with tempfile.TemporaryDirectory(prefix="mbx-bench-") as tmp:
        work = Path(tmp)
        nquads = work / "mbx.nq"
        run([mbx_exe, "export", "-f", "nq", "-o", str(nquads)])
        oxigraph_db = work / "oxigraph-db"
        run([oxigraph_exe, "load", "--location", str(oxigraph_db), "--file", str(nquads)])
        mbx_store = work / "mbx-store"
        run([mbx_exe, "query", "--store", str(mbx_store), "ASK {}"])  # first run loads
        rdflib_script = work / "rdflib_query.py"
        rdflib_script.write_text(RDFLIB_SCRIPT, encoding="utf-8")

        start = best_of(args.repeat, lambda: run([sys.executable, "-c", "import pyoxigraph"]))
        quads = sum(1 for _ in nquads.open(encoding="utf-8"))
        print(f"python -c 'import pyoxigraph': {start * 1000:.1f} ms")
        print(f"graph: {quads} quads; every figure is the best of {args.repeat} whole processes")
        print()
        header = (
            f"{'query':44} {'mbx':>8} {'--store':>8} {'oxigraph':>9} {'rdflib':>8}"
            f" {'rdflib/mbx':>11} {'mbx/oxigraph':>13}"
        )
        print(header)
        print("-" * len(header))
        worst = 0.0
        for query in queries:
            whole = best_of(args.repeat, lambda q=query: run([mbx_exe, "query", "--name", q.name]))
            stored = best_of(
                args.repeat,
                lambda q=query: run(
                    [mbx_exe, "query", "--store", str(mbx_store), "--name", q.name]
                ),
            )
            oxigraph = best_of(
                args.repeat,
                lambda q=query: run(
                    [
                        oxigraph_exe, "query", "--location", str(oxigraph_db),
                        "--union-default-graph", "--query-file", str(q.path),
                        "--results-format", _results_format(q.path),
                    ]
                ),
            )
            rdflib = best_of(
                min(args.repeat, 3),
                lambda q=query: run(
                    [sys.executable, str(rdflib_script), str(nquads), str(q.path)]
                ),
            )
            worst = max(worst, whole, stored)
            print(
                f"{query.name:44} {whole * 1000:6.0f}ms {stored * 1000:6.0f}ms"
                f" {oxigraph * 1000:7.0f}ms {rdflib * 1000:6.0f}ms"
                f" {rdflib / whole:10.1f}x {whole / oxigraph:12.1f}x"
            )
        print()
        print(f"slowest whole mbx process: {worst * 1000:.0f} ms (target: well under 1000 ms)")


if __name__ == "__main__":
    main()
