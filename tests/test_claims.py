"""The claims, sources, publications and recommendations are true to the source texts.

Every quote must be a verbatim span of its seed document (whitespace runs
collapsed), hedged prose must stay hedged, each claim has exactly one subject,
predicate, object, source and evidence level, and the entities the issue names
must each appear in at least one claim.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from mbx.namespaces import CLAIM, MBX, REC, SRC
from tests.hedges import HEDGE_CUE  # the one list of hedge words: the shapes' regex

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
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
#: entities the issue requires to be covered by at least one claim
REQUIRED = (
    "vitamin_d",
    "vdr",
    "bdnf",
    "irisin",
    "kynurenine",
    "quinolinic_acid",
    "polyphenols",
    "flavonoids",
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
    "resistance_training",
    "cathepsin_b",
    "hippocampus",
    "cortex",
    "trkb",
    "dendritic_arborization",
    "synaptic_strength",
    "synaptogenesis",
    "neuronal_survival",
    "cognitive_function",
    "myokines",
    "muscle_contraction",
    "muscle_brain_axis",
    "micronutrients",
    "b_vitamins",
    "skeletal_muscle",
    "cardiac_muscle",
    "smooth_muscle",
    "quadriceps",
    "gluteus_maximus",
    "latissimus_dorsi",
)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _rows(path: Path) -> Iterator[dict[str, str]]:
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


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
    return {row["id"] for row in _rows(ONTOLOGY / "entities.tsv")}


def _claim_rows() -> list[tuple[str, dict[str, str]]]:
    return [
        (path.stem, row)
        for path in sorted((ONTOLOGY / "sources").glob("*.tsv"))
        for row in _rows(path)
    ]


def _seed_text(document: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not found: quotes cannot be checked")
    files = _query(f"SELECT ?f WHERE {{ <{SRC}{document}> <{MBX}seedFile> ?f }}")
    assert len(files) == 1, f"src:{document} needs exactly one mbx:seedFile"
    return _collapse((SEEDS / files[0][0]).read_text(encoding="utf-8"))


DOCUMENTS = sorted({p.stem for p in (ONTOLOGY / "sources").glob("*.t[st]*")})


@pytest.mark.parametrize("document", DOCUMENTS)
def test_seed_file_exists(document: str) -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not found: quotes cannot be checked")
    files = _query(f"SELECT ?f WHERE {{ <{SRC}{document}> <{MBX}seedFile> ?f }}")
    assert len(files) == 1
    assert (SEEDS / files[0][0]).is_file()


@pytest.mark.parametrize("document", DOCUMENTS)
def test_claim_quotes_are_verbatim(document: str) -> None:
    seed = _seed_text(document)
    quotes = _query(
        f"SELECT ?c ?q WHERE {{ ?c <{MBX}sourceDocument> <{SRC}{document}> ; <{MBX}quote> ?q }}"
    )
    assert quotes, f"document {document} has no quotes"
    missing = [(c, q) for c, q in quotes if _collapse(q) not in seed]
    assert not missing


def test_recommendation_quotes_are_verbatim() -> None:
    rows = _query(
        f"SELECT ?r ?d ?q WHERE {{ ?r a <{MBX}Recommendation> ; <{MBX}sourceDocument> ?d ;"
        f" <{MBX}quote> ?q }}"
    )
    assert len(rows) == 5
    for rec, document, quote in rows:
        assert _collapse(quote) in _seed_text(document.removeprefix(SRC)), rec


def test_every_claim_is_complete() -> None:
    rows = _query(
        f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?ns) (COUNT(DISTINCT ?p) AS ?np)
        (COUNT(DISTINCT ?o) AS ?no) (COUNT(DISTINCT ?d) AS ?nd) (COUNT(DISTINCT ?e) AS ?ne)
        (COUNT(DISTINCT ?q) AS ?nq)
        WHERE {{ ?c a <{MBX}Claim> .
          OPTIONAL {{ ?c <{RDF}subject> ?s }} OPTIONAL {{ ?c <{RDF}predicate> ?p }}
          OPTIONAL {{ ?c <{RDF}object> ?o }} OPTIONAL {{ ?c <{MBX}sourceDocument> ?d }}
          OPTIONAL {{ ?c <{MBX}evidenceLevel> ?e }} OPTIONAL {{ ?c <{MBX}quote> ?q }}
        }} GROUP BY ?c"""
    )
    assert len(rows) == len(_claim_rows())
    incomplete = [row for row in rows if row[1:] != ("1",) * 6]
    assert not incomplete


def test_quotes_are_not_empty() -> None:
    assert all(row["quote"].strip() for _, row in _claim_rows())


