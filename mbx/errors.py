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


class Stopped(SystemExit):
    """A signal (SIGHUP, SIGTERM) stopped mbx: work is undone, the exit status is 128+N.

    A SystemExit (its code 128+N), so that no ``except Exception`` swallows it,
    every cleanup (``finally``, temporary files) runs, and a library caller
    that does not catch it exits as the signal would have it.
    """

    def __init__(self, signum: int) -> None:
        import signal

        super().__init__(128 + signum)
        self.signum = signum
        self.name = signal.Signals(signum).name
        self.exit_code = 128 + signum
        #: what the signal left behind, for the message
        self.detail = "nothing was written"


def one_line(text: object, limit: int = 200) -> str:
    """``text`` as one short line for a message: whitespace collapsed, cut at ``limit``.

    >>> one_line("expected one of\\n   ',', '.'")
    "expected one of ',', '.'"
    >>> one_line("x" * 10, limit=8)
    'xxxxx...'
    """
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3].rstrip() + "..."


#: C0 and C1 control characters, and the bidirectional overrides that reorder what a
#: terminal shows: escaped, never sent to a terminal as they are
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str) -> str:
    r"""``text`` with its control characters escaped (``\x1b``), safe to show on a terminal.

    >>> safe_text("\x1b[31mred")
    '\\x1b[31mred'
    >>> safe_text("\u202eevil")
    '\\u202eevil'
    """

    def escaped(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROL.sub(escaped, text)


def printable(text: object, limit: int = 2000) -> str:
    r"""``text`` as mbx may show it: credentials masked, one line, control characters escaped.

    Every error, warning and server message mbx prints goes through here.

    >>> printable("bad\r\nthing \x1b[2J at http://u:pw@host/x?token=abc")
    'bad thing \\x1b[2J at http://host/x?token=***'
    """
    from mbx.redaction import redact

    text = redact(str(text)).replace("\x00", " ")
    return safe_text(one_line(text, limit))
