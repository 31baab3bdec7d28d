"""The terms (``ontology/``) and the knowledge graph (``kg/``): form, annotations, mappings,
relations, reuse of RO/BFO/IAO, punning, OWL (HermiT).

The bundled graph (``mbx.dataset.load_graph()``) holds both documents, so these
tests also check that the knowledge graph uses only the terms the ontology defines.
"""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from mbx.namespaces import KG_IRI, MBX, ONTOLOGY_IRI

if TYPE_CHECKING:
    import owlready2
    import rdflib

REPO = Path(__file__).resolve().parents[1]
MBX_TTL = REPO / "ontology" / "mbx.ttl"
KG_TTL = REPO / "kg" / "mbx-kg.ttl"
MODEL_MD = REPO / "docs" / "MODEL.md"
XREFS = Path(__file__).resolve().parents[2] / "shared" / "reference" / "xrefs.tsv"
XREFS_EXTRA = REPO / "ontology" / "xrefs-extra.tsv"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OBO = "http://purl.obolibrary.org/obo/"
IAO_DEFINITION = OBO + "IAO_0000115"
IAO_EDITOR_NOTE = OBO + "IAO_0000116"
OBSOLETE_GO = OBO + "GO_0046323"
MAPPINGS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
TERM_KINDS = ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")

#: MBX relations outside the ``modulates`` family.
OTHER_RELATIONS = [
    "actsVia",
    "kindOf",
    "crosses",
    "cofactorOf",
    "precursorOf",
    "associatedWith",
    "riskFactorFor",
    "supports",
    "underlies",
    "makesUp",
]
#: the ``modulates`` family: child -> parent.
MODULATES_TREE = {
    "increases": "modulates",
    "potentiates": "increases",
    "stimulates": "increases",
    "enhances": "increases",
    "decreases": "modulates",
    "reduces": "decreases",
    "prevents": "decreases",
    "sensitizes": "modulates",
    "protects": "modulates",
    "regulates": "modulates",
    "shifts": "modulates",
    "influences": "modulates",
}
#: 0.1 relations replaced by RO/BFO relations used directly, with RO's labels.
RO_REUSED = {
    "expressedIn": ("RO_0002206", "expressed in"),
    "locatedIn": ("RO_0001025", "located in"),
    "partOf": ("BFO_0000050", "part of"),
    "hasRole": ("RO_0000087", "has role"),
    "producedBy": ("RO_0003001", "produced by"),
    "participatesIn": ("RO_0000056", "participates in"),
    "contributesToCondition": ("RO_0003304", "contributes to condition"),
    "amelioratesCondition": ("RO_0003307", "ameliorates condition"),
}
#: the 13 twins of 0.1 (group individual -> class) and other IRIs removed in 0.2
TWINS = {
    "skeletal_muscle": "SkeletalMuscleTissue",
    "resistance_training": "ResistanceTraining",
    "polyphenols": "Polyphenol",
    "neurotrophins": "Neurotrophin",
    "neurotransmitters": "Neurotransmitter",
    "neurodegenerative_disease": "NeurodegenerativeDisease",
    "myokines": "Myokine",
    "muscle_tissue": "MuscleTissue",
    "micronutrients": "Micronutrient",
    "flavonoids": "Flavonoid",
    "brain": "Brain",
    "b_vitamins": "BVitamin",
    "aerobic_exercise": "AerobicExercise",
}
REMOVED = [
    *TWINS,
    *RO_REUSED,
    "releases",
    "evidenceLevel",
    "EvidenceLevel",
    "EvidenceLevelScheme",
    "established",
    "reported",
    "suggested",
    "hypothesised",
    "sourceDocument",
    "population",
    "subjectAspect",
    "objectAspect",
    "objectDirection",
]
#: concept scheme -> the class that types its concepts.
SCHEME_CLASS = {
    "HedgingScheme": "HedgingValue",
    "SupportScheme": "SupportValue",
    "SubjectAspectScheme": "SubjectAspect",
    "ObjectAspectScheme": "ObjectAspect",
    "DirectionScheme": "Direction",
    "ContextScheme": "ExerciseContext",
}
#: claim property -> the scheme its values come from.
CLAIM_QUALIFIERS = {
    "hedgingLevel": "HedgingScheme",
    "supportType": "SupportScheme",
    "subjectAspectQualifier": "SubjectAspectScheme",
    "objectAspectQualifier": "ObjectAspectScheme",
    "objectDirectionQualifier": "DirectionScheme",
    "context": "ContextScheme",
}


def iri(name: str) -> rdflib.URIRef:
    from rdflib import URIRef

    return URIRef(name if ":" in name and "/" in name else MBX + name)


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    """The terms document: ``graph:ontology`` (mbx.ttl and entities.tsv)."""
    from mbx.dataset import load_quads
    from mbx.terms import to_rdflib_graph as to_graph

    return to_graph(load_quads(part="ontology"))


