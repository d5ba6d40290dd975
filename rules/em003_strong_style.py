"""EM003 strong-style: bold written with `**` in one place and `__` in another (markdownlint MD050).

## What it does
Checks that strong emphasis (bold) uses one delimiter throughout a file. Option
`style`, as in markdownlint: `"consistent"` (default: the first strong emphasis of the
file decides), `"asterisk"` (`**text**`) or `"underscore"` (`__text__`). As in
markdownlint, strong emphasis inside a word (`a**b**c`) is not reported when the style
is `underscore`: `__` does not make emphasis inside a word.

Delimiters are located with CommonMark's emphasis algorithm. A block where that
algorithm, its cmark-gfm variant and mistune do not find the same emphasis is skipped,
as is one with a strong emphasis directly inside another (cmark-gfm merges the two,
mistune nests them).

## Why is this bad?
Mixed delimiters make the source harder to read and to search; one style is easier to
keep consistent across posts.

## Example
```markdown
Some **bold** and some __more__.
```
becomes
```markdown
Some **bold** and some **more**.
```

## Fix safety
Safe: both delimiters are swapped, and the fix is offered only where the page stays the
same: the block's emphasis must come out identical under CommonMark's rules (cmark-gfm's
and CommonMark 0.31's) and the document must render the same under mistune. `**` is
never turned into `__` inside a word.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.emphasis import style_findings
from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document


class StrongStyle(FileRule):
    code = "EM003"
    name = "strong-style"
    aliases = ("MD050", "strong-style")
    summary = "Strong emphasis delimiters (`**` or `__`) not consistent"
    fixable = "sometimes"
    options = {"style": "consistent"}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        style = str(self.opts["style"])
        if style not in ("consistent", "asterisk", "underscore"):
            style = "consistent"
        yield from sorted(style_findings(doc, 2, style, "strong emphasis"), key=lambda d: d.start)
