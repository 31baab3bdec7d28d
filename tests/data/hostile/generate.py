"""The hostile corpus: inputs an attacker (or bad luck) hands to mbx, written at test time.

``python tests/data/hostile/generate.py DIR [GUARD_URL]`` writes every file
into DIR; the tests call :func:`write_corpus` on a temporary folder. Large
inputs are generated rather than committed. ``GUARD_URL`` is a server that
mbx must never reach (tests/hostile_servers.py records every request).

Each entry of :data:`FILES` is one input: its file name and how it is made.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

MBX = "https://w3id.org/mbx/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

#: nesting beyond what pyoxigraph survives (JSON-LD ~3,400, SPARQL 3,000 groups / 5,000 parentheses)
DEEP = 5000
#: blank nodes nested this deep overflow rdflib's recursive Turtle writer
DEEP_BNODES = 250


def jsonld_deep(guard: str) -> bytes:
    return ('{"@id":"http://ex/a","http://ex/p":' * DEEP + '"x"' + "}" * DEEP).encode()


def turtle_deep(guard: str) -> bytes:
    """Blank nodes nested 5,000 deep, each with its own value (so canonical labels are cheap)."""
    body = "".join(f'[ <http://ex/v> "{i}" ; <http://ex/p> ' for i in range(DEEP))
    return (f"<http://ex/a> <http://ex/p> {body}\"x\"" + " ]" * DEEP + " .\n").encode()


def turtle_bnodes_250(guard: str) -> bytes:
    """Blank nodes nested 250 deep, each with its own value: RecursionError in rdflib's writer."""
    body = "".join(f'[ <http://ex/v> "{i}" ; <http://ex/p> ' for i in range(DEEP_BNODES))
    return (
        "@prefix ex: <http://ex/> .\n"
        f"ex:a ex:p {body}\"x\"" + " ]" * DEEP_BNODES + " .\n"
    ).encode()


def rdfxml_deep(guard: str) -> bytes:
    open_ = '<rdf:Description><ex:p rdf:parseType="Resource"><ex:v>1</ex:v><ex:q>' * DEEP
    close = "</ex:q></ex:p></rdf:Description>" * DEEP
    return (
        f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="http://ex/">'
        f"{open_}<rdf:Description rdf:about=\"http://ex/x\"/>{close}</rdf:RDF>\n"
    ).encode()


def literal_17mib(guard: str) -> bytes:
    return b'<http://ex/a> <http://ex/p> "' + b"x" * (17 * 1024 * 1024) + b'" .\n'


def big_valid(guard: str) -> bytes:
    """2 MB of valid N-Triples: over a total-input limit of 1 MB set by the test."""
    line = '<http://ex/s{}> <http://ex/p> "{}" .\n'
    return "".join(line.format(i, "v" * 40) for i in range(30000)).encode()


def jsonld_bad_iri(guard: str) -> bytes:
    return b'{"@id": "http://ex/a", "http://ex/p": {"@id": "http://ex/b c"}, "http://ex/q": "kept"}\n'


def jsonld_bad_language(guard: str) -> bytes:
    return (
        b'{"@id": "http://ex/a", "http://ex/p": {"@value": "x", "@language": "not a tag!"},'
        b' "http://ex/q": "kept"}\n'
    )


def jsonld_remote_context(guard: str) -> bytes:
    return f'{{"@context": "{guard}/context", "@id": "http://ex/a", "name": "x"}}\n'.encode()


def rdfxml_xxe(guard: str) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "{guard}/xxe">]>\n'
        f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="http://ex/">'
        '<rdf:Description rdf:about="http://ex/a"><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>\n'
    ).encode()


def ill_typed(guard: str) -> bytes:
    return (
        f"@prefix mbx: <{MBX}> .\n@prefix xsd: <{XSD}> .\n"
        'mbx:q1 a mbx:QuantityValue ; mbx:minValue "abc"^^xsd:decimal ; mbx:maxValue 5.0 .\n'
    ).encode()


def xml_prefixes(guard: str) -> bytes:
    return (
        b"@prefix xml: <http://www.w3.org/XML/1998/namespace> .\n"
        b"@prefix xmlns: <http://ex/ns/> .\n"
        b"@prefix xmlfoo: <http://ex/foo/> .\n"
        b"xmlns:a xmlns:p xmlfoo:b .\nxmlfoo:b xml:p \"x\" .\n"
    )


def relative_iris(guard: str) -> bytes:
    """``<../x>`` and ``</x>`` leave the file's folder: an old check looked for that folder only."""
    return b"<../up> </abs> <http://ex/o> .\n"


def control_characters(guard: str) -> bytes:
    """A syntax error right at terminal escape sequences (set the window title, clear, red).

    click strips CSI sequences (``ESC [``) from what it writes to a file or pipe, not
    OSC ones (``ESC ]``), nor a bare carriage return: those show whether mbx escapes.
    """
    return (
        b'<http://ex/a> <http://ex/p> "ok" .\n'
        b"<http://ex/a> <http://ex/p> \x1b]2;owned\x07\r\x1b[2J\x1b[31mowned .\n"
    )


def invalid_utf8(guard: str) -> bytes:
    return b'<http://ex/a> <http://ex/p> "caf\xe9 \xff\xfe" .\n'


def list_of_zeros(guard: str) -> bytes:
    """400 indistinguishable items: RDFC-1.0 canonicalisation is exponential on them."""
    return b"<http://ex/a> <http://ex/p> (" + b" 0" * 400 + b" ) .\n"


def small(guard: str) -> bytes:
    return b'@prefix ex: <http://ex/> .\nex:a ex:p "one" , "two" .\nex:b ex:p ex:a .\n'


FILES: dict[str, tuple[str, Callable[[str], bytes]]] = {
    "jsonld-deep": ("deep.jsonld", jsonld_deep),
    "turtle-deep": ("deep.ttl", turtle_deep),
    "turtle-bnodes-250": ("bnodes250.ttl", turtle_bnodes_250),
    "rdfxml-deep": ("deep.rdf", rdfxml_deep),
    "literal-17mib": ("literal.nt", literal_17mib),
    "big-valid": ("big.nt", big_valid),
    "jsonld-bad-iri": ("bad-iri.jsonld", jsonld_bad_iri),
    "jsonld-bad-language": ("bad-language.jsonld", jsonld_bad_language),
    "jsonld-remote-context": ("remote-context.jsonld", jsonld_remote_context),
    "rdfxml-xxe": ("xxe.rdf", rdfxml_xxe),
    "ill-typed": ("ill-typed.ttl", ill_typed),
    "xml-prefixes": ("xml-prefixes.ttl", xml_prefixes),
    "relative-iris": ("relative.ttl", relative_iris),
    "control-characters": ("control.ttl", control_characters),
    "invalid-utf8": ("invalid-utf8.nt", invalid_utf8),
    "list-of-zeros": ("zeros.ttl", list_of_zeros),
    "small": ("small.ttl", small),
}


def write_corpus(folder: Path, guard: str = "http://127.0.0.1:9/guard/x") -> dict[str, Path]:
    """Write every input of :data:`FILES` into ``folder``; their paths by case name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, (file_name, make) in FILES.items():
        path = folder / file_name
        path.write_bytes(make(guard))
        paths[name] = path
    return paths


if __name__ == "__main__":
    for case, path in write_corpus(Path(sys.argv[1]), *sys.argv[2:3]).items():
        print(f"{case}\t{path}")
