"""LK006 unused-definition: a link or image reference definition no reference uses (markdownlint MD053).

## What it does
Reports reference definitions (`[label]: https://…`) whose label no link or image of
the file uses (full `[text][label]`, collapsed `[label][]` or shortcut `[label]`).
Option, as in markdownlint: `ignored-definitions` (default `["//"]`, the label of the
`[//]: # (comment)` idiom for comments). Only the first definition of a label is
considered; a second definition of the same label is a duplicate, reported by the
duplicate-definition rule, not here.

## Why is this bad?
An unused definition is dead weight: usually the leftover of a link that was edited
away, or a typo in the label of the reference that should use it.

## Example
```markdown
See [the docs][docs].

[docs]: https://example.com/docs
[old]: https://example.com/old
```
The `[old]: …` line is removed.

## Fix safety
Safe: definitions do not render, so removing one leaves the page as it was. mdtidy never
removes the last copy of a URL or of a word (an unused definition may be the only record
of a source, and its label may be a typo of the reference that should use it), so the
fix is only offered when the same URL is linked elsewhere in the file and every word of
the definition (label, title) also appears elsewhere in it; otherwise the finding is
reported for the author to decide. The fix
removes whole lines, and one following blank line where the definition stood between
blank lines. It is offered only for top-level definitions that are alone on their lines
and whose removal cannot join blocks: not after a list, block quote or indented code
(the following lines could then continue it), nor inside lists or block quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.inlinetext import label_key
from mdtidy.links.urls import url_key
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document, Node

_WORD = re.compile(r"\w+")

#: blocks after which removed lines cannot make the following text join the block
_CLOSED = ("paragraph", "heading", "thematic_break")


class UnusedDefinition(FileRule):
    code = "LK006"
    name = "unused-definition"
    aliases = ("MD053", "link-image-reference-definitions")
    summary = "A reference definition that no link or image uses"
    fixable = "sometimes"
    options = {"ignored-definitions": ["//"]}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        used = {label_key(link.label or "") for link in doc.links if link.kind == "reference"}
        ignored = {label_key(str(label)) for label in self.opts["ignored-definitions"]}
        seen: set[str] = set()
        unused = []
        for link in doc.links:
            if link.kind != "definition" or link.block is None:
                continue
            key = label_key(link.label or "")
            if key in seen:
                continue
            seen.add(key)
            if key not in used and key not in ignored:
                unused.append(link)
        if not unused:
            return
        # mdtidy never removes the last copy of a URL or of a word: fix only where the
        # URL stays linked and every word of the definition stays in the file
        dropped = {id(link) for link in unused}
        kept = {url_key(link.url) for link in doc.links if link.url and id(link) not in dropped}
        rest = list(doc.text)
        for link in unused:
            rest[link.start : link.end] = " " * (link.end - link.start)
        rest_words = set(_WORD.findall("".join(rest)))
        for link in unused:
            words = set(_WORD.findall(doc.text[link.start : link.end])) - {"http", "https"}
            lossless = url_key(link.url) in kept and words <= rest_words
            fix = self._fix(doc, link.block) if lossless else None
            yield Diagnostic(
                f'unused reference definition "{" ".join((link.label or "").split())}"',
                link.start,
                link.end,
                fix=fix,
            )

    def _fix(self, doc: Document, node: Node | None) -> Fix | None:
        if node is None or node.parent is not None:
            return None
        source = doc.source
        first, last = node.start_line - 1, node.end_line - 1
        line_start, _, _ = source.line_span(first)
        _, content_end, line_end = source.line_span(last)
        if doc.text[line_start : node.start].strip() or doc.text[node.end : content_end].strip():
            return None
        siblings = [n for n in doc.nodes if n.type not in ("blank_line", "definition")]
        before = [n for n in siblings if n.end_line < node.start_line]
        if before:
            prev = before[-1]
            fenced = prev.type == "block_code" and doc.text[prev.start : prev.start + 3] in ("```", "~~~")
            if prev.type not in _CLOSED and not fenced:
                return None
        blank = lambda i: 0 <= i < source.line_count() and not source.line(i).strip()  # noqa: E731
        fm_end = doc.front_matter.end_line - 1 if doc.front_matter is not None else -1
        prev_blank = first == 0 or blank(first - 1) or first - 1 == fm_end
        start, end = line_start, line_end
        at_end = all(blank(i) for i in range(last + 1, source.line_count()))
        if at_end and first > 0 and blank(first - 1) and first - 1 != fm_end:
            # the last thing in the file: take the blank lines before it too, so the
            # file does not end in a blank line (and keeps its missing final newline)
            above = first - 1
            while above > 0 and blank(above - 1) and above - 1 != fm_end:
                above -= 1
            if line_end == len(doc.text) and line_end == content_end and above > 0:
                start = source.line_span(above - 1)[1]
            else:
                start = source.line_starts[above]
        elif prev_blank and blank(last + 1):
            end = source.line_span(last + 1)[2]
        return Fix.safe(Edit.delete(start, end), message="remove the unused definition")
