"""Query rewrites for Oxigraph's planner that keep the answers (NOT EXISTS, UNION in LATERAL)."""

from __future__ import annotations

from mbx.shacl.engine_tokens import (
    Token,
    after_literal,
    braces,
    significant,
    skip_parens,
    tokenize,
)

NOT_SIMPLE = {
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
    tokens = tokenize(text)
    closing = braces(tokens)
    opened_at = {close: open_ for open_, close in closing.items()}
    removed: set[int] = set()
    appended: dict[int, list[str]] = {}
    count = 0
    for i, token in enumerate(tokens):
        if token.kind != "word" or token.text.upper() != "FILTER" or i in removed:
            continue
        j = significant(tokens, i, 1)
        negated = j < len(tokens) and tokens[j].text.upper() == "NOT"
        k = significant(tokens, j, 1) if negated else j
        brace = significant(tokens, k, 1)
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
            t.kind == "word" and t.text.upper() in NOT_SIMPLE for t in inner
        ):
            continue
        patterns, lone_star, plain = pattern_shape(
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


_NOT_BGP = NOT_SIMPLE | {"FILTER"}


def _lateral_unions(text: str) -> str:
    tokens = tokenize(text)
    closing = braces(tokens)
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
                before = significant(tokens, i, -1)
                two_before = significant(tokens, before, -1)
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


def _union_chain(tokens: list[Token], i: int, closing: dict[int, int]) -> list[int] | None:
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
        nxt = significant(tokens, end, 1)
        if nxt < len(tokens) and tokens[nxt].text.upper() == "UNION":
            i = significant(tokens, nxt, 1)
            if i >= len(tokens) or tokens[i].text != "{" or i not in closing:
                return None
            continue
        return ends


def pattern_shape(tokens: list[Token]) -> tuple[int, bool, bool]:
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
            i = skip_parens(tokens, j) if j < len(tokens) and tokens[j].text == "(" else j
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
                j = skip_parens(tokens, j) if tokens[j].text == "(" else j + 1
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
                i = after_literal(tokens, i)
    return count, lone, plain
