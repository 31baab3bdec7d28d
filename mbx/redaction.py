"""Secrets never shown: one redaction step for every URL, header and server message mbx prints.

Credentials reach mbx in many ways: user info in a URL (``user:pass@``, maybe
percent-encoded), ``~/.netrc`` (read by requests for the URL's host),
environment variables (``MBX_STORE_PASSWORD``, ``MBX_ENDPOINT_PASSWORD``, any
``*_TOKEN``/``*_SECRET``), and token-like query parameters
(``?access-token=``, ``?api_key=``). :func:`redact` masks all of them, in
every spelling a server may echo them back in (as given, percent-encoded or
decoded, Base64 in a Basic ``Authorization`` header); short passwords are
masked where they stand alone. The URLs the user named are remembered
(:func:`remember_arguments`, called on the command line) so that their
secrets are known before any request is made.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus, unquote, unquote_plus, urlsplit, urlunsplit

MASK = "***"

#: query parameters whose values are credentials
_SENSITIVE = (
    r"access[-_.]?token|auth[-_.]?token|id[-_.]?token|refresh[-_.]?token|token|api[-_.]?key|apikey"
    r"|key|secret|client[-_.]?secret|password|passwd|pwd|pass|auth|authorization|credentials?"
    r"|sig|signature|session[-_.]?id|sessionid|jwt"
)
_SENSITIVE_NAME = re.compile(rf"(?i)^(?:{_SENSITIVE})$")
#: name=value pairs of those names anywhere in a text (a query string, a form, a log line)
_PAIR = re.compile(rf"(?i)(?<![\w-])({_SENSITIVE})(=|\"\s*:\s*\")([^\s&;,\"'<>]+)")
#: environment variables whose values are credentials
_SECRET_VARIABLE = re.compile(r"(?i)(PASSWORD|PASSWD|TOKEN|SECRET|API_?KEY|CREDENTIAL)")
#: user info in any URL of a text
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^\s/?#@<>\"']*@")
#: credentials in an HTTP Authorization header a server echoes
_AUTH_HEADER = re.compile(r"(?i)\b(authorization|proxy-authorization)(\s*[:=]\s*)[^\r\n<]*")
#: (as servers write the schemes: ``Basic``/``BASIC``, not the word "digest" of a sentence)
_AUTH_SCHEME = re.compile(r"\b(Basic|Bearer|Digest|Token|BASIC|BEARER)\s+[A-Za-z0-9+/=._~\-]{6,}")
_URL = re.compile(r"(?i)\b[a-z][a-z0-9+.\-]*://[^\s<>\"'`]+")

_known: set[str] = set()
_users: set[str] = set()


def remember(secret: str | None, user: str | None = None) -> None:
    """Never show ``secret`` (nor ``user:secret`` in Base64, as a Basic header carries it)."""
    if not secret:
        return
    _known.add(secret)
    if user:
        _users.add(user)


def remember_url(url: str) -> None:
    """Remember the secrets of ``url``: its user info, token parameters, its host's netrc entry."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return
    if parts.password is not None:
        remember(parts.password, parts.username)
        remember(unquote(parts.password), unquote(parts.username or ""))
    elif parts.username:  # a token given as the user name alone
        remember(parts.username)
        remember(unquote(parts.username))
    for pair in re.split(r"[&;]", parts.query):
        name, _, value = pair.partition("=")
        if value and _SENSITIVE_NAME.match(unquote_plus(name)):
            remember(value)
            remember(unquote_plus(value))
    if host and parts.scheme.lower() in ("http", "https"):
        _remember_netrc(host)


def _remember_netrc(host: str) -> None:
    """The password ``~/.netrc`` (or ``$NETRC``) holds for ``host``: requests would send it."""
    import netrc

    for name in ([os.environ["NETRC"]] if os.environ.get("NETRC") else ["~/.netrc", "~/_netrc"]):
        path = os.path.expanduser(name)
        if not os.path.isfile(path):
            continue
        try:
            entry = netrc.netrc(path).authenticators(host)
        except (OSError, netrc.NetrcParseError):
            return
        if entry:
            login, account, password = entry
            remember(password, login)
            remember(account)
        return


