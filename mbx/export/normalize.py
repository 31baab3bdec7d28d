"""``mbx normalize``: Turtle files rewritten in the canonical form of ``mbx export``."""

from __future__ import annotations

from pathlib import Path

from mbx.errors import UsageError
from mbx.formats import FORMATS, guess_format


def canonical_turtle(path_or_data: str | bytes) -> bytes:
    """The canonical Turtle form of a Turtle file's content.

    The file's own prefixes are kept beside MBX's; relative IRIs resolve
    against the file's location, as in ``mbx export`` (bytes: against MBX's base).
    """
    from mbx.export.serialize import serialize_quads
    from mbx.namespaces import MBX
    from mbx.parse import parse_quads

    prefixes: dict[str, str] = {}
    if isinstance(path_or_data, bytes):
        quads = parse_quads(
            "<data>", FORMATS["turtle"], data=path_or_data, base_iri=MBX, prefixes=prefixes
        )
    else:
        quads = parse_quads(path_or_data, FORMATS["turtle"], prefixes=prefixes)
    return serialize_quads(quads, FORMATS["turtle"], prefixes)




def _canonical_without_relative_iris(data: bytes, path: str) -> bytes:
    """The canonical Turtle of ``data``; refused if it has relative IRIs (<x>, <../x>, </x>).

    They resolve against :data:`RELATIVE_IRI_BASE`, deep enough that ``..`` stays
    on its host: canonical Turtle would write them as absolute IRIs of this machine.
    """
    import pyoxigraph as ox

    from mbx.export.serialize import serialize_quads
    from mbx.namespaces import RELATIVE_IRI_BASE
    from mbx.parse import parse_quads

    prefixes: dict[str, str] = {}
    quads = parse_quads(
        path, FORMATS["turtle"], data=data, base_iri=RELATIVE_IRI_BASE, prefixes=prefixes
    )
    host = RELATIVE_IRI_BASE.split("/a/", 1)[0] + "/"
    for quad in quads:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(host):
                raise UsageError(
                    "has relative IRIs: normalizing would write them as absolute file: IRIs "
                    "of this machine",
                    source=path,
                    hint="declare an @base or write absolute IRIs",
                )
            if isinstance(term, ox.Literal) and term.datatype.value.startswith(host):
                raise UsageError(
                    "has a relative datatype IRI", source=path, hint="write absolute IRIs"
                )
    return serialize_quads(quads, FORMATS["turtle"], prefixes)


def normalize_file(path: str, *, check: bool = False) -> bool:
    """Whether the Turtle file ``path`` was not in canonical form.

    Unless ``check``, the file is rewritten in place (atomically). Files of
    other formats are refused rather than silently turned into Turtle.
    """
    from mbx.inputs import read_bytes
    from mbx.output import write_output

    if Path(path).exists() and not Path(path).is_file():
        raise UsageError("not a regular file: mbx normalize rewrites files in place", source=path)
    fmt = guess_format(path)
    if fmt is None or fmt.name != "turtle":
        raise UsageError(
            "mbx normalize rewrites Turtle (.ttl) files only",
            source=path,
            hint="convert other formats with `mbx export --no-bundled -i FILE -o OUT.ttl`",
        )
    current = read_bytes(path)  # read once: parsed and compared from these bytes
    canonical = _canonical_without_relative_iris(current, path)
    if current == canonical:
        return False
    if not check:
        write_output(canonical, path)
    return True
