"""TB001 table-pipe-style: table rows with and without outer pipes mixed (markdownlint MD055).

## What it does
Reports a table row (header, delimiter or data row) whose leading or trailing pipe
(`|`) does not follow the expected style.

Options (markdownlint's defaults):

- `style` (default `consistent`): `consistent` (the header row of the document's first
  table sets the style), `leading_and_trailing`, `leading_only`, `trailing_only` or
  `no_leading_or_trailing`.

## Why is this bad?
Some parsers have trouble with tables that lack outer pipes, and rows written
differently make a table harder to edit.

## Example
```markdown
| Header | Header |
| ------ | ------
Cell | Cell |
```

The delimiter row lacks its trailing pipe, the data row its leading pipe.

## Fix safety
No fix (markdownlint has none either).

Skipped, because mistune and GFM (cmark-gfm) read them differently: tables whose
delimiter row GFM rejects (`--|`), tables such as `| a | b` that mistune gives an extra
empty first column, and tables with a row that GFM would take as the start of another
block (`- a | b`). Lines after a table that GFM would still count as rows but mistune
does not are not part of the table here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.rulekit import table_agrees, table_rows
from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document

_STYLES = {
    "leading_and_trailing": (True, True),
    "leading_only": (True, False),
    "trailing_only": (False, True),
    "no_leading_or_trailing": (False, False),
}


def _pipes(row: str) -> tuple[bool, bool]:
    row = row.strip()
    trailing = row.endswith("|") and not row.endswith("\\|")
    return row.startswith("|"), trailing


class TablePipeStyle(FileRule):
    code = "TB001"
    name = "table-pipe-style"
    aliases = ("MD055", "table-pipe-style")
    summary = "Table row whose leading or trailing pipe differs from the expected style"
    options = {"style": "consistent"}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        expected = _STYLES.get(str(self.opts["style"]))
        for table in doc.nodes_of("table"):
            if not table_agrees(doc, table):
                continue
            rows = table_rows(doc, table)
            if expected is None:
                expected = _pipes(rows[0][2])
            for _index, start, text in rows:
                leading, trailing = _pipes(text)
                end = start + len(text.rstrip())
                if leading != expected[0]:
                    yield Diagnostic(
                        "missing leading pipe" if expected[0] else "unexpected leading pipe", start, start + 1
                    )
                if trailing != expected[1]:
                    yield Diagnostic(
                        "missing trailing pipe" if expected[1] else "unexpected trailing pipe", end - 1, end
                    )
