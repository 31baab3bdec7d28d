"""``manifest.json``: every file of a release with its size, triple count and SHA-256.

JSON rather than TSV: numbers stay numbers, the release's own metadata
(name, version, base IRI) sits beside the list, and any language reads it.
Files are listed in path order; ``triples`` is the number of triples (quads
for N-Quads and TriG) the file holds, ``null`` for files that are not RDF.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from mbx.build.documents import version_iri

MANIFEST_FILE = "manifest.json"


def manifest_json(
    folder: Path, version: str, triples: Mapping[str, int], what: Mapping[str, str]
) -> bytes:
    """The manifest of every file under ``folder`` (except the manifest itself)."""
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name == MANIFEST_FILE:
            continue
        data = path.read_bytes()
        files.append({
            "path": name,
            "bytes": len(data),
            "triples": triples.get(name),
            "sha256": hashlib.sha256(data).hexdigest(),
            "what": what.get(name, _what(name)),
        })  # fmt: skip
    document = {
        "name": "MBX (Muscle-Brain Crosstalk)",
        "version": version,
        "release": version_iri(version, ""),
        "license": "CC-BY-4.0 (the text: LICENSE)",
        "files": files,
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _what(name: str) -> str:
    if name.startswith("html/terms/"):
        return "HTML documentation of one term"
    if name.startswith("html/"):
        return "HTML documentation"
    return ""
