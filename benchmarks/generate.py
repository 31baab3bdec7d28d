"""Generate deterministic MBX-shaped benchmark data (issue 15), streamed to N-Triples and Turtle.

The data is what a reuser of MBX writes (docs: /work/notes/SPEC-MODEL.md §4,
the 0.2 claim model): their own kinds as OWL classes under real MBX classes
(punned, labelled, defined), direct edges between kinds with real MBX and
RO/BFO relations, and one ``mbx:Claim`` node per statement carrying
``mbx:subject``/``mbx:predicate``/``mbx:object``, a generated ``rdfs:label``,
a ``mbx:quote``, ``mbx:statedIn`` a source document, ``mbx:cites`` DOIs,
``mbx:hedgingLevel``, ``mbx:supportType``, a ``mbx:quoteSelector`` node
(``oa:TextPositionSelector``) and, for one claim in ten, a ``mbx:quantity``
blank node. About 16.5 triples a claim (``--claims 10k`` gives 165k triples).

Every value is a pure function of ``(seed, claim number)``: the same options
give the same bytes, in any Python version, and nothing is held in memory
but one block of claims (1M claims stream in constant memory).

``--violations K`` seeds K violations of each kind in :data:`VIOLATIONS`
(``--violations missing_quote=3,edge_without_claim=1`` for some kinds only);
the manifest written beside the data (``*.manifest.json``) lists each seeded
violation's focus node, and :data:`VIOLATION_QUERIES` define each kind as a
SPARQL query over the data, so ``--check`` (and tests/test_bench_generate.py)
can verify that exactly the seeded violations are there.

Usage::

    python benchmarks/generate.py --claims 10k --violations 5 --out-dir /tmp/mbx-bench-data
    python benchmarks/generate.py --claims 1k --check    # generate, then verify the manifest

The generated IRIs live under ``https://example.org/mbx-bench/``; DOIs use the
Crossref test prefix ``10.5555`` (``https://doi.org/10.5555/mbxbench.0000001``):
fictitious by construction, never a real paper.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

#: bump when the bytes generated for the same options change
GENERATOR_VERSION = "1"

# ============================================================================ the model's terms
# Everything the generator writes is named here; adjust this block if the 0.2
# model (SPEC-MODEL §4) changes. The tests check that every mbx: class and
# relation below is declared in the bundled ontology.

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
OA = "http://www.w3.org/ns/oa#"
OBO = "http://purl.obolibrary.org/obo/"
MBX = "https://w3id.org/mbx/"
UNIT = "http://qudt.org/vocab/unit/"
BENCH = "https://example.org/mbx-bench/"

#: prefix -> namespace, written in the Turtle header (longest namespace wins when compacting)
PREFIXES: dict[str, str] = {
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "dcterms": DCTERMS,
    "oa": OA,
    "IAO": OBO + "IAO_",
    "RO": OBO + "RO_",
    "BFO": OBO + "BFO_",
    "mbx": MBX,
    "unit": UNIT,
    "bk": BENCH + "kind/",
    "bc": BENCH + "claim/",
    "bs": BENCH + "source/",
    "bench": BENCH,
}

#: the claim node (SPEC-MODEL §4): role -> property or class IRI
CLAIM: dict[str, str] = {
    "class": MBX + "Claim",
    "subject": MBX + "subject",
    "predicate": MBX + "predicate",
    "object": MBX + "object",
    "label": RDFS + "label",
    "quote": MBX + "quote",
    "stated_in": MBX + "statedIn",
    "cites": MBX + "cites",
    "hedging_level": MBX + "hedgingLevel",
    "hedging_cue": MBX + "hedgingCue",
    "support_type": MBX + "supportType",
    "selector": MBX + "quoteSelector",
    "quantity": MBX + "quantity",
}
#: the quote selector node (W3C Web Annotation), an IRI node ``<claim>-selector``
SELECTOR: dict[str, str] = {
    "class": OA + "TextPositionSelector",
    "start": OA + "start",
    "end": OA + "end",
    "datatype": XSD + "nonNegativeInteger",
}
#: the quantity, a blank node (the model allows an IRI node too; blank nodes exercise
#: the writers' blank-node handling)
QUANTITY: dict[str, str] = {
    "class": MBX + "QuantityValue",
    "value": MBX + "numericValue",
    "unit": MBX + "unit",
    "approximate": MBX + "approximate",
}
QUANTITY_UNITS: tuple[str, ...] = (UNIT + "PERCENT", UNIT + "GM-PER-DAY", UNIT + "DAY")
#: hedging levels (scheme mbx:HedgingScheme), strongest first
HEDGING: dict[str, str] = {
    "asserted": MBX + "asserted",
    "hedged": MBX + "hedged",
    "proposed": MBX + "proposed",
}
#: support types (scheme mbx:SupportScheme)
SUPPORT: dict[str, str] = {
    "cited_literature": MBX + "cited_literature",
    "author_statement": MBX + "author_statement",
    "background_knowledge": MBX + "background_knowledge",
    "author_inference": MBX + "author_inference",
}
#: a user's kind: ``bk:Myokine-17 a owl:Class, owl:NamedIndividual ; rdfs:subClassOf mbx:Myokine``
KIND: dict[str, str] = {"definition": OBO + "IAO_0000115"}
#: source documents (claims of 500 consecutive numbers share one), cycled through these classes
SOURCE_CLASSES: tuple[str, ...] = (MBX + "Letter", MBX + "WebArticle", MBX + "GlossaryPage")
SOURCE: dict[str, str] = {
    "identifier": DCTERMS + "identifier",
    "title": DCTERMS + "title",
    "seed_file": MBX + "seedFile",
}
CLAIMS_PER_SOURCE = 500
#: publications (the DOIs claims cite): one for every 20 claims
PUBLICATION: dict[str, str] = {
    "class": MBX + "JournalArticle",
    "title": DCTERMS + "title",
    "issued": DCTERMS + "issued",
    "creator": DCTERMS + "creator",
    "journal": MBX + "journal",
}
DOI_PREFIX = "https://doi.org/10.5555/mbxbench."
CLAIMS_PER_PUBLICATION = 20

#: MBX classes the kinds fall under: local name -> label used in generated labels
CLASSES: dict[str, str] = {
    "ExerciseModality": "exercise modality",
    "AerobicExercise": "aerobic exercise",
    "ResistanceTraining": "resistance training",
    "Myokine": "myokine",
    "Neurotrophin": "neurotrophin",
    "Vitamin": "vitamin",
    "BVitamin": "B vitamin",
    "Polyphenol": "polyphenol",
    "Receptor": "receptor",
    "NeuralProcess": "neural process",
    "CellularProcess": "cellular process",
    "MetabolicProcess": "metabolic process",
    "SignalingPathway": "signaling pathway",
    "ImmuneProcess": "immune process",
    "AnatomicalBarrier": "anatomical barrier",
    "SkeletalMuscleTissue": "skeletal muscle tissue",
    "ChemicalRole": "chemical role",
    "DiseaseOrCondition": "disease or condition",
    "NeurodegenerativeDisease": "neurodegenerative disease",
    "Phenotype": "phenotype",
}

#: real MBX kinds (0.1 and 0.2 keep these local names), used as the first members of
#: their class's pool of kinds: local name, label
REAL_KINDS: dict[str, tuple[tuple[str, str], ...]] = {
    "ExerciseModality": (("exercise", "exercise"),),
    "Myokine": (("irisin", "irisin"), ("il6", "interleukin-6"), ("cathepsin_b", "cathepsin B")),
    "Neurotrophin": (("bdnf", "brain-derived neurotrophic factor"),),
    "Vitamin": (("vitamin_d", "vitamin D"),),
    "BVitamin": (("vitamin_b6", "vitamin B6"), ("vitamin_b12", "vitamin B12")),
    "Polyphenol": (("curcumin", "curcumin"),),
    "Receptor": (("trkb", "TrkB receptor"), ("vdr", "vitamin D receptor")),
    "NeuralProcess": (("synaptogenesis", "synaptogenesis"), ("neuroplasticity", "neuroplasticity")),
    "CellularProcess": (("neuronal_survival", "neuronal survival"),),
    "MetabolicProcess": (("glucose_uptake", "glucose uptake"),),
    "SignalingPathway": (("muscle_brain_axis", "muscle-brain axis"),),
    "ImmuneProcess": (("neuroinflammation", "neuroinflammation"),),
    "AnatomicalBarrier": (("blood_brain_barrier", "blood-brain barrier"),),
    "ChemicalRole": (("neuroprotective", "neuroprotective"),),
    "DiseaseOrCondition": (("dementia", "dementia"),),
    "NeurodegenerativeDisease": (("alzheimers_disease", "Alzheimer's disease"),),
    "Phenotype": (("brain_health", "brain health"),),
}


@dataclass(frozen=True)
class Pattern:
    """A kind of direct edge: relation (CURIE), its label, subject and object class, verbs."""

    relation: str
    label: str
    subject: str
    object: str
    verb: str  # third person: "stimulates", "is produced by"
    verb_base: str  # after "may": "stimulate", "be produced by"


#: the edges the data holds, each seen in the bundled claims (0.1) with these classes;
#: RO/BFO relations where SPEC-MODEL §3 replaces MBX's twins
PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "mbx:stimulates", "stimulates", "ExerciseModality", "Myokine", "stimulates", "stimulate"
    ),
    Pattern(
        "mbx:increases", "increases", "AerobicExercise", "Neurotrophin", "increases", "increase"
    ),
    Pattern("mbx:increases", "increases", "ResistanceTraining", "Myokine", "increases", "increase"),
    Pattern(
        "mbx:potentiates", "potentiates", "Vitamin", "Neurotrophin", "potentiates", "potentiate"
    ),
    Pattern("mbx:enhances", "enhances", "Myokine", "NeuralProcess", "enhances", "enhance"),
    Pattern("mbx:supports", "supports", "Neurotrophin", "CellularProcess", "supports", "support"),
    Pattern(
        "mbx:modulates", "modulates", "Polyphenol", "SignalingPathway", "modulates", "modulate"
    ),
    Pattern("mbx:reduces", "reduces", "Myokine", "ImmuneProcess", "reduces", "reduce"),
    Pattern("mbx:crosses", "crosses", "Myokine", "AnatomicalBarrier", "crosses", "cross"),
    Pattern("mbx:actsVia", "acts via", "Neurotrophin", "Receptor", "acts via", "act via"),
    Pattern(
        "mbx:cofactorOf",
        "cofactor of",
        "BVitamin",
        "MetabolicProcess",
        "is a cofactor of",
        "be a cofactor of",
    ),
    Pattern(
        "RO:0003001",
        "produced by",
        "Myokine",
        "SkeletalMuscleTissue",
        "is produced by",
        "be produced by",
    ),
    Pattern(
        "RO:0002206",
        "expressed in",
        "Receptor",
        "SkeletalMuscleTissue",
        "is expressed in",
        "be expressed in",
    ),
    Pattern(
        "RO:0000087", "has role", "Polyphenol", "ChemicalRole", "has the role", "have the role"
    ),
    Pattern(
        "BFO:0000050", "part of", "MetabolicProcess", "SignalingPathway", "is part of", "be part of"
    ),
    Pattern(
        "mbx:prevents", "prevents", "ExerciseModality", "DiseaseOrCondition", "prevents", "prevent"
    ),
    Pattern(
        "mbx:riskFactorFor",
        "risk factor for",
        "ImmuneProcess",
        "NeurodegenerativeDisease",
        "is a risk factor for",
        "be a risk factor for",
    ),
    Pattern(
        "mbx:associatedWith",
        "associated with",
        "ImmuneProcess",
        "Phenotype",
        "is associated with",
        "be associated with",
    ),
)

#: relations used only by seeded violations (never by a generated claim)
EDGE_WITHOUT_CLAIM = Pattern(
    "mbx:influences", "influences", "BVitamin", "Myokine", "influences", "influence"
)
CLAIM_WITHOUT_EDGE = Pattern(
    "mbx:sensitizes", "sensitizes", "Vitamin", "Myokine", "sensitizes", "sensitize"
)
#: the class of the kinds that seeded ``wrong_subject_kind`` claims use as subject
WRONG_SUBJECT_CLASS = "AnatomicalBarrier"
#: what a seeded ``unknown_mbx_term`` misspells (mbx:Myokine)
MISSPELT_CLASS = MBX + "Myokin"

#: the quote's closing phrases (none holds a hedging word)
TAILS: tuple[str, ...] = (
    "after eight weeks of training",
    "in older adults",
    "during recovery from exercise",
    "in the hippocampus",
    "at rest",
    "after a single session",
    "in trained athletes",
)

#: the kinds of seeded violations: name -> what is wrong (the rule of SPEC-MODEL §4/§6 it breaks)
VIOLATIONS: dict[str, str] = {
    "missing_quote": "a claim without mbx:quote (a claim needs exactly one quote)",
    "missing_stated_in": "a claim without mbx:statedIn (a claim needs its source document)",
    "bad_hedging_level": 'mbx:hedgingLevel "asserted" as a string, not a concept of the scheme',
    "bad_support_type": "mbx:supportType mbx:hedged, a concept of the hedging scheme",
    "cites_not_doi": "mbx:cites an IRI that is not a DOI (and not a declared publication)",
    "hedge_word_asserted": 'a quote with the hedging cue "may" whose claim is mbx:asserted',
    "bad_quantity": "a mbx:QuantityValue without mbx:numericValue, minValue or maxValue",
    "wrong_subject_kind": "a claim and its edge whose subject is a kind the relation does not "
    f"take (a mbx:{WRONG_SUBJECT_CLASS})",
    "claim_without_edge": "a claim whose subject-predicate-object edge is not asserted",
    "edge_without_claim": "a direct edge between kinds that no claim supports",
    "missing_label_kind": "a user's class (a kind under an MBX class) without rdfs:label",
    "unknown_mbx_term": "a class under mbx:Myokin, a misspelt MBX class",
}


def _relation_iri(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


def all_relations() -> list[str]:
    """The IRIs of every relation the generated data uses for direct edges."""
    seen = {p.relation for p in (*PATTERNS, EDGE_WITHOUT_CLAIM, CLAIM_WITHOUT_EDGE)}
    return sorted(_relation_iri(r) for r in seen)


_VALUES_CLASSES = " ".join(f"mbx:{c}" for c in sorted(CLASSES))
_QUERY_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

#: each kind of violation as a SPARQL query over the generated data; every row is one
#: seeded violation, ``?f`` its focus node (the same as the manifest's)
VIOLATION_QUERIES: dict[str, str] = {
    "missing_quote": "SELECT ?f WHERE { ?f a mbx:Claim . FILTER NOT EXISTS { ?f mbx:quote ?q } }",
    "missing_stated_in": (
        "SELECT ?f WHERE { ?f a mbx:Claim . FILTER NOT EXISTS { ?f mbx:statedIn ?d } }"
    ),
    "bad_hedging_level": (
        "SELECT ?f WHERE { ?f a mbx:Claim ; mbx:hedgingLevel ?h ."
        " FILTER (?h NOT IN (mbx:asserted, mbx:hedged, mbx:proposed)) }"
    ),
    "bad_support_type": (
        "SELECT ?f WHERE { ?f a mbx:Claim ; mbx:supportType ?s . FILTER (?s NOT IN"
        " (mbx:cited_literature, mbx:author_statement, mbx:background_knowledge,"
        " mbx:author_inference)) }"
    ),
    "cites_not_doi": (
        "SELECT DISTINCT ?f WHERE { ?f a mbx:Claim ; mbx:cites ?d ."
        ' FILTER (!STRSTARTS(STR(?d), "https://doi.org/10.")) }'
    ),
    "hedge_word_asserted": (
        "SELECT ?f WHERE { ?f a mbx:Claim ; mbx:hedgingLevel mbx:asserted ; mbx:quote ?q ."
        ' FILTER (REGEX(?q, "(^| )(may|might|could|propose)( |$)", "i")) }'
    ),
    "bad_quantity": (
        "SELECT ?f WHERE { ?f mbx:quantity ?q . FILTER NOT EXISTS { ?q mbx:numericValue ?v }"
        " FILTER NOT EXISTS { ?q mbx:minValue ?v } FILTER NOT EXISTS { ?q mbx:maxValue ?v } }"
    ),
    "wrong_subject_kind": (
        "SELECT ?f WHERE { ?f a mbx:Claim ; mbx:subject ?s ."
        f" ?s rdfs:subClassOf mbx:{WRONG_SUBJECT_CLASS} }}"
    ),
    "claim_without_edge": (
        "SELECT ?f WHERE { ?f a mbx:Claim ; mbx:subject ?s ; mbx:predicate ?p ; mbx:object ?o ."
        " FILTER NOT EXISTS { ?s ?p ?o } }"
    ),
    "edge_without_claim": (
        "SELECT DISTINCT ?f WHERE { ?f ?p ?o . VALUES ?p { "
        + " ".join(f"<{r}>" for r in all_relations())
        + " } FILTER NOT EXISTS { ?c mbx:subject ?f ; mbx:predicate ?p ; mbx:object ?o } }"
    ),
    "missing_label_kind": (
        "SELECT ?f WHERE { ?f a owl:Class ; rdfs:subClassOf ?c ."
        " FILTER NOT EXISTS { ?f rdfs:label ?l } }"
    ),
    "unknown_mbx_term": (
        "SELECT ?f WHERE { ?f rdfs:subClassOf ?c . FILTER (STRSTARTS(STR(?c), STR(mbx:)))"
        f" FILTER NOT EXISTS {{ VALUES ?c {{ {_VALUES_CLASSES} }} }} }}"
    ),
}

# ============================================================================ determinism

_M64 = (1 << 64) - 1


def _mix(x: int) -> int:
    """splitmix64's finaliser: a fixed, well-spread 64-bit hash of ``x`` (any Python)."""
    x = (x + 0x9E3779B97F4A7C15) & _M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _M64
    return x ^ (x >> 31)


