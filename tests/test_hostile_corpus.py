"""The hostile corpus (issue 17): every command facing every hostile case, in one parametrized test.

Each case is an input an attacker (or bad luck) hands to mbx — a file from
tests/data/hostile/generate.py, a query, a hostile server from
tests/hostile_servers.py, a signal, a full disk — and each command is run on
it in a process of its own (tests/hostile_run.py). Whatever the case, every
run must hold to the same rules:

- a documented exit code (0 and 1 where the input is fine; 2 bad input,
  3 environment; 128+N when stopped by signal N), never a crash (a negative
  return code: killed by a signal) nor a hang (the run's time limit);
- on failure, exactly one ``Error:`` line on standard error, the last one,
  with no traceback and no control character;
- no request to a server the user did not name (the guard server's log);
- no hidden temporary file left behind, no output half-written, no data
  silently dropped (each case checks what it must).

The default run faces each case with the commands listed in
:data:`DEFAULT_RUN` (the cheap ones whose code paths differ for it, small
limits through environment variables); ``MBX_HOSTILE_ALL=1`` runs every
command with every case. Set ``MBX_HOSTILE_RECORD=FILE`` (implies the
exhaustive run) to append each run's outcome to FILE as a JSON line
(``python tests/data/hostile/table.py FILE`` prints the table).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent / "data" / "hostile"))

from generate import FILES, write_corpus
from hostile_run import Result, preload, run_forked, run_process

COMMANDS = ("export", "validate", "query", "load", "normalize", "check", "reason", "matrix", "path",
            "build")
ONE_MB = "1000000"
#: a query that runs for minutes on 100 triples (a cartesian product of four patterns)
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


# --- the hostile servers (a process of their own) ------------------------------------


@dataclass
class Servers:
    base: str
    log: Path

    def requests(self, tag: str) -> list[dict[str, Any]]:
        """Every request whose path names ``tag``."""
        if not self.log.exists():
            return []
        entries = [json.loads(line) for line in self.log.read_text().splitlines() if line]
        return [e for e in entries if f"/{tag}" in e["path"]]


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Any:
    log = tmp_path_factory.mktemp("servers") / "requests.jsonl"
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("hostile_servers.py")), str(log)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    port = process.stdout.readline().strip()
    try:
        yield Servers(f"http://127.0.0.1:{port}", log)
    finally:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def warm() -> None:
    preload()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The corpus files, written once (those that name the guard server: per test)."""
    return write_corpus(tmp_path_factory.mktemp("corpus"))


#: corpus files that name the guard server: written for each test with its own tag
GUARDED = ("jsonld-remote-context", "rdfxml-xxe")


# --- one run of one command on one case ----------------------------------------------


@dataclass
class Ctx:
    """Where a run happens and what it can use."""

    tmp: Path
    files: dict[str, Path]
    servers: Servers
    tag: str
    command: str = ""

    @property
    def guard(self) -> str:
        """A URL mbx must never reach."""
        return f"{self.servers.base}/guard/{self.tag}"

    @property
    def out(self) -> Path:
        """The folder of the outputs (checked for temporary files left behind)."""
        folder = self.tmp / "out"
        folder.mkdir(exist_ok=True)
        return folder

    def url(self, behaviour: str, rest: str = "") -> str:
        return f"{self.servers.base}/{behaviour}/{self.tag}{rest}"

    def copy(self, case: str, name: str | None = None) -> Path:
        source = self.files[case]
        target = self.tmp / "work" / (name or source.name)
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(source, target)
        return target

    def write(self, name: str, data: bytes | str) -> Path:
        path = self.tmp / "work" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path


@dataclass
class Run:
    """How one command faces one case, and what must come of it."""

    args: list[str]
    expect: tuple[int, ...] = (2,)
    message: str | None = None  # a regex the Error line must match
    env: dict[str, str | None] = field(default_factory=dict)
    stdin: bytes = b""
    timeout: float = 30.0
    check: Callable[[Result, Ctx], list[str]] | None = None
    driver: Callable[[Run, Ctx], Result] | None = None  # a real process, acted upon


@dataclass(frozen=True)
class NA:
    """The case does not apply to the command, and why."""

    why: str


Maker = Callable[[str, Ctx], "Run | NA"]


#: commands no case applies to, and why
NEVER = {"build": "reads no user input: only mbx's own sources, into a new release folder "
                  "(no -i, no query, no server, no -o file of a user's data)"}


@dataclass(frozen=True)
class Case:
    what: str
    make: Maker
    #: the commands it does not apply to, and why
    na: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "na", {**NEVER, **self.na})
    #: not fixed on this branch: who fixes it (xfail, not run when it would hang)
    open_until: str = ""
    runs_long: bool = False
    #: open for some commands only: command -> who fixes it
    open_for: dict[str, str] = field(default_factory=dict)


def except_for(*commands: str, why: str) -> dict[str, str]:
    return dict.fromkeys(commands, why)


def only_for(*commands: str, why: str) -> dict[str, str]:
    return {c: why for c in COMMANDS if c not in commands}


NOT_TURTLE = except_for("normalize", why="normalize rewrites Turtle (.ttl) files only")
NO_SPARQL = only_for("query", "check", "validate", why="runs no SPARQL of the user's")
QUERY_ONLY = only_for("query", why="only mbx query has this option")
WRITERS = only_for("export", "query", "check", "validate", "reason", "matrix", "path",
                   why="writes no -o file or standard output of its own")
HTTP = only_for("query", "load", why="makes no HTTP request")


# --- drivers for the -i data of each command ------------------------------------------


