"""HD003 heading-style: headings should all be written in one style (markdownlint MD003).

## What it does
Checks how each heading is written: `atx` (`# Heading`), `atx_closed` (`# Heading #`) or
`setext` (`Heading` underlined with `===` or `---`). The option `style` takes
markdownlint's values:

- `consistent` (default): every heading uses the style of the first heading;
- `atx`, `atx_closed`, `setext`: every heading uses that style;
- `setext_with_atx`, `setext_with_atx_closed`: levels 1 and 2 use setext, levels 3 to 6
  (which setext cannot write) use ATX, respectively closed ATX.

As in markdownlint, with `consistent` a document that opens with a setext heading must
write its level-3+ headings as setext too, which is impossible: use `setext_with_atx`
for such documents. Headings inside code blocks, HTML blocks and front matter are not
headings and are not looked at.

Options: `style` (string, default `consistent`).

## Why is this bad?
Mixed heading styles make the source harder to read and to search; one style is easier
for every contributor and every tool.

## Example
```markdown
# ATX heading

Setext heading
--------------
```
The setext heading is reported (expected `atx`, the style of the first heading) and,
with `--fix`, becomes `## Setext heading`.

## Fix safety
markdownlint has no fix. mdtidy fixes only the conversions that provably keep the page:

- setext to ATX (or closed ATX) for a heading whose text is one line that does not end
  with `#` or `\\`: the text moves behind `#`/`##` and the underline is deleted;
- closed ATX to ATX: the closing `#` run is deleted, unless the text would then end with
  a new closing sequence;
- ATX to closed ATX: a closing run as long as the opening one is added, unless the text
  ends with `#` or `\\`.

ATX to setext is reported without a fix: the heading text would become paragraph text,
which changes meaning when it starts with a list marker, `>` or `#`, or when a paragraph
line is right above. All fixes are safe.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.headingkit import Heading, headings
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document

STYLES = ("consistent", "atx", "atx_closed", "setext", "setext_with_atx", "setext_with_atx_closed")


def expected_style(style: str, heading: Heading) -> str | None:
    """The style ``heading`` should have under the (resolved) option ``style``; None = fine."""
    low = heading.level <= 2
    if style == "setext_with_atx":
        want = "setext" if low else "atx"
    elif style == "setext_with_atx_closed":
        want = "setext" if low else "atx_closed"
    else:
        want = style
    return None if heading.style == want else want


class HeadingStyle(FileRule):
    code = "HD003"
    name = "heading-style"
    aliases = ("MD003", "heading-style")
    summary = "Headings should use one style (atx, atx_closed or setext)"
    fixable = "sometimes"
    options = {"style": "consistent"}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        style = str(self.opts["style"]).replace("-", "_")
        if style not in STYLES:
            style = "consistent"
        for heading in headings(doc):
            if style == "consistent":
                style = heading.style
            want = expected_style(style, heading)
            if want is None:
                continue
            end = doc.source.line_span(heading.line)[1]
            yield Diagnostic(
                f"heading style should be {want}, found {heading.style}",
                heading.start,
                end,
                fix=self._fix(doc, heading, want),
            )

    def _fix(self, doc: Document, heading: Heading, want: str) -> Fix | None:
        text = doc.text
        body = text[heading.text_start : heading.text_end]
        if not body or body.endswith(("#", "\\")):
            return None
        hashes = "#" * heading.level
        if heading.style == "setext" and want in ("atx", "atx_closed"):
            assert heading.underline is not None
            if heading.underline != heading.line + 1:
                return None  # several text lines: ATX cannot hold them
            closing = f" {hashes}" if want == "atx_closed" else ""
            underline_end = doc.source.line_span(heading.underline)[1]
            # "Title\n> ===" -> "# Title": the text line gets the marker, the underline goes
            return Fix.safe(
                Edit(heading.text_start, underline_end, f"{hashes} {body}{closing}"),
                message=f"rewrite as {want}",
            )
        if heading.style == "atx_closed" and want == "atx":
            return Fix.safe(Edit.delete(heading.text_end, heading.close_end), message="remove the closing #s")
        if heading.style == "atx" and want == "atx_closed":
            return Fix.safe(Edit.insert(heading.text_end, f" {hashes}"), message="add closing #s")
        return None
