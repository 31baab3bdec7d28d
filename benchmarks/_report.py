"""The benchmark's results and how they are reported: tables, ratios, growth, issue 15's targets.

Used by ``benchmarks/run.py``; see its docstring.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

#: the columns of the tables, in this order
TOOLS = ("mbx", "rdflib", "oxigraph", "jena", "pyshacl", "curl")


@dataclass
class Result:
    """All runs of one tool on one task at one size."""

    task: str
    tool: str
    size: str  # "1k", "10k", … or "bundled"
    command: list[str]
    times: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    timed_out: float | None = None  # the timeout a run exceeded
    error: str | None = None
    skipped: str | None = None
    note: str = ""

    @property
    def complete(self) -> bool:
        """Every run finished well (no timeout, no error)."""
        return bool(self.times) and not self.timed_out and not self.error

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.complete else None

    @property
    def best(self) -> float | None:
        return min(self.times) if self.complete else None

    @property
    def rss_mb(self) -> float | None:
        """Peak RSS over the runs, in MiB."""
        return max(self.rss_kib) / 1024 if self.rss_kib else None

    def bounds(self) -> tuple[float, float] | None:
        """The median as an interval: exact, or (timeout, ∞) for a run that exceeded it."""
        if self.median is not None:
            return self.median, self.median
        if self.timed_out:
            return self.timed_out, math.inf
        return None

    def cell(self) -> str:
        if self.skipped:
            return "skip"
        if self.error:
            return "error"
        if self.timed_out:
            return f"> {self.timed_out:g} s"
        if self.median is None:
            return "—"
        rss = f" · {self.rss_mb:,.0f} MB" if self.rss_mb is not None else ""
        spread = f" ({fmt_s(self.best)})" if len(self.times) > 1 else ""
        return f"{fmt_s(self.median)}{spread}{rss}"


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 1:
        return f"{seconds:.3f} s"
    if seconds < 100:
        return f"{seconds:.2f} s"
    return f"{seconds:.0f} s"


def ratio_bounds(a: Result | None, b: Result | None) -> tuple[float, float] | None:
    """The interval of median(a) ÷ median(b), or None when either has no figure."""
    if a is None or b is None:
        return None
    ab, bb = a.bounds(), b.bounds()
    if ab is None or bb is None:
        return None
    low = ab[0] / bb[1] if bb[1] != math.inf else 0.0
    high = ab[1] / bb[0]
    return low, high


def fmt_ratio(bounds: tuple[float, float] | None, digits: int = 2) -> str:
    if bounds is None:
        return "—"
    low, high = bounds
    if low == high:
        return f"{low:.{digits}f}×"
    if high == math.inf and low == 0:
        return "—"
    if high == math.inf:
        return f"> {low:.{digits}f}×"
    return f"< {high:.{digits}f}×"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table, padded so that it reads as well in a terminal."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def size_report(size: str, results: list[Result], heading: str) -> str:
    """The tables of one size: medians and RSS, ratios, the notes on outputs."""
    by = {(r.task, r.tool): r for r in results}
    tasks = list(dict.fromkeys(r.task for r in results))
    tools = [t for t in TOOLS if any(r.tool == t for r in results)]
    baselines = [t for t in tools if t != "mbx"]
    rows = [
        [task, *(by[(task, t)].cell() if (task, t) in by else "" for t in tools)] for task in tasks
    ]
    ratio_rows = [
        [
            task,
            *(
                fmt_ratio(ratio_bounds(by.get((task, "mbx")), by[(task, t)]))
                if (task, t) in by
                else ""
                for t in baselines
            ),
        ]
        for task in tasks
    ]
    lines = [
        f"### {heading}\n",
        "Median of the runs (min) · peak RSS:\n",
        table(["task", *tools], rows),
    ]
    lines += [
        "\nmbx ÷ baseline (median times; below 1 means mbx is faster):\n",
        table(["task", *baselines], ratio_rows),
    ]
    notes = [f"- {r.task} · {r.tool}: {r.note}" for r in results if r.note]
    notes += [f"- {r.task} · {r.tool}: {r.error}" for r in results if r.error]
    notes += [f"- skipped: {s}" for s in sorted({r.skipped for r in results if r.skipped})]
    if notes:
        lines += ["\nOutputs and messages:\n", *notes]
    return "\n".join(lines) + "\n"


def bundled_report(results: list[Result], limits: dict[str, float], heavy: list[str]) -> str:
    """The bundled-graph timings against their targets."""
    rows = []
    for r in results:
        name = r.task.removeprefix("bundled ")
        target = ""
        if name in limits and r.task.startswith("bundled "):
            target = f"< {limits[name]:g} s"
            if r.median is not None:
                target += " met" if r.median < limits[name] else " missed"
        rows.append([r.task, r.cell(), target])
    text = "### Bundled graph, whole processes\n\n"
    text += table(["task", "median (min) · peak RSS", "target"], rows)
    text += "\n\n`mbx --help` imports: " + (", ".join(heavy) if heavy else "no RDF library") + "\n"
    errors = [f"- {r.task}: {r.error}" for r in results if r.error]
    return text + ("\n" + "\n".join(errors) + "\n" if errors else "")


def canon_report(results: list[Result], limits: dict[int, float]) -> str:
    """Bounded canonicalisation: the list exports against their targets."""
    rows = []
    for r, (items, limit) in zip(results, limits.items(), strict=True):
        status = "" if r.median is None else " met" if r.median < limit else " missed"
        rows.append([f"{items} equal values", r.cell(), f"< {limit:g} s{status}", r.note])
    text = "### Bounded canonicalisation: `mbx export -f nt` of an RDF list\n\n"
    return text + table(["list", "median (min) · peak RSS", "target", "output"], rows) + "\n"


def growth_report(results: list[Result], small: str, large: str, factor: float) -> str:
    """How each median grows from the smallest to the largest size."""
    by = {(r.size, r.task, r.tool): r for r in results}
    tools = [t for t in TOOLS if any(r.tool == t and r.size == large for r in results)]
    rows = []
    for task in dict.fromkeys(r.task for r in results if r.size == large):
        cells = [
            fmt_ratio(ratio_bounds(by.get((large, task, t)), by.get((small, task, t))), 1)
            if (large, task, t) in by
            else ""
            for t in tools
        ]
        rows.append([task, *cells])
    return (
        f"### Growth {small} → {large} (claims ×{factor:g}; linear growth = ×{factor:g})\n\n"
        + table(["task", *tools], rows)
        + "\n"
    )


@dataclass
class Verdict:
    target: str
    status: str  # met / missed / not measured / info
    detail: str


@dataclass
class TargetContext:
    """What the targets need besides the results."""

    bundled_limits: dict[str, float]
    heavy_imports: list[str] | None  # None: not checked
    stream_flag: str | None
    data_mb: dict[str, float]  # size -> MB of its N-Triples file
    canon_limits: dict[int, float] = field(default_factory=dict)  # list items -> seconds


def targets(results: list[Result], ctx: TargetContext) -> list[Verdict]:
    """Issue 15's targets, each met / missed / not measured, with the figure it rests on."""
    by = {(r.size, r.task, r.tool): r for r in results}
    sizes = list(dict.fromkeys(r.size for r in results if r.size != "bundled"))
    tasks_run = {r.task for r in results}
    verdicts: list[Verdict] = []
    Check = Callable[[str], tuple[bool | None, str]]

    def at(size: str, name: str, check: Check, task: str) -> None:
        if task not in tasks_run:  # not asked for (--tasks)
            return
        if size in sizes:
            ok, detail = check(size)
            verdicts.append(
                Verdict(name, {None: "not measured", True: "met", False: "missed"}[ok], detail)
            )
        else:
            hint = f"; at {sizes[-1]}: {check(sizes[-1])[1]}" if sizes else ""
            verdicts.append(Verdict(name, "not measured", f"needs {size}{hint}"))

    def at_most(task: str, tool: str, limit: float) -> Check:  # mbx ≤ limit × tool
        def check(size: str) -> tuple[bool | None, str]:
            b = ratio_bounds(by.get((size, task, "mbx")), by.get((size, task, tool)))
            if b is None:
                return None, "no figure"
            ok = True if b[1] <= limit else False if b[0] > limit else None
            return ok, f"mbx ÷ {tool} = {fmt_ratio(b)} (≤ {limit:g}×)"

        return check

    def faster(task: str, tool: str, limit: float) -> Check:  # tool ≥ limit × mbx
        def check(size: str) -> tuple[bool | None, str]:
            b = ratio_bounds(by.get((size, task, tool)), by.get((size, task, "mbx")))
            if b is None:
                return None, "no figure"
            ok = True if b[0] >= limit else False if b[1] < limit else None
            return ok, f"{tool} ÷ mbx = {fmt_ratio(b, 1)} (≥ {limit:g}×)"

        return check

    def rss_at_most(task: str, tool: str, limit: float) -> Check:
        def check(size: str) -> tuple[bool | None, str]:
            m, b = by.get((size, task, "mbx")), by.get((size, task, tool))
            if m is None or b is None or m.rss_mb is None or b.rss_mb is None:
                return None, "no figure"
            value = m.rss_mb / b.rss_mb
            return value <= limit, (
                f"{m.rss_mb:,.0f} MB ÷ {b.rss_mb:,.0f} MB = {value:.2f}× (≤ {limit:g}×)"
            )

        return check

    def completes(size: str) -> tuple[bool | None, str]:
        r = by.get((size, "validate", "mbx"))
        if r is None or r.skipped:
            return None, "not run"
        if r.median is not None:
            return True, f"{fmt_s(r.median)}, {r.rss_mb or 0:,.0f} MB"
        return False, r.error or f"> {r.timed_out:g} s"

    def store_under_1s(size: str) -> tuple[bool | None, str]:
        r = by.get((size, "store-query", "mbx"))
        bounds = r.bounds() if r is not None else None
        if bounds is None:
            return None, "no figure"
        return bounds[0] < 1.0, f"{fmt_s(bounds[0])} (< 1 s)"

    for task in ("export-turtle", "export-nt", "export-jsonld"):
        name = f"{task} at 100k within 3× of oxigraph convert"
        at("100k", name, at_most(task, "oxigraph", 3), task)
        at("100k", f"{task} at 100k ≥ 10× faster than rdflib", faster(task, "rdflib", 10), task)
    for size in ("10k", "100k"):
        name = f"validate at {size} ≥ 10× faster than pyshacl"
        at(size, name, faster("validate", "pyshacl", 10), "validate")
        name = f"validate at {size} no slower than Jena SHACL"
        at(size, name, at_most("validate", "jena", 1), "validate")
    at("1M", "validate completes at 1M", completes, "validate")
    at("1M", "--store repeated query at 1M under 1 s", store_under_1s, "store-query")
    name = "--store at 10k within 2× of oxigraph query --location"
    at("10k", name, at_most("store-query", "oxigraph", 2), "store-query")
    for size in ("100k", "1M"):
        name = f"load --verify none at {size} ≥ half the throughput of curl -X PUT"
        at(size, name, at_most("load-unverified", "curl", 2), "load-unverified")
        name = f"load (--verify exact, the default) at {size} ≥ half the throughput of curl"
        at(size, name, at_most("load", "curl", 2), "load")
    for task in ("load-unverified", "load", "export-nt"):
        for size in sizes[-1:]:
            r = by.get((size, task, "mbx"))
            if r is not None and r.rss_mb is not None:
                held = r.rss_mb * 1.048576 / max(ctx.data_mb.get(size, 0), 1e-9)
                verdicts.append(
                    Verdict(
                        f"{task} peak RSS at {size} ÷ N-Triples size",
                        "info",
                        f"{r.rss_mb:,.0f} MB for {ctx.data_mb.get(size, 0):,.0f} MB "
                        f"= {held:.2f}×",
                    )
                )
    for items, limit in ctx.canon_limits.items():
        r = by.get(("canon", f"canon list of {items}", "mbx"))
        if r is not None and r.median is not None:
            ok = r.median < limit
            verdicts.append(
                Verdict(f"canonicalise a {items}-item list of equal values under {limit:g} s",
                        "met" if ok else "missed", fmt_s(r.median))
            )
    for task in ("query-groupby", "query-join"):
        name = f"peak RSS of {task} at 1M within 2× of the Oxigraph CLI"
        at("1M", name, rss_at_most(task, "oxigraph", 2), task)
    if ctx.stream_flag:
        task = "export-nt-stream"
        name = f"export -f nt {ctx.stream_flag} at 1M: RSS within 2× of oxigraph convert"
        at("1M", name, rss_at_most(task, "oxigraph", 2), task)
        name = f"export -f nt {ctx.stream_flag} at 1M: time within 2× of oxigraph convert"
        at("1M", name, at_most(task, "oxigraph", 2), task)
    elif any(r.task.startswith("export-") for r in results):
        name = "streaming N-Triples export within 2× of oxigraph convert"
        verdicts.append(Verdict(name, "not measured", "mbx export has no streaming flag yet"))
    for size in sizes[-1:]:
        r = by.get((size, "export-nt", "mbx"))
        if r is not None and r.rss_mb is not None:
            verdicts.append(
                Verdict(
                    f"export holds the data at most once (judged at 1M; figure at {size})",
                    "info",
                    f"peak RSS {r.rss_mb:,.0f} MB for {ctx.data_mb.get(size, 0):,.0f} MB of "
                    "N-Triples input",
                )
            )
    bundled = any(r.size == "bundled" for r in results)
    for name, limit in ctx.bundled_limits.items() if bundled else ():
        r = by.get(("bundled", f"bundled {name}", "mbx"))
        label = f"bundled `mbx {'--help' if name == 'help' else name}` under {limit:g} s"
        if r is None or r.skipped:
            verdicts.append(Verdict(label, "not measured", "command does not exist yet"))
        elif r.median is None:
            verdicts.append(Verdict(label, "missed", r.error or f"> {r.timed_out:g} s"))
        else:
            verdicts.append(
                Verdict(label, "met" if r.median < limit else "missed", fmt_s(r.median))
            )
    if bundled and ctx.heavy_imports is not None:
        verdicts.append(
            Verdict(
                "`mbx --help` imports no RDF library",
                "missed" if ctx.heavy_imports else "met",
                ", ".join(ctx.heavy_imports) or "none imported",
            )
        )
    return verdicts
