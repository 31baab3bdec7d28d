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

from mbx.shacl.engine_terms import RDF_TYPE, REGEX_FUNCTION, Unsupported, scratch_pattern

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

_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<comment>#[^\n]*)"
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*')"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\U000EFFFF]+)"
    r"|(?P<word>[A-Za-z0-9_:%\u00B7\u00C0-\U000EFFFF\-\\.]+)"
    r"|(?P<punct>.)",
    re.S,
)

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
class _Token:
    kind: str
    text: str


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        value = match.group(0)
        if kind == "word" and value.endswith(".") and not re.fullmatch(r"[0-9]+\.?[0-9]*", value):
            stripped = value.rstrip(".")
            tokens.append(_Token("word", stripped))
            tokens.extend(_Token("punct", ".") for _ in range(len(value) - len(stripped)))
            continue
        tokens.append(_Token(kind, value))
    return tokens


def _significant(tokens: list[_Token], index: int, step: int) -> int:
    """The index of the next token in direction ``step`` that is not space or comment."""
    index += step
    while 0 <= index < len(tokens) and tokens[index].kind in ("ws", "comment"):
        index += step
    return index


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
    tokens = _tokenize(text)
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
    tokens = _tokenize(rewrite_not_exists(text, names))
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
        for j in [_significant(tokens, i, 1)]
        if j < len(tokens) and tokens[j].kind == "var"
    )
    return Prepared(prebound, batch, projects_this, text_out, zero_length, computed)


@lru_cache(maxsize=1024)
def plain_query(text: str) -> str:
    """A query run as is (a SPARQL target): refusals checked, REGEX as rdflib evaluates it."""
    tokens = _tokenize(rewrite_not_exists(text))
    for token in tokens:
        if token.kind == "word" and token.text.upper() in _REFUSED_WORDS:
            raise Unsupported(f"{_REFUSED_WORDS[token.text.upper()]} in a SPARQL target")
    out = [t.text for t in tokens]
    _rewrite_regex(tokens, out)
    return "".join(out)


_NOT_SIMPLE = {
    "OPTIONAL",
    "UNION",
    "MINUS",
    "GRAPH",
    "SERVICE",
    "VALUES",
    "BIND",
    "SELECT",
    "EXISTS",
}


def rewrite_not_exists(text: str, projected: set[str] | None = None) -> str:
    """Rewrites that leave the answers alone and help Oxigraph's planner.

    * ``FILTER NOT EXISTS { P }`` becomes
      ``LATERAL { OPTIONAL { P } } FILTER(!BOUND(..))`` when P is made of
      triple patterns and paths (with FILTERs at its top level), unless P is
      one plain pattern (a cheap lookup) or holds a lone ``?x p* ?y`` (which
      Oxigraph evaluates well only inside EXISTS). Oxigraph evaluates other
      such NOT EXISTS with hash joins over whole predicates again for every
      solution (quadratic); the lateral left join substitutes the solution
      into P, which is exactly EXISTS's semantics. It goes at the end of the
      group whose filter it was (group filters apply to the whole group).
    * ``FILTER EXISTS { P }`` likewise becomes ``... FILTER(BOUND(..))`` when
      ``projected`` (the result variables, for a query without ``*``,
      sub-select or aggregate) is given: a solution may then come out more
      than once, which SHACL-SPARQL results do not see (pySHACL keeps each
      distinct result once), and P's own variables may not be projected.
    * A group or UNION of groups made of triple patterns only, after a BIND
      in the same group, is evaluated LATERAL (for each solution so far):
      Oxigraph does not hash-join on a variable a BIND may leave unbound and
      would form a cartesian product. For triple patterns the lateral join
      and the join are the same.
    """
    return _lateral_unions(_rewrite_not_exists(text, projected))


