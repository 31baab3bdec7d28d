"""SPARQL for mbx: :func:`run_query` sends one query to the right engine and returns its answer.

The embedded engine (mbx.sparql.engine, pyoxigraph) runs over the bundled
graph plus any ``-i`` files in memory, or over the local store of
``--store DIR`` (mbx.sparql.store); a remote endpoint is reached through
mbx.remote.endpoint. Every engine returns a parsed
:class:`~mbx.sparql.results.QueryResult`, written by mbx.sparql.writers.
"""

from __future__ import annotations

from collections.abc import Sequence

from mbx.errors import UsageError
from mbx.sparql.results import QueryResult

__all__ = ["QueryResult", "run_query"]


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
    kind: str | None = None,
    method: str = "auto",
    auth: str | None = None,
    allow_redirects: bool = False,
) -> QueryResult:
    """Run a SPARQL query (or, with ``update``, an update) and return its result.

    Over the bundled graph plus ``inputs`` in memory by default, over the
    on-disk store ``store_dir``, or against the SPARQL endpoint ``endpoint``.
    ``timeout`` (seconds) stops a runaway query with :class:`EnvironmentFailure`.
    ``kind`` (``csv``, ``tsv``, ``json`` or ``xml``) has a SELECT or ASK answer
    written as that SPARQL results document; without it the solutions are
    kept as rows of terms. ``method``, ``auth`` and ``allow_redirects`` say
    how to talk to an endpoint (mbx.remote.endpoint, mbx.remote.http).
    """
    from mbx.inputs import STDIN, check_stdin_once
    from mbx.remote.http import check_timeout
    from mbx.sparql.analysis import guard
    from mbx.sparql.engine import EmbeddedRequest, execute_embedded
    from mbx.sparql.store import StoreInputs

    if store_dir and endpoint:
        raise UsageError("give --store or --endpoint, not both")
    check_stdin_once(query=[STDIN if source == "<stdin>" else source], data=inputs)
    if endpoint and (inputs or not bundled):
        raise UsageError(
            "-i/--no-bundled do not apply to --endpoint", hint="load files with `mbx load`"
        )
    check_timeout(timeout)
    info = guard(text, source, update=update, allow_service=allow_service)
    if endpoint:
        from mbx.remote.endpoint import execute_endpoint, how_to_send
        from mbx.remote.http import ENDPOINT_CREDENTIALS, Client

        how_to_send(endpoint, text, update=info.is_update, method=method)  # options first
        with Client(ENDPOINT_CREDENTIALS.with_scheme(auth), timeout, allow_redirects) as client:
            return execute_endpoint(
                endpoint,
                text,
                info,
                labels=labels,
                timeout=timeout,
                source=source,
                kind=kind,
                method=method,
                client=client,
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
        store=StoreInputs(
            inputs=tuple((s, _read_unless_a_file(s)) for s in inputs),
            bundled=bundled,
            input_format=input_format,
            store_dir=store_dir,
        ),
        labels=labels,
        kind=kind,
    )
    if timeout is None:
        return execute_embedded(request)
    from mbx.sparql.timeout import run_with_timeout

    return run_with_timeout(request, timeout)


def _read_unless_a_file(source: str) -> bytes | None:
    """The bytes of standard input, a pipe (``<(cat f)``) or a device, read once, here.

    A regular file is left to the store (None): it is parsed as it is read,
    and a --store that holds it already is reused after a ``stat``.
    """
    from mbx.inputs import read_bytes, regular_file_size

    return None if regular_file_size(source) is not None else read_bytes(source)

