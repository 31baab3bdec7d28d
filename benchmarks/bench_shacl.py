"""Time SHACL validation of MBX-shaped data: the fast engine against pySHACL and Jena.

For each size N (claims), the data comes from ``benchmarks/mbx_claims.py``
(with one planted violation of each kind per thousand claims) and is
validated with the shipped shapes and the MBX ontology mixed in, as
``mbx validate -i`` does, by whole processes:

* ``engine``: mbx's SHACL engine on pyoxigraph (``mbx.shacl.engine``), the
  N-Triples bulk-loaded into an in-memory store;
* ``pyshacl``: the pySHACL library called the way mbx calls it (rdflib graph,
  ``advanced=True, inference='none'``, parsed queries cached);
* ``pyshacl-cli``: the ``pyshacl`` command (``-a -i none``) on the same files;
* ``jena``: Apache Jena 4.5's ``shacl validate`` (Debian's libapache-jena-java,
  run with an explicit class path, see :func:`jena_command`).

Each command runs ``--runs`` times (a command slower than ``--once`` seconds
runs once; one slower than ``--timeout`` is stopped); the table shows the
median and the fastest wall-clock time, the largest peak RSS, the number of
results and the ratio to the engine. The engine's results are compared with
pySHACL's (library) as sets of (focus, path, value, component, shape,
severity) wherever both ran. Usage::

    python benchmarks/bench_shacl.py [--sizes 1000,10000,100000] [--engine-sizes 1000000]
        [--tools engine,pyshacl,pyshacl-cli,jena] [--runs 3] [--timeout 3600] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
JENA_JARS = Path("/usr/share/java")
#: Debian's packages libapache-jena-java depends on (its jars, without the version-named copies)
JENA_PACKAGES = [
    "libapache-jena-java", "libcommons-cli-java", "libcommons-codec-java",
    "libcommons-compress-java", "libcommons-csv-java", "libcommons-io-java",
    "libcommons-lang3-java", "libdexx-java", "libgoogle-gson-java", "libguava-java",
    "libhttpclient-java", "libhttpcore-java", "libjackson2-core-java",
    "libjackson2-databind-java", "libjackson2-annotations-java", "libjsonld-java",
    "libjsonp2-java", "libprotobuf-java", "libthrift-java", "libtitanium-json-ld-java",
    "libcommons-logging-java",
]  # fmt: skip


# --------------------------------------------------------------------------- the processes


def run_engine(data: str, out: str) -> None:
    """One whole engine run (this script's ``_engine`` mode)."""
    import pyoxigraph as ox

    from mbx.graph import load_quads
    from mbx.namespaces import prefix_map
    from mbx.shacl import engine
    from mbx.validate import ontology_quads, shipped_shapes_files

    store = ox.Store()
    store.bulk_load(path=data, format=ox.RdfFormat.N_TRIPLES)
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in ontology_quads())
    shapes = load_quads([str(p) for p in shipped_shapes_files()], bundled=False)
    report = engine.validate(
        store, shapes, namespaces=prefix_map(None), allow_warnings=True, allow_infos=True
    )
    _write_results(out, report.results, report.engine)


def run_pyshacl(data: str, out: str) -> None:
    """One whole pySHACL run as mbx makes it (this script's ``_pyshacl`` mode)."""
    import pyoxigraph as ox

    from mbx.graph import load_quads
    from mbx.namespaces import prefix_map
    from mbx.shacl.engine_pyshacl import run_pyshacl as pyshacl
    from mbx.validate import ontology_quads, shipped_shapes_files

    quads = list(ox.parse(path=data, format=ox.RdfFormat.N_TRIPLES))
    shapes = load_quads([str(p) for p in shipped_shapes_files()], bundled=False)
    _conforms, results, _graph = pyshacl(
        quads,
        shapes,
        ontology_quads(),
        namespaces=prefix_map(None),
        allow_warnings=True,
        allow_infos=True,
    )
    _write_results(out, results, "pyshacl")


