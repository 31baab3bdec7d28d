"""HTTP for remote stores: one client per run with credentials, timeouts, redirects, redaction.

Every request has a timeout: :data:`CONNECT_TIMEOUT` seconds to connect
and :data:`READ_TIMEOUT` seconds (``MBX_HTTP_TIMEOUT``) for the whole answer;
``--timeout SECONDS`` sets the second (and caps the first). The body is read
within that time and ``MBX_MAX_RESPONSE`` bytes (mbx.remote.bounded).

Credentials come from the environment (``MBX_STORE_USER`` /
``MBX_STORE_PASSWORD`` for ``mbx load``, ``MBX_ENDPOINT_USER`` /
``MBX_ENDPOINT_PASSWORD`` for ``mbx query``), else from user info in the
URL, else from a netrc file (``~/.netrc`` or the file ``NETRC`` names).
They are sent with HTTP Basic or Digest authentication: ``--auth auto`` (the
default) first asks the server with a ``HEAD`` request without credentials
which one it wants (Virtuoso's ``/sparql-graph-crud-auth`` wants Digest),
``--auth basic|digest`` says it. Credentials never appear in a message:
URLs are shown without their user info and a password echoed by a server is
masked.

Redirects are followed to the same host only (``http`` to ``https`` yes,
back no) unless the client allows other hosts; a 301/302/303 redirect of a
request with a body (which HTTP clients turn into a GET without it) is
refused with the new URL.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from mbx.errors import EnvironmentFailure, UsageError, one_line

if TYPE_CHECKING:  # pragma: no cover
    import requests

#: seconds to wait for a connection (--timeout lowers it)
CONNECT_TIMEOUT = 10.0
#: seconds of silence while waiting for an answer, unless --timeout says otherwise
READ_TIMEOUT = 300.0
#: the longest --timeout accepted (a week), so that it fits every clock and socket API
MAX_TIMEOUT = 7 * 24 * 3600.0
#: the most redirects one request follows
MAX_REDIRECTS = 5
#: the values of --auth
AUTH_SCHEMES = ("auto", "basic", "digest")


def check_timeout(timeout: float | None) -> None:
    """Refuse a timeout that is not a positive, finite number of seconds (exit 2)."""
    if timeout is not None and not 0 < timeout <= MAX_TIMEOUT:  # also refuses nan
        raise UsageError(
            f"--timeout must be a positive number of seconds, at most {MAX_TIMEOUT:g}"
        )


def timeouts(timeout: float | None) -> tuple[float, float]:
    """(connect, read) seconds for one request, given --timeout (None: the defaults).

    >>> timeouts(None)
    (10.0, 300.0)
    >>> timeouts(2.5)
    (2.5, 2.5)
    """
    read = default_timeout() if timeout is None else timeout
    return min(CONNECT_TIMEOUT, read), read


def default_timeout() -> float:
    """Seconds a request may take without --timeout: ``MBX_HTTP_TIMEOUT``, else READ_TIMEOUT."""
    text = os.environ.get("MBX_HTTP_TIMEOUT", "").strip()
    if not text:
        return READ_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= MAX_TIMEOUT:
        raise UsageError(f"MBX_HTTP_TIMEOUT={text!r} is not a positive number of seconds")
    return value


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


def redact(url: str) -> str:
    """``url`` without user name and password, its credential parameters masked (mbx.redaction).

    >>> redact("http://alice:s3cret@example.org:3030/ds/data?graph=x")
    'http://example.org:3030/ds/data?graph=x'
    """
    from mbx.redaction import redact_url

    return redact_url(url)


@dataclass(frozen=True)
class Credentials:
    """Where a user name and password come from, and the --auth scheme to send them with."""

    user_variable: str
    password_variable: str
    scheme: str = "auto"  # one of AUTH_SCHEMES

    def with_scheme(self, scheme: str | None) -> Credentials:
        """These credentials sent with ``scheme`` (``--auth``; None keeps the current one)."""
        if scheme is None:
            return self
        if scheme not in AUTH_SCHEMES:
            raise UsageError(f"--auth must be one of {', '.join(AUTH_SCHEMES)}, not {scheme!r}")
        return Credentials(self.user_variable, self.password_variable, scheme)

    def user_password(self, url: str) -> tuple[str, str] | None:
        """``(user, password)`` from the environment, else the URL, else netrc; or None."""
        user = os.environ.get(self.user_variable)
        if user:
            return user, os.environ.get(self.password_variable, "")
        parts = urlsplit(url)
        if parts.username:
            return unquote(parts.username), unquote(parts.password or "")
        from requests.utils import get_netrc_auth

        try:
            found = get_netrc_auth(redact(url), raise_errors=True)
        except Exception as exc:  # netrc.NetrcParseError, OSError
            raise UsageError(f"cannot read the netrc file: {one_line(exc, 120)}") from None
        return (found[0], found[1]) if found else None

    def secrets(self, url: str) -> list[str]:
        """Every secret that must never be shown: the password and the URL's user info."""
        from mbx.redaction import remember, remember_url

        remember(os.environ.get(self.password_variable, ""), os.environ.get(self.user_variable))
        remember_url(url)
        found = [os.environ.get(self.password_variable, "")]
        parts = urlsplit(url)
        if parts.password:
            found += [parts.password, unquote(parts.password)]
        try:
            pair = self.user_password(url)
        except UsageError:
            pair = None
        if pair is not None:
            found.append(pair[1])
            remember(pair[1], pair[0])
        return sorted({s for s in found if s}, key=len, reverse=True)


