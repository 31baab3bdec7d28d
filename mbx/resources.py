"""Find the data shipped with mbx: ontology/, kg/, shapes/ and the query library.

A wheel carries them under ``mbx/_data/`` (hatchling force-include); a checkout
or an editable install has them at the top of the repository. This module is
the one place that knows both.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_DATA_DIR = _PACKAGE_DIR / "_data"
_CHECKOUT_DIR = _PACKAGE_DIR.parent


def _find(packaged: str, checkout: str) -> Path:
    candidate = _DATA_DIR / packaged
    if candidate.is_dir():
        return candidate
    candidate = _CHECKOUT_DIR / checkout
    if candidate.is_dir():
        return candidate
    raise FileNotFoundError(
        f"mbx data folder {packaged!r} not found in {_DATA_DIR} or {_CHECKOUT_DIR}; reinstall mbx"
    )


def ontology_dir() -> Path:
    """The folder holding ``mbx.ttl`` and ``entities.tsv`` (the terms)."""
    return _find("ontology", "ontology")


def kg_dir() -> Path:
    """The folder holding ``mbx-kg.ttl`` and ``sources/`` (the knowledge graph)."""
    return _find("kg", "kg")


def shapes_dir() -> Path:
    """The folder holding the SHACL shapes."""
    return _find("shapes", "shapes")


def queries_dir() -> Path:
    """The folder holding the documented SPARQL queries (``*.rq``)."""
    return _find("queries", "examples/queries")
