"""pySHACL's answers on every validation fixture and on the bundled graph, for the engine's tests.

The differential test (tests/test_shacl_engine.py) runs the fast engine on
each case and compares its results with pySHACL's, as mbx validates them
(the MBX ontology mixed in, ``advanced=True, inference='none'``). The cases
(:func:`case_names`): the data files (``tests/data/valid``, the lab extension
of ``tests/data/reuse``) and the bundled graph against both shipped shapes
files; each SPARQL Update patch of ``tests/data/invalid`` and
``tests/data/reuse`` applied to its base file and validated against the shape
it breaks (tests/shacl_cases.py); and benchmarks/generate.py's MBX-shaped
claims with one seeded violation of each kind (:data:`GENERATED`). pySHACL
needs minutes for all the cases, so its answers are kept in
``tests/data/shacl-reference.json`` together with a fingerprint of
everything they depend on (pySHACL and rdflib versions, shapes, ontology,
fixture, base file, generator); a case whose fingerprint changed fails the
test until the file is refreshed (about two minutes for all the cases):

    python tests/shacl_reference.py [NAME ...]

Results are compared as sets of canonical strings: blank nodes (a blank
property shape, a blank path, a blank focus node) are written out
structurally, as the triples they lead to, so two parses of the same file
compare equal.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data"
REFERENCE = DATA / "shacl-reference.json"
#: data files, and SPARQL Update patches of a base file (tests/shacl_cases.py)
FIXTURES = [*sorted((DATA / "valid").glob("*.ttl")), DATA / "reuse" / "lab-extension.ttl"]
PATCHES = {
    "invalid": DATA / "valid" / "mylab-third-party.ttl",
    "reuse": DATA / "reuse" / "lab-extension.ttl",
}
#: mbx validate's pySHACL options for the default --fail-on violation
FLAGS = {"allow_warnings": True, "allow_infos": True}
#: the Python list at the end of pySHACL's sh:in and sh:hasValue messages (a set's order)
_BNODE_ID = re.compile(r"\b[0-9a-f]{32}\b")
_SET_LIST = re.compile(r"^(.*(?:not in list |in the set: |set of values: ))\[(.*)\]$", re.S)


def case_names() -> list[str]:
    """Every data fixture, every patch (on its base file) and the bundled graph."""
    names = [f"{p.parent.name}/{p.name}" for p in FIXTURES]
    for folder in PATCHES:
        names += [f"{folder}/{p.name}" for p in sorted((DATA / folder).glob("*.ru"))]
    return [*names, GENERATED, "bundled"]


#: benchmarks/generate.py's MBX-shaped claims with one seeded violation of each kind
GENERATED = "generated/60-claims"


@lru_cache(maxsize=1)
def generated() -> tuple[Any, tuple[Any, ...]]:
    """(manifest, quads) of :data:`GENERATED` (generated into a temporary folder)."""
    import tempfile

    import pyoxigraph as ox

    from benchmarks.generate import VIOLATIONS, generate

    with tempfile.TemporaryDirectory(prefix="mbx-shacl-ref-") as folder:
        manifest = generate(
            60, Path(folder), violations=dict.fromkeys(VIOLATIONS, 1), formats=("nt",)
        )
        path = Path(folder) / manifest.files["nt"]
        quads = tuple(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))
    return manifest, quads


def shapes_quads(name: str = "bundled") -> list[Any]:
    """The shapes a case is validated with.

    A patch breaks one constraint (its ``# expect:`` line): it is validated
    against that shape and what the shape refers to, as tests/test_validate.py
    does (85 cases in seconds); data files and the bundled graph against both
    shipped shapes files (the reusers' and MBX's curation rules).
    """
    if name.endswith(".ru"):
        from tests.shacl_cases import expectation, shapes_for

        return shapes_for(expectation(DATA / name)[0])
    from mbx.shacl.shapes import load_shapes

    return load_shapes()


def case_quads(name: str) -> tuple[list[Any], list[Any]]:
    """(data quads, ontology quads) of a case, as mbx validates it.

    A patch gets the structure of the MBX terms that the shapes read
    (tests/shacl_cases.py's ``ontology()``), everything else the whole ontology.
    """
    from mbx.dataset import load_quads, ontology_quads

    if name == "bundled":
        return load_quads(), []
    if name == GENERATED:
        return list(generated()[1]), ontology_quads()
    if name.endswith(".ru"):
        from tests.shacl_cases import ontology, patched

        folder = name.split("/", 1)[0]
        return patched(DATA / name, PATCHES[folder]), ontology()
    return load_quads([str(DATA / name)], bundled=False), ontology_quads()


def fingerprint(name: str) -> str:
    """What a case's pySHACL answer depends on."""
    import pyshacl
    import rdflib

    from mbx.resources import kg_dir, ontology_dir, shapes_dir

    digest = hashlib.sha256(f"{pyshacl.__version__} {rdflib.__version__}".encode())
    files = sorted(shapes_dir().glob("*.ttl")) + sorted(
        p for p in ontology_dir().rglob("*") if p.is_file()
    )
    if name == "bundled":
        files += sorted(p for p in kg_dir().rglob("*") if p.is_file())
    elif name == GENERATED:
        files.append(ROOT.parent / "benchmarks" / "generate.py")
    else:
        files.append(DATA / name)
    if name.endswith(".ru"):
        files += [PATCHES[name.split("/", 1)[0]], ROOT / "shacl_cases.py"]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Canon:
    """Canonical strings for terms, blank nodes written as what they lead to."""

    def __init__(self, quads: Iterable[Any]) -> None:
        self.edges: dict[Any, list[tuple[Any, Any]]] = {}
        for q in quads:
            self.edges.setdefault(q.subject, []).append((q.predicate, q.object))

    def term(self, term: Any, depth: int = 0, seen: frozenset[Any] = frozenset()) -> str:
        import pyoxigraph as ox

        if term is None:
            return "-"
        if not isinstance(term, ox.BlankNode):
            return str(term)
        if depth > 8 or term in seen:
            return "[...]"
        inner = sorted(
            f"{p} {self.term(o, depth + 1, seen | {term})}" for p, o in self.edges.get(term, [])
        )
        return "[" + " ; ".join(inner) + "]"


def message_text(message: Any) -> str:
    """A message, with the lists pySHACL builds from Python sets sorted (their order varies)."""
    text = str(getattr(message, "value", message))
    if "<http://recursion.too.deep>" in text:
        # how deep pySHACL writes a cycle of blank nodes depends on what it cached before
        return "(a cycle of blank nodes)"
    text = _BNODE_ID.sub("_:b", text)  # a blank node's label differs from parse to parse
    match = _SET_LIST.match(text)
    if match and match.group(2).startswith("'") and match.group(2).endswith("'"):
        items = sorted(match.group(2)[1:-1].split("', '"))
        text = match.group(1) + "['" + "', '".join(items) + "']"
    return text


def canonical(results: Iterable[Any], data: Canon, shapes: Canon) -> list[list[str]]:
    """Results as sorted rows of canonical strings (the last item joins the messages)."""
    rows = []
    for r in results:
        rows.append(
            [
                data.term(r.focus),
                shapes.term(r.path) if r.path is not None else "-",
                data.term(r.value),
                str(r.component),
                shapes.term(r.shape),
                str(r.severity),
                " | ".join(sorted(message_text(m) for m in r.messages)),
            ]
        )
    return sorted(rows)


def canons(data: list[Any], ontology: list[Any], shapes: list[Any]) -> tuple[Canon, Canon]:
    return Canon([*ontology, *data]), Canon(shapes)


def compute(name: str) -> dict[str, Any]:
    """pySHACL's answer for one case."""
    from mbx.namespaces import prefix_map
    from mbx.shacl.engine_pyshacl import run_pyshacl

    data, ontology = case_quads(name)
    shapes = shapes_quads(name)
    _conforms, results, _graph = run_pyshacl(
        data, shapes, ontology, namespaces=prefix_map(None), **FLAGS
    )
    data_canon, shapes_canon = canons(data, ontology, shapes)
    return {
        "fingerprint": fingerprint(name),
        "results": canonical(results, data_canon, shapes_canon),
    }


def load() -> dict[str, Any]:
    """The recorded answers: case -> {"fingerprint": ..., "results": rows}.

    The file keeps each distinct row once (most rows are the MBX ontology's own
    and recur in every case) and lists the row numbers of each case.
    """
    if not REFERENCE.exists():
        return {}
    stored = json.loads(REFERENCE.read_text(encoding="utf-8"))
    rows = stored["rows"]
    return {
        name: {"fingerprint": case["fingerprint"], "results": [rows[i] for i in case["rows"]]}
        for name, case in stored["cases"].items()
    }


def save(recorded: dict[str, Any]) -> None:
    rows = sorted({tuple(r) for case in recorded.values() for r in case["results"]})
    number = {r: i for i, r in enumerate(rows)}
    cases = {
        name: {
            "fingerprint": case["fingerprint"],
            "rows": [number[tuple(r)] for r in case["results"]],
        }
        for name, case in sorted(recorded.items())
    }

    def line(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    parts = ['{"cases": {']
    parts.append(",\n".join(f"{line(name)}: {line(case)}" for name, case in cases.items()))
    parts.append('},\n"rows": [')
    parts.append(",\n".join(line(list(r)) for r in rows))
    parts.append("]}\n")
    REFERENCE.write_text("\n".join(parts), encoding="utf-8")


def main(names: list[str]) -> None:
    recorded = load()
    for name in names or case_names():
        print(f"pySHACL: {name}", file=sys.stderr, flush=True)
        recorded[name] = compute(name)
    save({k: v for k, v in recorded.items() if k in case_names()})


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT.parent), str(ROOT)]
    main(sys.argv[1:])
