"""Time `mbx matrix` and `mbx path` as whole processes (start, load, query, print).

Each figure is the best of ``--repeat`` runs of a whole process: wall-clock
seconds and CPU seconds (user + system of the child, which background load on
a shared machine hardly changes), measured in the same run as two baselines:
``python -c "import pyoxigraph"`` (the cheapest start of a Python process that
could answer at all) and ``mbx query --name micronutrients-modulating-myokines``
(one shipped query over the same bundled graph). Text output is what the
target is about (under 0.5 s); the pictures are timed too, for information
(matplotlib's import alone costs most of their time).

Usage: ``python benchmarks/bench_matrix.py [--repeat N] [--pictures] [--check]``;
``--check`` exits 1 when a text command takes 0.5 s or more.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 0.5
TEXT = {
    "mbx matrix": ["matrix"],
    "mbx matrix -f json": ["matrix", "-f", "json"],
    'mbx path "resistance training" synaptogenesis': [
        "path",
        "resistance training",
        "synaptogenesis",
    ],
    'mbx path "vitamin D" BDNF': ["path", "vitamin D", "BDNF"],
    "mbx path exercise synaptogenesis --max-hops 6": [
        "path",
        "exercise",
        "synaptogenesis",
        "--max-hops",
        "6",
    ],
}
PICTURES = {
    "mbx matrix -o matrix.svg": ["matrix", "-o", "matrix.svg"],
    "mbx matrix -o matrix.png": ["matrix", "-o", "matrix.png"],
    'mbx path "resistance training" synaptogenesis -o path.svg': [
        "path",
        "resistance training",
        "synaptogenesis",
        "-o",
        "path.svg",
    ],
    "mbx path --overview -o axis.svg": ["path", "--overview", "-o", "axis.svg"],
}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best_of(repeat: int, command: list[str], cwd: str) -> tuple[float, float]:
    """The fastest of ``repeat`` runs of ``command``: (wall, CPU) seconds; a failure stops."""
    walls, cpus = [], []
    for _ in range(repeat):
        cpu, start = _cpu(), time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False, cwd=cwd)
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode().strip()}")
    return min(walls), min(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per command (best counts)")
    parser.add_argument("--pictures", action="store_true", help="time the pictures too")
    parser.add_argument("--check", action="store_true", help=f"exit 1 if text takes ≥ {TARGET} s")
    args = parser.parse_args()
    mbx = shutil.which("mbx") or str(Path(sys.executable).parent / "mbx")
    rows: list[tuple[str, tuple[float, float]]] = []
    with tempfile.TemporaryDirectory() as folder:
        baseline = best_of(args.repeat, [sys.executable, "-c", "import pyoxigraph"], folder)
        rows.append(('python -c "import pyoxigraph" (baseline)', baseline))
        query = [mbx, "query", "--name", "micronutrients-modulating-myokines"]
        rows.append(
            (
                "mbx query --name micronutrients-modulating-myokines (baseline)",
                best_of(args.repeat, query, folder),
            )
        )
        slow = []
        for name, command in TEXT.items():
            seconds = best_of(args.repeat, [mbx, *command], folder)
            rows.append((name, seconds))
            if seconds[0] >= TARGET:
                slow.append(name)
        if args.pictures:
            for name, command in PICTURES.items():
                rows.append((name, best_of(max(args.repeat // 2, 1), [mbx, *command], folder)))
    width = max(len(name) for name, _ in rows)
    print(f"{'command':<{width}}  wall s  CPU s   (best of {args.repeat})")
    for name, (wall, cpu) in rows:
        print(f"{name:<{width}}  {wall:6.3f}  {cpu:6.3f}")
    if slow:
        print(f"over {TARGET} s: {', '.join(slow)}", file=sys.stderr)
    return 1 if args.check and slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
