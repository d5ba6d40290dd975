"""LK001 reversed-link: `(text)[url]`, a link written with the brackets reversed (markdownlint MD011).

## What it does
Reports `(text)[destination]` in running text: round brackets followed directly by
square brackets, which looks like a link whose `[]` and `()` were swapped. Like
markdownlint, it skips Markdown Extra footnotes (`(text)[^1]`), text followed by `(`
(`(a)[b](c)`), and a part ending in a backslash; it also skips anything inside code
spans, code blocks, HTML, front matter, and any `[...]` that already is a link (a
defined shortcut reference `(see)[label]` renders as a link).

## Why is this bad?
Reversed links are not links: the reader sees the brackets and the raw URL.

## Example
```markdown
See (the docs)[https://example.com/docs].
```
becomes
```markdown
See [the docs](https://example.com/docs).
```

## Fix safety
Unsafe, and the fix changes the page on purpose: the text becomes a link. The author
may have meant the brackets literally (`(x)[i]` in a formula), so the fix is only
applied with `--unsafe-fixes`. It is not offered when the destination contains white
space or `<`/`>` (the swapped form would not be a link either).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.inlinetext import block_text, inline_blocks_with, links_in
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document

#: markdownlint's pattern: "(" text ")" "[" destination "]", not followed by "("
_REVERSED = re.compile(r"(^|[^\\])\(([^()]+)\)\[([^\]^][^\]]*)\](?!\()")


class ReversedLink(FileRule):
    code = "LK001"
    name = "reversed-link"
    aliases = ("MD011", "no-reversed-links")
    summary = "Reversed link syntax `(text)[url]`"
    fixable = "sometimes"
    changes_html = "turns (text)[url] into a link"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        for node in inline_blocks_with(doc, ")["):
            block = block_text(doc, node, mask_bare=False)
            for pos, line in block.lines():
                for m in _REVERSED.finditer(line):
                    text, dest = m.group(2), m.group(3)
                    if text.endswith("\\") or dest.endswith("\\") or "\x01" in m.group(0):
                        continue
                    s = pos + m.start() + len(m.group(1))
                    e = pos + m.end()
                    start, end = block.orig(s), block.orig(e - 1) + 1
                    if block.is_opaque(start, end) or any(
                        link.start < end and start < link.end
                        for link in links_in(doc, node)
                        if link.kind != "bare"
                    ):
                        continue
                    fix = None
                    if not re.search(r"[\s<>]", dest):
                        fix = Fix.unsafe(Edit(start, end, f"[{text}]({dest})"), message="swap the brackets")
                    yield Diagnostic(
                        f"reversed link syntax; did you mean [{text}]({dest})?", start, end, fix=fix
                    )
