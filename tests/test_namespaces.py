"""The prefix map: valid, and compressing/expanding exactly as the curies library does."""

from __future__ import annotations

import curies
import pyoxigraph as ox
import pytest

from mbx.dataset import load_quads
from mbx.namespaces import PREFIXES, compress, expand


@pytest.fixture(scope="module")
def reference() -> curies.Converter:
    """curies validates the map (no prefix or namespace twice) and is the reference."""
    return curies.Converter.from_prefix_map(PREFIXES)


def _bundled_iris() -> list[str]:
    iris = {
        term.value
        for quad in load_quads()
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name)
        if isinstance(term, ox.NamedNode)
    }
    return sorted(iris)


def test_compress_agrees_with_curies_on_every_bundled_iri(reference: curies.Converter) -> None:
    iris = _bundled_iris()
    assert len(iris) > 500
    for iri in iris:
        expected = reference.compress(iri)
        assert compress(iri) == (expected if expected is not None else f"<{iri}>"), iri


def test_expand_agrees_with_curies(reference: curies.Converter) -> None:
    for iri in _bundled_iris():
        curie = compress(iri)
        if not curie.startswith("<"):
            assert expand(curie) == reference.expand(curie) == iri


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        ("https://w3id.org/mbx/claim/000-11", "claim:000-11"),  # the longest namespace wins
        ("https://w3id.org/mbx/shapes#Claim-quote", "mbxsh:Claim-quote"),
        ("http://purl.obolibrary.org/obo/CHEBI_27300", "CHEBI:27300"),
        ("https://doi.org/10.1038/s41419-022-05378-4", "<https://doi.org/10.1038/s41419-022-05378-4>"),
        ("https://w3id.org/mbx/releases/0.1.0/mbx.owl", "mbx:releases/0.1.0/mbx.owl"),
    ],
)
def test_compress_edge_cases(iri: str, expected: str) -> None:
    assert compress(iri) == expected


def test_expand_refuses_unknown_prefixes() -> None:
    with pytest.raises(ValueError, match="unknown prefix in 'nope:x'"):
        expand("nope:x")
    assert expand("https://example.org/x") == "https://example.org/x"
