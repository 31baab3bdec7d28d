"""Writing RDF: every format, deterministic bytes, and the canonical Turtle of ``mbx normalize``.

:func:`serialize_quads` (bytes) and :func:`export` (to a file, streamed) are
the entry points (mbx.export.serialize); every format is written from the
sorted canonical lines of mbx.export.lines, with blank-node labels from
mbx.export.canon, by the writers beside them (turtle, jsonld, rdfxml).
"""

from __future__ import annotations

from mbx.export.normalize import canonical_turtle, normalize_file
from mbx.export.serialize import export, serialize_quads

__all__ = ["canonical_turtle", "export", "normalize_file", "serialize_quads"]
