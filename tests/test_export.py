"""`mbx export`: formats, round trips, determinism, golden files, errors, atomic writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from mbx.cli import main
from mbx.dataset import load_quads
from mbx.export import serialize_quads
from mbx.formats import FORMATS, choose_format, resolve_format
from mbx.terms import add_to_dataset, from_rdflib_term

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "export" / "sample.ttl"
GOLDEN = DATA / "golden"


@pytest.fixture(scope="module")
def bundled() -> list[ox.Quad]:
    return load_quads()


def _rdflib_read(data: bytes, fmt_name: str) -> Dataset:
    fmt = FORMATS[fmt_name]
    rdflib_name = {
        "turtle": "turtle",
        "jsonld": "json-ld",
        "ntriples": "nt",
        "nquads": "nquads",
        "trig": "trig",
        "rdfxml": "xml",
    }[fmt.name]
    dataset = Dataset()
    dataset.parse(data=data, format=rdflib_name)
    return dataset


def _oxigraph_read(data: bytes, fmt_name: str) -> Dataset:
    fmt = FORMATS[fmt_name]
    dataset = Dataset()
    add_to_dataset(dataset, ox.parse(data, format=fmt.oxigraph))
    return dataset


def _union(dataset: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


@pytest.fixture(scope="module")
def exported(bundled: list[ox.Quad]) -> dict[str, bytes]:
    """The bundled graph in every format, written once for both readers."""
    return {name: serialize_quads(bundled, FORMATS[name]) for name in sorted(FORMATS)}


def _canonical(quads: list[ox.Quad], *, union: bool) -> ox.Dataset:
    """``quads`` canonicalised by pyoxigraph (RDFC-1.0, not mbx's code); ``union`` drops graphs."""
    if union:
        quads = [ox.Quad(*q.triple) for q in quads]
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def _quads_of(dataset: Dataset) -> list[ox.Quad]:
    """rdflib's reading as pyoxigraph quads (its default graph as the default graph)."""
    quads = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        graph = (
            ox.DefaultGraph()
            if name is None or str(name).startswith("urn:x-rdflib:default")
            else from_rdflib_term(name)
        )
        terms = (from_rdflib_term(s), from_rdflib_term(p), from_rdflib_term(o))
        quads.append(ox.Quad(*terms, graph))  # type: ignore[arg-type]
    return quads


@pytest.mark.parametrize("fmt_name", sorted(FORMATS))
@pytest.mark.parametrize("reader", ["rdflib", "pyoxigraph"])
def test_every_format_round_trips(
    bundled: list[ox.Quad], exported: dict[str, bytes], fmt_name: str, reader: str
) -> None:
    """Read back by rdflib and by pyoxigraph, each format gives the bundled graph (its
    named graphs too where the format keeps them), compared after pyoxigraph's RDFC-1.0."""
    fmt = FORMATS[fmt_name]
    data = exported[fmt_name]
    if reader == "rdflib":
        parsed = _quads_of(_rdflib_read(data, fmt_name))
    else:
        parsed = list(ox.parse(data, format=fmt.oxigraph))
    union = not fmt.quads
    assert _canonical(parsed, union=union) == _canonical(bundled, union=union), fmt_name


def test_quad_formats_keep_one_graph_per_source(bundled: list[ox.Quad]) -> None:
    graphs = {q.graph_name.value for q in bundled if isinstance(q.graph_name, ox.NamedNode)}
    assert "https://w3id.org/mbx/graph/ontology" in graphs
    data = serialize_quads(bundled, FORMATS["nquads"]).decode()
    for graph in graphs:
        assert f"<{graph}> .\n" in data


def test_turtle_is_byte_identical_across_processes(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = tmp_path / f"run{seed}.ttl"
        subprocess.run([sys.executable, "-m", "mbx", "export", "-o", str(out)], check=True, env=env)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"ns1:" not in outputs[0]
    assert b"@prefix mbx: <https://w3id.org/mbx/> .\n" in outputs[0]


def test_jsonld_is_compacted_with_the_shipped_context(bundled: list[ox.Quad]) -> None:
    import json

    doc = json.loads(serialize_quads(bundled, FORMATS["jsonld"]))
    assert doc["@context"] == json.loads((ROOT / "mbx" / "context.jsonld").read_text())["@context"]
    graphs = {node["@id"]: node["@graph"] for node in doc["@graph"]}
    assert sorted(graphs) == ["graph:000", "graph:001", "graph:002", "graph:kg", "graph:ontology"]
    claim = next(node for node in graphs["graph:000"] if node["@id"] == "claim:000-11")
    assert "mbx:Claim" in claim["@type"]
    assert (claim["subject"], claim["predicate"], claim["object"]) == (
        "mbx:vitamin_d",
        "mbx:potentiates",
        "mbx:bdnf",
    )
    assert (claim["hedgingLevel"], claim["supportType"]) == ("mbx:asserted", "mbx:cited_literature")
    assert claim["statedIn"] == "src:000"
    assert claim["quoteSelector"] == "claim:000-11-selector"
    assert claim["quote"].startswith("Recent work indicates vitamin D sufficiency")


def test_users_can_write_jsonld_with_the_shipped_context(tmp_path: Path) -> None:
    """Terms and OBO CURIEs of the context expand to the IRIs MBX uses (JSON-LD 1.1)."""
    import json

    context = json.loads((ROOT / "mbx" / "context.jsonld").read_text())["@context"]
    doc = {
        "@context": context,
        "@id": "https://example.org/lab/claim-1",
        "@type": "mbx:Claim",
        "subject": "mbx:vitamin_d",
        "hedgingLevel": "mbx:hedged",
        "label": "my claim",
        "skos:exactMatch": {"@id": "CHEBI:27300"},
    }
    path = tmp_path / "mine.jsonld"
    path.write_text(json.dumps(doc))
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(path), "-f", "nt"])
    assert result.exit_code == 0, result.stderr
    claim = "<https://example.org/lab/claim-1>"
    assert result.stdout.splitlines() == sorted(
        [
            f"{claim} <https://w3id.org/mbx/subject> <https://w3id.org/mbx/vitamin_d> .",
            f"{claim} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/mbx/Claim> .",
            f'{claim} <http://www.w3.org/2000/01/rdf-schema#label> "my claim" .',
            f"{claim} <http://www.w3.org/2004/02/skos/core#exactMatch> <http://purl.obolibrary.org/obo/CHEBI_27300> .",
            f"{claim} <https://w3id.org/mbx/hedgingLevel> <https://w3id.org/mbx/hedged> .",
        ]
    )


