"""The SPARQL protocol client: queries and updates sent to an endpoint, answers parsed once."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mbx.errors import EnvironmentFailure, QueryError
from mbx.remote.http import (
    ENDPOINT_CREDENTIALS,
    Credentials,
    check_url,
    media_type,
    redact,
    refuse_xml_entities,
    sparql_request,
)

if TYPE_CHECKING:  # pragma: no cover
    from mbx.sparql.analysis import QueryInfo
    from mbx.sparql.results import QueryResult

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
NTRIPLES = "application/n-triples"


def with_prefixes(text: str) -> str:
    """``text`` with PREFIX declarations for the MBX prefixes it uses but does not declare.

    They go on the first line, so the server's line numbers stay right.

    >>> with_prefixes("ASK { mbx:a ?p ?o }")
    'PREFIX mbx: <https://w3id.org/mbx/> ASK { mbx:a ?p ?o }'
    """
    from mbx.namespaces import PREFIXES
    from mbx.sparql.analysis import missing_prefixes

    return "".join(f"PREFIX {p}: <{PREFIXES[p]}> " for p in missing_prefixes(text)) + text


def _located(exc: QueryError, shift: int, source: str) -> QueryError:
    """The endpoint's syntax error at the user's line and column (Oxigraph, Jena wording).

    The PREFIX declarations mbx added to line 1 (``shift`` characters) are
    taken off the column; an error without a position is returned as it is.
    """
    for pattern in (r"error at (\d+):(\d+)", r"[Ll]ine (\d+), column (\d+)"):
        match = re.search(pattern, exc.message)
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            if line == 1:
                column = max(1, column - shift)
            message = re.sub(r"\s*:?\s*$", "", exc.message[: match.start()])
            message += exc.message[match.end() :]
            message = message.replace("the endpoint", f"the endpoint {exc.source}", 1)
            return QueryError(message, source=source, line=line, column=column, hint=exc.hint)
    return exc


def execute_endpoint(
    url: str,
    text: str,
    info: QueryInfo,
    *,
    labels: bool = False,
    timeout: float | None = None,
    source: str = "query",
    kind: str | None = None,
) -> QueryResult:
    """Send the query (or, for an update, the update) to a SPARQL 1.1 endpoint."""
    from mbx.sparql.results import QueryResult

    check_url(url, "--endpoint")
    body = with_prefixes(text)
    if info.is_update:
        try:
            sparql_request(url, body, accept="*/*", update=True, timeout=timeout)
        except QueryError as exc:
            raise _located(exc, len(body) - len(text), source) from None
        return QueryResult("UPDATE")
    if info.form in ("CONSTRUCT", "DESCRIBE"):
        accept = f"{NTRIPLES}, text/turtle;q=0.9, application/rdf+xml;q=0.5"
    else:
        accept = f"{SPARQL_JSON}, {SPARQL_XML};q=0.9"
    try:
        response = sparql_request(url, body, accept=accept, timeout=timeout)
    except QueryError as exc:
        raise _located(exc, len(body) - len(text), source) from None
    result = _read_answer(url, info.form, response.content, media_type(response), kind)
    expected = "ASK" if info.form == "ASK" else "SELECT" if info.form == "SELECT" else None
    if expected and result.form != expected:
        raise EnvironmentFailure(
            f"the endpoint answered a {info.form} query with {result.form} results",
            source=redact(url),
        )
    if labels and result.form == "SELECT":
        result.labels = _endpoint_labels(url, result.iris(), timeout)
    return result


def _read_answer(url: str, form: str, data: bytes, media: str, kind: str | None) -> QueryResult:
    """The endpoint's answer, parsed once (untrusted: XML entities refused, errors one line)."""
    import pyoxigraph as ox

    from mbx.sparql.results import from_answer

    refuse_xml_entities(data, media, f"the endpoint's answer ({media})", url)
    try:
        results_format = ox.QueryResultsFormat.from_media_type(media) if media else None
        if results_format is not None:
            return from_answer(ox.parse_query_results(data, results_format), form, kind)
        rdf_format = ox.RdfFormat.from_media_type(media) if media else None
        if rdf_format is not None:
            return from_answer(ox.parse(data, format=rdf_format), form)
    except (SyntaxError, ValueError) as exc:
        raise EnvironmentFailure(
            f"cannot read the endpoint's answer ({media}): {exc}", source=redact(url)
        ) from None
    raise EnvironmentFailure(
        f"unexpected answer type {media or 'none'!r}",
        source=redact(url),
        hint="is this a SPARQL query endpoint?",
    )


def _endpoint_labels(url: str, iris: list[str], timeout: float | None) -> dict[str, str]:
    """The labels of ``iris`` by the one rule of mbx.labels, asked of the endpoint."""
    import pyoxigraph as ox

    from mbx.labels import labels_from_rows, labels_query

    if not iris:
        return {}
    response = sparql_request(url, labels_query(iris), accept=SPARQL_JSON, timeout=timeout)
    solutions = ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
    if isinstance(solutions, ox.QueryBoolean):
        return {}
    return labels_from_rows(tuple(solution) for solution in solutions)


def count_with_sparql(
    endpoint: str,
    graph: str | None,
    *,
    credentials: Credentials = ENDPOINT_CREDENTIALS,
    timeout: float | None = None,
) -> int:
    """The number of triples in ``graph`` (``None``: the default graph) by SPARQL COUNT."""
    import pyoxigraph as ox

    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    response = sparql_request(
        endpoint,
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}",
        accept=SPARQL_JSON,
        timeout=timeout,
        credentials=credentials,
    )
    try:
        solutions = ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
        for solution in solutions:  # type: ignore[union-attr]
            return int(solution["n"].value)
    except (SyntaxError, ValueError, TypeError, AttributeError) as exc:
        raise EnvironmentFailure(
            f"unexpected COUNT answer: {exc}", source=redact(endpoint)
        ) from None
    raise EnvironmentFailure("the COUNT query returned no row", source=redact(endpoint))
