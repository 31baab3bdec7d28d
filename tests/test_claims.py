"""The claims, sources, publications and recommendations are true to the source texts.

Every quote must be the verbatim span of its seed document that its start and
end offsets select (whitespace runs collapsed), hedged prose must stay hedged,
each claim has exactly one subject, predicate, object, source, hedging level and
support type, and the kinds the issues name must each appear in at least one
claim. The tests that read ../shared/seeds skip, saying so, when it is absent.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from mbx.namespaces import CLAIM, MBX, REC, SRC, expand
from mbx.tables import CLAIM_COLUMNS, ENTITY_COLUMNS, Row, read_table, split_cell
from tests.hedges import HEDGE_CUE  # the one list of hedge words: the shapes' regex

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology"
SOURCES = ROOT / "kg" / "sources"

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
NO_SEEDS = f"{SEEDS} not found: quotes and their offsets cannot be checked against the documents"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCTERMS = "http://purl.org/dc/terms/"
DOI_IRI = re.compile(r"^https://doi\.org/10\.\d{4,9}/\S+$")
LETTER_REFERENCES = {
    "https://doi.org/10.1038/s41419-022-05378-4": ("Pan et al. 2022", "2022"),
    "https://doi.org/10.3389/fphys.2024.1338875": ("Gao et al. 2024", "2024"),
    "https://doi.org/10.1179/1476830511Y.0000000035": ("Gomez-Pinilla & Nguyen 2012", "2012"),
    "https://doi.org/10.3390/ijms25189962": ("Kato et al. 2024", "2024"),
    "https://doi.org/10.1159/000535339": ("Wang et al. 2024", "2024"),
}
#: kinds the issues require to be covered by at least one claim
REQUIRED = (
    "vitamin_d",
    "vdr",
    "bdnf",
    "irisin",
    "kynurenine",
    "quinolinic_acid",
    "Polyphenol",
    "Flavonoid",
    "curcumin",
    "blood_brain_barrier",
    "ampk",
    "oxidative_stress",
    "microglial_activation",
    "neuroinflammation",
    "vitamin_b6",
    "vitamin_b9",
    "vitamin_b12",
    "one_carbon_metabolism",
    "serotonin",
    "dopamine",
    "central_fatigue",
    "motivation",
    "il6",
    "insulin_sensitivity",
    "glucose_uptake",
    "cerebral_blood_flow",
    "igf1",
    "fat_browning",
    "neuroplasticity",
    "alzheimers_disease",
    "parkinsons_disease",
    "depression",
    "dementia",
    "stroke",
    "ResistanceTraining",
    "cathepsin_b",
    "hippocampus",
    "cortex",
    "trkb",
    "dendritic_arborization",
    "synaptic_strength",
    "synaptogenesis",
    "neuronal_survival",
    "cognitive_function",
    "Myokine",
    "muscle_contraction",
    "muscle_brain_axis",
    "Micronutrient",
    "BVitamin",
    "SkeletalMuscleTissue",
    "cardiac_muscle",
    "smooth_muscle",
    "quadriceps",
    "gluteus_maximus",
    "latissimus_dorsi",
    "il6_signaling",
    "muscle_signal_receptor",
)


def _collapse(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _graph() -> Any:
    from mbx.dataset import load_graph

    return load_graph()


def _query(text: str) -> list[Any]:
    """Rows of a SELECT as tuples of strings (unbound = ""), or ``[answer]`` for an ASK."""
    result = _graph().query(text)
    if result.type == "ASK":
        return [bool(result.askAnswer)]
    return [tuple(str(v) if v is not None else "" for v in row) for row in result]


def _num(lexical: str) -> str:
    """A decimal without trailing zeros (rdflib writes ``2.0`` for ``"2"^^xsd:decimal``)."""
    return lexical.rstrip("0").rstrip(".") if "." in lexical else lexical


def _entity_ids() -> set[str]:
    return {row.values["id"] for row in read_table(ONTOLOGY / "entities.tsv", ENTITY_COLUMNS)}


def _claim_rows() -> list[tuple[str, dict[str, str]]]:
    return [
        (path.stem, row.values)
        for path in sorted(SOURCES.glob("*.tsv"))
        for row in read_table(path, CLAIM_COLUMNS)
    ]


def _rows_of(document: str) -> list[Row]:
    return list(read_table(SOURCES / f"{document}.tsv", CLAIM_COLUMNS))


def _seed_raw(document: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(NO_SEEDS)
    files = _query(f"SELECT ?f WHERE {{ <{SRC}{document}> <{MBX}seedFile> ?f }}")
    assert len(files) == 1, f"src:{document} needs exactly one mbx:seedFile"
    return (SEEDS / files[0][0]).read_text(encoding="utf-8")


def _seed_text(document: str) -> str:
    return _collapse(_seed_raw(document))


DOCUMENTS = sorted({p.stem for p in SOURCES.glob("*.t[st]*")})


@pytest.mark.parametrize("document", DOCUMENTS)
def test_seed_file_exists(document: str) -> None:
    if not SEEDS.is_dir():
        pytest.skip(NO_SEEDS)
    files = _query(f"SELECT ?f WHERE {{ <{SRC}{document}> <{MBX}seedFile> ?f }}")
    assert len(files) == 1
    assert (SEEDS / files[0][0]).is_file()


@pytest.mark.parametrize("document", DOCUMENTS)
def test_quote_offsets_select_the_quote(document: str) -> None:
    """``start``/``end`` (code points into the seed file, end exclusive) select the quote."""
    raw = _seed_raw(document)
    wrong = []
    for row in _rows_of(document):
        start, end = int(row.values["start"]), int(row.values["end"])
        if _collapse(raw[start:end]) != _collapse(row.values["quote"]):
            wrong.append(f"{document}-{row.values['id']}: [{start}:{end}] is {raw[start:end]!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_claim_quotes_are_verbatim(document: str) -> None:
    seed = _seed_text(document)
    quotes = _query(
        f"SELECT ?c ?q WHERE {{ ?c <{MBX}statedIn> <{SRC}{document}> ; <{MBX}quote> ?q }}"
    )
    assert quotes, f"document {document} has no quotes"
    missing = [(c, q) for c, q in quotes if _collapse(q) not in seed]
    assert not missing


def test_recommendation_quotes_are_verbatim() -> None:
    rows = _query(
        f"SELECT ?r ?d ?q WHERE {{ ?r a <{MBX}Recommendation> ; <{MBX}statedIn> ?d ;"
        f" <{MBX}quote> ?q }}"
    )
    assert len(rows) == 5
    for rec, document, quote in rows:
        assert _collapse(quote) in _seed_text(document.removeprefix(SRC)), rec


def test_every_claim_is_complete() -> None:
    props = ("subject", "predicate", "object", "statedIn", "hedgingLevel", "supportType", "quote")
    counts = " ".join(f"(COUNT(DISTINCT ?v{i}) AS ?n{i})" for i in range(len(props)))
    optionals = " ".join(f"OPTIONAL {{ ?c <{MBX}{p}> ?v{i} }}" for i, p in enumerate(props))
    rows = _query(
        f"SELECT ?c {counts} ?label WHERE {{ ?c a <{MBX}Claim> ; <{RDFS}label> ?label . "
        f"{optionals} }} GROUP BY ?c ?label"
    )
    assert len(rows) == len(_claim_rows())
    incomplete = [row for row in rows if row[1:-1] != ("1",) * len(props)]
    assert not incomplete


def test_claim_labels_name_the_statement_and_the_claim() -> None:
    rows = _query(f"SELECT ?c ?label WHERE {{ ?c a <{MBX}Claim> ; <{RDFS}label> ?label }}")
    short = {"000": "letter", "001": "web article", "002": "glossary"}
    for claim, label in rows:
        name = claim.removeprefix(CLAIM)
        assert label.endswith(f" ({short[name[:3]]}, claim {name})"), label
    assert ("https://w3id.org/mbx/claim/000-11",
            "vitamin D potentiates brain-derived neurotrophic factor (letter, claim 000-11)") in rows


def test_no_rdf_reification() -> None:
    rdf_terms = {f"{RDF}{n}" for n in ("subject", "predicate", "object", "Statement")}
    used = {row[0] for row in _query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")}
    used |= {row[0] for row in _query("SELECT DISTINCT ?o WHERE { ?s a ?o }")}
    assert not used & rdf_terms


def test_quotes_are_not_empty() -> None:
    assert all(row["quote"].strip() for _, row in _claim_rows())


@pytest.mark.parametrize(
    "row", [r for _, r in _claim_rows()], ids=[f"{d}-{r['id']}" for d, r in _claim_rows()]
)
def test_hedged_quote_is_not_asserted_unless_explained(row: dict[str, str]) -> None:
    """A quote with a hedging word is hedged or proposed, or says why the word does not govern it."""
    if HEDGE_CUE.search(row["quote"]) and row["hedging"] == "asserted":
        assert row["note"].startswith("Hedge scope: "), row["quote"]


#: a sentence boundary in the whitespace-collapsed seed text
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"“])")


def _sentence_around(text: str, quote: str) -> tuple[str, str]:
    """The seed text before and after ``quote`` within the sentence(s) that hold it."""
    start = text.find(quote)
    assert start >= 0, quote
    end = start + len(quote)
    bounds = [0, *(m.end() for m in SENTENCE_END.finditer(text)), len(text)]
    first = max(b for b in bounds if b <= start)
    last = min(b for b in bounds if b >= end)
    return text[first:start], text[end:last]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_a_hedge_beside_the_quote_is_acknowledged(document: str) -> None:
    """A quote cut short must not shed its sentence's hedge.

    An asserted claim whose sentence carries a hedging cue outside the quote
    ("… can help … brain-boosting myokines") either becomes hedged, with the
    quote widened to the cue, or says in its note why the cue does not govern
    it ("Hedge scope: …").
    """
    text = _seed_text(document)
    unacknowledged = []
    for row in _rows_of(document):
        if row.values["hedging"] != "asserted":
            continue
        before, after = _sentence_around(text, _collapse(row.values["quote"]))
        cue = HEDGE_CUE.search(before + " … " + after)
        if cue and not row.values["note"].startswith("Hedge scope: "):
            unacknowledged.append(f"{document}-{row.values['id']} ({cue.group(0)!r})")
    assert not unacknowledged, unacknowledged


def test_hedge_cues_are_words_of_the_quote() -> None:
    for document, row in _claim_rows():
        for cue in split_cell(row["hedge"]):
            assert cue.lower() in row["quote"].lower(), (document, row["id"], cue)


def test_hedged_and_proposed_claims_name_their_hedge() -> None:
    for document, row in _claim_rows():
        if row["hedging"] in ("hedged", "proposed"):
            assert row["hedge"], (document, row["id"])


def test_asserted_claims_have_no_hedge() -> None:
    for document, row in _claim_rows():
        if row["hedging"] == "asserted":
            assert not row["hedge"], (document, row["id"])


def test_cited_literature_cites_and_only_the_letter_cites() -> None:
    for document, row in _claim_rows():
        if row["support"] == "cited_literature":
            assert row["cites"], (document, row["id"])
        if row["cites"]:
            assert row["support"] in ("cited_literature", "author_inference"), (document, row["id"])
        if document != "000":
            assert not row["cites"] and not row["context_cites"], (document, row["id"])


def test_claims_in_the_proposal_are_proposed() -> None:
    for _, row in _claim_rows():
        if re.search(r"\b(we propose|this letter proposes)\b", row["quote"], re.IGNORECASE):
            assert row["hedging"] == "proposed", row["id"]
        if row["hedging"] == "proposed":
            assert row["support"] == "author_inference", row["id"]


def test_doi_iris_are_well_formed() -> None:
    cited = {
        row[0]
        for row in _query(f"SELECT DISTINCT ?p WHERE {{ ?c <{MBX}cites>|<{MBX}contextCites> ?p }}")
    }
    articles = {row[0] for row in _query(f"SELECT ?p WHERE {{ ?p a <{MBX}JournalArticle> }}")}
    assert cited <= articles
    for iri in cited | articles:
        assert DOI_IRI.match(iri), iri


@pytest.mark.parametrize("doi", sorted(LETTER_REFERENCES))
def test_letter_reference_is_described(doi: str) -> None:
    label, year = LETTER_REFERENCES[doi]
    rows = _query(
        f"""SELECT ?label ?title ?issued (COUNT(DISTINCT ?creator) AS ?creators) WHERE {{
          <{doi}> a <{MBX}JournalArticle> ; <{RDFS}label> ?label ; <{DCTERMS}title> ?title ;
            <{DCTERMS}issued> ?issued ; <{DCTERMS}creator> ?creator ;
            <{DCTERMS}bibliographicCitation> ?citation ; <{MBX}journal> ?journal .
        }} GROUP BY ?label ?title ?issued"""
    )
    assert len(rows) == 1
    assert rows[0][0] == label and rows[0][2] == year and int(rows[0][3]) >= 2
    assert _collapse(rows[0][1]) in _seed_text("000")


def test_source_documents_are_identified() -> None:
    rows = _query(
        f"""SELECT ?d ?id ?title ?short ?comment WHERE {{ ?d a ?type ;
          <{DCTERMS}identifier> ?id ; <{DCTERMS}title> ?title ; <{DCTERMS}alternative> ?short ;
          <{RDFS}comment> ?comment . ?type <{RDFS}subClassOf> <{MBX}SourceDocument> }} ORDER BY ?d"""
    )
    assert [(d.removeprefix(SRC), i, s) for d, i, _t, s, _c in rows] == [
        ("000", "000", "letter"),
        ("001", "001", "web article"),
        ("002", "002", "glossary"),
    ]
    # none of the captured texts gives a URL or a date: none is invented
    assert all("no URL and no date" in comment for *_, comment in rows)
    assert not _query(f"ASK {{ ?d <{DCTERMS}date>|<{DCTERMS}issued>|<{DCTERMS}source> ?x . "
                      f"?d <{DCTERMS}identifier> ?i }}")[0]


def test_claim_terms_are_defined() -> None:
    labelled = {row[0] for row in _query(f"SELECT ?t WHERE {{ ?t <{RDFS}label> ?l }}")}
    for document, row in _claim_rows():
        for column in ("subject", "object", "anatomical_context", "condition"):
            for name in split_cell(row[column]):
                assert MBX + name in labelled, (document, row["id"], column, name)
        assert expand(row["predicate"]) if ":" in row["predicate"] else True


def test_claim_predicates_are_object_properties() -> None:
    properties = {
        row[0]
        for row in _query("SELECT ?p WHERE { ?p a <http://www.w3.org/2002/07/owl#ObjectProperty> }")
    }
    used = {
        expand(row["predicate"]) if ":" in row["predicate"] else MBX + row["predicate"]
        for _, row in _claim_rows()
    }
    assert used <= properties, used - properties


def test_every_entity_is_used() -> None:
    used = set()
    for _, row in _claim_rows():
        used |= {row["subject"], row["object"]}
        used |= {v for c in ("anatomical_context", "condition") for v in split_cell(row[c])}
    used |= {
        row[0].removeprefix(MBX) for row in _query(f"SELECT ?i WHERE {{ ?r <{MBX}recommends> ?i }}")
    }
    assert _entity_ids() - used == set()


@pytest.mark.parametrize("entity", REQUIRED)
def test_required_entity_is_in_a_claim(entity: str) -> None:
    rows = _query(
        f"""ASK {{ ?c a <{MBX}Claim> .
          {{ ?c <{MBX}subject> <{MBX}{entity}> }} UNION {{ ?c <{MBX}object> <{MBX}{entity}> }}
        }}"""
    )
    assert rows == [True], entity


def test_claim_ids_follow_the_document() -> None:
    rows = _query(f"SELECT ?c ?d WHERE {{ ?c a <{MBX}Claim> ; <{MBX}statedIn> ?d }}")
    for claim, document in rows:
        assert claim.removeprefix(CLAIM).split("-")[0] == document.removeprefix(SRC)


def test_claims_say_who_encoded_them_and_when() -> None:
    for document, row in _claim_rows():
        assert re.fullmatch(r"2026-\d\d-\d\d", row["created"]), (document, row["id"])
        assert not row["modified"] or row["modified"] >= row["created"], (document, row["id"])
    creators = _query(f"SELECT DISTINCT ?who WHERE {{ ?c a <{MBX}Claim> ; <{DCTERMS}creator> ?who }}")
    assert creators == [("MBX curators",)]


def test_recommendation_doses() -> None:
    rows = _query(
        f"""SELECT ?r ?min ?max ?unit WHERE {{ ?r a <{MBX}Recommendation> ; <{MBX}quantity> ?q .
          ?q a <{MBX}QuantityValue> ; <{MBX}unit> ?unit .
          OPTIONAL {{ ?q <{MBX}minValue> ?min }} OPTIONAL {{ ?q <{MBX}maxValue> ?max }} }}
        ORDER BY ?r"""
    )
    doses = {r.removeprefix(REC): (_num(lo), _num(hi), unit) for r, lo, hi, unit in rows}
    assert doses == {
        "001-creatine": ("3.5", "5", "http://qudt.org/vocab/unit/GM-PER-DAY"),
        "001-protein-active": ("1.2", "2", "http://qudt.org/vocab/unit/GM-PER-KiloGM"),
        "001-protein-average-adult": ("0.8", "", "http://qudt.org/vocab/unit/GM-PER-KiloGM"),
    }
    for low, high, _ in doses.values():
        assert float(low) <= float(high or low)


def test_hedged_recommendations_are_not_asserted() -> None:
    rows = _query(
        f"SELECT ?r ?q ?h WHERE {{ ?r a <{MBX}Recommendation> ; <{MBX}quote> ?q ;"
        f" <{MBX}hedgingLevel> ?h }}"
    )
    for rec, quote, hedging in rows:
        if HEDGE_CUE.search(quote):
            assert hedging.removeprefix(MBX) == "hedged", rec
