"""CD005 space-in-code-span: a code span with needless spaces inside its backticks (markdownlint MD038).

## What it does
Reports code spans whose text starts or ends with white space that is not CommonMark's
padding: `` `some text ` ``, `` ` some text` ``, `` `  some text  ` ``. CommonMark strips
exactly one space from both ends when both ends have one, so `` ` a ` `` renders `a`
and is allowed, as is the padding that lets a span start or end with a backtick
(`` `` `x` `` ``), and a span that is only spaces. Like markdownlint, a space next to a
backtick inside the span (`` ``  `x` `` ``) is allowed. Spans that cross a line break,
and spans mistune reads differently from CommonMark, are not reported.

## Why is this bad?
The spaces are usually accidental, and they are part of the code on the page: the
shaded box starts or ends with a blank.

## Example
```markdown
Run ` make test` first.
```
becomes
```markdown
Run `make test` first.
```

## Fix safety
Unsafe, and the fix changes the page on purpose: the spaces are part of the code text
that mistune and cmark-gfm render (`<code> make test</code>`), so removing them changes
the rendered code. Every case this rule reports is such a case (the one page-preserving
case, one space on both sides, is padding and not reported), so the fix is applied only
with `--unsafe-fixes`. Where a backtick would end up next to the delimiters, one space
is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document, Inline

_LEFT = re.compile(r"^\s(?:[^`]|$)")
_RIGHT = re.compile(r"[^`]\s$")


def _trim(text: str) -> str:
    """markdownlint's trim: drop outer white space, keep one space next to a backtick."""
    text = re.sub(r"^\s+?(\s`|\S)", r"\1", text)
    return re.sub(r"(`\s|\S)\s+$", r"\1", text)


def _codespans(items: list[Inline]) -> Iterator[Inline]:
    for item in items:
        if item.type == "codespan":
            yield item
        yield from _codespans(item.children)


class SpaceInCodeSpan(FileRule):
    code = "CD005"
    name = "space-in-code-span"
    aliases = ("MD038", "no-space-in-code")
    summary = "Spaces just inside the backticks of a code span"
    fixable = "always"
    changes_html = "removes spaces at the edges of code-span text"
    protected_kinds = frozenset({"code-span"})  # its fix edits code-span text, on purpose

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        for node in doc.walk():
            for item in _codespans(node.inlines):
                if item.start is None or item.end is None:
                    continue
                span = doc.text[item.start : item.end]
                ticks = len(span) - len(span.lstrip("`"))
                if ticks == 0 or "\n" in span or "\r" in span or not span.endswith("`" * ticks):
                    continue
                content = span[ticks:-ticks]
                if not content.strip(" "):
                    continue
                data = content
                if len(content) >= 2 and content[0] == " " and content[-1] == " ":
                    data = content[1:-1]  # CommonMark's padding
                if item.raw is not None and item.raw != data:
                    continue  # mistune reads this span differently
                left, right = bool(_LEFT.search(data)), bool(_RIGHT.search(data))
                if not left and not right:
                    continue
                trimmed = _trim(data)
                if trimmed.startswith("`") or trimmed.endswith("`"):
                    trimmed = f" {trimmed} "
                where = " and ".join(w for w, on in (("leading", left), ("trailing", right)) if on)
                a, b = item.start + ticks, item.end - ticks
                yield Diagnostic(
                    f"{where} space inside code span",
                    item.start,
                    item.end,
                    fix=Fix.unsafe(Edit(a, b, trimmed), message="remove the spaces"),
                )
