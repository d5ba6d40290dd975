"""HD008 blanks-around-headings: headings should be surrounded by blank lines (markdownlint MD022).

## What it does
Reports a heading without `lines-above` blank lines (default 1) right above it or
without `lines-below` blank lines (default 1) right below it (below the underline for
setext headings). A heading at the start of the document (or right after the front
matter) needs nothing above, one at the end of the document nothing below. As in
markdownlint, a line holding only block-quote markers (`>`) counts as blank, and more
blank lines than required are fine (WS002 deals with those).

Each option is an integer, or a list of six integers for heading levels 1 to 6
(markdownlint's `integer|integer[]`); `-1` allows any number. Headings inside code
blocks, HTML blocks and front matter are not headings and are not looked at.

Options: `lines-above` (default 1), `lines-below` (default 1).

## Why is this bad?
A heading glued to the text around it is hard to spot in the source, and some
Markdown parsers (kramdown) do not recognise a heading without a blank line before it.

## Example
```markdown
# Heading
Some text
```
becomes
```markdown
# Heading

Some text
```

## Fix safety
Safe: the missing blank lines are inserted. Inside a block quote they carry the quote's
`>` markers (`>` or `> >`) so that the quote is not split. A blank line never changes
how CommonMark reads a heading or its neighbours, so the page is the same. Headings in
list items are reported without a fix: a blank line there can turn a tight list into a
loose one (`<li><p>`), which changes the page.

## Where mistune and CommonMark disagree
After a heading inside a block quote or list item, a line with fewer `>` markers or
less indentation (`> # Heading` then `text`) ends the container in CommonMark but is a
lazy continuation for mistune. The two render such a page differently, so such a
heading is not checked at all; nor is a heading whose own line has fewer `>` markers
than the quote it continues, or a setext heading whose underline is such a lazy line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.headingkit import container_prefix, headings
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document


def _required(value: Any, level: int) -> int:
    """An option value (int or per-level list) for a heading level."""
    if isinstance(value, (list, tuple)):
        value = value[level - 1] if level - 1 < len(value) else 1
    return int(value)


def _lines(count: int) -> str:
    return f"{count} blank line{'s' if count != 1 else ''}"


class BlanksAroundHeadings(FileRule):
    code = "HD008"
    name = "blanks-around-headings"
    aliases = ("MD022", "blanks-around-headings")
    summary = "Headings should be surrounded by blank lines"
    fixable = "sometimes"
    options = {"lines-above": 1, "lines-below": 1}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        source = doc.source
        first = doc.front_matter.end_line if doc.front_matter is not None else 0
        total = source.line_count()
        if total and source.line_starts[-1] == len(doc.text):
            total -= 1  # the empty "line" after the final line break

        def blank(index: int) -> bool:
            return not source.line(index).replace(">", "").strip()

        for heading in headings(doc):
            above = _required(self.opts["lines-above"], heading.level)
            below = _required(self.opts["lines-below"], heading.level)
            prefix = container_prefix(doc, heading)
            top = heading.line
            bottom = heading.underline if heading.underline is not None else heading.line
            line_end = source.line_span(top)[1]

            if above > 0:
                found, index = 0, top - 1
                while index >= first and found < above and blank(index):
                    found, index = found + 1, index - 1
                if found < above and index >= first:
                    fix = None
                    if prefix is not None:
                        insert = source.line_starts[top]
                        fix = Fix.safe(Edit.insert(insert, (prefix + "\n") * (above - found)))
                    yield Diagnostic(
                        f"expected {_lines(above)} above the heading, found {found}",
                        heading.start,
                        line_end,
                        fix=fix,
                    )
            if below > 0:
                found, index = 0, bottom + 1
                while index < total and found < below and blank(index):
                    found, index = found + 1, index + 1
                if found < below and index < total:
                    fix = None
                    if prefix is not None:
                        end = source.line_span(bottom)
                        if end[2] > end[1]:  # the heading's last line has a line break
                            fix = Fix.safe(Edit.insert(end[2], (prefix + "\n") * (below - found)))
                    yield Diagnostic(
                        f"expected {_lines(below)} below the heading, found {found}",
                        heading.start,
                        line_end,
                        fix=fix,
                    )
