"""Talk to remote triple stores: HTTP helpers, SPARQL endpoints, Graph Store Protocol.

``mbx load`` pushes the MBX graph into a running store over the SPARQL 1.1
Graph Store HTTP Protocol (GSP): ``PUT`` replaces a graph, ``POST`` adds to
it. ``mbx query --endpoint`` sends SPARQL over HTTP with :func:`sparql_request`.

Credentials come from the environment (``MBX_STORE_USER`` /
``MBX_STORE_PASSWORD`` for ``mbx load``, ``MBX_ENDPOINT_USER`` /
``MBX_ENDPOINT_PASSWORD`` for ``mbx query``), from user info in the URL, or
from ``~/.netrc`` (requests reads it). They never appear in a message: URLs
are shown without their user info and a password echoed by a server is
masked.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit, urlunsplit

from mbx.errors import CheckFailed, EnvironmentFailure, QueryError, UsageError, one_line
from mbx.namespaces import GRAPH

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph
    import requests

#: The named graph ``mbx load`` replaces when neither --graph nor --by-source is given.
DEFAULT_LOAD_GRAPH = GRAPH + "all"

#: Bodies at least this large get a progress bar even when stderr is not a terminal.
PROGRESS_THRESHOLD = 16 * 1024 * 1024

NTRIPLES = "application/n-triples"
TURTLE = "text/turtle"
SPARQL_JSON = "application/sparql-results+json"


#: the longest --timeout accepted (a week), so that it fits every clock and socket API
MAX_TIMEOUT = 7 * 24 * 3600.0


def check_timeout(timeout: float | None) -> None:
    """Refuse a timeout that is not a positive, finite number of seconds (exit 2)."""
    if timeout is not None and not 0 < timeout <= MAX_TIMEOUT:  # also refuses nan
        raise UsageError(
            f"--timeout must be a positive number of seconds, at most {MAX_TIMEOUT:g}"
        )


def check_url(url: str, option: str) -> None:
    """Refuse what is not an ``http(s)://host…`` URL (exit 2), without echoing it.

    The URL is not shown: written without its scheme, ``user:password@host``
    would not be recognised as user info and would leak.
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise UsageError(f"{option}: not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"{option}: not an http:// or https:// URL",
            hint="write it in full, e.g. http://127.0.0.1:7878/store",
        )


def check_graph_iri(graph: str) -> None:
    """Refuse a --graph value that is not an absolute IRI (exit 2), before any request."""
    import pyoxigraph as ox

    if not graph.startswith(("http://", "https://", "urn:")):
        raise UsageError(f"--graph must be an absolute IRI, not {graph!r}")
    try:
        ox.NamedNode(graph)
    except ValueError as exc:
        raise UsageError(f"--graph is not a valid IRI: {exc}") from None


def load_target(graph: str | None, *, default_graph: bool, by_source: bool) -> str | None:
    """The graph ``mbx load`` replaces: ``graph``, the default graph (None) or the MBX default.

    With ``by_source`` the dataset's own graphs are used, so ``graph`` and
    ``default_graph`` must not be given.
    """
    if by_source and (graph or default_graph):
        raise UsageError("--by-source chooses the graphs itself; drop --graph/--default-graph")
    if graph and default_graph:
        raise UsageError("give --graph or --default-graph, not both")
    if graph is not None:
        check_graph_iri(graph)
    return None if default_graph else (graph or DEFAULT_LOAD_GRAPH)


def redact(url: str) -> str:
    """``url`` without user name and password.

    >>> redact("http://alice:s3cret@example.org:3030/ds/data?graph=x")
    'http://example.org:3030/ds/data?graph=x'
    """
    try:
        parts = urlsplit(url)
    except ValueError:  # unparsable: drop anything that looks like user info
        return re.sub(r"^([^/]*//)?[^/@]*@", r"\1", url)
    if "@" not in parts.netloc:
        return re.sub(r"^[^/@]*@", "", url) if not parts.scheme else url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


