"""HD007 no-multiple-space-closed-atx: more than one space inside closed ATX hashes (markdownlint MD021).

## What it does
Reports a closed ATX heading (`## Heading ##`) with more than one space or tab between
the opening `#`s and the text, or between the text and the closing `#`s, such as
`##  Heading  ##`. Either side fires. Headings inside code blocks, HTML blocks and front
matter are not headings and are not looked at; headings in lists and block quotes are.

## Why is this bad?
The extra space has no purpose: it does not render, and it makes headings harder to
search for.

## Example
`##  Heading  ##` becomes `## Heading ##`.

## Fix safety
Safe: each run of blanks becomes one space. CommonMark strips the blanks between a
heading's text and its opening and closing sequences, so the page is the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.headingkit import headings
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document


class NoMultipleSpaceClosedAtx(FileRule):
    code = "HD007"
    name = "no-multiple-space-closed-atx"
    aliases = ("MD021", "no-multiple-space-closed-atx")
    summary = "More than one space inside the hashes of a closed ATX heading"
    fixable = "always"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        for heading in headings(doc):
            if heading.style != "atx_closed":
                continue
            edits = []
            if heading.text_start - heading.open_end > 1:
                edits.append(Edit(heading.open_end, heading.text_start, " "))
            if heading.close_start - heading.text_end > 1:
                edits.append(Edit(heading.text_end, heading.close_start, " "))
            if not edits:
                continue
            yield Diagnostic(
                "more than one blank between the heading text and its '#'s",
                edits[0].start,
                edits[-1].end,
                fix=Fix.safe(*edits),
            )