def _rewrite_not_exists(text: str, projected: set[str] | None = None) -> str:
    tokens = _tokenize(text)
    closing: dict[int, int] = {}
    stack: list[int] = []
    for i, token in enumerate(tokens):
        if token.kind == "punct" and token.text == "{":
            stack.append(i)
        elif token.kind == "punct" and token.text == "}" and stack:
            closing[stack.pop()] = i
    opened_at = {close: open_ for open_, close in closing.items()}
    removed: set[int] = set()
    appended: dict[int, list[str]] = {}
    count = 0
    for i, token in enumerate(tokens):
        if token.kind != "word" or token.text.upper() != "FILTER" or i in removed:
            continue
        j = _significant(tokens, i, 1)
        negated = j < len(tokens) and tokens[j].text.upper() == "NOT"
        k = _significant(tokens, j, 1) if negated else j
        brace = _significant(tokens, k, 1)
        if not (
            k < len(tokens) and tokens[k].text.upper() == "EXISTS"
            and brace < len(tokens) and tokens[brace].text == "{" and brace in closing
        ):  # fmt: skip
            continue
        if not negated and projected is None:
            continue
        end = closing[brace]
        inner = tokens[brace + 1 : end]
        if any(t.text in ("{", "}") and t.kind == "punct" for t in inner) or any(
            t.kind == "word" and t.text.upper() in _NOT_SIMPLE for t in inner
        ):
            continue
        patterns, lone_star, plain = _pattern_shape(
            [t for t in inner if t.kind not in ("ws", "comment")]
        )
        if lone_star or (patterns < 2 and plain):
            # Oxigraph's NOT EXISTS is a cheap lookup for one plain pattern, and the
            # rewritten form would list every node of the graph for a lone ``?x p* ?y``
            continue
        if not negated:
            # the extra bindings (and repeated solutions) of a positive rewrite must not show
            local = {t.text[1:] for t in inner if t.kind == "var"}
            outside = {
                t.text[1:] for n, t in enumerate(tokens) if t.kind == "var" and not brace < n < end
            }
            if any(v in local and v not in outside for v in projected or ()):
                continue
        outer_close = next(
            (c for o, c in sorted(closing.items(), reverse=True) if o < i and c > end), None
        )
        if outer_close is None or outer_close not in opened_at:
            continue
        count += 1
        marker = f"?mbxExists{count}"
        body = "".join(t.text for t in inner)
        test = "!BOUND" if negated else "BOUND"
        appended.setdefault(outer_close, []).append(
            f" LATERAL {{ OPTIONAL {{ {body} BIND(true AS {marker}) }} }} FILTER({test}({marker})) "
        )
        removed.update(range(i, end + 1))
    if not count:
        return text
    out = []
    for i, token in enumerate(tokens):
        if i in appended:
            out.extend(appended[i])
        if i not in removed:
            out.append(token.text)
    return "".join(out)


_NOT_BGP = _NOT_SIMPLE | {"FILTER"}


def _lateral_unions(text: str) -> str:
    tokens = _tokenize(text)
    closing: dict[int, int] = {}
    stack: list[int] = []
    for i, token in enumerate(tokens):
        if token.kind == "punct" and token.text == "{":
            stack.append(i)
        elif token.kind == "punct" and token.text == "}" and stack:
            closing[stack.pop()] = i
    inserts: dict[int, str] = {}
    for open_, close in closing.items():
        i = open_ + 1
        seen_bind = False
        while i < close:
            token = tokens[i]
            if token.kind == "word" and token.text.upper() == "BIND":
                seen_bind = True
            if token.kind == "punct" and token.text == "{" and i in closing:
                chain = _union_chain(tokens, i, closing)
                before = _significant(tokens, i, -1)
                two_before = _significant(tokens, before, -1)
                after_keyword = tokens[before].text.upper() in (
                    "OPTIONAL",
                    "MINUS",
                    "EXISTS",
                    "UNION",
                    "WHERE",
                    "SERVICE",
                    "VALUES",
                    "{",
                ) or (two_before >= 0 and tokens[two_before].text.upper() in ("GRAPH", "SERVICE"))
                if seen_bind and chain and not after_keyword:
                    inserts[i] = "LATERAL { "
                    inserts[chain[-1]] = inserts.get(chain[-1], "") + " }"
                i = closing[i] + 1
                continue
            i += 1
    if not inserts:
        return text
    out = []
    for i, token in enumerate(tokens):
        if i in inserts and inserts[i].startswith("LATERAL"):
            out.append(inserts[i])
            out.append(token.text)
        else:
            out.append(token.text)
            if i in inserts:
                out.append(inserts[i])
    return "".join(out)


