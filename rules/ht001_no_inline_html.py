"""HT001 no-inline-html: raw HTML in Markdown (markdownlint MD033).

## What it does
Reports each HTML start tag (`<div>`, `<br/>`, `<img …>`) written in the document, in
HTML blocks and inline alike, at the column of its `<`, unless the element is listed in
`allowed-elements`. End tags are not reported (their start tag already is), nor are
comments, declarations, autolinks (`<https://…>`) or tags inside code spans, code
blocks, front matter and opaque regions (math, templating). Inside a GFM table the list
`table-allowed-elements` is used instead, when it is set (as in markdownlint 0.3x; unset,
tables use `allowed-elements`). Element names compare case-insensitively.

Options: `allowed-elements` (list of element names, default `[]`),
`table-allowed-elements` (list, default unset).

## Why is this bad?
Raw HTML ties the document to one renderer: other tools (PDF export, feed readers,
Markdown-to-anything converters) drop or mangle it, and it is harder to read as text.

## Example
`Press <kbd>Ctrl</kbd> to <b>stop</b>.` is reported twice; with
`allowed-elements = ["kbd"]` only `<b>` is, and `**stop**` says the same in Markdown.

## Fix safety
No fix: what Markdown (if any) should replace a tag is the author's choice.

## Differences from markdownlint
On the three corpora with `--flavor gfm` (`bench/mdl_agreement.py`) mdtidy reports all
1253 of markdownlint's lines and one more. markdownlint re-parses an HTML block as
Markdown to find its tags, so what Markdown would read differently there is not a tag
for it; mdtidy reads the HTML block as HTML, as a browser does, and reports it:

- a tag written in a code span inside an HTML block;
- a start tag whose `>` begins a later line (the one extra line, in mkdocs-material):

  ```html
  <div>
    <select
      class="menu"
    >
  </div>
  ```

  For markdownlint's re-parse that `>` starts a block quote, which cuts the tag short.

With a site's own flavor (`--flavor mkdocs`, detected from `mkdocs.yml`) the indented
bodies of content tabs and admonitions (under `=== "Tab"`, `!!! note`) are Markdown, so
their tags are reported; for markdownlint such a body is an indented code block (25
lines of mkdocs-material), and
the tab's title (`=== "Slower <small>smaller</small>"`) is text it reports and mdtidy
skips (2 lines). Constructs mistune and CommonMark read differently can make a tag one
of them sees as HTML and the other as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.htmlkit import document_tags
from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document


def _names(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset(str(v).lower() for v in value)


class NoInlineHtml(FileRule):
    code = "HT001"
    name = "no-inline-html"
    aliases = ("MD033", "no-inline-html")
    summary = "Inline HTML"
    options = {"allowed-elements": [], "table-allowed-elements": None}

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        from mdtidy.config import ConfigError

        for key in ("allowed-elements", "table-allowed-elements"):
            value = self.opts[key]
            if value is None and key == "table-allowed-elements":
                continue
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"rule {self.code}: option '{key}' must be a list of element names")

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        allowed = _names(self.opts["allowed-elements"]) or frozenset()
        in_tables = _names(self.opts["table-allowed-elements"])
        tables = [(n.start, n.end) for n in doc.nodes_of("table")] if in_tables is not None else []
        for tag in document_tags(doc):
            if tag.closing:
                continue
            names = allowed
            if tables and any(s <= tag.start < e for s, e in tables):
                names = in_tables or frozenset()
            if tag.name in names:
                continue
            yield Diagnostic(f"inline HTML element <{tag.name}>", tag.start, tag.end)
