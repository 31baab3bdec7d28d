"""HTTP for remote stores: requests with credentials, redaction, timeouts, one-line failures.

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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from mbx.errors import EnvironmentFailure, QueryError, UsageError, one_line

if TYPE_CHECKING:  # pragma: no cover
    import requests

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


def redact(url: str) -> str:
    """``url`` without user name and password, its credential parameters masked (mbx.redaction).

    >>> redact("http://alice:s3cret@example.org:3030/ds/data?graph=x")
    'http://example.org:3030/ds/data?graph=x'
    """
    from mbx.redaction import redact_url

    return redact_url(url)


@dataclass(frozen=True)
class Credentials:
    """Basic-auth credentials read from two environment variables (or none)."""

    user_variable: str
    password_variable: str

    def auth(self) -> requests.auth.AuthBase | None:
        """Basic auth from the environment, or None (then URL user info or netrc).

        As UTF-8 bytes (RFC 7617): requests would encode text as Latin-1 and fail
        on any other character.
        """
        from requests.auth import HTTPBasicAuth

        from mbx.redaction import remember

        user = os.environ.get(self.user_variable)
        if not user:
            return None
        password = os.environ.get(self.password_variable, "")
        remember(password, user)
        return HTTPBasicAuth(user.encode("utf-8"), password.encode("utf-8"))

    def secrets(self, url: str) -> list[str]:
        """Every secret that must never be shown: the password and the URL's user info."""
        from mbx.redaction import remember, remember_url

        remember(os.environ.get(self.password_variable, ""), os.environ.get(self.user_variable))
        remember_url(url)
        found = [os.environ.get(self.password_variable, "")]
        parts = urlsplit(url)
        if parts.password:
            found.append(parts.password)
        return [s for s in found if s]


STORE_CREDENTIALS = Credentials("MBX_STORE_USER", "MBX_STORE_PASSWORD")
ENDPOINT_CREDENTIALS = Credentials("MBX_ENDPOINT_USER", "MBX_ENDPOINT_PASSWORD")


def _mask(text: str, secrets: Sequence[str]) -> str:
    """``text`` through the one redaction step (mbx.redaction), which knows ``secrets`` too."""
    from mbx.redaction import redact as redact_text
    from mbx.redaction import remember

    for secret in secrets:
        remember(secret)
    return redact_text(text)


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
    except UnicodeError:  # credentials in the URL that HTTP Basic cannot carry as Latin-1
        raise UsageError(
            "the user name or password in the URL has characters HTTP Basic authentication "
            "cannot send",
            source=shown,
            hint="give them in the environment (MBX_ENDPOINT_USER/PASSWORD, "
            "MBX_STORE_USER/PASSWORD)",
        ) from None
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


def media_type(response: requests.Response, default: str = "") -> str:
    """The media type of a response, without parameters, lower case."""
    return response.headers.get("Content-Type", default).split(";")[0].strip().lower()


def refuse_xml_entities(data: bytes, media: str, what: str, url: str) -> None:
    """A server's XML answer that declares entities is refused before any parser sees it."""
    from mbx.parse import xml_entity_declaration

    if "xml" in media.lower() and xml_entity_declaration(data) is not None:
        raise EnvironmentFailure(
            f"{what} declares XML entities: refused (entity expansion / XXE)", source=redact(url)
        )
