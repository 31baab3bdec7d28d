"""pytest plugin: ``--update-golden`` rewrites golden files instead of comparing.

Loaded by ``-p tests.golden_plugin`` in pyproject.toml's addopts.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/data/golden from the current output",
    )
