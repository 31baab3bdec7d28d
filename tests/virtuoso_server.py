"""A pytest fixture that runs a private Virtuoso (Debian's virtuoso-opensource) on 127.0.0.1.

The instance has its own virtuoso.ini, database folder and two free ports
(SQL and HTTP) under pytest's tmp dir, so it never touches a system
Virtuoso. Once it answers, the fixture grants what Graph Store Protocol
loading needs over isql:

- ``SPARQL_UPDATE`` to the anonymous ``SPARQL`` user, so ``/sparql-graph-crud``
  (no login) and ``/sparql`` updates work;
- a user ``mbx_loader`` with a random password and ``SPARQL_UPDATE``, for
  ``/sparql-graph-crud-auth`` (HTTP Digest authentication).

Debian's SPARQL defaults are kept (``ResultSetMaxRows = 10000``,
``MaxQueryExecutionTime = 60``), so tests see what a user of the package
sees. The database is thrown away: the process group is killed at the end.
Findings about this Virtuoso (7.2.5): /work/notes/virtuoso.md.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from store_server import (
    StoreServer,
    free_port,
    start_in_own_group,
    stop_group,
    wait_until_answering,
)

__all__ = ["start_virtuoso", "virtuoso", "virtuoso_session"]

#: the Debian package that provides virtuoso-t and isql-vt
PACKAGE = "virtuoso-opensource"
LOADER_USER = "mbx_loader"

INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 0
CaseMode             = 2
DirsAllowed          = ., {db}
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
ThreadsPerQuery      = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {db}
MaxClientConnections = 10
ServerThreads        = 10
MaxKeepAlives        = 10
KeepAliveTimeout     = 10
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
ResultSetMaxRows           = 10000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 60
"""


def executables() -> tuple[str, str]:
    """``virtuoso-t`` and ``isql-vt``, or the test run fails saying how to install them."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server is None or isql is None:
        pytest.fail(
            f"Virtuoso is missing (virtuoso-t, isql-vt); install Debian's package: "
            f"`apt-get install -y {PACKAGE}` (.ci/run does)",
            pytrace=False,
        )
    return server, isql


def isql(isql_path: str, sql_port: int, password: str, statements: str) -> str:
    """Run SQL ``statements`` as dba over isql; fails the run on an error."""
    deadline = time.monotonic() + 20
    while True:
        done = subprocess.run(
            [isql_path, f"127.0.0.1:{sql_port}", "dba", password, f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode == 0 and "Error" not in done.stdout + done.stderr:
            return done.stdout
        # the SQL listener can come up a moment after the HTTP one
        if "Connect failed" not in done.stdout + done.stderr or time.monotonic() > deadline:
            pytest.fail(f"isql failed: {(done.stdout + done.stderr).strip()}", pytrace=False)
        time.sleep(0.2)


def _graphs(query_url: str) -> set[str]:
    """The graphs the store holds (GROUP BY: SELECT DISTINCT ?g takes Virtuoso 30-55 s
    once a graph holds 25,000 triples; this takes 20 ms)."""
    response = requests.get(
        query_url,
        params={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    response.raise_for_status()
    return {row["g"]["value"] for row in response.json()["results"]["bindings"]}


def start_virtuoso(folder: Path) -> tuple[subprocess.Popen[bytes], StoreServer, float]:
    """Start a private Virtuoso in ``folder``; the process, its URLs and seconds to answer.

    The caller stops it with :func:`store_server.stop_group`.
    """
    server_path, isql_path = executables()
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(db=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    started = time.monotonic()
    with (folder / "stdout.log").open("wb") as log:
        process = start_in_own_group(
            [server_path, "+configfile", str(ini), "+foreground"], log, cwd=str(folder)
        )
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_until_answering(process, base + "/sparql", "virtuoso-t", limit=60)
        dba_password = secrets.token_urlsafe(12)
        loader_password = secrets.token_urlsafe(12)
        isql(
            isql_path,
            sql_port,
            "dba",
            f'GRANT SPARQL_UPDATE TO "SPARQL"; '
            f"DB.DBA.USER_CREATE('{LOADER_USER}', '{loader_password}'); "
            f'GRANT SPARQL_UPDATE TO "{LOADER_USER}"; '
            f"USER_SET_PASSWORD('dba', '{dba_password}');",
        )
    except BaseException:
        stop_group(process, graceful=0)
        raise
    system = frozenset(_graphs(base + "/sparql"))

    def clear() -> None:
        extra = sorted(_graphs(base + "/sparql") - system)
        if extra:
            update = "\n".join(f"DROP SILENT GRAPH <{g}> ;" for g in extra).rstrip(" ;")
            requests.post(base + "/sparql", data={"update": update}, timeout=60).raise_for_status()

    store = StoreServer(
        name="virtuoso",
        base=base,
        query=base + "/sparql",
        update=base + "/sparql",
        store=base + "/sparql-graph-crud",
        store_auth=base + "/sparql-graph-crud-auth",
        user=LOADER_USER,
        password=loader_password,
        auth_scheme="digest",
        gsp_default_graph=False,
        direct_post_query=False,
        system_graphs=system,
        _clear=clear,
    )
    return process, store, time.monotonic() - started


@pytest.fixture(scope="session")
def virtuoso_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreServer]:
    """A private Virtuoso for the whole session; its process group is killed afterwards."""
    process, store, _ = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield store
    finally:
        stop_group(process, graceful=0)  # a throw-away database: no checkpoint needed


@pytest.fixture
def virtuoso(virtuoso_session: StoreServer) -> StoreServer:
    """The session's Virtuoso, with every graph a test made dropped."""
    virtuoso_session.clear()
    return virtuoso_session
