"""Run a command with its stderr on a pseudo-terminal (pty), as a user at a terminal would."""

from __future__ import annotations

import os
import pty
import subprocess


def run_on_terminal(args: list[str], timeout: float = 120) -> tuple[int, str]:
    """``args`` run with stderr on a 100-column pty: its exit code and all it showed there."""
    main_fd, child = pty.openpty()
    process = subprocess.Popen(
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=child,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
    )
    os.close(child)
    shown = b""
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        shown += chunk
    code = process.wait(timeout=timeout)
    os.close(main_fd)
    return code, shown.decode(errors="replace")
