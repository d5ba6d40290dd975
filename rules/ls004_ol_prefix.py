"""LS004 ol-prefix: ordered list numbers are all 1 or count up (markdownlint MD029).

## What it does
Reports ordered list items whose number does not follow the list's style. `style`
(default `one_or_ordered`) is one of:

- `one_or_ordered`: a list whose second item is numbered 1 (and whose first is not 0)
  must number every item 1 (`1. 1. 1.`); any other list must count up from its first
  number (`1. 2. 3.`, `0. 1. 2.`, `3. 4. 5.`);
- `ordered`: count up from the first number;
- `one`: every item is numbered 1; `zero`: every item is numbered 0.

Numbers are read from the source; nested lists are separate lists.

## Why is this bad?
Skipped or repeated numbers in the source disagree with what the page shows (the
page numbers items itself), which confuses readers of the source and of diffs.

## Example
```markdown
1. Do this
3. Done
```
becomes `2. Done`.

## Fix safety
Safe. The first number of a list is never changed: it is the list's `start` (the page
shows it), so a list starting at 3 under `one` is reported without a fix, and unlike
markdownlint `one_or_ordered` counts up from the first number rather than from 1.
Leading zeros (`08.`) are kept. When a new number is wider or narrower than the old
one (`9.` → `10.`), the item's content column moves, so the fix is only offered for
items that are a single line and whose next sibling stays a sibling. mdtidy edits only
the items of the list itself, never a nested list's numbers.

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
    lists,
)
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document

_EXAMPLES = {"one": "1/1/1", "ordered": "1/2/3", "zero": "0/0/0"}


def _digits(number: int, old: str) -> str:
    text = str(number)
    if len(old) > 1 and old.startswith("0"):
        text = text.zfill(len(old))
    return text


class OlPrefix(FileRule):
    code = "LS004"
    name = "ol-prefix"
    aliases = ("MD029", "ol-prefix")
    summary = "Ordered list item number does not follow the list's style"
    fixable = "sometimes"
    options = {"style": "one_or_ordered"}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        style = str(self.opts["style"])
        diags: list[Diagnostic] = []
        for node in lists(doc):
            if not node.attrs.get("ordered"):
                continue
            if doc.front_matter is not None and node.start_line <= doc.front_matter.end_line:
                continue
            infos = [item_info(doc, item) for item in items(node)]
            if not infos or any(i is None or i.number is None for i in infos):
                continue
            numbers = [i.number for i in infos if i is not None and i.number is not None]
            first = numbers[0]
            list_style = style
            if style == "one_or_ordered":
                incrementing = len(numbers) < 2 or numbers[1] != 1 or first == 0
                list_style = "ordered" if incrementing else "one"
            if list_style == "ordered":
                expected = [first + k for k in range(len(numbers))]
            elif list_style == "zero":
                expected = [0] * len(numbers)
            else:
                expected = [1] * len(numbers)
            tabs = has_tab_indent(doc, node)
            real = [i for i in infos if i is not None]
            found: list[tuple[Diagnostic, bool]] = []
            edits: list[Edit] = []
            for k, (info, want) in enumerate(zip(real, expected, strict=True)):
                if info.number == want:
                    continue
                digits_end = info.marker_start + len(info.marker) - 1
                old = doc.text[info.marker_start : digits_end]
                new = _digits(want, old)
                fixable = False
                if k > 0 and not tabs and want < 10**9 and info.spaces > 0 and not info.empty:
                    if len(new) == len(old):
                        fixable = True
                    elif info.single_line:
                        col = content_column(info) + len(new) - len(old)
                        nxt = real[k + 1] if k + 1 < len(real) else None
                        if nxt is None:
                            fixable = keeps_next_out(doc, node, info, col)
                        else:
                            fixable = nxt.indent < col
                if fixable:
                    edits.append(Edit(info.marker_start, digits_end, new))
                message = (
                    f"Ordered list item number {info.number}; expected {want} (style {_EXAMPLES[list_style]})"
                )
                end = info.marker_start + len(info.marker)
                found.append((Diagnostic(message, info.marker_start, end), fixable))
            # one fix per list: all its numbers change together
            fix = claim(doc, Fix.safe(*edits), node) if edits else None
            for diag, fixable in found:
                diag.fix = fix if fixable else None
                diags.append(diag)
        yield from keep_page(doc, diags)
