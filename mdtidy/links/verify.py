"""Online verification of http → https upgrades (``--verify-https``).

Never in the default path: this module (and httpx) is only imported when the flag is
given, so ordinary runs stay offline and deterministic.

For each ``http://`` link that no offline evidence decides (see
:mod:`mdtidy.links.https_evidence`), the upgraded ``https://`` URL is fetched: ``HEAD``,
falling back to ``GET`` (headers only) when ``HEAD`` fails. Redirects are followed
(at most :data:`MAX_REDIRECTS`), but a redirect back to ``http://`` is a failure.
Success means a final status below 400 and a valid certificate. Requests run
concurrently in a bounded pool, with a minimum delay between two requests to one host
and a timeout per request. Results are cached on disk (JSON) with an expiry; timeouts
are not cached, since they are often transient.

Certificates are checked against the system's default bundle (certifi, via httpx),
or the PEM file named by ``MDTIDY_CA_BUNDLE`` or the configuration's ``ca-bundle``.
Verification is never disabled.
"""

from __future__ import annotations

import json
import os
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from mdtidy import __version__
from mdtidy.atomic import replace_with
from mdtidy.links.https_evidence import OnlineResult, needs_online_check
from mdtidy.model import Corpus

__all__ = [
    "MAX_REDIRECTS",
    "Settings",
    "VerifyError",
    "VerifyReport",
    "check_url",
    "verify_corpus",
    "verify_urls",
]

MAX_REDIRECTS = 10
CACHE_FILE = "verify-https.json"
CACHE_VERSION = 1
CA_BUNDLE_ENV = "MDTIDY_CA_BUNDLE"
_REDIRECTS = {301, 302, 303, 307, 308}


class VerifyError(Exception):
    """A setting that makes online verification impossible (e.g. a missing CA bundle)."""


@dataclass
class Settings:
    timeout: float = 10.0
    concurrency: int = 8
    per_host_delay: float = 0.5
    cache_days: float = 7.0
    cache_dir: str | None = ".mdtidy_cache"
    ca_bundle: str | None = None

    @classmethod
    def from_config(cls, config: Any) -> Settings:
        table = dict(getattr(config, "verify_https", None) or {})
        settings = cls()
        settings.timeout = float(table.get("timeout", settings.timeout))
        settings.concurrency = int(table.get("concurrency", settings.concurrency))
        settings.per_host_delay = float(table.get("per-host-delay", settings.per_host_delay))
        settings.cache_days = float(table.get("cache-days", settings.cache_days))
        settings.cache_dir = table.get("cache-dir", settings.cache_dir)
        settings.ca_bundle = os.environ.get(CA_BUNDLE_ENV) or getattr(config, "ca_bundle", None)
        return settings


def ssl_context(settings: Settings) -> ssl.SSLContext | bool:
    """The certificate check: the configured CA bundle, else httpx's default (certifi)."""
    if not settings.ca_bundle:
        return True
    path = Path(settings.ca_bundle).expanduser()
    if not path.is_file():
        raise VerifyError(f"CA bundle {settings.ca_bundle} does not exist")
    try:
        return ssl.create_default_context(cafile=str(path))
    except (OSError, ssl.SSLError) as exc:
        raise VerifyError(f"CA bundle {settings.ca_bundle} cannot be used: {exc}") from None


def _transport(verify: ssl.SSLContext | bool) -> httpx.BaseTransport:
    return httpx.HTTPTransport(verify=verify)


def make_client(settings: Settings) -> httpx.Client:
    verify = ssl_context(settings)
    return httpx.Client(
        transport=_transport(verify),
        verify=verify,
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=False,
        headers={"User-Agent": f"mdtidy/{__version__} (--verify-https)"},
    )


# --------------------------------------------------------------------------- pacing and caching