def test_shipped_context_has_mbx_prefixes_and_terms() -> None:
    """One prefix map: the context declares exactly MBX's prefixes used in data (and doi)."""
    import json

    from mbx.namespaces import PREFIXES, expand

    context = json.loads((ROOT / "mbx" / "context.jsonld").read_text())["@context"]
    assert context.pop("@version") == 1.1  # for "@prefix": true
    prefixes = {
        k: v if isinstance(v, str) else v["@id"]
        for k, v in context.items()
        if (v if isinstance(v, str) else v["@id"]).endswith(("/", "#", "_"))
    }
    expected = {k: v for k, v in PREFIXES.items() if k != "mbxsh"} | {"doi": "https://doi.org/"}
    assert prefixes == expected
    # OBO namespaces end in "_", which JSON-LD 1.1 only treats as a prefix when told to
    for name, namespace in prefixes.items():
        if namespace.endswith("_"):
            assert context[name] == {"@id": namespace, "@prefix": True}, name
    terms = {k: v for k, v in context.items() if k not in prefixes}
    assert {"label", "subject", "predicate", "object", "quote", "hedgingLevel", "supportType",
            "statedIn", "cites"} <= set(terms)
    for term, definition in terms.items():
        iri = definition["@id"] if isinstance(definition, dict) else definition
        assert expand(iri).startswith(("https://w3id.org/mbx/", "http://")), term


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("ttl", "turtle"),
        ("turtle", "turtle"),
        ("jsonld", "jsonld"),
        ("json-ld", "jsonld"),
        ("nt", "ntriples"),
        ("ntriples", "ntriples"),
        ("nq", "nquads"),
        ("nquads", "nquads"),
        ("trig", "trig"),
        ("xml", "rdfxml"),
        ("rdfxml", "rdfxml"),
        ("owl", "rdfxml"),
        ("TTL", "turtle"),
    ],
)
def test_format_aliases(alias: str, canonical: str) -> None:
    assert resolve_format(alias).name == canonical


