"""Time SHACL validation of MBX-shaped claims: mbx's engine against pySHACL and Jena (issue 15).

For each size (claims from ``benchmarks/generate.py`` with ``--violations``
seeded violations of each kind, cached in ``--data-dir``), the data is
validated with both shipped shapes files and the MBX ontology mixed in, as
``mbx validate -i DATA --kg-shapes`` does, by whole processes (timed and
measured by ``benchmarks/_process.py``, as ``benchmarks/run.py`` does):

* ``mbx``: ``mbx validate -i DATA --kg-shapes -f json`` (the engine, the default);
* ``engine``: the engine alone (``mbx.shacl.engine.validate`` on the parsed
  data, no report text), writing its raw result set;
* ``mbx-pyshacl``: ``mbx validate --engine pyshacl`` (the reference);
* ``pyshacl``: the pySHACL library called as mbx calls it
  (``mbx.shacl.engine_pyshacl``), writing its raw result set;
* ``pyshacl-cli``: the ``pyshacl`` command (``-a -i none``) on the data merged
  with the ontology;
* ``jena``: Apache Jena 4.5's ``shacl validate`` (Debian's
  libapache-jena-java with the explicit classpath of ``_process.jena_classpath``).

A tool that exceeds ``--timeout`` at one size is not run at larger sizes
(reported as such). Wherever both ran, the raw result sets of ``engine`` and
``pyshacl`` (focus node, path, value, component, source shape, severity) are
compared, and the JSON reports of ``mbx`` and ``mbx-pyshacl`` byte for byte.
Usage::

    python benchmarks/bench_shacl.py --sizes 1k,10k --runs 3
    python benchmarks/bench_shacl.py --sizes 100k,1M --runs 1 --tools mbx,engine,jena
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _report  # the modules beside this file
import generate
from _process import jena_classpath, run_process
from _report import Result

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TOOLS = ("mbx", "engine", "mbx-pyshacl", "pyshacl", "pyshacl-cli", "jena")


# --------------------------------------------------------------------------- the library modes


def _rows(results: list[object]) -> list[str]:
    """Results as sorted rows (the generated data has no blank nodes to canonicalise)."""
    return sorted(
        " ".join(
            str(x) if x is not None else "-"
            for x in (r.focus, r.path, r.value, r.component, r.shape, r.severity)  # type: ignore[attr-defined]
        )
        for r in results
    )


def library_run(mode: str, data: str, out: str) -> None:
    """One whole run of the engine or pySHACL as a library, its result set written to ``out``."""
    import pyoxigraph as ox

    from mbx.dataset import ontology_quads
    from mbx.namespaces import prefix_map
    from mbx.shacl.shapes import load_shapes

    shapes = load_shapes()
    flags = {"allow_warnings": True, "allow_infos": True}  # mbx's --fail-on violation
    if mode == "engine":
        from mbx.shacl import engine

        # parsed as pySHACL gets it: blank nodes keep their labels, so the result sets compare
        quads = list(ox.parse(path=data, format=ox.RdfFormat.N_TRIPLES))
        report = engine.validate(
            quads, shapes, ontology_quads(), namespaces=prefix_map(None), **flags
        )
        results, answered_by = report.results, report.engine
    else:
        from mbx.shacl.engine_pyshacl import run_pyshacl

        quads = list(ox.parse(path=data, format=ox.RdfFormat.N_TRIPLES))
        _conforms, results, _graph = run_pyshacl(
            quads, shapes, ontology_quads(), namespaces=prefix_map(None), **flags
        )
        answered_by = "pyshacl"
    document = {"engine": answered_by, "results": _rows(list(results))}
    Path(out).write_text(json.dumps(document), encoding="utf-8")


# --------------------------------------------------------------------------- the harness


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args, self.work = args, work
        self.mbx = str(BIN / "mbx")
        self.pyshacl = str(BIN / "pyshacl")
        self.jena_cp, self.jena_reason = jena_classpath(work)
        self.stopped: dict[str, str] = {}  # tool -> why it is not run at larger sizes
        self.results: list[Result] = []
        self.identity: list[str] = []

    def shapes_nt(self) -> Path:
        """Both shipped shapes files as one N-Triples file (for the command-line validators)."""
        target = self.work / "shapes.nt"
        if not target.exists():
            import pyoxigraph as ox

            from mbx.shacl.shapes import load_shapes

            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in load_shapes()]
            target.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        return target

    def merged(self, nt: Path) -> Path:
        """The data with the MBX ontology (what mbx mixes in itself)."""
        target = self.work / f"{nt.stem}+ontology.nt"
        if not target.exists():
            import pyoxigraph as ox

            from mbx.dataset import ontology_quads

            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ontology_quads()]
            with target.open("wb") as out:
                out.write(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
                with nt.open("rb") as source:
                    while chunk := source.read(1 << 20):
                        out.write(chunk)
        return target

    def command(self, tool: str, nt: Path, out: Path) -> list[str]:
        me = [sys.executable, str(Path(__file__).resolve())]
        validate = [
            self.mbx,
            "validate",
            "-i",
            str(nt),
            "--kg-shapes",
            "-f",
            "json",
            "-o",
            str(out),
        ]
        if tool == "mbx":
            return validate
        if tool == "mbx-pyshacl":
            return [*validate, "--engine", "pyshacl"]
        if tool == "engine" and self.args.engine_store:
            return [*me, "_engine-store", str(nt), str(out)]
        if tool in ("engine", "pyshacl"):
            return [*me, f"_{tool}", str(nt), str(out)]
        merged, shapes = str(self.merged(nt)), str(self.shapes_nt())
        if tool == "pyshacl-cli":
            return [
                self.pyshacl,
                "-a",
                "-i",
                "none",
                "-s",
                shapes,
                "-f",
                "turtle",
                "-o",
                str(out),
                merged,
            ]
        assert self.jena_cp is not None
        return ["java", "-Xmx16g", "-cp", self.jena_cp, "shacl.shacl", "validate",
                f"--shapes={shapes}", f"--data={merged}"]  # fmt: skip

    def measure(self, size: str, tool: str, nt: Path) -> Result:
        out = self.work / f"out-{size}-{tool}"
        result = Result("validate", tool, size, [])
        if tool == "jena" and self.jena_cp is None:
            result.skipped = f"Jena: {self.jena_reason}"
            return result
        if tool in self.stopped:
            result.skipped = f"{tool} not run: {self.stopped[tool]}"
            return result
        result.command = self.command(tool, nt, out)
        stdout = self.work / f"stdout-{size}-{tool}"
        for number in range(self.args.runs):
            print(f"{size} {tool} run {number + 1}", file=sys.stderr, flush=True)
            run = run_process(result.command, self.args.timeout, stdout=stdout)
            if run.timed_out:
                result.timed_out = self.args.timeout
                self.stopped[tool] = f"> {self.args.timeout:g} s at {size}"
                break
            if run.code not in (0, 1):
                result.error = f"exit {run.code}: {run.stderr.strip().splitlines()[-1:]}"
                break
            result.times.append(run.seconds)
            result.rss_kib.append(run.rss_kib)
            if run.seconds > self.args.once:
                break
        if result.complete:
            result.note = self.count(tool, out, stdout)
        return result

    def count(self, tool: str, out: Path, stdout: Path) -> str:
        if tool in ("engine", "pyshacl"):
            doc = json.loads(out.read_text(encoding="utf-8"))
            return f"{len(doc['results'])} results (answered by {doc['engine']})"
        if tool in ("mbx", "mbx-pyshacl"):
            doc = json.loads(out.read_text(encoding="utf-8"))
            return f"{len(doc['results'])} results (user's nodes)"
        text = (out if tool == "pyshacl-cli" else stdout).read_text(
            encoding="utf-8", errors="replace"
        )
        return f"{len(re.findall(r'sh:focusNode', text))} results"

    def compare(self, size: str) -> None:
        def read(tool: str) -> bytes | None:
            path = self.work / f"out-{size}-{tool}"
            done = any(r.size == size and r.tool == tool and r.complete for r in self.results)
            return path.read_bytes() if done and path.exists() else None

        engine, reference = read("engine"), read("pyshacl")
        if engine is not None and reference is not None:
            a, b = (set(json.loads(x)["results"]) for x in (engine, reference))
            self.identity.append(
                f"{size}: engine and pySHACL result sets "
                + (
                    "identical"
                    if a == b
                    else f"DIFFER ({len(a - b)} engine only, {len(b - a)} pySHACL only)"
                )
                + f" ({len(a)} results)"
            )
        mbx, mbx_py = read("mbx"), read("mbx-pyshacl")
        if mbx is not None and mbx_py is not None:
            same = "identical" if mbx == mbx_py else "DIFFERENT"
            self.identity.append(f"{size}: mbx validate JSON reports of both engines {same}")

    def run(self, sizes: list[int]) -> None:
        data_dir = Path(self.args.data_dir)
        violations = generate.parse_violations(self.args.violations)
        for claims in sizes:
            size = generate.size_label(claims)
            nt = data_dir / f"{generate.file_stem(claims, 15, violations)}.nt"
            if not nt.exists():
                print(f"generating {size} claims", file=sys.stderr, flush=True)
                generate.generate(claims, data_dir, violations=violations, formats=("nt",))
            for tool in self.args.tools.split(","):
                self.results.append(self.measure(size, tool, nt))
            self.compare(size)
            self.work.joinpath(f"{nt.stem}+ontology.nt").unlink(missing_ok=True)

    def report(self, load: str) -> str:
        lines = ["Load average before the run: " + load, ""]
        rows = []
        for r in self.results:
            mbx = next((x for x in self.results if x.size == r.size and x.tool == "mbx"), None)
            ratio = _report.fmt_ratio(_report.ratio_bounds(r, mbx), 1) if r.tool != "mbx" else ""
            cell = r.skipped or r.error or r.cell()
            rows.append([r.size, r.tool, cell, ratio, r.note])
        lines.append(
            _report.table(["claims", "tool", "median (min) · peak RSS", "÷ mbx", "results"], rows)
        )
        lines += ["", *(f"- {line}" for line in self.identity)]
        return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    # the generated data is trusted: mbx refuses inputs over 2 GiB unless told (docs/security.md)
    os.environ.setdefault("MBX_MAX_INPUT", "64G")
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k", help="claims, e.g. 1k,10k,100k,1M")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--once", type=float, default=60.0, help="a run slower than this runs once")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--violations", default="5", help="seeded violations (generate.py syntax)")
    parser.add_argument("--data-dir", default=str(Path(tempfile.gettempdir()) / "mbx-bench-data"))
    parser.add_argument("--work", type=Path, default=None, help="keep outputs here")
    parser.add_argument(
        "--engine-store",
        action="store_true",
        help="engine: bulk-load into a store and validate it in place (least memory; blank "
        "nodes relabelled, so no comparison with pySHACL)",
    )
    parser.add_argument("--json", type=Path, default=None, help="write the results here too")
    args = parser.parse_args(argv)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="mbx-bench-shacl-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        bench = Bench(args, work)
        bench.run([generate.parse_count(s) for s in args.sizes.split(",") if s])
        text = bench.report(load)
    print(text)
    if args.json is not None:
        rows = [
            {"size": r.size, "tool": r.tool, "times": r.times, "rss_kib": r.rss_kib,
             "timed_out": r.timed_out, "error": r.error, "skipped": r.skipped, "note": r.note}
            for r in bench.results
        ]  # fmt: skip
        args.json.write_text(
            json.dumps({"load": load, "results": rows, "identity": bench.identity}, indent=1)
        )
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] in ("_engine", "_engine-store", "_pyshacl"):
        sys.path.insert(0, str(REPO))
        library_run(sys.argv[1][1:], sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())
