"""The curated tables become RDF exactly as docs/MODEL.md says; bad rows are reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from mbx.bundle import CLAIM_COLUMNS, ENTITY_COLUMNS, bundled_quads, select_part
from mbx.errors import InputError, UsageError
from mbx.resources import kg_dir, ontology_dir

MBX = "https://w3id.org/mbx/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OA = "http://www.w3.org/ns/oa#"
DCTERMS = "http://purl.org/dc/terms/"
HEADER = "\t".join(CLAIM_COLUMNS)
CELLS = {
    "id": "01",
    "subject": "vitamin_d",
    "predicate": "potentiates",
    "object": "bdnf",
    "hedging": "asserted",
    "support": "cited_literature",
    "quote": "vitamin D  sufficiency potentiates BDNF",
    "start": "100",
    "end": "138",
    "cites": "10.1038/s41419-022-05378-4",
    "context_cites": "10.1159/000535339",
    "hedge": "indicates",
    "subject_aspect": "sufficiency",
    "object_aspect": "release",
    "direction": "increased",
    "context": "",
    "anatomical_context": "SkeletalMuscleTissue | Brain",
    "condition": "",
    "quantity": "~40 unit:PERCENT",
    "created": "2026-11-23",
    "modified": "2026-11-27",
    "note": "",
}
GOOD_ROW = "\t".join(CELLS[c] for c in CLAIM_COLUMNS)


def _row(**changes: str) -> str:
    return "\t".join({**CELLS, **changes}[c] for c in CLAIM_COLUMNS)


def _tree(tmp_path: Path, claims: str, entities: str | None = None) -> tuple[Path, Path]:
    terms = tmp_path / "ontology"
    terms.mkdir()
    shutil.copy(ontology_dir() / "mbx.ttl", terms / "mbx.ttl")
    shutil.copy(ontology_dir() / "entities.tsv", terms / "entities.tsv")
    if entities is not None:
        (terms / "entities.tsv").write_text(entities, encoding="utf-8")
    kg = tmp_path / "kg"
    (kg / "sources").mkdir(parents=True)
    shutil.copy(kg_dir() / "mbx-kg.ttl", kg / "mbx-kg.ttl")
    shutil.copy(kg_dir() / "sources" / "000.ttl", kg / "sources" / "000.ttl")
    (kg / "sources" / "000.tsv").write_text(claims, encoding="utf-8")
    return terms, kg


def _values(quads: list[ox.Quad], subject: str, predicate: str) -> list[str]:
    return sorted(
        q.object.value
        for q in quads
        if q.subject.value == subject and q.predicate.value == predicate
    )


def test_a_claim_row_becomes_a_claim_node_and_its_direct_edge(tmp_path: Path) -> None:
    quads = bundled_quads(*_tree(tmp_path, f"# comment\n{HEADER}\n{GOOD_ROW}\n"))
    claim = "https://w3id.org/mbx/claim/000-01"
    graph = ox.NamedNode("https://w3id.org/mbx/graph/000")
    assert _values(quads, claim, MBX + "subject") == [MBX + "vitamin_d"]
    assert _values(quads, claim, MBX + "predicate") == [MBX + "potentiates"]
    assert _values(quads, claim, MBX + "object") == [MBX + "bdnf"]
    assert _values(quads, claim, RDFS + "label") == [
        "vitamin D potentiates brain-derived neurotrophic factor (letter, claim 000-01)"
    ]
    assert _values(quads, claim, MBX + "quote") == ["vitamin D sufficiency potentiates BDNF"]
    assert _values(quads, claim, MBX + "statedIn") == ["https://w3id.org/mbx/source/000"]
    assert _values(quads, claim, MBX + "hedgingLevel") == [MBX + "asserted"]
    assert _values(quads, claim, MBX + "supportType") == [MBX + "cited_literature"]
    assert _values(quads, claim, MBX + "cites") == ["https://doi.org/10.1038/s41419-022-05378-4"]
    assert _values(quads, claim, MBX + "contextCites") == ["https://doi.org/10.1159/000535339"]
    assert _values(quads, claim, MBX + "anatomicalContext") == [
        MBX + "Brain",
        MBX + "SkeletalMuscleTissue",
    ]
    assert _values(quads, claim, DCTERMS + "creator") == ["MBX curators"]
    assert _values(quads, claim, DCTERMS + "created") == ["2026-11-23"]
    assert _values(quads, claim, DCTERMS + "modified") == ["2026-11-27"]
    selector = claim + "-selector"
    assert _values(quads, claim, MBX + "quoteSelector") == [selector]
    owl = "http://www.w3.org/2002/07/owl#"
    assert _values(quads, claim, RDF + "type") == [owl + "NamedIndividual", MBX + "Claim"]
    assert _values(quads, selector, RDF + "type") == [owl + "NamedIndividual", OA + "TextPositionSelector"]
    assert (_values(quads, selector, OA + "start"), _values(quads, selector, OA + "end")) == (
        ["100"],
        ["138"],
    )
    quantity = claim + "-quantity"
    assert _values(quads, quantity, MBX + "numericValue") == ["40"]
    assert _values(quads, quantity, MBX + "approximate") == ["true"]
    assert _values(quads, quantity, MBX + "unit") == ["http://qudt.org/vocab/unit/PERCENT"]
    edge = ox.Quad(
        ox.NamedNode(MBX + "vitamin_d"),
        ox.NamedNode(MBX + "potentiates"),
        ox.NamedNode(MBX + "bdnf"),
        graph,
    )
    assert edge in quads
    assert all(q.graph_name == graph for q in quads if q.subject.value.startswith(claim))
    assert not [q for q in quads if q.predicate.value.startswith(RDF) and q.predicate.value != RDF + "type"
                and q.predicate.value not in (RDF + "first", RDF + "rest")]


def test_a_curie_predicate_and_a_range_quantity(tmp_path: Path) -> None:
    row = _row(predicate="RO:0002206", object="Brain", quantity="1.2..2 unit:GM-PER-KiloGM")
    quads = bundled_quads(*_tree(tmp_path, f"{HEADER}\n{row}\n"))
    claim = "https://w3id.org/mbx/claim/000-01"
    ro = "http://purl.obolibrary.org/obo/RO_0002206"
    assert _values(quads, claim, MBX + "predicate") == [ro]
    assert _values(quads, claim, RDFS + "label") == ["vitamin D expressed in brain (letter, claim 000-01)"]
    assert _values(quads, claim + "-quantity", MBX + "minValue") == ["1.2"]
    assert _values(quads, claim + "-quantity", MBX + "maxValue") == ["2"]
    assert _values(quads, claim + "-quantity", MBX + "approximate") == []
    assert _values(quads, MBX + "vitamin_d", ro) == [MBX + "Brain"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (_row(predicate="potentiates!"), "2:3: column 'predicate': 'potentiates!' is neither"),
        (_row(cites="doi:10.1038/x"), "2:10: column 'cites': 'doi:10.1038/x' is not a DOI"),
        (_row(hedging=""), "2:5: column 'hedging': must not be empty"),
        (_row(end="90"), "2:9: column 'end': end 90 must be after start 100"),
        (_row(start="x"), "2:8: column 'start': 'x' is not a character offset"),
        (_row(created="23.11.2026"), "2:20: column 'created': '23.11.2026' is not a date"),
        (_row(quantity="about 40%"), "2:19: column 'quantity': 'about 40%' is not a quantity"),
        (_row(subject="no_such_kind"), "2:2: column 'subject': 'no_such_kind' has no rdfs:label"),
        ("x" + GOOD_ROW, "2:1: column 'id': 'x01' is not a claim number such as 01"),
        (GOOD_ROW + "\n" + GOOD_ROW, "3:1: column 'id': duplicate claim '01'"),
        (GOOD_ROW + "\textra", "2: 23 cells, expected at most 22"),
    ],
)
def test_bad_claim_rows_are_reported_with_line_and_column(
    tmp_path: Path, row: str, message: str
) -> None:
    terms, kg = _tree(tmp_path, f"{HEADER}\n{row}\n")
    with pytest.raises(InputError) as caught:
        bundled_quads(terms, kg)
    assert str(caught.value).startswith(f"{kg / 'sources' / '000.tsv'}:{message}")


def test_wrong_header_is_reported(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"000\.tsv:1:1: header must be id \| subject"):
        bundled_quads(*_tree(tmp_path, "id\tsubject\n"))


def test_entity_rows_are_punned_classes_and_unknown_prefix(tmp_path: Path) -> None:
    header = "\t".join(ENTITY_COLUMNS)
    cells = {c: "" for c in ENTITY_COLUMNS} | {
        "id": "bdnf",
        "parents": "Myokine Neurotrophin",
        "label": "brain-derived neurotrophic factor",
        "definition": "A neurotrophin.",
        "exact_synonyms": "BDNF",
        "exact_match": "PR:000004716",
        "related_match": "HGNC:1033",
    }
    row = "\t".join(cells[c] for c in ENTITY_COLUMNS)
    terms, kg = _tree(tmp_path, f"{HEADER}\n", f"{header}\n{row}\n")
    quads = bundled_quads(terms, kg)
    owl = "http://www.w3.org/2002/07/owl#"
    assert _values(quads, MBX + "bdnf", RDF + "type") == [owl + "Class", owl + "NamedIndividual"]
    assert _values(quads, MBX + "bdnf", RDFS + "subClassOf") == [
        MBX + "Myokine",
        MBX + "Neurotrophin",
    ]
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert _values(quads, MBX + "bdnf", skos + "exactMatch") == [
        "http://purl.obolibrary.org/obo/PR_000004716"
    ]
    assert _values(quads, MBX + "bdnf", skos + "relatedMatch") == ["http://identifiers.org/hgnc/1033"]
    (terms / "entities.tsv").write_text(f"{header}\n{row.replace('PR:000004716', 'XYZ:1')}\n")
    with pytest.raises(
        InputError, match=r"entities\.tsv:2:7: column 'exact_match': unknown prefix in 'XYZ:1'"
    ):
        bundled_quads(terms, kg)


@pytest.mark.parametrize(
    ("args", "folder"),
    [(["export"], "ontology"), (["validate"], "shapes"), (["query", "--list"], "queries")],
)
def test_a_missing_data_folder_is_one_line_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], folder: str
) -> None:
    """mbx installed without its data (neither mbx/_data/ nor a checkout): no traceback."""
    from click.testing import CliRunner

    import mbx.resources
    from mbx.cli import main

    packaged, checkout = tmp_path / "_data", tmp_path / "checkout"
    monkeypatch.setattr(mbx.resources, "_DATA_DIR", packaged)
    monkeypatch.setattr(mbx.resources, "_CHECKOUT_DIR", checkout)
    result = CliRunner().invoke(main, args)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"Error: mbx data folder {folder!r} not found in {packaged} or {checkout}; "
        "reinstall mbx\n"
    )



def test_parts_split_terms_and_knowledge_graph() -> None:
    everything = bundled_quads()
    ontology = bundled_quads(part="ontology")
    claims = bundled_quads(part="claims")
    assert len(ontology) + len(claims) == len(everything)

    def named(quads: list[ox.Quad]) -> set[str]:  # blank nodes are relabelled on every parse
        return {str(q) for q in quads if "_:" not in str(q)}

    assert named(ontology) | named(claims) == named(everything)
    assert {q.graph_name.value for q in ontology} == {"https://w3id.org/mbx/graph/ontology"}
    assert {q.graph_name.value for q in claims} == {
        "https://w3id.org/mbx/graph/kg",
        "https://w3id.org/mbx/graph/000",
        "https://w3id.org/mbx/graph/001",
        "https://w3id.org/mbx/graph/002",
    }
    with pytest.raises(UsageError, match="unknown part 'terms'"):
        select_part(everything, "terms")


def test_recommendations_get_a_generated_label() -> None:
    quads = bundled_quads(part="claims")
    rec = "https://w3id.org/mbx/recommendation/001-protein-average-adult"
    assert _values(quads, rec, RDFS + "label") == [
        "dietary protein intake for the average adult (web article, 001-protein-average-adult)"
    ]