STORE_CREDENTIALS = Credentials("MBX_STORE_USER", "MBX_STORE_PASSWORD")
ENDPOINT_CREDENTIALS = Credentials("MBX_ENDPOINT_USER", "MBX_ENDPOINT_PASSWORD")


def mask(text: str, secrets: Sequence[str]) -> str:
    """``text`` through the one redaction step (mbx.redaction), which knows ``secrets`` too."""
    from mbx.redaction import redact as redact_text
    from mbx.redaction import remember

    for secret in secrets:
        remember(secret)
    return redact_text(text)


def reason(response: requests.Response, secrets: Sequence[str]) -> str:
    """A short, one-line reason from an error response (its body, trimmed, secrets masked)."""
    body = response.text if response.content else ""
    body = (
        re.sub(r"<[^>]+>", " ", body)
        if "html" in response.headers.get("Content-Type", "")
        else body
    )
    body = one_line(body)
    text = f"HTTP {response.status_code} {response.reason or ''}".rstrip()
    return mask(f"{text}: {body}" if body else text, secrets)


class _NoAuth:
    """Send no credentials (and keep requests from adding netrc ones)."""

    def __call__(self, request: Any) -> Any:
        return request


class RedirectRefused(Exception):
    """A redirect mbx does not follow: another host, https to http, a body to drop."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Client:
    """One run's HTTP: a session, credentials negotiated once per server, timeouts, redirects.

    ``allow_redirects``: also follow redirects to other hosts (credentials
    are not sent there).
    """

    credentials: Credentials
    timeout: float | None = None
    allow_redirects: bool = False
    _session: Any = field(default=None, repr=False)
    _auth: dict[str, Any] = field(default_factory=dict, repr=False)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections this client holds open (a server has only so many threads)."""
        if self._session is not None:
            self._session.close()
            self._session = None

    def session(self) -> requests.Session:
        """The session all requests of this client share (connections, Digest nonce)."""
        if self._session is None:
            self._session = _session(self.allow_redirects)
        session: requests.Session = self._session
        return session

    def auth_for(self, url: str) -> Any:
        """The requests auth object for ``url``'s server; None sends no credentials."""
        parts = urlsplit(url)
        server = f"{parts.scheme}://{parts.hostname}:{parts.port}"
        if server not in self._auth:
            self._auth[server] = self._make_auth(url)
        return self._auth[server]

    def _make_auth(self, url: str) -> Any:
        pair = self.credentials.user_password(url)
        if pair is None:
            return None
        from requests.auth import HTTPBasicAuth, HTTPDigestAuth

        scheme = self.credentials.scheme
        if scheme == "auto":
            scheme = "digest" if "digest" in self._challenge(url, _NoAuth()) else "basic"
        if scheme == "basic":  # UTF-8 (RFC 7617): requests would encode text as Latin-1
            return HTTPBasicAuth(pair[0].encode("utf-8"), pair[1].encode("utf-8"))
        auth = HTTPDigestAuth(*pair)
        # one HEAD answers the challenge, so that the requests with a body that follow
        # carry the Digest header at once (a 401 may cut a large body short)
        self._challenge(url, auth)
        return auth

    def _challenge(self, url: str, auth: Any) -> str:
        """The scheme of the server's ``WWW-Authenticate`` answer to a HEAD (lower case)."""
        import requests

        try:
            response = self.session().head(
                redact(url), auth=auth, timeout=timeouts(self.timeout), allow_redirects=False
            )
        except requests.RequestException:
            return ""  # the request itself will report what is wrong
        response.close()
        return response.headers.get("WWW-Authenticate", "").strip().lower().split(" ", 1)[0]

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        data: Any = None,
        params: dict[str, str] | None = None,
        ok_statuses: Sequence[int] = (),
    ) -> requests.Response:
        """Send one request; failures become one-line :class:`EnvironmentFailure` (exit 3).

        Statuses of 400 and above raise unless listed in ``ok_statuses``.
        """
        import requests

        shown = redact(url)
        secrets = self.credentials.secrets(url)
        connect, read = timeouts(self.timeout)
        deadline = time.monotonic() + read
        try:
            from mbx.remote.bounded import Late, by_deadline

            response: requests.Response = by_deadline(
                deadline,
                lambda: self.session().request(
                    method,
                    redact(url),
                    headers=headers,
                    data=data,
                    params=params,
                    auth=self.auth_for(url),
                    timeout=(connect, read),
                    stream=True,
                ),
            )
        except Late:
            raise EnvironmentFailure(
                f"no answer within {read:g} s",
                source=shown,
                hint="raise --timeout",
            ) from None
        except RedirectRefused as exc:
            raise EnvironmentFailure(exc.message, source=shown, hint=exc.hint) from None
        except requests.exceptions.ConnectTimeout:
            raise EnvironmentFailure(
                f"cannot connect within {connect:g} s",
                source=shown,
                hint="is the server running and the URL right?",
            ) from None
        except requests.exceptions.Timeout:
            raise EnvironmentFailure(
                f"no answer within {read:g} s", source=shown, hint="raise --timeout"
            ) from None
        except requests.exceptions.TooManyRedirects:
            raise EnvironmentFailure(f"more than {MAX_REDIRECTS} redirects", source=shown) from None
        except requests.exceptions.ConnectionError as exc:
            raise EnvironmentFailure(
                f"cannot connect ({_connection_reason(exc)})",
                source=shown,
                hint="is the server running and the URL right?",
            ) from None
        except requests.exceptions.RequestException as exc:
            raise EnvironmentFailure(
                mask(f"request failed: {exc}", secrets), source=shown
            ) from None
        except UnicodeError:  # credentials that HTTP headers cannot carry (Latin-1)
            raise UsageError(
                "the user name or password has characters HTTP authentication cannot send",
                source=shown,
                hint="use ASCII credentials (or --auth basic, sent as UTF-8)",
            ) from None
        from mbx.remote.bounded import read_body

        read_body(response, deadline, read, shown)
        if response.status_code >= 400 and response.status_code not in ok_statuses:
            raise EnvironmentFailure(
                reason(response, secrets), source=shown, hint=self._hint(response)
            )
        return response

    def _hint(self, response: requests.Response) -> str | None:
        if response.status_code != 401:
            return None
        if response.request.headers.get("Authorization") is None:
            return (
                f"give credentials: {self.credentials.user_variable} and "
                f"{self.credentials.password_variable}, or a netrc file"
            )
        return "check the user name and password (--auth basic|digest chooses the scheme)"