def _union_chain(tokens: list[_Token], i: int, closing: dict[int, int]) -> list[int] | None:
    """The closing braces of ``{ BGP } UNION { BGP } ...`` starting at ``i``, if all are BGPs."""
    ends: list[int] = []
    while True:
        end = closing[i]
        inner = tokens[i + 1 : end]
        if any(t.kind == "punct" and t.text in ("{", "}") for t in inner) or any(
            t.kind == "word" and t.text.upper() in _NOT_BGP for t in inner
        ):
            return None
        ends.append(end)
        nxt = _significant(tokens, end, 1)
        if nxt < len(tokens) and tokens[nxt].text.upper() == "UNION":
            i = _significant(tokens, nxt, 1)
            if i >= len(tokens) or tokens[i].text != "{" or i not in closing:
                return None
            continue
        return ends


def _rewrite_regex(tokens: list[_Token], out: list[str]) -> None:
    for i, token in enumerate(tokens):
        if token.kind == "word" and token.text.upper() == "REGEX":
            j = _significant(tokens, i, 1)
            if j < len(tokens) and tokens[j].text == "(":
                out[i] = f"<{REGEX_FUNCTION}>"


def _projected_variables(tokens: list[_Token], projection: list[int]) -> list[str]:
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
            previous = _significant(tokens, i, -1)
            if depth == 0 or (previous >= 0 and tokens[previous].text.upper() == "AS"):
                names.append(token.text[1:])
    return names


def _structure(tokens: list[_Token], select: int) -> tuple[list[_Group], list[int], int]:
    """Groups of the query (in order of their "{"), the projection tokens, the WHERE "{" index."""
    projection: list[int] = []
    i = _significant(tokens, select, 1)
    if i < len(tokens) and tokens[i].text.upper() in ("DISTINCT", "REDUCED"):
        i = _significant(tokens, i, 1)
    while i < len(tokens) and tokens[i].text != "{" and tokens[i].text.upper() != "WHERE":
        if tokens[i].kind not in ("ws", "comment"):
            projection.append(i)
        i += 1
    if i < len(tokens) and tokens[i].text.upper() == "WHERE":
        i = _significant(tokens, i, 1)
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


def _group_kind(tokens: list[_Token], open_index: int) -> str:
    after = _significant(tokens, open_index, 1)
    if after < len(tokens) and tokens[after].text.upper() == "SELECT":
        return "subselect"
    before = _significant(tokens, open_index, -1)
    word = tokens[before].text.upper() if before >= 0 else ""
    if word == "EXISTS":
        return "exists"
    if word == "OPTIONAL":
        return "optional"
    return "group"


def _batch_safe(tokens: list[_Token], groups: list[_Group], where: int) -> bool:
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


def _expression_context(tokens: list[_Token], start: int, index: int) -> tuple[bool, bool]:
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


_SENSITIVE = {
    "STR", "STRLEN", "SUBSTR", "UCASE", "LCASE", "STRSTARTS", "STRENDS", "CONTAINS",
    "STRBEFORE", "STRAFTER", "ENCODE_FOR_URI", "CONCAT", "MD5", "SHA1", "SHA256", "SHA384",
    "SHA512", "STRDT", "STRLANG", "IRI", "URI", "DATATYPE", "ISNUMERIC",
}  # fmt: skip


