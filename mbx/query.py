"""Run SPARQL over the MBX graph: embedded (pyoxigraph), a local store, or an endpoint.

The embedded engine is pyoxigraph. The bundled quads (and any ``-i`` files)
are bulk-loaded into an in-memory :class:`pyoxigraph.Store`, or into an
on-disk store (``store_dir``) that is loaded once and reused. Queries run
with ``use_default_graph_as_union=True``: a pattern outside ``GRAPH`` sees
the triples of every graph. The MBX prefixes (:data:`mbx.namespaces.PREFIXES`)
are predeclared.

Queries are read-only: a SPARQL Update is refused unless ``update=True``, and
``SERVICE`` (which makes the engine fetch remote data) unless
``allow_service=True``. Both are detected by :func:`analyse`, a tokenizer
that skips comments, strings and IRIs.

Every engine returns a :class:`QueryResult` holding the answer as bytes
(SPARQL JSON results, or N-Triples), so the same formatting code serves all.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mbx.errors import (
    EnvironmentFailure,
    InputError,
    MbxError,
    QueryError,
    UsageError,
    one_line,
)

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATE_KEYWORDS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
)
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
NTRIPLES = "application/n-triples"

#: Output formats of SELECT/ASK results (besides the human ``table``).
RESULT_FORMATS = ("csv", "tsv", "json", "xml")
#: The file in a --store folder that records what was loaded.
STORE_MARKER = "mbx-store.json"


# --- the query library ----------------------------------------------------------


@dataclass(frozen=True)
class LibraryQuery:
    """One documented query shipped with mbx."""

    name: str
    path: Path
    question: str


def library() -> list[LibraryQuery]:
    """The shipped queries (``*.rq`` in :func:`mbx.resources.queries_dir`), by name."""
    from mbx.resources import queries_dir

    try:
        folder = queries_dir()
    except FileNotFoundError as exc:
        raise EnvironmentFailure(str(exc)) from None
    found = []
    for path in sorted(folder.glob("*.rq")):
        question = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"\s*#\s*Question:\s*(.*\S)", line)
            if match:
                question = match.group(1)
                break
        found.append(LibraryQuery(path.stem, path, question))
    return found


def find_query(name: str) -> LibraryQuery:
    """The shipped query called ``name`` (its file stem)."""
    queries = library()
    for query in queries:
        if query.name == name:
            return query
    import difflib

    close = difflib.get_close_matches(name, [q.name for q in queries], n=3)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise UsageError(f"no shipped query named {name!r}", hint=hint + "see `mbx query --list`")


def read_query(
    text: str | None = None, *, file: str | None = None, name: str | None = None
) -> tuple[str, str]:
    """The query text and the name errors report: inline, a file (``-``: stdin) or a name."""
    given = [x for x in (text, file, name) if x is not None]
    if len(given) != 1:
        raise UsageError(
            "give exactly one query: QUERY, -q/--query-file FILE or --name NAME"
            if given
            else "no query given",
            hint="see `mbx query --help`; `mbx query --list` shows the shipped queries",
        )
    if text is not None:
        return text, "query"
    if name is not None:
        path = find_query(name).path
        return path.read_text(encoding="utf-8"), str(path)
    assert file is not None
    from mbx.rdfio import read_bytes

    data = read_bytes(file)
    try:
        # a byte order mark (Windows editors) is not part of the query
        return data.decode("utf-8").removeprefix("\ufeff"), ("<stdin>" if file == "-" else file)
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=file) from None


# --- analysis -------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'{1,2}(?!'))*'''
      | \"\"\"(?:[^"\\]|\\.|"{1,2}(?!"))*\"\"\"
      | '(?:[^'\\\n]|\\.)*'
      | "(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:[\w\-:%]|\\.|\.(?=[\w\-:%]))*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class QueryInfo:
    """What :func:`analyse` found in a query or update."""

    form: str  # SELECT, CONSTRUCT, ASK, DESCRIBE, UPDATE, or "" when unknown
    uses_service: bool  # SERVICE or LOAD: the engine would fetch remote data
    used_prefixes: frozenset[str]
    declared_prefixes: frozenset[str]

    @property
    def is_update(self) -> bool:
        """True for a SPARQL Update request."""
        return self.form == "UPDATE"


def analyse(text: str) -> QueryInfo:
    """The form of ``text`` and whether it uses ``SERVICE``, ignoring comments, strings and IRIs.

    >>> analyse('# SERVICE in a comment\\nSELECT * { ?s ?p "SERVICE" }').uses_service
    False
    >>> analyse("PREFIX ex: <http://ex/> INSERT DATA { ex:a ex:b ex:c }").form
    'UPDATE'
    """
    form = ""
    service = False
    used: set[str] = set()
    declared: set[str] = set()
    after_prefix = False
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind in ("ws", "comment"):
            continue
        if kind == "pname":
            prefix = value.split(":", 1)[0]
            (declared if after_prefix else used).add(prefix)
        elif kind == "word":
            keyword = value.upper()
            if keyword in ("SERVICE", "LOAD"):
                service = True  # both make the engine fetch data from other servers
            if not form and keyword in QUERY_FORMS:
                form = keyword
            elif not form and keyword in UPDATE_KEYWORDS:
                form = "UPDATE"
        after_prefix = kind == "word" and value.upper() == "PREFIX"
    return QueryInfo(form, service, frozenset(used), frozenset(declared))


def check_allowed(info: QueryInfo, source: str, *, update: bool, allow_service: bool) -> None:
    """Refuse an update without ``update`` and SERVICE without ``allow_service`` (exit 2)."""
    if info.is_update and not update:
        raise QueryError(
            "SPARQL Update refused: mbx query is read-only",
            source=source,
            hint="give --update to apply it to a --store or an --endpoint",
        )
    if info.uses_service and not allow_service:
        raise QueryError(
            "SERVICE/LOAD refused: it makes the engine fetch data from other servers",
            source=source,
            hint="give --allow-service if you mean it",
        )


def _syntax_error(exc: SyntaxError, source: str, text: str = "") -> QueryError:
    message = str(exc)
    line = column = None
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if match:
        line, column, message = int(match.group(1)), int(match.group(2)), match.group(3)
    return QueryError(_syntax_message(message, text), source=source, line=line, column=column)


def _syntax_message(message: str, text: str) -> str:
    """One short line from a parser's message (which may list every expected character)."""
    from mbx.namespaces import PREFIXES

    if "Prefix not found" in message and text:
        info = analyse(text)
        unknown = sorted(info.used_prefixes - info.declared_prefixes - set(PREFIXES))
        if unknown:
            names = ", ".join(f"'{name}:'" for name in unknown)
            return f"SPARQL syntax error: undeclared prefix {names}; add a PREFIX declaration"
    return f"SPARQL syntax error: {one_line(message, 160)}"


