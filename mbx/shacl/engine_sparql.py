"""SHACL-SPARQL query text for the engine: pySHACL's checks, ``$this`` pre-binding, REGEX as rdflib.

pySHACL runs a constraint's ``sh:select`` once per focus node with ``$this``
pre-bound (rdflib ``initBindings``: the variable is bound everywhere in the
query, sub-selects included). The engine runs it on Oxigraph:

* **batch**: once for all focus nodes, the focus set joined at the start of
  the query's top group. That equals pre-binding when every ``$this`` sits
  where the top group's bindings reach: the top group itself (patterns,
  FILTER, BIND), the groups of its ``FILTER [NOT] EXISTS`` (recursively),
  triple patterns of directly nested OPTIONAL groups (and their top-level
  FILTER, the left-join condition), and triple patterns of nested plain or
  UNION groups. No sub-select, aggregate, LIMIT or OFFSET.
* **per focus**: otherwise, once per focus node with the node joined at the
  start of *every* group of the query (sub-selects included): pre-binding.

``REGEX`` is rewritten to a custom function that calls Python's ``re.search``
exactly as rdflib does, so patterns mean what they mean under pySHACL.
What pySHACL refuses (MINUS, VALUES, SERVICE, a sub-select without ``$this``,
``AS ?this``, ``$shapesGraph``) and what would not give the same answer here
(GRAPH, FROM, random or time functions, GROUP_CONCAT, SAMPLE, REPLACE) is
:class:`Unsupported`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mbx.shacl.engine_rewrite import rewrite_not_exists
from mbx.shacl.engine_terms import REGEX_FUNCTION, Unsupported, scratch_pattern
from mbx.shacl.engine_tokens import Token, significant, tokenize

# pySHACL 0.40's checks, verbatim (pyshacl/helper/sparql_query_helper.py)
_BIND_THIS = re.compile(r"([\s{}()])[\$\?]this", flags=re.M)
_BIND_PATH = re.compile(r"([\s{}()])[\$\?]PATH", flags=re.M)
_BIND_SG = re.compile(r"([\s{}()])[\$\?]shapesGraph", flags=re.M)
_BIND_CS = re.compile(r"([\s{}()])[\$\?]currentShape", flags=re.M)
_HAS_MINUS = re.compile(r"^(?:[^#]*|M)(?!#)#?[^\?\$\#]M?INUS[\s\{]", flags=re.M | re.I)
_HAS_VALUES = re.compile(
    r"^(?!\s*#).*?(?<![\w\-\:])VALUES\b(?:\s*(?:\(|[\?\$]\w+|\{|\w|\s))", flags=re.M | re.I
)
_HAS_SERVICE = re.compile(r"^(?:[^#]*|S)(?!#)#?[^\?\$\#]S?ERVICE[\s\<]", flags=re.M | re.I)
_HAS_NESTED_SELECT = re.compile(
    r"SELECT[\s\(\)\$\?\a-z]*\{[^\}]*SELECT\s+((?:(?:[\?\$]\w+\s+)|(?:\*\s+))+)", flags=re.M | re.I
)
_HAS_AS_VAR = re.compile(r"[^\w]+AS[\s]+[\$\?](\w+)", flags=re.M | re.I)

#: the prefixes rdflib's SPARQL parser knows without a PREFIX line (rdflib 7's Prologue);
#: pySHACL's queries can use them, so the engine's queries can too (a test pins this table)
RDFLIB_QUERY_PREFIXES: dict[str, str] = {
    "brick": "https://brickschema.org/schema/Brick#",
    "csvw": "http://www.w3.org/ns/csvw#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcam": "http://purl.org/dc/dcam/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "dcterms": "http://purl.org/dc/terms/",
    "doap": "http://usefulinc.com/ns/doap#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "odrl": "http://www.w3.org/ns/odrl/2/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prof": "http://www.w3.org/ns/dx/prof/",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sosa": "http://www.w3.org/ns/sosa/",
    "ssn": "http://www.w3.org/ns/ssn/",
    "time": "http://www.w3.org/2006/time#",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "wgs": "https://www.w3.org/2003/01/geo/wgs84_pos#",
    "xml": "http://www.w3.org/XML/1998/namespace",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: stands for the scratch set's IRI in a prepared query text
SET_PLACEHOLDER = "urn:x-mbx-shacl:set:PLACEHOLDER"


_REFUSED_WORDS = {
    "GRAPH": "GRAPH (pySHACL validates a single graph)",
    "FROM": "FROM",
    "SERVICE": "SERVICE",
    "MINUS": "MINUS",
    "RAND": "RAND()",
    "NOW": "NOW()",
    "UUID": "UUID()",
    "STRUUID": "STRUUID()",
    "BNODE": "BNODE()",
    "GROUP_CONCAT": "GROUP_CONCAT",
    "SAMPLE": "SAMPLE",
    "REPLACE": "REPLACE (regular expressions other than REGEX)",
}
_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "GROUP", "HAVING"}


@dataclass
class _Group:
    open: int  # token index of "{"
    kind: str  # top, exists, optional, group, subselect
    parent: int | None  # index into the group list
    close: int = -1


@dataclass(frozen=True)
class Prepared:
    """A constraint's query, ready for the engine."""

    prebound: bool  #: pySHACL pre-binds $this (the query text mentions it)
    batch: bool  #: one query for all focus nodes
    projects_this: bool  #: ?this is a result variable of the original query
    text: str  #: query text with :data:`SET_PLACEHOLDER` where the scratch set IRI goes
    zero_length: bool = False  #: the query may use a path that matches zero steps
    computed: frozenset[str] = frozenset()  #: variables bound by ``AS`` (BIND, projection)


