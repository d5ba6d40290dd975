"""FM001 front-matter: YAML front matter that does not parse.

## What it does
Parses the front matter (a `---` line at the top of the file, YAML, and a closing
`---` or `...` line) with ruamel.yaml and reports invalid YAML, duplicate keys, front
matter that is not a mapping, and an opening `---` followed by `key: value` lines that
is never closed. The finding is on the line the YAML error names. The body of the post
is linted all the same, with its real line numbers.

## Why is this bad?
Jekyll and Hugo refuse or silently mis-read such posts: a post disappears from the site,
or loses its title, date or layout.

## Example
```markdown
---
title: Pytorch
title: PyTorch
---
```
reports the duplicate key `title` on line 3.

## Fix safety
No fix: nothing in the front matter is ever rewritten by this rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document

_KEY_LINE = re.compile(r"[A-Za-z_][\w-]*:(?:\s|$)")


class FrontMatterError(FileRule):
    code = "FM001"
    name = "front-matter"
    summary = "YAML front matter that does not parse (syntax, duplicate keys, not closed)"
    severity = "error"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        source = doc.source
        fm = doc.front_matter
        if fm is None:
            if (
                ctx.config.front_matter
                and source.line_count() > 1
                and source.line(0).rstrip() == "---"
                and _KEY_LINE.match(source.line(1))
            ):
                yield Diagnostic(
                    "front matter opened on line 1 is never closed with ---", 0, 3, severity="error"
                )
            return
        if fm.error is not None:
            line = fm.error_line or fm.start_line
            line = min(max(line, fm.start_line), fm.end_line)
            column = fm.error_column or 1
            start = source.offset(line, 1) + min(column - 1, len(source.line(line - 1)))
            yield Diagnostic(f"invalid YAML front matter: {fm.error}", start, start, severity="error")
        elif fm.data is not None and not isinstance(fm.data, dict):
            yield Diagnostic("front matter is not a mapping of keys to values", 0, 3, severity="error")
