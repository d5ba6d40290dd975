"""CD001 blanks-around-fences: no blank line around a fenced code block (markdownlint MD031).

## What it does
Reports a fenced code block (```` ``` ```` or `~~~`) whose line before is not blank, or
whose closing fence is followed by a line that is not blank. The start and the end of
the document (and the line after front matter) need no blank line. As in markdownlint,
a line holding only block-quote markers (`>`) counts as blank.

Options (markdownlint's defaults):

- `list-items` (default `true`): also check fenced code blocks inside list items.

## Why is this bad?
A fence glued to the paragraph around it is hard to spot in the source, and some
Markdown processors (kramdown, for one) do not see a fence without blank lines around it.

## Example
````markdown
Some text
```
code
```
More text
````

becomes

````markdown
Some text

```
code
```

More text
````

## Fix safety
Safe where it keeps the page the same: the blank line is inserted with the code block's
block-quote prefix (`>`), so the code stays inside its quote. Inside a *tight* list a
blank line would make the list loose (every item wrapped in `<p>`), so there the
finding has no fix; neither has a missing blank line after a fence that is never closed
(the blank line would become part of the code).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.rulekit import closed, container_blank, content_start, is_blank_line
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document


class BlanksAroundFences(FileRule):
    code = "CD001"
    name = "blanks-around-fences"
    aliases = ("MD031", "blanks-around-fences")
    summary = "Fenced code block without a blank line before or after it"
    fixable = "sometimes"
    options = {"list-items": True}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        source = doc.source
        first = doc.front_matter.end_line if doc.front_matter is not None else 0
        last = source.line_count() - 1
        if last > 0 and source.line_starts[last] == len(source.text):
            last -= 1  # the empty "line" after the final line break
        for node in doc.nodes_of("block_code"):
            if node.attrs.get("style") != "fenced":
                continue
            lists = [a for a in node.ancestors() if a.type == "list"]
            if lists and not self.opts["list-items"]:
                continue
            fixable = all(not lst.attrs.get("tight", True) for lst in lists)
            start_index, end_index = node.start_line - 1, node.end_line - 1
            if start_index > first and not is_blank_line(source.line(start_index - 1)):
                at = source.line_starts[start_index]
                fix = None
                if fixable:
                    fix = Fix.safe(Edit.insert(at, container_blank(doc, node, start_index) + "\n"))
                message = "no blank line before the fenced code block"
                yield Diagnostic(message, node.start, node.start, fix=fix)
            if end_index < last and not is_blank_line(source.line(end_index + 1)):
                is_closed = closed(doc, node)
                fix = None
                if fixable and is_closed:
                    at = source.line_starts[end_index + 1]
                    fix = Fix.safe(Edit.insert(at, container_blank(doc, node, end_index) + "\n"))
                where = content_start(doc, node, end_index)
                yield Diagnostic("no blank line after the fenced code block", where, where, fix=fix)
