"""The SPARQL protocol client and the load check, against real stores (Oxigraph, Virtuoso).

How queries travel (--method), timeouts, Basic and Digest authentication
(environment, URL, netrc), redirects, and `mbx load --verify exact`: what
each store gives back, literal by literal. The Basic login and the
redirects are real HTTP servers in front of a real Oxigraph
(tests/fake_server.py front_server).
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fake_server import front_server
from store_server import StoreServer

from mbx.cli import main
from mbx.dataset import load_quads
from mbx.remote.endpoint import URL_LIMIT, how_to_send
from mbx.remote.gsp import DEFAULT_LOAD_GRAPH as ALL
from mbx.remote.gsp import group_triples
from mbx.remote.http import timeouts

pytestmark = pytest.mark.server

DATA = Path(__file__).parent / "data"
#: the distinct triples of the bundled graph: what `mbx load` sends to one graph
BUNDLED = len(group_triples(load_quads())[ALL])


def cli(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)


def long_ask(size: int) -> str:
    """An ASK query of about ``size`` characters (a VALUES list) whose answer is false."""
    values = " ".join(f"<http://ex/{i}>" for i in range(size // 16 + 1))
    return f"ASK {{ VALUES ?x {{ {values} }} FILTER(?x = <http://ex/none>) }}"


# --- how a query travels ---------------------------------------------------------------


def test_auto_is_get_up_to_the_url_limit_then_a_form_post() -> None:
    url = "http://127.0.0.1:1/sparql"
    assert how_to_send(url, "ASK {}", update=False) == "get"
    assert how_to_send(url, long_ask(URL_LIMIT), update=False) == "post-form"
    assert how_to_send(url, "ASK {}", update=False, method="post-direct") == "post-direct"
    assert how_to_send(url, "CLEAR ALL", update=True) == "post-form"
    assert how_to_send(url, "CLEAR ALL", update=True, method="post-direct") == "post-direct"
    assert timeouts(None) == (10.0, 300.0)  # the documented defaults


@pytest.mark.parametrize("method", ["auto", "get", "post-form", "post-direct"])
def test_every_method_on_oxigraph(oxigraph: StoreServer, method: str) -> None:
    """Oxigraph answers every form; like Virtuoso, it refuses a GET over 8 KB."""
    short = cli("query", "ASK {}", "--endpoint", oxigraph.query, "--method", method)
    long = cli("query", long_ask(12_000), "--endpoint", oxigraph.query, "--method", method)
    assert (short.exit_code, short.stdout) == (0, "true\n")
    if method == "get":
        assert (long.exit_code, long.stderr) == (
            2,
            f"Error: query: the endpoint {oxigraph.query} rejected the query: "
            "HTTP 400 Bad Request: The headers size must fit in 8kb\n",
        )
    else:
        assert (long.exit_code, long.stdout) == (0, "false\n")


def test_virtuoso_answers_get_and_form_post_but_never_a_direct_post(virtuoso: StoreServer) -> None:
    for method in ("auto", "get", "post-form"):
        result = cli("query", "ASK {}", "--endpoint", virtuoso.query, "--method", method)
        assert (result.exit_code, result.stdout) == (0, "true\n"), method
    started = time.monotonic()
    direct = cli(
        "query", "ASK {}", "--endpoint", virtuoso.query, "--method", "post-direct", "--timeout", "2"
    )
    assert time.monotonic() - started < 10
    assert (direct.exit_code, direct.stderr) == (
        3,
        f"Error: {virtuoso.query}: no answer within 2 s; raise --timeout\n",
    )


def test_long_queries_go_by_form_post(virtuoso: StoreServer) -> None:
    """Virtuoso cuts request lines at about 10,000 bytes: a long query by GET fails
    (with a misleading syntax error), by form POST (what auto picks) it works."""
    text = long_ask(12_000)
    assert cli("query", text, "--endpoint", virtuoso.query).stdout == "false\n"
    by_get = cli("query", text, "--endpoint", virtuoso.query, "--method", "get")
    assert by_get.exit_code == 2
    assert "rejected the query: HTTP 400" in by_get.stderr


@pytest.mark.parametrize("method", ["auto", "post-form", "post-direct"])
def test_updates_by_form_or_direct_post(triple_store: StoreServer, method: str) -> None:
    insert = f"INSERT DATA {{ GRAPH <http://example.org/{method}> {{ mbx:a mbx:b mbx:c }} }}"
    result = cli("query", insert, "--endpoint", triple_store.update, "--update", "--method", method)
    assert (result.exit_code, result.stderr) == (0, "update applied\n")
    ask = f"ASK {{ GRAPH <http://example.org/{method}> {{ mbx:a mbx:b mbx:c }} }}"
    assert cli("query", ask, "--endpoint", triple_store.query).stdout == "true\n"


def test_an_update_is_never_sent_by_get() -> None:
    result = cli(
        "query", "CLEAR ALL", "--update", "--endpoint", "http://127.0.0.1:1/u", "--method", "get"
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: a SPARQL Update cannot be sent by GET; use --method post-form or post-direct\n",
    )


# --- authentication -------------------------------------------------------------------------


def test_digest_login_to_virtuoso(virtuoso: StoreServer, tmp_path: Path) -> None:
    """/sparql-graph-crud-auth wants HTTP Digest: mbx asks the server first (--auth auto)."""
    assert virtuoso.store_auth and virtuoso.user and virtuoso.password
    env = {"MBX_STORE_USER": virtuoso.user, "MBX_STORE_PASSWORD": virtuoso.password}
    loaded = cli("load", "--store-url", virtuoso.store_auth, "--on-rewrite", "ignore", env=env)
    assert (loaded.exit_code, loaded.stderr) == (0, f"loaded {BUNDLED} triples into <{ALL}>\n")
    basic = cli("load", "--store-url", virtuoso.store_auth, "--auth", "basic", env=env)
    assert basic.exit_code == 3
    assert basic.stderr.endswith(
        "HTTP 401 Unauthorized; check the user name and password "
        "(--auth basic|digest chooses the scheme)\n"
    )
    anonymous = cli("load", "--store-url", virtuoso.store_auth)
    assert anonymous.exit_code == 3
    assert anonymous.stderr.endswith(
        "HTTP 401 Unauthorized; give credentials: MBX_STORE_USER and MBX_STORE_PASSWORD, "
        "or a netrc file\n"
    )
    wrong = cli(
        "load", "--store-url", virtuoso.store_auth,
        env={**env, "MBX_STORE_PASSWORD": virtuoso.password + "-wrong"},
    )
    assert wrong.exit_code == 3
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {virtuoso.user} password {virtuoso.password}\n")
    by_netrc = cli(
        "load", "--store-url", virtuoso.store_auth, "--verify", "count", env={"NETRC": str(netrc)}
    )
    assert (by_netrc.exit_code, by_netrc.stderr) == (0, f"loaded {BUNDLED} triples into <{ALL}>\n")
    in_url = virtuoso.store_auth.replace("http://", f"http://{virtuoso.user}:{virtuoso.password}@")
    by_url = cli("load", "--store-url", in_url, "--verify", "count")
    assert by_url.exit_code == 0, by_url.stderr
    query = cli(
        "query", "ASK { mbx:bdnf ?p ?o }", "--endpoint", virtuoso.base + "/sparql-auth",
        env={"MBX_ENDPOINT_USER": virtuoso.user, "MBX_ENDPOINT_PASSWORD": virtuoso.password},
    )
    assert (query.exit_code, query.stdout) == (0, "true\n")
    for result in (loaded, basic, anonymous, wrong, by_netrc, by_url, query):
        assert virtuoso.password not in result.stdout + result.stderr


def test_basic_login_in_front_of_oxigraph(oxigraph: StoreServer) -> None:
    user, password = "alice", "pa55-basic-front"
    env = {"MBX_STORE_USER": user, "MBX_STORE_PASSWORD": password}
    with front_server(oxigraph.base, basic=(user, password)) as front:
        loaded = cli("load", "--store-url", front.base + "/store", "--verify", "count", env=env)
        anonymous = cli("load", "--store-url", front.base + "/store")
    assert (loaded.exit_code, loaded.stderr) == (0, f"loaded {BUNDLED} triples into <{ALL}>\n")
    assert anonymous.exit_code == 3
    assert "HTTP 401 Unauthorized; give credentials: MBX_STORE_USER" in anonymous.stderr
    # one HEAD without credentials asks which scheme; then Basic on every request
    assert [(m, a) for m, _, a in front.seen][:3] == [("HEAD", ""), ("PUT", "Basic"), ("GET", "Basic")]


# --- redirects ---------------------------------------------------------------------------------


def test_redirects_to_the_same_host_only(oxigraph: StoreServer) -> None:
    port = oxigraph.base.rsplit(":", 1)[1]
    with front_server(oxigraph.base, redirect=(307, oxigraph.base)) as same:
        followed = cli("query", "ASK {}", "--endpoint", same.base + "/query")
    assert (followed.exit_code, followed.stdout) == (0, "true\n")
    other_host = f"http://localhost:{port}"
    with front_server(oxigraph.base, redirect=(307, other_host)) as other:
        refused = cli("query", "ASK {}", "--endpoint", other.base + "/query")
        allowed = cli("query", "ASK {}", "--endpoint", other.base + "/query", "--allow-redirects")
    assert (refused.exit_code, refused.stderr) == (
        3,
        f"Error: {other.base}/query: the server redirects to another host "
        f"({other_host}/query); not followed; give that URL, or --allow-redirects\n",
    )
    assert (allowed.exit_code, allowed.stdout) == (0, "true\n")
    with front_server(oxigraph.base, redirect=(301, oxigraph.base)) as moved:
        posted = cli("query", long_ask(3000), "--endpoint", moved.base + "/query")
    assert (posted.exit_code, posted.stderr) == (
        3,
        f"Error: {moved.base}/query: the server moved this URL (HTTP 301) to "
        f"{oxigraph.base}/query; give that URL\n",
    )


# --- what the stores give back ----------------------------------------------------------------

#: rewrites of tests/data/literal-forms.nt, by predicate (http://ex/NAME), per store
REWRITES = {
    "oxigraph": {
        **dict.fromkeys(
            ["bool1", "dbl1", "dbl2", "dec1", "dec2", "dec3", "dec5", "int1", "int2"],
            "canonical form",
        ),
        **dict.fromkeys(["int4", "int5", "int6", "int7"], "datatype changed"),
    },
    "virtuoso": {
        **dict.fromkeys(
            ["bool1", "dbl1", "dbl2", "dec1", "dec2", "dec3", "dec5", "int1", "int2", "dt3"],
            "canonical form",
        ),
        "int3": "datatype changed",  # a 30-digit xsd:integer comes back as xsd:decimal
        "dt4": "value changed",  # nanoseconds cut to microseconds
        "dur": "value changed",  # "P1Y2M"^^xsd:duration comes back as "14"
        "ill1": "value changed",  # "abc"^^xsd:integer comes back as "0"
    },
}


def test_verify_exact_names_every_rewritten_literal(triple_store: StoreServer) -> None:
    from mbx.parse import parse_quads
    from mbx.remote.gsp import load_into_store
    from mbx.remote.verify import group_rewrites

    source = DATA / "literal-forms.nt"
    (report,) = load_into_store(triple_store.store, parse_quads(str(source)))
    assert report.comparison is not None and not report.comparison.lost
    rewrites = report.comparison.rewrites
    found = {r.predicate.value.removeprefix("http://ex/"): r.kind for r in rewrites}
    assert found == REWRITES[triple_store.name]
    args = ("load", "--store-url", triple_store.store, "--no-bundled", "-i", str(source))
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines == [f"loaded 62 triples into <{ALL}>"] + [
        f"Warning: <{ALL}>: {group.describe()}" for group in group_rewrites(rewrites)
    ]
    if triple_store.name == "virtuoso":
        assert (
            f'Warning: <{ALL}>: <http://ex/s> <http://ex/dur> "P1Y2M"^^xsd:duration '
            'came back as "14"^^xsd:duration (value changed)'
        ) in lines
    if triple_store.name == "oxigraph":
        assert (
            f'Warning: <{ALL}>: 4 literals xsd:decimal -> xsd:decimal (canonical form), '
            f'e.g. <http://ex/s> <http://ex/dec1> "5.0"^^xsd:decimal came back as "5"^^xsd:decimal'
        ) in lines
    strict = cli(*args, "--on-rewrite", "error")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[-1] == (
        f"Error: <{ALL}>: the store rewrote {len(found)} literals; see above; "
        "--on-rewrite warn accepts it"
    )


def test_virtuoso_cuts_gsp_answers_at_10000_triples(virtuoso: StoreServer, tmp_path: Path) -> None:
    """Its GSP GET stops at ResultSetMaxRows (10,000): the check says so and, given
    --endpoint, reads the graph in pages; a query reaching the limit is flagged."""
    data = tmp_path / "big.nt"
    data.write_text(
        "".join(f'<http://ex/s{i}> <http://ex/p> "v{i}" .\n' for i in range(12_000)),
        encoding="utf-8",
    )
    args = ("load", "--store-url", virtuoso.store, "--no-bundled", "-i", str(data))
    short = cli(*args)
    assert short.exit_code == 1
    assert re.match(rf"Error: <{ALL}> differs from what was sent: \d+ missing \(e\.g\. ", short.stderr)
    assert short.stderr.endswith(
        "; if the store cuts GSP answers short (Virtuoso: ResultSetMaxRows), give --endpoint\n"
    )
    paged = cli(*args, "--endpoint", virtuoso.query)
    assert (paged.exit_code, paged.stderr) == (0, f"loaded 12000 triples into <{ALL}>\n")
    cut = cli("query", f"SELECT ?s WHERE {{ GRAPH <{ALL}> {{ ?s ?p ?o }} }}", "-f", "csv",
              "--endpoint", virtuoso.query)
    assert cut.exit_code == 0
    assert len(cut.stdout.splitlines()) == 10_001
    assert cut.stderr == (
        "Warning: the endpoint returns at most 10000 results and this answer has that many: "
        "it may be cut (Virtuoso: ResultSetMaxRows); page with LIMIT/OFFSET\n"
    )


def test_verify_exact_accepts_blank_nodes_whose_literals_came_back_canonical(
    triple_store: StoreServer, tmp_path: Path
) -> None:
    """Quantities on blank nodes with "1.0"-style decimals: the store's canonical form
    renumbers every blank node's canonical label, yet nothing was lost. The load
    succeeds with a warning (an error with --on-rewrite error), and a value that
    really changed on a blank node is still a difference."""
    data = tmp_path / "quantities.nt"
    data.write_text(
        "".join(
            f'<http://ex/c{i}> <http://ex/q> _:q{i} .\n_:q{i} <http://ex/v> "{i}.0"^^'
            "<http://www.w3.org/2001/XMLSchema#decimal> .\n"
            for i in range(30)
        ),
        encoding="utf-8",
    )
    args = ("load", "--store-url", triple_store.store, "--no-bundled", "-i", str(data))
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"loaded 60 triples into <{ALL}>",
        f"Warning: <{ALL}>: 30 triples with blank nodes came back with literals in another "
        "form of the same value",
    ]
    strict = cli(*args, "--on-rewrite", "error")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[-1] == (
        f"Error: <{ALL}>: the store rewrote 30 literals; see above; --on-rewrite warn accepts it"
    )
    from mbx.remote.verify import compare_lines

    sent = sorted(data.read_bytes().splitlines())
    changed = [line.replace(b'"7.0"', b'"8"') for line in sent]
    comparison = compare_lines(sent, sorted(changed))
    assert comparison.lost and comparison.blank_rewritten == 0
    assert comparison.describe_loss().endswith(" triples with blank nodes differ")