@pytest.fixture(scope="module")
def bundled() -> rdflib.Graph:
    """The whole bundled graph: terms and knowledge graph."""
    from mbx.dataset import load_graph

    return load_graph()


def mbx_terms(graph: rdflib.Graph, kind: str) -> list[rdflib.URIRef]:
    from rdflib import URIRef

    return sorted(
        s
        for s in graph.subjects(iri(RDF + "type"), iri(OWL + kind))
        if isinstance(s, URIRef) and str(s).startswith(MBX)
    )


def local(term: object) -> str:
    return str(term).removeprefix(MBX)


# --------------------------------------------------------------------------- form


ROOT = MBX_TTL.parents[1]
COMMITTED_TURTLE = sorted(
    [
        *ROOT.glob("ontology/*.ttl"),
        *ROOT.glob("kg/*.ttl"),
        *ROOT.glob("kg/sources/*.ttl"),
        *ROOT.glob("shapes/*.ttl"),
    ]
)


@pytest.mark.parametrize(
    "path", COMMITTED_TURTLE, ids=[str(p.relative_to(ROOT)) for p in COMMITTED_TURTLE]
)
def test_committed_turtle_is_canonical(path: Path) -> None:
    from mbx.export import canonical_turtle

    name = path.relative_to(ROOT)
    assert canonical_turtle(str(path)) == path.read_bytes(), (
        f"{name} is not in canonical form; run `mbx normalize {name}`"
    )
    assert b"\nPREFIX " not in path.read_bytes() and path.read_bytes().startswith(b"@prefix ")


def test_ontology_kg_shapes_and_sources_are_all_checked() -> None:
    names = {str(p.relative_to(ROOT)) for p in COMMITTED_TURTLE}
    assert {
        "ontology/mbx.ttl",
        "kg/mbx-kg.ttl",
        "kg/sources/000.ttl",
        "shapes/mbx-shapes.ttl",
        "shapes/mbx-kg-shapes.ttl",
    } <= names


@pytest.mark.parametrize(
    ("document", "path", "name", "imports"),
    [
        (ONTOLOGY_IRI, MBX_TTL, "mbx.owl", []),
        (KG_IRI, KG_TTL, "mbx-kg.owl", [ONTOLOGY_IRI]),
    ],
    ids=["terms", "knowledge-graph"],
)
def test_header(document: str, path: Path, name: str, imports: list[str]) -> None:
    from importlib.metadata import version

    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD

    graph = Graph().parse(path, format="turtle")
    ontology = URIRef(document)
    assert list(graph.subjects(iri(RDF + "type"), iri(OWL + "Ontology"))) == [ontology]
    dcterms = "http://purl.org/dc/terms/"
    for field in ("title", "description", "creator", "bibliographicCitation"):
        assert graph.value(ontology, iri(dcterms + field)) is not None, f"dcterms:{field} missing"
    assert graph.value(ontology, iri(dcterms + "license")) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    created = graph.value(ontology, iri(dcterms + "created"))
    assert isinstance(created, Literal) and created.datatype == XSD.date
    package = version("mbx")
    assert str(graph.value(ontology, iri(OWL + "versionInfo"))) == package
    assert str(graph.value(ontology, iri(OWL + "versionIRI"))) == (
        f"https://w3id.org/mbx/releases/{package}/{name}"
    )
    vann = "http://purl.org/vocab/vann/"
    assert str(graph.value(ontology, iri(vann + "preferredNamespacePrefix"))) == "mbx"
    assert str(graph.value(ontology, iri(vann + "preferredNamespaceUri"))) == MBX
    assert sorted(map(str, graph.objects(ontology, iri(OWL + "imports")))) == imports


def test_version_is_0_2_0() -> None:
    import mbx

    assert mbx.__version__ == "0.2.0"


# --------------------------------------------------------------------------- annotations


def test_every_mbx_term_has_one_label_and_one_definition(bundled: rdflib.Graph) -> None:
    from rdflib import Literal, URIRef

    kinds = [iri(OWL + k) for k in TERM_KINDS] + [iri(SKOS + "Concept"), iri(SKOS + "ConceptScheme")]
    terms = sorted(
        {
            s
            for k in kinds
            for s in bundled.subjects(iri(RDF + "type"), k)
            if isinstance(s, URIRef) and re.fullmatch(r"https://w3id\.org/mbx/[^/#]+", str(s))
        }
    )
    assert len(terms) > 200
    problems = []
    for term in terms:
        labels = list(bundled.objects(term, iri(RDFS + "label")))
        definitions = list(bundled.objects(term, iri(IAO_DEFINITION)))
        if len(labels) != 1 or len(definitions) != 1:
            problems.append(f"{local(term)}: {len(labels)} labels, {len(definitions)} definitions")
        for value in labels + definitions:
            if not isinstance(value, Literal) or value.language or value.datatype:
                problems.append(f"{local(term)}: {value!r} is not a plain string")
    assert not problems, "\n".join(problems)


