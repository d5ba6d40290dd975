"""LK007 no-alt-text: an image without alternate text (markdownlint MD045).

## What it does
Reports Markdown images whose text is empty (`![](photo.jpg)`, `![][ref]`) and HTML
`<img>` tags without an `alt` attribute, in inline HTML and in HTML blocks alike. As in
markdownlint:

- `alt=""` counts as alternate text (the way to mark a decorative image), a bare `alt`
  without a value does not;
- an `<img>` with `aria-hidden="true"` (any case) is hidden from assistive technology
  and is not reported;
- `![ ](photo.jpg)` (only white space) is not reported: its text is not empty.

Images inside code spans, code blocks, HTML comments and front matter are not images
and are not seen. Images nested in a link's text (`[![](badge.svg)](url)`) are checked.
A finding stands on the image (or the `<img` tag), on the line where it starts.

## Why is this bad?
Alternate text is what a screen reader reads out and what a browser shows when the
image does not load; without it the image is a hole in the page.

## Example
```markdown
![](architecture.png)
<img src="logo.png">
```
Write `![The three services and their queues](architecture.png)` and
`<img src="logo.png" alt="Company logo">`.

## Fix safety
No fix: only the author knows what the image shows.

## Differences from markdownlint
On the three corpora (`bench/mdl_agreement.py`) mdtidy reports exactly markdownlint's
lines. Known differences, not met there:

- markdownlint finds `alt` with a regular expression over the whole tag, so text such
  as `title="no alt=here"` counts as an `alt` attribute for it; mdtidy reads the
  attributes (an `alt=` inside another attribute's value is not `alt`).
- markdownlint re-parses an HTML block as Markdown to find its tags, so an `<img>`
  written inside a code span in an HTML block (`<div>` … `` `<img src=x>` ``) is code for
  it and not reported; mdtidy reads the HTML block as HTML and reports it.
- Constructs mistune and CommonMark read differently (see the parser notes) can make an
  image one of them sees and the other does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.htmlkit import document_tags
from mdtidy.kit.inlinetext import link_text_span
from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document


class NoAltText(FileRule):
    code = "LK007"
    name = "no-alt-text"
    aliases = ("MD045", "no-alt-text")
    summary = "Image without alternate text"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        found = []
        for link in doc.links:
            if not link.image or link.kind not in ("inline", "reference"):
                continue
            inner = link_text_span(doc, link)
            if inner is not None and inner[0] == inner[1]:
                found.append(Diagnostic("image without alternate text", link.start, link.end))
        for tag in document_tags(doc):
            if tag.name != "img" or tag.closing:
                continue
            alt = tag.attr("alt")
            hidden = tag.attr("aria-hidden")
            if alt is not None and alt.value is not None:
                continue
            if hidden is not None and (hidden.value or "").strip().lower() == "true":
                continue
            found.append(Diagnostic("<img> without an alt attribute", tag.start, tag.end))
        found.sort(key=lambda d: d.start)
        yield from found
