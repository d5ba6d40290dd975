"""WS006 no-blanks-blockquote: a blank line between two block quotes (markdownlint MD028).

## What it does
Reports the blank lines that separate two block quotes with nothing else between them,
also inside an outer block quote (`> > a`, `>`, `> > b`). One finding per blank line.

## Why is this bad?
It looks like one quote with two paragraphs, but CommonMark makes it two separate
quotes; other Markdown tools join them. The author almost always meant one of the two.

## Example
```markdown
> First paragraph

> Second paragraph
```
Either write `>` on the blank line (one quote, two paragraphs) or put some text
between the quotes (two quotes).

## Fix safety
No fix, as in markdownlint: both corrections change the page, and only the author
knows which one was meant.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.listkit import html_shadow
from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document, Node


class NoBlanksBlockquote(FileRule):
    code = "WS006"
    name = "no-blanks-blockquote"
    aliases = ("MD028", "no-blanks-blockquote")
    summary = "Blank line between two block quotes"
    fixable = "never"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        fm_end = doc.front_matter.end_line if doc.front_matter is not None else 0
        containers: list[list[Node]] = [doc.nodes]
        containers += [n.children for n in doc.walk() if n.children]
        source = doc.source
        shadow = html_shadow(doc)
        for children in containers:
            previous: Node | None = None
            between: list[Node] = []
            for child in children:
                if child.type == "blank_line":
                    between.append(child)
                    continue
                if child.type == "block_quote" and child.start_line - 1 in shadow:
                    child = between[0] if between else child  # HTML in CommonMark: not a quote
                if child.type == "block_quote" and previous is not None and between:
                    for blank in between:
                        for line in range(blank.start_line, blank.end_line + 1):
                            if line <= fm_end or line >= child.start_line:
                                continue
                            start = source.line_starts[line - 1]
                            end = source.line_span(line - 1)[1]
                            yield Diagnostic("Blank line between two block quotes", start, end)
                previous = child if child.type == "block_quote" else None
                between = []
