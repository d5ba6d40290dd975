"""HD009 heading-start-left: headings must start at the beginning of the line (markdownlint MD023).

## What it does
Reports a heading indented by one to three spaces, such as `  # Heading`, or a setext
heading whose text line is indented. Inside a block quote the indentation is counted
after the `>` marker and its optional space (`> # Heading` is fine, `>   # Heading` is
not), as markdownlint notes. Headings in list items are not checked: their column is
relative to the list item's content, which the source alone does not make obvious.
Lines with a tab before the heading are skipped (tab stops are where mistune and
CommonMark disagree most). Headings inside code blocks, HTML blocks and front matter are
not headings and are not looked at.

## Why is this bad?
An indented heading is easy to miss in the source and, indented by four spaces, would be
a code block; other Markdown parsers do not accept indented headings at all.

## Example
`   # Heading` becomes `# Heading`.

## Fix safety
Safe: the indentation is deleted. CommonMark allows zero to three spaces before a
heading and renders them identically; for a setext heading only the text line moves,
its underline may stay indented by up to three spaces.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.headingkit import headings
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document


class HeadingStartLeft(FileRule):
    code = "HD009"
    name = "heading-start-left"
    aliases = ("MD023", "heading-start-left")
    summary = "Headings must start at the beginning of the line"
    fixable = "always"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        for heading in headings(doc):
            if heading.in_list:
                continue
            prefix = doc.text[heading.line_start : heading.start]
            if heading.quote_depth:
                if set(prefix) - {">", " "} or prefix.count(">") != heading.quote_depth:
                    continue
                after = prefix[prefix.rindex(">") + 1 :]
                indent = len(after) - 1 if after else 0  # one space belongs to the marker
            else:
                if prefix.strip(" "):
                    continue
                indent = len(prefix)
            if indent <= 0 or indent > 3:
                continue
            yield Diagnostic(
                f"heading indented by {indent} space{'s' if indent != 1 else ''}",
                heading.start - indent,
                heading.start,
                fix=Fix.safe(Edit.delete(heading.start - indent, heading.start)),
            )
