"""Muscle-Brain Crosstalk (MBX): ontology, claims as linked data, shapes and CLI."""

from __future__ import annotations

#: The one version source: pyproject.toml reads it (``[tool.hatch.version]``),
#: the ontology's owl:versionInfo must equal it (tests/test_ontology.py).
__version__ = "0.2.0"

__all__ = ["__version__"]