@pytest.mark.parametrize(
    ("filename", "canonical"),
    [
        ("a.ttl", "turtle"),
        ("a.jsonld", "jsonld"),
        ("a.nt", "ntriples"),
        ("a.nq", "nquads"),
        ("a.trig", "trig"),
        ("a.owl", "rdfxml"),
        ("a.rdf", "rdfxml"),
    ],
)
def test_format_guessed_from_output_extension(filename: str, canonical: str) -> None:
    assert choose_format(None, filename).name == canonical


# --- golden files: a third-party graph exported alone, in every format ---------------


@pytest.mark.parametrize("fmt_name", sorted(FORMATS))
def test_golden_export(fmt_name: str, request: pytest.FixtureRequest) -> None:
    fmt = FORMATS[fmt_name]
    golden = GOLDEN / f"sample{fmt.extension}"
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(SAMPLE), "-f", fmt_name])
    assert result.exit_code == 0, result.output
    produced = result.stdout_bytes
    if request.config.getoption("--update-golden", default=False):
        golden.write_bytes(produced)
    expected = golden.read_bytes()
    assert isomorphic(
        _union(_oxigraph_read(produced, fmt_name)), _union(_oxigraph_read(expected, fmt_name))
    ), "the exported graph differs from the golden file; `pytest --update-golden` if intended"
    # every format is deterministic: the same graph always gives the same bytes
    assert produced == expected, "same graph, other bytes; `pytest --update-golden` if intended"


# --- the CLI ------------------------------------------------------------------------


def test_export_adds_user_files_and_stdin(tmp_path: Path) -> None:
    out = tmp_path / "out.nt"
    result = CliRunner().invoke(
        main,
        ["export", "-i", "-", "-o", str(out)],
        input="<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n",
    )
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "<https://example.org/a> <https://example.org/b> <https://example.org/c> ." in text
    assert "<https://w3id.org/mbx/mbx.owl>" in text


def test_export_no_bundled_exports_only_inputs(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(SAMPLE), "-f", "nt"])
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-f", "yaml"],
            "Error: Invalid value for '-f' / '--format': unknown RDF format 'yaml'; use one of "
            "jsonld, nquads, ntriples, rdfxml, trig, turtle; see `mbx export --help`\n",
        ),
        (
            ["--input-format", "n3", "-i", "-"],
            "Error: Invalid value for '--input-format': unknown RDF format 'n3'; use one of "
            "jsonld, nquads, ntriples, rdfxml, trig, turtle; see `mbx export --help`\n",
        ),
        (
            ["-o", "out.csv"],
            "Error: cannot guess the RDF format of 'out.csv' from its extension; give -f/--format\n",
        ),
        (["-i", "missing.ttl"], "Error: missing.ttl: no such file\n"),
        (
            ["-i", "notes.txt"],
            "Error: notes.txt: cannot tell the RDF format from the file extension; give --input-format\n",
        ),
    ],
)
def test_export_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("hello")
    result = CliRunner().invoke(main, ["export", *args], prog_name="mbx")
    assert result.exit_code == 2
    assert result.stderr == message


