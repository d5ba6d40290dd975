"""EM002 emphasis-style: emphasis written with `*` in one place and `_` in another (markdownlint MD049).

## What it does
Checks that emphasis (italics) uses one delimiter throughout a file. Option `style`, as
in markdownlint: `"consistent"` (default: the first emphasis of the file decides),
`"asterisk"` (`*text*`) or `"underscore"` (`_text_`). Strong emphasis is EM003's.
As in markdownlint, emphasis inside a word (`un*frigging*believable`) is not reported
when the style is `underscore`: `_` does not make emphasis inside a word.

Delimiters are located with CommonMark's emphasis algorithm. A block where that
algorithm, its cmark-gfm variant and mistune do not find the same emphasis is skipped,
as is one with a strong emphasis directly inside another (cmark-gfm merges the two,
mistune nests them).

## Why is this bad?
Mixed delimiters make the source harder to read and to search; one style is easier to
keep consistent across posts.

## Example
```markdown
Some *emphasis* and some _more_.
```
becomes
```markdown
Some *emphasis* and some *more*.
```

## Fix safety
Safe: both delimiters of the emphasis are swapped, and the fix is offered only where the
page stays the same: the block's emphasis must come out identical under CommonMark's
rules (cmark-gfm's and CommonMark 0.31's) and the document must render the same under
mistune. A `*` is never turned into `_` inside a word.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.emphasis import style_findings
from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document


class EmphasisStyle(FileRule):
    code = "EM002"
    name = "emphasis-style"
    aliases = ("MD049", "emphasis-style")
    summary = "Emphasis delimiters (`*` or `_`) not consistent"
    fixable = "sometimes"
    options = {"style": "consistent"}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        style = str(self.opts["style"])
        if style not in ("consistent", "asterisk", "underscore"):
            style = "consistent"
        yield from sorted(style_findings(doc, 1, style, "emphasis"), key=lambda d: d.start)
