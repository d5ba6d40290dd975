"""URL comparison keys, used by every rule that compares links.

Two links are "the same" when their keys are equal. The key is deliberately light:
the scheme ``http``/``https`` is ignored, the host is lower-cased (and IDNA-encoded),
a default port is dropped, an empty path is ``/`` and a trailing slash is ignored.
Query and fragment are kept as written: ``page#a`` and ``page#b`` differ.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

__all__ = ["host_of", "url_key", "web_parts"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


def web_parts(url: str) -> SplitResult | None:
    """``urlsplit`` for http(s) URLs; ``None`` for anything else or unparsable input."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.netloc:
        return None
    return parts


def host_of(url: str) -> str:
    """Lower-cased host of an http(s) URL, or ``""``."""
    parts = web_parts(url)
    if parts is None:
        return ""
    try:
        return (parts.hostname or "").lower()
    except ValueError:
        return ""


def _idna(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def url_key(url: str) -> str:
    """The comparison key of a link target."""
    parts = web_parts(url)
    if parts is None:
        return url.strip()
    scheme = parts.scheme.lower()
    try:
        host = _idna((parts.hostname or "").lower())
        port = parts.port
    except ValueError:
        return url.strip()
    netloc = host
    if parts.username or parts.password:
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    path = parts.path.rstrip("/") or ""
    key = f"//{netloc}{path}"
    if parts.query:
        key += "?" + parts.query
    if parts.fragment:
        key += "#" + parts.fragment
    return key
