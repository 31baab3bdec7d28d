"""The curated tables become RDF exactly as docs/MODEL.md says; bad rows are reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from mbx.bundle import CLAIM_COLUMNS, ENTITY_COLUMNS, bundled_quads
from mbx.errors import InputError
from mbx.resources import ontology_dir

HEADER = "\t".join(CLAIM_COLUMNS)
GOOD_ROW = "\t".join(
    [
        "01",
        "vitamin_d",
        "potentiates",
        "bdnf",
        "reported",
        "vitamin D  sufficiency potentiates\tBDNF".replace("\t", " "),
        "10.1038/s41419-022-05378-4",
        "indicates",
        "sufficiency",
        "release",
        "increased",
        "",
        "skeletal_muscle | brain",
        "",
        "",
    ]
)


def _tree(tmp_path: Path, claims: str, entities: str | None = None) -> Path:
    root = tmp_path / "ontology"
    (root / "sources").mkdir(parents=True)
    shutil.copy(ontology_dir() / "mbx.ttl", root / "mbx.ttl")
    (root / "sources" / "000.tsv").write_text(claims, encoding="utf-8")
    if entities is not None:
        (root / "entities.tsv").write_text(entities, encoding="utf-8")
    return root


def _values(quads: list[ox.Quad], subject: str, predicate: str) -> list[str]:
    return sorted(
        q.object.value
        for q in quads
        if q.subject.value == subject and q.predicate.value == predicate
    )


def test_a_claim_row_becomes_a_claim_node_and_its_direct_edge(tmp_path: Path) -> None:
    quads = bundled_quads(_tree(tmp_path, f"# comment\n{HEADER}\n{GOOD_ROW}\n"))
    mbx = "https://w3id.org/mbx/"
    claim = "https://w3id.org/mbx/claim/000-01"
    graph = ox.NamedNode("https://w3id.org/mbx/graph/000")
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    assert _values(quads, claim, rdf + "subject") == [mbx + "vitamin_d"]
    assert _values(quads, claim, rdf + "predicate") == [mbx + "potentiates"]
    assert _values(quads, claim, mbx + "quote") == ["vitamin D sufficiency potentiates BDNF"]
    assert _values(quads, claim, mbx + "sourceDocument") == ["https://w3id.org/mbx/source/000"]
    assert _values(quads, claim, mbx + "cites") == ["https://doi.org/10.1038/s41419-022-05378-4"]
    assert _values(quads, claim, mbx + "anatomicalContext") == [
        mbx + "brain",
        mbx + "skeletal_muscle",
    ]
    edge = ox.Quad(
        ox.NamedNode(mbx + "vitamin_d"),
        ox.NamedNode(mbx + "potentiates"),
        ox.NamedNode(mbx + "bdnf"),
        graph,
    )
    assert edge in quads
    assert all(q.graph_name == graph for q in quads if q.subject.value == claim)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            GOOD_ROW.replace("\tpotentiates\t", "\tpotentiates!\t"),
            "2:3: column 'predicate': 'potentiates!' is not an MBX local name",
        ),
        (
            GOOD_ROW.replace("10.1038/s41419-022-05378-4", "doi:10.1038/x"),
            "2:7: column 'cites': 'doi:10.1038/x' is not a DOI",
        ),
        (GOOD_ROW.replace("\treported\t", "\t\t"), "2:5: column 'evidence': must not be empty"),
        ("x" + GOOD_ROW, "2:1: column 'id': 'x01' is not a claim number such as 01"),
        (GOOD_ROW + "\n" + GOOD_ROW, "3:1: column 'id': duplicate claim '01'"),
        (GOOD_ROW + "\textra", "2: 16 cells, expected at most 15"),
    ],
)
def test_bad_claim_rows_are_reported_with_line_and_column(
    tmp_path: Path, row: str, message: str
) -> None:
    root = _tree(tmp_path, f"{HEADER}\n{row}\n")
    with pytest.raises(InputError) as caught:
        bundled_quads(root)
    assert str(caught.value).startswith(f"{root / 'sources' / '000.tsv'}:{message}")


def test_wrong_header_is_reported(tmp_path: Path) -> None:
    root = _tree(tmp_path, "id\tsubject\n")
    with pytest.raises(InputError, match=r"000\.tsv:1:1: header must be id \| subject"):
        bundled_quads(root)


def test_entity_rows_and_unknown_prefix(tmp_path: Path) -> None:
    header = "\t".join(ENTITY_COLUMNS)
    row = "\t".join(
        [
            "bdnf",
            "Myokine Neurotrophin",
            "BDNF",
            "A neurotrophin.",
            "BDNF",
            "",
            "PR:000004716",
            "",
            "",
            "",
            "",
        ]
    )
    root = _tree(tmp_path, f"{HEADER}\n", f"{header}\n{row}\n")
    quads = bundled_quads(root)
    mbx = "https://w3id.org/mbx/"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert _values(quads, mbx + "bdnf", rdf_type) == [
        "http://www.w3.org/2002/07/owl#NamedIndividual",
        mbx + "Myokine",
        mbx + "Neurotrophin",
    ]
    assert _values(quads, mbx + "bdnf", "http://www.w3.org/2004/02/skos/core#exactMatch") == [
        "http://purl.obolibrary.org/obo/PR_000004716"
    ]
    (root / "entities.tsv").write_text(f"{header}\n{row.replace('PR:000004716', 'XYZ:1')}\n")
    with pytest.raises(
        InputError, match=r"entities\.tsv:2:7: column 'exact_match': unknown prefix in 'XYZ:1'"
    ):
        bundled_quads(root)


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
