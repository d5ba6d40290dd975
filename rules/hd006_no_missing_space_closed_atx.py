"""HD006 no-missing-space-closed-atx: no space inside the hashes of a closed ATX heading (markdownlint MD020).

## What it does
Reports a closed ATX heading with a missing space inside its `#`s:

- a paragraph line such as `#Heading#` or `#Heading #`: without the space after the
  opening `#`s, CommonMark renders the line as paragraph text, not as a heading;
- a heading such as `## Heading##`: without a space before them, the closing `#`s are
  part of the heading's text.

To avoid flagging `# Learn C#` or `# F#`, a heading whose text ends with a *single* `#`
is not reported, and an escaped `\\#` never counts as a closing sequence. Paragraph lines
are found as in HD004 (first lines only inside list items). Lines in code blocks, HTML
blocks, front matter and code spans are not looked at.

## Why is this bad?
The page does not show what the author wrote: a paragraph instead of a heading, or a
heading that ends with stray `#`s.

## Example
`#Heading#` becomes `# Heading #`; `## Heading##` becomes `## Heading ##`.

## Fix safety
Unsafe: the missing spaces are inserted, which turns the paragraph line into a heading,
or removes the `#`s from the end of the heading text. Either way the page changes, on
purpose (`changes_html` says so), and only with `--unsafe-fixes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.headingkit import headings, paragraph_lines
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document

#: a paragraph line "#Heading#" / "#Heading #": opening run, text, blanks, closing run
_PARAGRAPH = re.compile(r"(#{1,6})([^#\s](?:.*?[^\\\s])?)([ \t]*)(#+)[ \t]*$")
#: the end of a heading's text: a character that is neither blank nor backslash, then 2+ #s
_GLUED_CLOSE = re.compile(r"[^\s\\#](#{2,})$")


class NoMissingSpaceClosedAtx(FileRule):
    code = "HD006"
    name = "no-missing-space-closed-atx"
    aliases = ("MD020", "no-missing-space-closed-atx")
    summary = "No space inside the hashes of a closed ATX heading"
    fixable = "always"
    changes_html = (
        "turns a '#Heading#' paragraph line into a heading, or drops the closing '#'s from a heading's text"
    )

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        yield from self._paragraph_lines(doc)
        yield from self._headings(doc)

    def _paragraph_lines(self, doc: Document) -> Iterator[Diagnostic]:
        spans = doc.code_spans
        for index, at in paragraph_lines(doc):
            line_end = doc.source.line_span(index)[1]
            match = _PARAGRAPH.match(doc.text, at, line_end)
            if match is None or any(s <= at < e for s, e in spans):
                continue
            edits = [Edit.insert(match.end(1), " ")]
            if not match.group(3):
                edits.append(Edit.insert(match.start(4), " "))
            yield Diagnostic(
                "missing space inside the '#'s: this line is paragraph text, not a closed heading",
                at,
                line_end,
                fix=Fix.unsafe(*edits, message="insert the missing spaces"),
            )

    def _headings(self, doc: Document) -> Iterator[Diagnostic]:
        for heading in headings(doc):
            if heading.style != "atx":
                continue
            body = doc.text[heading.text_start : heading.text_end]
            match = _GLUED_CLOSE.search(body)
            if match is None:
                continue
            at = heading.text_start + match.start(1)
            yield Diagnostic(
                f"missing space before the closing '{match.group(1)}': it is part of the heading text",
                at,
                heading.text_end,
                fix=Fix.unsafe(Edit.insert(at, " "), message="insert a space before the closing #s"),
            )