# --- results --------------------------------------------------------------------


@dataclass
class QueryResult:
    """The answer of one query, engine-independent.

    ``data`` holds SPARQL results (``data_type`` a SPARQL results media
    type) for SELECT and ASK, or RDF for CONSTRUCT and DESCRIBE (an RDF media
    type); nothing for an update.
    """

    form: str
    data: bytes = b""
    data_type: str = SPARQL_JSON
    labels: dict[str, str] = field(default_factory=dict)
    loaded: int | None = None  # quads bulk-loaded into a --store by this run

    def solutions(self) -> pyoxigraph.QuerySolutions:
        """The SELECT solutions (a fresh iterator each call)."""
        import pyoxigraph as ox

        results = ox.parse_query_results(self.data, _results_format(self.data_type))
        if isinstance(results, ox.QueryBoolean):
            raise QueryError("expected SELECT results, got a boolean")
        return results

    @property
    def boolean(self) -> bool:
        """The answer of an ASK query."""
        import pyoxigraph as ox

        results = ox.parse_query_results(self.data, _results_format(self.data_type))
        if not isinstance(results, ox.QueryBoolean):
            raise QueryError("expected an ASK result, got solutions")
        return bool(results)

    def triples(self) -> list[pyoxigraph.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE answer."""
        import pyoxigraph as ox

        fmt = ox.RdfFormat.from_media_type(self.data_type) or ox.RdfFormat.N_TRIPLES
        return [
            ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(self.data, format=fmt)
        ]


def _results_format(media_type: str) -> pyoxigraph.QueryResultsFormat:
    import pyoxigraph as ox

    fmt = ox.QueryResultsFormat.from_media_type(media_type)
    if fmt is None:
        raise EnvironmentFailure(f"unsupported SPARQL results type {media_type!r}")
    return fmt


# --- the embedded engine --------------------------------------------------------


@dataclass(frozen=True)
class EmbeddedRequest:
    """Everything the embedded engine needs (picklable: it may run in a child process)."""

    text: str
    source: str
    form: str
    inputs: tuple[tuple[str, bytes | None], ...] = ()  # (source, bytes if pre-read e.g. stdin)
    bundled: bool = True
    input_format: str | None = None
    store_dir: str | None = None
    labels: bool = False


def _read_inputs(inputs: Sequence[str]) -> tuple[tuple[str, bytes | None], ...]:
    from mbx.rdfio import read_bytes

    return tuple((s, read_bytes(s) if s == "-" else None) for s in inputs)


def _parse_inputs(request: EmbeddedRequest) -> list[pyoxigraph.Quad]:
    from mbx.graph import load_quads

    return load_quads(
        [source for source, _ in request.inputs],
        bundled=request.bundled,
        input_format=request.input_format,
        preread={source: data for source, data in request.inputs if data is not None},
    )


def inputs_key(request: EmbeddedRequest) -> dict[str, Any]:
    """What a --store records: mbx version and a SHA-256 of the bundled files and each input."""
    import mbx
    from mbx import bundle
    from mbx.rdfio import read_bytes
    from mbx.resources import kg_dir, ontology_dir

    digest = hashlib.sha256()
    if request.bundled:
        for root in (ontology_dir(), kg_dir()):
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                name = f"{root.name}/{path.relative_to(root)}"
                digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        digest.update(Path(bundle.__file__).read_bytes())
    files = []
    for source, data in request.inputs:
        content = data if data is not None else read_bytes(source)
        # the resolved path: relative IRIs resolve against it; its spelling does not matter
        where = source if source == "-" else str(Path(source).resolve())
        files.append({"source": where, "sha256": hashlib.sha256(content).hexdigest()})
    return {
        "mbx_version": mbx.__version__,
        "bundled_sha256": digest.hexdigest() if request.bundled else None,
        "inputs": files,
        "input_format": request.input_format,
    }


def open_store(request: EmbeddedRequest) -> tuple[pyoxigraph.Store, int | None]:
    """The store to query and how many quads this call loaded (None: reused as it was).

    In memory: a fresh store, bulk-loaded. On disk (``store_dir``): created
    and loaded on first use; reused while the record in ``mbx-store.json``
    matches the inputs; cleared and reloaded when they changed.
    """
    import pyoxigraph as ox

    if request.store_dir is None:
        store = ox.Store()
        quads = _parse_inputs(request)
        store.extend(quads)
        return store, len(quads)
    folder = Path(request.store_dir)
    if folder.exists() and not folder.is_dir():
        raise InputError("not a folder", source=str(folder))
    marker = folder / STORE_MARKER
    if folder.is_dir() and not marker.exists() and any(folder.iterdir()):
        # never clear a folder mbx did not create: it may be someone's own store
        raise UsageError(
            "not an mbx store (no mbx-store.json) and not empty; mbx will not write into it",
            source=str(folder),
            hint="give a new or empty folder to --store",
        )
    if not folder.parent.is_dir():
        raise InputError("folder does not exist", source=str(folder.parent))
    key = inputs_key(request)
    try:
        store = ox.Store(str(folder))
    except OSError as exc:
        locked = "lock" in str(exc).lower()
        raise EnvironmentFailure(
            f"cannot open the store: {exc}",
            source=str(folder),
            hint="is another process using it?" if locked else None,
        ) from None
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = None
    if isinstance(recorded, dict) and recorded.get("key") == key:
        return store, None
    quads = _parse_inputs(request)
    marker.unlink(missing_ok=True)
    store.clear()
    store.bulk_extend(quads)
    store.flush()
    marker.write_text(
        json.dumps({"key": key, "quads": len(quads)}, indent=2) + "\n", encoding="utf-8"
    )
    return store, len(quads)


def execute_embedded(request: EmbeddedRequest) -> QueryResult:
    """Run ``request`` on pyoxigraph (in this process)."""
    import pyoxigraph as ox

    from mbx.namespaces import PREFIXES

    store, loaded = open_store(request)
    try:
        if request.form == "UPDATE":
            store.update(request.text, prefixes=PREFIXES)
            if request.store_dir:
                store.flush()
            return QueryResult("UPDATE", loaded=loaded)
        answer = store.query(request.text, prefixes=PREFIXES, use_default_graph_as_union=True)
        # results are lazy: a SERVICE call may fail while they are written
        if isinstance(answer, ox.QueryBoolean):
            data = answer.serialize(format=ox.QueryResultsFormat.JSON) or b""
            return QueryResult("ASK", data, loaded=loaded)
        if isinstance(answer, ox.QuerySolutions):
            data = answer.serialize(format=ox.QueryResultsFormat.JSON) or b""
            result = QueryResult("SELECT", data, loaded=loaded)
            if request.labels:
                result.labels = _store_labels(store, _iris(result))
            return result
        form = request.form if request.form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT"
        data = ox.serialize(answer, format=ox.RdfFormat.N_TRIPLES) or b""
        return QueryResult(form, data, NTRIPLES, loaded=loaded)
    except SyntaxError as exc:
        raise _syntax_error(exc, request.source, request.text) from None
    except OSError as exc:  # a SERVICE or LOAD request that failed
        reason = one_line(re.sub(r"<[^>]+>", " ", str(exc)), 160)
        raise EnvironmentFailure(
            f"the engine could not fetch remote data (SERVICE or LOAD): {reason}",
            source=request.source,
        ) from None


def _iris(result: QueryResult) -> list[str]:
    import pyoxigraph as ox

    found: dict[str, None] = {}
    for solution in result.solutions():
        for term in solution:
            if isinstance(term, ox.NamedNode):
                found[term.value] = None
    return list(found)


def _store_labels(store: pyoxigraph.Store, iris: Sequence[str]) -> dict[str, str]:
    import pyoxigraph as ox

    label = ox.NamedNode(RDFS_LABEL)
    labels = {}
    for iri in iris:
        values = sorted(
            (q.object.language not in (None, "en"), q.object.value)
            for q in store.quads_for_pattern(ox.NamedNode(iri), label, None, None)
            if isinstance(q.object, ox.Literal)
        )
        if values:
            labels[iri] = values[0][1]
    return labels


def _child(request: EmbeddedRequest, conn: Any) -> None:  # pragma: no cover - runs in a child
    try:
        conn.send(("ok", execute_embedded(request)))
    except MbxError as exc:
        conn.send(("error", (type(exc), exc.message, exc.source, exc.line, exc.column, exc.hint)))
    except BaseException as exc:
        conn.send(("crash", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def run_with_timeout(request: EmbeddedRequest, timeout: float) -> QueryResult:
    """Run ``request`` in a child process and kill it after ``timeout`` seconds (exit 3)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(  # type: ignore[attr-defined]
        target=_child, args=(request, sender), daemon=True
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            process.kill()
            raise EnvironmentFailure(
                f"stopped: the query did not finish within {timeout:g} s",
                source=request.source,
                hint="simplify it or raise --timeout",
            )
        status, payload = receiver.recv()
    except EOFError:
        raise EnvironmentFailure(
            "the query engine stopped unexpectedly", source=request.source
        ) from None
    finally:
        process.join(5)
        if process.is_alive():  # pragma: no cover
            process.kill()
            process.join()
        receiver.close()
    if status == "ok":
        result: QueryResult = payload
        return result
    if status == "error":
        cls, message, source, line, column, hint = payload
        raise cls(message, source=source, line=line, column=column, hint=hint)
    raise RuntimeError(f"query engine failed: {payload}")


# --- endpoints ------------------------------------------------------------------


def _with_prefixes(text: str, info: QueryInfo) -> str:
    """``text`` with PREFIX declarations for the MBX prefixes it uses but does not declare.

    They go on the first line, so the server's line numbers stay right.
    """
    from mbx.namespaces import PREFIXES

    missing = sorted((info.used_prefixes - info.declared_prefixes) & PREFIXES.keys())
    if not missing:
        return text
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}> " for p in missing) + text


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
) -> QueryResult:
    """Send the query (or, for an update, the update) to a SPARQL 1.1 endpoint."""
    from mbx.store import check_url, sparql_request

    check_url(url, "--endpoint")
    body = _with_prefixes(text, info)
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
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    result = _endpoint_result(url, info.form, response.content, media_type)
    expected = "ASK" if info.form == "ASK" else "SELECT" if info.form == "SELECT" else None
    if expected and result.form != expected:
        from mbx.store import redact

        raise EnvironmentFailure(
            f"the endpoint answered a {info.form} query with {result.form} results",
            source=redact(url),
        )
    if labels and result.form == "SELECT":
        result.labels = _endpoint_labels(url, _iris(result), timeout)
    return result


