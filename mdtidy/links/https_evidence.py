"""Evidence that an ``http://`` link may be upgraded to ``https://``: pure and offline.

The sources, in the order they are asked (the first that answers decides):

1. the configuration: ``https-hosts`` (always upgrade) and ``http-only-hosts`` (never),
   both with globs such as ``*.github.io``; when both match, the more specific pattern
   wins (an exact host over a glob, a longer glob over a shorter one, ``http-only-hosts``
   on a tie);
2. Chromium's HSTS preload list, as shipped by the ``hstspreload`` package (an entry
   with ``include_subdomains`` covers every host below it);
3. the corpus: the host is linked with ``https://`` in the files of this run (or, for
   the parent domains a rule is configured with, that parent domain is);
4. an online check (``--verify-https``, :mod:`mdtidy.links.verify`), whose results reach the
   rules as :class:`OnlineResult` objects; a failure is evidence *against* upgrading.

Nothing here touches the network; :mod:`mdtidy.links.verify` does, and only when asked.
"""

from __future__ import annotations

import fnmatch
import os
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "Evidence",
    "OnlineResult",
    "Upgrade",
    "config_match",
    "corpus_uses",
    "decide",
    "hsts_preloaded",
    "is_local",
    "needs_online_check",
    "plan_upgrade",
]

_LOCAL_SUFFIXES = (".local", ".localhost", ".test", ".example", ".invalid")


@lru_cache(maxsize=4096)
def is_local(host: str) -> bool:
    """``localhost``, IP literals (loopback, private or not) and reserved local domains."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        return True
    if ":" not in host and not host[-1:].isdigit():
        return False  # a name, not an IP literal (IPv4 ends in a digit, IPv6 has colons)
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- the upgrade itself


@dataclass(frozen=True)
class Upgrade:
    """How an ``http://`` URL becomes ``https://``: only the scheme changes (and ``:80`` goes)."""

    host: str  # lower-cased, as written otherwise
    port: str  # the explicit port as written, "" when there is none
    https_url: str  # the upgraded URL; "" when another port forbids the upgrade
    #: (start, end, replacement) relative to the URL's first character
    edits: tuple[tuple[int, int, str], ...] = ()

    @property
    def possible(self) -> bool:
        return bool(self.https_url)


def plan_upgrade(url: str) -> Upgrade | None:
    """The upgrade of an ``http://`` URL as written, or ``None`` when it is not one.

    Everything after the scheme is kept byte for byte, except a redundant ``:80``. A URL
    with any other explicit port gets an :class:`Upgrade` that is not :attr:`possible`.
    """
    if url[:7].lower() != "http://":
        return None
    rest = url[7:]
    end = len(rest)
    for stop in "/?#":
        at = rest.find(stop)
        if 0 <= at < end:
            end = at
    authority = rest[:end]
    hostport = authority.rsplit("@", 1)[-1]
    port = ""
    if hostport.startswith("["):
        close = hostport.find("]")
        if close < 0:
            return None
        host, after = hostport[: close + 1], hostport[close + 1 :]
        if after:
            if not after.startswith(":"):
                return None
            port = after[1:]
    elif ":" in hostport:
        host, port = hostport.rsplit(":", 1)
    else:
        host = hostport
    if not host or (port and not port.isdigit()):
        return None
    host = host.lower()
    if port and int(port) != 80:
        return Upgrade(host, port, "")
    edits: list[tuple[int, int, str]] = [(0, 4, "https")]
    https_url = "https" + url[4:]
    if port:
        colon = 7 + len(authority) - len(port) - 1
        edits.append((colon, colon + 1 + len(port), ""))
        https_url = "https" + url[4:colon] + url[colon + 1 + len(port) :]
    return Upgrade(host, port, https_url, tuple(edits))


# --------------------------------------------------------------------------- 1. configuration


def _specificity(pattern: str) -> tuple[int, int]:
    return (0 if any(c in pattern for c in "*?[") else 1, len(pattern))


def _best(host: str, patterns: Iterable[str]) -> str | None:
    matching = [p for p in patterns if fnmatch.fnmatchcase(host, p.lower())]
    return max(matching, key=_specificity) if matching else None


def config_match(
    host: str, https_hosts: Iterable[str], http_only_hosts: Iterable[str]
) -> tuple[str, str] | None:
    """``("https", pattern)``, ``("http-only", pattern)`` or ``None``."""
    if not https_hosts and not http_only_hosts:
        return None
    return _config_match(host, tuple(https_hosts), tuple(http_only_hosts))


@lru_cache(maxsize=8192)
def _config_match(
    host: str, https_hosts: tuple[str, ...], http_only_hosts: tuple[str, ...]
) -> tuple[str, str] | None:
    yes = _best(host, https_hosts)
    no = _best(host, http_only_hosts)
    if no is not None and (yes is None or _specificity(no) >= _specificity(yes)):
        return ("http-only", no)
    if yes is not None:
        return ("https", yes)
    return None


# --------------------------------------------------------------------------- 2. HSTS preload list


def _idna(host: str) -> str | None:
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None


@lru_cache(maxsize=4096)
def hsts_preloaded(host: str) -> str | None:
    """The preload entry covering ``host`` (itself, or a parent with include_subdomains).

    Remembered between runs for the installed list (:mod:`mdtidy.memo`): the hstspreload
    package reads its list from disk again for every lookup."""
    name = _idna(host.rstrip("."))
    if not name:
        return None
    from mdtidy import memo

    return memo.remember("hsts", _list_stamp(), name, lambda: _hsts_entry(name))


