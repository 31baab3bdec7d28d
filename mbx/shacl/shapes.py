"""The SHACL shapes: the shipped ones and the user's, as quads; SHACL-SHACL checks of them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mbx.errors import EnvironmentFailure, InputError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph


#: the shapes for anyone's data that reuses MBX, and MBX's own curation rules
REUSE_SHAPES = "mbx-shapes.ttl"
KG_SHAPES = "mbx-kg-shapes.ttl"


def shipped_shapes_files(kg: bool = True) -> list[Path]:
    """The shipped shapes: ``shapes/mbx-shapes.ttl`` and, if ``kg``, ``mbx-kg-shapes.ttl``."""
    from mbx.resources import shapes_dir

    folder = shapes_dir()
    files = [folder / REUSE_SHAPES, *([folder / KG_SHAPES] if kg else [])]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise EnvironmentFailure(f"no {', '.join(missing)} in {folder}", hint="reinstall mbx")
    return files


def load_shapes(
    files: Sequence[str] = (), *, shipped: bool = True, kg: bool = True
) -> list[pyoxigraph.Quad]:
    """The shapes: the shipped shapes (unless ``shipped`` is false) plus ``files``, as quads.

    ``kg`` adds MBX's own curation rules (``mbx-kg-shapes.ttl``) to the shapes
    for reusers. Every file is parsed like data (mbx.parse), so a syntax error
    is reported with file, line and column.
    """
    from mbx.dataset import load_quads

    sources = [str(p) for p in shipped_shapes_files(kg)] if shipped else []
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


def check_shapes_sparql(
    files: Mapping[str, Sequence[pyoxigraph.Quad]], *, allow_service: bool = False
) -> None:
    """The SPARQL of user shapes through the one guard of mbx query (exit 2).

    Every ``sh:select``, ``sh:ask``, ``sh:construct`` and ``sh:update`` (targets,
    constraints, rules) is checked on its parse, whichever engine runs it:
    SERVICE or LOAD refused unless ``allow_service``, nesting bounded, UTF-8.
    """
    import pyoxigraph as ox

    from mbx.namespaces import SH
    from mbx.sparql.analysis import guard

    predicates = {SH + name: name for name in ("select", "ask", "construct", "update")}
    for name, quads in files.items():
        for quad in quads:
            kind = predicates.get(quad.predicate.value)
            if kind is not None and isinstance(quad.object, ox.Literal):
                guard(
                    quad.object.value,
                    f"{name} (sh:{kind})",
                    update=kind == "update",
                    allow_service=allow_service,
                )


def check_user_shapes(
    files: Mapping[str, Sequence[pyoxigraph.Quad]], *, allow_service: bool = False
) -> None:
    """Each user's shapes file must pass SHACL-SHACL (pySHACL's meta-validation): exit 2 if not.

    This runs before any validation: shapes pySHACL would silently misread
    (``sh:datatype "x"``) are bad input, whatever the data. Their SPARQL
    then goes through mbx's guard (:func:`check_shapes_sparql`), before any
    engine sees it.
    """
    if not files:
        return  # pySHACL (and rdflib) are not even imported: most of a fast validation's time
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
    check_shapes_sparql(files, allow_service=allow_service)
