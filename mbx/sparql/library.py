"""The shipped query library (examples/queries/*.rq) and reading a query from the user."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mbx.errors import InputError, UsageError


@dataclass(frozen=True)
class LibraryQuery:
    """One documented query shipped with mbx."""

    name: str
    path: Path
    question: str


def library() -> list[LibraryQuery]:
    """The shipped queries (``*.rq`` in :func:`mbx.resources.queries_dir`), by name."""
    from mbx.resources import queries_dir

    found = []
    for path in sorted(queries_dir().glob("*.rq")):
        question = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"\s*#\s*Question:\s*(.*\S)", line)
            if match:
                question = match.group(1)
                break
        found.append(LibraryQuery(path.stem, path, question))
    return found


def find_query(name: str) -> LibraryQuery:
    """The shipped query called ``name`` (its file stem)."""
    queries = library()
    for query in queries:
        if query.name == name:
            return query
    import difflib

    close = difflib.get_close_matches(name, [q.name for q in queries], n=3)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise UsageError(f"no shipped query named {name!r}", hint=hint + "see `mbx query --list`")


def library_table() -> str:
    """``mbx query --list``: each shipped query's name and question."""
    from mbx.sparql.writers import aligned

    return aligned(["name", "question"], [[q.name, q.question] for q in library()])


#: the file extensions of SPARQL query files
QUERY_FILE_SUFFIXES = (".rq", ".sparql", ".ru")


def query_or_file(text: str | None, file: str | None) -> tuple[str | None, str | None]:
    """``(text, file)`` with a QUERY argument that names a query file read as ``-q FILE``.

    An argument without whitespace or braces that ends in .rq, .sparql or
    .ru is a file name, not SPARQL: it is read when it exists, and refused
    with a hint when it does not.

    >>> query_or_file("ASK {}", None)
    ('ASK {}', None)
    """
    if text is None or file is not None or re.search(r"[\s{}]", text):
        return text, file
    if not text.lower().endswith(QUERY_FILE_SUFFIXES):
        return text, file
    if not Path(text).is_file():
        raise UsageError(
            f"no query file {text!r}", hint="QUERY is SPARQL text; give a query file with -q FILE"
        )
    return None, text


def read_query(
    text: str | None = None, *, file: str | None = None, name: str | None = None
) -> tuple[str, str]:
    """The query text and the name errors report: inline, a file (``-``: stdin) or a name."""
    given = [x for x in (text, file, name) if x is not None]
    if len(given) != 1:
        raise UsageError(
            "give exactly one query: QUERY, -q/--query-file FILE or --name NAME"
            if given
            else "no query given",
            hint="see `mbx query --help`; `mbx query --list` shows the shipped queries",
        )
    if text is not None:
        return text, "query"
    if name is not None:
        path = find_query(name).path
        return path.read_text(encoding="utf-8"), str(path)
    assert file is not None
    from mbx.inputs import STDIN, read_bytes

    data = read_bytes(file)
    try:
        # a byte order mark (Windows editors) is not part of the query
        return data.decode("utf-8").removeprefix("\ufeff"), ("<stdin>" if file == STDIN else file)
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=file) from None