def test_malformed_input_reports_file_line_column() -> None:
    bad = DATA / "export" / "bad.ttl"
    result = CliRunner().invoke(main, ["export", "-i", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {bad}:4:1: turtle syntax error: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_entity_expansion_is_refused() -> None:
    bomb = DATA / "export" / "bomb.rdf"
    result = CliRunner().invoke(main, ["export", "-i", str(bomb)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {bomb}:3:1: XML entity declarations are refused (entity expansion / XXE)\n"
    )


REMOTE_CONTEXT = "Error: {}: jsonld syntax error: a JSON-LD @context that is not inline (a URL or a file) is never loaded; put the context inline in the file\n"


def test_remote_jsonld_context_is_never_fetched() -> None:
    remote = DATA / "export" / "remote-context.jsonld"
    result = CliRunner().invoke(main, ["export", "-i", str(remote)])
    assert result.exit_code == 2
    assert result.stderr == REMOTE_CONTEXT.format(remote)


@pytest.mark.parametrize(
    "context",
    ['"{url}"', '["{url}"]', '{{"@import": "{url}"}}', '{{"@vocab": "https://e.org/", "x": {{"@context": "{url}"}}}}'],
    ids=["string", "array", "import", "scoped"],
)
def test_no_request_reaches_the_context_server(tmp_path: Path, context: str) -> None:
    """A real HTTP server on 127.0.0.1 serves the context; mbx must never ask for it."""
    from fake_server import canned_server

    served = b'{"@context": {"@vocab": "https://example.org/"}}'
    with canned_server(200, "application/ld+json", served) as server:
        url = f"{server.base}/context.jsonld"
        data = tmp_path / "doc.jsonld"
        ctx = context.format(url=url)
        data.write_text(f'{{"@context": {ctx}, "@id": "https://e.org/a", "x": {{"@id": "https://e.org/b"}}}}')
        result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(data), "-f", "nt"])
    assert server.requests == []
    assert result.exit_code == 2, result.stdout
    assert result.stderr == REMOTE_CONTEXT.format(data)


def test_failed_export_leaves_existing_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "mbx.ttl"
    out.write_text("previous content\n")
    result = CliRunner().invoke(
        main, ["export", "-i", str(DATA / "export" / "bad.ttl"), "-o", str(out)]
    )
    assert result.exit_code == 2
    assert out.read_text() == "previous content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mbx.ttl"]


def test_write_failure_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mbx.output

    out = tmp_path / "mbx.nt"
    out.write_text("old\n")

    def broken_replace(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(mbx.output.os, "replace", broken_replace)
    result = CliRunner().invoke(main, ["export", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {out}: cannot write: No space left on device\n"
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mbx.nt"]


def test_sigterm_while_writing_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    import mbx.output

    out = tmp_path / "mbx.nt"
    real_fsync = mbx.output.os.fsync

    def killed_while_writing(fd: int) -> None:
        real_fsync(fd)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(mbx.output.os, "fsync", killed_while_writing)
    with pytest.raises(SystemExit) as stopped:
        mbx.output.write_output(b"data\n", out)
    assert stopped.value.code == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_output_through_a_symlink_replaces_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.nt"
    real.write_text("old\n")
    link = tmp_path / "link.nt"
    link.symlink_to(real.name)
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(SAMPLE), "-o", str(link)])
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and real.read_text().startswith("<https://example.org/mylab/")


def test_output_to_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "out.nt"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(SAMPLE), "-o", str(fifo)])
    reader.join(10)
    assert result.exit_code == 0, result.stderr
    assert received and received[0].count(b"\n") == 10
    assert fifo.is_fifo()


