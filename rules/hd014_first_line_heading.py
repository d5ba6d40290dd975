"""HD014 first-line-heading: the file does not begin with a top-level heading (markdownlint MD041).

## What it does
Reports the first block of the file (after the front matter, blank lines and HTML
comments) when it is not a heading of level `level` (default 1). As in markdownlint:

- a front matter that has a title (a line matching `front-matter-title`, by default
  `^\\s*title\\s*[:=]`) counts as the first heading and the rule stays silent; set
  `front-matter-title = ""` to ignore front matter titles;
- an HTML block starting with `<h1>` (the `level`, any case, attributes allowed) counts;
- with `allow-preamble = true` (markdownlint 0.37+) blocks before the first heading are
  allowed, and the first heading is reported when its level is not `level`.

An empty file (or one with only front matter) is not reported.

Off by default (markdownlint has it on): many sites take the page title from the
layout or a front-matter key other than `title`, and snippets included into other pages
start without one. Enable it with `select` or a markdownlint configuration.

Options: `level` (integer 1–6, default 1), `front-matter-title` (regular expression,
default `^\\s*title\\s*[:=]`), `allow-preamble` (boolean, default false).

## Why is this bad?
The first heading is the document's title: tools that build navigation, feeds and
previews take it from there, and readers expect it at the top.

## Example
A file starting with `## Usage` or with a paragraph is reported; start it with
`# Project name`.

## Fix safety
No fix: only the author knows the title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.headingkit import front_matter_has_title
from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document, Node

_COMMENTS = re.compile(r"\s*(?:<!--.*?-->\s*)+", re.DOTALL)


class FirstLineHeading(FileRule):
    code = "HD014"
    name = "first-line-heading"
    aliases = ("MD041", "first-line-heading", "first-line-h1")
    summary = "The file does not begin with a top-level heading (off by default)"
    default_enabled = False
    options = {"level": 1, "front-matter-title": r"^\s*title\s*[:=]", "allow-preamble": False}

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        from mdtidy.config import ConfigError

        level = self.opts["level"]
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 6:
            raise ConfigError(f"rule {self.code}: option 'level' must be a number from 1 to 6")
        pattern = self.opts["front-matter-title"]
        try:
            re.compile(str(pattern or ""))
        except re.error as exc:
            raise ConfigError(
                f"rule {self.code}: option 'front-matter-title' is not a regular expression: {exc}"
            ) from None
        if not isinstance(self.opts["allow-preamble"], bool):
            raise ConfigError(f"rule {self.code}: option 'allow-preamble' must be true or false")

    def _is_title(self, doc: Document, node: Node, level: int) -> bool:
        if node.type == "heading":
            return node.attrs.get("level") == level
        text = doc.text[node.start : node.end]
        return node.type == "block_html" and re.match(rf"\s*<h{level}[\s>/]", text, re.IGNORECASE) is not None

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        level = int(self.opts["level"])
        if front_matter_has_title(doc, str(self.opts["front-matter-title"] or "")):
            return
        preamble = bool(self.opts["allow-preamble"])
        for node in doc.nodes:
            if node.type == "blank_line":
                continue
            if node.type == "block_html" and _COMMENTS.fullmatch(doc.text[node.start : node.end]):
                continue
            if self._is_title(doc, node, level):
                return
            if preamble and node.type != "heading":
                continue
            what = f"a level {node.attrs.get('level')} heading" if node.type == "heading" else "no heading"
            message = f"the file starts with {what}, expected a level {level} heading"
            yield Diagnostic(message, node.start, node.end)
            return
