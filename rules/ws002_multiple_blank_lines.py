"""WS002 multiple-blank-lines: more than one blank line in a row (markdownlint MD012).

## What it does
Reports runs of more than `maximum` (default 1) consecutive blank lines outside code
blocks, HTML blocks and front matter.

## Why is this bad?
Extra blank lines do not render; they only make the source uneven and the diffs noisy.

## Example
Three blank lines between two paragraphs become one.

## Fix safety
Safe: the extra blank lines are deleted; CommonMark renders one blank line and several
identically.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.rulekit import skipped_lines
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document


class MultipleBlankLines(FileRule):
    code = "WS002"
    name = "multiple-blank-lines"
    aliases = ("MD012", "no-multiple-blanks")
    summary = "More than one consecutive blank line"
    fixable = "always"
    options = {"maximum": 1}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        maximum = int(self.opts["maximum"])
        skip = skipped_lines(doc)
        source = doc.source
        total = source.line_count()
        if total and source.line_starts[-1] == len(source.text):
            total -= 1  # the empty "line" after the final line break
        run_start = None
        for index in range(total + 1):
            blank = index < total and index not in skip and not source.line(index).strip()
            if blank:
                if run_start is None:
                    run_start = index
                continue
            if run_start is not None and index - run_start > maximum:
                first_extra = run_start + maximum
                start = source.line_starts[first_extra]
                end = source.line_span(index - 1)[2]
                yield Diagnostic(
                    f"{index - run_start} consecutive blank lines (maximum {maximum})",
                    start,
                    start,
                    fix=Fix.safe(Edit.delete(start, end)),
                )
            run_start = None
