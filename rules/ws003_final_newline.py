"""WS003 final-newline: the file must end with exactly one line break (markdownlint MD047).

## What it does
Reports a file whose last line has no line break, or that ends with blank lines.

## Why is this bad?
A missing final newline makes `cat`, diffs and concatenation misbehave; trailing blank
lines are invisible noise.

## Example
`Last line` without a line break becomes `Last line` plus one line break (the file's
own kind: LF or CRLF).

## Fix safety
Safe. Blank lines that belong to a code block or HTML block running to the end of the
file are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.rulekit import verbatim_lines
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document


class FinalNewline(FileRule):
    code = "WS003"
    name = "final-newline"
    aliases = ("MD047", "single-trailing-newline")
    summary = "The file does not end with exactly one line break"
    fixable = "always"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        text = doc.text
        if not text.strip():
            return
        body_end = len(text.rstrip(" \t\r\n"))
        last_line = doc.source.position(body_end - 1)[0] - 1 if body_end else 0
        if last_line in verbatim_lines(doc):
            if not text.endswith(("\n", "\r")):
                yield Diagnostic(
                    "no line break at the end of the file",
                    len(text),
                    len(text),
                    fix=Fix.safe(Edit.insert(len(text), "\n")),
                )
            return
        content_end = doc.source.line_span(last_line)[1]
        tail = text[content_end:]
        if tail in ("\n", "\r\n", "\r"):
            return
        if not tail:
            message = "no line break at the end of the file"
        else:
            message = "blank lines at the end of the file"
        yield Diagnostic(message, content_end, len(text), fix=Fix.safe(Edit(content_end, len(text), "\n")))
