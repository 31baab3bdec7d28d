"""Where the shipped data lives: ontology/, kg/, shapes/, the query library and the JSON-LD context.

A wheel carries the folders under ``mbx/_data/`` (hatchling force-include); a
checkout or an editable install has them at the top of the repository. This
module is the one place that knows both. A folder that is missing is an
environment failure (exit 3): mbx is installed wrongly, the user did nothing wrong.
"""

from __future__ import annotations

from pathlib import Path

from mbx.errors import EnvironmentFailure

_PACKAGE_DIR = Path(__file__).resolve().parent
_DATA_DIR = _PACKAGE_DIR / "_data"
_CHECKOUT_DIR = _PACKAGE_DIR.parent


def _find(packaged: str, checkout: str) -> Path:
    for candidate in (_DATA_DIR / packaged, _CHECKOUT_DIR / checkout):
        if candidate.is_dir():
            return candidate
    raise EnvironmentFailure(
        f"mbx data folder {packaged!r} not found in {_DATA_DIR} or {_CHECKOUT_DIR}",
        hint="reinstall mbx",
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


def context_file() -> Path:
    """The JSON-LD context shipped with mbx (``mbx/context.jsonld``)."""
    return _PACKAGE_DIR / "context.jsonld"


# --- single shipped files, for other tools (documented in docs/build.md) -------------------


def ontology_file() -> Path:
    """``ontology/mbx.ttl``: the hand-edited axioms of the terms (kinds: ``entities.tsv``).

    The complete terms as one OWL file are a build product: ``mbx build`` writes
    ``mbx.owl``, ``mbx export --part ontology`` any format.
    """
    return ontology_dir() / "mbx.ttl"


def entities_file() -> Path:
    """``ontology/entities.tsv``: the kinds, one row each (a ROBOT-style template)."""
    return ontology_dir() / "entities.tsv"


def shapes_file(kg: bool = False) -> Path:
    """The SHACL shapes for anyone's data (``mbx-shapes.ttl``), or MBX's own (``kg=True``)."""
    return shapes_dir() / ("mbx-kg-shapes.ttl" if kg else "mbx-shapes.ttl")


def query_files() -> dict[str, Path]:
    """The shipped SPARQL queries: name (``what-acts-via-trkb``) -> path of its ``.rq`` file."""
    return {path.stem: path for path in sorted(queries_dir().glob("*.rq"))}


def license_data_file() -> Path:
    """``LICENSE-DATA``: the CC BY 4.0 license of the ontology and the data."""
    for candidate in (_DATA_DIR / "LICENSE-DATA", _CHECKOUT_DIR / "LICENSE-DATA"):
        if candidate.is_file():
            return candidate
    raise EnvironmentFailure("mbx's LICENSE-DATA not found", hint="reinstall mbx")
