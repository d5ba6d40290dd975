"""WS004 no-hard-tabs: tab characters (markdownlint MD010).

## What it does
Reports every run of tab characters, one finding per run. Options, as in markdownlint:
`code-blocks` (true: tabs in code blocks are reported too), `ignore-code-languages`
(fenced code blocks in these languages are not checked) and `spaces-per-tab` (1: how
many spaces a fix writes for each tab). Front matter is not checked.

## Why is this bad?
Editors, terminals and Markdown tools disagree on how wide a tab is (CommonMark
expands it to the next multiple of 4 for structure, browsers show it as a space), so
tabs make nesting and alignment unpredictable.

## Example
`Some\ttext` becomes `Some text`.

## Fix safety
Safe, and deliberately narrower than markdownlint, which replaces every tab. A tab is
only replaced where it separates words of a paragraph or heading: there the page
shows a space either way. Reported **without** a fix: tabs in code blocks (replacing
them would change the code), in code spans, HTML (blocks and inline), links, at the
start of a line or right after a list or quote marker (there the tab is indentation:
it decides nesting and whether text is code, and mistune and CommonMark expand it
differently), and at the end of a line (trailing whitespace, see WS001; a tab
replaced by two spaces there would become a hard line break).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.listkit import html_shadow, keep_page
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document, Node

_TABS = re.compile(r"\t+")
_TEXT_BLOCKS = ("paragraph", "heading", "block_text")
_NO_TOUCH = ("codespan", "inline_html", "link", "image")


def _language(node: Node) -> str:
    info = str(node.attrs.get("info") or "").strip()
    return info.split()[0].lower() if info else ""


class NoHardTabs(FileRule):
    code = "WS004"
    name = "no-hard-tabs"
    aliases = ("MD010", "no-hard-tabs")
    summary = "Hard tab character"
    fixable = "sometimes"
    options = {"code-blocks": True, "ignore-code-languages": [], "spaces-per-tab": 1}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        source = doc.source
        text = doc.text
        if "\t" not in text:
            return
        width = max(1, int(self.opts["spaces-per-tab"]))
        ignored = {str(lang).lower() for lang in self.opts["ignore-code-languages"]}
        fm_end = doc.front_matter.end_line if doc.front_matter is not None else 0
        code: dict[int, Node] = {}
        html: set[int] = set()
        leaf: dict[int, Node] = {}
        protected: list[tuple[int, int]] = []
        for node in doc.walk():
            lines = range(node.start_line - 1, node.end_line)
            if node.type == "block_code":
                code.update((i, node) for i in lines)
            elif node.type == "block_html":
                html.update(lines)
            elif node.type in _TEXT_BLOCKS:
                leaf.update((i, node) for i in lines)
                for inline in node.inlines:
                    for part in inline.walk():
                        if part.type in _NO_TOUCH and part.start is not None and part.end is not None:
                            protected.append((part.start, part.end))
        protected.extend(doc.code_spans)
        html.update(html_shadow(doc))
        diags: list[Diagnostic] = []
        for index in range(fm_end, source.line_count()):
            start, end, _ = source.line_span(index)
            line = text[start:end]
            if "\t" not in line:
                continue
            block = code.get(index)
            if block is not None and (not self.opts["code-blocks"] or _language(block) in ignored):
                continue
            node = leaf.get(index) if block is None and index not in html else None
            for m in _TABS.finditer(line):
                at, stop = start + m.start(), start + m.end()
                fix = None
                if node is not None and self._replaceable(line, m.start(), m.end(), at, node, protected):
                    fix = Fix.safe(Edit(at, stop, " " * (width * (stop - at))))
                count = stop - at
                diags.append(
                    Diagnostic(
                        f"{count} hard tab{'s' if count != 1 else ''}" + ("" if fix else " (not fixed here)"),
                        at,
                        stop,
                        fix=fix,
                    )
                )
        yield from keep_page(doc, diags)

    @staticmethod
    def _replaceable(
        line: str, col: int, col_end: int, at: int, node: Node, protected: list[tuple[int, int]]
    ) -> bool:
        if col_end >= len(line) or line[col_end] in " \t":
            return False  # trailing, or followed by more whitespace
        before = line[:col]
        if not before.strip(" \t>") or before[-1] in " >":
            return False
        # the text before the tab must be inline content, not a list or quote marker
        line_start = at - col
        content_from = 0 if node.type == "heading" else max(0, node.start - line_start)
        words = before[content_from:].lstrip(" >")
        if not words:
            return False
        if re.fullmatch(r"(?:(?:[-*+]|[0-9]{1,9}[.)])[ ]*)+", words):
            return False
        return not any(a <= at < b for a, b in protected)
