"""``catalog-v001.xml``: MBX's ontology and version IRIs mapped to the files of a release.

An OASIS XML catalog as Protégé writes and reads it (and ROBOT with
``--catalog``): opened beside the files, it lets an ontology that
``owl:imports <https://w3id.org/mbx/mbx.owl>`` load offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from mbx.build.documents import Document, version_iri

CATALOG_FILE = "catalog-v001.xml"


def catalog_xml(documents: Sequence[Document], version: str) -> bytes:
    """The catalog: each ontology IRI to its ``.owl`` file, each file's version IRI to the file."""
    entries: list[tuple[str, str]] = []
    for document in documents:
        files = document.files()
        owl = f"{document.name}.owl"
        if owl in files:
            entries.append((document.ontology, owl))
        entries += [(version_iri(version, name), name) for name in files]
    lines = [
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
        '<catalog prefer="public" xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">',
        f"  <!-- MBX {escape(version)}: its ontology and version IRIs resolved to the files of "
        "this folder (Protégé, ROBOT's catalog option, the OWL API) -->",
        f'  <group id="MBX {escape(version)}" prefer="public">',
    ]
    for name, uri in entries:
        lines.append(f'    <uri name="{_attribute(name)}" uri="{_attribute(uri)}"/>')
    lines += ["  </group>", "</catalog>", ""]
    return "\n".join(lines).encode("utf-8")


def _attribute(value: str) -> str:
    return escape(value, {'"': "&quot;"})