def _write_results(out: str, results: list[object], engine: str) -> None:
    """Results as sorted N-Triples-like rows (no blank nodes in the benchmark's data)."""
    rows = sorted(
        " ".join(
            str(x) if x is not None else "-"
            for x in (r.focus, r.path, r.value, r.component, r.shape, r.severity)  # type: ignore[attr-defined]
        )
        for r in results
    )
    Path(out).write_text(json.dumps({"engine": engine, "results": rows}), encoding="utf-8")


# --------------------------------------------------------------------------- commands


def jena_classpath(work: Path) -> str:
    """Debian's Jena jars plus the messages its relocated xerces needs.

    Debian's jena-core moves xerces to the package ``xerces`` but leaves its
    message bundles under ``org/apache/jena/ext/xerces``: without a copy at
    the new place the first regular expression stops Jena ("Couldn't load
    messages"). The whole /usr/share/java cannot be the class path (two
    SLF4J bindings, clashing xerces): only the jars of Jena's dependencies.
    """
    resources = work / "jena-resources"
    if not (resources / "xerces").is_dir():
        with zipfile.ZipFile(JENA_JARS / "jena-core.jar") as jar:
            for name in jar.namelist():
                if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                    target = resources / "xerces" / name[len("org/apache/jena/ext/xerces/") :]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(jar.read(name))
    jars: list[str] = []
    for package in JENA_PACKAGES:
        listing = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True)
        for line in listing.stdout.splitlines():
            name = Path(line).name
            versioned = any(ch.isdigit() for ch in name.split("-")[-1])  # the -1.2.3.jar copy
            if line.startswith(str(JENA_JARS)) and name.endswith(".jar") and not versioned:
                jars.append(line)
    jars += [str(JENA_JARS / "slf4j-api.jar"), str(JENA_JARS / "slf4j-nop.jar")]
    return ":".join([str(resources), *sorted(set(jars))])


def commands(tool: str, data: Path, full: Path, shapes: Path, work: Path, out: Path) -> list[str]:
    if tool == "engine":
        return [sys.executable, __file__, "_engine", str(data), str(out)]
    if tool == "pyshacl":
        return [sys.executable, __file__, "_pyshacl", str(data), str(out)]
    if tool == "pyshacl-cli":
        exe = shutil.which("pyshacl") or sys.exit("pyshacl is not on PATH")
        return [exe, "-a", "-i", "none", "-s", str(shapes), "-f", "turtle",
                "-o", str(out), str(full)]  # fmt: skip
    if tool == "jena":
        java = shutil.which("java") or sys.exit("java is not on PATH (apt-get install default-jre)")
        return [java, "-Xmx16g", "-cp", jena_classpath(work), "shacl.shacl", "validate",
                "--shapes", str(shapes), "--data", str(full)]  # fmt: skip
    raise SystemExit(f"unknown tool {tool}")


def measure(command: list[str], timeout: float, stdout: Path) -> tuple[float, int, int | None]:
    """(wall seconds, peak RSS in KB, exit code or None when stopped) of one whole process."""
    start = time.perf_counter()
    with stdout.open("wb") as sink:
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", *command], stdout=sink,
                                stderr=subprocess.PIPE)  # fmt: skip
        try:
            _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return time.perf_counter() - start, 0, None
    elapsed = time.perf_counter() - start
    lines = err.decode(errors="replace").strip().splitlines()
    rss = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:4])} failed ({proc.returncode}): {lines[-5:]}")
    return elapsed, rss, proc.returncode


