"""Write output atomically: a temporary file in the same folder, then rename."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from mbx.errors import OutputError, Stopped


def write_output(data: bytes, destination: str | Path | None) -> None:
    """Write ``data`` to ``destination`` (``None`` or ``-`` is standard output).

    A regular file is written to a temporary sibling first and renamed over
    the target only once complete, so a failure (or SIGTERM) never leaves a
    partial file or clobbers an existing one. A symbolic link is followed (the
    file it points to is replaced, the link stays); anything that is not a
    regular file — ``/dev/stdout``, a pipe, ``>(gzip > x.gz)`` — is written to
    directly, as ``riot``/ROBOT do. An existing file the user may not write
    is refused, even for root.
    """
    with open_output(destination) as handle:
        handle.write(data)


@contextmanager
def open_output(destination: str | Path | None) -> Iterator[BinaryIO]:
    """A binary file to write ``destination`` with, as :func:`write_output` does, piece by piece.

    The file appears (atomically, by rename) only when the ``with`` block
    ends without an error; if it raises, nothing is left behind.
    """
    if destination is None or str(destination) == "-":
        try:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(
                f"cannot write to standard output: {exc.strerror}", source="-"
            ) from None
        return
    shown = str(destination)
    path = Path(destination)
    try:
        status = os.stat(path)  # follows symbolic links
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", source=shown) from None
    if status is not None and not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode):
        with _in_place(path, shown) as handle:
            yield handle
        return
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError("folder does not exist", source=str(folder))
    if target.is_dir():
        raise OutputError("is a directory", source=shown)
    if target.exists() and not target.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise OutputError("cannot write: the file is read-only", source=shown)
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError("cannot write: Permission denied", source=shown)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", source=shown) from None
    try:
        with _terminate_as_exception(), os.fdopen(fd, "wb", buffering=1 << 20) as handle:
            try:
                yield handle
            except OSError as exc:  # a write into the temporary file failed
                raise OutputError(f"cannot write: {exc.strerror}", source=shown) from None
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
        raise OutputError(f"cannot write: {exc.strerror}", source=shown) from None
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


@contextmanager
def _in_place(target: Path, shown: str) -> Iterator[BinaryIO]:
    """Write to a device, FIFO or socket as it is (no rename: it is not a file)."""
    try:
        with open(target, "wb") as handle:
            yield handle
            handle.flush()
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", source=shown) from None


def spool() -> BinaryIO:
    """A temporary binary file, in memory up to 32 MB (for output written in two parts)."""
    return tempfile.SpooledTemporaryFile(max_size=32 << 20)  # type: ignore[return-value]


@contextmanager
def _terminate_as_exception() -> Iterator[None]:
    """SIGTERM or SIGHUP while writing raises :class:`Stopped`, so the temporary file is removed."""

    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    previous = {}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, OSError):  # not the main thread: leave them
            previous[signum] = signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def check_not_an_input(output: str | None, inputs: Iterable[str | None]) -> None:
    """Refuse an ``-o`` file that is one of the inputs (exit 2): it would replace the data.

    Compared as files (``./f``, a symbolic or hard link to ``f`` are ``f``), before any work.
    """
    if output is None or output == "-":
        return
    try:
        written = os.stat(output)
    except OSError:
        return  # not there yet: it cannot be an input
    if not stat.S_ISREG(written.st_mode):
        return  # a device or a pipe is written as it is, never replaced
    for source in inputs:
        if source is None or source == "-":
            continue
        try:
            read = os.stat(source)
        except OSError:
            continue
        if os.path.samestat(read, written):
            raise OutputError(
                f"-o is the same file as the input {source}: it would replace the data",
                source=output,
                hint="write to another file",
            )
