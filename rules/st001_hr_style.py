"""ST001 hr-style: thematic breaks written in different ways (markdownlint MD035).

## What it does
Reports a thematic break (horizontal rule) written differently from `style`. With
`style = "consistent"` (the default, as in markdownlint) the first thematic break of the
file sets the style; any other value is the literal text every break must have, such
as `---` or `* * *`. As in markdownlint, the break is compared as written, without the
indentation before it. A setext heading's underline (`---` under a line of text) and
the front-matter delimiters are not thematic breaks and are never looked at, nor are
breaks inside code blocks, HTML blocks or opaque regions.

Options: `style` (string, default `consistent`).

## Why is this bad?
One document, one way to draw a line: mixing `---`, `***` and `___` makes readers
wonder whether they mean different things (they do not).

## Example
With the first break `---`, a later `***` becomes `---`.

## Fix safety
Safe: the break is rewritten to the style and renders the same `<hr>`. There is no fix
when the rewrite could read differently: a break right under a line of text rewritten
with only `-` or `=` (it would become a setext underline), a break after a list marker
or other text on its line (`- ***` would become `- ---`, a break of its own), or a
style that is not itself a thematic break.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document

_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_UNDERLINE = re.compile(r"^[ \t]*(?:-+|=+)[ \t]*$")


class HrStyle(FileRule):
    code = "ST001"
    name = "hr-style"
    aliases = ("MD035", "hr-style")
    summary = "Thematic break style"
    fixable = "sometimes"
    options = {"style": "consistent"}

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        from mdtidy.config import ConfigError

        if not isinstance(self.opts["style"], str) or not self.opts["style"].strip():
            raise ConfigError(
                f"rule {self.code}: option 'style' must be 'consistent' or a break such as '---'"
            )

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        style = str(self.opts["style"]).strip()
        text = doc.text
        starts = doc.source.line_starts
        for node in doc.nodes_of("thematic_break"):
            written = text[node.start : node.end].strip()
            if style == "consistent":
                style = written
                continue
            if written == style:
                continue
            fix = None
            if self._fixable(doc, node, style, starts):
                fix = Fix.safe(Edit(node.start, node.end, style), message=f"write the break as '{style}'")
            yield Diagnostic(f"thematic break '{written}', expected '{style}'", node.start, node.end, fix=fix)

    @staticmethod
    def _fixable(doc: Document, node: Any, style: str, starts: list[int]) -> bool:
        if not _BREAK.match(style):
            return False
        text = doc.text
        line_start = starts[node.start_line - 1]
        before = text[line_start : node.start]
        if before.strip(" \t>"):
            return False
        if _UNDERLINE.match(style) and node.start_line > 1:
            prev_start = starts[node.start_line - 2]
            prev = text[prev_start:line_start].rstrip("\r\n")
            if prev.strip(" \t>"):
                return False
        return True
