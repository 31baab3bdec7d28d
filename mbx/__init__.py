"""Muscle-Brain Crosstalk (MBX): ontology, claims as linked data, shapes and CLI.

``import mbx`` stays light (no RDF library). Two names are loaded on first use:
``mbx.MBX``, the ontology's terms as an rdflib namespace (``from mbx import MBX``;
``MBX.Myokine``), and ``mbx.resources``, the paths of the shipped files
(ontology, shapes, JSON-LD context, queries) for other tools.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

#: The one version source: pyproject.toml reads it (``[tool.hatch.version]``),
#: the ontology's owl:versionInfo must equal it (tests/test_ontology.py).
__version__ = "0.2.0"

__all__ = ["MBX", "__version__", "resources"]

if TYPE_CHECKING:  # pragma: no cover
    from mbx import resources
    from mbx.vocab import MBX


def __getattr__(name: str) -> Any:
    """``mbx.MBX`` and ``mbx.resources``, imported when first asked for (PEP 562)."""
    if name == "MBX":
        from mbx.vocab import MBX

        return MBX
    if name == "resources":
        import importlib

        return importlib.import_module("mbx.resources")
    raise AttributeError(f"module 'mbx' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), "MBX", "resources"])