def data_args(command: str, ctx: Ctx, path: Path, fmt: str | None = None) -> list[str] | NA:
    i = ["-i", str(path), *(["--input-format", fmt] if fmt else [])]
    out = ctx.tmp / "out"
    out.mkdir(exist_ok=True)
    if command == "export":
        return ["export", "--no-bundled", *i, "-o", str(out / "export.ttl")]
    if command == "validate":
        return ["validate", *i, "-o", str(out / "report.txt")]
    if command == "query":
        return ["query", "--no-bundled", *i, "CONSTRUCT WHERE { ?s ?p ?o }", "-o", str(out / "q.ttl")]
    if command == "load":
        return ["load", "--store-url", ctx.url("store"), "--no-bundled", *i, "--timeout", "10"]
    if command == "normalize":
        if path.suffix != ".ttl" or fmt:
            return NA("normalize rewrites Turtle (.ttl) files only")
        return ["normalize", str(path)]
    if command == "check":
        return ["check", *i, "-o", str(out / "check.txt")]
    if command == "reason":
        return ["reason", *i, "--no-explain", "-o", str(out / "reasoned.ttl")]
    if command == "matrix":
        return ["matrix", *i, "-o", str(out / "matrix.txt")]
    if command == "path":
        return ["path", "vitamin D", "BDNF", *i, "-o", str(out / "path.txt")]
    raise AssertionError(command)


def data_case(
    key: str,
    expect: tuple[int, ...] | dict[str, tuple[int, ...]] = (2,),
    message: str | None = None,
    *,
    fmt: str | None = None,
    env: dict[str, str | None] | None = None,
    check: Callable[[Result, Ctx], list[str]] | None = None,
    only: tuple[str, ...] = COMMANDS,
) -> Maker:
    def make(command: str, ctx: Ctx) -> Run | NA:
        if command not in only:
            return NA("not a way this command reads data")
        path = ctx.copy(key) if command == "normalize" else ctx.files[key]
        args = data_args(command, ctx, path, fmt)
        if isinstance(args, NA):
            return args
        codes = expect.get(command, expect.get("*", (2,))) if isinstance(expect, dict) else expect
        return Run(args, codes, message, env=dict(env or {}), check=check)

    return make


def no_guard_request(result: Result, ctx: Ctx) -> list[str]:
    hits = ctx.servers.requests(ctx.tag)
    return [f"the server was reached: {h['method']} {h['path']}" for h in hits]


#: the commands whose output holds the input data (the others write reports or send it away)
DATA_OUT = ("export", "query", "normalize")


def output_has(*needles: str) -> Callable[[Result, Ctx], list[str]]:
    """Every needle is in the output (commands of DATA_OUT; load counts what landed itself)."""

    def check(result: Result, ctx: Ctx) -> list[str]:
        if result.returncode not in (0, 1) or ctx.command not in DATA_OUT:
            return []
        texts = [result.stdout.decode("utf-8", "replace")]
        texts += [p.read_text("utf-8", "replace") for p in (ctx.tmp / "out").glob("*") if p.is_file()]
        texts += [p.read_text("utf-8", "replace") for p in (ctx.tmp / "work").glob("*.ttl")]
        joined = "\n".join(texts)
        return [f"data dropped: {n!r} not in the output" for n in needles if n not in joined]

    return check


def no_file_iris(result: Result, ctx: Ctx) -> list[str]:
    written = [p.read_text("utf-8", "replace") for p in (ctx.tmp / "work").glob("*.ttl")]
    return ["a file: IRI of this machine was written"] if any("file:" in w for w in written) else []


def rdfxml_parses(result: Result, ctx: Ctx) -> list[str]:
    import pyoxigraph as ox

    out = ctx.tmp / "out" / "export.rdf"
    if result.returncode != 0 or not out.exists():
        return []
    try:
        count = len(list(ox.parse(out.read_bytes(), format=ox.RdfFormat.RDF_XML)))
    except SyntaxError as exc:
        return [f"invalid RDF/XML written: {exc}"]
    return [] if count == 2 else [f"RDF/XML holds {count} triples, not 2"]


# --- query text: inline for query, a rule for check, a SPARQL shape for validate ------


def shapes_with_select(select: str) -> str:
    escaped = select.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n")
    return f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://ex/> .
ex:Shape a sh:NodeShape ;
    sh:targetNode ex:a ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:message "found" ; sh:select "{escaped}" ] .
