"""``mbx build``: a complete, versioned release of MBX in one folder (ODK-style artefacts).

The release holds the terms (``mbx.*``: the base module others import), the
full variant with HermiT's inferences (``mbx-full.*``), the knowledge graph
(``mbx-kg.*``, which imports the terms), the whole dataset with its named
graphs (``mbx-dataset.nq``/``.trig``), the JSON-LD context, an XML catalog,
the SSSOM mappings, the license, HTML documentation and a manifest. The same
sources give the same bytes: nothing depends on the clock, the locale or the
order of a hash. The folder is written beside its target and renamed into
place when complete, so a failed build never leaves half a release.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mbx.build.documents import Document
from mbx.errors import OutputError, UsageError

__all__ = ["Release", "build_release"]

#: progress(step number, number of steps, what is being done)
Progress = Callable[[int, int, str], None]


@dataclass
class Release:
    """What :func:`build_release` wrote."""

    folder: Path
    version: str
    files: dict[str, int] = field(default_factory=dict)  # path -> bytes
    triples: dict[str, int] = field(default_factory=dict)  # RDF file -> triples (or quads)
    timings: dict[str, float] = field(default_factory=dict)


def _check_target(folder: Path) -> None:
    from mbx.build.manifest import MANIFEST_FILE

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} exists and is not a folder", hint="choose a folder for -o")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST_FILE).is_file():
        raise UsageError(
            f"{folder} is not empty and holds no earlier release ({MANIFEST_FILE})",
            hint="choose a new or empty folder; mbx build replaces only an earlier release",
        )
    if not folder.parent.is_dir():
        raise OutputError("folder does not exist", source=str(folder.parent))


def build_release(
    output: str | Path,
    *,
    reason: bool = True,
    html: bool = True,
    progress: Progress | None = None,
) -> Release:
    """Build the release into the folder ``output`` (created, or an earlier release replaced)."""
    from mbx import __version__
    from mbx.build.documents import base_and_kg, dataset_document, release_version
    from mbx.bundle import bundled_quads
    from mbx.reason import find_java

    folder = Path(output)
    _check_target(folder)
    java = find_java() if reason else None  # no Java is exit 3 before any work
    steps = 4 + int(reason) + int(html)
    step = iter(range(1, steps + 1))
    say = progress or (lambda i, n, text: None)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    say(next(step), steps, "reading the sources")
    quads = bundled_quads()
    version = release_version(quads, __version__)
    base, kg = base_and_kg(quads)
    timings["read"] = time.perf_counter() - start
    full: Callable[[], Document] | None = None
    if reason:
        say(next(step), steps, "reasoning over the terms with HermiT (the full variant)")
        full = _reason_meanwhile(base, java, timings)
    documents: list[Document] = [base, kg, dataset_document(quads, version)]
    release = Release(folder, version, timings=timings)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    try:
        _write(work, release, documents, full, html, lambda text: say(next(step), steps, text))
        _replace(work, folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return release


def _reason_meanwhile(
    base: Document, java: str | None, timings: dict[str, float]
) -> Callable[[], Document]:
    """Start HermiT on the terms in a thread; the returned call waits for the full variant.

    HermiT runs in Java, in a child process: the other files are written
    meanwhile (the thread holds no lock while it waits for Java).
    """
    from concurrent.futures import ThreadPoolExecutor

    from mbx.build.documents import full_document
    from mbx.reason import reason as run_hermit

    start = time.perf_counter()
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hermit")
    future = pool.submit(run_hermit, list(base.quads), explain=False, java=java)
    pool.shutdown(wait=False)

    def wait() -> Document:
        result = future.result()
        timings["hermit"] = time.perf_counter() - start  # wall time, overlapping the writing
        return full_document(base, result)

    return wait


def _write(
    work: Path,
    release: Release,
    documents: list[Document],
    full: Callable[[], Document] | None,
    html: bool,
    say: Callable[[str], None],
) -> None:
    from mbx.build.catalog import CATALOG_FILE, catalog_xml
    from mbx.build.files import CONTEXT_FILE
    from mbx.build.manifest import MANIFEST_FILE, manifest_json
    from mbx.build.sssom import SSSOM_FILE, sssom_tsv
    from mbx.resources import context_file, license_data_file

    version = release.version
    base, kg = documents[0], documents[1]
    what: dict[str, str] = {}
    say("writing the RDF files (Turtle, RDF/XML, JSON-LD, N-Triples, N-Quads, TriG)")
    start = time.perf_counter()
    for document in documents:
        _write_document(work, release, document, what)
    if full is not None:  # HermiT has had the time the other files took
        documents.insert(1, full())
        _write_document(work, release, documents[1], what)
    release.timings["rdf"] = time.perf_counter() - start
    say("writing the catalog, the SSSOM mappings, the context and the license")
    extras = {
        CONTEXT_FILE: (context_file().read_bytes(), "the JSON-LD context of the .jsonld files"),
        CATALOG_FILE: (catalog_xml(documents, version),
                       "XML catalog: MBX's ontology and version IRIs to these files (offline)"),
        SSSOM_FILE: (sssom_tsv(base.quads, version),
                     "the mappings to external ontologies (SSSOM TSV with its metadata)"),
        "LICENSE": (license_data_file().read_bytes(), "CC BY 4.0, the license of these files"),
    }  # fmt: skip
    for name, (data, description) in extras.items():
        (work / name).write_bytes(data)
        what[name] = description
    if html:
        from mbx.build.site import Download, human_size, write_site

        say("writing the HTML documentation")
        start = time.perf_counter()
        downloads = [
            Download(name, what[name], human_size((work / name).stat().st_size),
                     str(release.triples.get(name, "")))
            for name in sorted(what)
        ]  # fmt: skip
        write_site(work / "html", base.quads, kg.quads, downloads)
        release.timings["html"] = time.perf_counter() - start
    say("writing the manifest")
    (work / MANIFEST_FILE).write_bytes(manifest_json(work, version, release.triples, what))
    release.files = {
        p.relative_to(work).as_posix(): p.stat().st_size for p in sorted(work.rglob("*"))
        if p.is_file()
    }  # fmt: skip


def _write_document(work: Path, release: Release, document: Document, what: dict[str, str]) -> None:
    from mbx.build.files import rdf_file

    for name in document.files():
        written = rdf_file(document, name, release.version)
        (work / name).write_bytes(written.data)
        release.triples[name] = len(written.quads)
        what[name] = document.what


def _replace(work: Path, folder: Path) -> None:
    """Put the finished release in place of ``folder`` (an earlier release is removed)."""
    umask = os.umask(0)
    os.umask(umask)
    work.chmod(0o777 & ~umask)  # mkdtemp makes it private; a release is for everyone to read
    if folder.exists():
        old = folder.with_name(f".{folder.name}.old-{time.monotonic_ns()}")
        folder.rename(old)
        work.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    else:
        work.rename(folder)
