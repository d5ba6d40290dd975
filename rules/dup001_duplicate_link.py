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
from dataclasses import replace
from typing import Any

from mdtidy.entries import (
    Entry,
    carries_text,
    emptied_heading,
    entry_for,
    keeps_structure,
    label_text,
    merge,
    moved_text,
    orphaned_label,
    removal,
)
from mdtidy.model import Diagnostic, Edit, FileRule, Fix, Related
from mdtidy.parse import Document, Link
from mdtidy.urls import UrlPolicy, url_key


class DuplicateLink(FileRule):
    code = "DUP001"
    name = "duplicate-link"
    summary = "The same URL is linked more than once in one post"
    fixable = "sometimes"
    changes_html = "removes the duplicate entry (its list item or URL and caption paragraphs)"

    def check(self, doc: Document, ctx: Any) -> Iterator[Diagnostic]:
        policy: UrlPolicy = ctx.config.url_policy
        first: dict[tuple[str, bool], Link] = {}
        found: list[tuple[Diagnostic, Edit | None]] = []
        for link in doc.links:
            if link.kind == "reference" or link.url_start is None or not link.url.strip():
                continue
            key = (url_key(link.url, policy), link.image)
            original = first.setdefault(key, link)
            if original is link:
                continue
            line, column = doc.source.position(original.url_start or original.start)
            fix, removed, note = self._fix(doc, link, original, policy)
            diag = Diagnostic(
                f"{link.url} is already linked at line {line}{note}",
                link.url_start,
                link.url_end or link.end,
                fix=fix,
                related=[Related(ctx.path, line, column, "first linked here")],
            )
            found.append((diag, removed))
        # removals that would together leave a heading with nothing under it: the last
        # one of the section is reported without a fix
        with_removal = [(d, e) for d, e in found if e is not None]
        for index, heading in emptied_heading(doc, [e for _d, e in with_removal]).items():
            diag = with_removal[index][0]
            diag.fix = None
            diag.message += (
                f"; not fixed: removing it would leave the heading at line {heading.start_line} empty"
            )
        for diag, _removed in found:
            yield diag

    def _fix(
        self, doc: Document, link: Link, original: Link, policy: UrlPolicy
    ) -> tuple[Fix | None, Edit | None, str]:
        """The fix for a later occurrence, the deletion it makes (for the empty-section
        check) and a note for the message when there is no fix worth explaining."""
        fix, deletion = None, None
        entry = entry_for(doc, link)
        if entry is None or not keeps_structure(doc, entry):
            return None, None, ""
        kept = entry_for(doc, original)
        label = orphaned_label(doc, entry)
        if label is not None:
            kept_label = orphaned_label(doc, kept) if kept is not None else None
            if kept_label is None or label_text(doc, kept_label) != label_text(doc, label):
                note = f"; not fixed: removing it would leave the label at line {label.start_line} empty"
                return None, None, note
            # the same label introduces the kept copy: it goes with the duplicate
            entry = replace(entry, start_line=label.start_line)
        fix, deletion = self._entry_fix(doc, entry, kept, policy)
        return fix, deletion, ""

    def _entry_fix(
        self, doc: Document, entry: Entry, kept: Entry | None, policy: UrlPolicy
    ) -> tuple[Fix | None, Edit | None]:
        deletion = removal(doc, entry)
        if kept is not None and kept.comparable(doc, policy) == entry.comparable(doc, policy):
            return Fix.safe(deletion, message="remove the duplicate entry"), deletion
        if kept is None:
            if entry.caption:
                return None, None
            return Fix.safe(deletion, message="remove the duplicate entry"), deletion
        moved = moved_text(doc, entry, kept)
        if moved is None:
            return None, None
        if not carries_text(moved):
            return Fix.safe(deletion, message="remove the duplicate entry"), deletion
        insertion = merge(doc, kept, moved)
        if insertion is None:
            return None, None
        return (
            Fix.unsafe(insertion, deletion, message="merge the duplicate entry's text into the first one"),
            deletion,
        )