def test_skos_definition_is_not_used(bundled: rdflib.Graph) -> None:
    definition = iri(SKOS + "definition")
    assert not list(bundled.triples((None, definition, None)))
    assert not list(bundled.triples((definition, None, None)))


def test_unmapped_terms_say_they_are_minted(onto: rdflib.Graph) -> None:
    missing = []
    for kind in TERM_KINDS:
        for term in mbx_terms(onto, kind):
            mapped = any(onto.value(term, iri(SKOS + m)) is not None for m in MAPPINGS)
            aligned = any(
                not str(p).startswith(MBX)
                for p in onto.objects(term, iri(RDFS + "subClassOf"))
            ) or any(
                not str(p).startswith(MBX)
                for p in onto.objects(term, iri(RDFS + "subPropertyOf"))
            )
            notes = " ".join(str(n) for n in onto.objects(term, iri(IAO_EDITOR_NOTE)))
            if not mapped and not aligned and "MBX-minted" not in notes:
                missing.append(local(term))
    assert not missing, f"no mapping and no 'MBX-minted' editor note: {missing}"


def test_every_predicate_is_declared(bundled: rdflib.Graph) -> None:
    """Every predicate of the bundled graph is declared (OWL 2 DL needs it)."""
    from rdflib import URIRef

    builtin = {RDF + n for n in ("type", "first", "rest")} | {
        RDFS + n for n in ("label", "comment", "subClassOf", "subPropertyOf", "domain", "range")
    }
    declared = {
        str(s)
        for kind in ("ObjectProperty", "DatatypeProperty", "AnnotationProperty")
        for s in bundled.subjects(iri(RDF + "type"), iri(OWL + kind))
    }
    used = {str(p) for p in bundled.predicates() if isinstance(p, URIRef)}
    undeclared = sorted(p for p in used - declared - builtin if not p.startswith(OWL))
    assert not undeclared, f"predicates used but not declared in mbx.ttl: {undeclared}"


