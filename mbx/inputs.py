"""Reading the user's input: files and '-' (standard input, read once), and their RDF format."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from mbx.errors import InputError, UsageError
from mbx.formats import RdfFormat, guess_format, resolve_format

STDIN = "-"


def check_stdin_once(**uses: Iterable[str | None]) -> None:
    """Refuse ``-`` (standard input) given more than once: the one stdin guard of mbx.

    Each keyword names what a group of sources is (``data``, ``shapes``,
    ``query``), so the message says what to change.

    >>> check_stdin_once(data=["a.ttl", "-"], shapes=["s.ttl"])
    >>> check_stdin_once(data=["-", "-"])
    Traceback (most recent call last):
    mbx.errors.UsageError: standard input can be read only once: give - as one input only
    >>> check_stdin_once(query=["-"], data=["-"])
    Traceback (most recent call last):
    mbx.errors.UsageError: standard input can be read only once: give the query or the data as -
    """
    counts = {name: sum(1 for s in sources if s == STDIN) for name, sources in uses.items()}
    readers = [name for name, count in counts.items() if count]
    if len(readers) > 1:
        raise UsageError(
            "standard input can be read only once: "
            f"give the {' or the '.join(readers)} as {STDIN}"
        )
    if any(count > 1 for count in counts.values()):
        raise UsageError(
            f"standard input can be read only once: give {STDIN} as one input only"
        )


def read_bytes(source: str) -> bytes:
    """The bytes of ``source``: a path, or ``-`` for standard input, read once.

    Refused past ``MBX_MAX_INPUT`` bytes (mbx.limits), whatever it is: a file,
    a pipe (``<(cat f)``), a device (``/dev/zero``).
    """
    from mbx.limits import read_limited

    if source == STDIN:
        return read_limited(sys.stdin.buffer, STDIN)
    with open_file(source) as handle:
        try:
            return read_limited(handle, source)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", source=source) from None


def regular_file_size(source: str) -> int | None:
    """The size of ``source`` if it is a regular file (not ``-``, a pipe or a device), else None.

    Regular files may be parsed as they are read and recognised again by a
    ``stat``; anything else is read once, whole (:func:`read_bytes`).
    """
    import os
    import stat

    if source == STDIN:
        return None
    try:
        status = os.stat(source)
    except OSError:
        return None  # read_bytes says why, in one line
    return status.st_size if stat.S_ISREG(status.st_mode) else None


def open_file(source: str, buffering: int = -1) -> BinaryIO:
    """The file ``source`` opened for reading in binary; one clear line when it cannot be."""
    try:
        return open(source, "rb", buffering=buffering)
    except FileNotFoundError:
        raise InputError("no such file", source=source) from None
    except IsADirectoryError:
        raise InputError("is a directory, not an RDF file", source=source) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=source) from None


def input_format(source: str, name: str | None = None) -> RdfFormat:
    """The format to parse ``source`` with: ``name`` if given, else from the extension.

    Standard input with no format is read as Turtle (N-Triples is Turtle too).
    """
    if name:
        return resolve_format(name)
    if source == STDIN:
        return resolve_format("turtle")
    if not Path(source).exists():
        raise InputError("no such file", source=source)
    if Path(source).is_dir():
        raise InputError("is a directory, not an RDF file", source=source)
    guessed = guess_format(source)
    if guessed is None:
        raise InputError(
            "cannot tell the RDF format from the file extension",
            source=source,
            hint="give --input-format",
        )
    return guessed