def _endpoint_result(url: str, form: str, data: bytes, media_type: str) -> QueryResult:
    import pyoxigraph as ox

    from mbx.store import redact, refuse_xml_entities

    refuse_xml_entities(data, media_type, f"the endpoint's answer ({media_type})", url)
    try:
        results_format = ox.QueryResultsFormat.from_media_type(media_type) if media_type else None
        if results_format is not None:
            answer = ox.parse_query_results(data, results_format)
            kind = "ASK" if isinstance(answer, ox.QueryBoolean) else "SELECT"
            if isinstance(answer, ox.QuerySolutions):
                list(answer)  # parse it all now, so a bad document fails here
            return QueryResult(kind, data, media_type)
        rdf_format = ox.RdfFormat.from_media_type(media_type) if media_type else None
        if rdf_format is not None:
            list(ox.parse(data, format=rdf_format))
            return QueryResult(
                form if form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT", data, media_type
            )
    except (SyntaxError, ValueError) as exc:
        raise EnvironmentFailure(
            f"cannot read the endpoint's answer ({media_type}): {exc}", source=redact(url)
        ) from None
    raise EnvironmentFailure(
        f"unexpected answer type {media_type or 'none'!r}",
        source=redact(url),
        hint="is this a SPARQL query endpoint?",
    )


