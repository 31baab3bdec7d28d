"""The ontology core, ``ontology/mbx.ttl``: form, annotations, mappings, relations, OWL.

The bundled graph (``mbx.graph.load_graph()``) also holds the entities and the
claims, so these tests check that the entity table and the claim tables use
only the classes, relations and concepts that ``mbx.ttl`` defines.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from mbx.namespaces import MBX, ONTOLOGY_IRI

if TYPE_CHECKING:
    import owlready2
    import rdflib

REPO = Path(__file__).resolve().parents[1]
MBX_TTL = REPO / "ontology" / "mbx.ttl"
MODEL_MD = REPO / "docs" / "MODEL.md"
XREFS = Path(__file__).resolve().parents[2] / "shared" / "reference" / "xrefs.tsv"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
IAO_DEFINITION = "http://purl.obolibrary.org/obo/IAO_0000115"
IAO_EDITOR_NOTE = "http://purl.obolibrary.org/obo/IAO_0000116"
OBSOLETE_GO = "http://purl.obolibrary.org/obo/GO_0046323"
MAPPINGS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch")
TERM_KINDS = ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")

#: relations outside the ``modulates`` family (docs/MODEL.md, "Classes and relations").
OTHER_RELATIONS = [
    "producedBy",
    "releases",
    "actsVia",
    "expressedIn",
    "locatedIn",
    "partOf",
    "kindOf",
    "crosses",
    "participatesIn",
    "cofactorOf",
    "precursorOf",
    "hasRole",
    "contributesToCondition",
    "amelioratesCondition",
    "associatedWith",
    "riskFactorFor",
    "supports",
    "underlies",
]
#: the ``modulates`` family as docs/MODEL.md draws it: child -> parent.
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
#: concept scheme -> the class that types its concepts.
SCHEME_CLASS = {
    "EvidenceLevelScheme": "EvidenceLevel",
    "SubjectAspectScheme": "SubjectAspect",
    "ObjectAspectScheme": "ObjectAspect",
    "DirectionScheme": "Direction",
    "ContextScheme": "ExerciseContext",
}
#: claim property -> the scheme its values come from.
CLAIM_QUALIFIERS = {
    "evidenceLevel": "EvidenceLevelScheme",
    "subjectAspect": "SubjectAspectScheme",
    "objectAspect": "ObjectAspectScheme",
    "objectDirection": "DirectionScheme",
    "context": "ContextScheme",
}


def iri(name: str) -> rdflib.URIRef:
    from rdflib import URIRef

    return URIRef(name if ":" in name and "/" in name else MBX + name)


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    """``mbx.ttl`` alone."""
    from rdflib import Graph

    return Graph().parse(MBX_TTL, format="turtle")


@pytest.fixture(scope="module")
def bundled() -> rdflib.Graph:
    """The whole bundled graph: ontology, entities, sources and claims."""
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
    [*ROOT.glob("ontology/*.ttl"), *ROOT.glob("ontology/sources/*.ttl"), *ROOT.glob("shapes/*.ttl")]
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


def test_ontology_shapes_and_sources_are_all_checked() -> None:
    names = {str(p.relative_to(ROOT)) for p in COMMITTED_TURTLE}
    assert {"ontology/mbx.ttl", "shapes/mbx-shapes.ttl", "ontology/sources/000.ttl"} <= names


def test_header(onto: rdflib.Graph) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    ontology = URIRef(ONTOLOGY_IRI)
    assert (ontology, iri(RDF + "type"), iri(OWL + "Ontology")) in onto
    dcterms = "http://purl.org/dc/terms/"
    for field in ("title", "description", "creator", "bibliographicCitation"):
        assert onto.value(ontology, iri(dcterms + field)) is not None, f"dcterms:{field} missing"
    assert onto.value(ontology, iri(dcterms + "license")) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    created = onto.value(ontology, iri(dcterms + "created"))
    assert isinstance(created, Literal) and created.datatype == XSD.date
    version_iri = onto.value(ontology, iri(OWL + "versionIRI"))
    version = onto.value(ontology, iri(OWL + "versionInfo"))
    assert version_iri is not None and version_iri != ontology
    assert str(version_iri) == f"https://w3id.org/mbx/releases/{version}/mbx.owl"
    vann = "http://purl.org/vocab/vann/"
    assert str(onto.value(ontology, iri(vann + "preferredNamespacePrefix"))) == "mbx"
    assert str(onto.value(ontology, iri(vann + "preferredNamespaceUri"))) == MBX
    assert not list(onto.objects(ontology, iri(OWL + "imports"))), "MBX must not import"


def test_version_matches_package(onto: rdflib.Graph) -> None:
    from importlib.metadata import version

    from rdflib import URIRef

    assert str(onto.value(URIRef(ONTOLOGY_IRI), iri(OWL + "versionInfo"))) == version("mbx")


# --------------------------------------------------------------------------- annotations


@pytest.mark.parametrize("kind", TERM_KINDS)
def test_every_term_has_one_label_and_one_definition(onto: rdflib.Graph, kind: str) -> None:
    from rdflib import Literal

    terms = mbx_terms(onto, kind)
    if kind != "AnnotationProperty":
        assert terms, f"no owl:{kind} in mbx.ttl"
    problems = []
    for term in terms:
        labels = list(onto.objects(term, iri(RDFS + "label")))
        definitions = list(onto.objects(term, iri(IAO_DEFINITION)))
        if len(labels) != 1 or len(definitions) != 1:
            problems.append(f"{local(term)}: {len(labels)} labels, {len(definitions)} definitions")
        for value in labels + definitions:
            if not isinstance(value, Literal) or value.language or value.datatype:
                problems.append(f"{local(term)}: {value!r} is not a plain string")
    assert not problems, "\n".join(problems)


def test_unmapped_terms_say_they_are_minted(onto: rdflib.Graph) -> None:
    missing = []
    for kind in TERM_KINDS:
        for term in mbx_terms(onto, kind):
            mapped = any(onto.value(term, iri(SKOS + m)) is not None for m in MAPPINGS)
            notes = " ".join(str(n) for n in onto.objects(term, iri(IAO_EDITOR_NOTE)))
            if not mapped and "MBX-minted" not in notes:
                missing.append(local(term))
    assert not missing, f"no mapping and no 'MBX-minted' editor note: {missing}"


def test_annotation_properties_are_declared(bundled: rdflib.Graph) -> None:
    """Every predicate of the bundled graph is declared (OWL 2 DL needs it)."""
    from rdflib import URIRef

    builtin = {RDF + n for n in ("type", "subject", "predicate", "object", "first", "rest")} | {
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


# --------------------------------------------------------------------------- mappings


def verified_iris() -> set[str]:
    import csv

    if not XREFS.exists():
        pytest.skip(f"{XREFS} not found: cannot check mappings against the verified list")
    with XREFS.open(encoding="utf-8", newline="") as handle:
        return {row["iri"] for row in csv.DictReader(handle, delimiter="\t") if row["iri"]}


def mapping_triples(graph: rdflib.Graph) -> Iterator[tuple[str, str, str]]:
    for relation in MAPPINGS:
        for s, o in graph.subject_objects(iri(SKOS + relation)):
            yield str(s), relation, str(o)


def test_mappings_use_only_verified_external_terms(bundled: rdflib.Graph) -> None:
    verified = verified_iris()
    triples = list(mapping_triples(bundled))
    assert triples, "no SKOS mappings at all"
    unverified = [t for t in triples if t[2] not in verified]
    assert not unverified, "mapping targets not in xrefs.tsv:\n" + "\n".join(map(str, unverified))


def test_no_mapping_to_obsolete_glucose_import(bundled: rdflib.Graph) -> None:
    assert not [t for t in mapping_triples(bundled) if t[2] == OBSOLETE_GO]


# --------------------------------------------------------------------------- docs/MODEL.md


def model_section(title: str) -> str:
    text = MODEL_MD.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}[^\n]*\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"docs/MODEL.md has no section {title!r}"
    return match.group(1)


def model_names() -> dict[str, set[str]]:
    """Names docs/MODEL.md promises, by kind."""
    section = model_section("Classes and relations")
    classes_part, _, rest = section.partition("Relations (")
    relations_part, _, rest = rest.partition("Claim and recommendation properties")
    properties_part, _, schemes_part = rest.partition("Concept schemes")
    ticks = re.compile(r"`(?:mbx:)?([A-Za-z_][A-Za-z0-9_]*)`")
    concepts: set[str] = set()
    files = model_section("Files (`ontology/`)")
    for column in ("subject_aspect", "object_aspect", "direction", "context"):
        row = re.search(rf"^\| `{column}` \|.*$", files, re.M)
        assert row, f"no row for {column} in the claim columns table"
        concepts |= set(ticks.findall("|".join(row.group(0).split("|")[3:])))
    concepts |= set(
        re.findall(
            r"^\| `mbx:([a-z_]+)` \|",
            model_section("Evidence levels (`mbx:EvidenceLevelScheme`, SKOS)"),
            re.M,
        )
    )
    return {
        "Class": set(ticks.findall(classes_part)),
        "relation": set(ticks.findall(relations_part)),
        "property": set(ticks.findall(properties_part)),
        "ConceptScheme": {n for n in ticks.findall(schemes_part) if n.endswith("Scheme")},
        "Concept": concepts,
    }


def test_model_md_names_are_all_defined(onto: rdflib.Graph) -> None:
    names = model_names()
    assert len(names["Class"]) > 50 and len(names["relation"]) > 25 and len(names["Concept"]) >= 29
    a = iri(RDF + "type")
    kinds = {
        "Class": [OWL + "Class"],
        "relation": [OWL + "ObjectProperty"],
        "property": [OWL + "ObjectProperty", OWL + "DatatypeProperty"],
        "ConceptScheme": [SKOS + "ConceptScheme"],
        "Concept": [SKOS + "Concept"],
    }
    missing = [
        f"{kind} {name}"
        for kind, wanted in names.items()
        for name in sorted(wanted)
        if not any((iri(name), a, iri(k)) in onto for k in kinds[kind])
    ]
    assert not missing, f"named in docs/MODEL.md but not defined in mbx.ttl: {missing}"


def test_model_md_hierarchy(onto: rdflib.Graph) -> None:
    sub = iri(RDFS + "subClassOf")
    expected = {
        "Myokine": "SignalingMolecule",
        "SignalingMolecule": "GeneProduct",
        "Neurotrophin": "GrowthFactor",
        "BVitamin": "Vitamin",
        "Vitamin": "Micronutrient",
        "Micronutrient": "DietaryBioactive",
        "Polyphenol": "DietaryBioactive",
        "Flavonoid": "Polyphenol",
        "KynurenineMetabolite": "Metabolite",
        "SkeletalMuscleTissue": "MuscleTissue",
        "Claim": "InformationEntity",
        "ResistanceTraining": "ExerciseModality",
    }
    wrong = {c: p for c, p in expected.items() if (iri(c), sub, iri(p)) not in onto}
    assert not wrong, f"not asserted: {wrong}"
    assert (iri("AxisEntity"), iri(OWL + "disjointWith"), iri("InformationEntity")) in onto


# --------------------------------------------------------------------------- relations


def super_properties(graph: rdflib.Graph, prop: rdflib.URIRef) -> set[str]:
    from rdflib.namespace import RDFS as RDFS_NS

    return {local(p) for p in graph.transitive_objects(prop, RDFS_NS.subPropertyOf)}


def test_modulates_family_matches_model(onto: rdflib.Graph) -> None:
    sub = iri(RDFS + "subPropertyOf")
    wrong = {c: p for c, p in MODULATES_TREE.items() if (iri(c), sub, iri(p)) not in onto}
    assert not wrong, f"subPropertyOf not asserted: {wrong}"
    for name in OTHER_RELATIONS:
        assert "modulates" not in super_properties(onto, iri(name)), name
    inverse = iri(OWL + "inverseOf")
    assert (iri("releases"), inverse, iri("producedBy")) in onto or (
        iri("producedBy"),
        inverse,
        iri("releases"),
    ) in onto


def test_every_relation_has_domain_and_range(onto: rdflib.Graph) -> None:
    relations = [*MODULATES_TREE, "modulates", *OTHER_RELATIONS]
    missing = [
        name
        for name in relations
        if onto.value(iri(name), iri(RDFS + "domain")) is None
        or onto.value(iri(name), iri(RDFS + "range")) is None
    ]
    assert not missing, f"relations without rdfs:domain or rdfs:range: {missing}"


def test_claim_predicates_are_mbx_relations(bundled: rdflib.Graph, onto: rdflib.Graph) -> None:
    predicates = set(bundled.objects(None, iri(RDF + "predicate")))
    problems = []
    for predicate in sorted(predicates):
        family = super_properties(onto, predicate)  # includes the predicate itself
        if (predicate, iri(RDF + "type"), iri(OWL + "ObjectProperty")) not in onto:
            problems.append(f"{predicate}: not an owl:ObjectProperty of mbx.ttl")
        elif "modulates" not in family and not family & set(OTHER_RELATIONS):
            problems.append(f"{local(predicate)}: outside the MBX relation family")
        elif (
            onto.value(predicate, iri(RDFS + "domain")) is None
            or onto.value(predicate, iri(RDFS + "range")) is None
        ):
            problems.append(f"{local(predicate)}: no rdfs:domain or rdfs:range")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- concepts


def test_concepts(onto: rdflib.Graph) -> None:
    a = iri(RDF + "type")
    problems = []
    concepts = sorted(onto.subjects(a, iri(SKOS + "Concept")))
    assert len(concepts) >= 29
    for concept in concepts:
        name = local(concept)
        schemes = list(onto.objects(concept, iri(SKOS + "inScheme")))
        labels = list(onto.objects(concept, iri(RDFS + "label")))
        pref = list(onto.objects(concept, iri(SKOS + "prefLabel")))
        definitions = list(onto.objects(concept, iri(SKOS + "definition")))
        if len(schemes) != 1 or len(labels) != 1 or len(definitions) != 1 or labels != pref:
            problems.append(f"{name}: scheme/label/prefLabel/definition not exactly one each")
            continue
        klass = SCHEME_CLASS.get(local(schemes[0]))
        if klass is None or (concept, a, iri(klass)) not in onto:
            problems.append(f"{name}: not typed mbx:{klass}")
        if (concept, a, iri(OWL + "NamedIndividual")) not in onto:
            problems.append(f"{name}: not an owl:NamedIndividual")
    assert not problems, "\n".join(problems)


def test_evidence_levels_carry_eco_and_knowledge_level(onto: rdflib.Graph) -> None:
    from rdflib import URIRef

    eco = "http://purl.obolibrary.org/obo/ECO_"
    knowledge_level = URIRef("https://w3id.org/biolink/vocab/knowledge_level")
    expected = {
        "established": ("exactMatch", "0000303", "knowledge_assertion"),
        "reported": ("exactMatch", "0000304", "knowledge_assertion"),
        "suggested": ("closeMatch", "0000303", "prediction"),
        "hypothesised": ("closeMatch", "0006185", "prediction"),
    }
    for name, (relation, eco_id, level) in expected.items():
        assert (iri(name), iri(SKOS + relation), URIRef(eco + eco_id)) in onto, name
        assert str(onto.value(iri(name), knowledge_level)) == level, name


def test_claim_qualifier_values_come_from_their_scheme(bundled: rdflib.Graph) -> None:
    problems = []
    for prop, scheme in CLAIM_QUALIFIERS.items():
        for claim, value in bundled.subject_objects(iri(prop)):
            if (value, iri(SKOS + "inScheme"), iri(scheme)) not in bundled:
                problems.append(f"{claim} mbx:{prop} {local(value)}: not a concept of mbx:{scheme}")
    assert not problems, "\n".join(problems)


def test_entity_types_are_mbx_classes(bundled: rdflib.Graph, onto: rdflib.Graph) -> None:
    declared = set(mbx_terms(onto, "Class"))
    used = {o for o in bundled.objects(None, iri(RDF + "type")) if str(o).startswith(MBX)}
    unknown = sorted(local(o) for o in used - declared)
    assert not unknown, f"types used in the bundled graph but not classes of mbx.ttl: {unknown}"


def test_entities_do_not_reuse_ontology_names(onto: rdflib.Graph) -> None:
    """An entity named like a class, property or concept would merge with it (and clash)."""
    from rdflib import URIRef

    from mbx.bundle import ENTITY_COLUMNS, read_table

    table = REPO / "ontology" / "entities.tsv"
    entities = {row.values["id"] for row in read_table(table, ENTITY_COLUMNS)}
    defined = {
        local(s) for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(MBX)
    }
    clashes = sorted(entities & defined)
    assert not clashes, (
        f"ontology/entities.tsv reuses names that mbx.ttl defines: {clashes}; rename the entity"
    )


# --------------------------------------------------------------------------- OWL / HermiT


def bundled_export(tmp_path: Path, fmt_name: str = "ntriples") -> Path:
    """The whole bundled graph as ``mbx export -f FMT`` writes it."""
    from mbx.dataset import load_quads
    from mbx.export import serialize_quads
    from mbx.formats import FORMATS

    fmt = FORMATS[fmt_name]
    path = tmp_path / f"mbx{fmt.extension}"
    path.write_bytes(serialize_quads(load_quads(), fmt))
    return path


def ontology_ntriples(tmp_path: Path, extra: str = "") -> Path:
    """``mbx.ttl`` alone as N-Triples, plus ``extra`` N-Triples lines."""
    from mbx.export import serialize_quads
    from mbx.formats import FORMATS
    from mbx.parse import parse_quads

    quads = parse_quads(str(MBX_TTL), FORMATS["turtle"], base_iri=MBX)
    path = tmp_path / "mbx-ontology.nt"
    path.write_bytes(serialize_quads(quads, FORMATS["ntriples"]) + extra.encode())
    return path


def reason(path: Path) -> owlready2.World:
    """Load ``path`` into a fresh owlready2 world and run HermiT; return the world."""
    if shutil.which("java") is None:
        pytest.skip("no `java` on PATH: HermiT (owlready2) needs a Java runtime")
    import owlready2

    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    # owlready2 writes the ontology to a temporary file for HermiT and leaves it
    # behind when HermiT finds an inconsistency: keep it under tmp_path.
    saved = tempfile.tempdir
    tempfile.tempdir = str(path.parent)
    try:
        owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
    finally:
        tempfile.tempdir = saved
    return world


def _nt(s: str, p: str, o: str) -> str:
    obj = o if o.startswith('"') else f"<{iri(o)}>"
    return f"<{iri(s)}> <{iri(p)}> {obj} .\n"


def _individual(name: str, *types: str) -> str:
    return _nt(name, RDF + "type", OWL + "NamedIndividual") + "".join(
        _nt(name, RDF + "type", t) for t in types
    )


CLAIM = "https://w3id.org/mbx/claim/999-01"
#: a claim as bundle.py writes it (reified statement + direct edge), on test individuals.
A_CLAIM = (
    _individual("test_myokine", "Myokine")
    + _individual("test_muscle", "SkeletalMuscleTissue")
    + _individual("test_letter", "Letter")
    + _nt(CLAIM, RDF + "type", "Claim")
    + _nt(CLAIM, RDF + "subject", "test_myokine")
    + _nt(CLAIM, RDF + "predicate", "producedBy")
    + _nt(CLAIM, RDF + "object", "test_muscle")
    + _nt(CLAIM, "quote", '"Myokines are produced and released by muscle fibers"')
    + _nt(CLAIM, "hedgingCue", '"may"')
    + _nt(CLAIM, "sourceDocument", "test_letter")
    + _nt(CLAIM, "evidenceLevel", "suggested")
    + _nt(CLAIM, "objectAspect", "release")
    + _nt(CLAIM, "objectDirection", "increased")
    + _nt(CLAIM, "context", "during_exercise")
    + _nt(CLAIM, "anatomicalContext", "test_muscle")
    + _nt("test_myokine", "producedBy", "test_muscle")
)


@pytest.mark.java
def test_hermit_accepts_a_claim_and_infers_the_hierarchy(tmp_path: Path) -> None:
    world = reason(ontology_ntriples(tmp_path, A_CLAIM))
    myokine = world[MBX + "test_myokine"]
    muscle = world[MBX + "test_muscle"]
    claim = world[CLAIM]
    assert world[MBX + "SignalingMolecule"] in myokine.INDIRECT_is_a
    assert world[MBX + "AxisEntity"] in myokine.INDIRECT_is_a
    assert world[MBX + "AnatomicalEntity"] in muscle.INDIRECT_is_a
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
            _individual("bogus_process", "ImmuneProcess")
            + _nt("bogus_process", "producedBy", "bogus_process"),
            id="process-outside-domain-of-producedBy",
        ),
        pytest.param(
            A_CLAIM + _individual("release", "MetabolicProcess"),
            id="entity-named-like-a-concept",
        ),
    ],
)
def test_hermit_reports_type_errors(tmp_path: Path, extra: str) -> None:
    import owlready2

    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(ontology_ntriples(tmp_path, extra))


@pytest.mark.java
@pytest.mark.parametrize("fmt_name", ["ntriples", "rdfxml"])
def test_hermit_finds_the_bundled_graph_consistent(tmp_path: Path, fmt_name: str) -> None:
    """owlready2 (Protégé's formats: RDF/XML, N-Triples) loads the export; HermiT agrees."""
    import owlready2

    try:
        world = reason(bundled_export(tmp_path, fmt_name))
    except owlready2.OwlReadyInconsistentOntologyError:
        pytest.fail(
            "HermiT: the bundled graph is inconsistent (an entity typed with disjoint classes, "
            "a relation used outside its domain or range, or an entity named like a concept)"
        )
    myokine = world[MBX + "Myokine"]
    assert myokine is not None and world[MBX + "AxisEntity"] in myokine.ancestors()
    assert list(world.inconsistent_classes()) == []
    myokines = list(myokine.instances())
    assert myokines, "no entity typed mbx:Myokine in ontology/entities.tsv"
    signaling = world[MBX + "SignalingMolecule"]
    assert all(signaling in m.INDIRECT_is_a for m in myokines)



def test_ontology_version_is_the_package_version() -> None:
    from importlib.metadata import version

    import rdflib

    graph = rdflib.Graph().parse(MBX_TTL, format="turtle")
    ontology = rdflib.URIRef(ONTOLOGY_IRI)
    package = version("mbx")
    assert str(graph.value(ontology, rdflib.URIRef(OWL + "versionInfo"))) == package
    assert str(graph.value(ontology, rdflib.URIRef(OWL + "versionIRI"))) == (
        f"https://w3id.org/mbx/releases/{package}/mbx.owl"
    )
