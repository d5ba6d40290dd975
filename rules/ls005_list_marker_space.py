"""LS005 list-marker-space: spaces after a list marker (markdownlint MD030).

## What it does
Reports list items with a different number of spaces between the marker (`-`, `*`,
`+`, `1.`, `1)`) and the text than configured. Options, as in markdownlint (default 1
each): `ul-single` and `ol-single` for lists whose items are each a single line,
`ul-multi` and `ol-multi` for lists with any multi-line item.

Not checked: items with nothing after the marker, a tab after the marker (mistune and
CommonMark expand tabs differently there), and five or more spaces (the item then
starts with an indented code block; the spaces are its content, not marker spacing).

Under the `mkdocs` flavor (Python-Markdown, which nests by 4 spaces), `1.  text` and
`-   text` are the way to line an item's text up with its nested blocks; spacing that
puts the text at a multiple of 4 columns is never reported there.

## Why is this bad?
Extra spaces after the marker are invisible in the page but make the source uneven.

## Example
`-   Item` becomes `- Item`.

## Fix safety
Safe where offered. The spaces after the marker set the column that the item's
continuation lines and nested blocks are measured against, so changing them can move
a paragraph out of the item or turn it into code. mdtidy therefore only fixes items
that are a single line, and only when the next item of the list stays a sibling;
multi-line items are reported without a fix.

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
    claim,
    content_column,
    has_tab_indent,
    item_info,
    items,
    keep_page,
    keeps_next_out,
    last_line,
    lists,
)
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document


class ListMarkerSpace(FileRule):
    code = "LS005"
    name = "list-marker-space"
    aliases = ("MD030", "list-marker-space")
    summary = "Wrong number of spaces after a list marker"
    fixable = "sometimes"
    options = {"ul-single": 1, "ol-single": 1, "ul-multi": 1, "ol-multi": 1}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        step = doc.flavor.list_indent
        diags: list[Diagnostic] = []
        for node in lists(doc):
            if doc.front_matter is not None and node.start_line <= doc.front_matter.end_line:
                continue
            children = items(node)
            infos = [item_info(doc, item) for item in children]
            if not infos or any(i is None for i in infos):
                continue
            real = [i for i in infos if i is not None]
            single = last_line(doc, node) - node.start_line + 1 == len(children)
            kind = "ol" if node.attrs.get("ordered") else "ul"
            expected = int(self.opts[f"{kind}-{'single' if single else 'multi'}"])
            tabs = has_tab_indent(doc, node)
            found: list[tuple[Diagnostic, bool]] = []
            edits: list[Edit] = []
            for k, info in enumerate(real):
                if info.empty or info.spaces < 1 or info.spaces >= 5 or info.spaces == expected:
                    continue
                if step and (len(info.marker) + info.spaces) % step == 0:
                    continue  # Python-Markdown: the text at the next 4-column stop, on purpose
                after = info.marker_start + len(info.marker)
                fixable = False
                if info.single_line and not tabs and 1 <= expected <= 4:
                    col = content_column(info) - info.spaces + expected
                    nxt = real[k + 1] if k + 1 < len(real) else None
                    if nxt is None:
                        fixable = keeps_next_out(doc, node, info, col)
                    else:
                        fixable = nxt.indent < col
                if fixable:
                    edits.append(Edit(after, after + info.spaces, " " * expected))
                message = f"{info.spaces} spaces after the list marker; expected {expected}"
                found.append((Diagnostic(message, after, after + info.spaces), fixable))
            # one fix per list, claiming it: moved content columns must not meet other moves
            fix = claim(doc, Fix.safe(*edits), node) if edits else None
            for diag, fixable in found:
                diag.fix = fix if fixable else None
                diags.append(diag)
        yield from keep_page(doc, diags)