"""


def sparql_case(text: Callable[[Ctx], str], message: str | None = None, *, via_file: bool = False,
                validate_open: bool = True) -> Maker:
    """A SELECT (with ?this and ?entity bound) run by query, as a check rule and as a shape."""

    def make(command: str, ctx: Ctx) -> Run | NA:
        query = text(ctx)
        small = str(ctx.files["small"])
        if command == "query":
            if via_file:
                path = ctx.write("query.rq", query.encode("utf-8", "surrogateescape"))
                return Run(["query", "--no-bundled", "-i", small, "-q", str(path)], (2,), message,
                           check=no_guard_request)
            return Run(["query", "--no-bundled", "-i", small, query], (2,), message,
                       check=no_guard_request)
        if command == "check":
            rules = ctx.tmp / "rules"
            rules.mkdir(exist_ok=True)
            (rules / "hostile-violation.rq").write_bytes(query.encode("utf-8", "surrogateescape"))
            return Run(["check", "-i", small, "--rules", str(rules)], (2,), message,
                       check=no_guard_request)
        if command == "validate":
            shapes = ctx.write("shapes.ttl", shapes_with_select(query).encode("utf-8", "surrogateescape"))
            return Run(["validate", "-i", small, "--shapes", str(shapes), "--shapes-only"], (2,),
                       message, check=no_guard_request)
        return NA("runs no SPARQL of the user's")

    return make


def service_cr(ctx: Ctx) -> str:
    return f"SELECT ?entity ?this WHERE {{ # a comment ended by CR\rSERVICE <{ctx.guard}> {{ ?entity ?p ?this }} }}"


def service_old_mac(ctx: Ctx) -> str:
    return (
        "# level: ERROR\r# title: an old Mac file (CR line ends)\r"
        f"SELECT ?entity ?this WHERE {{\r  SERVICE <{ctx.guard}> {{ ?entity ?p ?this }}\r}}\r"
    )


def service_backslash(ctx: Ctx) -> str:
    # read with \u escapes expanded first (rdflib, Jena), SERVICE sits inside a string;
    # read as pyoxigraph does, the string ends before it
    return (
        'SELECT ?entity ?this WHERE { ?entity ?p "a\\u005C" '
        f'SERVICE <{ctx.guard}> {{ ?entity ?q ?this }} FILTER(?this != "") }}'
    )


def service_escaped_keyword(ctx: Ctx) -> str:
    return f"SELECT ?entity ?this WHERE {{ \\u0053ERVICE <{ctx.guard}> {{ ?entity ?p ?this }} }}"


def parentheses(ctx: Ctx) -> str:
    return "SELECT ?entity ?this WHERE { ?entity ?p ?this FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"


def groups(ctx: Ctx) -> str:
    return "SELECT ?entity ?this WHERE " + "{ " * 5000 + "?entity ?p ?this" + " }" * 5000


def bad_utf8(ctx: Ctx) -> str:
    return b"SELECT ?entity ?this WHERE { ?entity ?p \"caf\xe9\" }".decode("utf-8", "surrogateescape")


def query_only(make_run: Callable[[Ctx], Run], why: str = "a --store or --endpoint of mbx query") -> Maker:
    def make(command: str, ctx: Ctx) -> Run | NA:
        return make_run(ctx) if command == "query" else NA(f"only mbx query has {why}")

    return make


def update_load_cr(ctx: Ctx) -> Run:
    store = ctx.tmp / "store"
    return Run(
        ["query", "--store", str(store), "--no-bundled", "-i", str(ctx.files["small"]), "--update",
         f"# a comment ended by CR\rLOAD <{ctx.guard}>"],
        (2,), "SERVICE/LOAD", check=no_guard_request,
    )


def endpoint_cr(ctx: Ctx) -> Run:
    def check(result: Result, ctx: Ctx) -> list[str]:
        return [f"the endpoint was sent {h['body']!r}" for h in ctx.servers.requests(ctx.tag)]

    return Run(["query", "--endpoint", ctx.url("sparql"), service_cr(ctx)], (2,), "SERVICE/LOAD",
               check=check)


def invalid_utf8_inline(ctx: Ctx) -> Run:
    return Run(["query", "--no-bundled", "-i", str(ctx.files["small"]), bad_utf8(ctx)], (2,), "UTF-8")


# --- --store DIR ----------------------------------------------------------------------


def rows(result: Result) -> int:
    return len([line for line in result.stdout.decode().splitlines() if line.startswith("<http://ex/")])


def store_run(ctx: Ctx, store: Path, *extra: str) -> list[str]:
    return ["query", "--store", str(store), "--no-bundled", *extra, "SELECT ?s WHERE { ?s ?p ?o }"]


def _real_process(run: Run, ctx: Ctx) -> Result:
    """A --store run in a process of its own, never a fork: RocksDB's background threads of
    an earlier test in this worker do not exist in a forked child, which then waits forever."""
    return run_process(run.args, cwd=ctx.tmp, env=base_env(ctx), timeout=run.timeout)


def store_corrupted(ctx: Ctx) -> Run:
    store = ctx.tmp / "store"
    first = run_process(store_run(ctx, store, "-i", str(ctx.files["small"])), cwd=ctx.tmp, timeout=30)
    assert first.returncode == 0, first.err
    for path in store.iterdir():
        if path.name.startswith("MANIFEST") or path.name == "CURRENT":
            path.write_bytes(b"\0garbage\0" * 10)

    def check(result: Result, ctx: Ctx) -> list[str]:
        if result.returncode == 0 and rows(result) != 3:
            return [f"the rebuilt store answered {rows(result)} rows, not 3"]
        return []

    return Run(store_run(ctx, store, "-i", str(ctx.files["small"])), (0, 2, 3), check=check,
               driver=_real_process)


def store_interrupted(ctx: Ctx) -> Run:
    """A load killed (SIGKILL) while it fills the store; the next run must get a working store."""
    store = ctx.tmp / "store"
    big = ctx.files["big-valid"]

    def kill_when_loading(process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            if store.is_dir() and any(p.suffix in (".log", ".sst") for p in store.iterdir()):
                time.sleep(0.05)
                process.kill()
                return
            time.sleep(0.002)

    first = run_process(store_run(ctx, store, "-i", str(big)), cwd=ctx.tmp,
                        while_running=kill_when_loading)
    note = f"first run: {first.returncode}"

    def check(result: Result, ctx: Ctx) -> list[str]:
        result.notes.append(note)
        if result.returncode == 0 and rows(result) != 30000:
            return [f"the store answered {rows(result)} rows, not 30000"]
        return [] if result.returncode == 0 else ["the interrupted store was not rebuilt"]

    return Run(store_run(ctx, store, "-i", str(big)), (0,), check=check, timeout=60,
               driver=_real_process)


def store_pipe(ctx: Ctx) -> Run:
    """``-i <(cat f)``: a pipe, readable once."""
    return Run(store_run(ctx, ctx.tmp / "store"), (0,), driver=_pipe_driver,
               check=lambda r, c: [] if rows(r) == 3 else [f"{rows(r)} rows, not 3: input read twice?"])


def _pipe_driver(run: Run, ctx: Ctx) -> Result:
    read, write = os.pipe()
    os.write(write, ctx.files["small"].read_bytes())
    os.close(write)
    try:
        args = [*run.args[:-1], "-i", f"/dev/fd/{read}", "--input-format", "turtle", run.args[-1]]
        return _with_fd(args, ctx, read)
    finally:
        os.close(read)


def _with_fd(args: list[str], ctx: Ctx, fd: int) -> Result:
    """``args`` in a process of its own that inherits ``fd`` (see :func:`_real_process`)."""
    return run_process(args, cwd=ctx.tmp, env=base_env(ctx), timeout=30, pass_fds=(fd,))


def pipe_input(command: str, ctx: Ctx) -> Run | NA:
    """Every command reading ``-i <(cat f)`` (a pipe) sees all of it."""
    if command == "normalize":
        return NA("normalize rewrites files in place, not pipes")
    args = data_args(command, ctx, Path("PIPE"), "turtle")
    assert not isinstance(args, NA)

    def driver(run: Run, ctx: Ctx) -> Result:
        read, write = os.pipe()
        os.write(write, ctx.files["small"].read_bytes())
        os.close(write)
        try:
            return _with_fd([a.replace("PIPE", f"/dev/fd/{read}") for a in run.args], ctx, read)
        finally:
            os.close(read)

    return Run(args, (0, 1), driver=driver, check=output_has("two"))


# --- processes: signals, full disk, same file in and out, killed parent ----------------


def out_args(command: str, ctx: Ctx, data: Path, out: Path) -> list[str] | NA:
    if command == "export":
        return ["export", "--no-bundled", "-i", str(data), "-f", "nt", "-o", str(out)]
    if command == "query":
        return ["query", "--no-bundled", "-i", str(data), "CONSTRUCT WHERE { ?s ?p ?o }", "-o", str(out)]
    if command == "check":
        return ["check", "-i", str(data), "-o", str(out)]
    if command == "validate":
        return ["validate", "-i", str(data), "-o", str(out)]
    if command == "reason":
        return ["reason", "-i", str(data), "--no-explain", "-o", str(out)]
    if command == "matrix":
        return ["matrix", "-i", str(data), "-o", str(out)]
    if command == "path":
        return ["path", "vitamin D", "BDNF", "-i", str(data), "-o", str(out)]
    return NA("writes no -o file")


def stopped_mid_write(signum: int) -> Maker:
    def make(command: str, ctx: Ctx) -> Run | NA:
        name = {"export": "result.nt", "query": "result.nt", "reason": "result.ttl"}.get(command, "report.txt")
        out = ctx.out / name
        data = ctx.files["big-valid"] if command in ("export", "query", "check") else ctx.files["small"]
        args = out_args(command, ctx, data, out)
        if isinstance(args, NA):
            return args

        def driver(run: Run, ctx: Ctx) -> Result:
            caught = False

            def stop_in_window(process: subprocess.Popen[bytes]) -> None:
                nonlocal caught
                deadline = time.monotonic() + 60
                while process.poll() is None and time.monotonic() < deadline:
                    if any(p.name.endswith(".tmp") for p in out.parent.iterdir()):
                        os.kill(process.pid, signal.SIGSTOP)
                        os.kill(process.pid, signum)
                        os.kill(process.pid, signal.SIGCONT)
                        caught = True
                        return

            for _attempt in range(5):
                result = run_process(run.args, cwd=ctx.tmp, env=base_env(ctx), while_running=stop_in_window)
                if caught:
                    return result
                out.unlink(missing_ok=True)
            result.notes.append("the write window was never caught")
            return result

        def check(result: Result, ctx: Ctx) -> list[str]:
            left = [p.name for p in out.parent.iterdir() if p.name.endswith(".tmp")]
            return [f"temporary file left: {left}"] if left else []

        return Run(args, (128 + signum,), "stopped", driver=driver, check=check)

    return make


def full_disk(command: str, ctx: Ctx) -> Run | NA:
    small = str(ctx.files["small"])
    args = {
        "export": ["export", "--no-bundled", "-i", small],
        "validate": ["validate", "-i", small],
        "query": ["query", "--no-bundled", "-i", small, "SELECT * WHERE { ?s ?p ?o }"],
        "check": ["check", "-i", small],
        "reason": ["reason", "-i", small, "--no-explain"],
        "matrix": ["matrix", "-i", small],
        "path": ["path", "vitamin D", "BDNF", "-i", small],
    }.get(command)
    if args is None:
        return NA("writes nothing to standard output")

    def driver(run: Run, ctx: Ctx) -> Result:
        with open("/dev/full", "wb") as full:
            return run_process(run.args, cwd=ctx.tmp, env=base_env(ctx), stdout=full.fileno())

    return Run(args, (2,), "standard output|cannot write", driver=driver)


def same_file(command: str, ctx: Ctx) -> Run | NA:
    data = ctx.copy("small")
    original = data.read_bytes()
    spelled = data.parent / "." / data.name
    args = out_args(command, ctx, data, spelled)
    if isinstance(args, NA):
        return NA("writes no -o file" if command != "normalize" else "rewrites its files by design")

    def check(result: Result, ctx: Ctx) -> list[str]:
        return [] if data.read_bytes() == original else ["the input was overwritten"]

    return Run(args, (2,), "same file", check=check)


def killed_parent(command: str, ctx: Ctx) -> Run | NA:
    """mbx is SIGKILLed while its child works: the query of --timeout, or Java (HermiT)."""
    if command == "query":
        data = ctx.write("hundred.ttl", "".join(f"<http://ex/s{i}> <http://ex/p> {i} .\n" for i in range(100)))
        args = ["query", "--no-bundled", "-i", str(data), "--timeout", "60", SLOW_QUERY]
    elif command == "reason":
        args = ["reason", "-i", str(ctx.files["small"]), "--no-explain"]
    elif command == "validate":  # the SHACL engine's child, on a catastrophic regex
        shapes, data = ctx.write("user-shapes.ttl", regex_shapes(ctx)), ctx.write("data.ttl", regex_data(ctx))
        args = ["validate", "-i", str(data), "--shapes", str(shapes), "--shapes-only", "--timeout", "60"]
    else:
        return NA("starts no child process")

    def driver(run: Run, ctx: Ctx) -> Result:
        survivors: list[int] = []

        def kill_parent(process: subprocess.Popen[bytes]) -> None:
            children: list[int] = []
            deadline = time.monotonic() + 20
            while not children and time.monotonic() < deadline:
                children = _children(process.pid)
                time.sleep(0.05)
            time.sleep(0.3)
            process.kill()
            process.wait()
            time.sleep(0.3)  # the kernel's SIGKILL is at once; the query or HermiT would go on
            survivors.extend(c for c in children if _alive(c))

        result = run_process(run.args, cwd=ctx.tmp, env=base_env(ctx), while_running=kill_parent)
        result.notes.append(f"survivors: {survivors}")
        if result.err.strip():  # the query must still have been running when its parent died
            result.stderr += b"\nthe query ended before its parent was killed"
            survivors.append(-1)
        if survivors:
            result.stderr += b"\nsurviving child process"
        result.returncode = 0 if not survivors else 1  # the parent was killed on purpose
        return result

    return Run(args, (0,), check=lambda r, c: ["the child outlived its parent"] if r.returncode else [],
               driver=driver)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(c) for c in task.read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


# --- hostile servers: query --endpoint and load ------------------------------------------


SECRETS = ("s3cr3tPW", "p@ss/w%rd", "pw", "n3trcS3cret", "tok3nValue", "k3yValue", "пароль")


def no_secret(result: Result, ctx: Ctx) -> list[str]:
    import base64
    from urllib.parse import quote

    shown = result.stdout.decode("utf-8", "replace") + result.err
    leaks = []
    for secret in SECRETS:
        forms = {secret, quote(secret, safe=""), quote(secret)}
        for user in ("alice", "bob", "carol"):
            forms.add(base64.b64encode(f"{user}:{secret}".encode()).decode())
        for form in forms:
            pattern = rf"(?<![A-Za-z0-9]){re.escape(form)}(?![A-Za-z0-9])" if len(form) < 4 else re.escape(form)
            if re.search(pattern, shown):
                leaks.append(f"secret shown: {form!r}")
    return leaks


def server_case(
    behaviour: str,
    expect: tuple[int, ...] = (3,),
    message: str | None = None,
    *,
    url: Callable[[Ctx], str] | None = None,
    env: Callable[[Ctx], dict[str, str | None]] | None = None,
    query: str = "SELECT ?x WHERE { ?x ?p ?o }",
    timeout_option: str | None = "2",
    check: Callable[[Result, Ctx], list[str]] | None = None,
    labels: bool = False,
    run_timeout: float = 20.0,
) -> Maker:
    def make(command: str, ctx: Ctx) -> Run | NA:
        target = url(ctx) if url else ctx.url(behaviour)
        extra = ["--timeout", timeout_option] if timeout_option else []
        if command == "query":
            args = ["query", query, "--endpoint", target, *extra, *(["--labels"] if labels else [])]
        elif command == "load" and not labels:
            args = ["load", "--store-url", target, "--no-bundled", "-i", str(ctx.files["small"]), *extra]
        else:
            return NA("makes no HTTP request")
        return Run(args, expect, message, env=env(ctx) if env else {}, check=check, timeout=run_timeout)

    return make


def userinfo_url(ctx: Ctx) -> str:
    return ctx.url("echo", "?x=1").replace("http://", "http://alice:p%40ss%2Fw%25rd@")


def token_url(ctx: Ctx) -> str:
    return ctx.url("echo", "?access-token=tok3nValue&api_key=k3yValue&graph=g")


def netrc_env(ctx: Ctx) -> dict[str, str | None]:
    home = ctx.tmp / "home"
    home.mkdir(exist_ok=True)
    netrc = home / ".netrc"
    netrc.write_text("machine 127.0.0.1 login carol password n3trcS3cret\n")
    netrc.chmod(0o600)
    return {"HOME": str(home)}


def short_password_env(ctx: Ctx) -> dict[str, str | None]:
    return {"MBX_ENDPOINT_USER": "alice", "MBX_ENDPOINT_PASSWORD": "pw",
            "MBX_STORE_USER": "alice", "MBX_STORE_PASSWORD": "pw"}


def non_latin_env(ctx: Ctx) -> dict[str, str | None]:
    return {"MBX_ENDPOINT_USER": "bob", "MBX_ENDPOINT_PASSWORD": "пароль",
            "MBX_STORE_USER": "bob", "MBX_STORE_PASSWORD": "пароль"}


def service_to(behaviour: str) -> Maker:
    def make(command: str, ctx: Ctx) -> Run | NA:
        if command != "query":
            return NA("only mbx query runs SERVICE (--allow-service)")
        query = f"SELECT * WHERE {{ SERVICE <{ctx.url(behaviour)}> {{ ?s ?p ?o }} }}"
        return Run(["query", "--no-bundled", "-i", str(ctx.files["small"]), "--allow-service",
                    "--timeout", "10", query], (3,))

    return make


# --- SHACL: the user's shapes -----------------------------------------------------------


def shapes_case(shapes: Callable[[Ctx], str], data: Callable[[Ctx], str], expect: tuple[int, ...],
                message: str | None = None, timeout: str | None = "2") -> Maker:
    def make(command: str, ctx: Ctx) -> Run | NA:
        if command != "validate":
            return NA("only mbx validate reads shapes")
        s = ctx.write("user-shapes.ttl", shapes(ctx))
        d = ctx.write("data.ttl", data(ctx))
        extra = ["--timeout", timeout] if timeout else []
        return Run(["validate", "-i", str(d), "--shapes", str(s), "--shapes-only", *extra], expect,
                   message, check=no_guard_request, timeout=20)

    return make


def sparql_target_service(ctx: Ctx) -> str:
    return f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://ex/> .
ex:Shape a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE {{ SERVICE <{ctx.guard}> {{ ?this ?p ?o }} }}" ] ;
    sh:property [ sh:path ex:p ; sh:minCount 5 ] .
ex:Rule a sh:NodeShape ;
    sh:targetNode ex:a ;
    sh:rule [ a sh:SPARQLRule ; sh:construct "CONSTRUCT {{ $this ex:q ?o }} WHERE {{ SERVICE <{ctx.guard}> {{ $this ?p ?o }} }}" ] .
"""


