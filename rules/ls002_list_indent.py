"""LS002 list-indent: items of one list start at the same column (markdownlint MD005).

## What it does
Reports a list item whose marker is not indented like the first item of its list.
For ordered lists, items whose markers *end* in the same column as the first item's
(right-aligned numbers such as ` 9.` above `10.`) are accepted, as in markdownlint.
Indentation is counted after the block-quote markers (`>`), so lists inside block
quotes are checked too. The rule has no options.

## Why is this bad?
CommonMark lets items of one list drift by up to three spaces; the source then looks
nested when it is not, and other Markdown tools may really nest it.

## Example
```markdown
* One
 * Two (same list, indented by one space)
```
becomes `* Two` at the first item's column.

## Fix safety
Safe. All items of the list move to the first item's column together, each with all
of its lines (continuation lines, nested lists, code), so nothing inside an item
changes its indentation relative to the item. No fix is offered where a line of the
item cannot be moved by the same amount (a lazy continuation line with less
indentation, a tab in the indentation, a line with a different block-quote prefix), nor
for lists with tabs in their indentation, where mistune and CommonMark disagree.

Like all list rules (LS001-LS006), this one leaves alone lists where mistune, which
mdtidy parses with, and CommonMark disagree: lists with an empty item, a tab in the
indentation or after a marker, an item block not at the item's content column (e.g.
`1.  text` then a line indented by 3), an HTML block inside or right above, an ordered
list not starting at 1 right under a line of text, a line that looks like a list item
right above, and lists next to a paragraph that mistune stitched across another block.
No finding there is better than a wrong one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.listkit import has_tab_indent, item_info, items, keep_page, lists, move_items
from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document


class ListIndent(FileRule):
    code = "LS002"
    name = "list-indent"
    aliases = ("MD005", "list-indent")
    summary = "List items of one list are indented differently"
    fixable = "sometimes"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        diags: list[Diagnostic] = []
        for node in lists(doc):
            if doc.front_matter is not None and node.start_line <= doc.front_matter.end_line:
                continue
            infos = [item_info(doc, item) for item in items(node)]
            if len(infos) < 2 or any(i is None for i in infos) or has_tab_indent(doc, node):
                continue
            first = infos[0]
            assert first is not None
            ordered = bool(node.attrs.get("ordered"))
            wrong = []
            for info in infos[1:]:
                assert info is not None
                if info.indent == first.indent:
                    continue
                if ordered and info.indent + len(info.marker) == first.indent + len(first.marker):
                    continue
                wrong.append(info)
            if not wrong:
                continue
            targets = [first.indent if i in wrong else i.indent for i in infos if i is not None]
            fix = move_items(doc, node, [i for i in infos if i is not None], targets)
            for info in wrong:
                diags.append(
                    Diagnostic(
                        f"List item indented {info.indent} spaces; the first item of the list "
                        f"is indented {first.indent}",
                        info.marker_start,
                        info.marker_start + len(info.marker),
                        fix=fix,
                    )
                )
        yield from keep_page(doc, diags)
