"""Write output atomically: a temporary file in the same folder, then rename."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from mbx.errors import OutputError


def write_output(data: bytes, destination: str | Path | None) -> None:
    """Write ``data`` to ``destination`` (``None`` or ``-`` is standard output).

    A file is written to a temporary sibling first and renamed over the
    target only once complete, so a failure never leaves a partial file or
    clobbers an existing one.
    """
    if destination is None or str(destination) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(destination)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError("folder does not exist", source=str(target))
    if target.is_dir():
        raise OutputError("is a directory", source=str(target))
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", source=str(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp_name, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, target)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise OutputError(f"cannot write: {exc.strerror}", source=str(target)) from None
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
