"""CD003 code-block-style: indented and fenced code blocks mixed (markdownlint MD046).

## What it does
Reports a code block whose style (fenced or indented) is not the expected one.

Options (markdownlint's defaults):

- `style` (default `consistent`): `consistent` (every code block like the document's
  first one), `fenced` or `indented`.

## Why is this bad?
One style reads more evenly; fenced blocks can also name their language.

## Example
````markdown
    indented code

```sh
fenced code
```
````

The fenced block is reported: the first code block is indented.

## Fix safety
No fix: turning an indented block into a fenced one (or back) is easy to get subtly
wrong inside lists and block quotes, and a fence needs a language that only the author
knows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document


class CodeBlockStyle(FileRule):
    code = "CD003"
    name = "code-block-style"
    aliases = ("MD046", "code-block-style")
    summary = "Code block style (fenced or indented) differs from the expected one"
    options = {"style": "consistent"}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        expected = str(self.opts["style"])
        for node in doc.nodes_of("block_code"):
            style = "fenced" if node.attrs.get("style") == "fenced" else "indented"
            if expected == "consistent":
                expected = style
            if style != expected:
                yield Diagnostic(f"{style} code block (expected {expected})", node.start, node.start)
