"""Time `mbx export` on large MBX-shaped graphs against `oxigraph convert` and rdflib (issue 15).

Whole processes, measured in the same run, the tools taking turns run by run
(so background load falls on all of them): wall-clock median and minimum,
user+system CPU (the fairer figure on a shared machine) and the peak RSS of
the process alone (``os.wait4``). Tasks, for each size:

* ``turtle``, ``jsonld``: N-Triples in, Turtle / JSON-LD out;
* ``ntriples``: Turtle in, N-Triples out (sorted for mbx);
* ``stream``: Turtle in, N-Triples out with ``mbx export --stream`` (unsorted,
  like ``oxigraph convert``);

against ``oxigraph convert --from-file IN --to-file OUT`` (the Rust floor: it
streams, neither sorting nor canonicalising) and an rdflib process
(``Graph().parse(IN)``, ``serialize(format=...)``). mbx's output is checked:
the same bytes on every run, and as many triples as the input. The targets of
issue 15 are marked: export within 3x of ``oxigraph convert`` and at least
10x faster than rdflib at 100k claims; ``--stream`` within 2x of ``oxigraph
convert``'s time and peak RSS.

Data: ``benchmarks/generate.py`` (the benchmark helper's generator) when it is
there, else give N-Triples and Turtle files with ``--nt``/``--ttl``.

    python benchmarks/bench_export.py --claims 10k,100k --runs 3
    python benchmarks/bench_export.py --nt data.nt --ttl data.ttl --tasks turtle,stream
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

RDFLIB_SCRIPT = """
import sys
from rdflib import Graph
graph = Graph()
graph.parse(sys.argv[1], format=sys.argv[2])
graph.serialize(destination=sys.argv[3], format=sys.argv[4])
"""

#: task -> (input kind, mbx -f, extra mbx options, rdflib output format, output extension)
TASKS = {
    "turtle": ("nt", "turtle", [], "turtle", "ttl"),
    "ntriples": ("ttl", "nt", [], "nt", "nt"),
    "jsonld": ("nt", "jsonld", [], "json-ld", "jsonld"),
    "stream": ("ttl", "nt", ["--stream"], None, "nt"),
}


@dataclass
class Runs:
    """Whole-process runs of one tool on one task."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    digests: set[str] = field(default_factory=set)
    failed: str = ""

    def median(self) -> float:
        return statistics.median(self.wall) if self.wall else float("nan")

    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")

    def rss_mb(self) -> float:
        return max(self.rss_kb) / 1024 if self.rss_kb else float("nan")