def count_results(tool: str, out: Path, stdout: Path) -> int:
    if tool in ("engine", "pyshacl"):
        return len(json.loads(out.read_text(encoding="utf-8"))["results"])
    text = (out if tool == "pyshacl-cli" else stdout).read_text(encoding="utf-8", errors="replace")
    return text.count("sh:ValidationResult")


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--engine-sizes", default="1000000", help="sizes for the engine alone")
    parser.add_argument("--tools", default="engine,pyshacl,pyshacl-cli,jena")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--once", type=float, default=120.0, help="run slower commands once")
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument("--work", type=Path, default=None, help="keep data here (reused)")
    args = parser.parse_args()

    sys.path.insert(0, str(REPO))
    from benchmarks.mbx_claims import generate
    from mbx.validate import ontology_quads, shipped_shapes_files

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-shacl-"))
    work.mkdir(parents=True, exist_ok=True)
    shapes = shipped_shapes_files()[0]
    ontology_nt = work / "ontology.nt"
    if not ontology_nt.exists():
        import pyoxigraph as ox

        with ontology_nt.open("wb") as f:
            triples = [ox.Quad(q.subject, q.predicate, q.object) for q in ontology_quads()]
            ox.serialize(triples, f, format=ox.RdfFormat.N_TRIPLES)
    tools = args.tools.split(",")
    plan = [(int(n), tools) for n in args.sizes.split(",") if n]
    plan += [(int(n), ["engine"]) for n in args.engine_sizes.split(",") if n]
    rows: list[dict[str, object]] = []
    for n, size_tools in plan:
        data, full = work / f"claims-{n}.nt", work / f"full-{n}.nt"
        if not data.exists():
            generate(n, data)
        if not full.exists() and set(size_tools) & {"pyshacl-cli", "jena"}:
            with full.open("wb") as sink:
                for part in (ontology_nt, data):
                    with part.open("rb") as source:
                        shutil.copyfileobj(source, sink)
        triples = sum(1 for _ in data.open("rb"))
        sets: dict[str, list[str]] = {}
        for tool in size_tools:
            times, rss, results, stopped = [], 0, None, False
            for run in range(args.runs):
                out, stdout = work / f"out-{tool}-{n}.txt", work / f"stdout-{tool}-{n}.txt"
                command = commands(tool, data, full, shapes, work, out)
                print(f"N={n} {tool} run {run + 1}", file=sys.stderr, flush=True)
                elapsed, peak, code = measure(command, args.timeout, stdout)
                if code is None:
                    stopped = True
                    times.append(elapsed)
                    break
                times.append(elapsed)
                rss = max(rss, peak)
                results = count_results(tool, out, stdout)
                if tool in ("engine", "pyshacl"):
                    sets[tool] = json.loads(out.read_text(encoding="utf-8"))["results"]
                if elapsed > args.once:
                    break
            row = {"n": n, "triples": triples, "tool": tool, "median": statistics.median(times),
                   "min": min(times), "rss_mb": rss // 1024, "results": results,
                   "runs": len(times), "stopped": stopped}  # fmt: skip
            rows.append(row)
        if "engine" in sets and "pyshacl" in sets:
            same = sets["engine"] == sets["pyshacl"]
            print(f"N={n}: engine and pySHACL results identical: {same}", flush=True)
            rows.append({"n": n, "identical": same})
    print_table(rows, args.timeout)
    (work / "bench-shacl.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


def print_table(rows: list[dict[str, object]], timeout: float) -> None:
    engine = {r["n"]: r["median"] for r in rows if r.get("tool") == "engine"}
    print()
    print(
        "| claims | triples | tool | median s | min s | runs | peak RSS MB | results | × engine |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if "tool" not in r:
            continue
        median, best = float(r["median"]), float(r["min"])  # type: ignore[arg-type]
        ratio = median / float(engine[r["n"]]) if r["n"] in engine else float("nan")  # type: ignore[arg-type]
        shown = f"> {timeout:.0f} (stopped)" if r["stopped"] else f"{median:.2f}"
        print(
            f"| {r['n']:,} | {r['triples']:,} | {r['tool']} | {shown} | {best:.2f} | {r['runs']} "
            f"| {r['rss_mb']:,} | {r['results'] if r['results'] is not None else '-'} "
            f"| {'>' if r['stopped'] else ''}{ratio:.1f} |"
        )
    for r in rows:
        if "identical" in r:
            print(f"N={r['n']:,}: engine results identical to pySHACL's: {r['identical']}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("_engine", "_pyshacl"):
        sys.path.insert(0, str(REPO))
        os.environ.setdefault("PYTHONHASHSEED", "0")
        (run_engine if sys.argv[1] == "_engine" else run_pyshacl)(sys.argv[2], sys.argv[3])
    else:
        main()