def test_reused_external_terms_carry_their_source_or_only_a_declaration(
    onto: rdflib.Graph,
) -> None:
    """Terms with numeric IDs (RO, BFO, IAO) carry their official label and definition;
    terms of vocabularies with readable names (dcterms, skos, oboInOwl, oa …) are bare."""
    from rdflib import URIRef

    problems = []
    for subject in sorted({s for s in onto.subjects() if isinstance(s, URIRef)}):
        name = str(subject)
        if name.startswith(MBX):
            continue
        predicates = {str(p) for p in onto.predicates(subject)}
        if name.startswith(OBO):
            note = " ".join(map(str, onto.objects(subject, iri(IAO_EDITOR_NOTE))))
            if not {RDFS + "label", IAO_DEFINITION} <= predicates or "copied from" not in note:
                problems.append(f"{name}: needs its official label, definition and source")
        elif predicates != {RDF + "type"}:
            problems.append(f"{name}: re-declared beyond what OWL needs: {sorted(predicates)}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- labels, IRIs


def test_no_two_mbx_iris_differ_only_by_case(bundled: rdflib.Graph) -> None:
    from rdflib import URIRef

    names = {
        str(t)
        for triple in bundled
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(MBX)
    }
    by_fold: dict[str, set[str]] = {}
    for name in names:
        by_fold.setdefault(name.casefold(), set()).add(name)
    clashes = sorted(sorted(v) for v in by_fold.values() if len(v) > 1)
    assert not clashes, clashes


def test_no_label_is_shared(bundled: rdflib.Graph) -> None:
    """ROBOT report's duplicate_label over everything: terms, kinds, concepts, claims, documents."""
    from rdflib import URIRef

    owners: dict[str, set[str]] = {}
    for subject, label in bundled.subject_objects(iri(RDFS + "label")):
        if isinstance(subject, URIRef):
            owners.setdefault(str(label), set()).add(str(subject))
    shared = {label: sorted(s) for label, s in owners.items() if len(s) > 1}
    assert not shared, shared


def test_exact_synonyms_are_unambiguous(bundled: rdflib.Graph) -> None:
    """No exact synonym on two terms, and none is another term's label (ROBOT's WARN rules)."""
    synonym = iri("http://www.geneontology.org/formats/oboInOwl#hasExactSynonym")
    owners: dict[str, set[str]] = {}
    for subject, value in bundled.subject_objects(synonym):
        owners.setdefault(str(value).upper(), set()).add(str(subject))
    assert not {k: v for k, v in owners.items() if len(v) > 1}
    labels = {str(v): str(s) for s, v in bundled.subject_objects(iri(RDFS + "label"))}
    clashes = [(str(s), str(v)) for s, v in bundled.subject_objects(synonym) if str(v) in labels]
    assert not clashes, clashes


@pytest.mark.parametrize("name", REMOVED)
def test_removed_iris_are_gone(bundled: rdflib.Graph, name: str) -> None:
    term = iri(name)
    assert not list(bundled.triples((term, None, None)))
    assert not list(bundled.triples((None, term, None)))
    assert not list(bundled.triples((None, None, term)))


# --------------------------------------------------------------------------- kinds are punned classes


def superclasses(graph: rdflib.Graph, term: rdflib.URIRef) -> set[str]:
    return {local(c) for c in graph.transitive_objects(term, iri(RDFS + "subClassOf"))}


def test_kinds_are_classes_and_individuals(onto: rdflib.Graph) -> None:
    from mbx.tables import ENTITY_COLUMNS, read_table

    rows = list(read_table(REPO / "ontology" / "entities.tsv", ENTITY_COLUMNS))
    assert len(rows) > 80
    a = iri(RDF + "type")
    axis = [c for c in mbx_terms(onto, "Class") if "AxisEntity" in superclasses(onto, c)]
    assert {r.values["id"] for r in rows} <= {local(c) for c in axis}
    for kind in axis:
        assert (kind, a, iri(OWL + "NamedIndividual")) in onto, local(kind)
        types = {local(t) for t in onto.objects(kind, a)}
        assert types == {str(iri(OWL + "Class")).removeprefix(MBX),
                         str(iri(OWL + "NamedIndividual")).removeprefix(MBX)}, (local(kind), types)


@pytest.mark.parametrize(
    ("member", "group"),
    [
        ("vitamin_b6", "BVitamin"),
        ("vitamin_b6", "Micronutrient"),
        ("vitamin_d", "Vitamin"),
        ("vitamin_d", "Micronutrient"),
        ("irisin", "Myokine"),
        ("bdnf", "Neurotrophin"),
        ("curcumin", "Polyphenol"),
        ("cardiac_muscle", "MuscleTissue"),
        ("alzheimers_disease", "NeurodegenerativeDisease"),
        ("hippocampus", "AnatomicalEntity"),
        ("serotonin", "Neurotransmitter"),
    ],
)
def test_group_terms_reach_their_members(onto: rdflib.Graph, member: str, group: str) -> None:
    assert group in superclasses(onto, iri(member))


def test_polyphenols_are_not_micronutrients(onto: rdflib.Graph) -> None:
    assert "Micronutrient" not in superclasses(onto, iri("Polyphenol"))


def test_top_classes_are_aligned_to_bfo_and_iao(onto: rdflib.Graph) -> None:
    expected = {
        "MolecularEntity": "BFO_0000040",
        "AnatomicalEntity": "BFO_0000040",
        "CellType": "BFO_0000040",
        "BiologicalProcess": "BFO_0000015",
        "Intervention": "BFO_0000015",
        "ChemicalRole": "BFO_0000023",
        "InformationEntity": "IAO_0000030",
    }
    for klass, parent in expected.items():
        assert (iri(klass), iri(RDFS + "subClassOf"), iri(OBO + parent)) in onto, klass


def test_class_definitions_are_not_claims(onto: rdflib.Graph) -> None:
    """Definitions define; what a document asserts stays a claim with its quote."""
    claimish = re.compile(r"\bthe (letter|article|documents|glossary)\b|\d+ ?%", re.I)
    found = [
        (local(s), str(d))
        for s in mbx_terms(onto, "Class")
        for d in onto.objects(s, iri(IAO_DEFINITION))
        if claimish.search(str(d))
    ]
    assert not found, found


# --------------------------------------------------------------------------- mappings


def verified_iris() -> set[str]:
    if not XREFS.exists():
        pytest.skip(f"{XREFS} not found: cannot check mappings against the verified list")
    iris = set()
    for path in (XREFS, XREFS_EXTRA):
        with path.open(encoding="utf-8", newline="") as handle:
            iris |= {row["iri"] for row in csv.DictReader(handle, delimiter="\t") if row["iri"]}
    return iris


def mapping_triples(graph: rdflib.Graph) -> Iterator[tuple[str, str, str]]:
    for relation in MAPPINGS:
        for s, o in graph.subject_objects(iri(SKOS + relation)):
            yield str(s), relation, str(o)


def test_xrefs_extra_has_the_columns_of_xrefs() -> None:
    header = XREFS_EXTRA.read_text(encoding="utf-8").splitlines()[0]
    assert header == "entity\tcurie\tiri\tofficial_label\trelation_suggested\tsource_checked\tnote"


def test_mappings_and_reused_terms_are_verified(bundled: rdflib.Graph) -> None:
    from rdflib import URIRef

    verified = verified_iris()
    triples = list(mapping_triples(bundled))
    assert triples, "no SKOS mappings at all"
    unverified = [t for t in triples if t[2] not in verified]
    assert not unverified, "mapping targets not verified:\n" + "\n".join(map(str, unverified))
    reused = {
        str(t)
        for triple in bundled
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(OBO)
        and not re.search(r"/(IAO_000011[56])$", str(t))
    }
    assert sorted(reused - verified) == []


def test_no_mapping_to_obsolete_glucose_import(bundled: rdflib.Graph) -> None:
    assert not [t for t in mapping_triples(bundled) if t[2] == OBSOLETE_GO]


def test_genes_are_related_never_exact(bundled: rdflib.Graph) -> None:
    """A protein is exactly its PR term at most; its human gene (HGNC) is a related match."""
    hgnc = "http://identifiers.org/hgnc/"
    wrong = [t for t in mapping_triples(bundled) if t[2].startswith(hgnc) and t[1] != "relatedMatch"]
    assert not wrong, wrong
    by_subject: dict[str, set[str]] = {}
    for s, relation, o in mapping_triples(bundled):
        if relation == "exactMatch":
            by_subject.setdefault(s, set()).add(o.split("/")[-1].split("_")[0])
    assert not [s for s, targets in by_subject.items() if {"PR", "1033"} <= targets]


def test_chebi_role_classes_are_close(bundled: rdflib.Graph) -> None:
    for klass, chebi in (("Micronutrient", "CHEBI_27027"), ("BVitamin", "CHEBI_75769")):
        assert (iri(klass), iri(SKOS + "closeMatch"), iri(OBO + chebi)) in bundled
        assert (iri(klass), iri(SKOS + "exactMatch"), iri(OBO + chebi)) not in bundled


# --------------------------------------------------------------------------- docs/MODEL.md


def model_md_names() -> set[str]:
    """The mbx: names docs/MODEL.md uses, outside its section on changes from 0.1."""
    text = MODEL_MD.read_text(encoding="utf-8")
    text = re.sub(r"^## Changes from 0\.1.*?(?=^## |\Z)", "", text, flags=re.S | re.M)
    return set(re.findall(r"`mbx:([A-Za-z_][A-Za-z0-9_]*)`", text))


def test_model_md_names_are_defined_and_every_term_is_described(onto: rdflib.Graph) -> None:
    from rdflib import URIRef

    names = model_md_names()
    defined = {
        local(s) for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(MBX)
    }
    from mbx.tables import ENTITY_COLUMNS, read_table

    kinds = {r.values["id"] for r in read_table(REPO / "ontology" / "entities.tsv", ENTITY_COLUMNS)}
    assert sorted(names - defined) == [], "named in docs/MODEL.md but not defined"
    undocumented = sorted(
        name for name in defined - kinds - {"mbx.owl"} if name not in names
    )
    assert undocumented == [], "defined in ontology/mbx.ttl but not described in docs/MODEL.md"


# --------------------------------------------------------------------------- relations


def super_properties(graph: rdflib.Graph, prop: rdflib.URIRef) -> set[str]:
    from rdflib.namespace import RDFS as RDFS_NS

    return {local(p) for p in graph.transitive_objects(prop, RDFS_NS.subPropertyOf)}


def test_modulates_family(onto: rdflib.Graph) -> None:
    sub = iri(RDFS + "subPropertyOf")
    wrong = {c: p for c, p in MODULATES_TREE.items() if (iri(c), sub, iri(p)) not in onto}
    assert not wrong, f"subPropertyOf not asserted: {wrong}"
    for name in OTHER_RELATIONS:
        assert "modulates" not in super_properties(onto, iri(name)), name
    assert (iri(OBO + "RO_0002211"), sub, iri("regulates")) in onto
    causal = iri(OBO + "RO_0002410")
    for name in ("modulates", "supports", "underlies"):
        assert (iri(name), sub, causal) in onto, name


@pytest.mark.parametrize("old", sorted(RO_REUSED))
def test_ro_relations_are_used_directly(onto: rdflib.Graph, bundled: rdflib.Graph, old: str) -> None:
    ro, label = RO_REUSED[old]
    term = iri(OBO + ro)
    assert (term, iri(RDF + "type"), iri(OWL + "ObjectProperty")) in onto
    assert str(onto.value(term, iri(RDFS + "label"))) == label
    # no MBX relation carries an RO relation's label
    mbx_labels = {str(onto.value(p, iri(RDFS + "label"))) for p in mbx_terms(onto, "ObjectProperty")}
    assert label not in mbx_labels


def test_relations_are_tied_by_axioms_not_only_skos(onto: rdflib.Graph) -> None:
    """An MBX relation that maps to RO/BFO by SKOS also has a logical tie, or is distinct."""
    regulates = str(onto.value(iri("regulates"), iri(RDFS + "label")))
    assert regulates != "regulates"


def test_mbx_relations_have_owl_domain_and_range_equal_to_the_shapes(onto: rdflib.Graph) -> None:
    """The subject and object kinds SHACL expects of an MBX relation are its OWL domain and range."""
    from rdflib import BNode, Graph
    from rdflib.collection import Collection

    shapes = Graph().parse(REPO / "shapes" / "mbx-shapes.ttl")
    sh = "http://www.w3.org/ns/shacl#"

    def owl_kinds(node: object) -> set[str]:
        if isinstance(node, BNode):
            return {local(m) for m in Collection(onto, onto.value(node, iri(OWL + "unionOf")))}
        return {local(node)}

    def shape_kinds(shape: object) -> set[str]:
        """The MBX classes a Kind-… shape accepts (sh:class inside its sh:or, recursively)."""
        found: set[str] = set()
        for member in Collection(shapes, shapes.value(shape, iri(sh + "or"))):
            klass = shapes.value(member, iri(sh + "class"))
            if klass is not None:
                found.add(local(klass))
            elif shapes.value(member, iri(sh + "or")) is not None:
                found |= shape_kinds(member)
        return found

    for name in [*MODULATES_TREE, "modulates", *OTHER_RELATIONS]:
        shape = iri(f"https://w3id.org/mbx/shapes#Relation-{name}")
        subject_shape = shapes.value(shape, iri(sh + "node"))
        object_shape = shapes.value(shapes.value(shape, iri(sh + "property")), iri(sh + "node"))
        assert shape_kinds(subject_shape) == owl_kinds(onto.value(iri(name), iri(RDFS + "domain")))
        assert shape_kinds(object_shape) == owl_kinds(onto.value(iri(name), iri(RDFS + "range")))


def test_claim_predicates_are_object_properties(bundled: rdflib.Graph, onto: rdflib.Graph) -> None:
    predicates = set(bundled.objects(None, iri("predicate")))
    assert predicates
    problems = [
        str(p) for p in sorted(predicates)
        if (p, iri(RDF + "type"), iri(OWL + "ObjectProperty")) not in onto
    ]
    assert not problems


# --------------------------------------------------------------------------- concepts


def test_concepts(onto: rdflib.Graph) -> None:
    a = iri(RDF + "type")
    problems = []
    concepts = sorted(onto.subjects(a, iri(SKOS + "Concept")))
    assert len(concepts) >= 30
    for concept in concepts:
        name = local(concept)
        schemes = list(onto.objects(concept, iri(SKOS + "inScheme")))
        labels = list(onto.objects(concept, iri(RDFS + "label")))
        pref = list(onto.objects(concept, iri(SKOS + "prefLabel")))
        definitions = list(onto.objects(concept, iri(IAO_DEFINITION)))
        if len(schemes) != 1 or len(labels) != 1 or len(definitions) != 1 or labels != pref:
            problems.append(f"{name}: scheme/label/prefLabel/definition not exactly one each")
            continue
        klass = SCHEME_CLASS.get(local(schemes[0]))
        if klass is None or (concept, a, iri(klass)) not in onto:
            problems.append(f"{name}: not typed mbx:{klass}")
        if (concept, a, iri(OWL + "NamedIndividual")) not in onto:
            problems.append(f"{name}: not an owl:NamedIndividual")
    assert not problems, "\n".join(problems)
    for scheme, klass in SCHEME_CLASS.items():
        scheme_label = str(onto.value(iri(scheme), iri(RDFS + "label")))
        assert scheme_label.endswith(" scheme") and scheme_label != str(
            onto.value(iri(klass), iri(RDFS + "label"))
        )


def test_the_two_evidence_axes_map_to_eco_and_biolink(onto: rdflib.Graph) -> None:
    from rdflib import URIRef

    eco = OBO + "ECO_"
    support = {
        "cited_literature": ("exactMatch", "0000304"),
        "author_statement": ("exactMatch", "0000303"),
        "background_knowledge": ("exactMatch", "0000306"),
        "author_inference": ("closeMatch", "0006185"),
    }
    for name, (relation, eco_id) in support.items():
        assert (iri(name), iri(SKOS + relation), URIRef(eco + eco_id)) in onto, name
    knowledge_level = URIRef("https://w3id.org/biolink/vocab/knowledge_level")
    levels = {"asserted": "knowledge_assertion", "hedged": "prediction", "proposed": "prediction"}
    for name, level in levels.items():
        assert str(onto.value(iri(name), knowledge_level)) == level, name


def test_claim_qualifier_values_come_from_their_scheme(bundled: rdflib.Graph) -> None:
    problems = []
    for prop, scheme in CLAIM_QUALIFIERS.items():
        for claim, value in bundled.subject_objects(iri(prop)):
            if (value, iri(SKOS + "inScheme"), iri(scheme)) not in bundled:
                problems.append(f"{claim} mbx:{prop} {local(value)}: not a concept of mbx:{scheme}")
    assert not problems, "\n".join(problems)


def test_kind_parents_are_mbx_classes(onto: rdflib.Graph) -> None:
    declared = set(mbx_terms(onto, "Class"))
    parents = {o for o in onto.objects(None, iri(RDFS + "subClassOf")) if str(o).startswith(MBX)}
    unknown = sorted(local(o) for o in parents - declared)
    assert not unknown, f"parents that are not classes of the ontology: {unknown}"


# --------------------------------------------------------------------------- OWL / HermiT


def export_part(tmp_path: Path, part: str, fmt_name: str = "ntriples") -> Path:
    """``mbx export --part PART -f FMT`` into ``tmp_path``."""
    from mbx.dataset import load_quads
    from mbx.export import serialize_quads
    from mbx.formats import FORMATS

    fmt = FORMATS[fmt_name]
    path = tmp_path / f"mbx-{part}{fmt.extension}"
    path.write_bytes(serialize_quads(load_quads(part=part), fmt))
    return path


def reason(path: Path, imports_dir: Path | None = None) -> owlready2.World:
    """Load ``path`` into a fresh owlready2 world and run HermiT; return the world.

    owl:imports of MBX are resolved from ``imports_dir`` (a local ``mbx.owl``),
    never fetched.
    """
    if shutil.which("java") is None:
        pytest.skip("no `java` on PATH: HermiT (owlready2) needs a Java runtime")
    import owlready2

    added = imports_dir is not None and str(imports_dir) not in owlready2.onto_path
    if added:
        owlready2.onto_path.insert(0, str(imports_dir))
    from mbx.reason import find_java, quick_java

    world = owlready2.World()
    # owlready2 writes the ontology to a temporary file for HermiT and leaves it
    # behind when HermiT finds an inconsistency: keep it under tmp_path.
    saved = tempfile.tempdir, owlready2.JAVA_EXE
    tempfile.tempdir = str(path.parent)
    owlready2.JAVA_EXE = quick_java(find_java(), path.parent)
    try:
        world.get_ontology(path.as_uri()).load()
        owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
    finally:
        tempfile.tempdir, owlready2.JAVA_EXE = saved
        if added:
            owlready2.onto_path.remove(str(imports_dir))
    return world


def local_imports(tmp_path: Path) -> Path:
    """A folder holding ``mbx.owl`` (the terms, RDF/XML) for owlready2's ``onto_path``."""
    folder = tmp_path / "imports"
    folder.mkdir(exist_ok=True)
    (folder / "mbx.owl").write_bytes(export_part(tmp_path, "ontology", "rdfxml").read_bytes())
    return folder


def terms_ntriples(tmp_path: Path, extra: str = "") -> Path:
    """The terms as N-Triples, plus ``extra`` N-Triples lines."""
    path = tmp_path / "terms-plus.nt"
    path.write_bytes(export_part(tmp_path, "ontology").read_bytes() + extra.encode())
    return path


def _nt(s: str, p: str, o: str) -> str:
    obj = o if o.startswith('"') else f"<{iri(o)}>"
    return f"<{iri(s)}> <{iri(p)}> {obj} .\n"


def _individual(name: str, *types: str) -> str:
    return _nt(name, RDF + "type", OWL + "NamedIndividual") + "".join(
        _nt(name, RDF + "type", t) for t in types
    )


def _kind(name: str, *parents: str) -> str:
    return (
        _nt(name, RDF + "type", OWL + "Class")
        + _nt(name, RDF + "type", OWL + "NamedIndividual")
        + "".join(_nt(name, RDFS + "subClassOf", p) for p in parents)
    )


CLAIM = "https://w3id.org/mbx/claim/999-01"
#: a claim as bundle.py writes it (annotation properties + direct edge), on test kinds.
A_CLAIM = (
    _kind("test_myokine", "Myokine")
    + _kind("test_muscle", "SkeletalMuscleTissue")
    + _individual("test_letter", "Letter")
    + _nt(CLAIM, RDF + "type", "Claim")
    + _nt(CLAIM, "subject", "test_myokine")
    + _nt(CLAIM, "predicate", OBO + "RO_0003001")
    + _nt(CLAIM, "object", "test_muscle")
    + _nt(CLAIM, "quote", '"Myokines are produced and released by muscle fibers"')
    + _nt(CLAIM, "hedgingCue", '"may"')
    + _nt(CLAIM, "statedIn", "test_letter")
    + _nt(CLAIM, "hedgingLevel", "hedged")
    + _nt(CLAIM, "supportType", "author_statement")
    + _nt(CLAIM, "objectAspectQualifier", "release")
    + _nt(CLAIM, "context", "during_exercise")
    + _nt(CLAIM, "anatomicalContext", "test_muscle")
    + _nt("test_myokine", OBO + "RO_0003001", "test_muscle")
)


@pytest.mark.java
def test_hermit_accepts_a_claim_and_infers_the_hierarchy(tmp_path: Path) -> None:
    world = reason(terms_ntriples(tmp_path, A_CLAIM))
    myokine = world[MBX + "test_myokine"]
    claim = world[CLAIM]
    assert world[MBX + "SignalingMolecule"] in myokine.ancestors()
    assert world[MBX + "AxisEntity"] in myokine.ancestors()
    assert world[OBO + "BFO_0000040"] in myokine.ancestors()
    assert world[MBX + "InformationEntity"] in claim.INDIRECT_is_a
    assert list(world.inconsistent_classes()) == []


@pytest.mark.java
@pytest.mark.parametrize(
    "extra",
    [
        pytest.param(_individual("bogus", "Myokine", "BrainRegion"), id="molecule-and-region"),
        pytest.param(_individual("bogus", "Claim", "Myokine"), id="claim-and-molecule"),
        pytest.param(
            _individual("bogus", "DiseaseOrCondition", "Intervention"), id="disease-and-cure"
        ),
        pytest.param(
            _individual("bogus_region", "BrainRegion")
            + _individual("bogus_barrier", "AnatomicalBarrier")
            + _nt("bogus_region", "crosses", "bogus_barrier"),
            id="region-outside-domain-of-crosses",
        ),
        pytest.param(
            _individual("bogus", "hippocampus", "bdnf"), id="instance-of-a-region-and-a-molecule"
        ),
        pytest.param(
            A_CLAIM + _individual("release", "MetabolicProcess"),
            id="kind-named-like-a-concept",
        ),
    ],
)
def test_hermit_reports_type_errors(tmp_path: Path, extra: str) -> None:
    import owlready2

    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(terms_ntriples(tmp_path, extra))


def hermit_unsatisfiable(path: Path) -> list[str]:
    """HermiT's own command line (the jar owlready2 ships): the unsatisfiable classes of an
    N-Triples file, owl:Nothing excluded. owlready2 does not report unsatisfiable punned
    classes, HermiT does. ``owl:imports`` lines are dropped first (never fetched); an
    inconsistent ontology fails the test.
    """
    import subprocess

    if shutil.which("java") is None:
        pytest.skip("no `java` on PATH: HermiT needs a Java runtime")
    import owlready2

    hermit = Path(owlready2.__file__).parent / "hermit"
    local_copy = path.with_name(path.stem + "-no-imports.nt")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    local_copy.write_text("".join(x for x in lines if f"<{OWL}imports>" not in x), encoding="utf-8")
    done = subprocess.run(
        ["java", "-cp", f"{hermit / 'HermiT.jar'}:{hermit}", "org.semanticweb.HermiT.cli.CommandLine",
         "-k", "-U", local_copy.as_uri()],
        capture_output=True, text=True, check=False, timeout=600,
    )
    assert "owl#Thing is satisfiable." in done.stdout, f"HermiT: inconsistent\n{done.stderr[-2000:]}"
    listed = done.stdout.split("Classes equivalent to 'owl:Nothing':", 1)[1].split()
    return [name for name in listed if name != "owl:Nothing"]


@pytest.mark.java
def test_hermit_finds_a_class_under_disjoint_classes_unsatisfiable(tmp_path: Path) -> None:
    path = terms_ntriples(tmp_path, _kind("bogus_kind", "Myokine", "BrainRegion"))
    assert hermit_unsatisfiable(path) == [f"<{MBX}bogus_kind>"]


@pytest.mark.java
@pytest.mark.parametrize("fmt_name", ["ntriples", "rdfxml"])
def test_hermit_finds_the_full_export_consistent(tmp_path: Path, fmt_name: str) -> None:
    """owlready2 (Protégé's formats: RDF/XML, N-Triples) loads the export; HermiT finds it
    consistent and every class satisfiable.

    The knowledge graph imports the terms; the import is resolved from a local
    copy of ``mbx export --part ontology``, never fetched.
    """
    import owlready2

    try:
        world = reason(export_part(tmp_path, "all", fmt_name), local_imports(tmp_path))
    except owlready2.OwlReadyInconsistentOntologyError:
        pytest.fail(
            "HermiT: the bundled graph is inconsistent (a node typed with disjoint classes, "
            "a relation used outside its domain or range, or a kind named like a concept)"
        )
    assert list(world.inconsistent_classes()) == [], "unsatisfiable classes"
    myokine = world[MBX + "Myokine"]
    assert myokine is not None and world[MBX + "AxisEntity"] in myokine.ancestors()
    assert world[MBX + "irisin"] in list(myokine.descendants())
    assert world[MBX + "SignalingMolecule"] in world[MBX + "bdnf"].ancestors()
