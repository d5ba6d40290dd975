"""LK008 link-image-style: a link or image in a style the configuration disallows (markdownlint MD054).

## What it does
Links and images can be written five ways; each option allows one of them (all
allowed by default, so the rule reports nothing until one is turned off):

| option | style | example |
| --- | --- | --- |
| `autolink` | autolink | `<https://example.com>` |
| `inline` | inline link or image | `[text](https://example.com)`, `![alt](logo.png)` |
| `full` | full reference | `[text][label]` |
| `collapsed` | collapsed reference | `[label][]` |
| `shortcut` | shortcut reference | `[label]` |

`url-inline = false` (markdownlint's `url_inline`) also reports an inline link whose
text is its own absolute URL, without a title (`[https://example.com](https://example.com)`),
which an autolink says more simply; it applies only while autolinks are allowed.

A reference is reported only when it resolves to a definition with a destination (a
`[label]` without one is plain text, not a link). Bare URLs (`https://example.com`
linked by GFM's autolink extension) are not autolinks here, as in markdownlint; HTML
`<a>` and `<img>`, code spans, code blocks and front matter are not looked at.

## Why is this bad?
A consistent link style keeps a file easy to read and edit: reference links keep long
URLs out of the prose, inline links keep the URL next to its text, and a site may want
only one of them.

## Example
With `inline = false`, `[the docs](https://example.com/docs)` is reported: write
`[the docs][docs]` and `[docs]: https://example.com/docs`. With `url-inline = false`,
`[https://example.com](https://example.com)` is reported: write `<https://example.com>`.

## Fix safety
Only the `url-inline` finding has a fix, and it is safe: `[https://x.org/a](https://x.org/a)`
becomes `<https://x.org/a>`, the same link with the same text on the page. It is
offered only when the URL holds nothing that the two forms read differently (no
backslash escape, entity, emphasis or code character, bracket, space or `<`/`>`). Other
styles are not converted: markdownlint turns a reference link into an inline one, but
choosing a label and a place for a new definition is the author's call.

## Differences from markdownlint
Measured on the three corpora (`bench/mdl_agreement.py`), mdtidy finds 99.7-100% of
markdownlint's lines; it also reports references markdownlint misses:

- markdownlint looks a reference's label up among the definitions as written, while
  its definitions are stored lower-cased, so `[GitHub][]` with `[GitHub]: …` is never
  reported by it; mdtidy matches labels as CommonMark does and reports it.
- markdownlint reads a definition whose destination is written `<…>`
  (`[docs]: <https://x.org/docs>`) as having no destination, so the references to it
  are never reported by it; mdtidy reports them.
- mistune has no footnotes: the indented paragraphs under a footnote definition
  (`[^1]:` followed by indented lines) are code for it, and the links in them are not
  seen (the only two lines markdownlint reports and mdtidy does not).
- An inline link with an empty destination (`[text]()`) is treated by markdownlint as a
  shortcut reference to its own text; mdtidy leaves it alone (LK003 reports it).
- markdownlint's autolink check parses the URL with the WHATWG URL parser; mdtidy
  accepts a scheme followed by a non-empty rest (with a host for `http`, `https`, `ftp`,
  `ws`, `wss`), which agrees on every URL of the corpora compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.inlinetext import label_key, link_text_span
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document, Link

STYLES = ("autolink", "inline", "full", "collapsed", "shortcut", "url-inline")

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(.*)", re.DOTALL)
_SPECIAL = {"http", "https", "ftp", "ws", "wss"}
#: characters a URL may hold for the autolink fix to keep the page exactly as it is
_PLAIN_URL = re.compile(r"[A-Za-z0-9:/?#@!$'()+,;=.%-]+")


def autolinkable(url: str) -> bool:
    """Whether ``url`` is an absolute URL an autolink can hold (markdownlint's ``autolinkAble``)."""
    if not url or any(c in url for c in " <>"):
        return False
    m = _SCHEME.fullmatch(url)
    if m is None:
        return False
    rest = m.group(2)
    if m.group(1).lower() in _SPECIAL:
        host = rest.replace("\\", "/").lstrip("/")
        return bool(host) and host[0] not in "?#"
    return True


def _reference_style(doc: Document, link: Link) -> str:
    text = doc.text[link.start : link.end]
    if text.endswith("[]"):
        return "collapsed"
    inner = text[(2 if link.image else 1) : -1]
    last = inner.rfind("[")
    if last > 0 and inner[last - 1] == "]" and "]" not in inner[last:]:
        return "full"
    return "shortcut"


def _reference_label(doc: Document, link: Link, style: str) -> str:
    text = doc.text[link.start : link.end]
    if style == "full":
        return text[text.rfind("[") + 1 : -1]
    span = link_text_span(doc, link)
    return doc.text[span[0] : span[1]] if span else (link.label or "")


class LinkImageStyle(FileRule):
    code = "LK008"
    name = "link-image-style"
    aliases = ("MD054", "link-image-style")
    summary = "Link or image style (autolink, inline, full, collapsed, shortcut) not allowed"
    fixable = "sometimes"
    options = {style: True for style in STYLES}

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        from mdtidy.config import ConfigError

        for style in STYLES:
            if not isinstance(self.opts[style], bool):
                raise ConfigError(f"rule {self.code}: option '{style}' must be true or false")
        self.allowed = {style: bool(self.opts[style]) for style in STYLES}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        allowed = self.allowed
        if all(allowed.values()):
            return
        definitions: dict[str, str] = {}
        for link in doc.links:
            if link.kind == "definition":
                definitions.setdefault(label_key(link.label or ""), link.url)
        titles = _titles(doc)
        for link in doc.links:
            what = "image" if link.image else "link"
            if link.kind == "autolink":
                if not allowed["autolink"] and link.url and not link.image:
                    yield Diagnostic("autolink not allowed (autolink = false)", link.start, link.end)
            elif link.kind == "inline":
                if not link.url:
                    continue
                if not allowed["inline"]:
                    yield Diagnostic(f"inline {what} not allowed (inline = false)", link.start, link.end)
                elif not allowed["url-inline"] and allowed["autolink"] and not link.image:
                    found = self._url_inline(doc, link, titles)
                    if found is not None:
                        yield found
            elif link.kind == "reference":
                style = _reference_style(doc, link)
                if allowed[style]:
                    continue
                label = _reference_label(doc, link, style)
                if definitions.get(label_key(label)):
                    yield Diagnostic(
                        f"{style} reference {what} not allowed ({style} = false)", link.start, link.end
                    )

    def _url_inline(
        self, doc: Document, link: Link, titles: dict[tuple[int, int], bool]
    ) -> Diagnostic | None:
        span = link_text_span(doc, link)
        if span is None or titles.get((link.start, link.end)):
            return None
        if doc.text[span[0] : span[1]] != link.url or not autolinkable(link.url):
            return None
        fix = None
        if _PLAIN_URL.fullmatch(link.url) and "\n" not in doc.text[link.start : link.end]:
            fix = Fix.safe(Edit(link.start, link.end, f"<{link.url}>"), message="write it as an autolink")
        return Diagnostic(
            "inline link whose text is its URL: write it as an autolink (url-inline = false)",
            link.start,
            link.end,
            fix=fix,
        )


def _titles(doc: Document) -> dict[tuple[int, int], bool]:
    """Span of every positioned inline link → whether it has a (non-empty) title."""
    found = {}
    for _node, item in doc.inlines_of("link"):
        if item.start is not None and item.end is not None:
            found[(item.start, item.end)] = bool(item.attrs.get("title"))
    return found
