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
`<` or `>`, which an autolink cannot hold, nor where renderers disagree on where a bare
URL ends: mistune keeps a trailing `?`, `!`, `*`, `_` or `~` in the URL and stops before
a `)` that closes a `(` of the URL, while GitHub's autolinker does the opposite. There
`**see https://x.org/a**` would become `**see <https://x.org/a**>` (the bold is lost)
and `https://en.wikipedia.org/wiki/Foo_(bar)` would lose its `)`; the finding is
reported for the author to decide.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdtidy.model import Diagnostic, Edit, FileRule, Fix
from mdtidy.parsing.parse import Document, Link

#: trailing characters mistune keeps in a bare URL and GitHub's autolinker leaves out
_AMBIGUOUS_END = ("?", "!", "*", "_", "~")


def _ambiguous_end(doc: Document, link: Link) -> bool:
    """Whether renderers may disagree on where this bare URL ends."""
    url = link.url
    if url.endswith(_AMBIGUOUS_END):
        return True
    end = link.url_end if link.url_end is not None else len(doc.text)
    following = doc.text[end : end + 1]
    return following == ")" and url.count("(") > url.count(")")


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
            message = f"bare URL {link.url}; write it as <{link.url}>"
            if _ambiguous_end(doc, link):
                message = f"bare URL {link.url}; make it an autolink <…> (renderers disagree where it ends)"
            elif "<" not in link.url and ">" not in link.url:
                fix = Fix.safe(Edit.insert(link.url_start, "<"), Edit.insert(link.url_end, ">"))
            yield Diagnostic(message, link.url_start, link.url_end, fix=fix)