@lru_cache(maxsize=4096)
def sees_rewritten_literals(text: str, predicates: frozenset[str]) -> bool:
    """Whether a query may look at the written form of a literal the store rewrote.

    A variable is *tainted* when it may hold such a literal: it is the object
    of a triple pattern whose predicate is a variable (or a path through one)
    or one of ``predicates``, or it is bound (BIND, AS) from a tainted one.
    The query sees a written form when it applies a form-dependent function
    (STR, REGEX, DATATYPE, STRLEN, casts, sameTerm, ...) to a tainted variable
    outside a FILTER that first requires ``isIRI``/``isBlank`` of it with
    ``&&`` (and no ``||``), or when it matches a typed literal written in the
    query (the store would compare it by value).
    """
    tokens = [t for t in _tokenize(text) if t.kind not in ("ws", "comment")]
    prefixes = dict(RDFLIB_QUERY_PREFIXES)
    for i, token in enumerate(tokens[:-2]):
        if token.text.upper() == "PREFIX" and tokens[i + 2].kind == "iri":
            prefixes[tokens[i + 1].text.rstrip(":")] = tokens[i + 2].text[1:-1]

    def named(token: _Token) -> str | None:
        if token.kind == "iri":
            return token.text[1:-1]
        if token.kind == "word" and token.text == "a":
            return RDF_TYPE
        if token.kind == "word" and ":" in token.text and not token.text.startswith("_:"):
            prefix, _, local = token.text.partition(":")
            return prefixes[prefix] + local if prefix in prefixes else None
        return None

    tainted: set[str] = set()
    for predicate, obj in _triples(tokens):
        constant_number = obj.kind == "word" and (
            obj.text[:1].isdigit() or obj.text in ("true", "false")
        )
        if constant_number or (obj.kind == "string" and _next_is_datatype(tokens, obj)):
            return True  # a typed constant: Oxigraph matches it by value
        if obj.kind == "var" and any(t.kind == "var" or named(t) in predicates for t in predicate):
            tainted.add(obj.text[1:])
    if not tainted:
        return False
    for _ in range(3):  # BIND (... ?x ...) AS ?y, (... AS ?y): ?y as tainted as ?x
        for i, token in enumerate(tokens):
            if token.kind == "word" and token.text.upper() == "AS" and i + 1 < len(tokens):
                start = _open_paren(tokens, i)
                if start is not None and any(
                    t.kind == "var" and t.text[1:] in tainted for t in tokens[start:i]
                ):
                    tainted.add(tokens[i + 1].text[1:])
    for i in range(len(tokens)):
        if not _form_dependent(tokens, i):
            continue
        end = _skip_parens(tokens, i + 1)
        used = {t.text[1:] for t in tokens[i + 1 : end] if t.kind == "var"} & tainted
        if used and not _guarded(tokens, i, used):
            return True
    return False


def _form_dependent(tokens: list[_Token], i: int) -> bool:
    """A call of a function whose answer depends on a literal's written form."""
    token = tokens[i]
    if i + 1 >= len(tokens) or tokens[i + 1].text != "(":
        return False
    if token.kind == "word" and token.text.upper() in (*_SENSITIVE, "SAMETERM"):
        return True
    return token.kind in ("iri", "word") and ":" in token.text  # a cast or REGEX as rewritten


def _next_is_datatype(tokens: list[_Token], token: _Token) -> bool:
    i = tokens.index(token)
    return i + 2 < len(tokens) and tokens[i + 1].text == "^" and tokens[i + 2].text == "^"


def _open_paren(tokens: list[_Token], i: int) -> int | None:
    """The index of the parenthesis that encloses token ``i``."""
    depth = 0
    for j in range(i - 1, -1, -1):
        if tokens[j].text == ")":
            depth += 1
        elif tokens[j].text == "(":
            if depth == 0:
                return j
            depth -= 1
        elif tokens[j].text in ("{", "}"):
            return None
    return None


def _guarded(tokens: list[_Token], i: int, names: set[str]) -> bool:
    """Whether the FILTER around token ``i`` first requires each of ``names`` be no literal."""
    start = i
    while True:
        opened = _open_paren(tokens, start)
        if opened is None:
            return False
        before = tokens[opened - 1].text.upper() if opened > 0 else ""
        if before == "FILTER":
            break
        start = opened
    expression = tokens[opened : _skip_parens(tokens, opened)]
    if any(t.text == "|" for t in expression) or any(t.text == "!" for t in expression):
        return False
    guarded: set[str] = set()
    for k in range(len(expression) - 4):
        head, paren, var, close = expression[k : k + 4]
        if (
            head.text.upper() in ("ISIRI", "ISURI", "ISBLANK")
            and paren.text == "("
            and var.kind == "var"
            and close.text == ")"
            and k + 5 < len(expression)
            and expression[k + 4].text == "&"
            and expression[k + 5].text == "&"
        ):
            guarded.add(var.text[1:])
    return names <= guarded


