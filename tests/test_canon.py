"""Bounded RDFC-1.0 (mbx/export/canon.py): the W3C test suite, pyoxigraph as a second
implementation, the work limit and its deterministic fallback."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from mbx.cli import main
from mbx.export.canon import DEPTH_LIMIT, canonical_labels
from mbx.formats import FORMATS

CASES = json.loads((Path(__file__).parent / "data" / "rdf-canon" / "cases.json").read_text())
EX = "https://example.org/"


def _canonical(nquads: bytes, shuffle: random.Random | None = None) -> tuple[list[bytes], int]:
    """Sorted canonical lines of an N-Quads document, and how many nodes the fallback labelled."""
    quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS, rename_blank_nodes=True))
    if shuffle is not None:
        shuffle.shuffle(quads)
    lines = (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").splitlines()
    blank = [line for line in lines if b"_:" in line]
    relabelled, fallback = canonical_labels(blank)
    return sorted({*(line for line in lines if b"_:" not in line), *relabelled}), fallback


def _pyoxigraph(nquads: bytes) -> list[bytes]:
    dataset = ox.Dataset(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted((ox.serialize(dataset, format=ox.RdfFormat.N_QUADS) or b"").splitlines())


@pytest.mark.parametrize("test_id", sorted(CASES))
def test_w3c_rdf_canon_suite(test_id: str) -> None:
    """Every evaluation test gives exactly the expected canonical N-Quads; the poison graph
    (a negative test: implementations must stop) is labelled by the fallback instead."""
    case = CASES[test_id]
    lines, fallback = _canonical(case["input"].encode())
    if case["negative"]:
        assert fallback > 0, case["name"]
        return
    assert fallback == 0, case["name"]
    assert lines == sorted(set(case["expected"].encode().splitlines())), case["name"]


def _random_graph(rng: random.Random, blank_graphs: bool) -> bytes:
    """A small graph with few predicates and values, so that many blank nodes look alike."""
    nodes = [f"_:n{i}" for i in range(rng.randint(1, 9))] + [f"<{EX}a>", f"<{EX}b>"]
    values = [*nodes, '"1"', '"x"']
    lines = []
    for _ in range(rng.randint(1, 14)):
        subject = rng.choice(nodes)
        obj = rng.choice(values)
        graph = rng.choice(["", "", f" <{EX}g>", " _:n0" if blank_graphs else ""])
        lines.append(f"{subject} <{EX}p{rng.randint(0, 1)}> {obj}{graph} .\n")
    return "".join(lines).encode()


@pytest.mark.parametrize("seed", range(60))
def test_same_labels_as_pyoxigraph_and_independent_of_input_order(seed: int) -> None:
    """On random graphs full of look-alike blank nodes: pyoxigraph's RDFC-1.0 labels, and
    the same lines whatever order the quads come in (blank-node graph names too, where
    pyoxigraph's labels vary: tests/data/export/hostile/canon-nondet.nq)."""
    rng = random.Random(seed)
    data = _random_graph(rng, blank_graphs=seed % 3 == 0)
    lines, fallback = _canonical(data)
    assert fallback == 0
    if b"_:n0 ." not in data:
        assert lines == _pyoxigraph(data)
    for _ in range(3):
        assert _canonical(data, rng) == (lines, 0)


def test_a_long_list_of_equal_values_falls_back_at_once(tmp_path: Path) -> None:
    """A 400-item list of equal values (28 s in pyoxigraph's RDFC-1.0) stops at the depth
    limit: the fallback labels it, deterministically, and every format still carries it."""
    data = tmp_path / "zeros.ttl"
    data.write_text(f"<{EX}a> <{EX}p> (" + " 0" * 400 + " ) .\n")
    lines, fallback = _canonical(ox.serialize(ox.parse(path=str(data)), format=ox.RdfFormat.N_QUADS))
    assert fallback > 0 and len(lines) == 801
    assert DEPTH_LIMIT < 400
    outputs = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "mbx", "export", "--no-bundled", "-i", str(data), "-f", "nt"],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.append(done.stdout)
        assert done.stderr.decode().startswith("note: 398 blank nodes were labelled in input order")
    assert outputs[0] == outputs[1]
    source = list(ox.parse(path=str(data)))
    for name in ("turtle", "trig", "jsonld", "nquads"):
        result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(data), "-f", name])
        assert result.exit_code == 0, result.stderr
        back = list(ox.parse(result.stdout_bytes, format=FORMATS[name].oxigraph))
        assert len(back) == len(source) == 801
    turtle = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(data), "-f", "ttl"])
    assert f"    <{EX}p> (\n" in turtle.stdout  # still written as a list
    assert turtle.stdout.splitlines().count("        0") == 400


def test_a_clique_of_look_alike_nodes_falls_back() -> None:
    """Eight blank nodes all linked to each other: 7! orderings per node, past the limit."""
    data = "".join(
        f"_:n{i} <{EX}p> _:n{j} .\n" for i in range(8) for j in range(8) if i != j
    ).encode()
    lines, fallback = _canonical(data)
    assert fallback == 8 and len(lines) == 56
    assert _canonical(data) == (lines, fallback)


def test_blank_nodes_in_triple_terms_are_relabelled_consistently(tmp_path: Path) -> None:
    data = tmp_path / "star.ttl"
    data.write_text(
        f"<{EX}a> <{EX}says> <<( _:b <{EX}p> _:c )>> .\n_:b <{EX}q> _:c .\n"
        f"<{EX}z> <{EX}says> <<( <{EX}b> <{EX}p> <<( _:b <{EX}p> \"x y\" )>> )>> .\n"
    )
    expected = _pyoxigraph(ox.serialize(ox.parse(path=str(data)), format=ox.RdfFormat.N_QUADS))
    for name in ("turtle", "trig", "ntriples", "nquads"):
        result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(data), "-f", name])
        assert result.exit_code == 0, result.stderr
        back = ox.serialize(
            ox.parse(result.stdout_bytes, format=FORMATS[name].oxigraph), format=ox.RdfFormat.N_QUADS
        )
        assert _pyoxigraph(back) == expected, name
