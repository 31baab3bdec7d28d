"""Known prefixes for the xref/mapping rule: a snapshot of the Bioregistry, read fast, offline.

``registry.tsv`` beside this file is generated from the ``bioregistry``
package (``python -m mbx.check.registry``; tests/test_check.py regenerates it
with the pinned version and compares). It holds, for every Bioregistry
record, its prefix and prefix synonyms, the local-identifier pattern and every
URI prefix the registry knows. Reading it costs about 20 ms; importing
bioregistry and building its converter costs about 3 s, prefixmaps about
0.45 s (measured in docs/check.md), too slow for a check that must run in
under half a second as a whole process.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph


_CURIE = re.compile(r"^([A-Za-z_][A-Za-z0-9_.-]*[A-Za-z0-9_]|[A-Za-z]):(\S+)$")
_SNAPSHOT = "registry.tsv"


@dataclass
class Registry:
    """Prefixes and URI prefixes of the snapshot, with their local-identifier patterns."""

    source: str
    prefixes: dict[str, str] = field(default_factory=dict)  # prefix or synonym -> record
    folded: dict[str, str] = field(default_factory=dict)  # casefolded -> the spelling to use
    uri_prefixes: dict[str, str] = field(default_factory=dict)  # URI prefix -> record
    patterns: dict[str, str] = field(default_factory=dict)  # record -> pattern
    _compiled: dict[str, re.Pattern[str] | None] = field(default_factory=dict)
    _lengths: tuple[int, ...] = ()
    _sorted: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lengths = tuple(sorted({len(u) for u in self.uri_prefixes}, reverse=True))

    def _local_problem(self, record: str, shown_prefix: str, local: str) -> str:
        if record not in self._compiled:
            pattern = self.patterns.get(record)
            try:
                self._compiled[record] = re.compile(pattern) if pattern else None
            except re.error:  # a pattern Python cannot read: no check rather than a wrong one
                self._compiled[record] = None
        compiled = self._compiled[record]
        if compiled is None or compiled.search(local):
            return ""
        return (
            f"{local!r} is not a {shown_prefix} identifier "
            f"(the registry's pattern for {record} is {self.patterns[record]})"
        )

    def curie_problem(self, curie: str) -> str:
        """What is wrong with ``curie`` as a CURIE of a registered prefix ('' if nothing)."""
        match = _CURIE.match(curie)
        if match is None:
            return "not a CURIE (prefix:identifier) or an IRI"
        prefix, local = match.groups()
        record = self.prefixes.get(prefix)
        if record is None:
            spelling = self.folded.get(prefix.casefold())
            if spelling is not None:
                return f"prefix {prefix!r} is spelt {spelling!r} in the registry"
            return f"unknown prefix {prefix!r} (not in {self.source})"
        return self._local_problem(record, prefix, local)

    def iri_problem(self, iri: str) -> str:
        """What is wrong with ``iri`` as an IRI of a registered namespace ('' if nothing)."""
        for length in self._lengths:
            uri_prefix = iri[:length]
            record = self.uri_prefixes.get(uri_prefix) if length < len(iri) else None
            if record is None:
                continue
            if record not in self.patterns and self._is_umbrella(uri_prefix, record):
                # e.g. http://purl.obolibrary.org/obo/ (record "obo"): the namespace of
                # many registered prefixes, none of which this IRI falls under
                return (
                    f"under {uri_prefix} ({record}) but under none of the prefixes "
                    f"registered there (a misspelt ID space?)"
                )
            return self._local_problem(record, record, iri[length:])
        return f"no prefix of {self.source} has a namespace this IRI starts with"

    def _is_umbrella(self, uri_prefix: str, record: str) -> bool:
        """Whether other records have URI prefixes that extend ``uri_prefix``."""
        if not self._sorted:
            self._sorted = sorted(self.uri_prefixes)
        index = bisect.bisect_right(self._sorted, uri_prefix)
        while index < len(self._sorted) and self._sorted[index].startswith(uri_prefix):
            if self.uri_prefixes[self._sorted[index]] != record:
                return True
            index += 1
        return False


def parse_snapshot(text: str) -> Registry:
    """A :class:`Registry` from the text of ``registry.tsv``."""
    lines = text.splitlines()
    source = lines[0].removeprefix("# source: ").strip() if lines else "the registry"
    registry = Registry(source)
    for line in lines:
        if not line or line.startswith("#"):
            continue
        prefix, synonyms, pattern, uri_prefixes = line.split("\t")
        for name in (prefix, *synonyms.split()):
            registry.prefixes.setdefault(name, prefix)
            registry.folded.setdefault(name.casefold(), name)
        for uri_prefix in uri_prefixes.split():
            registry.uri_prefixes.setdefault(uri_prefix, prefix)
        if pattern:
            registry.patterns[prefix] = pattern
    registry.__post_init__()
    return registry


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The shipped snapshot (read once per process)."""
    return parse_snapshot(Path(__file__).with_name(_SNAPSHOT).read_text(encoding="utf-8"))


def xref_problem(
    value: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple,
) -> pyoxigraph.Literal:
    """The SPARQL extension function ``mbxcheck:xrefProblem(?value)``.

    Returns a string literal saying what is wrong with ``value`` as a
    cross-reference (an IRI or a CURIE literal), or ``""`` when it is an IRI or
    CURIE of a registered prefix whose identifier matches the prefix's pattern.
    """
    import pyoxigraph as ox

    if isinstance(value, ox.NamedNode):
        return ox.Literal(registry().iri_problem(value.value))
    if isinstance(value, ox.Literal):
        return ox.Literal(registry().curie_problem(value.value))
    return ox.Literal("a blank node, not a CURIE or an IRI")


def build_snapshot() -> str:
    """The text of ``registry.tsv`` from the installed ``bioregistry`` package (slow: ~3 s)."""
    from importlib.metadata import version

    import bioregistry

    converter = bioregistry.get_converter()
    out = [
        f"# source: Bioregistry {version('bioregistry')}",
        "# generated by `python -m mbx.check.registry`; do not edit",
        "# prefix\tprefix synonyms\tlocal identifier pattern\tURI prefixes",
    ]
    for record in sorted(converter.records, key=lambda r: r.prefix):
        uri_prefixes = [record.uri_prefix, *sorted(set(record.uri_prefix_synonyms))]
        cells = (
            record.prefix,
            " ".join(sorted(set(record.prefix_synonyms))),
            record.pattern or "",
            " ".join(u for u in uri_prefixes if u and not any(c.isspace() for c in u)),
        )
        out.append("\t".join(c.replace("\t", " ") for c in cells))
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover - maintenance command
    target = Path(__file__).with_name(_SNAPSHOT)
    target.write_text(build_snapshot(), encoding="utf-8")
    print(f"wrote {target}")
