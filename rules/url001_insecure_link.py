"""URL001 insecure-link: an `http://` link where `https://` should be used.

## What it does
Reports every `http://` link target: inline links, images, autolinks, bare URLs and
reference definitions. URLs inside code spans, code blocks and HTML comments are not
links and are never touched. Local addresses are skipped: `localhost`, loopback and
private IP addresses, IP literals and the `.local`, `.localhost`, `.test`, `.example`
and `.invalid` domains. A URL with an explicit port other than 80 is reported without a
fix, since another port is usually another service.

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
evidence: the same host is linked with `https://` somewhere in the files of this run,
or it is listed in the configuration's `https-hosts` (globs such as `*.github.io`
work). Without evidence the fix is *unsafe* and applies only with `--unsafe-fixes`.
The finding's message says which case applies.
"""

from __future__ import annotations

import fnmatch
import ipaddress
from collections.abc import Iterator

from mdtidy.model import Corpus, CorpusRule, Diagnostic, Edit, Fix, LinkRecord

_LOCAL_SUFFIXES = (".local", ".localhost", ".test", ".example", ".invalid")


def is_local(host: str) -> bool:
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        return True
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


class InsecureLink(CorpusRule):
    code = "URL001"
    name = "insecure-link"
    summary = "An http:// link that should use https://"
    fixable = "sometimes"

    def check_corpus(self, corpus: Corpus, path: str) -> Iterator[Diagnostic]:
        summary = corpus.by_path.get(path)
        if summary is None:
            return
        configured = list(corpus.config.https_hosts) if corpus.config is not None else []
        for link in summary.links:
            if link.scheme != "http" or not link.host or is_local(link.host):
                continue
            yield self._finding(link, corpus, configured)

    def _finding(self, link: LinkRecord, corpus: Corpus, configured: list[str]) -> Diagnostic:
        host = link.host
        authority_end = link.url.find("/", len("http://"))
        authority = link.url[len("http://") : authority_end if authority_end >= 0 else len(link.url)]
        port = authority.rsplit(":", 1)[1] if ":" in authority.rsplit("]", 1)[-1] else ""
        if port and port != "80":
            return Diagnostic(
                f"http:// link to {host}:{port}; not upgraded: another port is another service",
                link.url_start,
                link.url_end,
            )
        edits = [Edit(link.url_start, link.url_start + len("http"), "https")]
        if port == "80":
            colon = link.url_start + len("http://") + len(authority) - len(":80")
            edits.append(Edit.delete(colon, colon + len(":80")))
        uses = corpus.https_hosts.get(host, 0)
        if any(fnmatch.fnmatch(host, pattern) for pattern in configured):
            why, fix = "safe: host is listed in https-hosts", Fix.safe(*edits)
        elif uses:
            times = "once" if uses == 1 else f"{uses} times"
            why, fix = f"safe: host is linked with https:// {times} in this run", Fix.safe(*edits)
        else:
            why, fix = f"unsafe: no evidence that {host} serves https", Fix.unsafe(*edits)
        return Diagnostic(
            f"http:// link to {host}; use https:// ({why})", link.url_start, link.url_end, fix=fix
        )
