"""HD005 no-multiple-space-atx: more than one space after the hashes of an ATX heading (markdownlint MD019).

## What it does
Reports an ATX heading (without closing `#`s) whose text is separated from the opening
`#`s by more than one space or tab, such as `##  Heading`. Closed ATX headings
(`## Heading ##`) are HD007's. Headings inside code blocks, HTML blocks and front matter
are not headings and are not looked at; headings in lists and block quotes are.

## Why is this bad?
The extra space has no purpose: it does not render, and it makes headings harder to
search for (`## Heading` does not find `##  Heading`).

## Example
`##  Heading` becomes `## Heading`.

## Fix safety
Safe: the blanks become one space. CommonMark strips the blanks around a heading's text,
so the page is the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.headingkit import headings
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document


class NoMultipleSpaceAtx(FileRule):
    code = "HD005"
    name = "no-multiple-space-atx"
    aliases = ("MD019", "no-multiple-space-atx")
    summary = "More than one space after the hashes of an ATX heading"
    fixable = "always"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        for heading in headings(doc):
            if heading.style != "atx" or heading.text_end <= heading.text_start:
                continue
            blanks = heading.text_start - heading.open_end
            if blanks < 2:
                continue
            yield Diagnostic(
                f"{blanks} blanks after the heading's '#'s (expected 1)",
                heading.open_end,
                heading.text_start,
                fix=Fix.safe(Edit(heading.open_end, heading.text_start, " ")),
            )