def _endpoint_labels(url: str, iris: Sequence[str], timeout: float | None) -> dict[str, str]:
    import pyoxigraph as ox

    from mbx.store import sparql_request

    if not iris:
        return {}
    values = " ".join(f"<{iri}>" for iri in iris)
    text = f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} ?s <{RDFS_LABEL}> ?l }}"
    response = sparql_request(url, text, accept=SPARQL_JSON, timeout=timeout)
    found: dict[str, list[tuple[bool, str]]] = {}
    solutions = ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
    if isinstance(solutions, ox.QueryBoolean):
        return {}
    for solution in solutions:
        s, label = solution["s"], solution["l"]
        if isinstance(s, ox.NamedNode) and isinstance(label, ox.Literal):
            found.setdefault(s.value, []).append((label.language not in (None, "en"), label.value))
    return {iri: min(values)[1] for iri, values in found.items()}


# --- the one entry point --------------------------------------------------------


def run_query(
    text: str,
    *,
    source: str = "query",
    inputs: Sequence[str] = (),
    bundled: bool = True,
    input_format: str | None = None,
    store_dir: str | None = None,
    endpoint: str | None = None,
    update: bool = False,
    allow_service: bool = False,
    labels: bool = False,
    timeout: float | None = None,
) -> QueryResult:
    """Run a SPARQL query (or, with ``update``, an update) and return its result.

    Over the bundled graph plus ``inputs`` in memory by default, over the
    on-disk store ``store_dir``, or against the SPARQL endpoint ``endpoint``.
    ``timeout`` (seconds) stops a runaway query with :class:`EnvironmentFailure`.
    """
    if store_dir and endpoint:
        raise UsageError("give --store or --endpoint, not both")
    if source == "<stdin>" and "-" in inputs:
        raise UsageError("standard input can be read only once: give the query or the data as -")
    if endpoint and (inputs or not bundled):
        raise UsageError(
            "-i/--no-bundled do not apply to --endpoint", hint="load files with `mbx load`"
        )
    from mbx.store import check_timeout

    check_timeout(timeout)
    info = analyse(text)
    check_allowed(info, source, update=update, allow_service=allow_service)
    if endpoint:
        return execute_endpoint(
            endpoint, text, info, labels=labels, timeout=timeout, source=source
        )
    if info.is_update and store_dir is None:
        raise UsageError(
            "--update needs a --store DIR or an --endpoint URL",
            hint="an update of the in-memory bundled graph would be lost when mbx exits",
        )
    request = EmbeddedRequest(
        text=text,
        source=source,
        form=info.form,
        inputs=_read_inputs(inputs),
        bundled=bundled,
        input_format=input_format,
        store_dir=store_dir,
        labels=labels,
    )
    if timeout is None:
        return execute_embedded(request)
    return run_with_timeout(request, timeout)


