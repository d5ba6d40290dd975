"""TB003 blanks-around-tables: no blank line around a table (markdownlint MD058).

## What it does
Reports a table whose line before is not blank, or that is followed by another block
(a block quote, heading, list, fence, ...) without a blank line in between. The start
and the end of the document (and the line after front matter) need no blank line; a
line holding only block-quote markers (`>`) counts as blank.

## Why is this bad?
Some parsers only see a table with blank lines around it, and the source reads better.

## Example
```markdown
Some text
| Header | Header |
| ------ | ------ |
| Cell   | Cell   |
> Blockquote
```

becomes

```markdown
Some text

| Header | Header |
| ------ | ------ |
| Cell   | Cell   |

> Blockquote
```

Text right after a table, without a blank line, is a table *row* in GFM (markdownlint
does not report it either); mistune ends the table there instead. This rule skips that
line: a blank line inserted there would change what GitHub shows.

## Fix safety
Safe where it keeps the page the same: the blank line is inserted with the table's
block-quote prefix (`>`). Inside a *tight* list a blank line would make the list loose,
so there the finding has no fix. Tables that mistune and GFM read differently (see
TB001) are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.rulekit import container_blank, content_start, is_blank_line, table_agrees
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document

#: a line that starts another block in GFM, so that it ends a table instead of being a row
_BLOCK_START = re.compile(r" {0,3}(?:[>#<]|`{3}|~{3}|[-*+](?:[ \t]|$)|[-*_]{3}|\d{1,9}[.)](?:[ \t]|$))")


class BlanksAroundTables(FileRule):
    code = "TB003"
    name = "blanks-around-tables"
    aliases = ("MD058", "blanks-around-tables")
    summary = "Table without a blank line before or after it"
    fixable = "sometimes"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        source = doc.source
        first = doc.front_matter.end_line if doc.front_matter is not None else 0
        last = source.line_count() - 1
        if last > 0 and source.line_starts[last] == len(source.text):
            last -= 1
        for table in doc.nodes_of("table"):
            if not table_agrees(doc, table):
                continue
            lists = [a for a in table.ancestors() if a.type == "list"]
            fixable = all(not lst.attrs.get("tight", True) for lst in lists)
            start_index, end_index = table.start_line - 1, table.end_line - 1
            if start_index > first and not is_blank_line(source.line(start_index - 1)):
                fix = None
                if fixable:
                    at = source.line_starts[start_index]
                    fix = Fix.safe(Edit.insert(at, container_blank(doc, table, start_index) + "\n"))
                yield Diagnostic("no blank line before the table", table.start, table.start, fix=fix)
            if end_index < last and not is_blank_line(source.line(end_index + 1)):
                line_start = source.line_starts[end_index + 1]
                after = content_start(doc, table, end_index + 1)
                depth = sum(1 for a in table.ancestors() if a.type == "block_quote")
                if doc.text[line_start:after].count(">") != depth:
                    continue  # outside the table's block quote: mistune and GFM may differ
                if not _BLOCK_START.match(doc.text, after):
                    continue  # (GFM) another row of this table
                fix = None
                if fixable:
                    at = source.line_starts[end_index + 1]
                    fix = Fix.safe(Edit.insert(at, container_blank(doc, table, end_index) + "\n"))
                where = content_start(doc, table, end_index)
                yield Diagnostic("no blank line after the table", where, where, fix=fix)