def test_read_only_output_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "ro.ttl"
    out.write_text("keep\n")
    out.chmod(0o444)
    result = CliRunner().invoke(main, ["export", "-o", str(out)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {out}: cannot write: the file is read-only\n",
    )
    assert out.read_text() == "keep\n"


def test_unwritable_output_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.ttl"
    result = CliRunner().invoke(main, ["export", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {target.parent}: folder does not exist\n"


# --- mbx normalize ------------------------------------------------------------------


def test_normalize_check_and_fix(tmp_path: Path) -> None:
    messy = tmp_path / "messy.ttl"
    messy.write_text(
        "PREFIX mbx: <https://w3id.org/mbx/>\nmbx:b mbx:p mbx:c . mbx:a mbx:p mbx:c .\n"
    )
    result = CliRunner().invoke(main, ["normalize", "--check", str(messy)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: not in canonical form: {messy}; run `mbx normalize FILE`\n")
    result = CliRunner().invoke(main, ["normalize", str(messy)])
    assert result.exit_code == 0
    assert messy.read_text() == (
        "@prefix mbx: <https://w3id.org/mbx/> .\n\nmbx:a\n    mbx:p mbx:c ;\n.\n\n"
        "mbx:b\n    mbx:p mbx:c ;\n.\n"
    )
    assert CliRunner().invoke(main, ["normalize", "--check", str(messy)]).exit_code == 0


def test_normalize_keeps_the_files_own_prefixes(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text("@prefix lab: <https://example.org/lab/> .\nlab:x lab:p lab:y .\n")
    result = CliRunner().invoke(main, ["normalize", str(mine)])
    assert (result.exit_code, result.stderr) == (0, f"normalized {mine}\n")
    assert mine.read_text() == (
        "@prefix lab: <https://example.org/lab/> .\n\nlab:x\n    lab:p lab:y ;\n.\n"
    )


@pytest.mark.parametrize("name", ["data.nt", "data.rdf", "data.jsonld", "data.txt"])
def test_normalize_refuses_other_formats(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n")
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["normalize", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: mbx normalize rewrites Turtle (.ttl) files only; convert other formats "
        "with `mbx export --no-bundled -i FILE -o OUT.ttl`\n"
    )
    assert path.read_bytes() == before


BLANK_NODES = (
    "[ <https://example.org/p> 1 ] .\n[ <https://example.org/p> 2 ] .\n"
    "_:a <https://example.org/q> _:b . _:b <https://example.org/q> _:a .\n"
)


@pytest.mark.parametrize("fmt_name", sorted(FORMATS))
def test_blank_nodes_serialize_identically_every_time(tmp_path: Path, fmt_name: str) -> None:
    source = tmp_path / "bnodes.ttl"
    source.write_text(BLANK_NODES)
    runs = {
        CliRunner()
        .invoke(main, ["export", "--no-bundled", "-i", str(source), "-f", fmt_name])
        .stdout
        for _ in range(3)
    }
    assert len(runs) == 1
    assert ('rdf:nodeID="c14n' if fmt_name == "rdfxml" else "_:c14n") in runs.pop()


def test_rdfxml_export_is_silent_and_stable(tmp_path: Path) -> None:
    """RDF/XML of the bundled graph (OWL lists included): no warnings, same bytes twice."""
    outputs = []
    for run in ("1", "2"):
        out = tmp_path / f"mbx{run}.owl"
        done = subprocess.run(
            [sys.executable, "-W", "default", "-m", "mbx", "export", "-o", str(out)],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": run},
            check=False,
        )
        assert (done.returncode, done.stderr) == (0, b"")
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF ')
    assert b'xmlns:mbx="https://w3id.org/mbx/"' in outputs[0]


@pytest.mark.parametrize("fmt_name", ["turtle", "trig"])
def test_no_invented_prefixes(tmp_path: Path, fmt_name: str) -> None:
    source = tmp_path / "plain.nt"
    source.write_text("<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n")
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(source), "-f", fmt_name])
    assert result.exit_code == 0
    assert "ns1" not in result.stdout
    assert "<https://example.org/p>" in result.stdout


TRICKY = DATA / "export" / "tricky.trig"


def _exact(quads: list[ox.Quad], keep_graphs: bool) -> set[str]:
    """The quads as canonical N-Quads lines: exact terms, blank nodes relabelled."""
    if not keep_graphs:
        quads = [ox.Quad(*q.triple) for q in quads]
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in dataset}


@pytest.mark.parametrize("fmt_name", sorted(FORMATS))
def test_every_term_comes_back_exactly(fmt_name: str) -> None:
    """Lexical forms, language tags, blank-node cycles, shared and graph-naming blank nodes."""
    fmt = FORMATS[fmt_name]
    source = ox.parse(path=str(TRICKY), format=ox.RdfFormat.TRIG)
    source = list(source)
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(TRICKY), "-f", fmt_name])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # no rdflib tracebacks for the ill-typed literals
    back = list(ox.parse(result.stdout_bytes, format=fmt.oxigraph))
    assert _exact(back, fmt.quads) == _exact(source, fmt.quads)


@pytest.mark.parametrize("seed", ["1", "2", "3"])
def test_equal_values_keep_their_order(tmp_path: Path, seed: str) -> None:
    """1 and 1e0 compare equal: their order must not depend on Python's hash seed."""
    expected = (GOLDEN / "tricky.ttl").read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "mbx", "export", "--no-bundled", "-i", str(TRICKY), "-f", "ttl"],
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
        check=True,
    )
    assert done.stdout == expected


def test_rdfxml_refuses_predicates_without_an_xml_name(tmp_path: Path) -> None:
    data = tmp_path / "p.nt"
    data.write_text('<https://example.org/s> <https://example.org/123> "a" .\n')
    out = tmp_path / "p.rdf"
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(data), "-o", str(out)])
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: RDF/XML cannot write the predicate <https://example.org/123>: it does not end "
        "in an XML name (a letter or _ followed by letters, digits, '.', '-', '_'); export it "
        "as Turtle, N-Triples, N-Quads, TriG or JSON-LD\n",
    )
    assert not out.exists()


