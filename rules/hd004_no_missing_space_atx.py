"""HD004 no-missing-space-atx: no space after the hashes of an ATX heading (markdownlint MD018).

## What it does
Reports a paragraph line that starts with one to six `#` followed directly by text, such
as `#Heading` or `##Heading 2`: the author wrote a heading, but without the space after
the `#`s CommonMark (and GitHub, and mistune) render the line as ordinary paragraph text.
Lines that end with `#` are left to HD006 (missing space in a closed ATX heading), and a
keycap emoji (`#️⃣`) is not a heading marker. Inside list items only the first line of a
paragraph is checked (the indentation of the other lines is not a reliable column there).
Lines in code blocks, HTML blocks, front matter and code spans are never paragraph
starts and are not looked at.

A line that starts with a hashtag (`#python is fun`) or a number (`#1 priority`) is
reported as well, as markdownlint does: it is indistinguishable from a heading that
lacks its space. For such a line, escape the hash (`\\#python`) or ignore the finding.

## Why is this bad?
The heading the author meant does not appear: the page shows `#Heading` as a paragraph,
and the table of contents misses it.

## Example
`#Heading` becomes `# Heading`.

## Fix safety
Unsafe: the fix inserts one space after the `#`s, which turns the paragraph line into a
heading, so the page changes, on purpose: that is the point of the rule (`changes_html`
says so). It is applied only with `--unsafe-fixes`, because a hashtag at the start of a
line would become a heading too. In the middle of a paragraph the heading also splits
the paragraph in two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.headingkit import paragraph_lines
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document

#: one to six hashes, then a character that is neither a blank nor a hash
_MISSING = re.compile(r"(#{1,6})[^#\s\ufe0f\u20e3]")
_ENDS_WITH_HASH = re.compile(r"#\s*$")


class NoMissingSpaceAtx(FileRule):
    code = "HD004"
    name = "no-missing-space-atx"
    aliases = ("MD018", "no-missing-space-atx")
    summary = "No space after the hashes of an ATX heading"
    fixable = "always"
    changes_html = "turns a paragraph line that starts with '#' into the heading it was meant to be"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        spans = doc.code_spans
        for index, at in paragraph_lines(doc):
            line_end = doc.source.line_span(index)[1]
            rest = doc.text[at:line_end]
            match = _MISSING.match(rest)
            if match is None or _ENDS_WITH_HASH.search(rest):
                continue
            if any(s <= at < e for s, e in spans):
                continue
            hashes = match.group(1)
            yield Diagnostic(
                f"no space after '{hashes}': this line is paragraph text, not a heading",
                at,
                line_end,
                fix=Fix.unsafe(Edit.insert(at + len(hashes), " "), message="insert a space after the #s"),
            )
