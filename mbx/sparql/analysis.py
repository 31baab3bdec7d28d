"""What a SPARQL text is: its form, its prefixes, SERVICE/LOAD (a tokenizer); refusals and errors.

Queries are read-only: a SPARQL Update is refused unless asked for, and
``SERVICE``/``LOAD`` (which make the engine fetch remote data) unless
allowed. Both are detected by :func:`analyse`, a tokenizer that skips
comments, strings, IRIs and language tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mbx.errors import QueryError, one_line

QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATE_KEYWORDS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
)

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'{1,2}(?!'))*'''
      | \"\"\"(?:[^"\\]|\\.|"{1,2}(?!"))*\"\"\"
      | '(?:[^'\\\n]|\\.)*'
      | "(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:[\w\-:%]|\\.|\.(?=[\w\-:%]))*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class QueryInfo:
    """What :func:`analyse` found in a query or update."""

    form: str  # SELECT, CONSTRUCT, ASK, DESCRIBE, UPDATE, or "" when unknown
    uses_service: bool  # SERVICE or LOAD: the engine would fetch remote data
    used_prefixes: frozenset[str]
    declared_prefixes: frozenset[str]
    names_dataset: bool = False  # FROM or FROM NAMED: the query says which graphs it reads

    @property
    def is_update(self) -> bool:
        """True for a SPARQL Update request."""
        return self.form == "UPDATE"


def analyse(text: str) -> QueryInfo:
    """The form of ``text`` and whether it uses ``SERVICE``, ignoring comments, strings and IRIs.

    >>> analyse('# SERVICE in a comment\\nSELECT * { ?s ?p "SERVICE" }').uses_service
    False
    >>> analyse("PREFIX ex: <http://ex/> INSERT DATA { ex:a ex:b ex:c }").form
    'UPDATE'
    """
    form = ""
    service = False
    dataset = False
    used: set[str] = set()
    declared: set[str] = set()
    after_prefix = False
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind in ("ws", "comment"):
            continue
        if kind == "pname":
            prefix = value.split(":", 1)[0]
            (declared if after_prefix else used).add(prefix)
        elif kind == "word":
            keyword = value.upper()
            if keyword in ("SERVICE", "LOAD"):
                service = True  # both make the engine fetch data from other servers
            dataset = dataset or keyword == "FROM"
            if not form and keyword in QUERY_FORMS:
                form = keyword
            elif not form and keyword in UPDATE_KEYWORDS:
                form = "UPDATE"
        after_prefix = kind == "word" and value.upper() == "PREFIX"
    return QueryInfo(form, service, frozenset(used), frozenset(declared), dataset)


def check_allowed(info: QueryInfo, source: str, *, update: bool, allow_service: bool) -> None:
    """Refuse an update without ``update`` and SERVICE without ``allow_service`` (exit 2)."""
    if info.is_update and not update:
        raise QueryError(
            "SPARQL Update refused: mbx query is read-only",
            source=source,
            hint="give --update to apply it to a --store or an --endpoint",
        )
    if info.uses_service and not allow_service:
        raise QueryError(
            "SERVICE/LOAD refused: it makes the engine fetch data from other servers",
            source=source,
            hint="give --allow-service if you mean it",
        )


def missing_prefixes(text: str) -> list[str]:
    """The MBX prefixes ``text`` uses but does not declare (sorted)."""
    from mbx.namespaces import PREFIXES

    info = analyse(text)
    return sorted((info.used_prefixes - info.declared_prefixes) & PREFIXES.keys())


def syntax_error(exc: SyntaxError, source: str, text: str = "") -> QueryError:
    """pyoxigraph's SPARQL syntax error as one short line at the user's line and column."""
    message = str(exc)
    line = column = None
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if match:
        line, column, message = int(match.group(1)), int(match.group(2)), match.group(3)
    return QueryError(_syntax_message(message, text), source=source, line=line, column=column)


def _syntax_message(message: str, text: str) -> str:
    """One short line from a parser's message (which may list every expected character)."""
    from mbx.namespaces import PREFIXES

    if "Prefix not found" in message and text:
        info = analyse(text)
        unknown = sorted(info.used_prefixes - info.declared_prefixes - set(PREFIXES))
        if unknown:
            names = ", ".join(f"'{name}:'" for name in unknown)
            return f"SPARQL syntax error: undeclared prefix {names}; add a PREFIX declaration"
    return f"SPARQL syntax error: {one_line(message, 160)}"
