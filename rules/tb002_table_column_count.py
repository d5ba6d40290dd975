"""TB002 table-column-count: a table row with too few or too many cells (markdownlint MD056).

## What it does
Reports a data row of a GFM table that has fewer or more cells than the header row.

## Why is this bad?
GitHub drops the extra cells of a row (their text is lost) and pads a short row with
empty cells. mistune does not render such a table as a table at all: the whole thing
becomes one paragraph of pipes.

## Example
```markdown
| Header | Header |
| ------ | ------ |
| Cell | Cell |
| Cell |
| Cell | Cell | Cell |
```

Rows 4 and 5 are reported.

## Fix safety
No fix: only the author knows which cell is missing or extra.

mistune never builds a table with such a row, so this rule looks at paragraphs GFM
would read as a table: a header row and a valid delimiter row with the same number of
cells, then the rows up to the end of the paragraph. A paragraph with a line that GFM
would start another block with is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.rulekit import content_start, split_gfm_row
from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document

_DELIMITER_CELL = re.compile(r":?-+:?")
_BLOCK_START = re.compile(r" {0,3}(?:[>#<]|`{3}|~{3}|[-*+_=](?:[ \t]|$)|[-*_]{3}|\d{1,9}[.)](?:[ \t]|$))")


class TableColumnCount(FileRule):
    code = "TB002"
    name = "table-column-count"
    aliases = ("MD056", "table-column-count")
    summary = "Table row with a different number of cells than the header row"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        for node in doc.nodes_of("paragraph", "block_text"):
            lines = []
            for index in range(node.start_line - 1, node.end_line):
                start = content_start(doc, node, index)
                lines.append((start, doc.text[start : doc.source.line_span(index)[1]]))
            yield from self._rows(lines)

    def _rows(self, lines: list[tuple[int, str]]) -> Iterator[Diagnostic]:
        for i in range(len(lines) - 1):
            header, delimiter = lines[i][1], lines[i + 1][1]
            if "|" not in header or "|" not in delimiter:
                continue
            columns = split_gfm_row(header)
            cells = split_gfm_row(delimiter)
            if len(columns) != len(cells) or not all(_DELIMITER_CELL.fullmatch(c) for c in cells):
                continue
            rows = lines[i + 2 :]
            if any(_BLOCK_START.match(text) or not text.strip() for _s, text in rows):
                return
            for start, text in rows:
                count = len(split_gfm_row(text))
                if count != len(columns):
                    detail = (
                        "too few cells, row will be missing data"
                        if count < len(columns)
                        else ("too many cells, data will be lost")
                    )
                    yield Diagnostic(
                        f"{count} cells, the header has {len(columns)}: {detail}",
                        start,
                        start + len(text.rstrip()),
                    )
            return
