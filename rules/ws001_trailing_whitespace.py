"""WS001 trailing-whitespace: spaces or tabs at the end of a line (markdownlint MD009).

## What it does
Reports trailing spaces and tabs. Exactly two trailing spaces (`br-spaces`) at the end
of a paragraph line that continues on the next line are a hard line break and are
allowed. Lines inside code blocks, HTML blocks and front matter are not checked: their
whitespace is content.

## Why is this bad?
Trailing whitespace is invisible noise that shows up in every diff; three or more
trailing spaces are an accidental hard line break.

## Example
`Some text   ` (three spaces) at the end of a paragraph becomes `Some text`.

## Fix safety
Safe. A hard line break (two or more spaces before a continuation line of the same
paragraph) is kept as exactly `br-spaces` spaces, so the rendered page is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.rulekit import skipped_lines
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document


class TrailingWhitespace(FileRule):
    code = "WS001"
    name = "trailing-whitespace"
    aliases = ("MD009", "no-trailing-spaces")
    summary = "Trailing spaces or tabs at the end of a line"
    fixable = "always"
    options = {"br-spaces": 2}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        br = int(self.opts["br-spaces"])
        skip = skipped_lines(doc)
        breaks = set()
        for node in doc.nodes_of("paragraph", "block_text", "heading"):
            breaks.update(range(node.start_line - 1, node.end_line - 1))
        source = doc.source
        for index in range(source.line_count()):
            if index in skip:
                continue
            line = source.line(index)
            stripped = line.rstrip(" \t")
            if stripped == line:
                continue
            start = source.line_starts[index]
            trailing = line[len(stripped) :]
            if not stripped:
                keep = ""
            elif index in breaks and trailing.endswith(" " * br) and br >= 2:
                if trailing == " " * br:
                    continue  # an intended hard line break
                keep = " " * br
            else:
                keep = ""
            yield Diagnostic(
                f"{len(trailing)} trailing whitespace character{'s' if len(trailing) != 1 else ''}",
                start + len(stripped),
                start + len(line),
                fix=Fix.safe(Edit(start + len(stripped), start + len(line), keep)),
            )
