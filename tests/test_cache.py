"""The bundled-graph cache (mbx/cache.py): used when nothing changed, rebuilt on any edit."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from mbx.cache import cache_dir, cached


def _builder(folder: Path, calls: list[int]) -> object:
    @cached(folders=lambda: [folder])
    def build(part: str = "all") -> list[ox.Quad]:
        calls.append(1)
        text = (folder / "data.nt").read_bytes()
        return list(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))

    return build


def test_cached_until_a_source_file_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MBX_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data"
    data.mkdir()
    (data / "data.nt").write_text('<https://e.org/a> <https://e.org/p> "1" .\n_:b <https://e.org/p> "2" .\n')
    calls: list[int] = []
    build = _builder(data, calls)
    first = build()
    assert (len(first), len(calls)) == (2, 1)
    again = build()
    assert len(calls) == 1 and {str(q) for q in again if not isinstance(q.subject, ox.BlankNode)} == {
        str(q) for q in first if not isinstance(q.subject, ox.BlankNode)
    }
    assert len(list((tmp_path / "cache").glob("bundle-*.nq"))) == 1
    build(part="ontology")  # other arguments, another entry
    assert len(calls) == 2
    # an edit that keeps the size and the modification time still counts (ctime moved)
    status = (data / "data.nt").stat()
    (data / "data.nt").write_text('<https://e.org/a> <https://e.org/p> "3" .\n_:b <https://e.org/p> "2" .\n')
    os.utime(data / "data.nt", ns=(status.st_atime_ns, status.st_mtime_ns))
    changed = build()
    assert len(calls) == 3 and '"3"' in {str(q.object) for q in changed}


def test_no_cache_and_an_unwritable_folder_build_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "data.nt").write_text('<https://e.org/a> <https://e.org/p> "1" .\n')
    calls: list[int] = []
    build = _builder(data, calls)
    monkeypatch.setenv("MBX_NO_CACHE", "1")
    assert cache_dir() is None
    build()
    build()
    assert len(calls) == 2
    monkeypatch.delenv("MBX_NO_CACHE")
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    monkeypatch.setenv("MBX_CACHE_DIR", str(blocked / "cache"))
    assert len(build()) == 1 and len(calls) == 3


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MBX_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data"
    data.mkdir()
    (data / "data.nt").write_text('<https://e.org/a> <https://e.org/p> "1" .\n')
    calls: list[int] = []
    build = _builder(data, calls)
    build()
    (entry,) = (tmp_path / "cache").glob("bundle-*.nq")
    entry.write_text("<oops")
    assert len(build()) == 1 and len(calls) == 2


def test_explicit_folders_are_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mbx.bundle import bundled_quads
    from mbx.resources import ontology_dir

    monkeypatch.setenv("MBX_CACHE_DIR", str(tmp_path / "cache"))
    assert bundled_quads(ontology_dir())
    assert not (tmp_path / "cache").exists()
    assert bundled_quads() and len(list((tmp_path / "cache").glob("bundle-*.nq"))) == 1
