"""What the real triple stores do with mbx's data and requests (one contract, every store).

Run against each store of tests/conftest.py's ``triple_store`` (Oxigraph,
Virtuoso). These facts are what mbx's protocol client and load check rely
on; a store that changes its behaviour makes one of them fail.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner
from requests.auth import HTTPDigestAuth
from store_server import StoreServer

from mbx.cli import main
from mbx.dataset import load_quads
from mbx.remote.gsp import group_triples

pytestmark = pytest.mark.server

XSD = "http://www.w3.org/2001/XMLSchema#"
NT = "application/n-triples"
JSON = "application/sparql-results+json"


def gsp(store: StoreServer, graph: str) -> str:
    return requests.Request("GET", store.store, params={"graph": graph}).prepare().url or ""


def put(url: str, body: bytes, **kwargs: Any) -> requests.Response:
    return requests.put(url, data=body, headers={"Content-Type": NT}, timeout=30, **kwargs)


def fetch(url: str, **kwargs: Any) -> set[ox.Triple]:
    response = requests.get(url, headers={"Accept": NT}, timeout=30, **kwargs)
    response.raise_for_status()
    return set(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))


def test_gsp_put_get_delete_and_the_canonical_decimal(triple_store: StoreServer) -> None:
    """Both stores keep the value but not the spelling of "5.0"^^xsd:decimal (the
    creatine dose in the bundled graph): it comes back as "5"."""
    url = gsp(triple_store, "http://example.org/g")
    body = (
        f'<http://ex/a> <http://ex/dose> "5.0"^^<{XSD}decimal> .\n'
        f'<http://ex/a> <http://ex/year> "2024"^^<{XSD}gYear> .\n'
        '<http://ex/a> <http://ex/label> "caf\\u00E9"@en .\n'
    ).encode()
    assert put(url, body).status_code == 201  # created
    back = {(t.predicate.value.rsplit("/", 1)[1], str(t.object)) for t in fetch(url)}
    assert back == {
        ("dose", f'"5"^^<{XSD}decimal>'),
        ("year", f'"2024"^^<{XSD}gYear>'),
        ("label", '"café"@en'),
    }
    assert put(url, body).status_code in (200, 204)  # replaced
    assert len(fetch(url)) == 3
    assert requests.delete(url, timeout=10).status_code in (200, 204)
    assert requests.get(url, headers={"Accept": NT}, timeout=10).status_code == 404


def test_protocol_forms(triple_store: StoreServer) -> None:
    """GET and URL-encoded form POST answer everywhere; direct POST
    (application/sparql-query) does not on Virtuoso 7.2.5: it waits for the
    client to close the connection (openlink/virtuoso-opensource#842)."""
    query = "ASK { }"
    headers = {"Accept": JSON}
    by_get = requests.get(triple_store.query, params={"query": query}, headers=headers, timeout=10)
    by_form = requests.post(triple_store.query, data={"query": query}, headers=headers, timeout=10)
    assert by_get.json()["boolean"] is True
    assert by_form.json()["boolean"] is True
    try:
        direct = requests.post(
            triple_store.query,
            data=query.encode(),
            headers={**headers, "Content-Type": "application/sparql-query"},
            timeout=(5, 1.5),
        )
        answered = direct.json()["boolean"] is True
    except requests.exceptions.ReadTimeout:
        answered = False
    assert answered == triple_store.direct_post_query


def test_login_protected_graph_store(virtuoso: StoreServer) -> None:
    """Virtuoso's /sparql-graph-crud-auth takes HTTP Digest, not Basic."""
    assert virtuoso.store_auth and virtuoso.user and virtuoso.password
    url = virtuoso.store_auth + "?graph=http%3A%2F%2Fexample.org%2Fauth"
    body = b"<http://ex/a> <http://ex/b> <http://ex/c> .\n"
    assert put(url, body).status_code == 401
    assert put(url, body, auth=(virtuoso.user, virtuoso.password)).status_code == 401
    digest = put(url, body, auth=HTTPDigestAuth(virtuoso.user, virtuoso.password))
    assert digest.status_code == 201
    wrong = put(url, body, auth=HTTPDigestAuth(virtuoso.user, virtuoso.password + "x"))
    assert wrong.status_code == 401
    assert len(fetch(gsp(virtuoso, "http://example.org/auth"))) == 1


def test_from_several_graphs_is_not_an_rdf_merge(triple_store: StoreServer) -> None:
    """Loaded --by-source, a triple stated in two graphs counts twice over
    ``FROM g1 FROM g2 …`` in both stores (SPARQL 1.1 §13.2 says the RDF merge:
    once); the single graph of a plain `mbx load` holds it once."""
    result = CliRunner().invoke(
        main, ["load", "--store-url", triple_store.store, "--by-source"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    quads = load_quads()
    (merged,) = group_triples(quads).values()
    by_source = group_triples(quads, by_source=True)
    per_graph = sum(len(t) for t in by_source.values())
    assert per_graph > len(merged)  # the bundled graph states some triples in two graphs
    sources = " ".join(f"FROM <{g}>" for g in by_source if g)
    rows = _select(triple_store, f"SELECT (COUNT(*) AS ?n) {sources} WHERE {{ ?s ?p ?o }}")
    assert int(rows[0]["n"]["value"]) == per_graph
    triple_store.clear()
    rows = _select(triple_store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert {r["g"]["value"] for r in rows} == set(triple_store.system_graphs)


def _select(store: StoreServer, text: str) -> list[dict[str, Any]]:
    response = requests.get(
        store.query, params={"query": text}, headers={"Accept": JSON}, timeout=30
    )
    response.raise_for_status()
    rows: list[dict[str, Any]] = response.json()["results"]["bindings"]
    return rows
