"""CD004 code-fence-style: backtick and tilde fences mixed (markdownlint MD048).

## What it does
Reports a fenced code block whose fence character (```` ` ```` or `~`) is not the
expected one.

Options (markdownlint's defaults):

- `style` (default `consistent`): `consistent` (every fence like the document's first
  one), `backtick` or `tilde`.

## Why is this bad?
One fence style reads more evenly and is easier to search for.

## Example
````markdown
```ruby
# Fenced code
```

~~~ruby
# Fenced code
~~~
````

The second block's fences become ```` ``` ````.

## Fix safety
Safe: both fences are rewritten with the other character, same length. The fix is only
offered when the result is the same code block: the block must be closed, no line of its
content may look like a fence of the new character (it would close the block early), and
a backtick fence's info string may not contain a backtick (GFM would not read it as a
fence).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.rulekit import content_start
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document, Node

_FENCE = re.compile(r"`{3,}|~{3,}")
_CHAR = {"backtick": "`", "tilde": "~"}
_NAME = {"`": "backtick", "~": "tilde"}


def _swap(doc: Document, node: Node, new: str) -> Fix | None:
    """Both fences rewritten with ``new``, or None when that could change the page."""
    text = doc.text
    opening = _FENCE.match(text, node.start)
    if opening is None:
        return None
    info = text[opening.end() : doc.source.line_span(node.start_line - 1)[1]]
    if new == "`" and "`" in info:
        return None
    if any(line.lstrip().startswith(new * 3) for line in (node.raw or "").split("\n")):
        return None
    if node.end_line == node.start_line:
        return None
    last = node.end_line - 1
    at = content_start(doc, node, last)
    closing = re.compile(rf"{re.escape(opening.group()[0])}{{{len(opening.group())},}}[ \t]*").fullmatch(
        text, at, doc.source.line_span(last)[1]
    )
    if closing is None:
        return None
    close_len = len(closing.group().rstrip(" \t"))
    return Fix.safe(
        Edit(opening.start(), opening.end(), new * len(opening.group())),
        Edit(at, at + close_len, new * close_len),
    )


class CodeFenceStyle(FileRule):
    code = "CD004"
    name = "code-fence-style"
    aliases = ("MD048", "code-fence-style")
    summary = "Code fence character (backtick or tilde) differs from the expected one"
    fixable = "sometimes"
    options = {"style": "consistent"}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        expected = _CHAR.get(str(self.opts["style"]), "")
        for node in doc.nodes_of("block_code"):
            if node.attrs.get("style") != "fenced":
                continue
            char = str(node.attrs.get("marker") or "`")[0]
            if not expected:
                expected = char
            if char != expected:
                yield Diagnostic(
                    f"{_NAME[char]} fence (expected {_NAME[expected]})",
                    node.start,
                    node.start + len(str(node.attrs.get("marker") or "")),
                    fix=_swap(doc, node, expected),
                )
