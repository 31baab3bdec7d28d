"""Child processes that die with their parent: PR_SET_PDEATHSIG on Linux, a watchdog elsewhere.

mbx starts children for ``mbx query --timeout`` (the query engine) and
``mbx reason`` (Java: HermiT, Pellet). If mbx is killed — even with SIGKILL,
when nothing of mbx runs any more — the kernel kills them too, so no query or
reasoner keeps running for nobody.
"""

from __future__ import annotations

import os
import sys

#: prctl(2)'s PR_SET_PDEATHSIG
_PR_SET_PDEATHSIG = 1


def _pdeathsig() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def die_with_parent(parent: int) -> None:  # pragma: no cover - runs in a child
    """Make this child process end when ``parent`` does, even if the parent is SIGKILLed."""
    import signal

    for signum in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)  # the parent's handlers are for the parent
    if _pdeathsig():
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
        return
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def before_exec() -> None:  # pragma: no cover - runs in a child, between fork and exec
    """``preexec_fn`` for subprocess: the program (Java) is killed when mbx dies (Linux)."""
    _pdeathsig()
