"""Whole-process timing for the benchmarks, and finding the tools (Jena, mbx's commands).

Used by ``benchmarks/run.py``; see its docstring.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: modules `mbx --help` must not import (issue 15)
HEAVY_MODULES = ("rdflib", "pyoxigraph", "pyshacl", "owlready2", "pyld", "requests")


@dataclass
class Run:
    """One whole process: wall-clock seconds, peak RSS (KiB), exit code, the end of stderr."""

    seconds: float
    rss_kib: int
    code: int
    timed_out: bool
    stderr: str


def _gnu_time() -> str | None:
    """GNU time, which measures its child's peak RSS without the harness's own memory."""
    path = shutil.which("time", path="/usr/bin:/bin")
    if path is None:
        return None
    done = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    return path if "GNU" in done.stdout + done.stderr else None


#: Peak RSS comes from GNU time when installed. Without it, it comes from os.wait4, whose
#: ru_maxrss also counts the pages the child shared with this (forking) process before exec.
GNU_TIME = _gnu_time()


def run_process(
    command: Sequence[str], timeout: float, stdout: Path | None = None, cwd: Path | None = None
) -> Run:
    """Run ``command`` in its own process group; kill the group after ``timeout`` seconds."""
    with tempfile.TemporaryDirectory(prefix="mbx-bench-run-") as tmp:
        rss_file = Path(tmp) / "rss"
        full = list(command)
        if GNU_TIME is not None:
            full = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *full]
        err_path = Path(tmp) / "stderr"
        with err_path.open("wb") as err, (stdout or Path(os.devnull)).open("wb") as out:
            start = time.perf_counter()
            proc = subprocess.Popen(
                full,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                cwd=cwd,
                start_new_session=True,
            )
            done: list[tuple[float, int, int]] = []  # (end, wait status, ru_maxrss)

            def reap() -> None:
                _pid, status, usage = os.wait4(proc.pid, 0)
                done.append((time.perf_counter(), status, usage.ru_maxrss))

            waiter = threading.Thread(target=reap, daemon=True)
            waiter.start()
            waiter.join(timeout)
            timed_out = waiter.is_alive()
            if timed_out:  # the whole group: sh -c, java, the children of mbx
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                waiter.join()
        end, status, rss_kib = done[0]
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code  # reaped by wait4: tell Popen
        if GNU_TIME is not None:
            # the last line; GNU time writes "Command exited with non-zero status N" before it
            lines = rss_file.read_text().split() if rss_file.exists() else []
            rss_kib = int(lines[-1]) if lines and lines[-1].isdigit() else 0
        tail = err_path.read_bytes()[-4000:].decode("utf-8", "replace")
    return Run(end - start, rss_kib, code, timed_out, tail)


def jena_classpath(work: Path) -> tuple[str | None, str]:
    """An explicit classpath for Debian's Jena 4.5 jars, or None and the reason."""
    java = shutil.which("java")
    share = Path("/usr/share/java")
    if java is None:
        return None, "no `java` on PATH"
    if not (share / "jena-cmds.jar").exists():
        return None, "no /usr/share/java/jena-cmds.jar (apt-get install -y libapache-jena-java)"
    jars = sorted(str(p) for p in share.glob("jena-*.jar") if not re.search(r"-\d", p.name))
    # the jars the Debian package depends on; one slf4j binding only (several clash)
    for name in (
        "commons-cli",
        "commons-codec",
        "commons-compress",
        "commons-csv",
        "commons-io",
        "commons-lang3",
        "dexx.collection",
        "gson",
        "guava",
        "httpclient",
        "httpclient-cache",
        "httpcore",
        "jackson-core",
        "jackson-databind",
        "jackson-annotations",
        "jsonld-java",
        "jakarta.json-api",
        "protobuf",
        "thrift",
        "titanium-json-ld",
        "slf4j-api",
        "slf4j-nop",
    ):
        jar = share / f"{name}.jar"
        if jar.exists():
            jars.append(str(jar))
    # Debian moved Jena's shaded Xerces classes to `xerces.*` but left their message
    # bundles under org/apache/jena/ext/xerces: every datatype then fails with
    # "internal error". Copy the bundles to where the classes look for them.
    bundles = work / "jena-xerces-messages"
    if not bundles.exists():
        with zipfile.ZipFile(share / "jena-core.jar") as jar_file:
            for member in jar_file.namelist():
                prefix = "org/apache/jena/ext/xerces/"
                if member.startswith(prefix) and member.endswith(".properties"):
                    target = bundles / "xerces" / member[len(prefix) :]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(jar_file.read(member))
    classpath = os.pathsep.join([str(bundles), *jars])
    probe = subprocess.run(
        [java, "-cp", classpath, "riotcmd.riot", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["?"])[-1]
        return None, f"Jena does not start with the Debian jars: {last}"
    return classpath, probe.stdout.strip().splitlines()[0] if probe.stdout.strip() else "Jena"


def mbx_commands(mbx: str) -> set[str]:
    """The sub-commands `mbx --help` lists."""
    done = subprocess.run([mbx, "--help"], capture_output=True, text=True, check=False)
    commands: set[str] = set()
    in_commands = False
    for line in done.stdout.splitlines():
        if line.strip().lower().startswith("commands"):
            in_commands = True
            continue
        if in_commands and line.startswith("  ") and line.strip():
            commands.add(line.split()[0])
    return commands


def heavy_imports_of_help() -> list[str]:
    """The RDF libraries `python -m mbx --help` imports (should be none)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "mbx", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    found = set()
    for line in done.stderr.splitlines():
        name = line.rsplit("|", 1)[-1].strip()
        top = name.split(".")[0]
        if top in HEAVY_MODULES:
            found.add(top)
    return sorted(found)
