"""The one list of hedge words: the regex in the shipped shapes (mbxsh:HedgeCueShape).

Tests read it from there rather than keep a copy of their own, so the shapes
and the tests can never disagree about what a hedging word is.
"""

from __future__ import annotations

import re
from functools import lru_cache

HEDGE_SHAPE = "https://w3id.org/mbx/shapes#HedgeCueShape"
_REGEX_CALL = re.compile(r'REGEX\s*\(\s*STR\s*\(\s*\?value\s*\)\s*,\s*"((?:[^"\\]|\\.)*)"\s*,\s*"(\w*)"\s*\)')


@lru_cache(maxsize=1)
def hedge_cue() -> re.Pattern[str]:
    """The hedge-word regex of the shipped shapes, compiled for Python (flag ``i`` kept)."""
    import pyoxigraph as ox

    from mbx.namespaces import SH
    from mbx.shacl.shapes import load_shapes

    store = ox.Store()
    store.extend(load_shapes())
    found = [
        select.object.value
        for constraint in store.quads_for_pattern(
            ox.NamedNode(HEDGE_SHAPE), ox.NamedNode(SH + "sparql"), None, None
        )
        for select in store.quads_for_pattern(
            constraint.object, ox.NamedNode(SH + "select"), None, None
        )
    ]
    matches = [m for text in found for m in _REGEX_CALL.finditer(text)]
    assert len(matches) == 1, f"{HEDGE_SHAPE} must hold exactly one REGEX(STR(?value), ...)"
    pattern, flags = matches[0].groups()
    return re.compile(pattern, re.IGNORECASE if "i" in flags else 0)


HEDGE_CUE = hedge_cue()
