"""Writing RDF: every format, deterministic bytes, and the canonical Turtle of ``mbx normalize``.

:func:`serialize_quads` is the entry point (mbx.export.serialize); the
writers of each format live beside it (turtle, jsonld, rdfxml), with the
blank-node canonicalisation they share (canon).
"""

from __future__ import annotations

from mbx.export.normalize import canonical_turtle, normalize_file
from mbx.export.serialize import serialize_quads

__all__ = ["canonical_turtle", "normalize_file", "serialize_quads"]
