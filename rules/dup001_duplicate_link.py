"""DUP001 duplicate-link: the same URL linked more than once in one post.

## What it does
Finds every link target that already appeared earlier in the same file: inline links,
autolinks, bare URLs and reference definitions all count (images only against images;
a reference `[text][label]` is one use of its definition, not a new link). URLs are
compared after light normalisation: `http`/`https`, host case, default port and a
trailing slash do not make two links different. Each later occurrence is reported, with
`related` pointing at the first.

## Why is this bad?
Reference lists pasted together over years repeat the same link. The second copy adds
nothing for the reader and makes the list longer and harder to maintain.

## Example
```markdown
https://www.zhihu.com/question/274635237

Pytorch有什么节省内存（显存）的小技巧？

https://www.zhihu.com/question/274635237

Pytorch有什么节省内存（显存）的小技巧？
```
The second URL and its caption are removed; the first copy stays.

## Fix safety
Safe, and only offered when the later occurrence stands alone as an *entry*: a list item
that is just the link plus its caption, or a top-level paragraph that is just the URL
together with the caption paragraph right after it. The whole entry goes, with one
neighbouring blank line. The fix is only offered when nothing is lost: the later entry's
text (caption included) must equal the first occurrence's entry after whitespace
normalisation, or the later entry must have no text besides the URL. The first item of
an ordered list is kept when the next item's number could not start the list in its
place (`2.` cannot interrupt the text line above it). A duplicate inside
running prose, a table, a heading or a reference definition is reported but not fixed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.entries import entry_for, keeps_structure, removal
from mdtidy.model import Diagnostic, FileRule, Fix, Related
from mdtidy.parse import Document, Link
from mdtidy.urls import url_key


class DuplicateLink(FileRule):
    code = "DUP001"
    name = "duplicate-link"
    summary = "The same URL is linked more than once in one post"
    fixable = "sometimes"
    changes_html = "removes the duplicate entry (its list item or URL and caption paragraphs)"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        first: dict[tuple[str, bool], Link] = {}
        for link in doc.links:
            if link.kind == "reference" or link.url_start is None or not link.url.strip():
                continue
            key = (url_key(link.url, ctx.config.url_policy), link.image)
            original = first.setdefault(key, link)
            if original is link:
                continue
            line, column = doc.source.position(original.url_start or original.start)
            yield Diagnostic(
                f"{link.url} is already linked at line {line}",
                link.url_start,
                link.url_end or link.end,
                fix=self._fix(doc, link, original),
                related=[Related(ctx.path, line, column, "first linked here")],
            )

    def _fix(self, doc: Document, link: Link, original: Link) -> Fix | None:
        entry = entry_for(doc, link)
        if entry is None or not keeps_structure(doc, entry):
            return None
        if entry.caption:
            kept = entry_for(doc, original)
            if kept is None or kept.comparable(doc) != entry.comparable(doc):
                return None
        return Fix.safe(removal(doc, entry), message="remove the duplicate entry")
