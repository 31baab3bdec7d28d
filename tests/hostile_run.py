"""Running mbx on hostile input: a forked child (fast) or a real process, and what it did.

A forked child starts with pyoxigraph, rdflib, pySHACL and mbx already
imported by the test process, so each run costs only its own work; it is
still a process of its own, so a segmentation fault or a hang is seen as
such (a negative return code, a timeout) instead of taking pytest down.
Signals, a full disk on standard output and a killed parent need a real
``python -m mbx`` process.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Python's own warning filters (a release build), restored in the forked child
_DEFAULT_FILTERS = (
    ("default", DeprecationWarning, "__main__"),
    ("ignore", DeprecationWarning, ""),
    ("ignore", PendingDeprecationWarning, ""),
    ("ignore", ImportWarning, ""),
    ("ignore", ResourceWarning, ""),
)


@dataclass
class Result:
    """What one run of mbx did."""

    returncode: int  # negative: killed by that signal
    stdout: bytes
    stderr: bytes
    elapsed: float
    timed_out: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")


def preload() -> None:
    """Import what every command needs once, in the test process, so forks start warm."""
    import pyoxigraph  # noqa: F401
    import pyshacl  # noqa: F401
    import rdflib  # noqa: F401
    import requests  # noqa: F401
    from rdflib.plugins.sparql import parser  # noqa: F401

    import mbx.cli  # noqa: F401


def _child(args: Sequence[str], env: dict[str, str | None], cwd: Path) -> int:  # pragma: no cover
    import faulthandler
    import logging
    import warnings

    faulthandler.disable()
    os.chdir(cwd)
    for name, value in env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), "utf-8")
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(io.FileIO(1, "w", closefd=False)), "utf-8", errors="strict"
    )
    sys.stderr = io.TextIOWrapper(
        io.BufferedWriter(io.FileIO(2, "w", closefd=False)),
        "utf-8",
        errors="backslashreplace",
        line_buffering=True,
    )
    logging.root.handlers.clear()
    logging.root.setLevel(logging.WARNING)
    warnings.resetwarnings()
    for action, category, module in reversed(_DEFAULT_FILTERS):
        warnings.filterwarnings(action, category=category, module=module)  # type: ignore[arg-type]
    warnings.showwarning = warnings._showwarning_orig  # type: ignore[attr-defined]
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.argv = ["mbx", *args]
    from mbx.cli import main

    code = 0
    try:
        main.main(args=list(args), prog_name="mbx")
    except SystemExit as exc:
        if exc.code is None:
            code = 0
        elif isinstance(exc.code, int):
            code = exc.code
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception as exc:  # what Python does when stdout cannot be flushed at exit
            with contextlib.suppress(OSError):
                os.write(2, f"Exception ignored in: {stream!r}\n{type(exc).__name__}: {exc}\n".encode())
            code = 120
    return code


def run_forked(
    args: Sequence[str],
    *,
    cwd: Path,
    env: dict[str, str | None] | None = None,
    stdin: bytes = b"",
    timeout: float = 30.0,
) -> Result:
    """Run ``mbx ARGS`` in a forked child (its own process group); kill it after ``timeout``."""
    files = [tempfile.TemporaryFile() for _ in range(3)]  # noqa: SIM115 - closed by _read
    files[0].write(stdin)
    files[0].seek(0)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 99
        try:
            os.setpgid(0, 0)
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash writes no core dump
            for fd, handle in enumerate(files):
                os.dup2(handle.fileno(), fd)
            code = _child(args, env or {}, cwd)
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    status, timed_out = _wait(pid, timeout)
    elapsed = time.monotonic() - started
    out, err = (_read(files[1]), _read(files[2]))
    files[0].close()
    return Result(os.waitstatus_to_exitcode(status), out, err, elapsed, timed_out)


def _wait(pid: int, timeout: float) -> tuple[int, bool]:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            _kill_group(pid)  # nothing it started may outlive it (the --timeout child)
            return status, False
        if time.monotonic() > deadline:
            _kill_group(pid)
            _, status = os.waitpid(pid, 0)
            return status, True
        time.sleep(0.005)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _read(handle: io.BufferedRandom | tempfile._TemporaryFileWrapper[bytes]) -> bytes:
    handle.seek(0)
    data = handle.read()
    handle.close()
    return data


def _no_core_dump() -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_process(
    args: Sequence[str],
    *,
    cwd: Path,
    env: dict[str, str | None] | None = None,
    stdout: int | None = None,
    timeout: float = 60.0,
    while_running: Callable[[subprocess.Popen[bytes]], None] | None = None,
    pass_fds: Sequence[int] = (),
) -> Result:
    """Run ``python -m mbx ARGS`` as a real process (its own session); ``while_running`` acts on it."""
    environment = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    repo = str(Path(__file__).resolve().parents[1])
    environment["PYTHONPATH"] = repo + os.pathsep + environment.get("PYTHONPATH", "")
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "mbx", *args],
            cwd=cwd,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=out if stdout is None else stdout,
            stderr=err,
            start_new_session=True,
            preexec_fn=_no_core_dump,
            pass_fds=tuple(pass_fds),
        )
        notes: list[str] = []
        try:
            if while_running is not None:
                while_running(process)
            process.wait(timeout=max(0.1, timeout - (time.monotonic() - started)))
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            _kill_group(process.pid)
            process.wait()
        elapsed = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Result(process.returncode, out.read(), err.read(), elapsed, timed_out, notes)
