"""LK003 empty-link: a link that goes nowhere, `[text]()` or `[text](#)` (markdownlint MD042).

## What it does
Reports links whose destination is empty or just `#`: inline links `[text]()`,
`[text](<>)`, `[text](#)`, and reference links whose definition's destination is `#`.
Images are not checked. Links inside code spans, code blocks and HTML are not links
and are not seen.

## Why is this bad?
An empty link is a placeholder that was never filled in: it looks clickable and leads
nowhere (or to the top of the page).

## Example
```markdown
[the paper]()
```
Fill in the destination, or remove the link.

## Fix safety
No fix: only the author knows where the link should go.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.inlinetext import inline_blocks
from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document, Inline


def _links(items: list[Inline]) -> Iterator[Inline]:
    for item in items:
        if item.type == "link":
            yield item
        yield from _links(item.children)


class EmptyLink(FileRule):
    code = "LK003"
    name = "empty-link"
    aliases = ("MD042", "no-empty-links")
    summary = "A link with an empty destination or just #"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        for node in inline_blocks(doc):
            for item in _links(node.inlines):
                if item.start is None or item.end is None:
                    continue
                if item.attrs.get("kind") not in ("inline", "reference"):
                    continue
                url = str(item.attrs.get("url", "")).strip()
                if url in ("", "#"):
                    what = "an empty destination" if not url else "the destination #"
                    yield Diagnostic(f"link with {what}", item.start, item.end)