@lru_cache(maxsize=1)
def _list_stamp() -> str:
    """Which preload list is installed: the hstspreload package's files, with their sizes
    and modification times (found without importing it)."""
    from importlib.util import find_spec

    try:
        spec = find_spec("hstspreload")
        if spec is None or spec.origin is None:
            return "none"
        folder = os.path.dirname(spec.origin)
        stamps = [folder]
        for name in sorted(os.listdir(folder)):
            if not name.startswith("__"):
                st = os.stat(os.path.join(folder, name))
                stamps.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    except (OSError, ImportError, ValueError):
        return "unknown"
    return "|".join(stamps)


def _hsts_entry(name: str) -> str | None:
    from hstspreload import in_hsts_preload  # only a run with http:// links reads the list

    with warnings.catch_warnings():
        # hstspreload 2025.1.1 reads its data with importlib.resources.open_binary
        warnings.simplefilter("ignore", DeprecationWarning)
        if not in_hsts_preload(name):
            return None
        labels = name.split(".")
        # The shortest proper parent under which *any* name is preloaded is the entry with
        # include_subdomains that covers the host; none means the host is an entry itself.
        for i in range(len(labels) - 1, 0, -1):
            parent = ".".join(labels[i:])
            if in_hsts_preload("mdtidy-probe." + parent):
                return parent
    return name


# --------------------------------------------------------------------------- 3. the corpus


def _parents(host: str) -> Iterable[str]:
    labels = host.split(".")
    for i in range(1, len(labels) - 1):
        yield ".".join(labels[i:])


def corpus_uses(
    host: str, https_counts: Mapping[str, int], parent_domains: Iterable[str] = ()
) -> tuple[str, int] | None:
    """``(domain, count)``: the host's own ``https://`` uses, else a configured parent's."""
    if https_counts.get(host):
        return (host, https_counts[host])
    patterns = [p.lower() for p in parent_domains]
    if patterns:
        for parent in _parents(host):
            if https_counts.get(parent) and any(fnmatch.fnmatchcase(parent, p) for p in patterns):
                return (parent, https_counts[parent])
    return None


# --------------------------------------------------------------------------- 4. online results


@dataclass(frozen=True)
class OnlineResult:
    """What ``--verify-https`` found for one https URL."""

    ok: bool
    detail: str  # "answered 200", "certificate error: …", "timed out after 10 s", …
    status: int | None = None
    cached: bool = False


# --------------------------------------------------------------------------- the decision


@dataclass(frozen=True)
class Evidence:
    """The deciding piece of evidence for one link."""

    #: "config", "hsts", "corpus", "online": evidence for; "http-only", "online-failed":
    #: evidence against; "none": nothing either way
    source: str
    reason: str  # for the finding's message

    @property
    def safe(self) -> bool:
        return self.source in ("config", "hsts", "corpus", "online")

    @property
    def against(self) -> bool:
        return self.source in ("http-only", "online-failed")


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def offline_evidence(
    host: str,
    *,
    https_hosts: Iterable[str] = (),
    http_only_hosts: Iterable[str] = (),
    https_counts: Mapping[str, int] | None = None,
    parent_domains: Iterable[str] = (),
) -> Evidence | None:
    """Evidence from sources 1–3, or ``None``."""
    configured = config_match(host, https_hosts, http_only_hosts)
    if configured is not None:
        kind, pattern = configured
        setting = "https-hosts" if kind == "https" else "http-only-hosts"
        where = (
            f"host is listed in {setting}" if pattern == host else f"host matches {pattern!r} in {setting}"
        )
        return Evidence("config" if kind == "https" else "http-only", where)
    entry = hsts_preloaded(host)
    if entry is not None:
        if entry == _idna(host):
            return Evidence("hsts", "host is HSTS-preloaded")
        shown = entry if "." in entry else f".{entry}"
        return Evidence("hsts", f"{shown} is HSTS-preloaded with include_subdomains")
    uses = corpus_uses(host, https_counts or {}, parent_domains)
    if uses is not None:
        domain, count = uses
        who = "host" if domain == host else f"parent domain {domain}"
        return Evidence("corpus", f"{who} is linked with https:// {_times(count)} in this run")
    return None


def decide(
    upgrade: Upgrade,
    *,
    https_hosts: Iterable[str] = (),
    http_only_hosts: Iterable[str] = (),
    https_counts: Mapping[str, int] | None = None,
    parent_domains: Iterable[str] = (),
    online: OnlineResult | None = None,
) -> Evidence:
    """The evidence for upgrading one URL, sources in order."""
    found = offline_evidence(
        upgrade.host,
        https_hosts=https_hosts,
        http_only_hosts=http_only_hosts,
        https_counts=https_counts,
        parent_domains=parent_domains,
    )
    if found is not None:
        return found
    if online is not None:
        if online.ok:
            return Evidence("online", f"verified online: {upgrade.https_url} {online.detail}")
        return Evidence("online-failed", f"{upgrade.https_url} failed the online check: {online.detail}")
    return Evidence("none", f"no evidence that {upgrade.host} serves https")


def needs_online_check(
    url: str,
    *,
    https_hosts: Iterable[str] = (),
    http_only_hosts: Iterable[str] = (),
    https_counts: Mapping[str, int] | None = None,
) -> str | None:
    """The https URL ``--verify-https`` should fetch for this link, or ``None``.

    Only links that no offline evidence decides are checked online.
    """
    upgrade = plan_upgrade(url)
    if upgrade is None or not upgrade.possible or is_local(upgrade.host):
        return None
    found = offline_evidence(
        upgrade.host, https_hosts=https_hosts, http_only_hosts=http_only_hosts, https_counts=https_counts
    )
    return None if found is not None else upgrade.https_url
