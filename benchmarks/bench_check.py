"""Time `mbx check` and `mbx reason` as whole processes on the bundled graph.

Each command runs ``--runs`` times (default 5 for check, 3 for reason); the
best wall-clock time is reported. For `mbx reason` the split its summary line
prints (parse, convert, owlready2, HermiT) is reported for the best run, with
a bare JVM start (``java -version``) as HermiT's floor. The registries
`mbx check` could have used are timed too, when installed (bioregistry is in
the ``test`` extra; prefixmaps is not a dependency). Run it from the
repository, in the virtualenv:

    python benchmarks/bench_check.py [--runs N]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time


def timed(command: list[str], ok_codes: tuple[int, ...] = (0, 1)) -> tuple[float, str]:
    """Wall-clock seconds of one run of ``command`` and its stderr."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok_codes:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr[-500:]}")
    return elapsed, done.stderr


def best_of(command: list[str], runs: int) -> tuple[float, str]:
    return min((timed(command) for _ in range(runs)), key=lambda r: r[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of mbx check (best is kept)")
    parser.add_argument("--reason-runs", type=int, default=3, help="runs of mbx reason")
    args = parser.parse_args()
    mbx = shutil.which("mbx") or sys.exit("mbx is not on PATH; activate the virtualenv")

    rows: list[tuple[str, float]] = []
    seconds, summary = best_of([mbx, "check", "-o", "/dev/null"], args.runs)
    rows.append(("mbx check (bundled graph, whole process)", seconds))
    rows.append(
        (
            'python -c "import pyoxigraph, click"',
            best_of([sys.executable, "-c", "import pyoxigraph, click"], args.runs)[0],
        )
    )
    for label, code in (
        ("import bioregistry; get_converter()", "import bioregistry; bioregistry.get_converter()"),
        (
            "import prefixmaps; load_context('merged')",
            "import prefixmaps; prefixmaps.load_context('merged')",
        ),
        ("mbx's registry snapshot", "from mbx.check.registry import registry; registry()"),
    ):
        module = code.split()[1].rstrip(";").split(".")[0]
        probe = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
        if probe.returncode == 0:
            rows.append((f'python -c "{label}"', best_of([sys.executable, "-c", code], 3)[0]))
    print(f"best of {args.runs} runs, wall clock; check: {summary.strip()}")
    for name, value in rows:
        print(f"  {value:7.3f} s  {name}")

    if shutil.which("java") is None:
        print("no java on PATH: mbx reason not timed")
        return
    seconds, summary = best_of([mbx, "reason"], args.reason_runs)
    jvm = best_of(["java", "-version"], args.reason_runs)[0]
    print(f"\nbest of {args.reason_runs} runs of mbx reason (bundled graph): {seconds:.2f} s")
    split = re.search(r"\((parse .*)\)", summary)
    print(f"  split: {split.group(1) if split else summary.strip()}")
    print(f"  bare JVM start (java -version): {jvm:.2f} s")


if __name__ == "__main__":
    main()
