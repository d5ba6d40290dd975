"""LK002 space-in-link-text: spaces just inside the brackets of a link, `[ text ](url)` (markdownlint MD039).

## What it does
Reports spaces or tabs right after the `[` or right before the `]` of a link's text:
inline links and full, collapsed and shortcut reference links. Images are not checked
(as in markdownlint), nor links whose text is only white space.

## Why is this bad?
Both mistune and cmark-gfm keep the spaces in the link, so the underline runs past the
words: `see [ the docs ](u)` renders as `see <a href="u"> the docs </a>`.

## Example
```markdown
See [ the docs ](https://example.com/docs).
```
becomes
```markdown
See [the docs](https://example.com/docs).
```

## Fix safety
Safe, and the fix changes the page on purpose: the spaces leave the link text. The
words and the target stay the same. Where the character outside the link on that side
is a letter or digit (`a[ b ](u)c`), the space is moved outside the brackets instead of
deleted (`a [b](u) c`), so words never run together. For shortcut and collapsed
references the text is also the label; labels are compared without their outer spaces,
so the link still finds its definition.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.kit.inlinetext import link_text_span
from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document

_BLANK = " \t"


class SpaceInLinkText(FileRule):
    code = "LK002"
    name = "space-in-link-text"
    aliases = ("MD039", "no-space-in-links")
    summary = "Spaces inside the brackets of a link's text"
    fixable = "always"
    changes_html = "removes the spaces at the edges of link text"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        text = doc.text
        for link in doc.links:
            if link.image or link.kind not in ("inline", "reference"):
                continue
            span = link_text_span(doc, link)
            if span is None:
                continue
            s, e = span
            inner = text[s:e]
            if not inner.strip():
                continue
            lead = len(inner) - len(inner.lstrip(_BLANK))
            trail = len(inner) - len(inner.rstrip(_BLANK))
            if not lead and not trail:
                continue
            edits = []
            if lead:
                edits.append(Edit.delete(s, s + lead))
                if link.start > 0 and text[link.start - 1].isalnum():
                    edits.append(Edit.insert(link.start, " "))
            if trail:
                edits.append(Edit.delete(e - trail, e))
                if link.end < len(text) and text[link.end].isalnum():
                    edits.append(Edit.insert(link.end, " "))
            where = " and ".join(w for w, n in (("leading", lead), ("trailing", trail)) if n)
            start, end = (s, s + lead) if lead else (e - trail, e)
            yield Diagnostic(
                f"{where} space inside link text",
                start,
                end,
                fix=Fix.safe(*edits, message="remove the spaces"),
            )