def _session(allow_other_hosts: bool) -> requests.Session:
    """A requests session that follows redirects by mbx's rules (see the module docstring)."""
    import requests

    class Session(requests.Session):
        def get_redirect_target(self, resp: requests.Response) -> str | None:
            target = super().get_redirect_target(resp)
            if target is not None:
                check_redirect(resp, urljoin(resp.url, target), allow_other_hosts)
            return target

    session = Session()
    session.max_redirects = MAX_REDIRECTS
    return session


def check_redirect(resp: requests.Response, new: str, allow_other_hosts: bool) -> None:
    """Raise :class:`RedirectRefused` unless mbx follows ``resp``'s redirect to ``new``."""
    old_parts, new_parts = urlsplit(resp.url), urlsplit(new)
    shown = redact(urlunsplit((new_parts.scheme, new_parts.netloc, new_parts.path, "", "")))
    if (new_parts.hostname or "").lower() != (old_parts.hostname or "").lower() and not (
        allow_other_hosts
    ):
        raise RedirectRefused(
            f"the server redirects to another host ({shown}); not followed",
            hint="give that URL, or --allow-redirects",
        )
    if old_parts.scheme == "https" and new_parts.scheme != "https":
        raise RedirectRefused(f"the server redirects from https to {shown}; not followed")
    dropped = bool(old_parts.query) and not new_parts.query  # GET: the query is in the URL
    if dropped or (resp.status_code in (301, 302, 303) and resp.request.body is not None):
        raise RedirectRefused(
            f"the server moved this URL (HTTP {resp.status_code}) to {shown}",
            hint="give that URL",
        )


def _connection_reason(exc: Exception) -> str:
    text = str(exc)
    for pattern, why in (
        (r"Connection refused|Errno 111", "connection refused"),
        (
            r"Name or service not known|nodename nor servname|getaddrinfo failed|Errno -[23]",
            "unknown host",
        ),
        (r"timed out", "timed out"),
        (r"SSL|certificate", "TLS error"),
        (r"Connection aborted|RemoteDisconnected|reset by peer|Broken pipe", "connection closed"),
    ):
        if re.search(pattern, text):
            return why
    return "network error"


def media_type(response: requests.Response, default: str = "") -> str:
    """The media type of a response, without parameters, lower case."""
    return response.headers.get("Content-Type", default).split(";")[0].strip().lower()


def refuse_xml_entities(data: bytes, media: str, what: str, url: str) -> None:
    """A server's answer refused before any parser sees it: XML entities, deep, cut off."""
    from mbx.parse import xml_entity_declaration
    from mbx.remote.bounded import check_answer

    check_answer(data, media, what, redact(url))

    if "xml" in media.lower() and xml_entity_declaration(data) is not None:
        raise EnvironmentFailure(
            f"{what} declares XML entities: refused (entity expansion / XXE)", source=redact(url)
        )
