"""WS007 line-length: a line longer than the limit (markdownlint MD013).

## What it does
Reports a line whose display width is over `line-length` (default 80) at the column
where it crosses the limit. A wide East Asian character (CJK, full-width forms) counts
two columns, as a terminal shows it; markdownlint counts one per character, so on CJK
text mdtidy reports more (a deliberate choice: the limit is about what fits on a
screen).

Options (markdownlint's names and defaults):
- `line-length` (80), `heading-line-length` (80), `code-block-line-length` (80);
- `code-blocks`, `tables`, `headings` (all `true`): `false` skips those lines;
- `strict` (`false`): by default a line is only reported when there is white space
  after the limit, so a long URL or word that cannot be wrapped is allowed; `strict`
  reports every line over the limit.

Never reported: front matter, link reference definitions, and a line that is only a
link or image (nothing to wrap). Opaque regions (math, templating) are skipped like
everywhere.

**Off by default**: prose in Chinese or Japanese has no spaces to wrap at, and many blogs
write one paragraph per line on purpose. Turn it on with `--select WS007`.

```toml
[tool.mdtidy.rules.WS007]
line-length = 100
code-blocks = false
```

## Why is this bad?
Long lines are hard to read in a terminal or a diff, and a one-word edit shows as a
change of the whole paragraph.

## Example
With `line-length = 20`, `This line is a bit too long.` is reported at column 21.

## Fix safety
No fix: where to wrap is the author's choice (and rewrapping changes every diff).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document

#: a line that is only a link or an image (optionally in a list item or block quote)
_ONLY_LINK = re.compile(
    r"^(?:[ \t]*(?:>|[-*+]|\d+[.)]))*[ \t]*"  # container markers
    r"!?\[[^\]]*\]\([^)\s]*(?:\s+\"[^\"]*\")?\)[ \t]*$"  # [text](url "title")
)


def _width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


class LineLength(FileRule):
    code = "WS007"
    name = "line-length"
    aliases = ("MD013", "line-length")
    summary = "Line longer than the limit"
    default_enabled = False
    options = {
        "line-length": 80,
        "heading-line-length": 80,
        "code-block-line-length": 80,
        "code-blocks": True,
        "tables": True,
        "headings": True,
        "strict": False,
    }

    def _kinds(self, doc: Document) -> dict[int, str]:
        """1-based line → "code" | "heading" | "table" | "skip" for lines that are not prose."""
        kinds: dict[int, str] = {}
        for node in doc.walk():
            kind = {"block_code": "code", "heading": "heading", "table": "table"}.get(node.type)
            if kind is None or node.start_line is None:
                continue
            for line in range(node.start_line, node.end_line + 1):
                kinds.setdefault(line, kind)
        for link in doc.links:
            if link.kind == "definition" and link.start is not None:
                first = doc.source.position(link.start)[0]
                last = doc.source.position(max(link.start, link.end - 1))[0]
                for line in range(first, last + 1):
                    kinds[line] = "skip"
        fm = doc.front_matter
        if fm is not None:
            for line in range(fm.start_line, fm.end_line + 1):
                kinds[line] = "skip"
        return kinds

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        opts = self.opts
        kinds = self._kinds(doc)
        limits = {
            "code": int(opts["code-block-line-length"]) if opts["code-blocks"] else None,
            "heading": int(opts["heading-line-length"]) if opts["headings"] else None,
            "table": int(opts["line-length"]) if opts["tables"] else None,
            "skip": None,
        }
        default = int(opts["line-length"])
        for index in range(len(doc.source.line_starts)):
            start, end, _ = doc.source.line_span(index)
            text = doc.text[start:end]
            if len(text) * 2 <= default:
                continue  # cannot be over the limit even if every character is wide
            kind = kinds.get(index + 1)
            limit = limits[kind] if kind else default
            if limit is None:
                continue
            width = 0
            cross = None
            for offset, char in enumerate(text):
                width += _width(char)
                if width > limit:
                    cross = offset
                    break
            if cross is None:
                continue
            if not opts["strict"] and (not re.search(r"\s", text[cross:]) or _ONLY_LINK.match(text)):
                continue  # nothing to wrap at after the limit, or only a link
            total = sum(_width(c) for c in text)
            yield Diagnostic(f"line is {total} columns long; the limit is {limit}", start + cross, end)
