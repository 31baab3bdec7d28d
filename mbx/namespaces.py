"""The one namespace table: every IRI constant mbx uses, its prefixes, compress and expand.

External prefixes follow ../shared/reference/xrefs.tsv (bioregistry and the
Biolink prefix map agree on them); MBX's own are documented in docs/MODEL.md.
No other module of mbx spells out a namespace IRI: they import it from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

# --- W3C and OBO vocabularies ----------------------------------------------------------

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
XML = "http://www.w3.org/XML/1998/namespace"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SH = "http://www.w3.org/ns/shacl#"
DCTERMS = "http://purl.org/dc/terms/"
VANN = "http://purl.org/vocab/vann/"
OBOINOWL = "http://www.geneontology.org/formats/oboInOwl#"
OBO = "http://purl.obolibrary.org/obo/"
DOI = "https://doi.org/"
OA = "http://www.w3.org/ns/oa#"

# --- MBX's own ---------------------------------------------------------------------------

MBX = "https://w3id.org/mbx/"
CLAIM = MBX + "claim/"
REC = MBX + "recommendation/"
SRC = MBX + "source/"
GRAPH = MBX + "graph/"
SHAPES = MBX + "shapes#"

ONTOLOGY_IRI = MBX + "mbx.owl"
ONTOLOGY_GRAPH = GRAPH + "ontology"
#: the knowledge graph document (claims, sources): its header lives in graph:kg
KG_IRI = MBX + "mbx-kg.owl"
KG_GRAPH = GRAPH + "kg"
#: the release folders of `mbx build`: https://w3id.org/mbx/releases/<version>/<file>
RELEASES = MBX + "releases/"
#: the release's full variant (the terms with HermiT's inferences) and its whole dataset
FULL_IRI = MBX + "mbx-full.owl"
DATASET_IRI = MBX + "mbx-dataset"
#: the license of MBX's ontology and data
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
#: SSSOM's mapping justifications (semapv:ManualMappingCuration)
SEMAPV = "https://w3id.org/semapv/vocab/"

# --- single terms used by the code -------------------------------------------------------

RDF_TYPE = RDF + "type"
RDF_FIRST = RDF + "first"
RDF_REST = RDF + "rest"
RDFS_LABEL = RDFS + "label"
SKOS_PREF_LABEL = SKOS + "prefLabel"
XSD_STRING = XSD + "string"
IAO_DEFINITION = OBO + "IAO_0000115"
IAO_EDITOR_NOTE = OBO + "IAO_0000116"
RDFS_SUBCLASS_OF = RDFS + "subClassOf"
#: where `mbx reason` puts materialised inferences in quad formats
INFERRED_GRAPH = GRAPH + "inferred"
#: the SPARQL extension function `mbx check` rules call to judge an xref
XREF_PROBLEM = MBX + "check#xrefProblem"
#: owlready2's own ontology for the reasoner's results
OWLREADY_INFERENCES = "http://inferrences/"

#: prefix -> namespace, in the order they are written out.
PREFIXES: dict[str, str] = {
    "mbx": MBX,
    "claim": CLAIM,
    "rec": REC,
    "src": SRC,
    "graph": GRAPH,
    "mbxsh": SHAPES,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "vann": VANN,
    "sh": SH,
    "oboInOwl": OBOINOWL,
    "oa": OA,
    "IAO": OBO + "IAO_",
    "RO": OBO + "RO_",
    "BFO": OBO + "BFO_",
    "ECO": OBO + "ECO_",
    "CHEBI": OBO + "CHEBI_",
    "PR": OBO + "PR_",
    "UBERON": OBO + "UBERON_",
    "CL": OBO + "CL_",
    "GO": OBO + "GO_",
    "MONDO": OBO + "MONDO_",
    "HP": OBO + "HP_",
    "MAXO": OBO + "MAXO_",
    "UO": OBO + "UO_",
    "NCBITaxon": OBO + "NCBITaxon_",
    "HGNC": "http://identifiers.org/hgnc/",
    "UniProtKB": "http://purl.uniprot.org/uniprot/",
    "biolink": "https://w3id.org/biolink/vocab/",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
}


@lru_cache(maxsize=1)
def _namespaces_longest_first() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((ns, p) for p, ns in PREFIXES.items()), key=lambda x: -len(x[0])))


def expand(curie: str) -> str:
    """Expand a CURIE such as ``CHEBI:27300``; a full IRI is returned unchanged.

    >>> expand("CHEBI:27300")
    'http://purl.obolibrary.org/obo/CHEBI_27300'
    """
    if curie.startswith(("http://", "https://")):
        return curie
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in PREFIXES:
        raise ValueError(f"unknown prefix in {curie!r}")
    return PREFIXES[prefix] + local


def compress(iri: str, extra: Mapping[str, str] | None = None) -> str:
    """The CURIE for ``iri`` (longest matching namespace), or ``<iri>``, for display.

    The same answers as a :mod:`curies` converter over :data:`PREFIXES`
    (tests/test_namespaces.py checks it on every IRI of the bundled graph),
    without importing curies and pydantic on every command (60 ms).
    ``extra`` prefixes (those a user's files declare) are used too, unless
    their prefix or namespace is already one of MBX's.

    >>> compress("https://w3id.org/mbx/bdnf")
    'mbx:bdnf'
    >>> compress("https://w3id.org/mbx/claim/000-11")
    'claim:000-11'
    >>> compress("https://example.org/lab/x", {"lab": "https://example.org/lab/"})
    'lab:x'
    """
    for namespace, prefix in _namespaces_longest_first():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    usable = [(ns, p) for p, ns in extra_prefixes(extra).items() if p]  # no bare ":x" in tables
    for namespace, prefix in sorted(usable, key=lambda x: (-len(x[0]), x[1])):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def extra_prefixes(extra: Mapping[str, str] | None) -> dict[str, str]:
    """The prefixes of ``extra`` (those a user's files declare) that MBX's leave free.

    A prefix name or namespace MBX already uses is skipped, so ``mbx:`` always
    means MBX; of two extras for one namespace the first by name wins; the
    empty prefix (``:x`` in Turtle) is kept.

    >>> extra_prefixes({"mbx": "http://other/", "lab": "https://ex/", "lab2": "https://ex/"})
    {'lab': 'https://ex/'}
    """
    taken = set(PREFIXES.values())
    usable: dict[str, str] = {}
    for prefix, namespace in sorted((extra or {}).items()):
        if prefix not in PREFIXES and namespace not in taken:
            usable[prefix] = namespace
            taken.add(namespace)
    return usable


def prefix_map(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """MBX's prefixes followed by the usable ones of ``extra``: what every writer declares."""
    return {**PREFIXES, **extra_prefixes(extra)}
