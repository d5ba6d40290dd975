"""Canonical URLs: the one place that decides when two links point at the same page.

Every rule that compares links uses :func:`url_key` (or the :attr:`LinkRecord.key
<mdtidy.model.LinkRecord>` the engine computed with it). Two links are the same when their
canonical forms are equal. For ``http``/``https`` URLs the canonical form is built by
`w3lib <https://w3lib.readthedocs.io/>`_'s ``canonicalize_url`` (Scrapy's URL
canonicaliser: host lower-cased and IDNA-encoded, percent-escapes upper-cased and needless
ones decoded, dot segments resolved, query parameters sorted, an empty ``?`` dropped) and
then, here:

* the scheme is dropped (``http`` and ``https`` are the same link);
* the default port of the link's own scheme (80, 443) and a trailing dot of the host go;
* with ``strip-www`` configured, a leading ``www.`` goes;
* an empty path, ``/`` and a trailing slash are the same; a last path segment named in
  ``index-files`` (default ``index.html``, ``index.htm``) is the folder itself;
* tracking parameters go: ``tracking-params`` everywhere (``utm_*``, ``fbclid``,
  ``gclid``, ``spm``, …) and ``host-tracking-params`` on their host and its subdomains
  (the share parameters of ``mp.weixin.qq.com`` long links; ``__biz``, ``mid``, ``idx``
  and ``sn`` identify the article and stay);
* the fragment is kept (``page#a`` and ``page#b`` differ) unless ``keep-fragments`` is
  false, or the host is in ``fragment-free-hosts`` (default ``mp.weixin.qq.com``, whose
  ``#rd`` / ``#wechat_redirect`` fragments are share noise, not anchors).

Anything that is not an absolute ``http``/``https`` URL (relative links, ``mailto:``,
``ftp:``) is compared as written, minus surrounding whitespace.

The defaults are :data:`DEFAULT_POLICY`; ``[tool.mdtidy.canonical-urls]`` in the
configuration makes another :class:`UrlPolicy` (see :mod:`mdtidy.config`).
"""

from __future__ import annotations

import fnmatch
import functools
import re
from dataclasses import dataclass, field
from urllib.parse import SplitResult, unquote_plus, urlsplit

__all__ = [
    "DEFAULT_FRAGMENT_FREE_HOSTS",
    "DEFAULT_HOST_TRACKING_PARAMS",
    "DEFAULT_INDEX_FILES",
    "DEFAULT_POLICY",
    "DEFAULT_TRACKING_PARAMS",
    "UrlPolicy",
    "host_of",
    "url_key",
    "web_parts",
]

_DEFAULT_PORTS = {"http": 80, "https": 443}

#: query parameters removed on every host (shell-style globs, matched case-insensitively)
DEFAULT_TRACKING_PARAMS: tuple[str, ...] = (
    "utm_*",
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "yclid",
    "mc_cid",
    "mc_eid",
    "_hsenc",
    "_hsmi",
    "spm",
)

#: query parameters removed only on a host (and its subdomains)
DEFAULT_HOST_TRACKING_PARAMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "mp.weixin.qq.com",
        (
            "chksm",
            "scene",
            "sessionid",
            "srcid",
            "sharer_sharetime",
            "sharer_shareid",
            "subscene",
            "clicktime",
            "enterid",
            "ascene",
            "devicetype",
            "version",
            "lang",
            "nettype",
            "abtest_cookie",
            "exportkey",
            "pass_ticket",
            "wx_header",
            "key",
            "uin",
            "mpshare",
            "from",
            "isappinstalled",
            "share_token",
            "poc_token",
        ),
    ),
)

#: hosts (and their subdomains) whose fragments are never anchors
DEFAULT_FRAGMENT_FREE_HOSTS: tuple[str, ...] = ("mp.weixin.qq.com",)

#: last path segments that name the folder's default document
DEFAULT_INDEX_FILES: tuple[str, ...] = ("index.html", "index.htm")


