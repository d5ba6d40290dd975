"""HD002 heading-increment: heading levels should only increment by one level at a time (markdownlint MD001).

## What it does
Reports a heading that is more than one level deeper than the heading before it, e.g. an
`###` right after a `#`. Going back up by any number of levels is fine. When the front
matter has a title (a line matching `front-matter-title`, default `^\\s*title\\s*[:=]`,
case-insensitive, as markdownlint's `front_matter_title`), the title counts as the level-1
heading, so the first heading of the body should be a level 2. Set `front-matter-title`
to `""` to ignore the front matter. Without such a title the first heading may have any
level. Headings inside code blocks, HTML blocks and front matter are not headings and are
not looked at; headings in lists and block quotes count, in document order.

Options: `front-matter-title` (string, default `^\\s*title\\s*[:=]`).

## Why is this bad?
Headings are the outline of the page: screen readers and tables of contents rely on the
levels, and a skipped level reads as a missing section.

## Example
```markdown
# Heading 1

### Heading 3
```
The `###` is reported: expected a level-2 heading.

## Fix safety
No fix (markdownlint has none either): changing a level changes the page and the
levels of every heading below it; the author decides.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.headingkit import front_matter_has_title, headings
from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document


class HeadingIncrement(FileRule):
    code = "HD002"
    name = "heading-increment"
    aliases = ("MD001", "heading-increment")
    summary = "Heading levels should only increment by one level at a time"
    options = {"front-matter-title": r"^\s*title\s*[:=]"}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        previous = 1 if front_matter_has_title(doc, str(self.opts["front-matter-title"] or "")) else 0
        for heading in headings(doc):
            if previous and heading.level > previous + 1:
                yield Diagnostic(
                    f"heading level skipped: expected h{previous + 1}, found h{heading.level}",
                    heading.start,
                    heading.node.end,
                )
            previous = heading.level