# ============================================================================ terms and writing

_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?\Z")
_NAMESPACES = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))

#: a term in both syntaxes: (N-Triples, Turtle)
Term = tuple[str, str]


def iri(value: str) -> Term:
    """An IRI term, compacted with :data:`PREFIXES` in Turtle where the local name allows."""
    full = f"<{value}>"
    for prefix, namespace in _NAMESPACES:
        if value.startswith(namespace) and _SAFE_LOCAL.match(value[len(namespace) :]):
            return full, f"{prefix}:{value[len(namespace) :]}"
    return full, full


def curie(value: str) -> Term:
    """``mbx:stimulates`` -> its IRI term."""
    return iri(_relation_iri(value))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def literal(text: str) -> Term:
    """A plain string literal (the same in both syntaxes)."""
    quoted = f'"{_escape(text)}"'
    return quoted, quoted


def typed(lexical: str, datatype: str) -> Term:
    """A typed literal; ``datatype`` is an XSD IRI."""
    return f'"{lexical}"^^<{datatype}>', f'"{lexical}"^^xsd:{datatype[len(XSD) :]}'


@dataclass
class BNode:
    """A blank node with its properties, written ``_:label`` in N-Triples and ``[ ]`` in Turtle."""

    label: str
    pairs: list[tuple[Term, Term | BNode]]