@dataclass(frozen=True)
class UrlPolicy:
    """How URLs are canonicalised. Hashable, so keys can be cached per policy."""

    tracking_params: tuple[str, ...] = DEFAULT_TRACKING_PARAMS
    host_tracking_params: tuple[tuple[str, tuple[str, ...]], ...] = DEFAULT_HOST_TRACKING_PARAMS
    index_files: tuple[str, ...] = DEFAULT_INDEX_FILES
    #: ``()``: keep ``www.``; ``("*",)``: drop it on every host; else host globs (without ``www.``)
    strip_www: tuple[str, ...] = ()
    keep_fragments: bool = True
    fragment_free_hosts: tuple[str, ...] = DEFAULT_FRAGMENT_FREE_HOSTS
    _host_params: dict[str, tuple[str, ...]] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self._host_params.update((h.lower().strip("."), p) for h, p in self.host_tracking_params)

    def params_for(self, host: str) -> tuple[str, ...]:
        """The tracking-parameter globs that apply on ``host``."""
        extra: list[str] = []
        labels = host.split(".")
        for i in range(len(labels)):
            extra.extend(self._host_params.get(".".join(labels[i:]), ()))
        return (*self.tracking_params, *extra)

    def keeps_fragment(self, host: str) -> bool:
        if not self.keep_fragments:
            return False
        return not any(host == h or host.endswith("." + h) for h in self.fragment_free_hosts)

    def drops_www(self, host: str) -> bool:
        bare = host[4:]
        return any(p == "*" or fnmatch.fnmatchcase(bare, p.lower()) for p in self.strip_www)


DEFAULT_POLICY = UrlPolicy()


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


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    return any(name == p or fnmatch.fnmatchcase(name, p) for p in patterns)


def _query(query: str, patterns: tuple[str, ...]) -> str:
    """The (already sorted, encoded) query without the tracking parameters."""
    if not query or not patterns:
        return query
    kept = []
    for pair in query.split("&"):
        name = unquote_plus(pair.split("=", 1)[0]).lower()
        if not _matches(name, patterns):
            kept.append(pair)
    return "&".join(kept)


def _path(path: str, index_files: tuple[str, ...]) -> str:
    head, _, last = path.rpartition("/")
    if last and last.lower() in index_files:
        path = head
    return path.rstrip("/")


#: web URLs that ``canonicalize_url`` returns as they are (an empty path becomes "/", and
#: the fragment goes unless it is kept): a lower-case host name without port or user, a
#: path and a fragment of characters it never escapes, and no query, parameters, percent
#: escapes or dot segments ("/." is checked apart). Most links in a blog are like this
#: (a fragment being the usual exception); tests/test_startup.py checks the claim
#: against w3lib.
PLAIN_URL = re.compile(
    r"https?://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?P<path>/[A-Za-z0-9\-._~!$&'()*+,=:@/]*)?"
    r"(?:#(?P<fragment>[A-Za-z0-9\-._~!$&'()*+,;=:@/?]+))?",
    re.ASCII,
)


def canonical_url(url: str, keep_fragments: bool = True) -> str:
    """w3lib's ``canonicalize_url(url, keep_fragments=...)``, without importing w3lib for a
    plain URL (:data:`PLAIN_URL`): w3lib.url imports urllib.request (http.client, email,
    ssl), about 30 ms of a one-file run."""
    plain = PLAIN_URL.fullmatch(url)
    if plain is not None:
        path = plain.group("path")
        if not path or "/." not in path:
            fragment = plain.group("fragment")
            base = url if fragment is None else url[: plain.start("fragment") - 1]
            if not path:
                base += "/"
            return base + "#" + fragment if fragment is not None and keep_fragments else base
    from w3lib.url import canonicalize_url

    return canonicalize_url(url, keep_fragments=keep_fragments)


@functools.lru_cache(maxsize=8192)  # bounded: a worker's memory must not grow with the run
def _canonical(url: str, policy: UrlPolicy) -> str:
    stripped = url.strip()
    parts = web_parts(stripped)
    if parts is None:
        return stripped
    scheme = parts.scheme.lower()
    try:
        canonical = urlsplit(canonical_url(stripped, keep_fragments=policy.keep_fragments))
        host = (canonical.hostname or "").rstrip(".")
        port = canonical.port
    except (ValueError, UnicodeError):
        return stripped
    if host.startswith("www.") and policy.strip_www and policy.drops_www(host):
        host = host[4:]
    netloc = host
    if canonical.username is not None or canonical.password is not None:
        netloc = canonical.netloc.rsplit("@", 1)[0] + "@" + host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    key = f"//{netloc}{_path(canonical.path, policy.index_files)}"
    query = _query(canonical.query, policy.params_for(host))
    if query:
        key += "?" + query
    if canonical.fragment and policy.keeps_fragment(host):
        key += "#" + canonical.fragment
    return key


def url_key(url: str, policy: UrlPolicy | None = None) -> str:
    """The canonical form of a link target: equal keys, same link.

    ``policy`` defaults to :data:`DEFAULT_POLICY`; the engine passes the configured one
    (``config.url_policy``).
    """
    return _canonical(url, policy or DEFAULT_POLICY)