def remember_arguments(arguments: Iterable[str]) -> None:
    """Remember the secrets of every URL on the command line (``--endpoint``, ``--store-url``)."""
    for argument in arguments:
        for match in _URL.finditer(argument):
            remember_url(match.group())


#: mbx's own password variables: masked whatever their length
PASSWORD_VARIABLES = ("MBX_STORE_PASSWORD", "MBX_ENDPOINT_PASSWORD")


def _environment_secrets() -> list[tuple[str, str | None]]:
    """(value, user) of the environment's secrets: mbx's password variables, any *_TOKEN..."""
    found: list[tuple[str, str | None]] = []
    for name, value in os.environ.items():
        mine = name in PASSWORD_VARIABLES
        if value and (mine or (len(value) >= 4 and _SECRET_VARIABLE.search(name))):
            user_variable = _SECRET_VARIABLE.sub("USER", name)
            found.append((value, os.environ.get(user_variable)))
    return found


def _forms(secret: str, users: Iterable[str]) -> set[str]:
    """Every spelling of ``secret`` a server may echo back."""
    forms = {secret, quote(secret, safe=""), quote(secret), quote_plus(secret)}
    for user in users:
        for pair in (f"{user}:{secret}",):
            for encoding in ("utf-8", "latin-1"):
                try:
                    forms.add(base64.b64encode(pair.encode(encoding)).decode("ascii"))
                except UnicodeEncodeError:
                    continue
    return {form for form in forms if form}


def redact_url(url: str) -> str:
    """``url`` without user info and with its credential parameters masked.

    >>> redact_url("http://alice:s3cret@example.org:3030/ds/data?graph=x&access_token=abc")
    'http://example.org:3030/ds/data?graph=x&access_token=***'
    """
    try:
        parts = urlsplit(url)
    except ValueError:  # unparsable: drop anything that looks like user info
        return _PAIR.sub(rf"\1\2{MASK}", re.sub(r"^([^/]*//)?[^/@]*@", r"\1", url))
    netloc = parts.netloc.rsplit("@", 1)[1] if "@" in parts.netloc else parts.netloc
    if "@" not in parts.netloc and not parts.scheme:
        return _PAIR.sub(rf"\1\2{MASK}", re.sub(r"^[^/@]*@", "", url))
    pairs = []
    for pair in re.split(r"(?<=[&;])", parts.query) if parts.query else []:
        name, equals, value = pair.partition("=")
        ending = value[-1:] if value[-1:] in ("&", ";") else ""
        if equals and _SENSITIVE_NAME.match(unquote_plus(name)):
            pair = f"{name}={MASK}{ending}"
        pairs.append(pair)
    return urlunsplit((parts.scheme, netloc, parts.path, "".join(pairs), parts.fragment))


def redact(text: str) -> str:
    """``text`` with every credential masked: the one step every shown message goes through.

    >>> redact("GET /q?access-token=abc123&x=1 failed for http://bob:pw@h/q")
    'GET /q?access-token=***&x=1 failed for http://h/q'
    """
    text = _URL.sub(lambda m: redact_url(m.group()), text)
    text = _USERINFO.sub(r"\1", text)
    text = _AUTH_HEADER.sub(rf"\1\2{MASK}", text)
    text = _AUTH_SCHEME.sub(rf"\1 {MASK}", text)
    text = _PAIR.sub(rf"\1\2{MASK}", text)
    secrets = {(s, None) for s in _known} | set(_environment_secrets())
    users = set(_users) | {u for _, u in secrets if u}
    users |= {v for k, v in os.environ.items() if v and k.endswith("_USER")}
    forms: set[str] = set()
    for secret, user in secrets:
        forms |= _forms(secret, users | ({user} if user else set()))
    for form in sorted(forms, key=len, reverse=True):
        if len(form) >= 4:
            text = text.replace(form, MASK)
        else:  # a short secret is masked where it stands alone, not inside every word
            text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(form)}(?![A-Za-z0-9])", MASK, text)
    return text