# --- formatting -----------------------------------------------------------------


def output_kind(format_name: str | None, output: str | None, form: str) -> str:
    """The output format for ``form``: ``table``, a results format or an RDF format name."""
    name = format_name.lower() if format_name else None
    if form in ("SELECT", "ASK"):
        if name is None and output and output != "-":
            suffix = Path(output).suffix.lower()
            name = {
                ".csv": "csv",
                ".tsv": "tsv",
                ".json": "json",
                ".srj": "json",
                ".xml": "xml",
                ".srx": "xml",
            }.get(suffix, "table")
            from mbx.formats import guess_format

            if name == "table" and guess_format(output) is not None:
                raise UsageError(
                    f"{form} results cannot be written as RDF ({output})",
                    hint="use -o FILE.csv, .tsv, .json or .xml, or -f table",
                )
        name = name or "table"
        if name in ("table", *RESULT_FORMATS):
            return name
        raise UsageError(
            f"format {name!r} does not apply to {form} results",
            hint="use table, csv, tsv, json or xml",
        )
    from mbx.formats import choose_format

    if name in ("csv", "tsv", "table"):
        raise UsageError(
            f"format {name!r} does not apply to {form} results (RDF)",
            hint="use turtle, jsonld, nt, nq, trig or xml",
        )
    return choose_format(name, output).name


