"""Invalid SHACL test cases: SPARQL Update patches over one valid base graph.

Each ``tests/data/invalid/NAME.ru`` file says in its header which constraint it
breaks (``# expect: SHAPE PATH|- SEVERITY``) and changes the base graph
(``tests/data/valid/mylab-third-party.ttl``) with ``DELETE DATA``/``INSERT
DATA``. A case is validated against only the shape it names (with the shapes
that shape refers to), so the suite checks 85 constraints in a few seconds.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph
    import rdflib

    from mbx.shacl.report import ValidationReport

DATA = Path(__file__).parent / "data"
BASE = DATA / "valid" / "mylab-third-party.ttl"
INVALID = DATA / "invalid"
SHAPES_NS = "https://w3id.org/mbx/shapes#"
SH = "http://www.w3.org/ns/shacl#"
EXPECT = re.compile(r"^# expect: (\S+) (\S+) (violation|warning|info)$", re.MULTILINE)
#: prefixes every patch may use without declaring them
PATCH_PREFIXES = """PREFIX mbx: <https://w3id.org/mbx/>
PREFIX mylab: <https://example.org/mylab/>
PREFIX lab: <https://example.org/lab/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX unit: <http://qudt.org/vocab/unit/>
PREFIX IAO: <http://purl.obolibrary.org/obo/IAO_>
PREFIX RO: <http://purl.obolibrary.org/obo/RO_>
PREFIX oboInOwl: <http://www.geneontology.org/formats/oboInOwl#>
"""


def cases(folder: Path = INVALID) -> list[Path]:
    """The patch files of ``folder``."""
    return sorted(folder.glob("*.ru"))


def expectation(path: Path) -> tuple[str, str, str]:
    """``(shape, path or -, severity)`` from the case's ``# expect:`` line."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Breaks one constraint: "), f"{path.name}: say what it breaks"
    found = EXPECT.findall(text)
    assert len(found) == 1, f"{path.name}: needs one '# expect: SHAPE PATH|- SEVERITY' line"
    shape, path_name, severity = found[0]
    return shape, path_name, severity


@lru_cache(maxsize=4)
def _base_quads(base: Path) -> tuple[pyoxigraph.Quad, ...]:
    from mbx.dataset import load_quads

    return tuple(load_quads([str(base)], bundled=False))


def patched(path: Path, base: Path = BASE) -> list[pyoxigraph.Quad]:
    """The base graph with the case's update applied."""
    import pyoxigraph as ox

    store = ox.Store()
    store.extend(_base_quads(base))
    store.update(PATCH_PREFIXES + path.read_text(encoding="utf-8"))
    return list(store)


def write_case(path: Path, target: Path, base: Path = BASE) -> Path:
    """The patched graph as a Turtle file (for command-line tests)."""
    from mbx.export import serialize_quads
    from mbx.formats import FORMATS

    prefixes = {"mylab": "https://example.org/mylab/", "lab": "https://example.org/lab/"}
    target.write_bytes(serialize_quads(patched(path, base), FORMATS["turtle"], prefixes))
    return target


@lru_cache(maxsize=1)
def all_shapes() -> list[pyoxigraph.Quad]:
    """Both shipped shapes files."""
    from mbx.shacl.shapes import load_shapes

    return load_shapes()


@lru_cache(maxsize=1)
def _shapes_graph() -> rdflib.Graph:
    from mbx.terms import to_rdflib_graph

    return to_rdflib_graph(all_shapes())


def shapes_for(name: str) -> list[pyoxigraph.Quad]:
    """Only what shape ``name`` (``mbxsh:…``) needs: itself, the node shape that targets it
    (without its other property shapes), the shapes it refers to, and the prefixes."""
    from rdflib import BNode, Graph, URIRef

    from mbx.terms import from_rdflib_graph

    shapes = _shapes_graph()
    shape = URIRef(SHAPES_NS + name.removeprefix("mbxsh:"))
    wanted = Graph(bind_namespaces="none")
    seen: set[object] = set()

    def closure(node: object, skip_properties: bool = False) -> None:
        if node in seen:
            return
        seen.add(node)
        for p, o in shapes.predicate_objects(node):
            if skip_properties and str(p) == SH + "property":
                continue
            wanted.add((node, p, o))
            if isinstance(o, BNode) or str(o).startswith(SHAPES_NS) or str(p) == SH + "prefixes":
                closure(o)

    closure(shape, skip_properties=True)
    for parent in shapes.subjects(URIRef(SH + "property"), shape):
        wanted.add((parent, URIRef(SH + "property"), shape))
        closure(parent, skip_properties=True)
    return from_rdflib_graph(wanted)


#: what the shapes read of the MBX terms: types, the class hierarchy, labels, schemes, disjointness
STRUCTURE = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#inScheme",
    "http://www.w3.org/2002/07/owl#disjointWith",
}


@lru_cache(maxsize=1)
def ontology() -> list[pyoxigraph.Quad]:
    """The structure of the MBX terms (``graph:ontology``) that the shapes need, in rdflib.

    Definitions, synonyms and mappings are left out: the cases then validate
    faster (half the triples to copy), and no shape reads them from the terms.
    """
    from mbx.dataset import ontology_quads

    return [q for q in ontology_quads() if q.predicate.value in STRUCTURE]


def validate_case(path: Path, *, fail_on: str = "info", base: Path = BASE) -> ValidationReport:
    """The report of the patched graph against only the case's expected shape."""
    from mbx.shacl.runner import validate_graph

    shape = expectation(path)[0]
    return validate_graph(patched(path, base), shapes_for(shape), ontology=ontology(), fail_on=fail_on)
