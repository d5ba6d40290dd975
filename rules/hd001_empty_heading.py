"""HD001 empty-heading: a heading with no text.

## What it does
Reports ATX headings such as `## ` or `###` that have no text, outside code blocks.

## Why is this bad?
An empty heading renders as an empty `<h2>`: a gap in the page and an empty entry in
every table of contents.

## Example
```markdown
##

Text
```

## Fix safety
No fix: whether the heading lost its text or should go is for the author to decide.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document, Inline


def _has_text(inlines: list[Inline]) -> bool:
    """Whether a heading's inline tokens hold anything but whitespace.

    mistune gives an empty heading one ``text`` token with ``raw == ""``, never an
    empty list, so the test is on the content, not on the number of tokens.
    """
    return any(inline.type != "text" or (inline.raw or "").strip() for inline in inlines)


class EmptyHeading(FileRule):
    code = "HD001"
    name = "empty-heading"
    summary = "A heading with no text"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        for node in doc.nodes_of("heading"):
            if node.attrs.get("style") == "atx" and not _has_text(node.inlines):
                level = node.attrs.get("level", 1)
                yield Diagnostic(f"empty level-{level} heading", node.start, node.end)