A = iri(RDF + "type")


class Writer:
    """Streams subject blocks to an N-Triples and/or a Turtle file, counting triples."""

    def __init__(self, nt: TextIO | None, ttl: TextIO | None, header: str) -> None:
        self.nt, self.ttl = nt, ttl
        self.triples = 0
        self._nt_parts: list[str] = []
        self._ttl_parts: list[str] = []
        comment = "".join(f"# {line}\n" for line in header.splitlines())
        if nt is not None:
            nt.write(comment)
        if ttl is not None:
            ttl.write(comment)
            ttl.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()))

    def block(self, subject: Term, pairs: Sequence[tuple[Term, Term | BNode]]) -> None:
        """All triples of one subject."""
        self.triples += len(pairs)
        if self.nt is not None:
            self._write_nt(subject[0], pairs)
        if self.ttl is not None:
            body = " ;\n    ".join(f"{p[1]} {self._ttl_object(o)}" for p, o in pairs)
            self._ttl_parts.append(f"\n{subject[1]}\n    {body} .\n")

    def _write_nt(self, subject: str, pairs: Sequence[tuple[Term, Term | BNode]]) -> None:
        parts = self._nt_parts
        nested: list[BNode] = []
        for p, o in pairs:
            if isinstance(o, BNode):
                parts.append(f"{subject} {p[0]} _:{o.label} .\n")
                nested.append(o)
            else:
                parts.append(f"{subject} {p[0]} {o[0]} .\n")
        for node in nested:
            self.triples += len(node.pairs)
            self._write_nt(f"_:{node.label}", node.pairs)

    def _ttl_object(self, o: Term | BNode) -> str:
        if isinstance(o, BNode):
            if self.nt is None:
                self.triples += len(o.pairs)
            inner = " ; ".join(f"{p[1]} {self._ttl_object(v)}" for p, v in o.pairs)
            return f"[ {inner} ]"
        return o[1]

    def flush(self) -> None:
        """Write the buffered blocks out."""
        if self.nt is not None:
            self.nt.write("".join(self._nt_parts))
        if self.ttl is not None:
            self.ttl.write("".join(self._ttl_parts))
        self._nt_parts.clear()
        self._ttl_parts.clear()


