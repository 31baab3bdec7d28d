"""Time `mbx validate` as a whole process on the bundled graph, against baselines.

Baselines measured in the same run, on the same machine:

* ``python -c "import rdflib, pyshacl"``: the floor any pySHACL-based tool pays;
* the ``pyshacl`` command line on the same data (the bundled graph exported to
  N-Triples) and the same shapes, with SHACL-SPARQL enabled (``-a``): what a
  user would run without mbx.

Each command runs ``--runs`` times (default 5); the best wall-clock time is
reported, with its ratio to ``mbx validate``. Run it from the repository:

    python benchmarks/bench_validate.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def best_of(command: list[str], runs: int, ok_codes: tuple[int, ...] = (0,)) -> float:
    """The fastest wall-clock time of ``runs`` runs of ``command``, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if done.returncode not in ok_codes:
            raise SystemExit(
                f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-500:]}"
            )
        best = min(best, elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per command (best is kept)")
    args = parser.parse_args()

    from mbx.resources import shapes_dir

    mbx = shutil.which("mbx") or sys.exit("mbx is not on PATH; activate the virtualenv")
    pyshacl = shutil.which("pyshacl")
    shapes = sorted(shapes_dir().glob("*.ttl"))
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "bundled.nt"
        subprocess.run([mbx, "export", "-f", "nt", "-o", str(data)], check=True)
        triples = sum(1 for line in data.read_text(encoding="utf-8").splitlines() if line.strip())

        timings: list[tuple[str, float]] = []
        timings.append(
            ("mbx validate (bundled graph)", best_of([mbx, "validate"], args.runs, (0, 1)))
        )
        timings.append(
            (
                "mbx validate -i bundled.nt",
                best_of([mbx, "validate", "-i", str(data)], args.runs, (0, 1)),
            )
        )
        timings.append(
            (
                'python -c "import rdflib, pyshacl"',
                best_of([sys.executable, "-c", "import rdflib, pyshacl"], args.runs),
            )
        )
        if pyshacl is not None and len(shapes) == 1:
            command = [pyshacl, "-a", "-i", "none", "-s", str(shapes[0]), str(data)]
            seconds = best_of(command, args.runs, (0, 1))
            timings.append(("pyshacl -a (same data, same shapes)", seconds))

    reference = timings[0][1]
    print(f"bundled graph: {triples} triples; shapes: {', '.join(p.name for p in shapes)}")
    print(f"best of {args.runs} runs, wall clock")
    for name, seconds in timings:
        print(f"  {name:<40} {seconds:7.2f} s   {seconds / reference:5.2f} x mbx validate")


if __name__ == "__main__":
    main()
