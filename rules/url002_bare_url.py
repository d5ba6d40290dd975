"""URL002 bare-url: a URL written as plain text instead of a link (markdownlint MD034).

## What it does
Reports URLs that appear as bare text (recognised by mistune's `url` plugin), outside
code spans, code blocks and HTML.

## Why is this bad?
Not every Markdown renderer turns bare URLs into links (CommonMark does not), so the
same post may show a dead string on one site and a link on another. `<https://…>`
is a link everywhere.

## Example
```markdown
See https://pytorch.org/ for details.
```
becomes
```markdown
See <https://pytorch.org/> for details.
```

## Fix safety
Safe: the autolink points at exactly the same URL. Not offered when the URL contains
`<` or `>`, which an autolink cannot hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parse import Document


class BareUrl(FileRule):
    code = "URL002"
    name = "bare-url"
    aliases = ("MD034", "no-bare-urls")
    summary = "A bare URL that should be an autolink <…>"
    fixable = "sometimes"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        for link in doc.links:
            if link.kind != "bare" or link.url_start is None or link.url_end is None:
                continue
            fix = None
            if "<" not in link.url and ">" not in link.url:
                fix = Fix.safe(Edit.insert(link.url_start, "<"), Edit.insert(link.url_end, ">"))
            yield Diagnostic(
                f"bare URL {link.url}; write it as <{link.url}>", link.url_start, link.url_end, fix=fix
            )
