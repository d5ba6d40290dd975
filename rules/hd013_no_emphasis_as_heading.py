"""HD013 no-emphasis-as-heading: emphasis used instead of a heading (markdownlint MD036).

## What it does
Reports a paragraph that is nothing but one emphasised or strong phrase on a single line
(`**Installation**`, `_Notes_`), like markdownlint: a line that looks like a heading
but is not one. As in markdownlint, only top-level paragraphs are looked at (not those
in list items or block quotes), the phrase must be plain text (no link, code span or
nested emphasis inside), and a phrase that ends with one of the characters of
`punctuation` is a sentence, not a title, and is not reported.

Options: `punctuation` (string, default `.,;:!?。，；：！？`).

## Why is this bad?
Emphasis only looks like a heading: it is not in the outline, gets no anchor, is skipped
by screen-reader navigation and by tables of contents.

## Example
```markdown
**Installation**

Run the installer.
```
Write `## Installation` instead.

## Differences from markdownlint
Inline HTML beside the phrase does not count, as in markdownlint: `*"Will you come?"*<br>`
is reported. markdownlint wants the phrase to be a single text token of its parser
(micromark), so it skips a phrase holding brackets (`*hello [2] world*`, an unresolved
reference) or a character reference (`*Tom &amp; Jerry*`): an accident of tokenizing,
not a rule, so mdtidy reports these (on the corpora, one long emphasised quotation in
jekyll-karpathy, with a `[2]` in it). On the three corpora (`bench/mdl_agreement.py`)
mdtidy reports all of markdownlint's 20 lines, and that one more.

## Fix safety
No fix: the heading level (and whether a heading is meant at all) is the author's call.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document


class NoEmphasisAsHeading(FileRule):
    code = "HD013"
    name = "no-emphasis-as-heading"
    aliases = ("MD036", "no-emphasis-as-heading")
    summary = "Emphasis used instead of a heading"
    options = {"punctuation": ".,;:!?。，；：！？"}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        punctuation = str(self.opts["punctuation"] or "")
        for node in doc.nodes:
            if node.type != "paragraph" or node.start_line != node.end_line:
                continue
            # as in markdownlint, inline HTML and white space beside the phrase do not count:
            # `*Title*<br>` still stands alone on its line
            inlines = [
                i
                for i in node.inlines
                if i.type != "inline_html" and not (i.type == "text" and not (i.raw or "").strip())
            ]
            if len(inlines) != 1 or inlines[0].type not in ("emphasis", "strong"):
                continue
            children = inlines[0].children
            if len(children) != 1 or children[0].type != "text":
                continue
            phrase = (children[0].raw or "").strip()
            if not phrase or (punctuation and phrase[-1] in punctuation):
                continue
            yield Diagnostic(f"emphasis used instead of a heading: '{phrase}'", node.start, node.end)
