"""LS001 ul-style: bullet lists use the same marker (markdownlint MD004).

## What it does
Reports bullet list items whose marker (`-`, `*` or `+`) is not the expected one.
`style` (default `consistent`) is one of:

- `consistent`: the marker of the document's first bullet list;
- `dash`, `asterisk`, `plus`: that marker everywhere;
- `sublist`: each nesting level of bullet lists uses one marker (the first one seen at
  that level), different from the level above (markdownlint's rule).

Markers are read from the source, also inside block quotes and nested lists; lists in
front matter, code and HTML blocks are not lists.

## Why is this bad?
Mixed markers make the source harder to read, and in CommonMark a changed marker
starts a *new* list: `* a` followed by `+ b` is two lists, not one.

## Example
```markdown
* Item
* Item

- Another list
```
With `consistent`, the second list is reported and becomes `* Another list`.

## Fix safety
Safe, and made per list: every item of the list gets the new marker at once (a list
whose items had different markers would be two lists). Unlike markdownlint, mdtidy does
**not** fix a list that has another bullet list right next to it (only blank lines
between): both would end up with the same marker and merge into one list, which changes
the page; such findings are reported without a fix. Any fix that would change the page
mistune renders is dropped too (the last line of defence, see `_listkit.keep_page`).

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

from mdtidy.kit.listkit import has_tab_indent, item_info, items, keep_page, lists
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document, Node

_STYLES = {"dash": "-", "asterisk": "*", "plus": "+"}
_NEXT = {"-": "+", "+": "*", "*": "-"}  # markdownlint's differentItemStyle


def _bullet(node: Node) -> str | None:
    if node.type != "list" or node.attrs.get("ordered"):
        return None
    return str(node.attrs.get("bullet", "")) or None


def _level(node: Node) -> int:
    return sum(1 for a in node.ancestors() if _bullet(a))


def _neighbours(doc: Document, node: Node) -> list[Node]:
    """The sibling blocks right before and after ``node``, blank lines skipped."""
    siblings = node.parent.children if node.parent is not None else doc.nodes
    found = []
    index = next(i for i, s in enumerate(siblings) if s is node)
    for step in (-1, 1):
        i = index + step
        while 0 <= i < len(siblings) and siblings[i].type == "blank_line":
            i += step
        if 0 <= i < len(siblings):
            found.append(siblings[i])
    return found


class UlStyle(FileRule):
    code = "LS001"
    name = "ul-style"
    aliases = ("MD004", "ul-style")
    summary = "Bullet list marker differs from the expected one"
    fixable = "sometimes"
    options = {"style": "consistent"}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        style = str(self.opts["style"])
        bullet_lists = [n for n in lists(doc) if _bullet(n)]
        if doc.front_matter is not None:
            bullet_lists = [n for n in bullet_lists if n.start_line > doc.front_matter.end_line]
        bullet_lists.sort(key=lambda n: n.start)
        expected_at: dict[int, str] = {}
        first: str | None = _STYLES.get(style)
        diags: list[Diagnostic] = []
        for node in bullet_lists:
            actual = _bullet(node)
            assert actual is not None
            if style == "sublist":
                level = _level(node)
                if level not in expected_at:
                    parent = expected_at.get(level - 1)
                    expected_at[level] = _NEXT[actual] if actual == parent else actual
                expected = expected_at[level]
            else:
                if first is None:
                    first = actual
                expected = first
            if actual == expected:
                continue
            diags.extend(self._report(doc, node, actual, expected))
        yield from keep_page(doc, diags)

    def _report(self, doc: Document, node: Node, actual: str, expected: str) -> list[Diagnostic]:
        infos = [item_info(doc, item) for item in items(node)]
        fix = None
        merges = any(_bullet(n) for n in _neighbours(doc, node))
        if (
            not merges
            and all(i is not None and i.marker == actual and i.spaces > 0 and not i.empty for i in infos)
            and not has_tab_indent(doc, node)
        ):
            fix = Fix.safe(*(Edit(i.marker_start, i.marker_start + 1, expected) for i in infos if i))
        names = {"-": "dash", "*": "asterisk", "+": "plus"}
        message = f"Bullet list marker '{actual}' ({names[actual]}); "
        message += f"expected '{expected}' ({names[expected]})"
        if merges:
            message += " (not fixed: it would merge with the bullet list next to it)"
        diags = []
        for item in items(node):
            start = item.start
            diags.append(Diagnostic(message, start, start + 1, fix=fix))
        return diags
