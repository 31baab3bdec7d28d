"""What a SPARQL text is: its form, its prefixes, SERVICE/LOAD (the network guard); refusals.

Queries are read-only: a SPARQL Update is refused unless asked for, and
``SERVICE``/``LOAD`` (which make the engine fetch remote data) unless
allowed. :func:`guard` is the one check every user's SPARQL passes through
(``mbx query``, ``mbx check``'s rules, SPARQL in user shapes): its nesting
depth (mbx.limits), the update check, and :func:`uses_remote`, which finds
SERVICE and LOAD in rdflib's parse of the query and with a tokenizer that
follows SPARQL's lexical rules (a comment ends at CR or LF), on the text as
written and with its ``\\u`` escapes expanded (as rdflib and Jena read it):
any of them finding one is enough to refuse.
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
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'{1,2}(?!'))*'''
      | \"\"\"(?:[^"\\]|\\.|"{1,2}(?!"))*\"\"\"
      | '(?:[^'\\\n\r]|\\.)*'
      | "(?:[^"\\\n\r]|\\.)*")
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


def unescape(text: str) -> str:
    """``text`` with SPARQL's ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes expanded.

    >>> unescape("\\u0053ERVICE")
    'SERVICE'
    """

    def character(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except (ValueError, OverflowError):
            return match.group()

    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", character, text)


_REMOTE_WORD = re.compile(r"service|load", re.IGNORECASE)


def uses_remote(text: str) -> bool:
    """Whether ``text`` makes an engine fetch remote data: SERVICE or LOAD, wherever hidden.

    >>> uses_remote('SELECT * { # a comment ended by CR\\rSERVICE <http://x/> { ?s ?p ?o } }')
    True
    >>> uses_remote('SELECT * { ?s <http://x/service> "LOAD" } # SERVICE')
    False
    """
    readings = {text, unescape(text)}
    if not any(_REMOTE_WORD.search(reading) for reading in readings):
        return False  # neither word anywhere: nothing to parse
    if any(analyse(reading).uses_service for reading in readings):
        return True
    return _parsed_remote(text)


def _parsed_remote(text: str) -> bool:
    """Whether rdflib's parse of ``text`` holds SERVICE or LOAD (False if rdflib cannot parse it).

    rdflib expands ``\\u`` escapes and, like SPARQL's grammar, ends comments at
    CR or LF once line ends are LF; a text it cannot parse is left to the tokenizer.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    for parse in (parseQuery, parseUpdate):
        try:
            tree = parse(normalised)
        except (ParseException, RecursionError, ValueError, TypeError, AttributeError):
            continue
        return _holds_remote(tree)
    return False


def _holds_remote(tree: object) -> bool:
    """Whether a pyparsing/rdflib parse tree holds a ServiceGraphPattern or a Load."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    seen = 0
    while stack:
        node = stack.pop()
        seen += 1
        if isinstance(node, CompValue):
            if node.name in ("ServiceGraphPattern", "Load"):
                return True
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)  # type: ignore[arg-type]
    return False


def guard(
    text: str, source: str, *, update: bool = False, allow_service: bool = False
) -> QueryInfo:
    """The one check of a user's SPARQL before an engine sees it; its :class:`QueryInfo`.

    Refuses (exit 2) a query nested deeper than ``MBX_MAX_DEPTH``, text that
    is not UTF-8, an update without ``update`` and SERVICE or LOAD without
    ``allow_service``.
    """
    from mbx.limits import check_query_depth

    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError(
            "the query is not valid UTF-8 text", source=source, hint="save it as UTF-8"
        ) from None
    check_query_depth(text, source)
    info = analyse(text)
    check_allowed(info, source, update=update, allow_service=allow_service, text=text)
    return info


def check_allowed(
    info: QueryInfo, source: str, *, update: bool, allow_service: bool, text: str | None = None
) -> None:
    """Refuse an update without ``update`` and SERVICE without ``allow_service`` (exit 2)."""
    if info.is_update and not update:
        raise QueryError(
            "SPARQL Update refused: mbx query is read-only",
            source=source,
            hint="give --update to apply it to a --store or an --endpoint",
        )
    remote = info.uses_service or (text is not None and not allow_service and uses_remote(text))
    if remote and not allow_service:
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
