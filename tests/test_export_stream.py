"""`mbx export --stream`, and the pieces the large-data export is built from (issue 15)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from mbx.cli import main
from mbx.export.lines import LineSink, Source, buffered, collect_lines
from mbx.export.nquads import split_line
from mbx.formats import FORMATS, resolve_format

EX = "https://example.org/"
TURTLE = (
    f"@prefix ex: <{EX}> .\n"
    "ex:a ex:p [ ex:q 1 ] , [ ex:q 2 ] ; ex:l ( 1 [ ex:r 3 ] ) .\n"
    "_:x ex:p _:y . _:y ex:p _:x .\n"
)


def _canonical(quads: list[ox.Quad]) -> set[str]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in dataset}


def _run(*args: str, seed: str = "0") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mbx", "export", *args],
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
        check=False,
    )


@pytest.mark.parametrize("fmt_name", ["nt", "nq"])
def test_stream_gives_the_data_and_the_same_bytes_every_run(tmp_path: Path, fmt_name: str) -> None:
    """Anonymous blank nodes get random labels from the parser: --stream relabels them in
    order of appearance, so two runs give the same bytes, and the data is the input's."""
    data = tmp_path / "in.ttl"
    data.write_text(TURTLE)
    runs = [_run("--no-bundled", "-i", str(data), "-f", fmt_name, "--stream", seed=s) for s in "12"]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    assert b"_:b0 " in runs[0].stdout
    back = list(ox.parse(runs[0].stdout, format=resolve_format(fmt_name).oxigraph))
    assert _canonical(back) == _canonical(list(ox.parse(path=str(data))))


def test_stream_of_one_ntriples_file_is_a_copy_term_for_term(tmp_path: Path) -> None:
    """Unsorted, duplicates kept, the file's own blank-node labels: what `oxigraph convert`
    writes (nothing is held)."""
    data = tmp_path / "in.nt"
    lines = [
        f"<{EX}b> <{EX}p> _:mine .",
        f"<{EX}a> <{EX}p> \"x\" .",
        f"<{EX}b> <{EX}p> _:mine .",
    ]
    data.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(data), "-f", "nt", "--stream"])
    assert (result.exit_code, result.stdout.splitlines()) == (0, lines)


def test_stream_keeps_the_blank_nodes_of_two_files_apart(tmp_path: Path) -> None:
    first, second = tmp_path / "a.nt", tmp_path / "b.nt"
    first.write_text(f"_:n <{EX}p> \"a\" .\n")
    second.write_text(f"_:n <{EX}p> \"b\" .\n")
    result = CliRunner().invoke(
        main, ["export", "--no-bundled", "-i", str(first), "-i", str(second), "-f", "nt", "--stream"]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f'_:b0 <{EX}p> "a" .\n_:b1 <{EX}p> "b" .\n'


def test_stream_with_the_bundled_graph_and_quads(tmp_path: Path) -> None:
    out = tmp_path / "all.nq"
    result = CliRunner().invoke(main, ["export", "--stream", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    streamed = list(ox.parse(path=str(out)))
    sorted_export = CliRunner().invoke(main, ["export", "-f", "nq"])
    assert _canonical(streamed) == _canonical(list(ox.parse(sorted_export.stdout_bytes, format=ox.RdfFormat.N_QUADS)))


@pytest.mark.parametrize("fmt_name", ["turtle", "jsonld", "trig", "rdfxml"])
def test_stream_refuses_the_formats_that_need_the_whole_graph(fmt_name: str) -> None:
    result = CliRunner().invoke(main, ["export", "--stream", "-f", fmt_name])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: --stream writes N-Triples or N-Quads only, not {fmt_name}; drop --stream, or "
        "use -f nt / -f nq\n"
    )


def test_a_syntax_error_while_streaming_leaves_no_file(tmp_path: Path) -> None:
    data = tmp_path / "bad.nt"
    data.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n" * 1000 + "<oops\n")
    out = tmp_path / "out.nt"
    result = CliRunner().invoke(main, ["export", "--no-bundled", "-i", str(data), "--stream", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {data}:1001:") and result.stderr.count("\n") == 1
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["bad.nt"]


def test_line_sink_keeps_lines_whatever_the_block_size() -> None:
    """pyoxigraph writes in blocks that cut lines anywhere; lines with "_:" are kept apart."""
    lines = [
        (f"<{EX}s{i}> <{EX}p> _:b{i} ." if i % 3 == 0 else f'<{EX}s{i}> <{EX}p> "_:{i}" .').encode()
        if i % 2
        else f"<{EX}s{i}> <{EX}p> <{EX}o> .".encode()
        for i in range(500)
    ]
    data = b"\n".join(lines) + b"\n"
    for step in (1, 3, 64, 4096, len(data)):
        sink = LineSink()
        for start in range(0, len(data), step):
            sink.write(data[start : start + step])
        sink.finish()
        assert sink.lines == [line for line in lines if b"_:" not in line]
        assert sink.blank == [line for line in lines if b"_:" in line]
    sink = LineSink()
    writer = buffered(sink)
    writer.write(lines[1])  # no final newline
    writer.flush()
    sink.finish()
    assert sink.blank == [lines[1]]


@pytest.mark.parametrize(
    "line",
    [
        f'<{EX}s> <{EX}p> "a \\" b"@en <{EX}g> .',
        f'_:s <{EX}p> "x"^^<{EX}dt> _:g .',
        f"<{EX}s> <{EX}p> <<( _:a <{EX}p> <<( <{EX}b> <{EX}q> \"x y\" )>> )>> <{EX}g> .",
        f'<{EX}s> <{EX}p> "" .',
    ],
)
def test_split_line_gives_back_the_terms_pyoxigraph_wrote(line: str) -> None:
    quad = next(iter(ox.parse(line.encode(), format=ox.RdfFormat.N_QUADS, rename_blank_nodes=False)))
    canonical = ox.serialize([quad], format=ox.RdfFormat.N_QUADS).rstrip(b"\n")
    subject, predicate, obj, graph = split_line(canonical)
    assert subject == str(quad.subject).encode() and predicate == str(quad.predicate).encode()
    term = quad.object
    assert obj == (f"<<( {term} )>>" if isinstance(term, ox.Triple) else str(term)).encode()
    assert graph == (None if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name).encode())


def test_lines_are_sorted_distinct_and_held_once(tmp_path: Path) -> None:
    data = tmp_path / "d.nt"
    data.write_text(f"<{EX}b> <{EX}p> <{EX}o> .\n<{EX}a> <{EX}p> _:x .\n<{EX}b> <{EX}p> <{EX}o> .\n")
    lines = collect_lines([Source(path=str(data), fmt=FORMATS["ntriples"])], quads=False)
    assert lines.lines == [
        f"<{EX}a> <{EX}p> _:c14n0 .".encode(),
        f"<{EX}b> <{EX}p> <{EX}o> .".encode(),
    ]
    assert lines.blank == [lines.lines[0]] and lines.fallback == 0 and not lines.named
