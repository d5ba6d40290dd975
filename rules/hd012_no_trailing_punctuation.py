"""HD012 no-trailing-punctuation: trailing punctuation in a heading (markdownlint MD026).

## What it does
Reports a heading whose text ends with one of the characters of `punctuation`
(markdownlint's default `.,;:!。，；：！`: ASCII and full-width period, comma,
semicolon, colon and exclamation mark). `?` is allowed by default (FAQ headings). The
last character is taken from the heading as written, after removing a closing `#`
sequence and trailing blanks; for a setext heading, from its last text line. As in
markdownlint, the `;` of an HTML entity reference (`&copy;`, `&#169;`, `&#xA9;`) does
not count, and mdtidy also leaves an emoji shortcode (`:tada:`) alone. `punctuation = ""`
disables the rule. Headings inside code blocks, HTML blocks and front matter are not
headings and are not looked at.

Options: `punctuation` (string, default `.,;:!。，；：！`).

## Why is this bad?
Headings are titles, not sentences; a trailing period or colon looks like a
sentence that lost its paragraph, and ends up in every anchor and table of contents.

## Example
`## Installation:` becomes `## Installation`.

## Fix safety
Unsafe: markdownlint removes the punctuation, and so does mdtidy, but that changes the
text the page shows (and the heading's anchor), on purpose (`changes_html` says so).
It is applied only with `--unsafe-fixes`. The whole run of trailing punctuation is
removed (`Wait...` becomes `Wait`), so one pass is enough. When the punctuation is
escaped (`\\!`), or the text would then end with `#` (a closing sequence), the finding
has no fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.headingkit import headings
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document

_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});$")
_SHORTCODE = re.compile(r":[a-z0-9_+-]+:$")


class NoTrailingPunctuation(FileRule):
    code = "HD012"
    name = "no-trailing-punctuation"
    aliases = ("MD026", "no-trailing-punctuation")
    summary = "Trailing punctuation in a heading"
    fixable = "sometimes"
    options = {"punctuation": ".,;:!。，；：！"}
    changes_html = "removes trailing punctuation from heading text"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        punctuation = str(self.opts["punctuation"] or "")
        if not punctuation:
            return
        for heading in headings(doc):
            body = doc.text[heading.text_start : heading.text_end]
            if heading.underline is not None:
                body = body.splitlines()[-1] if body else ""
            if not body or body[-1] not in punctuation:
                continue
            if _ENTITY.search(body) or _SHORTCODE.search(body):
                continue
            run = len(body) - len(body.rstrip(punctuation))
            start = heading.text_end - run
            fix = None
            kept = body[: len(body) - run]
            if kept.strip() and not kept.endswith(("\\", "#")):
                fix = Fix.unsafe(Edit.delete(start, heading.text_end), message="remove the punctuation")
            yield Diagnostic(
                f"heading ends with punctuation '{body[-run:]}'",
                start,
                heading.text_end,
                fix=fix,
            )