def _triples(tokens: list[_Token]) -> list[tuple[list[_Token], _Token]]:
    """(predicate tokens, object token) of each triple pattern of the query's groups."""
    found: list[tuple[list[_Token], _Token]] = []
    i = next((n for n, t in enumerate(tokens) if t.text == "{"), len(tokens))
    state = "S"
    stack: list[str] = []
    predicate: list[_Token] = []
    while i < len(tokens):
        token = tokens[i]
        text, upper = token.text, token.text.upper()
        if text == "{":
            stack.append(state)
            state, i = "S", i + 1
        elif text == "}":
            state = "S"
            i += 1
            if stack:
                stack.pop()
        elif text == "[":
            stack.append(state)
            state, i = "P", i + 1
        elif text == "]":
            outer = stack.pop() if stack else "S"
            state = {"S": "P", "O": "E"}.get(outer, "E")
            i += 1
        elif text == ".":
            state, i = "S", i + 1
        elif text == ";":
            state, i = "P", i + 1
        elif text == ",":
            state, i = "O", i + 1
        elif token.kind == "word" and upper in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
            while i < len(tokens) and tokens[i].text != "{":
                i += 1
            state = "S"
        elif token.kind == "word" and upper in ("GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET"):
            while i < len(tokens) and tokens[i].text not in ("{", "}"):
                i += 1
        elif token.kind == "word" and upper in ("FILTER", "BIND"):
            j = i + 1
            if (
                j < len(tokens)
                and tokens[j].kind == "word"
                and tokens[j].text.upper() not in ("NOT", "EXISTS")
            ):
                j += 1
            if j < len(tokens) and tokens[j].text == "(":
                j = _skip_parens(tokens, j)
            state, i = "S", j
        elif token.kind == "word" and upper in (
            "OPTIONAL", "UNION", "MINUS", "NOT", "EXISTS", "LATERAL", "GRAPH", "SERVICE",
        ):  # fmt: skip
            state, i = "S", i + 1
            if upper in ("GRAPH", "SERVICE") and i < len(tokens):
                i += 1
        elif state == "P":
            j = i
            while j < len(tokens):
                while j < len(tokens) and tokens[j].text in ("^", "!"):
                    j += 1
                if j < len(tokens) and tokens[j].text == "(":
                    j = _skip_parens(tokens, j)
                else:
                    j += 1
                while j < len(tokens) and tokens[j].text in ("*", "+", "?"):
                    j += 1
                if j < len(tokens) and tokens[j].text in ("/", "|"):
                    j += 1
                    continue
                break
            predicate = tokens[i:j]
            state, i = "O", j
        else:
            if state == "O":
                found.append((predicate, token))
            i += 1
            if token.kind == "string":
                if i + 1 < len(tokens) and tokens[i].text == "^" and tokens[i + 1].text == "^":
                    i += 3
                elif i < len(tokens) and tokens[i].text == "@":
                    i += 2
            state = {"S": "P", "O": "E"}.get(state, "P")
    return found


def _pattern_shape(tokens: list[_Token]) -> tuple[int, bool, bool]:
    """Of a plain group: the number of triple patterns, whether one is a lone
    zero-length path (``?x p* ?y``), whether all predicates are plain links."""
    count, lone, plain = 0, False, True
    state, i = "S", 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == "word" and token.text.upper() == "FILTER":
            j = i + 1
            if j < len(tokens) and tokens[j].kind == "word":
                j += 1
            i = _skip_parens(tokens, j) if j < len(tokens) and tokens[j].text == "(" else j
            state = "S"
            continue
        if token.text == ".":
            state, i = "S", i + 1
        elif token.text == ";":
            state, i = "P", i + 1
        elif token.text == ",":
            state, i = "O", i + 1
        elif state == "P":
            j = i
            steps = 0
            while j < len(tokens):
                while j < len(tokens) and tokens[j].text in ("^", "!"):
                    j += 1
                j = _skip_parens(tokens, j) if tokens[j].text == "(" else j + 1
                steps += 1
                modifiers = ""
                while j < len(tokens) and tokens[j].text in ("*", "+", "?"):
                    modifiers += tokens[j].text
                    j += 1
                if j < len(tokens) and tokens[j].text in ("/", "|"):
                    j += 1
                    continue
                if steps == 1 and ("*" in modifiers or "?" in modifiers):
                    lone = True
                if modifiers or ((j - i) > 1 and tokens[i].text in ("(", "^", "!")):
                    plain = False
                break
            count += 1
            state, i = "O", j
        else:
            state = {"S": "P", "O": "E"}.get(state, "P")
            i += 1
            if token.kind == "string":
                if i + 1 < len(tokens) and tokens[i].text == "^" and tokens[i + 1].text == "^":
                    i += 3
                elif i < len(tokens) and tokens[i].text == "@":
                    i += 2
    return count, lone, plain


def _skip_parens(tokens: list[_Token], i: int) -> int:
    """The index after the balanced parentheses that open at ``i``."""
    depth = 0
    while i < len(tokens):
        if tokens[i].text == "(":
            depth += 1
        elif tokens[i].text == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i