def format_result(result: QueryResult, kind: str) -> bytes:
    """The bytes to write for ``result`` in output ``kind`` (see :func:`output_kind`)."""
    import pyoxigraph as ox

    if result.form == "ASK" and kind == "table":
        return b"true\n" if result.boolean else b"false\n"
    if result.form in ("SELECT", "ASK"):
        if kind == "table":
            return render_table(result).encode("utf-8")
        fmt = getattr(ox.QueryResultsFormat, kind.upper())
        results = ox.parse_query_results(result.data, _results_format(result.data_type))
        data: bytes = results.serialize(format=fmt) or b""
        return data if data.endswith(b"\n") else data + b"\n"
    from mbx.export import serialize_quads
    from mbx.formats import resolve_format

    quads = [ox.Quad(t.subject, t.predicate, t.object) for t in result.triples()]
    return serialize_quads(quads, resolve_format(kind))


#: C0 and C1 control characters: shown escaped, never sent to a terminal as they are
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def show_term(term: object, labels: dict[str, str] | None = None) -> str:
    r"""A term as people read it: prefixed names, plain literal values, one line.

    Data (an endpoint's answer above all) is untrusted: control characters
    are escaped, so no terminal escape sequence reaches the screen.

    >>> import pyoxigraph as ox
    >>> show_term(ox.Literal("\x1b[31mred\x1b[0m  and\nmore"))
    '\\x1b[31mred\\x1b[0m and more'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", _show_term(term, labels))


def _show_term(term: object, labels: dict[str, str] | None) -> str:
    import pyoxigraph as ox

    from mbx.namespaces import compress

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        text = compress(term.value)
        label = (labels or {}).get(term.value)
        return f"{text} ({label})" if label else text
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        value = " ".join(term.value.split()) if term.value.strip() else term.value
        return f"{value}@{term.language}" if term.language else value
    return str(term)


def render_table(result: QueryResult) -> str:
    """SELECT results as aligned columns with a header line."""
    solutions = result.solutions()
    names = [v.value for v in solutions.variables]
    rows = [[show_term(solution[name], result.labels) for name in names] for solution in solutions]
    return aligned(names, rows)


def aligned(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Plain aligned columns: header, a rule, the rows (trailing spaces trimmed).

    >>> print(aligned(["a", "bb"], [["xyz", "1"]]), end="")
    a    bb
    ---  --
    xyz  1
    """
    if not header:
        return ""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip() + "\n"

    return line(header) + line(["-" * w for w in widths]) + "".join(line(r) for r in rows)


def library_table() -> str:
    """``mbx query --list``: each shipped query's name and question."""
    rows = [[q.name, q.question] for q in library()]
    return aligned(["name", "question"], rows)
