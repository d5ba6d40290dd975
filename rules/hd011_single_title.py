"""HD011 single-title: more than one top-level heading in a document (markdownlint MD025).

## What it does
When a document has a title, reports every further heading of level `level` (default 1).
The document has a title when its front matter has a line matching `front-matter-title`
(default `^\\s*title\\s*[:=]`, case-insensitive; `""` ignores the front matter), or when
its first content (blank lines and HTML comments aside) is a heading of level `level`.
A document that opens with a paragraph has no title, and its level-1 headings are fine.
Headings inside code blocks, HTML blocks and front matter are not headings and are not
looked at; headings in lists and block quotes count.

Off by default (`default_enabled = False`): many blogs render the front matter title
as the page's `<h1>` *and* use `#` for their sections, and many posts use several `#`
sections on purpose. Select it (`--select HD011` or in the configuration) to enforce
markdownlint's convention.

Options: `level` (integer, default 1), `front-matter-title` (string, default
`^\\s*title\\s*[:=]`).

## Why is this bad?
The top-level heading is the title of the document; a second one splits the document
into two, and search engines and screen readers expect one `<h1>` per page.

## Example
```markdown
# Title

# Another title
```
The second heading is reported: make it `## Another title`.

## Fix safety
No fix: demoting a heading changes the page and the levels below it; the author decides.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.headingkit import front_matter_has_title, headings
from mdtidy.model import Diagnostic, FileRule, Related
from mdtidy.parsing.parse import Document

_NOT_CONTENT = ("blank_line",)


def _is_comment(doc: Document, node: Any) -> bool:
    return node.type == "block_html" and doc.text[node.start : node.end].lstrip().startswith("<!--")


class SingleTitle(FileRule):
    code = "HD011"
    name = "single-title"
    aliases = ("MD025", "single-title", "single-h1")
    summary = "More than one top-level heading in a document"
    default_enabled = False
    options = {"level": 1, "front-matter-title": r"^\s*title\s*[:=]"}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        level = int(self.opts["level"])
        fm_title = front_matter_has_title(doc, str(self.opts["front-matter-title"] or ""))
        first_content = next(
            (n for n in doc.nodes if n.type not in _NOT_CONTENT and not _is_comment(doc, n)),
            None,
        )
        title = None
        for heading in headings(doc):
            if heading.level != level:
                continue
            if fm_title:
                yield Diagnostic(
                    f"a level-{level} heading in a document whose front matter has a title",
                    heading.start,
                    doc.source.line_span(heading.line)[1],
                )
                continue
            if title is None:
                if heading.node is not first_content:
                    return  # the document does not open with its title: no convention to enforce
                title = heading
                continue
            line, column = doc.source.position(title.start)
            yield Diagnostic(
                f"more than one level-{level} heading (the title is on line {line})",
                heading.start,
                doc.source.line_span(heading.line)[1],
                related=[Related(ctx.path, line, column, "the document's title")],
            )