@dataclass(frozen=True)
class Credentials:
    """Basic-auth credentials read from two environment variables (or none)."""

    user_variable: str
    password_variable: str

    def auth(self) -> tuple[str, str] | None:
        """``(user, password)`` from the environment, or None (then URL user info or netrc)."""
        user = os.environ.get(self.user_variable)
        if not user:
            return None
        return user, os.environ.get(self.password_variable, "")

    def secrets(self, url: str) -> list[str]:
        """Every secret that must never be shown: the password and the URL's user info."""
        found = [os.environ.get(self.password_variable, "")]
        parts = urlsplit(url)
        if parts.password:
            found.append(parts.password)
        return [s for s in found if len(s) >= 3]


STORE_CREDENTIALS = Credentials("MBX_STORE_USER", "MBX_STORE_PASSWORD")
ENDPOINT_CREDENTIALS = Credentials("MBX_ENDPOINT_USER", "MBX_ENDPOINT_PASSWORD")


def _mask(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def _reason(response: requests.Response, secrets: Sequence[str]) -> str:
    """A short, one-line reason from an error response (its body, trimmed)."""
    body = response.text if response.content else ""
    body = (
        re.sub(r"<[^>]+>", " ", body)
        if "html" in response.headers.get("Content-Type", "")
        else body
    )
    body = one_line(body)
    text = f"HTTP {response.status_code} {response.reason or ''}".rstrip()
    return _mask(f"{text}: {body}" if body else text, secrets)


def http(
    method: str,
    url: str,
    *,
    credentials: Credentials,
    headers: dict[str, str] | None = None,
    data: Any = None,
    timeout: float | None = None,
    ok_statuses: Sequence[int] = (),
) -> requests.Response:
    """Send one HTTP request; failures become one-line :class:`EnvironmentFailure` (exit 3).

    Statuses of 400 and above raise unless listed in ``ok_statuses``.
    """
    import requests

    shown = redact(url)
    secrets = credentials.secrets(url)
    try:
        response = requests.request(
            method,
            url,
            headers=headers,
            data=data,
            auth=credentials.auth(),
            timeout=(10.0 if timeout is None else min(10.0, timeout), timeout),
        )
    except requests.exceptions.Timeout:
        raise EnvironmentFailure(f"no answer within {timeout:g} s", source=shown) from None
    except requests.exceptions.ConnectionError as exc:
        raise EnvironmentFailure(
            f"cannot connect ({_connection_reason(exc)})",
            source=shown,
            hint="is the server running and the URL right?",
        ) from None
    except requests.exceptions.RequestException as exc:
        raise EnvironmentFailure(_mask(f"request failed: {exc}", secrets), source=shown) from None
    if response.status_code >= 400 and response.status_code not in ok_statuses:
        raise EnvironmentFailure(_reason(response, secrets), source=shown)
    return response


def _connection_reason(exc: Exception) -> str:
    text = str(exc)
    for pattern, reason in (
        (r"Connection refused|Errno 111", "connection refused"),
        (
            r"Name or service not known|nodename nor servname|getaddrinfo failed|Errno -[23]",
            "unknown host",
        ),
        (r"timed out", "timed out"),
        (r"SSL|certificate", "TLS error"),
    ):
        if re.search(pattern, text):
            return reason
    return "network error"


# --- SPARQL over HTTP ---------------------------------------------------------


def sparql_request(
    url: str,
    text: str,
    *,
    accept: str,
    update: bool = False,
    timeout: float | None = None,
    credentials: Credentials = ENDPOINT_CREDENTIALS,
) -> requests.Response:
    """POST a SPARQL query (``application/sparql-query``) or update to ``url``.

    An HTTP 400 answer means the endpoint rejected the query or update: that
    is the user's input, :class:`QueryError` (exit 2). Any other failure is
    :class:`EnvironmentFailure` (exit 3).
    """
    content_type = "application/sparql-update" if update else "application/sparql-query"
    response = http(
        "POST",
        url,
        credentials=credentials,
        headers={"Content-Type": content_type + "; charset=utf-8", "Accept": accept},
        data=text.encode("utf-8"),
        timeout=timeout,
        ok_statuses=(400,),
    )
    if response.status_code == 400:
        what = "update" if update else "query"
        raise QueryError(
            f"the endpoint rejected the {what}: {_reason(response, credentials.secrets(url))}",
            source=redact(url),
        )
    return response


def count_with_sparql(
    endpoint: str, graph: str | None, *, credentials: Credentials, timeout: float | None = None
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


# --- Graph Store Protocol -----------------------------------------------------


def graph_url(store_url: str, graph: str | None) -> str:
    """The GSP URL of ``graph`` (``None``: the default graph) at ``store_url``.

    >>> graph_url("http://127.0.0.1:7878/store", "https://w3id.org/mbx/graph/000")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fmbx%2Fgraph%2F000'
    >>> graph_url("http://127.0.0.1:7878/store", None)
    'http://127.0.0.1:7878/store?default'
    """
    separator = "&" if "?" in store_url else "?"
    if graph is None:
        return f"{store_url}{separator}default"
    return f"{store_url}{separator}graph={quote(graph, safe='')}"


def refuse_xml_entities(data: bytes, media_type: str, what: str, url: str) -> None:
    """A server's XML answer that declares entities is refused before any parser sees it."""
    from mbx.rdfio import xml_entity_declaration

    if "xml" in media_type.lower() and xml_entity_declaration(data) is not None:
        raise EnvironmentFailure(
            f"{what} declares XML entities: refused (entity expansion / XXE)", source=redact(url)
        )


def count_with_gsp(
    store_url: str, graph: str | None, *, credentials: Credentials, timeout: float | None = None
) -> int:
    """The number of triples in ``graph``: GSP GET, parsed; a missing graph (404) holds 0."""
    import pyoxigraph as ox

    url = graph_url(store_url, graph)
    response = http(
        "GET",
        url,
        credentials=credentials,
        headers={"Accept": f"{NTRIPLES}, {TURTLE};q=0.9, application/rdf+xml;q=0.5"},
        timeout=timeout,
        ok_statuses=(404,),
    )
    if response.status_code == 404:
        return 0
    media_type = response.headers.get("Content-Type", NTRIPLES).split(";")[0].strip()
    fmt = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.N_TRIPLES
    refuse_xml_entities(
        response.content, media_type, f"the graph the store sent back ({media_type})", store_url
    )
    try:
        return sum(1 for _ in ox.parse(response.content, format=fmt))
    except (SyntaxError, ValueError) as exc:
        raise EnvironmentFailure(
            f"cannot parse the graph the store sent back ({media_type}): {exc}",
            source=redact(store_url),
        ) from None


@dataclass
class LoadReport:
    """What one GSP request did."""

    graph: str | None  # None: the default graph
    sent: int
    count: int
    before: int | None = None  # with --append: the count before loading

    @property
    def graph_name(self) -> str:
        """``<iri>`` or ``the default graph``."""
        return f"<{self.graph}>" if self.graph else "the default graph"


class _Body:
    """A request body sent in chunks, reporting progress (requests sets Content-Length)."""

    def __init__(self, data: bytes, advance: Callable[[int], None] | None) -> None:
        self.data = data
        self.advance = advance

    def __len__(self) -> int:
        return len(self.data)

    def __iter__(self) -> Iterator[bytes]:
        view = memoryview(self.data)
        step = 1024 * 1024
        for start in range(0, len(self.data), step):
            chunk = bytes(view[start : start + step])
            yield chunk
            if self.advance is not None:
                self.advance(len(chunk))


def group_triples(
    quads: Sequence[pyoxigraph.Quad],
    *,
    graph: str | None = DEFAULT_LOAD_GRAPH,
    by_source: bool = False,
) -> dict[str | None, list[pyoxigraph.Triple]]:
    """The triples to send to each target graph (``None``: the default graph).

    Without ``by_source`` every triple (graph names dropped, duplicates
    removed) goes to ``graph``; with it, each quad goes to its own graph and
    default-graph triples to the default graph.
    """
    import pyoxigraph as ox

    targets: dict[str | None, dict[ox.Triple, None]] = {}
    for quad in quads:
        if by_source:
            name = quad.graph_name
            if isinstance(name, ox.BlankNode):
                raise UsageError(
                    "--by-source cannot load a graph named by a blank node: the Graph Store "
                    "Protocol names graphs by IRI",
                    hint="give it an IRI in the file, or load everything into one --graph IRI",
                )
            key = None if isinstance(name, ox.DefaultGraph) else str(name.value)
        else:
            key = graph
        targets.setdefault(key, {})[ox.Triple(quad.subject, quad.predicate, quad.object)] = None
    return {key: list(triples) for key, triples in targets.items()}


def load_into_store(
    store_url: str,
    quads: Sequence[pyoxigraph.Quad],
    *,
    graph: str | None = DEFAULT_LOAD_GRAPH,
    by_source: bool = False,
    append: bool = False,
    endpoint: str | None = None,
    turtle: bool = False,
    progress: bool | None = None,
    timeout: float | None = None,
    credentials: Credentials = STORE_CREDENTIALS,
) -> list[LoadReport]:
    """Push ``quads`` into the store at ``store_url`` over GSP and count what landed.

    ``graph=None`` targets the default graph. ``append`` uses POST (add)
    instead of PUT (replace). The triples of each target graph are counted
    afterwards by SPARQL COUNT on ``endpoint`` when given, else by GSP GET;
    :class:`CheckFailed` (exit 1) if the count does not match what was sent.
    Bodies are N-Triples (``turtle``: the same bytes sent as ``text/turtle``).
    """
    import pyoxigraph as ox

    check_timeout(timeout)
    check_url(store_url, "--store-url")
    if endpoint:
        check_url(endpoint, "--endpoint")
    if not quads:
        raise UsageError("nothing to load", hint="give -i FILE or drop --no-bundled")
    reports = []
    for target, triples in group_triples(quads, graph=graph, by_source=by_source).items():

        def count(target: str | None = target) -> int:
            # the default graph by GSP GET even with --endpoint: a server whose default
            # graph is the union of all graphs would count every graph in it
            if endpoint and target is not None:
                return count_with_sparql(endpoint, target, credentials=credentials, timeout=timeout)
            return count_with_gsp(store_url, target, credentials=credentials, timeout=timeout)

        before = count() if append else None
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        _send(
            store_url,
            target,
            body,
            append=append,
            turtle=turtle,
            progress=progress,
            timeout=timeout,
            credentials=credentials,
        )
        report = LoadReport(target, len(triples), count(), before)
        _check(report)
        reports.append(report)
    return reports


def _send(
    store_url: str,
    target: str | None,
    body: bytes,
    *,
    append: bool,
    turtle: bool,
    progress: bool | None,
    timeout: float | None,
    credentials: Credentials,
) -> None:
    headers = {"Content-Type": (TURTLE if turtle else NTRIPLES) + "; charset=utf-8"}
    method = "POST" if append else "PUT"
    url = graph_url(store_url, target)
    show = (
        progress
        if progress is not None
        else (len(body) >= PROGRESS_THRESHOLD or sys.stderr.isatty())
    )
    with ExitStack() as stack:
        advance: Callable[[int], None] | None = None
        if show:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TransferSpeedColumn,
            )

            bar = stack.enter_context(
                Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    DownloadColumn(),
                    TransferSpeedColumn(),
                    console=Console(stderr=True),
                    transient=True,
                )
            )
            name = f"<{target}>" if target else "default graph"
            task = bar.add_task(f"{method} {name}", total=len(body))

            def advance(n: int) -> None:
                bar.advance(task, n)

        http(
            method,
            url,
            credentials=credentials,
            headers=headers,
            data=_Body(body, advance),
            timeout=timeout,
        )


def _check(report: LoadReport) -> None:
    if report.before is None:
        if report.count != report.sent:
            raise CheckFailed(
                f"{report.graph_name} holds {report.count} triples after loading, "
                f"but {report.sent} were sent"
            )
        return
    low, high = max(report.before, report.sent), report.before + report.sent
    if not low <= report.count <= high:
        raise CheckFailed(
            f"{report.graph_name} holds {report.count} triples after adding {report.sent} "
            f"to {report.before}; expected between {low} and {high}"
        )
