"""The SPARQL protocol client: queries and updates sent to an endpoint, answers parsed once.

How a query travels (``--method``, SPARQL 1.1 Protocol §2.1):

- ``auto`` (the default): ``GET ?query=`` when the URL stays within
  :data:`URL_LIMIT` bytes, else a URL-encoded form ``POST`` (what Jena's
  and rdflib's clients do; every store answers both);
- ``get``, ``post-form``: always that;
- ``post-direct``: ``POST`` with ``Content-Type: application/sparql-query``
  (Virtuoso 7.2 never answers it: it waits for the client to close).

Updates go as a form ``POST`` (``update=``), or directly with
``post-direct``. Results are negotiated per query form: SPARQL JSON (XML
accepted) for SELECT and ASK, N-Triples (Turtle, RDF/XML accepted) for
CONSTRUCT and DESCRIBE. HTTP 400 means the endpoint rejected the text
(exit 2); any other failure is the environment's (exit 3).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from mbx.errors import EnvironmentFailure, QueryError, UsageError
from mbx.remote.http import (
    ENDPOINT_CREDENTIALS,
    Client,
    Credentials,
    check_url,
    media_type,
    reason,
    redact,
    refuse_xml_entities,
)

if TYPE_CHECKING:  # pragma: no cover
    import requests

    from mbx.sparql.analysis import QueryInfo
    from mbx.sparql.results import QueryResult

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
NTRIPLES = "application/n-triples"
#: the values of --method
METHODS = ("auto", "get", "post-form", "post-direct")
#: the longest URL a query is sent in by GET with --method auto (Jena's limit: 2 KiB);
#: Virtuoso cuts request lines at about 10,000 bytes
URL_LIMIT = 2048


def with_prefixes(text: str) -> str:
    """``text`` with PREFIX declarations for the MBX prefixes it uses but does not declare.

    They go on the first line, so the server's line numbers stay right.

    >>> with_prefixes("ASK { mbx:a ?p ?o }")
    'PREFIX mbx: <https://w3id.org/mbx/> ASK { mbx:a ?p ?o }'
    """
    from mbx.namespaces import PREFIXES
    from mbx.sparql.analysis import missing_prefixes

    return "".join(f"PREFIX {p}: <{PREFIXES[p]}> " for p in missing_prefixes(text)) + text


def how_to_send(url: str, text: str, *, update: bool, method: str = "auto") -> str:
    """``get``, ``post-form`` or ``post-direct``: how ``text`` goes to ``url``.

    >>> how_to_send("http://h/sparql", "ASK {}", update=False)
    'get'
    >>> how_to_send("http://h/sparql", "ASK { " + "?s ?p ?o . " * 300 + "}", update=False)
    'post-form'
    >>> how_to_send("http://h/sparql", "CLEAR ALL", update=True)
    'post-form'
    """
    if method not in METHODS:
        raise UsageError(f"--method must be one of {', '.join(METHODS)}, not {method!r}")
    if update:
        if method == "get":
            raise UsageError(
                "a SPARQL Update cannot be sent by GET",
                hint="use --method post-form or post-direct",
            )
        return "post-direct" if method == "post-direct" else "post-form"
    if method != "auto":
        return method
    separator = "&" if "?" in url else "?"
    fits = len(url) + len(separator) + len(urlencode({"query": text})) <= URL_LIMIT
    return "get" if fits else "post-form"


def sparql_request(
    url: str,
    text: str,
    *,
    accept: str,
    update: bool = False,
    method: str = "auto",
    client: Client | None = None,
    timeout: float | None = None,
    credentials: Credentials = ENDPOINT_CREDENTIALS,
) -> requests.Response:
    """Send a SPARQL query or update to ``url`` the way ``method`` says (see the module).

    An HTTP 400 answer means the endpoint rejected the query or update: that
    is the user's input, :class:`QueryError` (exit 2). Any other failure is
    :class:`EnvironmentFailure` (exit 3). Without ``client``, one is made from
    ``timeout`` and ``credentials``.
    """
    if client is None:
        with Client(credentials, timeout) as own:
            return sparql_request(
                url, text, accept=accept, update=update, method=method, client=own
            )
    how = how_to_send(url, text, update=update, method=method)
    key = "update" if update else "query"
    headers = {"Accept": accept}
    if how == "get":
        response = client.request(
            "GET", url, params={key: text}, headers=headers, ok_statuses=(400,)
        )
    elif how == "post-form":
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        body = urlencode({key: text}).encode("ascii")
        response = client.request("POST", url, data=body, headers=headers, ok_statuses=(400,))
    else:
        headers["Content-Type"] = f"application/sparql-{key}; charset=utf-8"
        response = client.request(
            "POST", url, data=text.encode("utf-8"), headers=headers, ok_statuses=(400,)
        )
    if response.status_code == 400:
        why = reason(response, client.credentials.secrets(url))
        raise QueryError(f"the endpoint rejected the {key}: {why}", source=redact(url))
    return response


def _located(exc: QueryError, shift: int, source: str) -> QueryError:
    """The endpoint's syntax error at the user's line (and column): Oxigraph, Jena, Virtuoso.

    The PREFIX declarations mbx added to line 1 (``shift`` characters) are
    taken off the column; the query Virtuoso echoes (with them) is dropped.
    """
    text = re.sub(r"\s*SPARQL query:.*$", "", exc.message)  # Virtuoso repeats the query
    text = text.replace("the endpoint", f"the endpoint {exc.source}", 1)
    for pattern in (r"error at (\d+):(\d+)", r"[Ll]ine (\d+), column (\d+)", r", line (\d+):"):
        match = re.search(pattern, text)
        if match and int(match.group(1)) > 0:  # Virtuoso says "line 0" when it knows none
            line = int(match.group(1))
            column = int(match.group(2)) if match.re.groups == 2 else None
            if line == 1 and column is not None:
                column = max(1, column - shift)
            message = re.sub(r"\s*:?\s*$", "", text[: match.start()])
            message += ("," if column is None else "") + text[match.end() :]
            return QueryError(message, source=source, line=line, column=column, hint=exc.hint)
    return QueryError(text, source=source, hint=exc.hint)


def execute_endpoint(
    url: str,
    text: str,
    info: QueryInfo,
    *,
    labels: bool = False,
    timeout: float | None = None,
    source: str = "query",
    kind: str | None = None,
    method: str = "auto",
    client: Client | None = None,
) -> QueryResult:
    """Send the query (or, for an update, the update) to a SPARQL 1.1 endpoint."""
    from mbx.sparql.results import QueryResult

    check_url(url, "--endpoint")
    if client is None:
        with Client(ENDPOINT_CREDENTIALS, timeout) as own:
            return execute_endpoint(
                url, text, info, labels=labels, source=source, kind=kind, method=method, client=own
            )
    body = with_prefixes(text)
    if info.is_update:
        try:
            sparql_request(url, body, accept="*/*", update=True, method=method, client=client)
        except QueryError as exc:
            raise _located(exc, len(body) - len(text), source) from None
        return QueryResult("UPDATE")
    if info.form in ("CONSTRUCT", "DESCRIBE"):
        accept = f"{NTRIPLES}, text/turtle;q=0.9, application/rdf+xml;q=0.5"
    else:
        accept = f"{SPARQL_JSON}, {SPARQL_XML};q=0.9"
    try:
        response = sparql_request(url, body, accept=accept, method=method, client=client)
    except QueryError as exc:
        raise _located(exc, len(body) - len(text), source) from None
    result = _read_answer(url, info.form, response.content, media_type(response), kind)
    expected = "ASK" if info.form == "ASK" else "SELECT" if info.form == "SELECT" else None
    if expected and result.form != expected:
        raise EnvironmentFailure(
            f"the endpoint answered a {info.form} query with {result.form} results",
            source=redact(url),
        )
    result.cut_at = _cut_at(response, result, kind)
    if labels and result.form == "SELECT":
        result.labels = _endpoint_labels(url, result.iris(), client)
    return result


def _cut_at(response: requests.Response, result: QueryResult, kind: str | None) -> int | None:
    """The endpoint's row limit (``X-SPARQL-MaxRows``, Virtuoso) if the answer reached it."""
    import pyoxigraph as ox

    value = response.headers.get("X-SPARQL-MaxRows", "").strip()
    if not value.isdigit() or result.form not in ("SELECT", "CONSTRUCT", "DESCRIBE"):
        return None
    if result.form == "SELECT" and kind:  # written as a document: count its solutions
        fmt = ox.QueryResultsFormat.from_media_type(media_type(response))
        answer = ox.parse_query_results(response.content, fmt) if fmt else None
        rows = sum(1 for _ in answer) if isinstance(answer, ox.QuerySolutions) else 0
    else:
        rows = len(result.rows) if result.form == "SELECT" else len(result.triples)
    return int(value) if rows >= int(value) else None


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


def _endpoint_labels(url: str, iris: list[str], client: Client) -> dict[str, str]:
    """The labels of ``iris`` by the one rule of mbx.labels, asked of the endpoint."""
    import pyoxigraph as ox

    from mbx.labels import labels_from_rows, labels_query

    if not iris:
        return {}
    response = sparql_request(url, labels_query(iris), accept=SPARQL_JSON, client=client)
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
    client: Client | None = None,
) -> int:
    """The number of triples in ``graph`` (``None``: the default graph) by SPARQL COUNT."""
    import pyoxigraph as ox

    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    response = sparql_request(
        endpoint,
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}",
        accept=SPARQL_JSON,
        client=client,
        credentials=credentials,
        timeout=timeout,
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