#: GNU time: the peak RSS of the measured program alone (os.wait4 would also count the pages
#: the child shares with this harness between fork and exec)
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def run_once(command: list[str], timeout: float, output: Path | None, runs: Runs) -> None:
    """One whole process: wall time, user+system CPU and peak RSS of that process alone."""
    if runs.failed:
        return
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        measured = command
        if GNU_TIME:
            measured = [GNU_TIME, "-f", "%M %U %S", "-o", report.name, *command]
        start = time.perf_counter()
        try:
            done = subprocess.run(
                measured, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            runs.failed = f"> {timeout:.0f} s"
            return
        wall = time.perf_counter() - start
        if done.returncode != 0:
            runs.failed = f"exit {done.returncode}: {done.stderr.decode(errors='replace')[-300:]}"
            return
        if GNU_TIME:
            rss, user, system = report.read().split()[-3:]
            runs.rss_kb.append(int(rss))
            runs.cpu.append(float(user) + float(system))
        else:  # pragma: no cover - without GNU time: RSS unknown, CPU of the children
            runs.cpu.append(float("nan"))
    runs.wall.append(wall)
    if output is not None and output.exists():
        digest = hashlib.sha256()
        with output.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        runs.digests.add(digest.hexdigest())


def count_triples(path: Path) -> int:
    """Triples in ``path``, counted in a child process (this harness stays small)."""
    code = (
        "import sys, pyoxigraph as ox; p = sys.argv[1]; "
        "f = ox.RdfFormat.from_extension(p.rsplit('.', 1)[1]); "
        "print(sum(1 for _ in ox.parse(path=p, format=f)))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, check=True)
    return int(done.stdout)


def generate(claims: str, data_dir: Path) -> tuple[Path, Path]:
    generator = Path(__file__).with_name("generate.py")
    if not generator.exists():
        raise SystemExit("benchmarks/generate.py is not here: give --nt and --ttl")
    subprocess.run(
        [sys.executable, str(generator), "--claims", claims, "--out-dir", str(data_dir)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # the generator names its files mbx-bench-<claims>-s<seed>-v<violations>.<ext>
    found = sorted(data_dir.glob(f"mbx-bench-{claims}-s*-v0.nt"), key=lambda p: p.stat().st_mtime)
    if not found:
        raise SystemExit(f"the generator wrote no N-Triples for {claims} claims in {data_dir}")
    return found[-1], found[-1].with_suffix(".ttl")


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--claims", default="10k", help="sizes to generate, e.g. 10k,100k,1M")
    parser.add_argument("--nt", type=Path, help="an N-Triples file (instead of --claims)")
    parser.add_argument("--ttl", type=Path, help="the same data as Turtle (instead of --claims)")
    parser.add_argument("--runs", type=int, default=3, help="runs per tool (median and min)")
    parser.add_argument("--rdflib-runs", type=int, default=1, help="runs of the rdflib process")
    parser.add_argument("--tasks", default=",".join(TASKS), help="any of " + ", ".join(TASKS))
    parser.add_argument("--timeout", type=float, default=900, help="seconds per run")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib baseline")
    parser.add_argument(
        "--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "mbx-bench-data"
    )
    args = parser.parse_args()

    bin_dir = Path(sys.executable).parent
    mbx = shutil.which("mbx", path=str(bin_dir)) or "mbx"
    oxigraph = shutil.which("oxigraph", path=str(bin_dir)) or shutil.which("oxigraph")
    if not oxigraph:
        raise SystemExit("the `oxigraph` CLI is needed: pip install -e '.[test]'")
    tasks = [t for t in args.tasks.split(",") if t]
    datasets: list[tuple[str, Path, Path]] = []
    if args.nt or args.ttl:
        if not (args.nt and args.ttl):
            raise SystemExit("give both --nt and --ttl (the same data)")
        datasets.append((args.nt.stem, args.nt, args.ttl))
    else:
        args.data_dir.mkdir(parents=True, exist_ok=True)
        for claims in args.claims.split(","):
            datasets.append((claims, *generate(claims, args.data_dir)))

    print(f"load average at start: {load_average()} ({os.cpu_count()} cores)")
    rows = []
    with tempfile.TemporaryDirectory(prefix="mbx-bench-export-") as tmp:
        work = Path(tmp)
        script = work / "rdflib_convert.py"
        script.write_text(RDFLIB_SCRIPT, encoding="utf-8")
        for size, nt, ttl in datasets:
            triples = count_triples(nt)
            print(f"{size}: {triples} triples ({nt.stat().st_size / 1e6:.0f} MB N-Triples)")
            for task in tasks:
                kind, fmt, options, rdflib_fmt, ext = TASKS[task]
                source = nt if kind == "nt" else ttl
                commands: dict[str, tuple[list[str], Path]] = {}
                out = work / f"mbx.{ext}"
                commands["mbx"] = (
                    [mbx, "export", "--no-bundled", "-i", str(source), "-f", fmt, *options,
                     "-o", str(out)],
                    out,
                )
                ox_out = work / f"oxigraph.{ext}"
                commands["oxigraph"] = (
                    [oxigraph, "convert", "--from-file", str(source), "--to-file", str(ox_out)],
                    ox_out,
                )
                if rdflib_fmt and not args.no_rdflib:
                    rdf_out = work / f"rdflib.{ext}"
                    commands["rdflib"] = (
                        [sys.executable, str(script), str(source),
                         "nt" if kind == "nt" else "turtle", str(rdf_out), rdflib_fmt],
                        rdf_out,
                    )
                results = {name: Runs() for name in commands}
                for number in range(args.runs):
                    for name, (command, output) in commands.items():
                        if name == "rdflib" and number >= args.rdflib_runs:
                            continue
                        run_once(command, args.timeout, output, results[name])
                written = count_triples(out) if out.exists() and not results["mbx"].failed else -1
                rows.append((size, task, triples, written, results))
                _print_row(size, task, triples, written, results)
    print(f"load average at end: {load_average()}")
    print()
    _print_table(rows)


def _fmt(runs: Runs) -> str:
    if runs.failed:
        return runs.failed
    wall = f"{runs.median():.2f} s (min {min(runs.wall):.2f})"
    return f"{wall}, cpu {runs.cpu_median():.2f} s, {runs.rss_mb():.0f} MB"


def _print_row(size: str, task: str, triples: int, written: int, results: dict[str, Runs]) -> None:
    print(f"  {task}:")
    for name, runs in results.items():
        print(f"    {name:9} {_fmt(runs)}")
    mbx = results["mbx"]
    if not mbx.failed:
        same = "same bytes every run" if len(mbx.digests) == 1 else "DIFFERENT BYTES between runs"
        count = "all triples" if written == triples else f"{written} of {triples} triples!"
        print(f"    mbx: {same}; {count}")


def _ratio(a: Runs, b: Runs, cpu: bool = False) -> float:
    if a.failed or b.failed:
        return float("nan")
    return (a.cpu_median() / b.cpu_median()) if cpu else (a.median() / b.median())


def _print_table(rows: list[tuple[str, str, int, int, dict[str, Runs]]]) -> None:
    print("| claims | task | mbx | oxigraph convert | rdflib | mbx / oxigraph (wall, cpu) | "
          "rdflib / mbx | RSS mbx / oxigraph | target |")
    print("|---|---|---|---|---|---|---|---|---|")
    for size, task, _triples, _written, results in rows:
        mbx, ox = results["mbx"], results["oxigraph"]
        rdflib = results.get("rdflib")
        to_ox = _ratio(mbx, ox)
        to_ox_cpu = _ratio(mbx, ox, cpu=True)
        from_rdflib = _ratio(rdflib, mbx) if rdflib is not None else float("nan")
        rss = mbx.rss_mb() / ox.rss_mb() if not (mbx.failed or ox.failed) else float("nan")
        if task == "stream":
            target = "met" if to_ox <= 2 and rss <= 2 else "missed"
            target += " (≤2x time and RSS)"
        else:
            ok = to_ox <= 3 and (from_rdflib >= 10 or rdflib is None)
            target = ("met" if ok else "missed") + " (≤3x oxigraph, ≥10x rdflib)"
        rdflib_text = (
            "—" if rdflib is None
            else rdflib.failed or f"{rdflib.median():.1f} s"
        )
        print(
            f"| {size} | {task} | {mbx.failed or f'{mbx.median():.1f} s'} | "
            f"{ox.failed or f'{ox.median():.1f} s'} | {rdflib_text} | "
            f"{to_ox:.1f}x, {to_ox_cpu:.1f}x | "
            f"{'—' if rdflib is None else f'{from_rdflib:.0f}x'} | "
            f"{mbx.rss_mb():.0f} / {ox.rss_mb():.0f} MB ({rss:.1f}x) | {target} |"
        )


if __name__ == "__main__":
    main()