def regex_shapes(ctx: Ctx) -> str:
    return """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://ex/> .
ex:Shape a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:pattern "^(a+)+$" ] .
"""


def regex_data(ctx: Ctx) -> str:
    return '<http://ex/a> <http://ex/p> "' + "a" * 40 + 'b" .\n'


def cartesian_shapes(ctx: Ctx) -> str:
    return """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://ex/> .
ex:Shape a sh:NodeShape ; sh:targetNode ex:a ;
    sh:sparql [ sh:select "SELECT $this WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }" ] .
"""


def hundred(ctx: Ctx) -> str:
    return "".join(f"<http://ex/s{i}> <http://ex/p> {i} .\n" for i in range(100)) + "<http://ex/a> <http://ex/p> 1 .\n"


# --- the cases --------------------------------------------------------------------------

DEPTH = "nest|deep"

CASES: dict[str, Case] = {
    # crashes, hangs and tracebacks on files
    "jsonld-deep": Case("JSON-LD nested 5,000 deep (pyoxigraph segfaults from ~3,400)",
                        data_case("jsonld-deep", message=DEPTH), NOT_TURTLE),
    "turtle-deep": Case(
        "Turtle blank nodes nested 5,000 deep (pyoxigraph reads it without recursion)",
        data_case("turtle-deep", {"*": (0,), "check": (1,)}, check=output_has('"4999"')),
    ),
    "rdfxml-deep": Case("RDF/XML descriptions nested 5,000 deep", data_case("rdfxml-deep", message=DEPTH),
                        NOT_TURTLE),
    "bnodes-250": Case(
        "blank nodes nested 250 deep (rdflib's Turtle writer: RecursionError)",
        data_case("turtle-bnodes-250", {"*": (0,), "check": (1,)}, check=output_has('"249"')),
    ),
    "literal-17mib": Case("a 17 MiB literal (pyoxigraph's 16 MiB buffer: MemoryError)",
                          data_case("literal-17mib", message="16 MiB"), NOT_TURTLE),
    "input-over-limit": Case(
        "2 MB of valid data with MBX_MAX_INPUT=1000000",
        data_case("big-valid", message="MBX_MAX_INPUT", env={"MBX_MAX_INPUT": ONE_MB}), NOT_TURTLE,
    ),
    "dev-zero": Case(
        "-i /dev/zero (endless) with MBX_MAX_INPUT=1000000",
        lambda command, ctx: Run(
            [a.replace("ZERO", "/dev/zero") for a in data_args(command, ctx, Path("ZERO"), "nt")],  # type: ignore[union-attr]
            (2,), "MBX_MAX_INPUT", env={"MBX_MAX_INPUT": ONE_MB},
        ),
        NOT_TURTLE,
    ),
    "invalid-utf8-file": Case("N-Triples with invalid UTF-8", data_case("invalid-utf8", message="UTF-8"),
                              NOT_TURTLE),
    "control-characters": Case("a syntax error at a terminal escape sequence",
                               data_case("control-characters", message="syntax")),
    "control-file-name": Case(
        "a file name with a terminal escape sequence",
        lambda command, ctx: Run(
            [a.replace("MISSING.ttl", "missing-\x1b]2;owned\x07\x1b[31m.ttl") for a in data_args(command, ctx, Path("MISSING.ttl"))],  # type: ignore[union-attr]
            (2,), "no such file|not a regular file",
        ),
    ),
    "ill-typed-literal": Case(
        'mbx:minValue "abc"^^xsd:decimal in the data (the shipped shapes: TypeError)',
        data_case("ill-typed", {"*": (0,), "validate": (1, 2), "check": (0, 1), "reason": (0, 1, 2)}),
    ),
    "xml-prefixes": Case(
        "RDF/XML export of data declaring xml:, xmlns: and xmlfoo: prefixes",
        lambda command, ctx: Run(["export", "--no-bundled", "-i", str(ctx.files["xml-prefixes"]), "-o",
                                  str(ctx.out / "export.rdf")], (0,), check=rdfxml_parses),
        only_for("export", why="writes no RDF/XML of its input's prefixes (reason -o: as export)"),
    ),
    "relative-iris": Case(
        "<../up> and </abs> with no @base (normalize wrote file: IRIs)",
        data_case("relative-iris", {"*": (0, 1), "normalize": (2,)}, check=no_file_iris),
    ),
    "jsonld-remote-context": Case(
        "JSON-LD whose @context is a URL (never fetched)",
        data_case("jsonld-remote-context", message="context", check=no_guard_request), NOT_TURTLE,
    ),
    "rdfxml-xxe": Case("RDF/XML with an external entity (XXE)",
                       data_case("rdfxml-xxe", message="entit", check=no_guard_request), NOT_TURTLE),
    "jsonld-bad-iri": Case("JSON-LD with an invalid IRI (the triple is dropped)",
                           data_case("jsonld-bad-iri", message="IRI"), NOT_TURTLE, ),
    "jsonld-bad-language": Case("JSON-LD with an invalid language tag (the triple is dropped)",
                                data_case("jsonld-bad-language", message="language"), NOT_TURTLE,
                                ),
    "list-of-zeros": Case(
        "a list of 400 zeros (RDFC-1.0 is exponential on indistinguishable blank nodes)",
        data_case("list-of-zeros", {"*": (0,), "check": (0, 1), "reason": (0, 2)}),
        runs_long=True,
    ),
    "pipe-input": Case("-i <(cat f): a pipe, readable once", pipe_input,
                       except_for("normalize", why="normalize rewrites regular files in place")),
    # the network guard
    "service-cr-comment": Case("SERVICE after a comment ended by CR",
                               sparql_case(service_cr, "SERVICE/LOAD"), NO_SPARQL),
    "service-old-mac-file": Case("SERVICE in a file with CR line ends (-q, a rule, a shape)",
                                 sparql_case(service_old_mac, "SERVICE/LOAD", via_file=True), NO_SPARQL),
    "service-backslash-string": Case('SERVICE after "a\\u005C" (escapes read two ways)',
                                     sparql_case(service_backslash, "SERVICE/LOAD"), NO_SPARQL),
    "service-escaped-keyword": Case("\\u0053ERVICE (the keyword written with an escape)",
                                    sparql_case(service_escaped_keyword, "SERVICE/LOAD|syntax"), NO_SPARQL),
    "update-load-cr": Case("--store --update with LOAD after a CR comment", query_only(update_load_cr),
                           QUERY_ONLY),
    "endpoint-service-cr": Case("--endpoint with SERVICE after a CR comment", query_only(endpoint_cr),
                                QUERY_ONLY),
    "shapes-sparql-service": Case(
        "user shapes: sh:SPARQLTarget and sh:SPARQLRule with SERVICE",
        shapes_case(sparql_target_service, lambda ctx: '<http://ex/a> <http://ex/p> "x" .\n', (2,),
                    "SERVICE", timeout=None),
        only_for("validate", why="only mbx validate reads shapes"),
    ),
    # SPARQL text
    "sparql-parentheses": Case("5,000 nested parentheses (pyoxigraph segfaults)",
                               sparql_case(parentheses, DEPTH), NO_SPARQL),
    "sparql-groups": Case("5,000 nested { } groups (pyoxigraph segfaults from ~3,000)",
                          sparql_case(groups, DEPTH), NO_SPARQL),
    "query-invalid-utf8": Case("invalid UTF-8 in a query file (-q, a rule, a shape)",
                               sparql_case(bad_utf8, "UTF-8", via_file=True), NO_SPARQL),
    "inline-invalid-utf8": Case("invalid UTF-8 in an inline query", query_only(invalid_utf8_inline),
                                QUERY_ONLY),
    # files and processes
    "same-file-in-and-out": Case("-o names an input file (./f)", same_file, WRITERS),
    "sighup-mid-write": Case("SIGHUP while the output is written", stopped_mid_write(signal.SIGHUP),
                             WRITERS, runs_long=True),
    "sigint-mid-write": Case("SIGINT while the output is written", stopped_mid_write(signal.SIGINT),
                             WRITERS, runs_long=True),
    "stdout-full-disk": Case("standard output on a full disk (/dev/full)", full_disk, WRITERS,
                             runs_long=True),
    "killed-parent": Case("mbx killed (SIGKILL) while its child works: query --timeout, Java",
                          killed_parent,
                          only_for("query", "reason", "validate", why="starts no child process"),
                          runs_long=True),
    "store-corrupted": Case("a corrupted --store (MANIFEST and CURRENT overwritten)",
                            query_only(store_corrupted), QUERY_ONLY),
    "store-interrupted": Case("a --store whose load was killed", query_only(store_interrupted), QUERY_ONLY,
                              runs_long=True),
    "store-pipe-input": Case("--store DIR -i <(cat f)", query_only(store_pipe), QUERY_ONLY),
    # hostile servers
    "echo-userinfo": Case("a server echoing a percent-encoded URL password",
                          server_case("echo", url=userinfo_url, check=no_secret), HTTP),
    "echo-token-parameters": Case("a server echoing ?access-token= and ?api_key=",
                                  server_case("echo", url=token_url, check=no_secret), HTTP),
    "echo-netrc": Case("a server echoing credentials from ~/.netrc",
                       server_case("echo", env=netrc_env, check=no_secret), HTTP),
    "echo-short-password": Case("a server echoing a 2-character password",
                                server_case("echo", env=short_password_env, check=no_secret), HTTP),
    "non-latin1-credentials": Case("a password outside Latin-1",
                                   server_case("echo", env=non_latin_env, check=no_secret), HTTP),
    "malformed-service-answer": Case("a malformed SERVICE answer (--allow-service)", service_to("garbage"),
                                     only_for("query", why="only mbx query runs SERVICE")),
    "drip-server": Case("one byte every 0.5 s with --timeout 2", server_case("drip", message="2 s"), HTTP, runs_long=True),
    "drip-headers-server": Case("headers at one byte every 0.5 s with --timeout 2",
                                server_case("drip-headers", message="2 s"), HTTP, runs_long=True),
    "silent-server": Case("a server that never answers, no --timeout (MBX_HTTP_TIMEOUT=2)",
                          server_case("silent", timeout_option=None,
                                      env=lambda ctx: {"MBX_HTTP_TIMEOUT": "2"}),
                          HTTP, runs_long=True),
    "endless-body": Case("an endless answer (MBX_MAX_RESPONSE=1000000)",
                         server_case("endless", message="MBX_MAX_RESPONSE",
                                     env=lambda ctx: {"MBX_MAX_RESPONSE": ONE_MB}), HTTP, runs_long=True),
    "redirect": Case("a 302 on the endpoint (the POSTed query would be dropped)",
                     server_case("redirect", message="redirect"), HTTP),
    "truncated-xml": Case("SPARQL XML results cut off after a whole row", server_case("truncated-xml"),
                          HTTP),
    "truncated-json": Case("SPARQL JSON results cut off after a whole row",
                           server_case("truncated-json"), HTTP),
    "deep-jsonld-answer": Case("an endpoint or store answering JSON-LD nested 5,000 deep",
                               server_case("deep-jsonld", message=DEPTH, query="CONSTRUCT WHERE { ?s ?p ?o }"),
                               HTTP),
    "malformed-labels-answer": Case("a malformed answer to the --labels query",
                                    server_case("labels", labels=True),
                                    only_for("query", why="only mbx query has --labels")),
    # validation time
    "catastrophic-regex": Case("sh:pattern ^(a+)+$ on 40 a's and a b (validate --timeout 2)",
                               shapes_case(regex_shapes, regex_data, (3,), "2 s"),
                               only_for("validate", why="only mbx validate reads shapes"), runs_long=True),
    "cartesian-shacl-sparql": Case("a SHACL-SPARQL constraint joining five patterns (validate --timeout 2)",
                                   shapes_case(cartesian_shapes, hundred, (3,), "2 s"),
                                   only_for("validate", why="only mbx validate reads shapes"), runs_long=True),
}