def test_stdin_is_read_once() -> None:
    result = CliRunner().invoke(main, ["export", "-i", "-", "-i", "-"], input="")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: standard input can be read only once: give - as one input only\n",
    )


def test_byte_order_mark_is_skipped(tmp_path: Path) -> None:
    data = tmp_path / "bom.ttl"
    data.write_bytes(b"\xef\xbb\xbf<https://example.org/a> <https://example.org/b> 1 .\n")
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(data), "-f", "nt"])
    assert (result.exit_code, result.stdout) == (
        0,
        '<https://example.org/a> <https://example.org/b> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bogus"], "Error: No such command 'bogus'; see `mbx --help`\n"),
        (["--bogus"], "Error: No such option '--bogus'; see `mbx --help`\n"),
        (
            ["query", "--timeout", "abc", "ASK {}"],
            "Error: Invalid value for '--timeout': 'abc' is not a valid number of seconds; "
            "see `mbx query --help`\n",
        ),
        (["load"], "Error: Missing option '--store-url'; see `mbx load --help`\n"),
        (
            ["validate", "--fail-on", "bogus"],
            "Error: Invalid value for '--fail-on': 'bogus' is not one of 'violation', "
            "'warning', 'info'; see `mbx validate --help`\n",
        ),
    ],
)
def test_click_usage_errors_are_one_line(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args, prog_name="mbx")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_normalize_refuses_relative_iris(tmp_path: Path) -> None:
    path = tmp_path / "rel.ttl"
    path.write_text("<#thing> <https://example.org/p> <other.ttl> .\n")
    result = CliRunner().invoke(main, ["normalize", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {path}: has relative IRIs: normalizing would write them as absolute file: IRIs "
        "of this machine; declare an @base or write absolute IRIs\n",
    )
    assert path.read_text() == "<#thing> <https://example.org/p> <other.ttl> .\n"


def test_the_default_prefix_of_an_input_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "d.ttl"
    path.write_text("@prefix : <https://example.org/> .\n:a :b :c .\n")
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(path)])
    assert result.stdout == "@prefix : <https://example.org/> .\n\n:a\n    :b :c ;\n.\n"


def test_ntriples_export_is_a_fixed_point(tmp_path: Path) -> None:
    """Exporting the N-Triples export again gives the same bytes (blank-node labels too)."""
    first = tmp_path / "mbx.nt"
    assert CliRunner().invoke(main, ["export", "-o", str(first)]).exit_code == 0
    again = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(first), "-f", "nt"])
    assert again.stdout_bytes == first.read_bytes()


def test_a_directory_given_as_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "-i", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {tmp_path}: is a directory, not an RDF file\n",
    )


def test_control_characters_survive_every_format_that_can_carry_them(tmp_path: Path) -> None:
    data = tmp_path / "c.nt"
    data.write_text('<https://example.org/s> <https://example.org/p> "a\\u0001b\\u000Bc" .\n')
    expected = data.read_text()
    for fmt_name in ("turtle", "trig", "jsonld", "ntriples", "nquads"):
        out = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(data), "-f", fmt_name])
        back = list(ox.parse(out.stdout_bytes, format=FORMATS[fmt_name].oxigraph))
        assert [str(q.triple) + " .\n" for q in back] == [expected], fmt_name
    refused = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(data), "-f", "xml"])
    assert (refused.exit_code, refused.stderr) == (
        2,
        "Error: RDF/XML cannot write a literal with control characters XML 1.0 forbids (object of "
        "<https://example.org/s> <https://example.org/p>); export it as Turtle, N-Triples, "
        "N-Quads, TriG or JSON-LD\n",
    )


