"""Time `mbx query --name NAME` for every shipped query as a whole process.

Baselines measured in the same run:

* ``python -c "import pyoxigraph"``: the cheapest possible start of a Python
  process that could answer a query (interpreter + engine import);
* rdflib answering the same query in-process on the already-loaded graph
  (parsing and loading excluded, i.e. rdflib's best case).

Usage: ``python benchmarks/bench_query.py [--repeat N] [NAME ...]``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (best kept)")
    parser.add_argument("names", nargs="*", help="shipped query names (default: all)")
    args = parser.parse_args()

    from mbx.graph import load_dataset
    from mbx.namespaces import PREFIXES
    from mbx.query import library

    mbx_exe = shutil.which("mbx") or str(Path(sys.executable).parent / "mbx")
    queries = [q for q in library() if not args.names or q.name in args.names]
    startup = best_of(args.repeat, lambda: run([sys.executable, "-c", "import pyoxigraph"]))
    dataset = load_dataset()
    dataset.default_union = True

    print(f"python -c 'import pyoxigraph': {startup * 1000:7.1f} ms (best of {args.repeat})")
    print()
    header = f"{'query':45} {'mbx query':>10} {'vs start':>9} {'rdflib':>10} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    worst = 0.0
    for query in queries:
        text = query.path.read_text(encoding="utf-8")
        whole = best_of(args.repeat, lambda q=query: run([mbx_exe, "query", "--name", q.name]))
        in_rdflib = best_of(
            args.repeat, lambda t=text: list(dataset.query(t, initNs=PREFIXES))
        )
        worst = max(worst, whole)
        print(
            f"{query.name:45} {whole * 1000:8.1f}ms {whole / startup:8.1f}x "
            f"{in_rdflib * 1000:8.1f}ms {whole / in_rdflib:6.2f}x"
        )
    print()
    print(f"slowest whole process: {worst * 1000:.1f} ms (target: well under 1000 ms)")


if __name__ == "__main__":
    main()