def base_env(ctx: Ctx) -> dict[str, str | None]:
    home = ctx.tmp / "home"
    home.mkdir(exist_ok=True)
    return {
        "HOME": str(home),
        "NETRC": None,
        "no_proxy": "*",
        "NO_PROXY": "*",
        "MBX_ENDPOINT_USER": None,
        "MBX_ENDPOINT_PASSWORD": None,
        "MBX_STORE_USER": None,
        "MBX_STORE_PASSWORD": None,
    }


# --- the rules every run must hold to ----------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def violations(run: Run, result: Result, ctx: Ctx) -> list[str]:
    found = []
    if result.timed_out:
        found.append(f"hang: still running after {run.timeout:g} s")
    elif result.returncode < 0:
        found.append(f"crash: killed by {signal.Signals(-result.returncode).name}")
    elif result.returncode not in run.expect:
        found.append(f"exit {result.returncode}, expected {' or '.join(map(str, run.expect))}")
    err = result.err
    if "Traceback" in err or "Exception ignored" in err:
        found.append("traceback")
    if "internal error" in err:
        found.append("internal error")
    lines = err.splitlines()
    errors = [line for line in lines if line.startswith("Error:")]
    if result.returncode not in (0, 1) and not result.timed_out and result.returncode >= 0:
        if len(errors) != 1:
            found.append(f"{len(errors)} Error: lines")
        elif lines[-1] != errors[0]:
            found.append("the Error: line is not the last")
        if errors and run.message and not re.search(run.message, errors[0], re.IGNORECASE):
            found.append(f"message does not match {run.message!r}")
    if _CONTROL.search(err.replace("\n", "")):
        found.append("control characters on stderr")
    for folder in (ctx.tmp / "out", ctx.tmp / "work"):
        if folder.is_dir():
            left = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
            if left:
                found.append(f"temporary files left: {left}")
    if run.check is not None:
        found += run.check(result, ctx)
    return found


