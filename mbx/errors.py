"""Typed errors and their exit codes (mapped to exit statuses once, in mbx/cli), one-line text.

| code | meaning |
|---|---|
| 0 | success; data conforms |
| 1 | the check ran and found problems (SHACL violations, ASK false with --exit-on-false) |
| 2 | user or input error (bad option, unreadable file, RDF or SPARQL syntax error) |
| 3 | environment failure (endpoint unreachable, no Java) |
"""

from __future__ import annotations

import re


class MbxError(Exception):
    """Base class of every error mbx reports to a user."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.source is not None:
            where = self.source
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return text


class InputError(MbxError):
    """Unreadable, malformed or unsafe input (exit 2)."""

    exit_code = 2


class UsageError(MbxError):
    """A bad option or combination of options (exit 2)."""

    exit_code = 2


class OutputError(MbxError):
    """The output cannot be written (exit 2)."""

    exit_code = 2


class QueryError(MbxError):
    """A SPARQL syntax error or a refused query (exit 2)."""

    exit_code = 2


class EnvironmentFailure(MbxError):
    """Something outside the user's input failed: endpoint down, no Java (exit 3)."""

    exit_code = 3


class CheckFailed(MbxError):
    """The check ran and found problems (exit 1)."""

    exit_code = 1


def one_line(text: object, limit: int = 200) -> str:
    """``text`` as one short line for a message: whitespace collapsed, cut at ``limit``.

    >>> one_line("expected one of\\n   ',', '.'")
    "expected one of ',', '.'"
    >>> one_line("x" * 10, limit=8)
    'xxxxx...'
    """
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3].rstrip() + "..."


#: C0 and C1 control characters: shown escaped, never sent to a terminal as they are
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_text(text: str) -> str:
    r"""``text`` with its control characters escaped (``\x1b``), safe to show on a terminal.

    >>> safe_text("\x1b[31mred")
    '\\x1b[31mred'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
