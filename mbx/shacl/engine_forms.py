"""Whether a SPARQL query may read the written form of a literal that Oxigraph's store rewrites."""

from __future__ import annotations

from functools import lru_cache

from mbx.shacl.engine_sparql import RDFLIB_QUERY_PREFIXES
from mbx.shacl.engine_terms import RDF_TYPE
from mbx.shacl.engine_tokens import Token, after_literal, skip_parens, tokenize

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
    tokens = [t for t in tokenize(text) if t.kind not in ("ws", "comment")]
    prefixes = dict(RDFLIB_QUERY_PREFIXES)
    for i, token in enumerate(tokens[:-2]):
        if token.text.upper() == "PREFIX" and tokens[i + 2].kind == "iri":
            prefixes[tokens[i + 1].text.rstrip(":")] = tokens[i + 2].text[1:-1]

    def named(token: Token) -> str | None:
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
        end = skip_parens(tokens, i + 1)
        used = {t.text[1:] for t in tokens[i + 1 : end] if t.kind == "var"} & tainted
        if used and not _guarded(tokens, i, used):
            return True
    return False


def _form_dependent(tokens: list[Token], i: int) -> bool:
    """A call of a function whose answer depends on a literal's written form."""
    token = tokens[i]
    if i + 1 >= len(tokens) or tokens[i + 1].text != "(":
        return False
    if token.kind == "word" and token.text.upper() in (*_SENSITIVE, "SAMETERM"):
        return True
    return token.kind in ("iri", "word") and ":" in token.text  # a cast or REGEX as rewritten


def _next_is_datatype(tokens: list[Token], token: Token) -> bool:
    i = tokens.index(token)
    return i + 2 < len(tokens) and tokens[i + 1].text == "^" and tokens[i + 2].text == "^"


def _open_paren(tokens: list[Token], i: int) -> int | None:
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


def _guarded(tokens: list[Token], i: int, names: set[str]) -> bool:
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
    expression = tokens[opened : skip_parens(tokens, opened)]
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


def _triples(tokens: list[Token]) -> list[tuple[list[Token], Token]]:
    """(predicate tokens, object token) of each triple pattern of the query's groups."""
    found: list[tuple[list[Token], Token]] = []
    i = next((n for n, t in enumerate(tokens) if t.text == "{"), len(tokens))
    state = "S"
    stack: list[str] = []
    predicate: list[Token] = []
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
                j = skip_parens(tokens, j)
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
                    j = skip_parens(tokens, j)
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
                i = after_literal(tokens, i)
            state = {"S": "P", "O": "E"}.get(state, "P")
    return found
