"""URL001 insecure-link: an `http://` link where `https://` should be used.

## What it does
Reports every `http://` link target: inline links, images, autolinks, bare URLs,
reference definitions, and `href`/`src` attributes of inline HTML and HTML blocks.
URLs inside code spans, code blocks and HTML comments are not links and are never
touched. Local addresses are skipped: `localhost`, IP literals (loopback, private or
not) and the `.local`, `.localhost`, `.test`, `.example` and `.invalid` domains. A URL
with an explicit port other than 80 is reported without a fix, since another port is
usually another service.

## Why is this bad?
A plain-http link leaks what the reader visits and can be tampered with on the way;
more and more sites only redirect it, or no longer answer it at all.

## Example
```markdown
[Tutorial](http://pytorch.org/tutorials/)
```
becomes
```markdown
[Tutorial](https://pytorch.org/tutorials/)
```
Only the scheme changes (and a redundant `:80` is dropped); every other character of
the URL stays as written.

## Fix safety
Whether a host serves https cannot be known offline, so the fix is *safe* only with
evidence, asked in this order (the message names the one that decided):

1. the configuration: `https-hosts` (always upgrade) and `http-only-hosts` (never:
   the finding is silenced, or reported as `info` without a fix when this rule's
   option `http-only = "info"`); globs such as `*.github.io` work;
2. Chromium's HSTS preload list (the `hstspreload` package), `include_subdomains`
   honoured;
3. the run itself: the host is linked with `https://` in its files; with the option
   `parent-domains = ["qq.com"]` a listed parent domain's `https://` links count too;
4. with `--verify-https` only: the https URL answered (status < 400, valid
   certificate, no redirect to `http://`). A failed check is evidence *against*: the
   finding then has no fix and says why.

Without evidence the fix is *unsafe* and applies only with `--unsafe-fixes`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.links.https_evidence import OnlineResult, decide, is_local, plan_upgrade
from mdtidy.model import Corpus, CorpusRule, Diagnostic, Edit, Fix, LinkRecord

__all__ = ["InsecureLink", "is_local"]

_HTTP_ONLY_MODES = ("silence", "info")


class InsecureLink(CorpusRule):
    code = "URL001"
    name = "insecure-link"
    summary = "An http:// link that should use https://"
    fixable = "sometimes"
    changes_html = "changes link targets from http:// to https://"
    options = {"http-only": "silence", "parent-domains": []}
    choices = {"http-only": _HTTP_ONLY_MODES}

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        from mdtidy.config import ConfigError

        parents = self.opts["parent-domains"]
        if isinstance(parents, str):
            parents = [parents]
        if not isinstance(parents, list) or not all(isinstance(p, str) for p in parents):
            raise ConfigError(f"rule {self.code}: option 'parent-domains' must be a list of domains")
        self.opts["parent-domains"] = [p.lower() for p in parents]

    def check_corpus(self, corpus: Corpus, path: str) -> Iterator[Diagnostic]:
        summary = corpus.by_path.get(path)
        if summary is None:
            return
        for link in summary.links:
            if link.scheme != "http" or not link.host or is_local(link.host):
                continue
            diag = self._finding(link, corpus)
            if diag is not None:
                yield diag

    def _finding(self, link: LinkRecord, corpus: Corpus) -> Diagnostic | None:
        host = link.host
        upgrade = plan_upgrade(link.url)
        if upgrade is None:
            return None
        if not upgrade.possible:
            return Diagnostic(
                f"http:// link to {host}:{upgrade.port}; not upgraded: another port is another service",
                link.url_start,
                link.url_end,
            )
        config = corpus.config
        online = getattr(corpus, "evidence", {}).get(link.url)
        evidence = decide(
            upgrade,
            https_hosts=getattr(config, "https_hosts", ()),
            http_only_hosts=getattr(config, "http_only_hosts", ()),
            https_counts=corpus.https_hosts,
            parent_domains=self.opts["parent-domains"],
            online=online if isinstance(online, OnlineResult) else None,
        )
        if evidence.source == "http-only":
            if self.opts["http-only"] == "silence":
                return None
            return Diagnostic(
                f"http:// link to {host}; not upgraded: {evidence.reason}",
                link.url_start,
                link.url_end,
                severity="info",
            )
        if evidence.against:
            return Diagnostic(
                f"http:// link to {host}; not upgraded: {evidence.reason}", link.url_start, link.url_end
            )
        edits = [Edit(link.url_start + s, link.url_start + e, text) for s, e, text in upgrade.edits]
        if evidence.safe:
            why, fix = f"safe: {evidence.reason}", Fix.safe(*edits)
        else:
            why, fix = f"unsafe: {evidence.reason}", Fix.unsafe(*edits)
        return Diagnostic(
            f"http:// link to {host}; use https:// ({why})", link.url_start, link.url_end, fix=fix
        )