class _HostPacer:
    """At least ``delay`` seconds between the starts of two requests to one host."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.next_slot: dict[str, float] = {}

    def wait(self, host: str) -> None:
        if self.delay <= 0:
            return
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_slot.get(host, 0.0))
            self.next_slot[host] = slot + self.delay
        if slot > now:
            time.sleep(slot - now)


class _Cache:
    def __init__(self, folder: str | None, max_age: float, now: Callable[[], float]) -> None:
        self.path = Path(folder) / CACHE_FILE if folder and max_age > 0 else None
        self.max_age = max_age
        self.now = now
        self.entries: dict[str, dict[str, Any]] = {}
        self.dirty = False
        if self.path is not None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = None
            if isinstance(data, dict) and data.get("version") == CACHE_VERSION:
                entries = data.get("entries")
                if isinstance(entries, dict):
                    self.entries = entries

    def get(self, url: str) -> OnlineResult | None:
        entry = self.entries.get(url)
        if not isinstance(entry, dict):
            return None
        try:
            if self.now() - float(entry["checked"]) > self.max_age:
                return None
            status = entry.get("status")
            return OnlineResult(bool(entry["ok"]), str(entry["detail"]), status, cached=True)
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, url: str, result: OnlineResult) -> None:
        if self.path is None:
            return
        self.entries[url] = {
            "ok": result.ok,
            "detail": result.detail,
            "status": result.status,
            "checked": self.now(),
        }
        self.dirty = True

    def save(self) -> str | None:
        """Write the cache atomically; a message when that is not possible."""
        if self.path is None or not self.dirty:
            return None
        now = self.now()
        fresh = {
            url: e
            for url, e in self.entries.items()
            if isinstance(e, dict) and now - float(e.get("checked", 0)) <= self.max_age
        }
        payload = json.dumps({"version": CACHE_VERSION, "entries": fresh}, indent=1, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            replace_with(self.path, payload.encode("utf-8"), prefix=".verify-https.", suffix="")
        except OSError as exc:
            return f"cannot write the cache {self.path}: {exc.strerror or exc}"
        return None


# --------------------------------------------------------------------------- one URL


def _ssl_cause(exc: BaseException) -> ssl.SSLError | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLError):
            return current
        current = current.__cause__ or current.__context__
    return None


def _connect_failure(exc: httpx.HTTPError) -> str:
    cause = _ssl_cause(exc)
    text = str(exc)
    if isinstance(cause, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in text:
        reason = getattr(cause, "verify_message", None) or text
        return f"certificate error ({reason})"
    if cause is not None or "SSL" in text:
        return f"TLS handshake failed ({getattr(cause, 'reason', None) or text}); is https served?"
    return f"could not connect ({text or type(exc).__name__})"


def _fetch(client: httpx.Client, method: str, url: httpx.URL) -> tuple[int, str | None]:
    if method == "HEAD":
        response = client.head(url)
        return response.status_code, response.headers.get("location")
    with client.stream("GET", url) as response:  # headers only: the body is never read
        return response.status_code, response.headers.get("location")


def check_url(
    client: httpx.Client, url: str, settings: Settings, pacer: _HostPacer
) -> tuple[OnlineResult, bool]:
    """Check one https URL; ``(result, transient)`` where transient results are not cached."""
    current = httpx.URL(url)
    hops = 0
    while True:
        pacer.wait(current.host)
        try:
            try:
                status, location = _fetch(client, "HEAD", current)
            except httpx.RemoteProtocolError:
                status, location = 999, None
            if status >= 400 and not (status in _REDIRECTS and location):
                status, location = _fetch(client, "GET", current)
        except httpx.TimeoutException:
            return OnlineResult(False, f"timed out after {settings.timeout:g} s"), True
        except httpx.ConnectError as exc:
            return OnlineResult(False, _connect_failure(exc)), False
        except httpx.HTTPError as exc:
            return OnlineResult(False, f"request failed ({type(exc).__name__}: {exc})"), False
        if status in _REDIRECTS and location:
            try:
                target = current.join(location)
            except (httpx.InvalidURL, ValueError):
                return OnlineResult(False, f"redirects to an invalid URL ({location})", status), False
            if target.scheme != "https":
                return OnlineResult(False, f"redirects to {target.scheme}:// ({target})", status), False
            hops += 1
            if hops > MAX_REDIRECTS:
                return OnlineResult(False, f"more than {MAX_REDIRECTS} redirects", status), False
            current = target
            continue
        after = "" if not hops else f" after {hops} redirect{'s' if hops > 1 else ''}"
        if status < 400:
            return OnlineResult(True, f"answered {status}{after}", status), False
        return OnlineResult(False, f"answered {status}{after}", status), False


# --------------------------------------------------------------------------- many URLs


@dataclass
class VerifyReport:
    results: dict[str, OnlineResult] = field(default_factory=dict)  # https URL → result
    fetched: int = 0
    cached: int = 0
    problems: list[str] = field(default_factory=list)


def verify_urls(
    urls: Iterable[str],
    settings: Settings,
    *,
    client: httpx.Client | None = None,
    now: Callable[[], float] = time.time,
) -> VerifyReport:
    """Check every distinct https URL (cache first, then the network, concurrently)."""
    report = VerifyReport()
    cache = _Cache(settings.cache_dir, settings.cache_days * 86400, now)
    todo = []
    for url in dict.fromkeys(urls):
        hit = cache.get(url)
        if hit is not None:
            report.results[url] = hit
            report.cached += 1
        else:
            todo.append(url)
    if todo:
        own = client is None
        active = make_client(settings) if client is None else client
        pacer = _HostPacer(settings.per_host_delay)
        try:
            with ThreadPoolExecutor(max_workers=max(1, settings.concurrency)) as pool:
                outcomes = list(pool.map(lambda u: check_url(active, u, settings, pacer), todo))
        finally:
            if own:
                active.close()
        for url, (result, transient) in zip(todo, outcomes, strict=True):
            report.results[url] = result
            report.fetched += 1
            if not transient:
                cache.put(url, result)
    problem = cache.save()
    if problem:
        report.problems.append(problem)
    return report


def verify_corpus(corpus: Corpus, config: Any) -> VerifyReport:
    """Check the run's undecided http links online; results go to ``corpus.evidence``.

    ``corpus.evidence`` maps each ``http://`` URL as written to its :class:`OnlineResult`.
    """
    settings = Settings.from_config(config)
    ssl_context(settings)  # a broken CA bundle is an error even when every result is cached
    https_hosts = getattr(config, "https_hosts", ())
    http_only = getattr(config, "http_only_hosts", ())
    wanted: dict[str, str] = {}  # http URL as written → https URL to fetch
    for summary in corpus.summaries:
        for link in summary.links:
            if link.scheme != "http" or link.url in wanted:
                continue
            target = needs_online_check(
                link.url, https_hosts=https_hosts, http_only_hosts=http_only, https_counts=corpus.https_hosts
            )
            if target is not None:
                wanted[link.url] = target
    report = verify_urls(wanted.values(), settings)
    for http_url, https_url in wanted.items():
        corpus.evidence[http_url] = report.results[https_url]
    return report