def _record(case: str, command: str, result: Result, found: list[str]) -> None:
    path = os.environ.get("MBX_HOSTILE_RECORD")
    if not path:
        return
    errors = [line for line in result.err.splitlines() if line.startswith("Error:")]
    entry = {
        "case": case,
        "command": command,
        "returncode": result.returncode,
        "timed_out": result.timed_out,
        "elapsed": round(result.elapsed, 2),
        "error": (errors[-1] if errors else (result.err.strip().splitlines() or [""])[-1])[:300],
        "violations": found,
        "notes": result.notes,
    }
    with open(path, "a", encoding="utf-8") as log:
        log.write(json.dumps(entry, ensure_ascii=True) + "\n")


#: the default run: each case with the commands whose code paths differ for it, cheapest
#: first (export and query start in ~0.3 s; validate and reason take seconds); the
#: exhaustive run (MBX_HOSTILE_ALL=1, or MBX_HOSTILE_RECORD) faces every command with every case
DEFAULT_RUN: dict[str, tuple[str, ...]] = {
    "jsonld-deep": ("export", "load"),
    "turtle-deep": ("export", "normalize"),
    "rdfxml-deep": ("export",),
    "bnodes-250": ("export", "normalize"),
    "literal-17mib": ("export",),
    "input-over-limit": ("query",),
    "dev-zero": ("export",),
    "invalid-utf8-file": ("export",),
    "control-characters": ("export",),
    "control-file-name": ("query",),
    "ill-typed-literal": ("validate",),
    "xml-prefixes": ("export",),
    "jsonld-remote-context": ("export",),
    "rdfxml-xxe": ("export",),
    "jsonld-bad-iri": ("export", "load"),
    "jsonld-bad-language": ("query",),
    "pipe-input": ("query",),
    "relative-iris": ("normalize",),
    "service-cr-comment": ("query", "check", "validate"),
    "service-old-mac-file": ("check",),
    "service-backslash-string": ("query",),
    "service-escaped-keyword": ("query",),
    "update-load-cr": ("query",),
    "endpoint-service-cr": ("query",),
    "shapes-sparql-service": ("validate",),
    "sparql-parentheses": ("query", "validate"),
    "sparql-groups": ("check",),
    "query-invalid-utf8": ("query",),
    "inline-invalid-utf8": ("query",),
    "same-file-in-and-out": ("export", "matrix"),
    "sighup-mid-write": ("export",),
    "stdout-full-disk": ("export",),
    "killed-parent": ("query",),
    "store-corrupted": ("query",),
    "store-pipe-input": ("query",),
    "echo-userinfo": ("query",),
    "echo-token-parameters": ("load",),
    "echo-netrc": ("query",),
    "echo-short-password": ("load",),
    "non-latin1-credentials": ("query",),
    "malformed-service-answer": ("query",),
    "drip-server": ("query",),
    "drip-headers-server": ("load",),
    "silent-server": ("load",),
    "endless-body": ("query",),
    "redirect": ("query",),
    "truncated-xml": ("query",),
    "truncated-json": ("load",),
    "deep-jsonld-answer": ("query", "load"),
    "malformed-labels-answer": ("query",),
    "catastrophic-regex": ("validate",),
}


