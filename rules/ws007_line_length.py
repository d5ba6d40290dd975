"""WS007 line-length: a line longer than the limit (markdownlint MD013).

## What it does
Reports a line whose display width is over `line-length` (default 80) at the column
where it crosses the limit. A wide East Asian character (CJK, full-width forms) counts
two columns, as a terminal shows it; markdownlint counts one per character, so on CJK
text mdtidy reports more (a deliberate choice: the limit is about what fits on a
screen).

Options (markdownlint's names and defaults):
- `line-length` (80); `heading-line-length` and `code-block-line-length` (unset: the
  value of `line-length`, as in markdownlint);
- `code-blocks`, `tables`, `headings` (all `true`): `false` skips those lines;
- `strict` (`false`): by default the last word of a line may cross the limit when it
  starts within it (a long URL or word cannot be wrapped), and a line that is only a
  link or image (inline, reference, autolink or bare URL; in a list item or block
  quote, emphasised or not) is allowed; `strict` reports every line over the limit.

Never reported: front matter and link reference definitions. Opaque regions (math,
templating) are skipped like everywhere: a line that crosses the limit inside inline
math (`$$\frac{a}{b}$$`) is reported just after it, a line whose rest is opaque (a line
of a display-math block) is not.

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

## Differences from markdownlint
On the three corpora with `--flavor gfm` (`bench/mdl_agreement.py`, default options)
mdtidy reports 974 of markdownlint's 978 lines on jekyll-karpathy and all of them on
hugo-docs (1329) and mkdocs-material (401); 28 lines only mdtidy reports. What differs:

- Lines of a display-math block (`$$` … `$$`, `\begin{align}`) are opaque to mdtidy and
  not reported; markdownlint reports them (the 4 lines jekyll-karpathy misses).
- markdownlint skips every line of a footnote definition (`[^1]: A long note …` and its
  indented paragraphs), as if it were a link reference definition; a footnote is prose,
  and mdtidy reports it.
- markdownlint skips a line that holds a link but no text directly in a paragraph,
  meaning "a line that is only a link", but that also skips a table row with a link
  (`| a | See [the docs](x.md) and more words … |`) and a line of bold or italic text
  with a link in it (`**Read [the post](x.md), which says …**`); mdtidy skips a line only
  when it is nothing but one link or image (emphasised or not, in a list item or
  block quote).
- A wide East Asian character counts two columns (see above).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, FileRule
from mdtidy.parsing.parse import Document

#: container markers (block quote, list item) at the start of a line
_CONTAINERS = re.compile(r"^(?:[ \t]*(?:>|[-*+]|\d+[.)])(?=[ \t]|$))*[ \t]*")
#: the last run of non-white-space of a line, which may cross the limit (not ``strict``)
_LAST_WORD = re.compile(r"\S*$")


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
        "heading-line-length": None,  # None: line-length
        "code-block-line-length": None,  # None: line-length
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

    @staticmethod
    def _link_only(doc: Document) -> set[int]:
        """1-based lines holding nothing but one link or image (inline, reference, autolink,
        bare URL), maybe in a list item or block quote and emphasised: nothing to wrap."""
        lines: set[int] = set()
        for link in doc.links:
            if link.kind == "definition" or link.start is None:
                continue
            line = doc.source.position(link.start)[0]
            if doc.source.position(max(link.start, link.end - 1))[0] != line:
                continue
            start, end, _ = doc.source.line_span(line - 1)
            text = doc.text[start:end]
            before = text[: link.start - start]
            after = text[link.end - start :]
            if not _CONTAINERS.sub("", before).strip("*_ \t") and not after.strip("*_ \t"):
                lines.add(line)
        return lines

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        opts = self.opts
        kinds = self._kinds(doc)
        link_only: set[int] | None = None
        default = int(opts["line-length"])
        code_limit = opts["code-block-line-length"]
        heading_limit = opts["heading-line-length"]
        limits = {
            "code": (int(code_limit or default)) if opts["code-blocks"] else None,
            "heading": int(heading_limit or default) if opts["headings"] else None,
            "table": default if opts["tables"] else None,
            "skip": None,
        }
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
            if not opts["strict"]:
                # the last word may cross the limit when it starts within it (markdownlint's
                # rule: a word that starts past the limit could go on the next line)
                last = _LAST_WORD.search(text)
                if last is not None and sum(_width(c) for c in text[: last.start()]) < limit:
                    continue
                if link_only is None:
                    link_only = self._link_only(doc)
                if index + 1 in link_only:
                    continue  # only a link: nothing to wrap
            at = start + cross
            region = doc.opaque_at(at) if doc.opaque else None
            while region is not None and region.end < end:
                at = region.end  # past inline math or templating, still on this line
                region = doc.opaque_at(at)
            if region is not None:
                continue  # the rest of the line is opaque (a math block, a template)
            total = sum(_width(c) for c in text)
            yield Diagnostic(f"line is {total} columns long; the limit is {limit}", at, end)
