"""LK004 link-fragment: a `#fragment` link that matches no heading or anchor of the page (markdownlint MD051).

## What it does
Checks every same-page link `[x](#fragment)` and reference definition `[x]: #fragment`
against the anchors of the file:
- each heading's GitHub-style anchor: the heading's text (code span text included,
  images and HTML left out) lower-cased, everything but letters, marks, digits,
  connector punctuation (`_`), `-` and spaces removed, spaces turned into `-`; a
  repeated heading gets `-1`, `-2`, …;
- a `{#custom-id}` written in a heading;
- `id="…"` of any HTML element and `name="…"` of an `<a>`, in HTML blocks and inline HTML;
- `#top`, and GitHub's line fragments `#L12`, `#L12-L20`.

Fragments are compared after percent-decoding. Options, as in markdownlint:
`ignore-case` (default `false`: `#Intro` does not match the anchor `intro`) and
`ignored-pattern` (default `""`: a regular expression; fragments it matches, without
the `#`, are not checked).

## Why is this bad?
A fragment that matches nothing scrolls nowhere: the link is silently broken, typically
after a heading was renamed.

## Example
```markdown
# Getting started

See [installation](#instalation).
```
The fragment should be `#getting-started`, or a heading "Installation" is missing.

## Fix safety
No fix. When only the case differs the message names the anchor that matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document, Inline

_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_NAME = re.compile(r"""\sname\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?>", re.DOTALL)
_CUSTOM = re.compile(r"\{(#[a-z\d]+(?:[-_][a-z\d]+)*)\}")
_LINE = re.compile(r"^L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?$")


def _plain(items: list[Inline]) -> str:
    parts = []
    for item in items:
        if item.type in ("image", "inline_html"):
            continue
        if item.type in ("text", "codespan") and item.raw is not None:
            parts.append(item.raw)
        parts.append(_plain(item.children))
    return "".join(parts)


def slug(text: str) -> str:
    """GitHub's anchor for a heading text."""
    kept = [
        c
        for c in text.lower()
        if c in "- " or unicodedata.category(c)[0] in "LMN" or unicodedata.category(c) == "Pc"
    ]
    return "".join(kept).replace(" ", "-")


def _html_anchors(html: str) -> Iterator[str]:
    for tag in _TAG.finditer(html):
        m = _ID.search(tag.group(0))
        if m is None and tag.group(1).lower() == "a":
            m = _NAME.search(tag.group(0))
        if m is not None:
            yield next(g for g in m.groups() if g is not None)


def anchors(doc: Document) -> set[str]:
    """Every fragment (without ``#``) the page defines."""
    found = {"top"}
    counts: dict[str, int] = {}
    for node in doc.walk():
        if node.type == "heading":
            base = slug(_plain(node.inlines))
            if base:
                n = counts.get(base, 0)
                found.add(f"{base}-{n}" if n else base)
                counts[base] = n + 1
                for m in _CUSTOM.finditer(_plain(node.inlines)):
                    found.add(m.group(1)[1:])
        elif node.type == "block_html":
            found.update(_html_anchors(doc.text[node.start : node.end]))
        for item in _walk(node.inlines):
            if item.type == "inline_html" and item.raw:
                found.update(_html_anchors(item.raw))
    return found


def _walk(items: list[Inline]) -> Iterator[Inline]:
    for item in items:
        yield item
        yield from _walk(item.children)


class LinkFragment(FileRule):
    code = "LK004"
    name = "link-fragment"
    aliases = ("MD051", "link-fragments")
    summary = "A #fragment link that matches no heading or anchor in the file"
    options = {"ignore-case": False, "ignored-pattern": ""}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        links = [
            link
            for link in doc.links
            if link.kind in ("inline", "definition") and not link.image and link.url.startswith("#")
        ]
        if not links:
            return
        defined = anchors(doc)
        lowered = {a.lower(): a for a in defined}
        ignore_case = bool(self.opts["ignore-case"])
        pattern = str(self.opts["ignored-pattern"] or "")
        ignored = re.compile(pattern) if pattern else None
        for link in links:
            fragment = unquote(link.url[1:])
            if not fragment or fragment in defined or _LINE.match(fragment):
                continue
            if ignored is not None and ignored.search(fragment):
                continue
            other = lowered.get(fragment.lower())
            if other is not None and ignore_case:
                continue
            message = f"link fragment #{fragment} matches no heading or anchor in this file"
            if other is not None:
                message = f"link fragment #{fragment} differs in case from the anchor #{other}"
            start = link.url_start if link.url_start is not None else link.start
            end = link.url_end if link.url_end is not None else link.end
            yield Diagnostic(message, start, end)
