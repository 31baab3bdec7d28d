"""docs/w3id/.htaccess, the redirects MBX would register at w3id.org, run in a real Apache httpd
(mod_rewrite, as w3id.org runs them) on 127.0.0.1: where terms, files, releases and claims go,
with and without content negotiation."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

HTACCESS = Path(__file__).resolve().parents[1] / "docs" / "w3id" / ".htaccess"
APACHE = shutil.which("apache2") or ("/usr/sbin/apache2" if Path("/usr/sbin/apache2").exists()
                                     else None)  # fmt: skip
MODULES = Path("/usr/lib/apache2/modules")
SITE = "https://mbx-releases.invalid/mbx/releases"

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(
        APACHE is None, reason="no Apache httpd: apt-get install -y apache2-bin (Debian)"
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def w3id() -> Iterator[str]:
    """A w3id.org look-alike: Apache with the .htaccess in /mbx/; yields its base URL."""
    root = Path(tempfile.mkdtemp(prefix="mbx-w3id-"))
    try:
        (root / "www" / "mbx").mkdir(parents=True)
        shutil.copy(HTACCESS, root / "www" / "mbx" / ".htaccess")
        for path in [root, *root.rglob("*")]:  # the server's user must read them
            path.chmod(0o755 if path.is_dir() else 0o644)
        port = _free_port()
        user = "User nobody\nGroup nogroup\n" if os.geteuid() == 0 else ""
        (root / "httpd.conf").write_text(
            f"ServerRoot {root}\nListen 127.0.0.1:{port}\nServerName 127.0.0.1\n"
            f"PidFile {root}/httpd.pid\nErrorLog {root}/error.log\nLogLevel warn\n{user}"
            f"LoadModule mpm_event_module {MODULES}/mod_mpm_event.so\n"
            f"LoadModule authz_core_module {MODULES}/mod_authz_core.so\n"
            f"LoadModule rewrite_module {MODULES}/mod_rewrite.so\n"
            f"DocumentRoot {root}/www\n"
            f"<Directory {root}/www>\n  AllowOverride All\n  Require all granted\n</Directory>\n"
        )
        server = subprocess.Popen(
            [str(APACHE), "-f", str(root / "httpd.conf"), "-DFOREGROUND"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    assert server.poll() is None, server.stderr.read() if server.stderr else ""
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}/mbx/"
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _where(base: str, path: str, accept: str = "text/html") -> tuple[int, str]:
    response = requests.get(base + path, headers={"Accept": accept}, allow_redirects=False,
                            timeout=10)  # fmt: skip
    return response.status_code, response.headers.get("Location", "")


@pytest.mark.parametrize(
    ("path", "accept", "status", "location"),
    [
        ("mbx.owl", "*/*", 302, f"{SITE}/latest/mbx.owl"),
        ("mbx-kg.owl", "*/*", 302, f"{SITE}/latest/mbx-kg.owl"),
        ("mbx-full.ttl", "*/*", 302, f"{SITE}/latest/mbx-full.ttl"),
        ("mbx.sssom.tsv", "*/*", 302, f"{SITE}/latest/mbx.sssom.tsv"),
        ("context.jsonld", "*/*", 302, f"{SITE}/latest/context.jsonld"),
        ("releases/0.2.0/mbx.owl", "*/*", 302, f"{SITE}/0.2.0/mbx.owl"),
        ("releases/0.2.0/mbx-dataset.trig", "*/*", 302, f"{SITE}/0.2.0/mbx-dataset.trig"),
        ("releases/0.2.0/html/index.html", "*/*", 302, f"{SITE}/0.2.0/html/index.html"),
        ("", "text/html", 303, f"{SITE}/latest/html/index.html"),
        ("", "text/turtle", 303, f"{SITE}/latest/mbx.ttl"),
        ("", "application/rdf+xml", 303, f"{SITE}/latest/mbx.owl"),
        ("Myokine", "text/html,application/xhtml+xml", 303, f"{SITE}/latest/html/terms/Myokine.html"),
        ("bdnf", "text/html", 303, f"{SITE}/latest/html/terms/bdnf.html"),
        ("bdnf", "text/turtle", 303, f"{SITE}/latest/mbx.ttl"),
        ("actsVia", "application/rdf+xml", 303, f"{SITE}/latest/mbx.owl"),
        ("claim/000-11", "text/html", 303, f"{SITE}/latest/html/claims.html#claim-000-11"),
        ("claim/000-11", "text/turtle", 303, f"{SITE}/latest/mbx-kg.ttl"),
        ("source/001", "text/html", 303, f"{SITE}/latest/html/claims.html"),
    ],
)
def test_w3id_sends_each_iri_where_it_is_published(
    w3id: str, path: str, accept: str, status: int, location: str
) -> None:
    assert _where(w3id, path, accept) == (status, location)


def test_an_unknown_path_is_not_redirected(w3id: str) -> None:
    status, location = _where(w3id, "not/a/term.txt")
    assert (status, location) == (404, "")