def pyshacl_checks(select_text: str) -> None:
    """pySHACL's refusals of a SPARQL constraint (it raises; the engine falls back)."""
    if _HAS_MINUS.search(select_text):
        raise Unsupported("pySHACL refuses a SPARQL constraint with MINUS")
    if _HAS_VALUES.search(select_text):
        raise Unsupported("pySHACL refuses a SPARQL constraint with VALUES")
    if _HAS_SERVICE.search(select_text):
        raise Unsupported("pySHACL refuses a SPARQL constraint with SERVICE")
    nested = _HAS_NESTED_SELECT.search(select_text)
    if nested:
        names = [v.lstrip("$?").rstrip() for v in nested.group(1).split()]
        if not names or names == ["*"] or "this" not in names:
            raise Unsupported("pySHACL refuses a sub-select that does not select $this")
    as_var = _HAS_AS_VAR.search(select_text)
    if as_var and as_var.group(1) in ("this", "shapesGraph", "currentShape"):
        raise Unsupported("pySHACL refuses AS ?this in a SPARQL constraint")
    if _BIND_SG.search(select_text):
        raise Unsupported("pySHACL does not support $shapesGraph")


def prefix_block(prefixes: dict[str, str]) -> str:
    """The PREFIX lines pySHACL puts before a query (``apply_prefixes``)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + "\n"


def substitute_path(select_text: str, path_sparql: str | None) -> str:
    """``$PATH`` replaced by the shape's path, as pySHACL does (no path: refused)."""
    if path_sparql is None:
        if _BIND_PATH.search(select_text):
            raise Unsupported("$PATH in a SPARQL constraint of a node shape")
        return select_text
    return _BIND_PATH.sub(lambda m: m.group(1) + path_sparql, select_text)


