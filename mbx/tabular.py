"""Plain-text, Markdown, CSV and TSV tables for the reports of `mbx matrix` and `mbx path`."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from mbx.errors import safe_text


def safe(text: str) -> str:
    r"""``text`` on one line (whitespace runs as one space), control characters escaped.

    Quotes and labels come from users' files too: no terminal escape sequence
    reaches the screen.

    >>> safe("a\x1b[31m  b\nc")
    'a\\x1b[31m b c'
    """
    return safe_text(" ".join(text.split()))


def markdown(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured Markdown table (``|`` in cells escaped).

    >>> print(markdown(["a", "b"], [["x|y", ""]]), end="")
    | a | b |
    |---|---|
    | x\\|y |  |
    """

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(safe(v).replace("|", "\\|") for v in values) + " |\n"

    return line(header) + "|" + "---|" * len(header) + "\n" + "".join(line(r) for r in rows)


def delimited(header: Sequence[str], rows: Sequence[Sequence[str]], delimiter: str) -> str:
    r"""CSV (``,``) or TSV (``\t``): RFC 4180 quoting for CSV; TSV cells keep no tabs or newlines.

    >>> print(delimited(["a", "b"], [["x,y", "z"]], ","), end="")
    a,b
    "x,y",z
    """
    buffer = io.StringIO()
    if delimiter == "\t":
        for row in [header, *rows]:
            buffer.write("\t".join(safe(c).replace("\t", " ") for c in row) + "\n")
        return buffer.getvalue()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[safe(c) for c in row] for row in rows])
    return buffer.getvalue()


def render(header: Sequence[str], rows: Sequence[Sequence[str]], fmt: str) -> str:
    """``rows`` as ``fmt``: table, markdown, csv or tsv."""
    from mbx.sparql.writers import aligned

    if fmt == "markdown":
        return markdown(header, rows)
    if fmt == "csv":
        return delimited(header, rows, ",")
    if fmt == "tsv":
        return delimited(header, rows, "\t")
    return aligned(header, [[safe(c) for c in row] for row in rows])
