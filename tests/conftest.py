"""Shared fixtures: a real Oxigraph server (see tests/oxigraph_server.py)."""

from oxigraph_server import oxigraph, oxigraph_session  # noqa: F401