# ============================================================================ the data


def parse_count(text: str) -> int:
    """``10k`` -> 10000, ``1M`` -> 1000000, ``2500`` -> 2500."""
    match = re.fullmatch(r"\s*(\d+)\s*([kKmM]?)\s*", text)
    if not match:
        raise ValueError(f"not a count: {text!r} (use e.g. 1000, 10k, 1M)")
    factor = {"": 1, "k": 1000, "m": 1_000_000}[match.group(2).lower()]
    return int(match.group(1)) * factor


def size_label(count: int) -> str:
    """10000 -> ``10k``, 1000000 -> ``1M`` (the inverse of :func:`parse_count`)."""
    if count % 1_000_000 == 0:
        return f"{count // 1_000_000}M"
    if count % 1000 == 0:
        return f"{count // 1000}k"
    return str(count)


def parse_violations(text: str) -> dict[str, int]:
    """``5`` -> 5 of every kind; ``missing_quote=3,edge_without_claim=1`` -> those kinds."""
    text = text.strip()
    if re.fullmatch(r"\d+", text):
        return {kind: int(text) for kind in VIOLATIONS}
    counts: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, number = item.partition("=")
        if not sep or name not in VIOLATIONS or not number.isdigit():
            raise ValueError(
                f"bad violation count {item!r}: use KIND=N with KIND one of {', '.join(VIOLATIONS)}"
            )
        counts[name] = int(number)
    return counts


