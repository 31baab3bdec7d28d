"""benchmarks/generate.py (the MBX-shaped data generator) loaded as a module, for the tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent


def load_generator() -> ModuleType:
    """The generator module (``bench_generate``), loaded once per process."""
    loaded = sys.modules.get("bench_generate")
    if loaded is not None:
        return loaded
    spec = importlib.util.spec_from_file_location(
        "bench_generate", REPO / "benchmarks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module