def exhaustive() -> bool:
    """Every command with every case (the closing table is recorded so)."""
    return bool(os.environ.get("MBX_HOSTILE_ALL") or os.environ.get("MBX_HOSTILE_RECORD"))


def _pairs() -> list[Any]:
    pairs = []
    record_all = bool(os.environ.get("MBX_HOSTILE_RECORD"))
    for name, case in CASES.items():
        for command in COMMANDS:
            if command in case.na:
                continue
            if not exhaustive() and command not in DEFAULT_RUN.get(name, ()):
                continue
            marks = []
            reason = case.open_until or case.open_for.get(command, "")
            if reason and not record_all:
                marks.append(pytest.mark.xfail(reason=reason, run=not case.runs_long, strict=False))
            if case.runs_long:
                marks.append(pytest.mark.slow)
            pairs.append(pytest.param(name, command, id=f"{name}-{command}", marks=marks))
    return pairs


@pytest.mark.parametrize(("case", "command"), _pairs())
def test_hostile(
    case: str, command: str, servers: Servers, warm: None, corpus: dict[str, Path], tmp_path: Path
) -> None:
    tag = re.sub(r"[^a-z0-9-]", "-", f"{case}-{command}-{time.monotonic_ns()}")
    files = dict(corpus)
    for key in GUARDED:
        file_name, make = FILES[key]
        files[key] = tmp_path / file_name
        files[key].write_bytes(make(f"{servers.base}/guard/{tag}"))
    ctx = Ctx(tmp_path, files, servers, tag, command)
    run = CASES[case].make(command, ctx)
    assert not isinstance(run, NA), f"{case} does not apply to {command}: list it in the case's na"
    env = {**base_env(ctx), **run.env}
    run.env = env
    if run.driver is not None:
        result = run.driver(run, ctx)
    else:
        result = run_forked(run.args, cwd=tmp_path, env=env, stdin=run.stdin, timeout=run.timeout)
    found = violations(run, result, ctx)
    _record(case, command, result, found)
    assert not found, f"{found}\nstderr: {result.err[-2000:]}"


def test_every_registered_command_faces_the_corpus() -> None:
    """A new command must be added to COMMANDS, and each case must run it or say why not."""
    from mbx.cli import all_commands

    assert set(all_commands()) == set(COMMANDS)
    for name, case in CASES.items():
        assert set(case.na) <= set(COMMANDS), name
        assert all(case.na.values()), name


def test_the_default_run_is_a_subset_of_the_corpus() -> None:
    """Each default pair exists in the corpus (a case renamed or a command made n/a is noticed)."""
    for name, commands in DEFAULT_RUN.items():
        assert name in CASES, name
        assert not set(commands) & set(CASES[name].na), name


@pytest.mark.skipif(not exhaustive(), reason="the exhaustive corpus runs with MBX_HOSTILE_ALL=1")
def test_the_exhaustive_run_covers_every_pair() -> None:
    """With MBX_HOSTILE_ALL=1 every command faces every case that applies to it."""
    expected = sum(1 for case in CASES.values() for c in COMMANDS if c not in case.na)
    assert len(_pairs()) == expected