@lru_cache(maxsize=1024)
def prepare(text: str, *, current_shape: str | None = None) -> Prepared:
    """Analyse a constraint query (prefixes applied, $PATH substituted) for the engine.

    ``current_shape`` is the SPARQL text of the shape node, bound to
    ``$currentShape`` when the query mentions it.
    """
    prebound = bool(_BIND_THIS.search(text))
    wants_shape = bool(_BIND_CS.search(text))
    tokens = tokenize(text)
    words = [t.text.upper() for t in tokens if t.kind == "word"]
    for word in words:
        if word in _REFUSED_WORDS:
            raise Unsupported(f"{_REFUSED_WORDS[word]} in a SPARQL constraint")
    selects = [i for i, t in enumerate(tokens) if t.kind == "word" and t.text.upper() == "SELECT"]
    if not selects:
        raise Unsupported("sh:select is not a SELECT query")
    groups, projection, where = _structure(tokens, selects[0])
    star = any(tokens[i].text == "*" for i in projection)
    projects_this = star or "this" in _projected_variables(tokens, projection)
    aggregated = any(w in _AGGREGATES for w in words)
    limited = any(w in ("LIMIT", "OFFSET") for w in words)
    batch = (
        prebound
        and not wants_shape
        and len(selects) == 1
        and not aggregated
        and not limited
        and _batch_safe(tokens, groups, where)
    )
    if wants_shape and current_shape is None:
        raise Unsupported("$currentShape on a blank-node shape")
    # the rewrites keep the answers (and the structure found above) as they are
    names = (
        None
        if (star or aggregated or len(selects) > 1)
        else set(_projected_variables(tokens, projection))
    )
    tokens = tokenize(rewrite_not_exists(text, names))
    selects = [i for i, t in enumerate(tokens) if t.kind == "word" and t.text.upper() == "SELECT"]
    groups, projection, where = _structure(tokens, selects[0])
    out = [t.text for t in tokens]
    _rewrite_regex(tokens, out)
    binding = " " + scratch_pattern(SET_PLACEHOLDER) + " "
    if wants_shape:
        binding += f"BIND({current_shape} AS ?currentShape) "
    if not prebound:
        if wants_shape:
            raise Unsupported("$currentShape without $this")
    elif batch:
        out[groups[0].open] += binding
        if not projects_this:
            out[projection[0]] = " ?this " + out[projection[0]]
    else:
        for group in groups:
            if group.kind != "subselect":
                out[group.open] += binding
    text_out = "".join(out)
    zero_length = any(t.kind == "punct" and t.text in ("*", "?") for t in tokens[where:])
    computed = frozenset(
        tokens[j].text[1:]
        for i, t in enumerate(tokens)
        if t.kind == "word" and t.text.upper() == "AS"
        for j in [significant(tokens, i, 1)]
        if j < len(tokens) and tokens[j].kind == "var"
    )
    return Prepared(prebound, batch, projects_this, text_out, zero_length, computed)


@lru_cache(maxsize=1024)
def plain_query(text: str) -> str:
    """A query run as is (a SPARQL target): refusals checked, REGEX as rdflib evaluates it."""
    tokens = tokenize(rewrite_not_exists(text))
    for token in tokens:
        if token.kind == "word" and token.text.upper() in _REFUSED_WORDS:
            raise Unsupported(f"{_REFUSED_WORDS[token.text.upper()]} in a SPARQL target")
    out = [t.text for t in tokens]
    _rewrite_regex(tokens, out)
    return "".join(out)


def _rewrite_regex(tokens: list[Token], out: list[str]) -> None:
    for i, token in enumerate(tokens):
        if token.kind == "word" and token.text.upper() == "REGEX":
            j = significant(tokens, i, 1)
            if j < len(tokens) and tokens[j].text == "(":
                out[i] = f"<{REGEX_FUNCTION}>"


def _projected_variables(tokens: list[Token], projection: list[int]) -> list[str]:
    """Plain variables and ``AS ?v`` targets of the projection."""
    names: list[str] = []
    depth = 0
    for i in projection:
        token = tokens[i]
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.kind == "var":
            previous = significant(tokens, i, -1)
            if depth == 0 or (previous >= 0 and tokens[previous].text.upper() == "AS"):
                names.append(token.text[1:])
    return names