@pytest.mark.parametrize(
    "row", [r for _, r in _claim_rows()], ids=[f"{d}-{r['id']}" for d, r in _claim_rows()]
)
def test_hedged_quote_is_not_established(row: dict[str, str]) -> None:
    if HEDGE_CUE.search(row["quote"]):
        assert row["evidence"] != "established", row["quote"]


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

    An established or reported claim whose sentence carries a hedging cue
    outside the quote ("… can help … brain-boosting myokines") either becomes
    suggested, with the quote widened to the cue, or says in its note why the
    cue does not govern it ("Hedge scope: …").
    """
    text = _seed_text(document)
    unacknowledged = []
    for row in _rows(ONTOLOGY / "sources" / f"{document}.tsv"):
        if row["evidence"] not in ("established", "reported"):
            continue
        before, after = _sentence_around(text, _collapse(row["quote"]))
        cue = HEDGE_CUE.search(before + " … " + after)
        if cue and not row["note"].startswith("Hedge scope: "):
            unacknowledged.append(f"{document}-{row['id']} ({cue.group(0)!r})")
    assert not unacknowledged, unacknowledged


def test_hedge_cues_are_words_of_the_quote() -> None:
    for document, row in _claim_rows():
        for cue in filter(None, (c.strip() for c in row["hedge"].split("|"))):
            assert cue.lower() in row["quote"].lower(), (document, row["id"], cue)


def test_suggested_and_hypothesised_claims_name_their_hedge() -> None:
    for document, row in _claim_rows():
        if row["evidence"] in ("suggested", "hypothesised"):
            assert row["hedge"], (document, row["id"])


def test_reported_claims_cite_and_others_do_not_depend_on_citations() -> None:
    for document, row in _claim_rows():
        if row["evidence"] == "reported":
            assert row["cites"], (document, row["id"])
        if document != "000":
            assert not row["cites"], (document, row["id"])


def test_claims_in_the_proposal_are_hypothesised() -> None:
    for _, row in _claim_rows():
        if re.search(r"\b(we propose|this letter proposes)\b", row["quote"], re.IGNORECASE):
            assert row["evidence"] == "hypothesised", row["id"]


def test_doi_iris_are_well_formed() -> None:
    cited = {row[0] for row in _query(f"SELECT DISTINCT ?p WHERE {{ ?c <{MBX}cites> ?p }}")}
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


def test_entity_labels_are_unique() -> None:
    labels = [row["label"].casefold() for row in _rows(ONTOLOGY / "entities.tsv")]
    assert len(labels) == len(set(labels))


def test_claim_terms_are_defined() -> None:
    entities = _entity_ids()
    for document, row in _claim_rows():
        assert row["subject"] in entities, (document, row["id"], row["subject"])
        assert row["object"] in entities, (document, row["id"], row["object"])
        for column in ("anatomical_context", "condition"):
            for name in filter(None, (v.strip() for v in row[column].split("|"))):
                assert name in entities, (document, row["id"], column, name)


def test_claim_predicates_are_object_properties() -> None:
    properties = {
        row[0].removeprefix(MBX)
        for row in _query("SELECT ?p WHERE { ?p a <http://www.w3.org/2002/07/owl#ObjectProperty> }")
    }
    used = {row["predicate"] for _, row in _claim_rows()}
    assert used <= properties, used - properties


def test_every_entity_is_used() -> None:
    used = set()
    for _, row in _claim_rows():
        used |= {row["subject"], row["object"]}
        used |= {v.strip() for c in ("anatomical_context", "condition") for v in row[c].split("|")}
    used |= {
        row[0].removeprefix(MBX) for row in _query(f"SELECT ?i WHERE {{ ?r <{MBX}recommends> ?i }}")
    }
    assert _entity_ids() - used == set()


@pytest.mark.parametrize("entity", REQUIRED)
def test_required_entity_is_in_a_claim(entity: str) -> None:
    rows = _query(
        f"""ASK {{ ?c a <{MBX}Claim> .
          {{ ?c <{RDF}subject> <{MBX}{entity}> }} UNION {{ ?c <{RDF}object> <{MBX}{entity}> }}
        }}"""
    )
    assert rows == [True], entity


def test_claim_ids_follow_the_document() -> None:
    rows = _query(f"SELECT ?c ?d WHERE {{ ?c a <{MBX}Claim> ; <{MBX}sourceDocument> ?d }}")
    for claim, document in rows:
        assert claim.removeprefix(CLAIM).split("-")[0] == document.removeprefix(SRC)


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


def test_hedged_recommendations_are_not_established() -> None:
    rows = _query(
        f"SELECT ?r ?q ?e WHERE {{ ?r a <{MBX}Recommendation> ; <{MBX}quote> ?q ;"
        f" <{MBX}evidenceLevel> ?e }}"
    )
    for rec, quote, evidence in rows:
        if HEDGE_CUE.search(quote):
            assert evidence.removeprefix(MBX) == "suggested", rec
