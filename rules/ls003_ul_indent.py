"""LS003 ul-indent: nested bullet lists are indented by `indent` spaces (markdownlint MD007).

## What it does
Reports bullet list items whose marker is not indented by `indent` (default 2) spaces
per nesting level. Options, as in markdownlint: `indent` (2), `start-indented` (false:
top-level lists start at column 0) and `start-indent` (2: the top level's indentation
when `start-indented` is set). Like markdownlint, a bullet list is only checked when
all the lists it is nested in are bullet lists too (an ordered parent's content column
depends on the width of its number). Indentation is counted after block-quote markers.

Under the `mkdocs` flavor (Python-Markdown) nested lists need 4 spaces per level, so
`indent` defaults to 4 there (an `indent` set in the configuration still wins), and a
list inside an admonition or a content tab is measured from the column of its body.

## Why is this bad?
Two spaces line a nested list up with its parent's text; uneven indentation makes the
nesting hard to see and some Markdown tools nest differently.

## Example
```markdown
* List item
   * Nested item indented by 3 spaces
```
becomes `  * Nested item` (2 spaces).

## Fix safety
Safe, and only where the page provably stays the same: every item of the list moves
together with all of its lines (so its content and nested lists keep their place
relative to it), and only when the new column still makes the list a child of the
same parent item (at or right of the parent's content column, less than four spaces
beyond it). So `*   a` with a child at column 4 is reported but not moved to column 2,
which would pull the child out of its parent (or turn text into a code block). No fix
where a line cannot be moved the same amount (lazy continuation lines, tabs).

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

from mdtidy.kit.listkit import (
    body_column,
    has_tab_indent,
    item_info,
    items,
    keep_page,
    lists,
    move_items,
    parent_content_column,
)
from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.dialects import CONTAINERS
from mdtidy.parsing.parse import Document, Node


def _bullet_chain(node: Node) -> tuple[int, Node | None] | None:
    """Nesting depth of a bullet list whose list ancestors are all bullet lists (else None),
    and the admonition or content tab whose body the outermost of them stands in."""
    if node.attrs.get("ordered"):
        return None
    depth = 0
    for anc in node.ancestors():
        if anc.type == "list":
            if anc.attrs.get("ordered"):
                return None
            depth += 1
        elif anc.type == "block_quote":
            break  # indentation restarts inside a block quote
        elif anc.type in CONTAINERS:
            return depth, anc  # and inside an admonition's body
    return depth, None


class UlIndent(FileRule):
    code = "LS003"
    name = "ul-indent"
    aliases = ("MD007", "ul-indent")
    summary = "Nested bullet list not indented by the configured number of spaces"
    fixable = "sometimes"
    options = {"indent": 2, "start-indented": False, "start-indent": 2}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        indent = int(self.opts["indent"])
        if doc.flavor.list_indent and "indent" not in ctx.config.rule_options(type(self)):
            indent = doc.flavor.list_indent  # Python-Markdown nests by 4 spaces
        start = int(self.opts["start-indent"]) if self.opts["start-indented"] else 0
        diags: list[Diagnostic] = []
        for node in lists(doc):
            if doc.front_matter is not None and node.start_line <= doc.front_matter.end_line:
                continue
            chain = _bullet_chain(node)
            if chain is None:
                continue
            depth, container = chain
            base = start
            if container is not None:
                column = body_column(doc, container)
                if column is None:
                    continue
                base = column
            infos = [item_info(doc, item) for item in items(node)]
            if not infos or any(i is None for i in infos) or has_tab_indent(doc, node):
                continue
            expected = base + depth * indent
            wrong = [i for i in infos if i is not None and i.indent != expected]
            if not wrong:
                continue
            fix = None
            parent_col = parent_content_column(doc, node)
            if parent_col is not None and parent_col <= expected <= parent_col + 3:
                fix = move_items(doc, node, [i for i in infos if i is not None], [expected] * len(infos))
            for info in wrong:
                diags.append(
                    Diagnostic(
                        f"Bullet list item indented {info.indent} spaces; expected {expected}",
                        info.marker_start,
                        info.marker_start + 1,
                        fix=fix,
                    )
                )
        yield from keep_page(doc, diags)
