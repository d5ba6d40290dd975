"""LK009 descriptive-link-text: a link whose text says nothing, such as "click here" (markdownlint MD059).

## What it does
Reports links whose text is one of `prohibited-texts` (default: `click here`, `here`,
`link`, `more`). Texts are compared as markdownlint compares them: every run of
punctuation, symbols, `_` and white space becomes one space, then both sides are lower
cased and trimmed, so `[Click here!](…)`, `[*here*](…)` and `[more…](…)` match.

Inline links and full, collapsed and shortcut reference links are checked (in
paragraphs, headings, list items and table cells); images, autolinks, bare URLs and
HTML `<a>` links are not. A link whose text holds a code span or inline HTML
(`` [`here`](…) ``) is not reported: it names something. Links inside code spans, code
blocks, HTML and front matter are not links and are not seen. The finding stands on
the link text.

Options: `prohibited-texts` (list of strings, default `["click here", "here", "link",
"more"]`; an empty list turns the rule off). For other languages list their phrases
(`["hier", "mehr", "这里"]`).

## Why is this bad?
Screen readers let their users jump from link to link, reading out only the link text:
a page of "here" and "more" links says nothing about where they go. Search engines read
link text the same way.

## Example
```markdown
For the details, [click here](https://example.com/spec).
```
Write `Read [the specification](https://example.com/spec) for the details.`

## Fix safety
No fix: only the author can say what the link is about.

## Differences from markdownlint
On the three corpora (`bench/mdl_agreement.py`) mdtidy reports exactly markdownlint's
lines. Known differences, not met there:

- markdownlint's `\\W` is ASCII-only, so it drops every non-ASCII letter before comparing:
  `[café](…)` is compared as `caf`, and a non-English prohibited text such as `这里`
  becomes empty (and then matches every link whose text has no ASCII letter or digit).
  mdtidy keeps letters and digits of every script, so prohibited texts work in any
  language.
- markdownlint looks for a code span or HTML only among the direct children of the text;
  mdtidy does the same (`` [*`here`*](…) `` is reported by both).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.inlinetext import link_text_span
from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document, Inline

DEFAULT_TEXTS = ["click here", "here", "link", "more"]

_NOT_WORD = re.compile(r"[\W_]+")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Punctuation, symbols and white space as one space; lower case; trimmed (markdownlint's)."""
    return _SPACE.sub(" ", _NOT_WORD.sub(" ", text)).lower().strip()


def link_inlines(doc: Document) -> dict[tuple[int, int], Inline]:
    """Every positioned link and image inline of the document, by its span."""
    found: dict[tuple[int, int], Inline] = {}
    for _node, item in doc.inlines_of("link", "image"):
        if item.start is not None and item.end is not None:
            found[(item.start, item.end)] = item
    return found


class DescriptiveLinkText(FileRule):
    code = "LK009"
    name = "descriptive-link-text"
    aliases = ("MD059", "descriptive-link-text")
    summary = "Link text that does not describe the link (click here, more, …)"
    options = {"prohibited-texts": DEFAULT_TEXTS}

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        from mdtidy.config import ConfigError

        texts = self.opts["prohibited-texts"]
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise ConfigError(f"rule {self.code}: option 'prohibited-texts' must be a list of strings")
        self.prohibited = {normalise(t) for t in texts}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        if not self.prohibited:
            return
        inlines = link_inlines(doc)
        for link in doc.links:
            if link.image or link.kind not in ("inline", "reference"):
                continue
            item = inlines.get((link.start, link.end))
            if item is None or any(c.type in ("codespan", "inline_html") for c in item.children):
                continue
            span = link_text_span(doc, link)
            if span is None:
                continue
            text = doc.text[span[0] : span[1]]
            if normalise(text) in self.prohibited:
                shown = " ".join(text.split())
                yield Diagnostic(f'link text "{shown}" does not describe the link', span[0], span[1])
