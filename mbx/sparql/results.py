"""QueryResult: the answer of one query, parsed once (solutions, a boolean or triples).

Every engine — the embedded one, a ``--store``, an endpoint — hands its
answer to :func:`from_answer` once. A SELECT answer becomes a list of rows of
pyoxigraph terms (what the table, the labels and the library's callers
read); an ASK answer a boolean; a CONSTRUCT or DESCRIBE answer a list of
triples. When the caller asked for a SPARQL results document (CSV, TSV,
JSON, XML), pyoxigraph writes it straight from the live answer, since it can
serialize results only from its own answer objects: the answer is still read once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

#: The SPARQL 1.1 results formats of SELECT/ASK answers (besides the human ``table``).
RESULT_FORMATS = ("csv", "tsv", "json", "xml")


@dataclass
class QueryResult:
    """The answer of one query or update, engine-independent and parsed."""

    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE
    variables: tuple[str, ...] = ()
    #: SELECT: one tuple of terms (None: unbound) per solution, in ``variables`` order
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None  # ASK
    triples: list[pyoxigraph.Triple] = field(default_factory=list)  # CONSTRUCT, DESCRIBE
    #: SELECT/ASK written by pyoxigraph in the results format that was asked for
    document: bytes | None = None
    labels: dict[str, str] = field(default_factory=dict)
    loaded: int | None = None  # quads bulk-loaded into a --store by this run
    #: the endpoint's row limit (Virtuoso: X-SPARQL-MaxRows) when the answer reached it
    cut_at: int | None = None

    def iris(self) -> list[str]:
        """The distinct IRIs of the rows, in order of appearance."""
        import pyoxigraph as ox

        found: dict[str, None] = {}
        for row in self.rows:
            for term in row:
                if isinstance(term, ox.NamedNode):
                    found[term.value] = None
        return list(found)


def results_format(kind: str) -> pyoxigraph.QueryResultsFormat:
    """pyoxigraph's results format for ``csv``, ``tsv``, ``json`` or ``xml``."""
    import pyoxigraph as ox

    fmt = ox.QueryResultsFormat.from_extension(kind)
    if fmt is None or kind not in RESULT_FORMATS:  # pragma: no cover - callers check
        raise ValueError(f"not a SPARQL results format: {kind!r}")
    return fmt


def results_kind(extension: str) -> str | None:
    """The results format a file extension names (``srj`` -> ``json``), or None.

    ``txt`` names none: a text file gets the table people read (pyoxigraph
    would take it for CSV).
    """
    import pyoxigraph as ox

    if extension.lower() == "txt":
        return None
    fmt = ox.QueryResultsFormat.from_extension(extension.lower())
    return next((kind for kind in RESULT_FORMATS if fmt == results_format(kind)), None)


def from_answer(answer: Any, form: str, kind: str | None = None) -> QueryResult:
    """The :class:`QueryResult` of a pyoxigraph answer, consumed once.

    ``answer`` is a :class:`pyoxigraph.QueryBoolean`, a
    :class:`pyoxigraph.QuerySolutions`, or triples (or quads) for CONSTRUCT
    and DESCRIBE, whose ``form`` is then kept. ``kind`` (a member of
    :data:`RESULT_FORMATS`) asks for a SELECT/ASK answer written as a results
    document; without it the solutions are kept as rows. Errors of a lazy
    answer (a failing SERVICE call, a malformed document) surface here.
    """
    import pyoxigraph as ox

    if isinstance(answer, ox.QueryBoolean):
        document = answer.serialize(format=results_format(kind)) if kind else None
        return QueryResult("ASK", boolean=bool(answer), document=document)
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        if kind:
            return QueryResult(
                "SELECT", variables, document=answer.serialize(format=results_format(kind))
            )
        return QueryResult("SELECT", variables, rows=[tuple(solution) for solution in answer])
    triples = [t.triple if isinstance(t, ox.Quad) else t for t in answer]
    return QueryResult(form if form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT", triples=triples)