def test_jsonld_keeps_lists_as_nodes_and_refuses_triple_terms(tmp_path: Path) -> None:
    """Lists stay rdf:first/rdf:rest nodes (a typed list node keeps its rdf:type); JSON-LD
    has no triple terms: refused in one line, and nothing reaches standard output."""
    data = tmp_path / "typed-list.ttl"
    data.write_text(
        "@prefix ex: <https://example.org/> .\n"
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        "ex:a ex:l _:n . _:n a rdf:List ; rdf:first 1 ; rdf:rest rdf:nil .\n"
    )
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(data), "-f", "jsonld"])
    assert result.exit_code == 0, result.stderr
    back = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.JSON_LD))
    assert _exact(back, False) == _exact(list(ox.parse(path=str(data))), False)
    assert b"@list" not in result.stdout_bytes
    star = tmp_path / "star.ttl"
    star.write_text("<https://e.org/a> <https://e.org/says> <<( <https://e.org/b> <https://e.org/p> 1 )>> .\n")
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(star), "-f", "jsonld"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: JSON-LD cannot carry RDF 1.2 triple terms; export it as N-Quads or TriG\n"
    )


def test_normalize_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "f.ttl"
    os.mkfifo(fifo)
    result = CliRunner().invoke(main, ["normalize", str(fifo)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {fifo}: not a regular file: mbx normalize rewrites files in place\n",
    )


HOSTILE = sorted((DATA / "export" / "hostile").iterdir())


@pytest.mark.parametrize("fmt_name", sorted(FORMATS))
@pytest.mark.parametrize("path", HOSTILE, ids=[p.name for p in HOSTILE])
def test_fuzzer_findings_come_back_exactly_or_are_refused(path: Path, fmt_name: str) -> None:
    """Minimal cases a differential fuzzer found: odd lists (cycles, IRI nodes, shared
    tails), blank-node graph names, reserved RDF/XML names, rdf:JSON, pnames that need
    escaping. Each format gives the data back exactly or refuses it in one line."""
    fmt = FORMATS[fmt_name]
    source = list(ox.parse(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:])))
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(path), "-f", fmt_name])
    if result.exit_code == 2:
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
        assert result.stdout == ""
        return
    assert result.exit_code == 0, result.stderr
    back = list(ox.parse(result.stdout_bytes, format=fmt.oxigraph))
    if path.name == "canon-nondet.nq":  # pyoxigraph's RDFC-1.0 labels vary with blank graph names
        assert len(back) == len(source)
        return
    assert _exact(back, fmt.quads) == _exact(source, fmt.quads)


def test_union_gives_one_graph_that_rdflib_graph_reads(tmp_path: Path) -> None:
    """N-Quads, TriG and JSON-LD keep the named graphs, which rdflib.Graph() puts aside
    (0 triples; rdflib.Dataset reads them, as docs/export.md shows); --union gives one
    merged graph (each triple once) that rdflib.Graph() reads in full."""
    source = tmp_path / "two.trig"
    source.write_text(
        "@prefix ex: <http://ex/> .\n"
        "ex:g1 { ex:a ex:p ex:b . ex:a ex:p ex:c }\n"
        "ex:g2 { ex:a ex:p ex:b }\n",
        encoding="utf-8",
    )
    for fmt, name in (("jsonld", "json-ld"), ("trig", "trig"), ("nq", "nquads")):
        kept, merged = tmp_path / f"kept.{fmt}", tmp_path / f"merged.{fmt}"
        for path, extra in ((kept, []), (merged, ["--union"])):
            result = CliRunner().invoke(
                main,
                ["export", "--no-bundled", "-i", str(source), "-f", fmt, "-o", str(path), *extra],
                catch_exceptions=False,
            )
            assert result.exit_code == 0, result.stderr
        assert len(Graph().parse(kept, format=name)) == 0, fmt
        dataset = Dataset()
        dataset.parse(kept, format=name)
        assert sum(1 for _ in dataset.quads()) == 3, fmt
        assert len(Graph().parse(merged, format=name)) == 2, fmt
    bundled = CliRunner().invoke(main, ["export", "--union", "-f", "nq"], catch_exceptions=False)
    quads = list(ox.parse(bundled.stdout_bytes, format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name for q in quads} == {ox.DefaultGraph()}
    assert len(quads) == len(set(quads))


def test_no_doc_shows_a_stray_quoting_artefact() -> None:
    root = Path(__file__).resolve().parents[1]
    for path in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        assert '+"`' not in text and '`"+`' not in text, path.name  # was: `+"`mbx load`"+`
