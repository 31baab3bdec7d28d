"""``mbx load``: push quads into a remote store over the Graph Store Protocol and check what landed.

``PUT`` replaces a graph, ``POST`` adds to it (SPARQL 1.1 Graph Store HTTP
Protocol). Each target graph is checked after it is sent (``--verify``):
``exact`` fetches it back and compares it with what was sent
(mbx.remote.verify), ``count`` counts its triples, ``none`` trusts the
store. Graphs are reported one by one as they land, so a failure partway
still tells what was loaded before it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from mbx.errors import CheckFailed, EnvironmentFailure, UsageError
from mbx.namespaces import GRAPH
from mbx.progress import bar as progress_bar
from mbx.remote.http import (
    STORE_CREDENTIALS,
    Client,
    Credentials,
    check_timeout,
    check_url,
    media_type,
    redact,
    refuse_xml_entities,
)

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

    from mbx.export.lines import Lines, Source
    from mbx.remote.verify import Comparison

#: The named graph ``mbx load`` replaces when neither --graph nor --by-source is given.
DEFAULT_LOAD_GRAPH = GRAPH + "all"

NTRIPLES = "application/n-triples"
TURTLE = "text/turtle"
#: the values of --verify; the first is the default
VERIFY_MODES = ("exact", "count", "none")


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


def count_with_gsp(
    store_url: str,
    graph: str | None,
    *,
    credentials: Credentials = STORE_CREDENTIALS,
    timeout: float | None = None,
    client: Client | None = None,
) -> int:
    """The number of triples in ``graph``: GSP GET, parsed; a missing graph (404) holds 0."""
    import pyoxigraph as ox

    if client is None:
        with Client(credentials, timeout) as own:
            return count_with_gsp(store_url, graph, client=own)
    url = graph_url(store_url, graph)
    response = client.request(
        "GET",
        url,
        headers={"Accept": f"{NTRIPLES}, {TURTLE};q=0.9, application/rdf+xml;q=0.5"},
        ok_statuses=(404,),
    )
    if response.status_code == 404:
        return 0
    media = media_type(response, NTRIPLES)
    fmt = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
    refuse_xml_entities(response.content, media, f"the graph the store sent back ({media})", url)
    try:
        return sum(1 for _ in ox.parse(response.content, format=fmt))
    except (SyntaxError, ValueError) as exc:
        raise EnvironmentFailure(
            f"cannot parse the graph the store sent back ({media}): {exc}",
            source=redact(url),
        ) from None


@dataclass
class LoadReport:
    """What one GSP request did."""

    graph: str | None  # None: the default graph
    sent: int
    count: int | None  # None: not checked (--verify none)
    before: int | None = None  # with --append: the count before loading
    comparison: Comparison | None = None  # --verify exact

    @property
    def graph_name(self) -> str:
        """``<iri>`` or ``the default graph``."""
        return f"<{self.graph}>" if self.graph else "the default graph"


class _Body:
    """A request body of N-Triples lines, joined and sent a block at a time, reporting progress.

    Only one block (about 1 MB) exists as bytes at a time: the lines are the
    one copy of the data. ``len`` is the exact size, so requests sets
    Content-Length.
    """

    def __init__(self, lines: Sequence[bytes], advance: Callable[[int], None] | None) -> None:
        self.lines = lines
        self.advance = advance
        self.size = sum(map(len, lines)) + len(lines)

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[bytes]:
        block: list[bytes] = []
        size = 0
        for line in self.lines:
            block.append(line)
            size += len(line) + 1
            if size >= 1 << 20:
                yield self._joined(block)
                block, size = [], 0
        if block:
            yield self._joined(block)

    def _joined(self, block: list[bytes]) -> bytes:
        chunk = b"\n".join(block) + b"\n"
        if self.advance is not None:
            self.advance(len(chunk))
        return chunk


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
        targets.setdefault(key, {})[quad.triple] = None
    return {key: list(triples) for key, triples in targets.items()}


def group_lines(
    lines: Lines, *, graph: str | None = DEFAULT_LOAD_GRAPH, by_source: bool = False
) -> dict[str | None, list[bytes]]:
    """The N-Triples lines to send to each target graph (``None``: the default graph).

    ``lines`` are sorted and distinct: triples (their union) unless
    ``by_source``, then quads, split by graph (default-graph triples to the
    default graph), the default graph first, then the graphs by name.
    """
    from mbx.export.nquads import split_graphs

    if not by_source:
        return {graph: lines.lines}
    targets: dict[str | None, list[bytes]] = {}
    for name, triples in split_graphs(lines.lines).items():
        if name.startswith(b"_:"):
            raise UsageError(
                "--by-source cannot load a graph named by a blank node: the Graph Store "
                "Protocol names graphs by IRI",
                hint="give it an IRI in the file, or load everything into one --graph IRI",
            )
        targets[name[1:-1].decode() if name else None] = triples
    # the default graph first, then the graphs by name
    return dict(sorted(targets.items(), key=lambda item: item[0] or ""))


def load_into_store(
    store_url: str,
    data: Sequence[Source] | Sequence[pyoxigraph.Quad],
    *,
    graph: str | None = DEFAULT_LOAD_GRAPH,
    by_source: bool = False,
    append: bool = False,
    endpoint: str | None = None,
    turtle: bool = False,
    progress: bool | None = None,
    timeout: float | None = None,
    credentials: Credentials = STORE_CREDENTIALS,
    verify: str = "exact",
    allow_redirects: bool = False,
) -> Iterator[LoadReport]:
    """Push ``data`` into the store at ``store_url`` over GSP; yield each graph as it lands.

    ``data`` is sources (mbx.export.lines: files are parsed as they are read
    and the data is held once, as sorted distinct N-Triples lines) or quads.
    ``graph=None`` targets the default graph. ``append`` uses POST (add)
    instead of PUT (replace). ``verify`` checks each target graph afterwards:
    ``exact`` fetches it back and compares it with what was sent (rewritten
    literals are reported in :attr:`LoadReport.comparison`), ``count``
    counts it (by SPARQL COUNT on ``endpoint`` when given, else by GSP GET),
    ``none`` does not look. Missing or extra triples, or a wrong count, raise
    :class:`CheckFailed` (exit 1) after the graphs loaded before have been
    yielded. Bodies are N-Triples (``turtle``: the same bytes sent as
    ``text/turtle``). Every option and the grouping are checked before the
    first request. Progress bars (reading, then each body) are shown on a
    terminal, or as ``progress`` says.
    """
    from mbx.export.lines import Source

    check_timeout(timeout)
    check_url(store_url, "--store-url")
    if endpoint:
        check_url(endpoint, "--endpoint")
    if verify not in VERIFY_MODES:
        raise UsageError(f"--verify must be one of {', '.join(VERIFY_MODES)}, not {verify!r}")
    sources = [item for item in data if isinstance(item, Source)]
    if len(sources) != len(data):
        sources = [Source(quads=[q for q in data if not isinstance(q, Source)])]
    show = progress if progress is not None else sys.stderr.isatty()
    lines = _read(sources, by_source, show)
    if not lines.lines:
        raise UsageError("nothing to load", hint="give -i FILE or drop --no-bundled")
    groups = group_lines(lines, graph=graph, by_source=by_source)
    client = Client(credentials, timeout, allow_redirects)
    return _load_groups(
        client,
        store_url,
        groups,
        append=append,
        endpoint=endpoint,
        turtle=turtle,
        progress=show,
        verify=verify,
    )


def _read(sources: Sequence[Source], by_source: bool, show: bool) -> Lines:
    """The sources as sorted distinct lines (parser's blank-node labels), with a reading bar."""
    from mbx.export.lines import collect_lines

    total = sum(source.size() for source in sources)
    if not show or not total:
        return collect_lines(sources, quads=by_source, canonical=False)
    with progress_bar() as bar:
        task = bar.add_task("reading", total=total)
        return collect_lines(
            sources,
            quads=by_source,
            canonical=False,
            progress=lambda done: bar.update(task, completed=done),
        )


def _load_groups(
    client: Client,
    store_url: str,
    groups: dict[str | None, list[bytes]],
    *,
    append: bool,
    endpoint: str | None,
    turtle: bool,
    progress: bool,
    verify: str,
) -> Iterator[LoadReport]:
    from mbx.remote.bounded import partial_load

    with client, partial_load(len(groups)) as done:
        for report in _load_each(
            client,
            store_url,
            groups,
            append=append,
            endpoint=endpoint,
            turtle=turtle,
            progress=progress,
            verify=verify,
        ):
            done.append(report.graph)
            yield report


def _load_each(
    client: Client,
    store_url: str,
    groups: dict[str | None, list[bytes]],
    *,
    append: bool,
    endpoint: str | None,
    turtle: bool,
    progress: bool,
    verify: str,
) -> Iterator[LoadReport]:
    from mbx.remote.endpoint import count_with_sparql
    from mbx.remote.verify import compare_lines, fetch_graph_lines

    for target, lines in groups.items():

        def count(target: str | None = target) -> int:
            # the default graph by GSP GET even with --endpoint: a server whose default
            # graph is the union of all graphs would count every graph in it
            if endpoint and target is not None:
                return count_with_sparql(endpoint, target, client=client)
            return count_with_gsp(store_url, target, client=client)

        before = count() if append and verify != "none" else None
        _send(client, store_url, target, lines, append=append, turtle=turtle, progress=progress)
        report = LoadReport(target, len(lines), None, before)
        if verify == "count":
            report.count = count()
        elif verify == "exact":
            fetched = fetch_graph_lines(
                client, graph_url(store_url, target), target, endpoint=endpoint, sent=len(lines)
            )
            report.count = len(fetched.lines)
            report.comparison = compare_lines(
                lines, fetched.lines, subset=append, blank_labels_stable=not fetched.paged
            )
        _check(report, counted_by_gsp=endpoint is None or target is None)
        yield report


def _send(
    client: Client,
    store_url: str,
    target: str | None,
    lines: Sequence[bytes],
    *,
    append: bool,
    turtle: bool,
    progress: bool,
) -> None:
    headers = {"Content-Type": (TURTLE if turtle else NTRIPLES) + "; charset=utf-8"}
    method = "POST" if append else "PUT"
    body = _Body(lines, None)
    with ExitStack() as stack:
        if progress:
            bar = stack.enter_context(progress_bar())
            name = f"<{target}>" if target else "default graph"
            task = bar.add_task(f"{method} {name}", total=len(body))

            def advance(n: int) -> None:
                bar.advance(task, n)

            body.advance = advance
        try:
            client.request(method, graph_url(store_url, target), headers=headers, data=body)
        except EnvironmentFailure as exc:
            if target is not None or exc.hint or not exc.message.startswith("HTTP 5"):
                raise
            raise EnvironmentFailure(
                exc.message,
                source=exc.source,
                hint="some stores have no default graph over GSP (Virtuoso): give --graph IRI",
            ) from None


#: what to try when a graph read back by GSP GET holds fewer triples than were sent
_CAPPED = "if the store cuts GSP answers short (Virtuoso: ResultSetMaxRows), give --endpoint"


def _check(report: LoadReport, *, counted_by_gsp: bool) -> None:
    """Raise :class:`CheckFailed` when the graph lost or gained triples."""
    comparison = report.comparison
    if comparison is not None and comparison.lost:
        hint = _CAPPED if counted_by_gsp and comparison.missing and report.graph else None
        raise CheckFailed(
            f"{report.graph_name} differs from what was sent: {comparison.describe_loss()}",
            hint=hint,
        )
    if report.count is None:
        return
    if report.before is None:
        if report.count != report.sent:
            short = report.count < report.sent and counted_by_gsp and report.graph is not None
            raise CheckFailed(
                f"{report.graph_name} holds {report.count} triples after loading, "
                f"but {report.sent} were sent",
                hint=_CAPPED if short else None,
            )
        return
    low, high = max(report.before, report.sent), report.before + report.sent
    if not low <= report.count <= high:
        raise CheckFailed(
            f"{report.graph_name} holds {report.count} triples after adding {report.sent} "
            f"to {report.before}; expected between {low} and {high}"
        )
