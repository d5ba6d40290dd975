"""LS006 blanks-around-lists: a blank line before and after every list (markdownlint MD032).

## What it does
Reports a list that directly follows, or is directly followed by, another block
without a blank line between them: its first line, or its last line. Like
markdownlint, lists nested in list items are not checked (a sub-list right under its
parent's text is normal); lists in block quotes are, and a line holding only `>`
counts as blank. A list at the start of a block quote, of the document or right after
front matter needs no blank line before it, nor one at the end of the document after.

In CommonMark a bullet list may interrupt a paragraph (`text` then `- item` is a
paragraph and a list), but an ordered list only when it starts at 1: `text` then
`2. item` is one paragraph, not a list, so it is not reported.

## Why is this bad?
Without the blank line the source reads like one block, and Markdown tools that do
not let a list interrupt a paragraph render the list as text.

## Example
```markdown
Some text
* List item
```
becomes `Some text`, a blank line, then the list.

## Fix safety
Safe. The fix inserts one blank line (with the list's `>` markers inside a block
quote); a blank line after the last item does not make a tight list loose. The line
after a list is only reported when it starts a block that can interrupt a paragraph
(heading, fence, thematic break, HTML, quote, another list): any other line is, in
CommonMark, a lazy continuation of the list's last item, so if mistune ended the list
there the two disagree and a blank line would cut the item's paragraph in two. For the
same reason no blank line is inserted next to a list or HTML block that mistune may
have parsed differently from CommonMark.

Like all list rules (LS001-LS006), this one leaves alone lists where mistune, which
mdtidy parses with, and CommonMark disagree: lists with an empty item, a tab in the
indentation or after a marker, an item block not at the item's content column (e.g.
`1.  text` then a line indented by 3), an HTML block inside or right above, an ordered
list not starting at 1 right under a line of text, a line that looks like a list item
right above, and lists next to a paragraph that mistune stitched across another block.
No finding there is better than a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.listkit import html_shadow, item_info, items, keep_page, last_line, lists, unsure_lines
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document, Node

#: the start of a block that can interrupt a paragraph (CommonMark); anything else on the
#: line after a list is a lazy continuation line of its last item
_INTERRUPTS = re.compile(
    r"(?:#{1,6}(?:[ \t]|$)|```|~~~|<|[-*+][ \t]+\S|1[.)][ \t]+\S"
    r"|(?:\*[ \t]*){3,}$|(?:-[ \t]*){3,}$|(?:_[ \t]*){3,}$)"
)


def _blank(line: str) -> bool:
    return not line.strip(" \t>")


def _first_in_container(node: Node) -> bool:
    if node.parent is None:
        return False
    real = node.parent.content_children()
    return bool(real) and real[0] is node


class BlanksAroundLists(FileRule):
    code = "LS006"
    name = "blanks-around-lists"
    aliases = ("MD032", "blanks-around-lists")
    summary = "List not surrounded by blank lines"
    fixable = "sometimes"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        source = doc.source
        fm_end = doc.front_matter.end_line if doc.front_matter is not None else 0
        total = source.line_count()
        if total and source.line_starts[-1] == len(source.text):
            total -= 1
        diags: list[Diagnostic] = []
        # next to a list or HTML block that mistune may have parsed differently from
        # CommonMark, a blank line could land inside that list (or end an HTML block)
        unsure = unsure_lines(doc) | html_shadow(doc)
        for node in lists(doc):
            if node.parent is not None and node.parent.type != "block_quote":
                continue
            if node.start_line <= fm_end:
                continue
            children = items(node)
            first_info = item_info(doc, children[0]) if children else None
            if first_info is None:
                continue
            prefix = source.line(first_info.line)[: first_info.quote_len].rstrip()
            if prefix.strip(">") or "\t" in prefix:
                continue
            first = node.start_line - 1  # 0-based
            if first - 1 >= fm_end and first >= 1 and not _first_in_container(node):
                before = source.line(first - 1)
                if not _blank(before) and first - 1 not in unsure:
                    at = source.line_starts[first]
                    diags.append(
                        Diagnostic(
                            "List not preceded by a blank line",
                            first_info.marker_start,
                            first_info.marker_start + len(first_info.marker),
                            fix=Fix.safe(Edit.insert(at, prefix + "\n")),
                        )
                    )
            last = last_line(doc, node) - 1  # 0-based
            if last + 1 < total:
                after = source.line(last + 1)
                if not _blank(after) and last + 1 not in unsure and self._ends_list(after, prefix):
                    start, end, nxt = source.line_span(last)
                    line = source.line(last)
                    indent = len(line) - len(line.lstrip(" >"))
                    diags.append(
                        Diagnostic(
                            "List not followed by a blank line",
                            start + indent,
                            end,
                            fix=Fix.safe(Edit.insert(nxt, prefix + "\n")),
                        )
                    )
        yield from keep_page(doc, diags)

    @staticmethod
    def _ends_list(line: str, prefix: str) -> bool:
        """Whether CommonMark ends the list before ``line`` (mistune may disagree otherwise)."""
        lead = len(line) - len(line.lstrip(" >"))
        if line[:lead].count(">") > prefix.count(">"):
            return True  # a deeper block quote starts
        quote = line[:lead].rfind(">") + 1
        if lead - quote >= 4 + (1 if quote else 0):
            return False  # indented by 4 or more: cannot interrupt a paragraph
        return _INTERRUPTS.match(line[lead:]) is not None
