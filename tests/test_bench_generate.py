"""The benchmark data generator (benchmarks/generate.py, issue 15): deterministic, parseable, counted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from bench_generator import REPO, load_generator

generate = load_generator()

CLAIMS = 600
SEEDED = 3  # of every kind


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    folder = tmp_path_factory.mktemp("bench-seeded")
    manifest = generate.generate(CLAIMS, folder, seed=15, violations=generate.parse_violations("3"))
    return folder, manifest


def test_same_options_same_bytes(tmp_path: Path, seeded: tuple[Path, Any]) -> None:
    folder, manifest = seeded
    again = generate.generate(CLAIMS, tmp_path, seed=15, violations=generate.parse_violations("3"))
    for fmt in ("nt", "ttl"):
        assert (tmp_path / again.files[fmt]).read_bytes() == (
            folder / manifest.files[fmt]
        ).read_bytes()
    other = generate.generate(CLAIMS, tmp_path / "s16", seed=16, violations={})
    assert (tmp_path / "s16" / other.files["nt"]).read_bytes() != (
        folder / manifest.files["nt"]
    ).read_bytes()


def test_both_formats_hold_the_same_graph(seeded: tuple[Path, Any]) -> None:
    folder, manifest = seeded
    graphs = []
    for fmt, rdf_format in (("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE)):
        dataset = ox.Dataset(ox.parse(path=str(folder / manifest.files[fmt]), format=rdf_format))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        graphs.append(set(dataset))
    assert graphs[0] == graphs[1]
    assert len(graphs[0]) == manifest.triples


def test_claims_and_seeded_violations_are_as_the_manifest_says(
    seeded: tuple[Path, Any],
) -> None:
    folder, manifest = seeded
    assert manifest.claims == CLAIMS
    assert manifest.violations == {kind: SEEDED for kind in generate.VIOLATIONS}
    assert all(len(manifest.focus[kind]) == SEEDED for kind in generate.VIOLATIONS)
    assert generate.check(folder, manifest) == []


def test_clean_data_has_no_violation(tmp_path: Path) -> None:
    manifest = generate.generate(300, tmp_path, seed=15, violations={})
    found = generate.find_violations(tmp_path / manifest.files["nt"])
    assert found == {kind: [] for kind in generate.VIOLATIONS}
    assert 12 <= manifest.triples / 300 <= 20  # about 15 triples a claim


def test_check_notices_a_missing_violation(tmp_path: Path) -> None:
    manifest = generate.generate(300, tmp_path, seed=15, violations={"missing_quote": 2})
    manifest.focus["missing_quote"].pop()
    problems = generate.check(tmp_path, manifest)
    assert len(problems) == 2  # one per format
    assert all("missing_quote: found 2" in p and "seeded 1" in p for p in problems)


def test_some_violations_only(tmp_path: Path) -> None:
    counts = generate.parse_violations("missing_quote=2,edge_without_claim=1")
    manifest = generate.generate(300, tmp_path, seed=15, violations=counts)
    found = generate.find_violations(tmp_path / manifest.files["nt"])
    assert {k: len(v) for k, v in found.items() if v} == counts


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError, match="bad violation count"):
        generate.parse_violations("no_such_kind=2")
    with pytest.raises(ValueError, match="not a count"):
        generate.parse_count("ten")
    with pytest.raises(ValueError, match="need at least"):
        generate.Generator(30, 15, generate.parse_violations("2"))
    assert generate.parse_count("10k") == 10_000 and generate.parse_count("1M") == 1_000_000


def test_the_terms_exist_in_the_bundled_ontology() -> None:
    """Every mbx: class and relation the generator writes is declared by MBX (catches model drift)."""
    assert generate.ontology_drift(REPO / "ontology" / "mbx.ttl") == []
