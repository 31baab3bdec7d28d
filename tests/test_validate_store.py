"""`mbx validate -i` parses the files straight into the engine's store (mbx.shacl.sources):
the same report as validating the parsed list, in the CLI's child process too; and the
pySHACL fallback still sees the data as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench_generator import load_generator
from click.testing import CliRunner
from terminal import run_on_terminal

from mbx.cli import main
from mbx.dataset import load_quads, ontology_quads
from mbx.shacl.runner import validate_graph, validate_sources
from mbx.shacl.shapes import load_shapes


@pytest.fixture(scope="module")
def claims(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 MBX-shaped claims with 1 seeded violation of every kind (blank nodes, decimals)."""
    generate = load_generator()
    folder = tmp_path_factory.mktemp("claims")
    generate.generate(120, folder, seed=15, violations=generate.parse_violations("1"))
    (path,) = folder.glob("*.nt")
    return path


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_the_store_gives_the_report_of_the_parsed_list(claims: Path) -> None:
    prefixes: dict[str, str] = {}
    data = load_quads([str(claims)], bundled=False, prefixes=prefixes)
    reference = validate_graph(
        data, load_shapes(kg=True), ontology=ontology_quads(), prefixes=prefixes, timeout=None
    )
    listed = reference.render("json")
    results = json.loads(listed)["results"]
    assert len(results) > 12  # the seeded violations, and the claims' missing curation metadata
    assert any(r["focus"].startswith("[blank node") for r in results)  # quantity nodes

    stored = validate_sources([str(claims)], kg_shapes=True, timeout=None)
    assert stored.render("json") == listed
    assert stored.render("turtle") == reference.render("turtle")


def test_the_cli_in_its_child_process(claims: Path) -> None:
    code, out, err = _cli("-i", str(claims), "-f", "json")
    expected = validate_sources([str(claims)], timeout=None)
    assert code == 1
    assert out == expected.render("json")
    assert err == expected.summary() + "\n"


RULE_SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix mbx: <https://w3id.org/mbx/> .
ex:QuantityShape a sh:NodeShape ;
    sh:targetClass mbx:QuantityValue ;
    sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:seen ; sh:object true ] ;
    sh:property [ sh:path mbx:numericValue ; sh:minCount 1 ; sh:maxInclusive 5 ] .
"""


def test_shapes_the_engine_leaves_to_pyshacl_see_the_data_as_written(
    claims: Path, tmp_path: Path
) -> None:
    """sh:rule sends the whole validation to pySHACL: the files are parsed again for it."""
    shapes = tmp_path / "rules.ttl"
    shapes.write_text(RULE_SHAPES, encoding="utf-8")
    args = ("-i", str(claims), "--shapes", str(shapes), "--shapes-only", "-f", "json")
    fast = _cli(*args)
    reference = _cli(*args, "--engine", "pyshacl")
    assert fast == reference
    results = json.loads(fast[1])["results"]
    assert fast[0] == 1 and results
    assert {r["focus"].startswith("[blank node") for r in results} == {True}


def test_a_terminal_gets_a_reading_then_validating_bar(claims: Path) -> None:
    """On a terminal (a pty here) a bar shows; piped, stderr is the summary alone (above)."""
    import sys

    mbx = str(Path(sys.executable).parent / "mbx")
    code, text = run_on_terminal([mbx, "validate", "-i", str(claims), "-f", "json"])
    assert code == 1
    assert "reading" in text and "validating" in text
    summary = validate_sources([str(claims)], timeout=None).summary()
    assert text.replace("\r", "").rstrip().endswith(summary)
