"""A SPARQL tokenizer for the engine's query rewrites: strings, IRIs, variables, words."""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(
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


@dataclass
class Token:
    kind: str
    text: str


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for match in TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        value = match.group(0)
        if kind == "word" and value.endswith(".") and not re.fullmatch(r"[0-9]+\.?[0-9]*", value):
            stripped = value.rstrip(".")
            tokens.append(Token("word", stripped))
            tokens.extend(Token("punct", ".") for _ in range(len(value) - len(stripped)))
            continue
        tokens.append(Token(kind, value))
    return tokens


def significant(tokens: list[Token], index: int, step: int) -> int:
    """The index of the next token in direction ``step`` that is not space or comment."""
    index += step
    while 0 <= index < len(tokens) and tokens[index].kind in ("ws", "comment"):
        index += step
    return index


def skip_parens(tokens: list[Token], i: int) -> int:
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


def braces(tokens: list[Token]) -> dict[int, int]:
    """The index of each ``{`` mapped to the index of its matching ``}``."""
    closing: dict[int, int] = {}
    stack: list[int] = []
    for i, token in enumerate(tokens):
        if token.kind == "punct" and token.text == "{":
            stack.append(i)
        elif token.kind == "punct" and token.text == "}" and stack:
            closing[stack.pop()] = i
    return closing


def after_literal(tokens: list[Token], i: int) -> int:
    """``i`` (just after a string token) moved past its ``^^datatype`` or ``@language``."""
    if i + 1 < len(tokens) and tokens[i].text == "^" and tokens[i + 1].text == "^":
        return i + 3
    if i < len(tokens) and tokens[i].text == "@":
        return i + 2
    return i
