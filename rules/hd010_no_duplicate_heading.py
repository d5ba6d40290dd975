"""HD010 no-duplicate-heading: several headings with the same text (markdownlint MD024).

## What it does
Reports a heading whose text is the same as an earlier heading's, pointing to the first
one. With `siblings-only` (the default, see below) only headings with the same parent
are compared: `### Features` under `## 1.0.0` and again under `## 2.0.0` is fine (a
changelog), twice under `## 1.0.0` is not. With `siblings-only = false` every heading is
compared with every other, whatever the levels.

The text is compared as written in the source (markup included, closing `#`s and outer
blanks excluded, runs of blanks collapsed); case matters. Headings inside code blocks,
HTML blocks and front matter are not headings and are not looked at; headings in lists
and block quotes count, in document order.

Options: `siblings-only` (boolean, default **true**). markdownlint's default is `false`;
mdtidy follows issue 5 (and rumdl), since blog posts and changelogs repeat section names
under different parents all the time. Set it to `false` for markdownlint's behaviour.

## Why is this bad?
Sites derive each heading's anchor from its text: two equal headings get `#options` and
`#options-1`, links to the second break as soon as a section moves, and a table of
contents with the same entry twice does not help the reader.

## Example
```markdown
## Install

## Install
```
The second `## Install` is reported.

## Fix safety
No fix: which heading should be renamed, and to what, is for the author to decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mdtidy.kit.headingkit import Heading, headings
from mdtidy.model import Diagnostic, FileRule, Related
from mdtidy.parsing.parse import Document

_BLANKS = re.compile(r"\s+")


class NoDuplicateHeading(FileRule):
    code = "HD010"
    name = "no-duplicate-heading"
    aliases = ("MD024", "no-duplicate-heading")
    summary = "Several headings with the same text"
    options = {"siblings-only": True}

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        siblings = bool(self.opts["siblings-only"])
        # level -> {text: first heading}; with siblings-only, a heading forgets the
        # headings of every deeper level (they had another parent)
        seen: dict[int, dict[str, Heading]] = {}
        for heading in headings(doc):
            text = _BLANKS.sub(" ", heading.text(doc)).strip()
            if not text:
                continue  # HD001's business
            level = heading.level if siblings else 0
            if siblings:
                for deeper in [lvl for lvl in seen if lvl > level]:
                    del seen[deeper]
            known = seen.setdefault(level, {})
            first = known.get(text)
            if first is None:
                known[text] = heading
                continue
            line, column = doc.source.position(first.start)
            yield Diagnostic(
                f"duplicate heading '{text}' (first on line {line})",
                heading.start,
                doc.source.line_span(heading.line)[1],
                related=[Related(ctx.path, line, column, "first heading with this text")],
            )
