"""LK005 undefined-reference: a reference link or image whose label is not defined (markdownlint MD052).

## What it does
Reports full `[text][label]` and collapsed `[label][]` references (links and images)
whose label has no reference definition in the file. Labels are compared as CommonMark
does: case-insensitively, runs of white space as one space. Options, as in markdownlint:
`shortcut-syntax` (default `false`): also report shortcut references `[label]`, which are
ambiguous (`[sic]` may just be text in brackets); `ignored-labels` (default `["x"]`, so
task-list boxes `[x]` are never reported).

Nothing inside code spans, code blocks, HTML, autolinks or front matter is looked at.
Brackets nested inside the text (`[![img](i)][label]`) are not analysed.

## Why is this bad?
With no definition the reference is not a link at all: the page shows the brackets and
the label as plain text.

## Example
```markdown
See [the docs][docs].

[doc]: https://example.com/docs
```
Add the definition `[docs]: …` or fix the label.

## Fix safety
No fix: only the author knows the destination.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.inlinetext import block_text, inline_blocks_with, label_key, links_in
from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document

_PART = r"\[((?:[^\[\]\\\x01]|\\.)*)\]"
_FULL = re.compile(r"(?<![\\\]])(!?)" + _PART + _PART)
_SHORTCUT = re.compile(r"(?<![\\\]])(!?)" + _PART + r"(?![\[(:])")


class UndefinedReference(FileRule):
    code = "LK005"
    name = "undefined-reference"
    aliases = ("MD052", "reference-links-images")
    summary = "A reference link or image whose label is not defined"
    options = {"shortcut-syntax": False, "ignored-labels": ["x"]}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        defined = {label_key(link.label or "") for link in doc.links if link.kind == "definition"}
        ignored = {label_key(str(label)) for label in self.opts["ignored-labels"]}
        shortcut = bool(self.opts["shortcut-syntax"])
        # a full or collapsed reference has "][", a shortcut at least a "["
        for node in inline_blocks_with(doc, "[" if shortcut else "]["):
            block = block_text(doc, node)
            seen: list[tuple[int, int]] = []
            for m in _FULL.finditer(block.text):
                label = m.group(3) or m.group(2)
                found = self._finding(doc, block, m.start(), m.end(), label, defined, ignored)
                if found is not None:
                    yield found
                seen.append((m.start(), m.end()))
            if not shortcut:
                continue
            for m in _SHORTCUT.finditer(block.text):
                if any(s <= m.start() < e for s, e in seen):
                    continue
                found = self._finding(doc, block, m.start(), m.end(), m.group(2), defined, ignored)
                if found is not None:
                    yield found

    def _finding(
        self,
        doc: Document,
        block: Any,
        s: int,
        e: int,
        label: str,
        defined: set[str],
        ignored: set[str],
    ) -> Diagnostic | None:
        key = label_key(label)
        if not key or key in defined or key in ignored:
            return None
        start, end = block.orig(s), block.orig(e - 1) + 1
        if block.is_opaque(start, end):
            return None
        if any(link.start <= start < link.end for link in links_in(doc, block.node)):
            return None
        return Diagnostic(f'no reference definition for the label "{" ".join(label.split())}"', start, end)