@dataclass
class Manifest:
    """What was generated: counts, seeded violations with their focus nodes, files."""

    claims: int
    seed: int
    violations: dict[str, int]
    triples: int = 0
    focus: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)
    generator_version: str = GENERATOR_VERSION

    def to_json(self) -> str:
        doc = {
            "generator": "benchmarks/generate.py",
            "generator_version": self.generator_version,
            "claims": self.claims,
            "seed": self.seed,
            "triples": self.triples,
            "violations": self.violations,
            "violation_kinds": {k: VIOLATIONS[k] for k in self.violations},
            "focus": self.focus,
            "files": self.files,
            "sha256": self.sha256,
        }
        return json.dumps(doc, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        doc = json.loads(text)
        return cls(
            claims=doc["claims"],
            seed=doc["seed"],
            violations=doc["violations"],
            triples=doc["triples"],
            focus=doc["focus"],
            files=doc["files"],
            sha256=doc["sha256"],
            generator_version=doc["generator_version"],
        )


class Generator:
    """The data of ``claims`` claims for ``seed``: every part a function of its number."""

    def __init__(self, claims: int, seed: int, violations: dict[str, int]) -> None:
        if claims < 2:
            raise ValueError("generate at least 2 claims")
        self.claims = claims
        self.seed = seed
        self.base = _mix(seed)
        self.edges = (2 * claims + 2) // 3  # claims 3k and 3k+1 share edge 2k; 3k+2 has edge 2k+1
        self.sources = (claims + CLAIMS_PER_SOURCE - 1) // CLAIMS_PER_SOURCE
        self.publications = max(20, claims // CLAIMS_PER_PUBLICATION)
        self.pool = max(8, claims // 100)  # kinds per class (real kinds first)
        per_pattern = (self.edges + len(PATTERNS) - 1) // len(PATTERNS)
        if per_pattern > self.pool * self.pool:
            raise ValueError("internal: too few kinds for distinct edges")
        self.carriers = self._place(violations)
        self.violations = {k: n for k, n in violations.items() if n}

    # ---- where the violations go
    def _place(self, violations: dict[str, int]) -> dict[int, tuple[str, int]]:
        """Claim number -> (kind, n): seeded on claims 3k (whose edge claim 3k+1 also backs)."""
        queues = [[(kind, n) for n in range(count)] for kind, count in violations.items()]
        order: list[tuple[str, int]] = []
        while any(queues):
            for queue in queues:
                if queue:
                    order.append(queue.pop(0))
        slots = (self.claims - 2) // 3 + 1  # numbers 3k with 3k+1 < claims
        if len(order) > slots:
            raise ValueError(
                f"{len(order)} seeded violations need at least {3 * len(order)} claims"
            )
        if any(n > self.pool - 3 for n in violations.values()):
            raise ValueError(
                f"at most {self.pool - 3} violations of one kind for {self.claims} claims"
            )
        return {3 * ((2 * j + 1) * slots // (2 * len(order))): item for j, item in enumerate(order)}

    # ---- nodes
    def kind(self, cls: str, j: int) -> tuple[Term, str]:
        """The j-th kind of class ``cls``: (term, label); real MBX kinds come first."""
        real = REAL_KINDS.get(cls, ())
        if j < len(real):
            local, label = real[j]
            return iri(MBX + local), label
        return iri(f"{BENCH}kind/{cls}-{j}"), f"{CLASSES[cls]} {j}"

    def synthetic_kind(self, cls: str, n: int) -> tuple[Term, str]:
        """The n-th kind of class ``cls`` that the data declares (never a real MBX kind)."""
        return self.kind(cls, len(REAL_KINDS.get(cls, ())) + n)

    def edge(self, e: int) -> tuple[Pattern, int, int]:
        """Edge number ``e``: its pattern and the subject and object numbers (distinct edges)."""
        pattern = PATTERNS[e % len(PATTERNS)]
        t = e // len(PATTERNS)
        q, r = divmod(t, self.pool)
        subject = (r + 3 * q) % self.pool
        obj = (q + 7 * subject) % self.pool
        return pattern, subject, obj

    def declarations(self, out: Writer) -> None:
        """Sources, publications and the kinds, before the claims."""
        for k in range(self.sources):
            out.block(
                iri(f"{BENCH}source/doc-{k:05d}"),
                [
                    (A, iri(SOURCE_CLASSES[k % len(SOURCE_CLASSES)])),
                    (iri(RDFS + "label"), literal(f"bench document {k}")),
                    (iri(SOURCE["identifier"]), literal(f"{k:05d}")),
                    (iri(SOURCE["title"]), literal(f"Benchmark source document number {k}")),
                    (iri(SOURCE["seed_file"]), literal(f"bench-{k:05d}.txt")),
                ],
            )
        for m in range(self.publications):
            h = _mix(self.base ^ (m << 20) ^ 0x5EED)
            out.block(
                iri(f"{DOI_PREFIX}{m:07d}"),
                [
                    (A, iri(PUBLICATION["class"])),
                    (iri(RDFS + "label"), literal(f"Author{m} et al. {2000 + h % 25}")),
                    (iri(PUBLICATION["title"]), literal(f"A benchmark study, number {m}")),
                    (iri(PUBLICATION["issued"]), typed(str(2000 + h % 25), XSD + "gYear")),
                    (iri(PUBLICATION["creator"]), literal(f"Author{m}, A.")),
                    (iri(PUBLICATION["journal"]), literal(f"Journal of Benchmarks {h % 7}")),
                ],
            )
            if m % 1000 == 999:
                out.flush()
        for cls in sorted(CLASSES):
            for j in range(len(REAL_KINDS.get(cls, ())), self.pool):
                self._declare_kind(out, cls, j)
                if j % 1000 == 999:
                    out.flush()
        out.flush()

    def _declare_kind(
        self, out: Writer, cls: str, j: int, parent: str | None = None, label: bool = True
    ) -> Term:
        term, name = self.kind(cls, j)
        pairs: list[tuple[Term, Term | BNode]] = [
            (A, iri(OWL + "Class")),
            (A, iri(OWL + "NamedIndividual")),
            (iri(RDFS + "subClassOf"), iri(parent or MBX + cls)),
        ]
        if label:
            pairs.append((iri(RDFS + "label"), literal(name)))
        pairs.append(
            (iri(KIND["definition"]), literal(f"A {CLASSES[cls]} of the benchmark data ({name}).")),
        )
        out.block(term, pairs)
        return term

    def claims_block(self, out: Writer, start: int, stop: int, manifest: Manifest) -> None:
        """Claims ``start`` .. ``stop - 1``, each preceded by its edge where it is the first."""
        for i in range(start, stop):
            e = (2 * i) // 3
            if i == 0 or (2 * (i - 1)) // 3 != e:
                pattern, js, jo = self.edge(e)
                subject = self.kind(pattern.subject, js)[0]
                out.block(subject, [(curie(pattern.relation), self.kind(pattern.object, jo)[0])])
            carrier = self.carriers.get(i)
            self._claim(out, i, e, carrier, manifest)

    def _claim(
        self, out: Writer, i: int, e: int, carrier: tuple[str, int] | None, manifest: Manifest
    ) -> None:
        h = _mix(self.base ^ i)
        pattern, js, jo = self.edge(e)
        violation, n = carrier if carrier else ("", 0)
        claim_id = f"c{i:07d}"
        claim = iri(f"{BENCH}claim/{claim_id}")
        subject, subject_label = self.kind(pattern.subject, js)
        obj, object_label = self.kind(pattern.object, jo)
        if violation == "claim_without_edge":
            pattern = CLAIM_WITHOUT_EDGE
            subject, subject_label = self.synthetic_kind(pattern.subject, n)
            obj, object_label = self.synthetic_kind(pattern.object, 0)
        elif violation == "wrong_subject_kind":  # a kind of the data, not a real MBX one
            subject, subject_label = self.synthetic_kind(WRONG_SUBJECT_CLASS, n)
            out.block(subject, [(curie(pattern.relation), obj)])  # the edge is asserted
        level = ("asserted",) * 6 + ("hedged",) * 3 + ("proposed",)
        hedging = "asserted" if carrier else level[h % 10]
        cited = hedging != "proposed" and (h >> 8) % 10 < 6
        tail = TAILS[(h >> 16) % len(TAILS)]
        if hedging == "hedged" or violation == "hedge_word_asserted":
            quote = f"In cohort {i}, {subject_label} may {pattern.verb_base} {object_label} {tail}."
            cue: str | None = "may"
        elif hedging == "proposed":
            quote = f"We propose that {subject_label} {pattern.verb} {object_label} {tail}."
            cue = "we propose"
        else:
            quote = f"In cohort {i}, {subject_label} {pattern.verb} {object_label} {tail}."
            cue = None
        if cited:
            support = "cited_literature"
        elif hedging == "proposed":
            support = "author_inference"
        else:
            support = ("author_statement", "background_knowledge")[(h >> 24) % 2]
        source = i // CLAIMS_PER_SOURCE
        label = (
            f"{subject_label} {pattern.label} {object_label} "
            f"(bench document {source}, claim {claim_id})"
        )
        pairs: list[tuple[Term, Term | BNode]] = [
            (A, iri(CLAIM["class"])),
            (iri(CLAIM["label"]), literal(label)),
            (iri(CLAIM["subject"]), subject),
            (iri(CLAIM["predicate"]), curie(pattern.relation)),
            (iri(CLAIM["object"]), obj),
        ]
        if violation != "missing_quote":
            pairs.append((iri(CLAIM["quote"]), literal(quote)))
        if violation != "missing_stated_in":
            pairs.append((iri(CLAIM["stated_in"]), iri(f"{BENCH}source/doc-{source:05d}")))
        if cited:
            first = (h >> 32) % self.publications
            pairs.append((iri(CLAIM["cites"]), iri(f"{DOI_PREFIX}{first:07d}")))
            if (h >> 40) % 3 == 0:
                second = (first + 1 + (h >> 44) % (self.publications - 1)) % self.publications
                pairs.append((iri(CLAIM["cites"]), iri(f"{DOI_PREFIX}{second:07d}")))
        if violation == "cites_not_doi":
            pairs.append((iri(CLAIM["cites"]), iri(f"{BENCH}paper/{n}")))
        if violation == "bad_hedging_level":
            pairs.append((iri(CLAIM["hedging_level"]), literal("asserted")))
        else:
            pairs.append((iri(CLAIM["hedging_level"]), iri(HEDGING[hedging])))
        if cue:
            pairs.append((iri(CLAIM["hedging_cue"]), literal(cue)))
        if violation == "bad_support_type":
            pairs.append((iri(CLAIM["support_type"]), iri(HEDGING["hedged"])))
        else:
            pairs.append((iri(CLAIM["support_type"]), iri(SUPPORT[support])))
        selector = iri(f"{BENCH}claim/{claim_id}-selector")
        pairs.append((iri(CLAIM["selector"]), selector))
        if (h >> 48) % 10 == 0 or violation == "bad_quantity":
            quantity: list[tuple[Term, Term | BNode]] = [(A, iri(QUANTITY["class"]))]
            if violation != "bad_quantity":
                value = f"{(h >> 52) % 200}.{(h >> 4) % 10}"
                quantity.append((iri(QUANTITY["value"]), typed(value, XSD + "decimal")))
            quantity.append((iri(QUANTITY["unit"]), iri(QUANTITY_UNITS[(h >> 56) % 3])))
            if (h >> 60) % 2:
                quantity.append((iri(QUANTITY["approximate"]), typed("true", XSD + "boolean")))
            pairs.append((iri(CLAIM["quantity"]), BNode(f"q{claim_id}", quantity)))
        out.block(claim, pairs)
        start = (i * 137) % 50_000
        out.block(
            selector,
            [
                (A, iri(SELECTOR["class"])),
                (iri(SELECTOR["start"]), typed(str(start), SELECTOR["datatype"])),
                (iri(SELECTOR["end"]), typed(str(start + len(quote)), SELECTOR["datatype"])),
            ],
        )
        if not violation:
            return
        focus = claim[0][1:-1]
        if violation == "edge_without_claim":
            p = EDGE_WITHOUT_CLAIM
            s = self.synthetic_kind(p.subject, n)[0]
            out.block(s, [(curie(p.relation), self.synthetic_kind(p.object, 0)[0])])
            focus = s[0][1:-1]
        elif violation == "missing_label_kind":
            term = self._declare_kind(out, "Myokine", self.pool + n, label=False)
            focus = term[0][1:-1]
        elif violation == "unknown_mbx_term":
            term = self._declare_kind(out, "Myokine", self.pool + 1_000_000 + n, MISSPELT_CLASS)
            focus = term[0][1:-1]
        manifest.focus.setdefault(violation, []).append(focus)


def file_stem(claims: int, seed: int, violations: dict[str, int]) -> str:
    """The name the data files share, e.g. ``mbx-bench-10k-s15-v5`` (options in the name)."""
    counts = {violations.get(kind, 0) for kind in VIOLATIONS}
    if len(counts) == 1:
        tag = f"v{counts.pop()}"
    else:
        spec = ",".join(f"{k}={n}" for k, n in sorted(violations.items()))
        tag = "v" + hashlib.sha256(spec.encode()).hexdigest()[:8]
    return f"mbx-bench-{size_label(claims)}-s{seed}-{tag}"


def generate(
    claims: int,
    out_dir: Path,
    *,
    seed: int = 15,
    violations: dict[str, int] | None = None,
    formats: Sequence[str] = ("nt", "ttl"),
    progress: Callable[[int], None] | None = None,
) -> Manifest:
    """Write ``<stem>.nt`` / ``<stem>.ttl`` and ``<stem>.manifest.json`` into ``out_dir``.

    Files are written under a temporary name and renamed when complete, so a
    reader never sees half a file (and two processes generating the same data
    at once leave the same bytes).
    """
    violations = dict(violations or {})
    generator = Generator(claims, seed, violations)
    manifest = Manifest(claims=claims, seed=seed, violations=generator.violations)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = file_stem(claims, seed, violations)
    paths = {fmt: out_dir / f"{stem}.{fmt}" for fmt in formats}
    temps = {fmt: path.with_name(f".{path.name}.{os.getpid()}.tmp") for fmt, path in paths.items()}
    header = (
        f"MBX-shaped benchmark data: benchmarks/generate.py version {GENERATOR_VERSION}\n"
        f"claims={claims} seed={seed} violations="
        + (",".join(f"{k}={n}" for k, n in sorted(generator.violations.items())) or "none")
    )
    handles = {fmt: path.open("w", encoding="utf-8", newline="\n") for fmt, path in temps.items()}
    try:
        out = Writer(handles.get("nt"), handles.get("ttl"), header)
        generator.declarations(out)
        step = 2000
        for start in range(0, claims, step):
            generator.claims_block(out, start, min(claims, start + step), manifest)
            out.flush()
            if progress is not None:
                progress(min(claims, start + step))
    finally:
        for handle in handles.values():
            handle.close()
    for fmt, temp in temps.items():
        temp.replace(paths[fmt])
        manifest.files[fmt] = paths[fmt].name
        manifest.sha256[fmt] = _sha256(paths[fmt])
    manifest.triples = out.triples
    manifest_path = out_dir / f"{stem}.manifest.json"
    temp = manifest_path.with_name(f".{manifest_path.name}.{os.getpid()}.tmp")
    temp.write_text(manifest.to_json(), encoding="utf-8")
    temp.replace(manifest_path)
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def find_violations(path: Path) -> dict[str, list[str]]:
    """Run every query of :data:`VIOLATION_QUERIES` on ``path`` (pyoxigraph): kind -> focus IRIs."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:]))
    found: dict[str, list[str]] = {}
    for kind, query in VIOLATION_QUERIES.items():
        rows = store.query(_QUERY_PREFIXES + query)
        assert isinstance(rows, ox.QuerySolutions)
        found[kind] = sorted(str(row["f"].value) for row in rows)
    return found


def check(out_dir: Path, manifest: Manifest) -> list[str]:
    """Problems with generated data: claim and triple counts, each kind's violations."""
    import pyoxigraph as ox

    problems: list[str] = []
    for fmt, name in sorted(manifest.files.items()):
        path = out_dir / name
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(fmt))
        if len(store) != manifest.triples:
            problems.append(f"{name}: {len(store)} triples, the manifest says {manifest.triples}")
        rows = store.query(_QUERY_PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?c a mbx:Claim }")
        assert isinstance(rows, ox.QuerySolutions)
        claims = int(next(iter(rows))["n"].value)
        if claims != manifest.claims:
            problems.append(f"{name}: {claims} claims, the manifest says {manifest.claims}")
        found = find_violations(path)
        for kind in VIOLATIONS:
            expected = sorted(manifest.focus.get(kind, []))
            if found[kind] != expected:
                problems.append(
                    f"{name}: {kind}: found {len(found[kind])} ({found[kind][:3]}...), "
                    f"seeded {len(expected)} ({expected[:3]}...)"
                )
    return problems


def ontology_drift(ontology_file: Path) -> list[str]:
    """The mbx: classes and relations of the tables that ``ontology_file`` does not declare."""
    import pyoxigraph as ox

    declared = {
        str(q.subject.value)
        for q in ox.parse(path=str(ontology_file), format=ox.RdfFormat.TURTLE)
        if q.predicate.value == RDF + "type" and isinstance(q.subject, ox.NamedNode)
    }
    wanted = {MBX + c for c in CLASSES}
    wanted |= {r for r in all_relations() if r.startswith(MBX)}
    return sorted(wanted - declared)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", default="10k", help="number of claims: 1000, 10k, 1M (10k)")
    parser.add_argument("--seed", type=int, default=15, help="seed (default 15)")
    parser.add_argument(
        "--violations",
        default="0",
        help="seeded violations: N of every kind, or KIND=N,KIND=N (default 0); kinds: "
        + ", ".join(VIOLATIONS),
    )
    parser.add_argument("--out-dir", default=".", help="folder for the files (default: here)")
    parser.add_argument(
        "--formats", default="nt,ttl", help="comma-separated: nt, ttl (default: both)"
    )
    parser.add_argument("--check", action="store_true", help="verify the output (small sizes)")
    parser.add_argument("--list-violations", action="store_true", help="list the kinds and exit")
    args = parser.parse_args(argv)
    if args.list_violations:
        for kind, text in VIOLATIONS.items():
            print(f"{kind:22} {text}")
        return 0
    try:
        claims = parse_count(args.claims)
        violations = parse_violations(args.violations)
        formats = [f.strip() for f in args.formats.split(",") if f.strip()]
        if not formats or set(formats) - {"nt", "ttl"}:
            raise ValueError(f"--formats: use nt, ttl or both, not {args.formats!r}")
        out_dir = Path(args.out_dir)
        manifest = generate(claims, out_dir, seed=args.seed, violations=violations, formats=formats)
    except (ValueError, OSError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    names = ", ".join(manifest.files.values())
    seeded = sum(manifest.violations.values())
    print(
        f"wrote {names}: {manifest.claims} claims, {manifest.triples} triples, "
        f"{seeded} seeded violations",
        file=sys.stderr,
    )
    if args.check:
        problems = check(out_dir, manifest)
        for problem in problems:
            print(f"Error: {problem}", file=sys.stderr)
        if problems:
            return 1
        print("check: counts and seeded violations as the manifest says", file=sys.stderr)
    return 0


def manifest_for(path: Path) -> Manifest | None:
    """The manifest beside a generated data file, if there is one."""
    candidate = path.with_name(path.name.rsplit(".", 1)[0] + ".manifest.json")
    if not candidate.exists():
        return None
    return Manifest.from_json(candidate.read_text(encoding="utf-8"))


if __name__ == "__main__":
    sys.exit(main())
