"""Competency questions: every query in examples/queries answers exactly what the sources say.

The expected answers live in ``tests/data/competency/<name>.tsv`` (header = the
query's variables, one row per result, empty cell = unbound; an ASK query's
file holds ``true`` or ``false``). They were checked by hand against the three
source texts, so a change in the claims that alters an answer fails here.
rdflib must give the same rows as pyoxigraph for every query: tests/test_query.py
(test_shipped_query_same_on_pyoxigraph_and_rdflib) checks it once.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "examples" / "queries"
EXPECTED = ROOT / "tests" / "data" / "competency"
QUERY_FILES = sorted(QUERIES.glob("*.rq"))
#: generic queries of other commands whose answers change with every edit (counts of triples, types)
HOUSEKEEPING = {"mbx-counts", "mbx-types"}
ANSWERED = [p for p in QUERY_FILES if p.stem not in HOUSEKEEPING]

Rows = list[tuple[str, ...]]
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + name for name in ("decimal", "integer", "double", "float")}


def _number(lexical: str, datatype: str) -> str:
    """Numbers compared by value: rdflib writes ``5.0`` where pyoxigraph keeps ``5``."""
    if datatype in NUMERIC and "." in lexical and "e" not in lexical.lower():
        return lexical.rstrip("0").rstrip(".")
    return lexical


@lru_cache(maxsize=1)
def _store() -> Any:
    import pyoxigraph

    from mbx.dataset import load_quads

    store = pyoxigraph.Store()
    store.extend(load_quads())
    return store


@lru_cache(maxsize=1)
def _graph() -> Any:
    from mbx.dataset import load_graph

    return load_graph()


def _compact_ox(term: Any) -> str:
    import pyoxigraph

    from mbx.namespaces import compress

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return compress(term.value)
    return _number(str(term.value), term.datatype.value)


def _compact_rdflib(term: Any) -> str:
    from rdflib import URIRef

    from mbx.namespaces import compress

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compress(str(term))
    return _number(str(term), str(term.datatype or ""))


def run_pyoxigraph(path: Path) -> bool | Rows:
    import pyoxigraph

    result = _store().query(path.read_text(encoding="utf-8"), use_default_graph_as_union=True)
    if isinstance(result, pyoxigraph.QueryBoolean):
        return bool(result)
    return [tuple(_compact_ox(value) for value in row) for row in result]


def run_rdflib(path: Path) -> bool | Rows:
    result = _graph().query(path.read_text(encoding="utf-8"))
    if result.type == "ASK":
        return bool(result.askAnswer)
    return [tuple(_compact_rdflib(value) for value in row) for row in result]


def expected(name: str) -> bool | Rows:
    lines = [
        line
        for line in (EXPECTED / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    if lines in (["true"], ["false"]):
        return lines == ["true"]
    return [tuple(line.split("\t")) for line in lines[1:]]


def test_there_are_at_least_15_competency_questions() -> None:
    assert len(ANSWERED) >= 15


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_starts_with_question(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# Question: ") and first.endswith("?"), first


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_has_expected_answer_or_is_housekeeping(path: Path) -> None:
    assert path.stem in HOUSEKEEPING or (EXPECTED / f"{path.stem}.tsv").exists()


@pytest.mark.parametrize("path", ANSWERED, ids=lambda p: p.stem)
def test_answer_is_exact(path: Path) -> None:
    assert run_pyoxigraph(path) == expected(path.stem)


@pytest.mark.parametrize("path", ANSWERED, ids=lambda p: p.stem)
def test_select_results_are_ordered(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "ASK" in text or "ORDER BY" in text


def test_model_md_shows_the_asserted_edges_query(tmp_path: Path) -> None:
    """The query docs/MODEL.md gives for keeping only asserted edges is the shipped one."""
    import re

    text = (ROOT / "docs" / "MODEL.md").read_text(encoding="utf-8")
    shown = re.search(r"```sparql\n(.*?)```", text, re.S)
    assert shown, "docs/MODEL.md has no ```sparql block"
    path = tmp_path / "shown-query.rq"
    path.write_text(shown.group(1), encoding="utf-8")
    assert run_pyoxigraph(path) == expected("asserted-edges")
    assert run_rdflib(path) == expected("asserted-edges")
