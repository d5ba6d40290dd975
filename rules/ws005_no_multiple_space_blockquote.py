"""WS005 no-multiple-space-blockquote: one space after `>` (markdownlint MD027).

## What it does
Reports block-quote lines with more than one space between the (innermost) `>` and the
text. Option, as in markdownlint: `list-items` (true: also check lines that start a
list item inside the quote). Lines of code blocks and HTML blocks inside the quote are
not checked (their spaces are content), nor continuation lines of list items (their
indentation says which item they belong to), nor lazy lines without `>`.

## Why is this bad?
The extra spaces do not show on the page; they only make the quote's source uneven,
and with four or more the text can become a code block by accident.

## Example
`>  Quoted text` becomes `> Quoted text`.

## Fix safety
Safe. In a paragraph, heading or thematic break the spaces after `>` are at most
indentation that CommonMark ignores. A list item's marker line is only fixed when the
item is a single line and the next item stays its sibling (moving a marker moves the
column its continuation lines are measured against). Quotes inside list items, and
lines with tabs before the text, are not checked: mistune and CommonMark expand
those differently. Lines where mistune's reading may differ from CommonMark's (lists
the list rules leave alone, see LS001) are reported without a fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.listkit import (
    claim,
    content_column,
    html_shadow,
    item_info,
    items,
    keep_page,
    keeps_next_out,
    unsure_lines,
)
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document, Node

_SKIP = ("block_code", "block_html", "block_quote", "blank_line")


def _child_at(node: Node, line: int) -> Node | None:
    for child in node.children:
        if child.start_line <= line <= child.end_line and child.type != "blank_line":
            return child
    return None


class NoMultipleSpaceBlockquote(FileRule):
    code = "WS005"
    name = "no-multiple-space-blockquote"
    aliases = ("MD027", "no-multiple-space-blockquote")
    summary = "More than one space after a block-quote marker"
    fixable = "sometimes"
    options = {"list-items": True}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        source = doc.source
        fm_end = doc.front_matter.end_line if doc.front_matter is not None else 0
        diags: list[Diagnostic] = []
        shadow = html_shadow(doc)
        unsure = unsure_lines(doc)
        for quote in doc.nodes_of("block_quote"):
            if quote.start_line <= fm_end:
                continue
            ancestors = list(quote.ancestors())
            if any(a.type != "block_quote" for a in ancestors):
                continue
            depth = len(ancestors) + 1
            if any(line in shadow for line in range(quote.start_line - 1, quote.end_line)):
                continue
            for line_no in range(quote.start_line, quote.end_line + 1):
                child = _child_at(quote, line_no)
                if child is None or child.type in _SKIP:
                    continue
                single_item = None
                if child.type == "list":
                    if not self.opts["list-items"]:
                        continue
                    siblings = items(child)
                    here = [k for k, item in enumerate(siblings) if item.start_line == line_no]
                    if not here:
                        continue
                    single_item = (child, here[0])
                diag = self._check_line(doc, line_no - 1, depth, single_item)
                if diag is not None and line_no - 1 in unsure:
                    diag.fix = None  # mistune may have parsed this line differently from CommonMark
                if diag is not None:
                    diags.append(diag)
        del source
        yield from keep_page(doc, diags)

    def _check_line(
        self, doc: Document, index: int, depth: int, item: tuple[Node, int] | None
    ) -> Diagnostic | None:
        line = doc.source.line(index)
        lead = len(line) - len(line.lstrip(" >\t"))
        run = line[:lead]
        if "\t" in run or run.count(">") != depth or lead == len(line):
            return None
        last = run.rindex(">")
        spaces = lead - last - 1
        if spaces < 2:
            return None
        start = doc.source.line_starts[index] + last + 1
        fix: Fix | None = Fix.safe(Edit.delete(start + 1, start + spaces))
        if item is not None:
            node, k = item
            infos = [item_info(doc, i) for i in items(node)]
            info = infos[k]
            nxt = infos[k + 1] if k + 1 < len(infos) else None
            new_col = content_column(info) - (spaces - 1) if info is not None else 0
            if nxt is None:
                stays = info is not None and keeps_next_out(doc, node, info, new_col)
            else:
                stays = info is not None and nxt.indent < new_col
            if info is not None and info.single_line and info.spaces >= 1 and stays:
                fix = claim(doc, fix, node)
            else:
                fix = None
        return Diagnostic(
            f"{spaces} spaces after the block-quote marker; expected 1", start, start + spaces, fix=fix
        )