def _structure(tokens: list[Token], select: int) -> tuple[list[_Group], list[int], int]:
    """Groups of the query (in order of their "{"), the projection tokens, the WHERE "{" index."""
    projection: list[int] = []
    i = significant(tokens, select, 1)
    if i < len(tokens) and tokens[i].text.upper() in ("DISTINCT", "REDUCED"):
        i = significant(tokens, i, 1)
    while i < len(tokens) and tokens[i].text != "{" and tokens[i].text.upper() != "WHERE":
        if tokens[i].kind not in ("ws", "comment"):
            projection.append(i)
        i += 1
    if i < len(tokens) and tokens[i].text.upper() == "WHERE":
        i = significant(tokens, i, 1)
    if i >= len(tokens) or tokens[i].text != "{" or not projection:
        raise Unsupported("cannot find the WHERE clause of the SPARQL constraint")
    where = i
    groups: list[_Group] = []
    stack: list[int] = []
    for j in range(where, len(tokens)):
        text = tokens[j].text
        if tokens[j].kind != "punct":
            continue
        if text == "{":
            parent = stack[-1] if stack else None
            kind = "top" if parent is None else _group_kind(tokens, j)
            groups.append(_Group(j, kind, parent))
            stack.append(len(groups) - 1)
        elif text == "}":
            if not stack:
                raise Unsupported("unbalanced braces in the SPARQL constraint")
            groups[stack.pop()].close = j
            if not stack:
                break
    if stack:
        raise Unsupported("unbalanced braces in the SPARQL constraint")
    return groups, projection, where


def _group_kind(tokens: list[Token], open_index: int) -> str:
    after = significant(tokens, open_index, 1)
    if after < len(tokens) and tokens[after].text.upper() == "SELECT":
        return "subselect"
    before = significant(tokens, open_index, -1)
    word = tokens[before].text.upper() if before >= 0 else ""
    if word == "EXISTS":
        return "exists"
    if word == "OPTIONAL":
        return "optional"
    return "group"


def _batch_safe(tokens: list[Token], groups: list[_Group], where: int) -> bool:
    """Whether every $this sits where the top group's bindings reach (see the module doc)."""
    visible = [False] * len(groups)
    for n, group in enumerate(groups):
        if group.parent is None:
            visible[n] = True
        elif group.kind == "exists":
            visible[n] = visible[group.parent]
    close_of_top = groups[0].close
    for i in range(where, close_of_top + 1):
        token = tokens[i]
        if token.kind != "var" or token.text[1:] != "this":
            continue
        chain = _chain(groups, i)
        innermost = chain[-1]
        if visible[innermost]:
            continue
        in_expression, in_bind = _expression_context(tokens, groups[innermost].open, i)
        # first invisible group on the way down
        first = next(g for g in chain if not visible[g])
        rest = chain[chain.index(first) :]
        if (
            len(rest) == 1
            and groups[first].kind == "optional"
            and visible[groups[first].parent or 0]
            and not in_bind
        ):
            continue
        if not in_expression and all(groups[g].kind == "group" for g in rest):
            continue
        return False
    return True


def _chain(groups: list[_Group], index: int) -> list[int]:
    """The groups that contain token ``index``, outermost first."""
    return [n for n, g in enumerate(groups) if g.open < index < g.close]


def _expression_context(tokens: list[Token], start: int, index: int) -> tuple[bool, bool]:
    """Whether token ``index`` is inside parentheses of its group, and inside a BIND."""
    depth = 0
    bind_depth: int | None = None
    nested = 0
    for i in range(start + 1, index):
        text = tokens[i].text
        if tokens[i].kind != "punct" and text.upper() != "BIND":
            continue
        if text == "{":
            nested += 1
        elif text == "}":
            nested -= 1
        elif nested:
            continue
        elif text.upper() == "BIND":
            bind_depth = depth
        elif text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
            if bind_depth is not None and depth <= bind_depth:
                bind_depth = None
    return depth > 0, bind_depth is not None and depth > bind_depth
