"""The SHACL shapes: the shipped ones and the user's, as quads; SHACL-SHACL checks of them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mbx.errors import EnvironmentFailure, InputError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph


def shipped_shapes_files() -> list[Path]:
    """The Turtle files of the shipped shapes (``shapes/*.ttl``)."""
    from mbx.resources import shapes_dir

    folder = shapes_dir()
    files = sorted(folder.glob("*.ttl"))
    if not files:
        raise EnvironmentFailure(f"no shapes (*.ttl) in {folder}", hint="reinstall mbx")
    return files


def load_shapes(files: Sequence[str] = (), *, shipped: bool = True) -> list[pyoxigraph.Quad]:
    """The shapes: the shipped shapes (unless ``shipped`` is false) plus ``files``, as quads.

    Every file is parsed like data (mbx.parse), so a syntax error is reported
    with file, line and column.
    """
    from mbx.dataset import load_quads

    sources = [str(p) for p in shipped_shapes_files()] if shipped else []
    sources += list(files)
    if not sources:
        raise UsageError("no shapes to validate with", hint="give --shapes FILE")
    return load_quads(sources, bundled=False)


def meta_validate_shapes(shapes: Sequence[pyoxigraph.Quad]) -> tuple[bool, str]:
    """Check ``shapes`` against the SHACL-SHACL shapes: ``(conforms, report text)``."""
    from pyshacl.entrypoints import meta_validate

    from mbx.terms import to_rdflib_graph

    conforms, _graph, text = meta_validate(to_rdflib_graph(shapes), inference="none")
    return bool(conforms), str(text)


def check_user_shapes(files: Mapping[str, Sequence[pyoxigraph.Quad]]) -> None:
    """Each user's shapes file must pass SHACL-SHACL (pySHACL's meta-validation): exit 2 if not.

    This runs before any validation: shapes pySHACL would silently misread
    (``sh:datatype "x"``) are bad input, whatever the data.
    """
    from pyshacl.entrypoints import meta_validate

    from mbx.errors import one_line
    from mbx.namespaces import SH
    from mbx.shacl.report import Index, Namer, plural
    from mbx.terms import from_rdflib_graph, to_rdflib_graph

    for name, quads in files.items():
        conforms, report_graph, _text = meta_validate(to_rdflib_graph(quads), inference="none")
        if conforms:
            continue
        report = Index(from_rdflib_graph(report_graph))
        shapes = Index(quads)
        namer = Namer(shapes, shapes)
        messages = sorted(
            f"{namer.name(report.value(quad.subject, SH + 'focusNode'))}: "
            f"{one_line(quad.object.value, 10_000)}"
            for quad in report.quads(p=SH + "resultMessage")
        )
        raise InputError(
            f"not valid SHACL ({plural(len(messages), 'problem')}), e.g. {messages[0][:200]}",
            source=name,
            hint="pySHACL's SHACL-SHACL check (meta-validation) rejects these shapes",
        )
